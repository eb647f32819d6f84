"""Load: content files into data with source positions."""
