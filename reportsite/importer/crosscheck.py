"""Where the report disagrees with itself, found by setting two places side by side.

A report prints some facts twice or more: a standard's rating in the summary,
in its chapter and in the results annex; a key question's figure in its
chapter and in the annex; a count of recommendations before the list. An
export can also lose a footnote or its marker. Each check returns what it
found with every place involved (lines of the text export), for the editor to
settle against the published report; the draft keeps one value, and says which.
"""

from __future__ import annotations

from dataclasses import dataclass

from .draft import Draft, Seen
from .lines import MARKER, Line, display_label


@dataclass
class Disagreement:
    subject: str  # what disagrees, e.g. "standard 2.4's rating"
    places: list[tuple[str, int | None]]  # (what is printed there, line of the text export)
    outcome: str  # what the draft holds, or what to do


def cross_check(draft: Draft) -> list[Disagreement]:
    """Every disagreement found, ratings first, then figures, footnotes, recommendations."""
    return (ratings(draft) + overall_rating(draft) + figures(draft) + footnotes(draft.lines)
            + recommendations(draft))


def ratings(draft: Draft) -> list[Disagreement]:
    """A standard's rating: the summary of ratings against its chapter and the results annex."""
    found = []
    for standard_id, places in draft.seen.ratings.items():
        disagreement = _differing(f"standard {standard_id}'s rating", places, repr)
        if disagreement:
            found.append(disagreement)
    return found


def overall_rating(draft: Draft) -> list[Disagreement]:
    disagreement = _differing("the overall rating", draft.seen.overall, repr)
    return [disagreement] if disagreement else []


def figures(draft: Draft) -> list[Disagreement]:
    """A key question's '% yes' in its chapter against the results annex."""
    found = []
    for question_id, places in draft.seen.figures.items():
        annex_first = sorted(places, key=lambda seen: seen.place != "the results annex")
        disagreement = _differing(f"key question {question_id}'s figure", annex_first,
                                  lambda percent: f"{percent}%")
        if disagreement:
            found.append(disagreement)
    return found


def _differing(subject: str, places: list[Seen], show) -> Disagreement | None:
    if len({seen.value for seen in places}) < 2:
        return None
    return Disagreement(subject, [(f"{seen.place} says {show(seen.value)}", seen.line)
                                  for seen in places],
                        f"the draft has what {places[0].place} says")


def footnotes(lines: list[Line]) -> list[Disagreement]:
    """Every footnote marker has its footnote, and every footnote its marker."""
    cited: dict[str, int] = {}
    defined: dict[str, int] = {}
    for line in lines:
        if line.footnote:
            defined.setdefault(line.footnote, line.number)
        for label in MARKER.findall(line.text):
            cited.setdefault(label, line.number)
    found = []
    for label in sorted(set(cited) | set(defined), key=_label_order):
        number = display_label(label)
        if label not in defined:
            found.append(Disagreement(f"footnote {number}", [("its marker", cited[label])],
                                      "its footnote is not in the text: copy it from the "
                                      "report, or the marker is a stray"))
        elif label not in cited:
            found.append(Disagreement(f"footnote {number}", [("its footnote", defined[label])],
                                      "no marker cites it: add the marker where the report "
                                      "prints it"))
    return found


def _label_order(label: str) -> tuple[int, str]:
    number = display_label(label)
    return (int(number) if number.isdigit() else 0, label)


def recommendations(draft: Draft) -> list[Disagreement]:
    """The recommendations listed against the number the text says were made, and 1, 2, 3..."""
    listed = draft.seen.recommendations
    found = []
    first = listed[0].line if listed else None
    for said in draft.seen.recommendations_said:
        if said.value != len(listed):
            found.append(Disagreement("the number of recommendations", [
                (f"the text says {said.value}", said.line),
                (f"{len(listed)} are listed", first)], "check the list against the report"))
    for expected, seen in enumerate(listed, start=1):
        if seen.value != expected:
            found.append(Disagreement("the recommendations' numbering", [
                (f"recommendation {seen.value} comes where {expected} should", seen.line)],
                "check the list against the report"))
            break
    return found
