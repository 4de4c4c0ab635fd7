"""Benchmarks of the textile_news crawler (run from the repository root)."""
