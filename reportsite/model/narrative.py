"""The narrative of a report: its chapters and annexes, as Markdown.

Each chapter is one Markdown file named ``NN-slug.md`` (the number orders
them) that opens with ``# Title``. Structured parts kept in inspection.yaml
are placed in the flow by a *slot* line such as ``::: recommendations`` or
``::: standard 2.1``; so the chapter reads in the report's order while the
figures stay in one place. A chapter is therefore a list of segments:
Markdown text and slots.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field

from ..diagnostics import Position

#: The image files a chapter may show: a plain file name (no folder, no address) in
#: the inspection's folder, of a kind every browser shows.
IMAGE_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.(?:png|jpe?g|gif|svg|webp)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Slot:
    """A ``::: name args`` line: structured content rendered at this point."""

    name: str
    args: tuple[str, ...]
    where: Position

    @property
    def key(self) -> str:
        return " ".join((self.name,) + self.args)


@dataclass(frozen=True, slots=True)
class MarkdownText:
    """A run of Markdown between slots, with the lines it starts and ends on."""

    text: str
    first_line: int
    last_line: int = 0


@dataclass(frozen=True, slots=True)
class FootnoteMark:
    """A footnote reference (``[^17]``) or definition (``[^17]: text``) and where it is."""

    label: str
    where: Position
    text: str = ""


@dataclass(frozen=True, slots=True)
class Image:
    """An image shown in a chapter, ``![alt](file.png)``: a file in the inspection's folder."""

    src: str
    alt: str
    where: Position


@dataclass(frozen=True, slots=True)
class PracticeExample:
    """A good or poor practice example, written as a block quote."""

    kind: str  # "good" or "poor"
    opening: str
    headings: tuple[str, ...]
    where: Position


@dataclass(slots=True)
class Chapter:
    """One chapter or annex file."""

    file: str
    slug: str
    title: str
    segments: list[MarkdownText | Slot]
    footnote_refs: list[FootnoteMark] = field(default_factory=list)
    footnote_defs: list[FootnoteMark] = field(default_factory=list)
    glossary_links: list[FootnoteMark] = field(default_factory=list)
    practice_examples: list[PracticeExample] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    #: Of the file's text: tells whether it is still what was read (see ``Narrative.thinned``).
    checksum: int = 0
    #: Once thinned, where the segments were: for each, its first and last line (a
    #: slot: its line and 0). An array of numbers: 10,000 reports' worth stays small.
    cuts: array = field(default_factory=lambda: array("I"))

    @property
    def slots(self) -> list[Slot]:
        return [s for s in self.segments if isinstance(s, Slot)]


@dataclass(slots=True)
class Narrative:
    """All chapters of one report, in reading order."""

    chapters: list[Chapter] = field(default_factory=list)
    #: The Markdown texts were let go after checking (a large one-off build) and are
    #: read again from the files when the report is rendered.
    thin: bool = False

    def thinned(self) -> Narrative:
        """Only which chapters there are and where their slots fall: once checked, a
        narrative is needed again only to render its report, which reads the files
        again and cuts them where they were cut before (see ``thin``)."""
        return Narrative([Chapter(c.file, c.slug, c.title, [], images=c.images, checksum=c.checksum,
                                  cuts=array("I", [line for s in c.segments for line in (
                                      (s.first_line, s.last_line) if isinstance(s, MarkdownText)
                                      else (s.where.line, 0))]))
                          for c in self.chapters], thin=True)

    @property
    def slots(self) -> list[Slot]:
        return [slot for chapter in self.chapters for slot in chapter.slots]

    @property
    def images(self) -> list[Image]:
        """Every image its chapters show (kept when the narrative is thinned: the files
        are copied beside the report's page)."""
        return [image for chapter in self.chapters for image in chapter.images]

    @property
    def footnote_definitions(self) -> dict[str, FootnoteMark]:
        return {d.label: d for chapter in self.chapters for d in chapter.footnote_defs}
