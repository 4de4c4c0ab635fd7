"""The bundled offline demo: a replica of sjfzxm.com's English edition, served on 127.0.0.1."""
