"""One page or stored pages -> items, as a crawl would make them: ``extract`` (the
one-page API), ``checksite``, ``reextract``.

May import: ``crawl`` and everything below; not its siblings ``analysis``,
``distributed``, ``demo``, nor ``cli``.
"""
