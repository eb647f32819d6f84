"""Inspection frameworks: what an inspection is judged against.

Two kinds exist. A *standards* framework (HM Inspectorate of Probation's 2018
standards) rates each standard on a scale, some standards from key questions
with a '% yes' figure. An *outcomes* framework (the 2016 Quality & Impact
programme) judges outcome areas in words, for each organisation inspected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Literal

from ..schema import NonEmpty, Pattern, Range, doc

Text = Annotated[str, NonEmpty()]
DottedId = Annotated[str, Pattern(r"\d+(\.\d+)*", "an id like 2 or 2.1 or 2.1.3")]
Slug = Annotated[str, Pattern(r"[a-z0-9]+(-[a-z0-9]+)*", "a slug (lowercase words joined by hyphens)")]


@dataclass
class RatingLevel:
    """One step of a rating scale, with the key-question band that earns it."""

    name: Text = field(metadata=doc("The rating as printed, e.g. 'Requires improvement'."))
    slug: Slug = field(metadata=doc("Used in URLs and CSS classes, e.g. 'requires-improvement'."))
    description: Text = field(metadata=doc("What the rating means."))
    band: Text = field(metadata=doc("The key-question band as printed, e.g. 'Large majority: 80%+'."))
    min_percent: Annotated[int, Range(0, 100)] = field(metadata=doc(
        "Lowest '% yes' of a key question banded at this rating."))


#: Shown for a standard a draft inspection has not rated yet.
NOT_RATED = RatingLevel(name="Not yet rated", slug="not-rated",
                        description="The draft gives no rating yet.", band="", min_percent=0)


@dataclass
class KeyQuestion:
    """A question inspectors answer for each case; reported as '% yes'."""

    id: DottedId
    text: Text
    note: str | None = field(default=None, metadata=doc(
        "A caveat printed with the figure, e.g. that it is calculated on a sub-sample."))


@dataclass
class Standard:
    """One rated standard, e.g. 2.1 Assessment."""

    id: DottedId
    name: Text
    description: Text = field(metadata=doc("The standard as printed under its heading."))
    key_questions: list[KeyQuestion] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.id.replace(".", "-")


@dataclass
class Domain:
    """A group of standards, e.g. 2 Case supervision."""

    id: DottedId
    name: Text
    description: Text
    standards: list[Standard]
    short_name: str | None = None


@dataclass
class OutcomeArea:
    """An outcome area of an outcomes framework, e.g. 'Reducing reoffending'."""

    id: Slug
    name: Text
    description: Text


@dataclass
class Organisation:
    """Whose work an outcomes framework judges, e.g. 'CRC effectiveness'."""

    id: Slug
    name: Text


@dataclass
class Framework:
    """An inspection framework: content/frameworks/<id>.yaml."""

    __schema_title__ = "framework"

    name: Text
    short_name: Text
    kind: Literal["standards", "outcomes"]
    period: Text = field(metadata=doc("When the framework was in use, e.g. '2018 to 2021'."))
    description: Text
    ratings: list[RatingLevel] = field(default_factory=list, metadata=doc(
        "Rating scale, best first (standards frameworks)."))
    standard_rule: str | None = field(default=None, metadata=doc(
        "How a standard's rating follows from its key questions, as printed."))
    domains: list[Domain] = field(default_factory=list)
    outcome_areas: list[OutcomeArea] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    caveats: list[Text] = field(default_factory=list, metadata=doc(
        "Things readers should know when comparing ratings."))
    id: str = field(default="", metadata={"derived": True})
    yaml_path: tuple = field(default=(), metadata={"derived": True})

    # --- lookups used by validation and rendering ---

    @property
    def standards(self) -> dict[str, Standard]:
        return {s.id: s for d in self.domains for s in d.standards}

    @property
    def key_questions(self) -> dict[str, KeyQuestion]:
        return {q.id: q for s in self.standards.values() for q in s.key_questions}

    @property
    def rating_names(self) -> list[str]:
        return [r.name for r in self.ratings]

    def rating(self, name: str | None) -> RatingLevel:
        """The scale's level of that name; a standard a draft has not rated yet is NOT_RATED."""
        return next((r for r in self.ratings if r.name == name), NOT_RATED)

    def band(self, percent: float) -> RatingLevel | None:
        """The rating a key question with this '% yes' earns on its own."""
        for level in self._highest_first:
            if percent >= level.min_percent:
                return level
        return None

    @cached_property
    def _highest_first(self) -> list[RatingLevel]:
        """The levels by threshold, sorted once: pages of 1,000 inspections ask for
        15,000 bands."""
        return sorted(self.ratings, key=lambda r: -r.min_percent)

    def domain_of(self, standard_id: str) -> Domain | None:
        return next((d for d in self.domains for s in d.standards if s.id == standard_id), None)
