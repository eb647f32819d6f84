"""How a use of a glossary term is marked in converted HTML until its page is put together.

The Markdown of a report is converted a text at a time (and kept, and shared between
reports that print the same definition), but whether a use is a term's first on the
page is known only once the whole page is in reading order. So conversion leaves a
mark, ``<x-term s="rosh">RoSH</x-term>``, which the page replaces (see :mod:`.page`).
No text can hold such an element: marks are made after the sanitiser has removed
every element it does not allow.

Editors link a term explicitly with ``[RoSH](glossary:rosh)``: the sanitiser lets the
``glossary:`` address through, and the link is marked like a use, ``e`` for explicit.
"""

from __future__ import annotations

import re

#: The address scheme of an explicit link to a glossary entry.
SCHEME = "glossary"
#: An explicit link in Markdown, ``[text](glossary:slug)``: its slug (checked by validation).
SOURCE_LINK = re.compile(r"\]\(glossary:([^)\s]*)\)")
#: An explicit link as the sanitiser writes it: its slug and its text (HTML).
HTML_LINK = re.compile(r'<a href="glossary:([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
#: A marked use: whether it is explicit, the term's slug and the text shown (HTML).
MARK = re.compile(r'<x-term( e)? s="([^"]*)">(.*?)</x-term>', re.DOTALL)


def mark(slug: str, shown: str, explicit: bool = False) -> str:
    return f'<x-term{" e" if explicit else ""} s="{slug}">{shown}</x-term>'
