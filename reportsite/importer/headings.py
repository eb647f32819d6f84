"""Which lines are headings, and at what level.

A text export loses the heading styles, so a heading is told from its shape
(short, a title rather than a sentence) and its level from the report's own
structure, in this order:

1. numbering: '2.1' is a section of chapter '2.', 'Domain three:' a section of
   its annex, and unnumbered headings that follow a numbered one sit under it;
2. the contents list, which names each chapter's sections;
3. the framework: an outcome area is a section, the organisation judged under
   it a subsection (outcomes frameworks);
4. the levels a Markdown-like export marks (relative to the chapter's own);
5. otherwise a section, or a subsection of a heading with nothing but a
   heading under it (no heading is ever left empty); a heading that ends with a
   colon leads into a part of the section above it.
"""

from __future__ import annotations

import re

from ..model.framework import Framework
from .chapters import plain
from .facts import MONTH_YEAR
from .lines import MARKER

DOTTED = re.compile(r"(\d+(?:\.\d+)+|\d+(?=\.))\.?\s+\S")  # '2. ', '2.1 ', '2.1.3. '; not '2018 '
WORD_NUMBERED = re.compile(r"(Domain|Part|Section|Chapter|Stage)\s+(one|two|three|four|five|six|"
                           r"seven|eight|nine|ten|\d+)\b", re.IGNORECASE)
#: A title does not end on these: a line that does is a sentence cut short.
FUNCTION_WORDS = {"a", "an", "the", "of", "and", "or", "to", "in", "into", "with", "for", "by",
                  "at", "from", "on", "that", "which", "as", "is", "are", "was", "were", "be"}
#: A line with one of these is a sentence, whatever its length.
VERBS = {"is", "are", "was", "were", "has", "have", "had", "should", "must", "will", "would",
         "can", "could", "may", "does", "did"}
NOT_TITLES = re.compile(r"(Figure|Table|Source|Fieldwork|Service:|Overall rating|ISBN|<http|www\.)")


def looks_like_heading(text: str) -> bool:
    """Whether a one-line paragraph reads as a title rather than a sentence."""
    text = MARKER.sub("", text).replace("**", "").strip()
    words = text.split()
    if not text or len(text) > 90 or len(words) > 12 or text[0].islower():
        return False
    if NOT_TITLES.match(text) or text.startswith(("“", '"', "*", "(", "[", "‘")):
        return False
    if re.search(r"www\.|https?:|@|\.uk\b|\.com\b", text) or MONTH_YEAR.fullmatch(text):
        return False
    if words[-1].casefold() in FUNCTION_WORDS or re.fullmatch(r"[\d.,:%£ ]+", text):
        return False
    if VERBS.intersection(word.casefold() for word in words):
        return False  # 'All IOM nominals should be allocated to Red' is a sentence
    if text.endswith(":"):  # 'Allocation to Yellow :' is a title; 'In one case, we noted:' is not
        return any(word[0].isupper() for word in words[1:]) and "," not in text[:20]
    return not text.endswith((".", ",", ";", "?", "!", "”", '"', ")"))


class HeadingLevels:
    """The level of each heading of one chapter, in reading order (the chapter is level 1)."""

    def __init__(self, chapter_title: str, sections: list[str], framework: Framework):
        number = DOTTED.match(chapter_title)
        self.chapter_depth = number.group(1).count(".") + 1 if number else 0
        self.sections = {plain(section) for section in sections}
        self.areas = {plain(a.name): a.id for a in framework.outcome_areas}
        self.organisations = framework.organisations
        self.parent = 1  # the level unnumbered headings sit under
        self.last = 1  # the level of the last heading that does not end with a colon
        self.marked: list[tuple[int, int]] = []  # (level the export marks, level given)
        self.area: str | None = None  # the outcome area and organisation being read
        self.area_heading: str | None = None
        self.organisation: str | None = None
        self.organisation_level = 0

    def structural(self, text: str) -> bool:
        """Whether the report's structure makes ``text`` a heading, wherever it stands:
        numbered, a section the contents list names, an outcome area or organisation."""
        name = plain(text)
        return bool(DOTTED.match(text) and not re.fullmatch(r"[\d.]+", name) or
                    WORD_NUMBERED.match(text) or name in self.areas or name in self.sections or
                    self._organisation(name))

    def numbered(self, level: int) -> None:
        """A numbered part at ``level`` (a standard's heading slot) opens here."""
        self.parent = level
        self.organisation = None

    def level(self, text: str, marked: int = 0, has_subheading: bool = False) -> int:
        """The level of the heading ``text``; ``marked``: the level the export gives it."""
        name = plain(text)
        dotted = DOTTED.match(text)
        organisation = self._organisation(name)
        if dotted and not re.fullmatch(r"[\d.]+", name):
            level, parent = max(2, dotted.group(1).count(".") + 1 - self.chapter_depth + 1), True
        elif WORD_NUMBERED.match(text):
            level, parent = 2, True
        elif name in self.areas:
            level, parent = 2, True
            self.area, self.area_heading, self.organisation = self.areas[name], text, None
        elif organisation and (self.area or self.parent > 1 or self.organisation):
            level = self.organisation_level if self.organisation else self.parent + 1
            parent, self.organisation, self.organisation_level = True, organisation, level
        elif name in self.sections:
            level, parent = 2, True
            self.area = self.organisation = None
        elif marked:
            level, parent = self._marked(marked), has_subheading
        elif text.rstrip("* ").endswith(":"):  # 'Allocation to Yellow :' leads into its part
            level, parent = self.last + 1, False
        else:
            level, parent = self.parent + 1, has_subheading
        if marked:
            while self.marked and self.marked[-1][0] >= marked:
                self.marked.pop()
            self.marked.append((marked, level))
        if parent:
            self.parent = level
        elif level <= self.organisation_level:
            self.organisation = None
        if not text.rstrip("* ").endswith(":"):
            self.last = level
        return min(level, 6)

    def _marked(self, marked: int) -> int:
        """A level the export marks, relative to the headings marked above it."""
        above = [given for level, given in self.marked if level < marked]
        return above[-1] + 1 if above else 2

    def _organisation(self, name: str) -> str | None:
        """'CRC effectiveness', or 'The CRC': whose work the framework judges."""
        words = set(re.sub(r"^the ", "", name).split())
        for organisation in self.organisations:
            full = plain(organisation.name)
            if name == full or (words and words <= set(full.split()) and len(words) < 3):
                return organisation.id
        return None
