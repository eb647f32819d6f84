"""One inspection: the structured summary in inspection.yaml.

The narrative (every chapter and annex) lives beside it in Markdown files;
see :mod:`reportsite.model.narrative`. Text fields here are Markdown too, and
may cite footnotes (``[^17]``) defined here under ``footnotes`` or in the
narrative: an inspection has one footnote numbering, as the report does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from ..schema import Pattern, Range, doc
from .dates import PartialDate
from .framework import DottedId, Slug, Text

#: A rating as printed: one of the inspection's framework's levels (checked against it).
Rating = Text

FootnoteLabel = Annotated[str, Pattern(r"[A-Za-z0-9_-]+", "a footnote label like 17")]
Percent = Annotated[int, Range(0, 100)]
WebAddress = Annotated[str, Pattern(r"https?://\S+", "a web address (https://...)")]
Slugs = Slug | list[Slug]


@dataclass(slots=True)
class RatingDetail:
    """A standard's rating with the footnotes printed beside it."""

    rating: Rating
    footnotes: list[FootnoteLabel] = field(default_factory=list, metadata=doc(
        "Footnotes printed beside the standard's number in the summary of ratings, "
        "e.g. ['1'] for '4.1 ¹ Unpaid work'."))
    explanation: FootnoteLabel | None = field(default=None, metadata=doc(
        "The footnote printed beside the rating in the inspection results (Annex 2), "
        "explaining why the published rating differs from the banding rule (a ratings "
        "panel or professional discretion)."))
    yaml_path: tuple = field(default=(), metadata={"derived": True})


@dataclass(slots=True)
class KeyQuestionFigure:
    """A key question's '% yes' with the footnotes printed beside it."""

    percent: Percent
    footnotes: list[FootnoteLabel] = field(default_factory=list)
    yaml_path: tuple = field(default=(), metadata={"derived": True})


@dataclass(slots=True)
class Recommendation:
    number: Annotated[int, Range(1, 999)]
    text: Text = field(metadata=doc("As printed, continuing the sentence '<by> should:'."))


@dataclass(slots=True)
class RecommendationGroup:
    """Recommendations addressed to one body, e.g. 'Essex Community Rehabilitation Company'."""

    by: Text = field(metadata=doc("Who should act, as printed before 'should:'."))
    items: list[Recommendation]
    yaml_path: tuple = field(default=(), metadata={"derived": True})


@dataclass(slots=True)
class KeyFact:
    """A figure and what it measures; cite the source as a footnote in the text."""

    figure: Text = field(metadata=doc("As printed, e.g. '158,727' or '3.6%'.", example="4,171"))
    text: Text = field(metadata=doc("What it measures, with its source footnote, e.g. "
                                    "'The number of individuals supervised[^8]'."))


@dataclass(slots=True)
class Finding:
    """A key finding: a headline, sometimes with a paragraph under it."""

    summary: Text
    detail: str | None = None
    standard: DottedId | None = field(default=None, metadata=doc(
        "The standard it belongs to, where the report groups findings by standard."))


@dataclass(slots=True)
class DomainFindings:
    """What the report says about one domain: key findings, strengths, areas for improvement."""

    key_findings: list[Finding] = field(default_factory=list)
    strengths: list[Text] = field(default_factory=list)
    areas_for_improvement: list[Text] = field(default_factory=list)
    footnotes: list[FootnoteLabel] = field(default_factory=list, metadata=doc(
        "Footnotes printed beside the domain's number in the summary of ratings, "
        "e.g. ['2'] for '4.² CRC specific'."))


@dataclass(slots=True)
class Judgement:
    """One organisation's work in one outcome area (frameworks with outcome areas)."""

    summary: Text = field(metadata=doc("The overall judgement paragraphs (Markdown)."))
    judgement: str | None = field(default=None, metadata=doc(
        "The judgement in a word or two, as the report words it, e.g. 'Poor'."))
    enablers: list[Text] = field(default_factory=list)
    barriers: list[Text] = field(default_factory=list)


@dataclass(slots=True)
class Inspection:
    """The structured summary of one inspection report (inspection.yaml)."""

    __schema_title__ = "inspection.yaml"

    title: Text = field(metadata=doc("The report's title as printed.",
                                     example="An inspection of Essex Community Rehabilitation Company"))
    provider: Slugs = field(metadata=doc(
        "The inspected organisation(s): slug(s) from content/providers.yaml."))
    framework: Slug = field(metadata=doc("A file name in content/frameworks/, without .yaml."))
    published: PartialDate | None = field(metadata=doc(
        "Publication date: YYYY, YYYY-MM or YYYY-MM-DD; null if unknown."))
    fieldwork: PartialDate | None = field(metadata=doc(
        "When fieldwork started: YYYY, YYYY-MM or YYYY-MM-DD; null if unknown."))
    source: Annotated[str, Pattern(r"[A-Za-z0-9._-]+\.(txt|md)", "a file name like report.txt")] \
        | None = field(metadata=doc("The report's text export in content/sources/, e.g. "
                                    "'000_98014ca424abaab7.txt'; null only in a draft."))
    draft: bool = field(default=False, metadata=doc(
        "true while the report is being prepared: check reports what is missing as warnings, "
        "and build leaves it out unless --drafts. Remove it to publish."))
    lead_inspector: str | None = field(default=None, metadata=doc("Who led the inspection."))
    programme_manager: str | None = None
    chief_inspector: str | None = field(default=None, metadata=doc("Who signed the foreword."))
    service: Text | None = field(default=None, metadata=doc(
        "The provider as the summary of ratings names it ('Service: ...'), where that is "
        "not its name in providers.yaml, e.g. 'Cumbria and Lancashire CRC'."))
    isbn: Annotated[str, Pattern(r"97[89][0-9-]{10,14}", "an ISBN like 978-1-84099-770-5")] | None \
        = field(default=None, metadata=doc("The report's ISBN, where it prints one."))
    official_url: WebAddress | None = field(default=None, metadata=doc(
        "Where HM Inspectorate of Probation publishes the report, as the report gives it "
        "('This publication is available for download at: ...'), or the report's own page "
        "there: the report's page links to it as the official report."))
    overall_rating: Rating | None = field(default=None, metadata=doc(
        "A rating of the framework's scale, as printed; required where the framework rates, "
        "left out where it does not."))
    ratings: dict[DottedId, Rating | RatingDetail] = field(default_factory=dict, metadata=doc(
        "Every standard's rating, by standard id: '2.1': Requires improvement (a rating of "
        "the framework's scale)."))
    key_questions: dict[DottedId, Percent | KeyQuestionFigure] = field(
        default_factory=dict, metadata=doc("Every key question's '% yes', by id: '2.1.1': 82."))
    recommendations: list[RecommendationGroup] = field(default_factory=list)
    key_facts: list[KeyFact] = field(default_factory=list)
    domains: dict[DottedId, DomainFindings] = field(default_factory=dict, metadata=doc(
        "Key findings, strengths and areas for improvement, by domain id."))
    outcomes: dict[Slug, dict[Slug, Judgement]] = field(default_factory=dict, metadata=doc(
        "Frameworks with outcome areas: judgements by outcome area, then organisation."))
    footnotes: dict[FootnoteLabel, Text] = field(default_factory=dict, metadata=doc(
        "Footnotes cited from this file: '8': 'Offender Management Caseload Statistics ...'."))
    slug: str = field(default="", metadata={"derived": True})
    yaml_path: tuple = field(default=(), metadata={"derived": True})

    @property
    def providers(self) -> list[str]:
        return _as_list(self.provider)

    @property
    def date(self) -> PartialDate | None:
        """When it was inspected, as far as known: fieldwork, else publication. A provider's
        owner at this date is the inspection's owner (see providers.yaml)."""
        return self.fieldwork or self.published

    def rating_of(self, standard_id: str) -> RatingDetail:
        """The standard's rating; its ``rating`` is None only in a draft not yet rated."""
        value = self.ratings.get(standard_id)
        if isinstance(value, RatingDetail):
            return value
        return RatingDetail(rating=value)

    def percent_of(self, key_question_id: str) -> int | None:
        """The figure's '% yes' alone (None: not entered), without making a figure of a
        bare number: the standards' pages read 15,000 of them at 1,000 inspections."""
        value = self.key_questions.get(key_question_id)
        return value.percent if isinstance(value, KeyQuestionFigure) else value

    def figure_of(self, key_question_id: str) -> KeyQuestionFigure | None:
        value = self.key_questions.get(key_question_id)
        if value is None or isinstance(value, KeyQuestionFigure):
            return value
        return KeyQuestionFigure(percent=value)

    @property
    def all_recommendations(self) -> list[Recommendation]:
        return [r for group in self.recommendations for r in group.items]


def _as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)

