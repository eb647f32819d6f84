"""importer/headings.py: a title is told from a sentence, and its level from the report's
own numbering, contents, framework and marked levels."""

from __future__ import annotations

import pytest

from reportsite.importer.headings import HeadingLevels, looks_like_heading
from tests.reports import frameworks, standards


@pytest.mark.parametrize("text", [
    "Operating model", "Organisational arrangements", "Allocation to Yellow :",
    "Hampshire & IOW – Geography, key partnerships and office locations:",
    "Domain one: organisational delivery", "**Case Allocation**", "The CRC",
])
def test_a_title(text):
    assert looks_like_heading(text)


@pytest.mark.parametrize("text", [
    "More information can be found: www.hiowcrc.co.uk",  # a sentence with an address
    "All IOM nominals should be allocated to Red",  # a verb
    "This 'voice' is incorporated into",  # cut short
    "In one case, we noted:", "Examples of deficits in planning were noted:",
    "March 2019", "Figure 2.1: Population estimates by borough", "Source: Essex CRC",
    "It ends with a full stop.", "“A quotation”", "lower case start", "4,000", "",
    "A title that goes on and on for far too many words to be any kind of heading at all",
])
def test_not_a_title(text):
    assert not looks_like_heading(text)


def test_numbered_headings_and_the_unnumbered_ones_under_them():
    levels = HeadingLevels("Annex 1: Methodology", [], standards())
    assert [levels.level(t) for t in ("Domain one: organisational delivery",
                                      "Domain three: sector-specific work", "Unpaid work",
                                      "Through the Gate")] == [2, 2, 3, 3]
    chapter = HeadingLevels("2. Case supervision", [], standards())
    assert [chapter.level(t) for t in ("2.1. Assessment", "2.1.1 Engagement", "Summary")] == \
        [2, 3, 4]


def test_a_standards_slot_opens_a_numbered_part():
    levels = HeadingLevels("1. Organisational delivery", [], standards())
    levels.numbered(2)
    assert levels.level("The CRC's governance") == 3


def test_sections_the_contents_list_names_are_sections():
    levels = HeadingLevels("Background", ["Probation services", "Essex CRC"], standards())
    assert [levels.level(t) for t in ("Operating model", "Probation services", "History",
                                      "Essex CRC")] == [2, 2, 3, 2]


def test_a_heading_over_a_heading_is_its_parent_and_a_colon_leads_into_a_part():
    levels = HeadingLevels("Annex 3: Operating model", [], standards())
    assert levels.level("Operating model", has_subheading=True) == 2
    assert [levels.level(t) for t in ("The model in practice", "Available services",
                                      "Geography and offices:")] == [3, 3, 4]


def test_levels_the_export_marks_count_relative_to_the_chapters():
    levels = HeadingLevels("Annex 3: Operating model and map", [], standards())
    marked = [("The operating model in practice", 3), ("Case Allocation", 2),
              ("Services Delivered:", 2), ("Through the Gate", 3), ("Interventions", 3),
              ("Map and link to website", 2)]
    assert [levels.level(text, level) for text, level in marked] == [2, 2, 2, 3, 3, 2]


def test_outcome_areas_and_whose_work_is_judged_come_from_the_framework():
    outcomes = frameworks()["quality-impact-2016"]
    levels = HeadingLevels("3. An evaluation", [], outcomes)
    assert [levels.level(t) for t in ("Protecting the public", "CRC effectiveness",
                                      "Assessment and planning", "Delivery",
                                      "NPS effectiveness", "Reducing reoffending")] == \
        [2, 3, 4, 4, 3, 2]
    assert (levels.area, levels.organisation) == ("reducing-reoffending", None)
    arrangements = HeadingLevels("2. The arrangements", ["Organisational arrangements"], outcomes)
    assert [arrangements.level(t) for t in ("Organisational arrangements", "The CRC",
                                            "Governance", "The NPS", "Office bases")] == \
        [2, 3, 4, 3, 4]
