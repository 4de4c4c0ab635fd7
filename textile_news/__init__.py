"""textile_news: crawl textile and clothing trade news into a SQLite archive."""

__version__ = "0.1.0"
