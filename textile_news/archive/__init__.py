"""The archive: the only SQL of the project (connect, migrate, write, read, runs,
captures, filters). Imports text and items, never Scrapy."""
