"""Chapter headings in the page's outline, for Python-Markdown.

A chapter file's ``##`` sections sit under the chapter's own heading on the
report page, so heading levels move down by ``offset``. Each heading gets an
id made from the chapter's prefix and its text, unique on the page even when
two sections share a name (every outcome area has a 'CRC effectiveness').
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from ..model.site import slugify

HEADINGS = {f"h{n}" for n in range(1, 7)}


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    text: str


class HeadingsExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "offset": [1, "How many levels to move headings down."],
            "prefix": ["", "Put before every id, e.g. the chapter's slug."],
        }
        super().__init__(**kwargs)
        self.headings: list[Heading] = []
        self.taken = set()

    @property
    def taken(self) -> set[str]:
        """Ids already used on the page; shared by all chapters rendered for it."""
        return self._taken

    @taken.setter
    def taken(self, ids: set[str]) -> None:
        self._taken = ids
        #: The number each base was last given ('base-3'): every one below is taken, and
        #: is not tried again (a chapter of thousands of 'Strengths' was quadratic).
        self._last_number: dict[str, int] = {}

    def reset(self) -> None:
        self.headings = []

    def extendMarkdown(self, md) -> None:
        md.registerExtension(self)
        # Before the glossary (7): it must see the final heading levels.
        md.treeprocessors.register(HeadingsTreeprocessor(md, self), "report-headings", 8)

    def unique(self, base: str) -> str:
        number = self._last_number.get(base, 1)
        anchor = base if number == 1 else f"{base}-{number}"
        while anchor in self._taken:
            number += 1
            anchor = f"{base}-{number}"
        self._last_number[base] = number
        self._taken.add(anchor)
        return anchor


class HeadingsTreeprocessor(Treeprocessor):
    def __init__(self, md, extension: HeadingsExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        offset = self.extension.getConfig("offset")
        prefix = self.extension.getConfig("prefix")
        for element in root.iter():
            if element.tag not in HEADINGS:
                continue
            level = min(int(element.tag[1]) + offset, 6)
            element.tag = f"h{level}"
            text = "".join(element.itertext()).strip()
            anchor = self.extension.unique("-".join(p for p in (prefix, slugify(text)) if p))
            element.set("id", anchor)
            self.extension.headings.append(Heading(level, anchor, text))
