"""importer/draft.py: the rating scale as the framework spells it, however a report prints it."""

from __future__ import annotations

import re

from reportsite.importer.draft import Draft, rating_name, rating_pattern
from tests.reports import frameworks, standards


def test_a_rating_printed_in_any_case_and_spacing_is_the_scales_own():
    pattern = re.compile(rating_pattern(standards()), re.IGNORECASE)
    assert pattern.fullmatch("Requires  Improvement")
    assert rating_name(standards(), "Requires  Improvement") == "Requires improvement"
    assert rating_name(standards(), "Satisfactory") is None


def test_a_framework_without_ratings_matches_no_rating():
    outcomes = frameworks()["quality-impact-2016"]
    assert not re.search(rating_pattern(outcomes), "Good")


def test_notes_keep_the_line_and_a_short_quotation():
    draft = Draft(standards())
    draft.not_placed(12, "glossary", "x" * 100)
    draft.check(None, "a new owner was added")
    assert [(n.line, n.message) for n in draft.unplaced + draft.to_check] == [
        (12, f"glossary: {'x' * 70!r}"), (None, "a new owner was added")]
