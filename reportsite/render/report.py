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

from ..extensions.footnotes import Citation, display_number
from ..extensions.glossary import Term
from ..extensions.headings import Heading
from ..model.framework import Framework, KeyQuestion, RatingLevel, Standard
from ..model.inspection import Inspection
from ..model.narrative import Chapter, MarkdownText, Slot
from ..model.site import Report, Site
from .markdown import MarkdownRenderer, Rendered

TAGS = re.compile(r"<[^>]+>")


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, without the screen-reader-only and tooltip extras."""
    fragment = re.sub(r'<span class="visually-hidden">.*?</span>', "", fragment)
    fragment = re.sub(r'<span aria-hidden="true" class="term-tip">.*?</span>', "", fragment)
    fragment = re.sub(r'<sup class="footnote-ref">.*?</sup>', "", fragment)
    return " ".join(html.unescape(TAGS.sub(" ", fragment)).split())


def excerpt(fragment: str, limit: int = 280) -> str:
    """The opening sentences of a fragment, at most about ``limit`` characters."""
    text = plain_text(fragment)
    if len(text) <= limit:
        return text
    cut = text[:limit]
    sentence_end = max(cut.rfind(". "), cut.rfind("? "))
    if sentence_end > limit // 2:
        return cut[:sentence_end + 1]
    return cut[:cut.rfind(" ")] + " …"


def glossary_terms(site: Site) -> list[Term]:
    """The glossary as the Markdown extension finds it in narrative text."""
    terms = []
    for entry in site.glossary.terms:
        first = entry.definitions[0].text if entry.definitions else ""
        sentence = re.split(r"(?<=[.:;])\s", first.replace("*", ""), maxsplit=1)[0]
        tip = entry.expansion or (sentence if len(sentence) <= 160 else sentence[:157] + "…")
        terms.append(Term(entry.slug, (entry.term.replace("*", ""), *entry.aliases),
                          entry.expansion, tip))
    return terms


# --- what the slot templates get ------------------------------------------------------

@dataclass
class RatingView:
    standard: Standard
    level: RatingLevel
    footnotes: str = ""  # HTML of the footnote markers printed beside it
    anchor: str = ""


@dataclass
class FigureView:
    question: KeyQuestion
    percent: int | None  # None: a draft has not entered the figure yet
    band: RatingLevel | None
    footnotes: str = ""


def figure_view(question: KeyQuestion, inspection: Inspection, framework: Framework,
                footnotes: str = "") -> FigureView:
    figure = inspection.figure_of(question.id)
    if figure is None:
        return FigureView(question, None, None)
    return FigureView(question, figure.percent, framework.band(figure.percent), footnotes)


@dataclass
class StandardView:
    rating: RatingView
    figures: list[FigureView]
    rule_band: RatingLevel | None  # the band the lowest-band rule gives, where it differs
    explanation: str = ""  # HTML: why the published rating differs, from the report


@dataclass
class SlotView:
    name: str
    args: tuple[str, ...]
    data: object
    anchor: str = ""


@dataclass
class Part:
    html: str = ""
    slot: SlotView | None = None


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


@dataclass
class ReportView:
    report: Report
    framework: Framework
    chapters: list[ChapterView]
    #: Standard id -> the opening of the report's section on it, for standard pages.
    excerpts: dict[str, str]
    #: Slugs of glossary terms linked somewhere in the narrative.
    terms_linked: set[str]
    #: Every footnote citation on the page, in order.
    citations: list[Citation]

    @property
    def inspection(self) -> Inspection:
        return self.report.inspection


class ReportBuilder:
    """Builds :class:`ReportView` objects; one per process, reusing its Markdown converter."""

    def __init__(self, site: Site, renderer: MarkdownRenderer):
        self.site = site
        self.renderer = renderer

    def build(self, report: Report) -> ReportView:
        framework = self.site.framework_of(report)
        inspection = report.inspection
        definitions: dict[str, str] = dict(inspection.footnotes)
        definitions.update((label, mark.text) for label, mark in
                           report.narrative.footnote_definitions.items())
        self._definitions = definitions
        chapters: list[ChapterView] = []
        per_chapter: list[list[Citation]] = []
        excerpts: dict[str, str] = {}
        terms: set[str] = set()
        for chapter in report.narrative.chapters:
            view, citations = self._chapter(chapter, inspection, framework, definitions, excerpts)
            for part in view.parts:
                terms.update(re.findall(r'class="term" href="[^"#]*#([^"]+)"', part.html))
            chapters.append(view)
            per_chapter.append(citations)
        all_citations = [c for group in per_chapter for c in group]
        listed: set[str] = set()
        for view, citations in zip(chapters, per_chapter):
            for citation in citations:
                if citation.label in listed:
                    continue
                listed.add(citation.label)
                text = definitions.get(citation.label, "")
                rendered = self.renderer.inline(text, f"fn-{citation.label}")
                backlinks = [c.anchor for c in all_citations if c.label == citation.label]
                view.footnotes.append(FootnoteView(citation.label, display_number(citation.label),
                                                   rendered.html, backlinks))
        return ReportView(report, framework, chapters, excerpts, terms, all_citations)

    # --- chapters --------------------------------------------------------------------

    def _chapter(self, chapter: Chapter, inspection: Inspection, framework: Framework,
                 definitions: dict[str, str], excerpts: dict[str, str]):
        parts: list[Part] = []
        citations: list[Citation] = []
        headings: list[Heading] = []
        taken: set[str] = set()
        after_standard: str | None = None
        for segment in chapter.segments:
            if isinstance(segment, MarkdownText):
                rendered = self.renderer.render(segment.text, chapter.slug, taken=taken)
                parts.append(Part(html=rendered.html))
                citations += rendered.citations
                definitions.update(rendered.definitions)
                headings += rendered.headings
                if after_standard and after_standard not in excerpts:
                    excerpts[after_standard] = excerpt(rendered.html)
                after_standard = None
            else:
                view, found = self._slot(segment, inspection, framework)
                parts.append(Part(slot=view))
                citations += found
                if segment.name == "standard":
                    after_standard = segment.args[0]
                    headings.append(Heading(3, view.anchor, f"{view.data.rating.standard.id} "
                                                            f"{view.data.rating.standard.name}"))
        return ChapterView(chapter.slug, chapter.title, parts, headings), citations

    # --- slots -----------------------------------------------------------------------

    def _text(self, text: str | None, key: str, citations: list[Citation],
              block: bool = False) -> str:
        """A text field of inspection.yaml as HTML; its citations are collected."""
        if not text:
            return ""
        rendered: Rendered = (self.renderer.render if block else self.renderer.inline)(text, key)
        citations.extend(rendered.citations)
        return rendered.html

    def _markers(self, labels: list[str], key: str, citations: list[Citation]) -> str:
        return self._text("".join(f"[^{label}]" for label in labels), key, citations)

    def _slot(self, slot: Slot, inspection: Inspection, framework: Framework):
        citations: list[Citation] = []
        name, args = slot.name, slot.args
        key = "-".join((name,) + args).replace(".", "-")
        data: object
        anchor = {"ratings": "ratings-table", "recommendations": "recommendation-list",
                  "key-facts": "key-fact-list", "glossary": "glossary-list"}.get(key, key)
        if name == "ratings":
            data = [(domain, [self._rating(s, inspection, framework, f"{key}-{s.slug}", citations)
                              for s in domain.standards]) for domain in framework.domains]
        elif name == "standard":
            data = self._standard(framework.standards[args[0]], inspection, framework, key, citations)
        elif name == "results":
            domain = next(d for d in framework.domains if d.id == args[0])
            data = (domain, [self._standard(s, inspection, framework, f"{key}-{s.slug}", citations)
                             for s in domain.standards if s.key_questions])
        elif name == "recommendations":
            data = [(group.by, [(item.number, self._text(item.text, f"{key}-{item.number}", citations))
                                for item in group.items]) for group in inspection.recommendations]
        elif name == "key-facts":
            data = [(fact.figure, self._text(fact.text, f"{key}-{n}", citations))
                    for n, fact in enumerate(inspection.key_facts, start=1)]
        elif name == "key-findings":
            domain_id = args[0].split(".")[0]
            findings = inspection.domains[domain_id].key_findings
            data = [(self._text(f.summary, f"{key}-{n}", citations),
                     self._text(f.detail, f"{key}-{n}-detail", citations, block=True))
                    for n, f in enumerate(findings, start=1)
                    if (f.standard or domain_id) == args[0]]
        elif name in ("strengths", "areas-for-improvement"):
            domain = inspection.domains[args[0]]
            items = domain.strengths if name == "strengths" else domain.areas_for_improvement
            data = [self._text(item, f"{key}-{n}", citations) for n, item in enumerate(items, 1)]
        elif name == "glossary":
            data = [(entry, next(d for d in entry.definitions if inspection.slug in d.reports))
                    for entry in self.site.glossary.terms
                    if any(inspection.slug in d.reports for d in entry.definitions)]
            data = [(entry, self._text(d.text, "", citations, block=False)) for entry, d in data]
        elif name == "judgements":
            area = next(a for a in framework.outcome_areas if a.id == args[0])
            judgements = inspection.outcomes[args[0]]
            data = (area, [(organisation, judgements[organisation.id].judgement,
                            self._text(judgements[organisation.id].summary,
                                       f"{key}-{organisation.id}", citations, block=True))
                           for organisation in framework.organisations
                           if organisation.id in judgements])
            anchor = f"outcome-{args[0]}"
        elif name == "enablers-barriers":
            area = next(a for a in framework.outcome_areas if a.id == args[0])
            organisation = next(o for o in framework.organisations if o.id == args[1])
            judgement = inspection.outcomes[args[0]][args[1]]
            data = (area, organisation,
                    [self._text(t, f"{key}-e{n}", citations) for n, t in enumerate(judgement.enablers, 1)],
                    [self._text(t, f"{key}-b{n}", citations) for n, t in enumerate(judgement.barriers, 1)])
        else:  # validation has refused any other name
            raise ValueError(f"unknown slot {name}")
        return SlotView(name, args, data, anchor), citations

    def _rating(self, standard: Standard, inspection: Inspection, framework: Framework,
                key: str, citations: list[Citation]) -> RatingView:
        detail = inspection.rating_of(standard.id)
        return RatingView(standard, framework.rating(detail.rating),
                          self._markers(detail.footnotes, key, citations),
                          f"standard-{standard.slug}")

    def _standard(self, standard: Standard, inspection: Inspection, framework: Framework,
                  key: str, citations: list[Citation]) -> StandardView:
        rating = self._rating(standard, inspection, framework, key, citations)
        detail = inspection.rating_of(standard.id)
        figures = []
        for question in standard.key_questions:
            figure = inspection.figure_of(question.id)
            markers = self._markers(figure.footnotes, f"{key}-{question.id}", citations) \
                if figure else ""
            figures.append(figure_view(question, inspection, framework, markers))
        rule_band = None
        bands = [f.band for f in figures if f.band is not None]
        if bands and len(bands) == len(figures) and detail.rating is not None:
            lowest = min(bands, key=lambda level: level.min_percent)
            if lowest.name != detail.rating:
                rule_band = lowest
        explanation = ""
        if rule_band and detail.explanation:
            text = self._definitions.get(detail.explanation, "")
            explanation = self.renderer.inline(text, link_terms=False).html
        return StandardView(rating, figures, rule_band, explanation)
