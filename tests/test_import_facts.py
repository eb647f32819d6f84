"""importer/facts.py: the summary of ratings, key facts, results annex and glossary read
into data, with a slot where each is printed and every unplaced line named."""

from __future__ import annotations

from reportsite.importer import facts
from reportsite.importer.blocks import make_blocks
from reportsite.importer.draft import Draft
from reportsite.importer.lines import read_lines
from tests.reports import line_of, standards


def read(reader, text: str) -> tuple[Draft, list[str]]:
    draft = Draft(standards(), data={"key_facts": []})
    return draft, reader(make_blocks(read_lines(text)), draft)


def test_the_summary_of_ratings_in_rows_and_with_each_rating_under_its_standard():
    text = ("Service: Testshire\nCommunity Rehabilitation Company\n\n"
            "Fieldwork started: January 2019\n\nOverall rating\n\nGood\n\n"
            "1. Organisational delivery\n\n1.1\tLeadership\tOutstanding\t\n1.2 ¹\tStaff\tGood\n\n"
            "4.² CRC specific\n\n4.1 Unpaid work\n\nRequires Improvement\n\n"
            "A stray line\n\n¹ A note on staff.\n")
    draft, out = read(facts.summary_of_ratings, text)
    assert out == ["::: ratings", "[^1]: A note on staff."]
    seen = {sid: [(s.value, s.line) for s in places] for sid, places in draft.seen.ratings.items()}
    assert seen == {"1.1": [("Outstanding", line_of(text, "1.1"))],
                    "1.2": [("Good", line_of(text, "1.2"))],
                    "4.1": [("Requires improvement", line_of(text, "Requires"))]}
    assert [(s.value, s.line) for s in draft.seen.overall] == [("Good", line_of(text, "Good"))]
    assert draft.data["fieldwork"] == "2019-01"
    assert draft.rating_footnotes == {"1.1": [], "1.2": ["1"], "4.1": []}
    assert draft.domain_footnotes == {"4": ["2"]}
    assert [(n.line, n.message) for n in draft.unplaced] == [
        (line_of(text, "A stray"), "summary of ratings: 'A stray line'")]


def test_key_facts_as_a_figure_over_its_text_and_in_the_older_bulleted_layout():
    text = ("4,171\n\nThe number supervised.⁸\n\n⁸ Source.\n\n- 258,748** The total number.\n"
            "- no figure here\n\nA sentence with no figure.\n\n12%\n")
    draft, out = read(facts.key_facts, text)
    assert out == ["::: key-facts", "[^8]: Source."]
    assert draft.data["key_facts"] == [{"figure": "4,171", "text": "The number supervised.[^8]"},
                                       {"figure": "258,748", "text": "The total number."}]
    assert [(n.line, n.message) for n in draft.unplaced] == [
        (line_of(text, "- no"), "key fact without a figure: 'no figure here'"),
        (line_of(text, "A sentence"), "key facts: 'A sentence with no figure.'"),
        (line_of(text, "12%"), "key facts: a figure without its text: '12%'")]


def test_the_results_annex_gives_figures_ratings_and_their_footnotes():
    reviewing = standards().standards["2.4"].description
    text = ("Standard/Key question\tRating/% yes\n\n2. Case supervision\n\n"
            f"2.4. Reviewing\tRequires Improvement¹⁸\n{reviewing}\t\n"
            "2.4.1. Does reviewing focus on compliance?\t76%\n"
            "2.4.3. Does reviewing focus on keeping other people safe? ¹⁷\t49%\n"
            "2.4.9 An odd line\t\n\n¹⁸ The ratings panel agreed.\n")
    draft, out = read(facts.results, text)
    assert out == ["## 2. Case supervision", "::: results 2", "[^18]: The ratings panel agreed."]
    assert {q: [(s.value, s.line) for s in p] for q, p in draft.seen.figures.items()} == {
        "2.4.1": [(76, line_of(text, "2.4.1"))], "2.4.3": [(49, line_of(text, "2.4.3"))]}
    assert [(s.value, s.line) for s in draft.seen.ratings["2.4"]] == [
        ("Requires improvement", line_of(text, "2.4. Reviewing"))]
    assert draft.rating_explanations == {"2.4": ["18"]}
    assert draft.figure_footnotes == {"2.4.3": ["17"]}
    assert [n.message for n in draft.unplaced] == ["inspection results: '2.4.9 An odd line'"]


def test_a_chapter_is_the_results_when_it_holds_most_of_the_key_questions():
    rows = "\n".join(f"{q.id}. {q.text}\t70%" for q in standards().key_questions.values())
    assert facts.is_results(make_blocks(read_lines(rows)), Draft(standards()))
    some = "\n".join(rows.split("\n")[:5])
    assert not facts.is_results(make_blocks(read_lines(some)), Draft(standards()))


def test_the_glossary_runs_a_definition_on_over_its_next_lines():
    draft, out = read(facts.glossary, "**CRC**\tCommunity Rehabilitation Company\nRoSH\tRisk of\n"
                                      "serious harm\n\n¹ A note.\n")
    assert out == ["::: glossary"]
    assert draft.glossary == [("CRC", "Community Rehabilitation Company"),
                              ("RoSH", "Risk of serious harm")]
    assert [n.message for n in draft.unplaced] == ["a footnote inside the glossary: 'A note.'"]


def test_a_glossary_line_before_any_term_is_not_placed():
    draft, _ = read(facts.glossary, "Terms used in this report\n")
    assert [n.message for n in draft.unplaced] == ["glossary: 'Terms used in this report'"]


def test_a_month_and_year_as_printed():
    assert facts.month_of("Fieldwork started: JANUARY 2019") == "2019-01"
    assert facts.month_of("no date") is None
