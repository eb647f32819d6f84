"""The slots' registry: each kind of slot has its template, and each template its kind."""

from __future__ import annotations

from reportsite.cli import TEMPLATES
from reportsite.slots import SLOTS


def test_every_slot_has_its_template_and_every_slot_template_a_slot():
    templates = {p.stem for p in (TEMPLATES / "slots").glob("*.html") if not p.name.startswith("_")}
    assert templates == set(SLOTS)
    assert all((TEMPLATES / kind.template).is_file() for kind in SLOTS.values())


def test_anchors_are_made_from_the_slot_line_unless_a_slot_names_its_own():
    assert SLOTS["standard"].anchor_of(("2.1",)) == "standard-2-1"
    assert SLOTS["judgements"].anchor_of(("reducing-reoffending",)) == "outcome-reducing-reoffending"
    assert SLOTS["ratings"].anchor_of(()) == "ratings-table"
