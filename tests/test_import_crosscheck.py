"""The importer's cross-checks, each on a small report built for the test."""

from __future__ import annotations

from reportsite.importer.convert import convert_report
from reportsite.importer.crosscheck import Disagreement, cross_check, footnotes
from reportsite.importer.lines import read_lines
from tests.reports import line_of, report_text, standards


def draft_of(text: str):
    return convert_report(text, "report.txt", standards())


def test_a_report_that_agrees_with_itself_has_no_disagreement():
    assert cross_check(draft_of(report_text())) == []


def test_a_rating_the_summary_and_its_chapter_disagree_on():
    text = report_text(summary={"2.3": "Requires improvement"})
    draft = draft_of(text)
    assert cross_check(draft) == [Disagreement("standard 2.3's rating", [
        ("the summary of ratings says 'Requires improvement'", line_of(text, "2.3\t")),
        ("its chapter says 'Good'", line_of(text, "2.3. Implementation", after="Testshire CRC should")),
        ("the results annex says 'Good'", line_of(text, "2.3. Implementation",
                                                  after="Standard/Key question")),
    ], "the draft has what the summary of ratings says")]
    assert draft.data["ratings"]["2.3"] == "Requires improvement"


def test_a_rating_the_results_annex_prints_differently():
    text = report_text(annex={"4.1": "Outstanding"})
    [found] = cross_check(draft_of(text))
    assert found.subject == "standard 4.1's rating"
    assert ("the results annex says 'Outstanding'",
            line_of(text, "4.1. Unpaid work", after="Standard/Key question")) in found.places


def test_the_overall_rating_in_the_findings_against_the_summary():
    text = report_text(overall_in_findings="Requires improvement")
    draft = draft_of(text)
    assert cross_check(draft) == [Disagreement("the overall rating", [
        ("the summary of ratings says 'Good'", line_of(text, "Good", after="Overall rating")),
        ("the chapter 'Overall findings' says 'Requires improvement'",
         line_of(text, "Overall, Testshire")),
    ], "the draft has what the summary of ratings says")]
    assert draft.data["overall_rating"] == "Good"


def test_a_figure_in_the_chapter_that_the_annex_prints_differently():
    text = report_text(chapter_figures={"2.1.1": 81, "2.1.2": 70}, figures={"2.1.1": 79})
    draft = draft_of(text)
    assert cross_check(draft) == [Disagreement("key question 2.1.1's figure", [
        ("the results annex says 79%", line_of(text, "2.1.1.", after="Standard/Key question")),
        ("its chapter says 81%", line_of(text, "2.1.1.")),
    ], "the draft has what the results annex says")]
    assert draft.data["key_questions"]["2.1.1"] == 79


def test_a_figure_printed_beside_the_questions_wording_without_its_number():
    question = standards().key_questions["2.2.3"]
    text = report_text(figures={"2.2.3": 51},
                       extra=f"Planning to keep people safe:\n\n{question.text}\t57%\n")
    [found] = cross_check(draft_of(text))
    assert found.subject == "key question 2.2.3's figure"
    assert ("its chapter says 57%", line_of(text, question.text)) in found.places


def test_a_figure_only_the_chapter_prints_is_taken_from_it():
    text = report_text(chapter_figures={"2.1.1": 81})
    text = text.replace("2.1.1. Does assessment focus sufficiently on engaging the service "
                        "user?\t70%\n", "", 1)
    text = text[:text.index("Annex 2: Inspection results\n")] + text[
        text.index("Annex 2: Inspection results\n"):].replace(
        "2.1.1. Does assessment focus sufficiently on engaging the service user?\t70%\n", "")
    draft = draft_of(text)
    assert draft.data["key_questions"]["2.1.1"] == 81


def test_a_footnote_cited_but_not_defined_and_one_defined_but_not_cited():
    lines = read_lines("Some text.¹\n\nMore text.\n\n² A footnote nobody cites.\n\n"
                       "Cited.³\n\n³ Its footnote.\n")
    assert footnotes(lines) == [
        Disagreement("footnote 1", [("its marker", 1)], "its footnote is not in the text: copy "
                     "it from the report, or the marker is a stray"),
        Disagreement("footnote 2", [("its footnote", 5)], "no marker cites it: add the marker "
                     "where the report prints it"),
    ]


def test_a_repeated_footnote_number_is_named_as_printed():
    assert footnotes(read_lines("A.¹\n\n¹ First.\n\nB.¹\n\n¹ Second.\n")) == []
    assert [d.subject for d in footnotes(read_lines("A.¹\n\n¹ First.\n\n¹ Second.\n"))] == \
        ["footnote 1"]  # the second footnote 1 (labelled 1-2) has no marker


def test_recommendations_counted_against_what_the_text_says():
    text = report_text(said="three")
    assert cross_check(draft_of(text)) == [Disagreement("the number of recommendations", [
        ("the text says 3", line_of(text, "As a result of our inspection")),
        ("2 are listed", line_of(text, "1. improve")),
    ], "check the list against the report")]


def test_recommendations_numbered_out_of_order():
    text = report_text(recommendations=("1. improve its risk assessments",
                                        "3. review its operating model."))
    assert cross_check(draft_of(text)) == [Disagreement("the recommendations' numbering", [
        ("recommendation 3 comes where 2 should", line_of(text, "3. review"))],
        "check the list against the report")]
