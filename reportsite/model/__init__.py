"""Model: the typed objects the site is built from."""
