"""The project's own Scrapy commands (``COMMANDS_MODULE``): ``scrapy crawl`` with the exit
codes of ``textile-news crawl`` where they apply."""
