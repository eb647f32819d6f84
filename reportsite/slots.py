"""The slots: ``::: name args`` lines that place an inspection's structured facts in its
narrative, where the report prints them.

Each kind of slot is one entry of :data:`SLOTS`: how many arguments it takes, which
of its slots an inspection must place (checked by :mod:`reportsite.validate`), and
what its template gets (built while the report is rendered, by
:mod:`reportsite.render.report`); and one template, ``templates/slots/<name>.html``.
A new slot is a new entry and a new template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from .extensions.footnotes import display_number
from .model.framework import Framework, KeyQuestion, RatingLevel, Standard
from .model.inspection import Inspection

if TYPE_CHECKING:  # the builder calls the slots, and gives them its means of rendering texts
    from .render.report import ReportBuilder


# --- what the slot templates get ------------------------------------------------------

@dataclass
class RatingView:
    standard: Standard
    level: RatingLevel
    footnotes: object = ""  # HTML of the markers printed beside its number in the summary
    anchor: str = ""


@dataclass
class FigureView:
    question: KeyQuestion
    percent: int | None  # None: a draft has not entered the figure yet
    band: RatingLevel | None
    footnotes: object = ""


def figure_view(question: KeyQuestion, inspection: Inspection, framework: Framework,
                footnotes: str = "") -> FigureView:
    percent = inspection.percent_of(question.id)
    if percent is None:
        return FigureView(question, None, None)
    return FigureView(question, percent, framework.band(percent), footnotes)


@dataclass
class StandardView:
    rating: RatingView
    figures: list[FigureView]
    rule_band: RatingLevel | None  # the band the lowest-band rule gives, where it differs
    lowest: int | None = None  # the lowest key question's '% yes'
    #: The label and number of the footnote the report prints beside the rating in the
    #: inspection results, for the site's note to name; and there, its marker (HTML).
    explanation: tuple[str, str] | None = None
    explanation_marker: object = ""


@dataclass
class RatingsView:
    """The summary of ratings: each domain's standards, and where the framework's scoring
    rule would give another overall rating than the report's, the sum and that rating."""

    domains: list
    by_rule: tuple[int, RatingLevel] | None = None


# --- each kind of slot ------------------------------------------------------------------

#: An inspection and its framework; whether the report has a glossary (None: unknown).
Expected = Callable[[Inspection, Framework, "bool | None"], dict[str, str]]
#: The builder, the slot's arguments, the inspection and its framework.
View = Callable[["ReportBuilder", tuple, Inspection, Framework], object]


@dataclass(frozen=True)
class SlotKind:
    """One kind of slot."""

    name: str
    arguments: int
    #: The slots of this kind the inspection's data needs placed, each with what it shows
    #: (``key``: the slot line after ':::', e.g. 'standard 2.1').
    expected: Expected
    #: What the template gets.
    view: View
    #: Where the page links to it, if not at an anchor made of its name and arguments.
    anchor: str | None = None

    @property
    def template(self) -> str:
        return f"slots/{self.name}.html"

    def anchor_of(self, args: tuple[str, ...]) -> str:
        return self.anchor.format(*args) if self.anchor else \
            "-".join((self.name,) + args).replace(".", "-")


def rating(builder: ReportBuilder, standard: Standard, inspection: Inspection,
           framework: Framework, summary: bool = True) -> RatingView:
    """A standard's rating; ``summary``: with the markers the summary of ratings prints."""
    detail = inspection.rating_of(standard.id)
    return RatingView(standard, framework.rating(detail.rating),
                      builder.markers(detail.footnotes) if summary else "",
                      f"standard-{standard.slug}")


def standard(builder: ReportBuilder, standard: Standard, inspection: Inspection,
             framework: Framework, results: bool = False) -> StandardView:
    """A standard's rating and figures: in the inspection results (``results``) with the
    footnote markers the report prints there; beside the standard's section, where the
    report prints none, without them."""
    detail = inspection.rating_of(standard.id)
    figures = []
    for question in standard.key_questions:
        figure = inspection.figure_of(question.id)
        markers = builder.markers(figure.footnotes) if figure and results else ""
        figures.append(figure_view(question, inspection, framework, markers))
    view = StandardView(rating(builder, standard, inspection, framework, summary=False), figures, None)
    if detail.explanation:
        view.explanation = (detail.explanation, display_number(detail.explanation))
        if results:
            view.explanation_marker = builder.markers([detail.explanation])
    bands = [f.band for f in figures if f.band is not None]
    if framework.checks_bands and bands and len(bands) == len(figures) and detail.rating is not None:
        lowest = min(bands, key=lambda level: level.min_percent)
        if lowest.name != detail.rating:
            view.rule_band = lowest
            view.lowest = min(f.percent for f in figures)
    return view


def _overall_by_rule(inspection: Inspection, framework: Framework) -> tuple[int, RatingLevel] | None:
    if framework.overall_rule is None or inspection.overall_rating is None:
        return None
    ruled = framework.overall_rule.rating_for(
        [inspection.rating_of(s).rating for s in framework.standards])
    if ruled is None or ruled[1] == inspection.overall_rating:
        return None
    return ruled[0], framework.rating(ruled[1])


def _findings_groups(inspection: Inspection, framework: Framework) -> dict[str, str]:
    slots = {}
    for domain_id, findings in (inspection.domains if framework.rated else {}).items():
        for group in sorted({f.standard or domain_id for f in findings.key_findings}):
            slots[f"key-findings {group}"] = f"key findings for {group}"
    return slots


def _domain_lists(name: str, attribute: str, what: str) -> Expected:
    def expected(inspection: Inspection, framework: Framework, has_glossary) -> dict[str, str]:
        return {f"{name} {domain_id}": f"{framework.labels.domain} {domain_id}'s {what}"
                for domain_id, findings in (inspection.domains if framework.rated else {}).items()
                if getattr(findings, attribute)}
    return expected


def _domain_list_view(attribute: str) -> View:
    def view(builder: ReportBuilder, args: tuple, inspection: Inspection, framework: Framework):
        return [builder.text(item) for item in getattr(inspection.domains[args[0]], attribute)]
    return view


def _key_findings(builder: ReportBuilder, args: tuple, inspection: Inspection, framework: Framework):
    domain_id = args[0].split(".")[0]
    return [(builder.text(f.summary), builder.text(f.detail, block=True))
            for f in inspection.domains[domain_id].key_findings
            if (f.standard or domain_id) == args[0]]


def _results(builder: ReportBuilder, args: tuple, inspection: Inspection, framework: Framework):
    domain = next(d for d in framework.domains if d.id == args[0])
    return (domain, [standard(builder, s, inspection, framework, results=True)
                     for s in domain.standards if s.key_questions])


def _judgements(builder: ReportBuilder, args: tuple, inspection: Inspection, framework: Framework):
    area = next(a for a in framework.outcome_areas if a.id == args[0])
    judgements = inspection.outcomes[args[0]]
    return (area, [(organisation, judgements[organisation.id].judgement,
                    builder.text(judgements[organisation.id].summary, block=True))
                   for organisation in framework.organisations if organisation.id in judgements])


def _enablers_barriers(builder: ReportBuilder, args: tuple, inspection: Inspection,
                       framework: Framework):
    area = next(a for a in framework.outcome_areas if a.id == args[0])
    organisation = next(o for o in framework.organisations if o.id == args[1])
    judgement = inspection.outcomes[args[0]][args[1]]
    return (area, organisation, [builder.text(t) for t in judgement.enablers],
            [builder.text(t) for t in judgement.barriers])


def _outcome_slots(inspection: Inspection, framework: Framework, barriers: bool) -> dict[str, str]:
    slots = {}
    for area, judgements in (inspection.outcomes if framework.outcome_areas else {}).items():
        if not barriers:
            slots[f"judgements {area}"] = f"the judgements on {area}"
            continue
        for organisation, judgement in judgements.items():
            if judgement.enablers or judgement.barriers:
                slots[f"enablers-barriers {area} {organisation}"] = \
                    f"enablers and barriers for {organisation} in {area}"
    return slots


SLOTS: dict[str, SlotKind] = {kind.name: kind for kind in (
    SlotKind(
        "ratings", 0, anchor="ratings-table",
        expected=lambda inspection, framework, glossary:
            {"ratings": "the summary of ratings"} if framework.rated else {},
        view=lambda builder, args, inspection, framework: RatingsView(
            [(domain, builder.markers(inspection.domains[domain.id].footnotes
                                      if domain.id in inspection.domains else []),
              [rating(builder, s, inspection, framework) for s in domain.standards])
             for domain in framework.domains], _overall_by_rule(inspection, framework))),
    SlotKind(
        "standard", 1,
        expected=lambda inspection, framework, glossary: {
            f"standard {s.id}": f"{framework.labels.standard} {s.id}'s heading and rating"
            for s in framework.standards.values()},
        view=lambda builder, args, inspection, framework: standard(
            builder, framework.standards[args[0]], inspection, framework)),
    SlotKind(
        "results", 1,
        expected=lambda inspection, framework, glossary: {
            f"results {d.id}": f"{framework.labels.domain} {d.id}'s inspection results"
            for d in framework.domains if any(s.key_questions for s in d.standards)},
        view=_results),
    SlotKind(
        "recommendations", 0, anchor="recommendation-list",
        expected=lambda inspection, framework, glossary:
            {"recommendations": "the recommendations"} if inspection.recommendations else {},
        view=lambda builder, args, inspection, framework: [
            (group.by, [(item.number, builder.text(item.text)) for item in group.items])
            for group in inspection.recommendations]),
    SlotKind(
        "key-facts", 0, anchor="key-fact-list",
        expected=lambda inspection, framework, glossary:
            {"key-facts": "the key facts"} if inspection.key_facts else {},
        view=lambda builder, args, inspection, framework: [
            (fact.figure, builder.text(fact.text)) for fact in inspection.key_facts]),
    SlotKind(
        "key-findings", 1,
        expected=lambda inspection, framework, glossary: _findings_groups(inspection, framework),
        view=_key_findings),
    SlotKind("strengths", 1, expected=_domain_lists("strengths", "strengths", "strengths"),
             view=_domain_list_view("strengths")),
    SlotKind("areas-for-improvement", 1,
             expected=_domain_lists("areas-for-improvement", "areas_for_improvement",
                                    "areas for improvement"),
             view=_domain_list_view("areas_for_improvement")),
    SlotKind(
        "glossary", 0, anchor="glossary-list",
        expected=lambda inspection, framework, glossary:
            {"glossary": "the report's glossary"} if glossary else {},
        view=lambda builder, args, inspection, framework: [
            (entry, builder.term_as_printed(printed), builder.definition(d.text, entry.slug))
            for printed, entry, d in builder.site.glossary.annex(inspection.slug)]),
    SlotKind(
        "judgements", 1, anchor="outcome-{0}",
        expected=lambda inspection, framework, glossary: _outcome_slots(inspection, framework, False),
        view=_judgements),
    SlotKind(
        "enablers-barriers", 2,
        expected=lambda inspection, framework, glossary: _outcome_slots(inspection, framework, True),
        view=_enablers_barriers),
)}


def expected_slots(inspection: Inspection, framework: Framework,
                   has_glossary: bool | None) -> dict[str, str]:
    """Every slot the inspection's data needs placed somewhere in its narrative, with what
    each shows."""
    slots: dict[str, str] = {}
    for kind in SLOTS.values():
        slots.update(kind.expected(inspection, framework, has_glossary))
    return slots
