"""importer/glossary.py: a report's glossary merged into glossary.yaml by inserting text,
so every other entry stays exactly as the editors wrote it."""

from __future__ import annotations

import pytest
import yaml

from reportsite.importer.glossary import Change, GlossaryError, merge_glossary

GLOSSARY = """\
# yaml-language-server: $schema=../schemas/glossary.schema.json
# Every report's glossary, merged.
terms:
- term: Accredited programme
  definitions:
  - text: A programme of work delivered to offenders in groups
    reports:
    - essex-crc-2018
    - cumbria-lancashire-crc-2019

# Hand-written note about the next term.
- term: RoSH
  expansion: Risk of serious harm
  definitions:
  - text: 'Risk of serious harm: a term used in OASys'
    reports: [essex-crc-2018]   # the first report to print it
- term: Unpaid work
  definitions:
  - text: A court can include an unpaid work requirement
    reports: [essex-crc-2018]
"""


def test_a_new_term_a_new_wording_and_a_shared_wording_each_insert_text():
    merged, change = merge_glossary(GLOSSARY, [
        ("Accredited programme", "A programme of work delivered to offenders in groups"),
        ("RoSH", "Risk of serious harm: a term used in OASys"),
        ("Unpaid work", "Unpaid work is delivered by CRCs"),
        ("OASys", "Offender Assessment System: the tool used to assess"),
    ], "testshire-crc-2019")
    assert change == Change(new_terms=1, new_wordings=1, shared_wordings=2)
    assert merged == """\
# yaml-language-server: $schema=../schemas/glossary.schema.json
# Every report's glossary, merged.
terms:
- term: Accredited programme
  definitions:
  - text: A programme of work delivered to offenders in groups
    reports:
    - essex-crc-2018
    - cumbria-lancashire-crc-2019
    - testshire-crc-2019

# Hand-written note about the next term.
- term: OASys
  expansion: Offender Assessment System
  definitions:
  - text: 'Offender Assessment System: the tool used to assess'
    reports: [testshire-crc-2019]
- term: RoSH
  expansion: Risk of serious harm
  definitions:
  - text: 'Risk of serious harm: a term used in OASys'
    reports: [essex-crc-2018, testshire-crc-2019]   # the first report to print it
- term: Unpaid work
  definitions:
  - text: A court can include an unpaid work requirement
    reports: [essex-crc-2018]
  - text: Unpaid work is delivered by CRCs
    reports: [testshire-crc-2019]
"""


def test_merging_the_same_report_again_changes_nothing():
    entries = [("RoSH", "Risk of serious harm: a term used in OASys")]
    once, _ = merge_glossary(GLOSSARY, entries, "testshire-crc-2019")
    assert merge_glossary(once, entries, "testshire-crc-2019") == (once, Change())


def test_a_report_keeps_one_wording_of_a_term():
    merged, change = merge_glossary(GLOSSARY, [("Youth", "One wording"), ("youth", "Another"),
                                               ("RoSH", "Risk of serious harm: in OASys")],
                                    "essex-crc-2018")
    assert change == Change(new_terms=1, repeated=["youth", "RoSH"])
    assert merged.endswith("- term: Youth\n  definitions:\n  - text: One wording\n"
                           "    reports: [essex-crc-2018]\n")


def test_a_new_wording_that_spells_an_abbreviation_otherwise_gives_its_own_expansion():
    merged, _ = merge_glossary(GLOSSARY, [("RoSH", "Risk of Serious Harm: as assessed")], "a")
    definition = yaml.safe_load(merged)["terms"][1]["definitions"][1]
    assert definition == {"text": "Risk of Serious Harm: as assessed", "reports": ["a"],
                          "expansion": "Risk of Serious Harm"}


def test_the_reports_glossary_as_printed_goes_at_the_end_of_the_annexes():
    entries = [("Unpaid work", "A court can include an unpaid work requirement")]
    text = GLOSSARY + "annexes:\n  essex-crc-2018:\n  - RoSH  # as printed\n"
    merged, _ = merge_glossary(text, entries, "testshire-crc-2019",
                               ["*Unpaid work*", "Unpaid work"])
    assert merged.endswith("annexes:\n  essex-crc-2018:\n  - RoSH  # as printed\n"
                           "  testshire-crc-2019:\n  - '*Unpaid work*'\n  - Unpaid work\n")
    assert merge_glossary(merged, entries, "testshire-crc-2019", ["Unpaid work"])[0] == merged
    assert merge_glossary(GLOSSARY, entries, "x", ["Unpaid work"])[0].endswith(
        "annexes:\n  x:\n  - Unpaid work\n")
    assert merge_glossary(GLOSSARY + "annexes: {}\n", entries, "x", ["Unpaid work"])[0] \
        .endswith("annexes:\n  x:\n  - Unpaid work\n")


def test_an_empty_glossary_and_one_indented_its_own_way():
    merged, _ = merge_glossary("terms: []\n", [("CRC", "Community Rehabilitation Company")], "a")
    assert yaml.safe_load(merged) == {"terms": [{
        "term": "CRC", "expansion": "Community Rehabilitation Company",
        "definitions": [{"text": "Community Rehabilitation Company", "reports": ["a"]}]}]}
    indented = "terms:\n  - term: B\n    definitions:\n      - text: Bee\n        reports: [x]\n"
    merged, _ = merge_glossary(indented, [("A", "Ay"), ("B", "Another bee")], "a")
    assert yaml.safe_load(merged)["terms"] == [
        {"term": "A", "definitions": [{"text": "Ay", "reports": ["a"]}]},
        {"term": "B", "definitions": [{"text": "Bee", "reports": ["x"]},
                                      {"text": "Another bee", "reports": ["a"]}]}]
    assert merged.startswith("terms:\n  - term: A\n    definitions:\n      - text: Ay\n")
    assert merge_glossary("", [("A", "Ay")], "a")[0] == \
        "terms:\n- term: A\n  definitions:\n  - text: Ay\n    reports: [a]\n"


@pytest.mark.parametrize("text, message", [
    ("terms: [unclosed\n", "it is not valid YAML (ParserError)"),
    ("- a list\n", "it has no 'terms:' list"),
    ("terms:\n", "it has no 'terms:' list"),
    ("terms: {a: b}\n", "it has no 'terms:' list"),
    ("terms: [{term: A, definitions: []}]\n", "its 'terms:' are written as one [...] list; "
                                              "write them one '- term:' entry a line, as "
                                              "docs/content-model.md shows"),
    ("terms:\n- term: B\n  definitions: []\nannexes: [a]\n", "its 'annexes:' are not one "
     "entry a line by inspection, as docs/content-model.md shows"),
])
def test_a_glossary_it_cannot_merge_into_is_refused(text, message):
    with pytest.raises(GlossaryError) as raised:
        merge_glossary(text, [("A", "Ay")], "a", ["A"])
    assert str(raised.value) == message
