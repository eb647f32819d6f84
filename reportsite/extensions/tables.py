"""Accessible tables for Python-Markdown.

Markdown tables have no caption and no header scope. This gives every table
a caption (the report's own 'Table 1.2 ...' line when one sits beside it,
otherwise the heading of the section it is in, for screen readers only),
``scope`` on header cells, and a scrolling wrapper for narrow screens that
keyboard users can scroll too. A Markdown table must have a header row; one
the report prints without is written with an empty header row, left out here.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

CAPTION = re.compile(r"Table\s+\d+(\.\d+)*\.?\s", re.IGNORECASE)
HEADINGS = {f"h{n}" for n in range(1, 7)}
#: What a table or a heading may be inside (never emphasis, a link or other inline
#: markup, however deeply nested: the walk does not go there).
CONTAINERS = {"blockquote", "ul", "ol", "li", "div"}


class AccessibleTablesExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"fallback": ["Table", "Caption when nothing better is known."]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        md.registerExtension(self)
        # After headings got their final text (8), before the glossary links terms (7)
        # so that a caption taken from a paragraph is still plain text.
        md.treeprocessors.register(TablesTreeprocessor(md, self), "accessible-tables", 7.5)


class TablesTreeprocessor(Treeprocessor):
    def __init__(self, md, extension: AccessibleTablesExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        self._visit(root, self.extension.getConfig("fallback"))

    def _visit(self, parent: etree.Element, context: str) -> str:
        children = list(parent)
        for index, child in enumerate(children):
            if child.tag in HEADINGS:
                context = "".join(child.itertext()).strip() or context
            elif child.tag == "table":
                self._caption(parent, child, children, index, context)
            elif len(child) and child.tag in CONTAINERS:
                context = self._visit(child, context)
        return context

    def _caption(self, parent, table, children, index, context) -> None:
        caption = etree.Element("caption")
        beside = [children[i] for i in (index + 1, index - 1) if 0 <= i < len(children)]
        printed = next((p for p in beside if p.tag == "p" and not len(p)
                        and CAPTION.match(p.text or "")), None)
        if printed is not None:
            caption.text = printed.text
            parent.remove(printed)
        else:
            caption.set("class", "visually-hidden")
            caption.text = context
        table.insert(0, caption)
        for head in table.findall("thead"):
            if not "".join(head.itertext()).strip() and not any(len(cell) for cell in head.iter("th")):
                table.remove(head)  # a table the report prints without a header row
        for cell in list(table.iter("th")):
            if len(cell) or (cell.text or "").strip():
                cell.set("scope", "col")
            else:  # a header cell the report leaves blank heads nothing: a plain cell
                cell.tag = "td"
        wrapper = etree.Element("div", {"class": "table-wrap", "role": "region",
                                        "aria-label": caption.text or "Table", "tabindex": "0"})
        position = list(parent).index(table)
        parent.remove(table)
        wrapper.append(table)
        wrapper.tail, table.tail = table.tail, None
        parent.insert(position, wrapper)
