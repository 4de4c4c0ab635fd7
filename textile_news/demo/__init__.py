"""The bundled offline demo: a replica of sjfzxm.com (English and Chinese editions) and a
generated site of any size, served on 127.0.0.1.

May import: ``crawl`` and everything below; not its siblings ``tools``, ``analysis``,
``distributed``, nor ``cli``.
"""
