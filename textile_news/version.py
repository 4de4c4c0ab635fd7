"""The project's version, in a module of its own: the package's ``__init__`` loads the
one-page API on demand, and what only wants the version (the User-Agent, WARC headers) must
not depend on that."""

__version__ = "0.1.0"
