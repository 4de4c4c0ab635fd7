"""``python -m textile_news``: the same as the ``textile-news`` command."""

from textile_news.cli import cli

# guarded: a crawl's worker processes (spawned, `crawl --jobs`) import this module again
if __name__ == "__main__":
    cli(prog_name="textile-news")
