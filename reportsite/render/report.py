"""One report, ready for its page: chapters, slots and footnotes as HTML.

This is where an inspection's Markdown is rendered (once; the result is
cached by the caller) and its structured facts are prepared for the slot
templates. Everything else that shows a report's text (standard pages'
excerpts, search) takes it from the :class:`ReportView`, never by rendering
again.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..extensions.footnotes import Citation, display_number
from ..extensions.headings import Heading
from ..glossary.page import PageTerms, TermMarkup
from ..glossary.terms import Wording, wording
from ..model.framework import Framework
from ..model.inspection import Inspection
from ..model.narrative import Chapter, MarkdownText, Slot
from ..model.site import Definition, GlossaryEntry, Report, Site
from ..slots import SLOTS
from .markdown import MarkdownRenderer

TAGS = re.compile(r"<[^>]+>")
#: A chapter's title is a level-2 heading on the report's page.
CHAPTER_LEVEL = 2
#: A chapter title in [square brackets], as an editor marks words of their own: the
#: report prints the chapter without a title, and the site gives it one.
SITE_TITLE = re.compile(r"\[(.+)\]")


#: Elements that end a run of text: between them a space, never inside a word.
BLOCK = re.compile(r"</?(?:p|div|li|ul|ol|h[1-6]|blockquote|table|tr|td|th|caption|dl|dt|dd)\b[^>]*>"
                   r"|<br\s*/?>")
#: What the text leaves out: footnote markers.
LEFT_OUT = re.compile(r'<sup class="footnote-ref">.*?</sup>')


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, without footnote markers: an inline element's tags go
    without a trace ('CRC's', not 'CRC 's')."""
    fragment = BLOCK.sub(" ", LEFT_OUT.sub("", fragment))
    return " ".join(html.unescape(TAGS.sub("", fragment)).split())


def excerpt(fragment: str, limit: int = 280) -> str:
    """The opening of a fragment, at most about ``limit`` characters: its first paragraphs,
    one a line (never run together), the last cut at a sentence's end if it can be."""
    paragraphs: list[str] = []
    room = limit
    for paragraph in _paragraphs(fragment):
        text = plain_text(paragraph)
        if not text:
            continue
        if len(text) > room:
            if not paragraphs or room > limit // 4:
                paragraphs.append(_cut(text, room))
            break
        paragraphs.append(text)
        room -= len(text) + 1  # and the break after it
    return "\n".join(paragraphs)


#: Where a paragraph, a list item, a heading or a quote ends.
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote)>")


def _paragraphs(fragment: str):
    """The fragment's blocks of text, read one at a time: the text after a standard runs
    to several pages, and an excerpt reads its opening."""
    start = 0
    for end in BLOCK_END.finditer(fragment):
        yield fragment[start:end.end()]
        start = end.end()
    yield fragment[start:]


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    sentence_end = max(cut.rfind(". "), cut.rfind("? "))
    if sentence_end > limit // 2:
        return cut[:sentence_end + 1]
    return cut[:cut.rfind(" ")] + " …"


@dataclass
class SlotView:
    name: str
    args: tuple[str, ...]
    data: object
    anchor: str = ""
    #: The level of the headings it shows (a standard's in the results, an organisation's
    #: judgement): one below the heading before it, as the page's outline goes.
    level: int = 4


@dataclass
class Part:
    html: str = ""
    slot: SlotView | None = None
    #: A slot's texts from inspection.yaml, in the order the slot shows them.
    texts: list[Deferred] = field(default_factory=list)


@dataclass
class FootnoteView:
    label: str
    number: str
    html: str
    backlinks: list[str] = field(default_factory=list)


@dataclass
class ChapterView:
    slug: str
    title: str
    parts: list[Part]
    headings: list[Heading]
    footnotes: list[FootnoteView] = field(default_factory=list)
    #: The title is the site's: the report prints the chapter without one.
    site_title: bool = False


@dataclass
class ReportView:
    report: Report
    framework: Framework
    chapters: list[ChapterView]
    #: Standard id -> the opening of the report's section on it, for standard pages.
    excerpts: dict[str, str]
    #: The glossary terms linked on the page, in order, each with the wording of its
    #: definition there.
    terms: list[tuple[str, Wording]]
    #: Every footnote citation on the page, in order.
    citations: list[Citation]

    @property
    def inspection(self) -> Inspection:
        return self.report.inspection


def _number_order(note: FootnoteView) -> tuple:
    """'9' before '10'; a second '1' (label '1-2') after the first."""
    number = int(note.number) if note.number.isdigit() else float("inf")
    return (number, note.label)


class Deferred:
    """HTML of a text of inspection.yaml, filled in once the report's texts are rendered.

    A report has a hundred or more short texts (findings, strengths, key facts);
    rendering them in one Markdown conversion instead of one each is most of
    the cost of a report saved.
    """

    __slots__ = ("text", "html", "citations", "defines")

    def __init__(self, text: str, defines: str | None = None):
        self.text, self.html, self.citations = text, "", ()
        self.defines = defines  # in a report's glossary: the slug of the term it defines

    def __html__(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


class ReportBuilder:
    """Builds :class:`ReportView` objects; one per process, reusing its Markdown converter."""

    def __init__(self, site: Site, renderer: MarkdownRenderer, terms: TermMarkup):
        self.site = site
        self.renderer = renderer
        self.terms = terms
        #: Glossary definitions as converted (terms marked, not yet resolved): a wording
        #: is shared by the reports that print it.
        self._definitions_done: dict[str, str] = {}
        self._wording_of: dict[int, Wording] = {}  # by id of a glossary definition
        self._printed: dict[str, Markup] = {}  # a term as an annex prints it, as HTML

    def build(self, report: Report) -> ReportView:
        framework = self.site.framework_of(report)
        inspection = report.inspection
        own = self.site.glossary.by_report.get(report.slug, [])
        definitions: dict[str, str] = dict(inspection.footnotes)
        definitions.update((label, mark.text) for label, mark in
                           report.narrative.footnote_definitions.items())
        self._inline: list[Deferred] = []
        self._blocks: list[Deferred] = []
        self._new_definitions: list[Deferred] = []
        chapters: list[ChapterView] = []
        sources: list[list] = []  # per chapter, what cites footnotes, in reading order
        excerpts: dict[str, str] = {}
        for chapter in report.narrative.chapters:
            view, cited = self._chapter(chapter, inspection, framework, definitions, excerpts)
            chapters.append(view)
            sources.append(cited)
        self._fill(self._inline, "t", inline=True)
        self._fill(self._blocks, "b", inline=False)
        self._definitions_done.update((d.text, d.html) for d in self._new_definitions)
        per_chapter = [[c for source in cited for c in source.citations] for cited in sources]
        all_citations = [c for group in per_chapter for c in group]
        backlinks: dict[str, list[str]] = {}
        for citation in all_citations:
            backlinks.setdefault(citation.label, []).append(citation.anchor)
        notes: list[tuple[ChapterView, Citation]] = []
        listed: set[str] = set()
        for view, citations in zip(chapters, per_chapter):
            for citation in citations:
                if citation.label not in listed:
                    listed.add(citation.label)
                    notes.append((view, citation))
        texts = self.renderer.render_parts([definitions.get(c.label, "") for _, c in notes], "fn",
                                           inline=True)
        for (view, citation), rendered in zip(notes, texts):
            view.footnotes.append(FootnoteView(citation.label, display_number(citation.label),
                                               rendered.html, backlinks[citation.label]))
        for view in chapters:  # listed in number order, as the report numbers them
            view.footnotes.sort(key=_number_order)
        terms = self._resolve_terms(chapters, {entry.slug: self._wording(entry, definition)
                                               for entry, definition in own})
        return ReportView(report, framework, chapters, excerpts, terms, all_citations)

    def _resolve_terms(self, chapters: list[ChapterView],
                       wordings: dict[str, Wording]) -> list[tuple[str, Wording]]:
        """Every text's uses of glossary terms as the page shows them, in reading order;
        the terms linked, each with the wording of its definition on the page."""
        page = PageTerms(self.terms, wordings)
        for view in chapters:
            for part in view.parts:
                if part.slot is None:
                    part.html = page.resolve(part.html)
                for item in part.texts:
                    item.html = page.resolve(item.html, item.defines)
            for note in view.footnotes:
                note.html = page.resolve(note.html)
        return list(page.described.items())

    def _fill(self, deferred: list[Deferred], prefix: str, inline: bool) -> None:
        for item, rendered in zip(deferred, self.renderer.render_parts(
                [d.text for d in deferred], prefix, inline=inline)):
            item.html, item.citations = rendered.html, rendered.citations

    # --- chapters --------------------------------------------------------------------

    def _chapter(self, chapter: Chapter, inspection: Inspection, framework: Framework,
                 definitions: dict[str, str], excerpts: dict[str, str]):
        parts: list[Part] = []
        cited: list = []
        headings: list[Heading] = []
        texts = [s.text for s in chapter.segments if isinstance(s, MarkdownText)]
        rendered_texts = iter(self.renderer.render_parts(texts, chapter.slug, taken=set()))
        after_standard: str | None = None
        for segment in chapter.segments:
            if isinstance(segment, MarkdownText):
                rendered = next(rendered_texts)
                parts.append(Part(html=rendered.html))
                cited.append(rendered)
                definitions.update(rendered.definitions)
                headings += rendered.headings
                if after_standard and after_standard not in excerpts:
                    excerpts[after_standard] = excerpt(rendered.html)
                after_standard = None
            else:
                self._cited: list = []
                view = self._slot(segment, inspection, framework)
                view.level = min((headings[-1].level if headings else CHAPTER_LEVEL) + 1, 6)
                parts.append(Part(slot=view, texts=self._cited))
                cited += self._cited
                if segment.name == "standard":
                    after_standard = segment.args[0]
                    headings.append(Heading(3, view.anchor, f"{view.data.rating.standard.id} "
                                                            f"{view.data.rating.standard.name}"))
        title = SITE_TITLE.fullmatch(chapter.title)
        return ChapterView(chapter.slug, title.group(1) if title else chapter.title, parts,
                           headings, site_title=bool(title)), cited

    # --- slots -----------------------------------------------------------------------

    # What a slot's view renders its texts with (see reportsite/slots.py).

    def text(self, text: str | None, block: bool = False, defines: str | None = None):
        """A text field of inspection.yaml, as HTML once the report's texts are rendered."""
        if not text:
            return ""
        item = Deferred(text, defines)
        (self._blocks if block else self._inline).append(item)
        self._cited.append(item)
        return item

    def _wording(self, entry: GlossaryEntry, definition: Definition) -> Wording:
        key = id(definition)
        if key not in self._wording_of:
            self._wording_of[key] = wording(entry, definition)
        return self._wording_of[key]

    def definition(self, text: str, defines: str):
        """A glossary definition in the report's glossary: shared by many reports, so
        converted once per process (footnotes apart: numbered in each report's order)."""
        if "[^" in text or text not in self._definitions_done:
            item = self.text(text, defines=defines)
            if "[^" not in text:
                self._new_definitions.append(item)
            return item
        item = Deferred(text, defines)
        item.html = self._definitions_done[text]
        self._cited.append(item)
        return item

    def term_as_printed(self, printed: str) -> Markup:
        """A term as the report's annex writes it, *italics* and all."""
        if printed not in self._printed:
            self._printed[printed] = Markup(
                self.renderer.inline(printed, mark_terms=False).html if "*" in printed
                else escape(printed))
        return self._printed[printed]

    def markers(self, labels: list[str]):
        """The footnote markers printed at a place, as HTML."""
        return self.text("".join(f"[^{label}]" for label in labels))

    def _slot(self, slot: Slot, inspection: Inspection, framework: Framework) -> SlotView:
        kind = SLOTS[slot.name]  # validation has refused any other name
        return SlotView(slot.name, slot.args, kind.view(self, slot.args, inspection, framework),
                        kind.anchor_of(slot.args))
