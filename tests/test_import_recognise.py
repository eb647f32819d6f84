"""importer/recognise.py: a report's framework is told from the wording every framework
file prints, a new framework file included, or the text is refused saying what was tried."""

from __future__ import annotations

import copy

from reportsite.importer.recognise import phrases, recognise
from tests.reports import frameworks, report_text
from tests.sites import REAL_CONTENT


def test_each_real_source_is_recognised_as_its_framework():
    found = {path.name[:3]: recognise(path.read_text(), frameworks()).framework.id
             for path in sorted((REAL_CONTENT / "sources").glob("*.txt"))}
    assert found == {"000": "standards-2018", "001": "standards-2018", "002": "standards-2018",
                     "003": "quality-impact-2016", "004": "standards-2018"}


def test_a_new_framework_file_is_recognised_with_no_change_in_the_code():
    youth = copy.deepcopy(frameworks()["standards-2018"])
    youth.id = "youth-2019"
    for number, standard in enumerate(youth.standards.values()):
        standard.description = f"Youth work standard {number} is met for every child."
        for question in standard.key_questions:
            question.text = f"Does the service keep child {question.id} safe?"
    text = "\n".join([*(s.description for s in youth.standards.values()),
                      *(q.text for q in youth.key_questions.values())])
    both = {**frameworks(), "youth-2019": youth}
    assert recognise(text, both).framework.id == "youth-2019"
    assert recognise(report_text(), both).framework.id == "standards-2018"


def test_a_text_fitting_no_framework_is_refused_naming_each_tried():
    recognition = recognise("A novel.\nIt was a bright cold day in April.", frameworks())
    assert recognition.framework is None
    assert recognition.explain() == ("its wording fits no framework: tried quality-impact-2016 "
                                     "(0 of 6 phrases found), standards-2018 (0 of 29 phrases "
                                     "found)")
    assert recognise("text", {}).explain() == ("there is no framework in content/frameworks/ to "
                                               "recognise it by")


def test_a_text_fitting_two_frameworks_equally_is_refused():
    twin = copy.deepcopy(frameworks()["standards-2018"])
    twin.id = "standards-2018-copy"
    recognition = recognise(report_text(), {"standards-2018": frameworks()["standards-2018"],
                                            "standards-2018-copy": twin})
    assert recognition.framework is None
    assert recognition.explain().startswith("its wording fits more than one framework equally")


def test_phrases_are_folded_to_words():
    assert phrases(frameworks()["quality-impact-2016"]) == [
        "protecting the public", "reducing reoffending", "abiding by the sentence",
        "crc effectiveness", "nps effectiveness", "the crc and nps working together"]
