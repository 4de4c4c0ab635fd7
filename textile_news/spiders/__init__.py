"""Spiders: one per site, finding pages and handing them to page objects."""
