"""``python -m textile_news``: the same as the ``textile-news`` command."""

from textile_news.cli import cli

cli(prog_name="textile-news")
