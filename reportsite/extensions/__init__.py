"""Python-Markdown extensions for report narratives.

Each is a proper extension (config dict, named priorities, ``reset()``), so
they compose with Python-Markdown's own and can be reused elsewhere.
"""
