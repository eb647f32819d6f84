"""What an import produces before anything is written: the draft and what was seen where.

Besides the inspection's data and chapters, a draft keeps every place a rating,
a figure or a recommendation was printed (``Sightings``), so the cross-checks
can set two places against each other and point at both, and the notes an
editor needs: text that could not be placed, and things to check by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.framework import Framework


@dataclass
class Seen:
    """A value as printed at one place in the text export."""

    value: object
    line: int
    place: str  # 'the summary of ratings', 'the chapter', 'the annex', ...


@dataclass
class Sightings:
    """Every place the facts the cross-checks compare were printed."""

    ratings: dict[str, list[Seen]] = field(default_factory=dict)  # standard id -> places
    overall: list[Seen] = field(default_factory=list)
    figures: dict[str, list[Seen]] = field(default_factory=dict)  # key question id -> places
    recommendations_said: list[Seen] = field(default_factory=list)  # '... make six recommendations'
    recommendations: list[Seen] = field(default_factory=list)  # each numbered item

    def rating(self, standard_id: str, rating: str, line: int, place: str) -> None:
        self.ratings.setdefault(standard_id, []).append(Seen(rating, line, place))

    def figure(self, question_id: str, percent: int, line: int, place: str) -> None:
        self.figures.setdefault(question_id, []).append(Seen(percent, line, place))


@dataclass
class Note:
    line: int | None  # in the text export
    message: str


@dataclass
class Draft:
    """Everything an import produced, before it is written to files."""

    framework: Framework
    data: dict = field(default_factory=dict)
    chapters: list[tuple[str, str]] = field(default_factory=list)  # (file name, Markdown)
    glossary: list[tuple[str, str]] = field(default_factory=list)  # (term, definition)
    annex: list[str] = field(default_factory=list)  # the glossary's terms as printed, in order
    provider_name: str | None = None
    service: str | None = None  # the provider as the summary of ratings names it
    seen: Sightings = field(default_factory=Sightings)
    unplaced: list[Note] = field(default_factory=list)  # text neither written out nor in the data
    to_check: list[Note] = field(default_factory=list)  # what the importer could not settle
    lines: list = field(default_factory=list)  # the report's lines, furniture removed
    #: footnote marks, where the report prints them: beside a standard's number and a
    #: domain's in the summary of ratings, beside a rating and a figure in the results
    rating_footnotes: dict[str, list[str]] = field(default_factory=dict)
    domain_footnotes: dict[str, list[str]] = field(default_factory=dict)
    rating_explanations: dict[str, list[str]] = field(default_factory=dict)
    figure_footnotes: dict[str, list[str]] = field(default_factory=dict)
    judged_areas: set[str] = field(default_factory=set)  # outcome areas whose judgements are read

    def not_placed(self, line: int | None, what: str, text: str) -> None:
        self.unplaced.append(Note(line, f"{what}: {text[:70]!r}"))

    def check(self, line: int | None, message: str) -> None:
        self.to_check.append(Note(line, message))


def rating_pattern(framework: Framework) -> str:
    """A regular expression group matching the framework's rating names, however spaced."""
    names = sorted(framework.rating_names, key=len, reverse=True)
    return "(" + "|".join(r"\s+".join(map(re.escape, n.split())) for n in names) + ")" \
        if names else "(?!)"


def rating_name(framework: Framework, text: str) -> str | None:
    """The scale's own spelling of a rating printed as ``text`` ('Requires Improvement')."""
    wanted = " ".join(text.split()).casefold()
    return next((name for name in framework.rating_names if name.casefold() == wanted), None)
