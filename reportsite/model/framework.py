"""Inspection frameworks: what an inspection is judged against.

A framework file (content/frameworks/<id>.yaml) says everything that is
particular to one inspection programme, and the site reads it rather than
knowing any programme itself. What a framework has decides what its
inspections hold and what pages it gets:

- a rating scale and standards in domains (the 2018 standards): each standard
  rated, some from key questions with a figure such as '% yes', and perhaps
  an overall rating that follows from the standards' scores;
- outcome areas judged in words for each organisation (the 2016 Quality &
  Impact programme);
- neither (a thematic inspection): its reports alone, with no ratings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Literal

from ..schema import NonEmpty, Pattern, Range, doc

Text = Annotated[str, NonEmpty()]
DottedId = Annotated[str, Pattern(r"\d+(\.\d+)*", "an id like 2 or 2.1 or 2.1.3")]
Slug = Annotated[str, Pattern(r"[a-z0-9]+(-[a-z0-9]+)*", "a slug (lowercase words joined by hyphens)")]
#: The rating badges the site's stylesheet draws (a shape and colours each).
Style = Literal["outstanding", "good", "requires-improvement", "inadequate"]


@dataclass
class RatingLevel:
    """One step of a rating scale, with the key-question band that earns it."""

    name: Text = field(metadata=doc("The rating as printed, e.g. 'Requires improvement'."))
    style: Style = field(metadata=doc(
        "The badge the site draws for it: outstanding (a star, dark green), good (a tick, "
        "light green), requires-improvement (a warning sign, orange, dashed border) or "
        "inadequate (a cross, red)."))
    description: Text = field(metadata=doc("What the rating means."))
    band: str | None = field(default=None, metadata=doc(
        "The key-question band as printed, e.g. 'Large majority: 80%+'. Required when the "
        "framework has key questions."))
    min_percent: Annotated[int, Range(0, 100)] | None = field(default=None, metadata=doc(
        "Lowest figure of a key question banded at this rating. Required when the framework "
        "has key questions; one level starts at 0."))
    yaml_path: tuple = field(default=(), metadata={"derived": True})


#: Shown for a standard a draft inspection has not rated yet.
NOT_RATED = RatingLevel(name="Not yet rated", style="not-rated",  # type: ignore[arg-type]
                        description="The draft gives no rating yet.")


@dataclass
class KeyQuestion:
    """A question inspectors answer for each case; reported as a figure such as '% yes'."""

    id: DottedId = field(metadata=doc("Its standard's id and a number: 2.1.3."))
    text: Text
    note: str | None = field(default=None, metadata=doc(
        "A caveat printed with the figure, e.g. that it is calculated on a sub-sample."))
    yaml_path: tuple = field(default=(), metadata={"derived": True})


@dataclass
class Standard:
    """One rated standard, e.g. 2.1 Assessment."""

    id: DottedId = field(metadata=doc("Its domain's id and a number: 2.1."))
    name: Text
    description: Text = field(metadata=doc("The standard as printed under its heading."))
    key_questions: list[KeyQuestion] = field(default_factory=list)
    yaml_path: tuple = field(default=(), metadata={"derived": True})

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
    short_name: str | None = field(default=None, metadata=doc(
        "The name the summary of ratings prints, where it differs, e.g. 'CRC specific'."))
    yaml_path: tuple = field(default=(), metadata={"derived": True})


@dataclass
class OutcomeArea:
    """An outcome area, judged in words, e.g. 'Reducing reoffending'."""

    id: Slug
    name: Text
    description: Text
    yaml_path: tuple = field(default=(), metadata={"derived": True})


@dataclass
class Organisation:
    """Whose work the outcome areas judge, e.g. 'CRC effectiveness'."""

    id: Slug
    name: Text
    yaml_path: tuple = field(default=(), metadata={"derived": True})


@dataclass
class Labels:
    """What the framework calls its parts, in lower case as in running text. Each is
    required when the framework has the part it names."""

    standard: str | None = field(default=None, metadata=doc("e.g. 'standard'."))
    standards: str | None = field(default=None, metadata=doc("e.g. 'standards'."))
    domain: str | None = field(default=None, metadata=doc("e.g. 'domain'."))
    key_question: str | None = field(default=None, metadata=doc("e.g. 'key question'."))
    key_questions: str | None = field(default=None, metadata=doc("e.g. 'key questions'."))
    figure: str | None = field(default=None, metadata=doc(
        "The key questions' figure as the reports head it, e.g. '% yes'."))
    figure_meaning: str | None = field(default=None, metadata=doc(
        "What the figure counts, e.g. 'cases judged sufficient'."))
    outcome_area: str | None = field(default=None, metadata=doc("e.g. 'outcome area'."))
    outcome_areas: str | None = field(default=None, metadata=doc("e.g. 'outcome areas'."))


@dataclass
class StandardRule:
    """How a standard's rating follows from its key questions' figures."""

    text: Text = field(metadata=doc("The rule as the reports print it."))
    method: Literal["lowest-band"] | None = field(default=None, metadata=doc(
        "The rule the site checks and explains: 'lowest-band' (a standard takes the band of "
        "its lowest key question). Leave it out for a rule the site should only quote."))


@dataclass
class ScoreBand:
    """The overall rating a range of summed scores gives."""

    rating: Text = field(metadata=doc("A rating of the framework's scale."))
    min_score: Annotated[int, Range(0, None)] = field(metadata=doc(
        "The lowest sum of scores that gives this rating; one band starts at 0."))
    yaml_path: tuple = field(default=(), metadata={"derived": True})


@dataclass
class OverallRule:
    """How the overall rating follows from the standards' ratings: each scored, summed,
    and the sum banded."""

    text: Text = field(metadata=doc("The rule as the reports print it."))
    scores: dict[str, Annotated[int, Range(0, None)]] = field(metadata=doc(
        "Each rating's score, by rating: 'Outstanding': 3."))
    bands: list[ScoreBand] = field(metadata=doc("The overall rating each range of sums gives."))

    def rating_for(self, ratings: list[str | None]) -> tuple[int, str] | None:
        """The sum of the ratings' scores and the rating it gives; None while any standard
        is unrated (a draft)."""
        if None in ratings or any(name not in self.scores for name in ratings):
            return None
        total = sum(self.scores[name] for name in ratings)  # type: ignore[index]
        fitting = [band for band in self.bands if total >= band.min_score]
        if not fitting:
            return None
        return total, max(fitting, key=lambda band: band.min_score).rating


@dataclass
class Framework:
    """An inspection framework: content/frameworks/<id>.yaml."""

    __schema_title__ = "framework"

    name: Text
    short_name: Text = field(metadata=doc(
        "How running text names it, e.g. '2018 standards' ('each of the 10 2018 standards')."))
    period: Text = field(metadata=doc("When the framework was in use, e.g. '2018 to 2021'."))
    description: Text
    provider_types: list[Text] = field(metadata=doc(
        "The types of provider it inspects, e.g. 'Community Rehabilitation Company': each "
        "provider's type in providers.yaml is one a framework names."))
    labels: Labels = field(default_factory=Labels, metadata=doc(
        "What the framework calls its parts, where the site names them."))
    ratings: list[RatingLevel] = field(default_factory=list, metadata=doc(
        "The rating scale, best first. Leave it out for a framework that rates nothing."))
    standard_rule: StandardRule | None = field(default=None, metadata=doc(
        "How a standard's rating follows from its key questions."))
    overall_rule: OverallRule | None = field(default=None, metadata=doc(
        "How the overall rating follows from the standards' ratings, where the reports say."))
    domains: list[Domain] = field(default_factory=list, metadata=doc(
        "The rated standards, in their domains."))
    outcome_areas: list[OutcomeArea] = field(default_factory=list, metadata=doc(
        "Outcome areas judged in words, for each organisation."))
    organisations: list[Organisation] = field(default_factory=list)
    caveats: list[Text] = field(default_factory=list, metadata=doc(
        "Things readers should know when comparing ratings."))
    moved_from: Slug | None = field(default=None, metadata=doc(
        "Where the site once kept this framework's pages (e.g. 'standards' for standards/2-1/): "
        "those addresses still lead to them."))
    id: str = field(default="", metadata={"derived": True})
    yaml_path: tuple = field(default=(), metadata={"derived": True})

    # --- lookups used by validation and rendering ---
    # (made on each use, as a framework's parts may be changed after it is made: a test
    # or the importer copies one and renumbers it)

    @property
    def rated(self) -> bool:
        """Whether its inspections rate standards and the provider overall."""
        return bool(self.ratings)

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
        """The rating a key question with this figure earns on its own."""
        for level in self._highest_first:
            if percent >= level.min_percent:
                return level
        return None

    @cached_property
    def _highest_first(self) -> list[RatingLevel]:
        """The banded levels by threshold, sorted once: pages of 1,000 inspections ask for
        15,000 bands."""
        return sorted((r for r in self.ratings if r.min_percent is not None),
                      key=lambda r: -r.min_percent)

    @property
    def checks_bands(self) -> bool:
        """Whether the site checks and explains each standard's rating by the lowest-band rule."""
        return self.standard_rule is not None and self.standard_rule.method == "lowest-band"

    def domain_of(self, standard_id: str) -> Domain | None:
        return next((d for d in self.domains for s in d.standards if s.id == standard_id), None)
