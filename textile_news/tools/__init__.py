"""One page or stored pages -> items: extract, check-site, reextract."""
