"""Open data exports (the public contract documented on the « Données ouvertes » page)."""
