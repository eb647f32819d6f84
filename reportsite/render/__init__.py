"""Render: the model into HTML pages and data files."""
