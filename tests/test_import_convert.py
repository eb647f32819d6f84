"""importer/convert.py: a report's chapters as Markdown, its facts as data, under the
framework it follows."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from reportsite.importer.convert import convert_report
from reportsite.importer.crosscheck import cross_check
from reportsite.importer.recognise import recognise
from tests.reports import frameworks, report_text, standards

LONG = "Inspectors read every case closely and found the work sound in most of them"


def chapters_of(text: str, framework=None) -> dict[str, str]:
    draft = convert_report(text, "report.txt", framework or standards())
    return {name: body for name, body in draft.chapters}


def test_a_standards_report_gives_its_data_and_a_slot_where_each_fact_is_printed():
    draft = convert_report(report_text(), "report.txt", standards())
    data = draft.data
    assert {key: data[key] for key in ("title", "framework", "draft", "published", "fieldwork",
                                       "source", "lead_inspector", "programme_manager",
                                       "chief_inspector", "overall_rating")} == {
        "title": "An inspection of Testshire Community Rehabilitation Company",
        "framework": "standards-2018", "draft": True, "published": "2019-05",
        "fieldwork": "2019-01", "source": "report.txt", "lead_inspector": "Ann Example",
        "programme_manager": "Bea Example", "chief_inspector": "Dame Test Person",
        "overall_rating": "Good"}
    assert data["ratings"] == {standard: "Good" for standard in standards().standards}
    assert data["key_questions"] == {question: 70 for question in standards().key_questions}
    assert data["recommendations"] == [{"by": "Testshire CRC", "items": [
        {"number": 1, "text": "improve its risk assessments"},
        {"number": 2, "text": "review its operating model."}]}]
    assert draft.provider_name == "Testshire Community Rehabilitation Company"
    chapters = {name: body for name, body in draft.chapters}
    assert list(chapters) == ["00-about-this-inspection.md", "01-foreword.md",
                              "02-overall-findings.md", "03-summary-of-ratings.md",
                              "04-recommendations.md", "05-organisational-delivery.md",
                              "06-case-supervision.md", "07-unpaid-work-and-through-the-gate.md",
                              "08-annex-2.md", "09-annex-4.md"]
    assert chapters["01-foreword.md"] == ("# Foreword\n\nWe found much to praise.\n\n"
                                          "Dame Test Person\n\nChief Inspector of Probation\n")
    assert chapters["06-case-supervision.md"].startswith(
        "# 2. Case supervision\n\n::: standard 2.1\n\nInspectors read the cases about assessment")
    assert "::: results 2\n\n## 4. Unpaid work and Through the Gate\n\n::: results 4" in \
        chapters["08-annex-2.md"]
    assert (draft.unplaced, draft.to_check) == ([], [])


def test_a_description_printed_differently_from_the_frameworks_is_noted():
    description = standards().standards["1.1"].description
    text = report_text().replace(description, description.replace("service users", "people"))
    draft = convert_report(text, "report.txt", standards())
    assert [note.message for note in draft.to_check] == [
        "standard 1.1's description is printed differently from the framework's: "
        f"{description.replace('service users', 'people')!r}"]


def test_strengths_areas_for_improvement_and_key_findings_become_data():
    extra = ("Strengths:\n\n- Leaders are visible.\n\nAreas for improvement:\n\n- Caseloads are high."
             "\n")
    text = report_text(extra=extra).replace(
        "is owned by TestCo Justice.\n", "is owned by TestCo Justice.\n\n"
        "Our key findings about the organisation were as follows:\n\n"
        "- **Leadership is strong**\n\nLeaders are out and about.\n\n"
        "Case supervision\n\nOur key findings about case supervision were as follows:\n\n"
        "- Plans are thin.\n\nOur key findings about other core activities were as follows:\n\n"
        "Unpaid work\n\n- Placements are varied.\n")
    draft = convert_report(text, "report.txt", standards())
    domains = draft.data["domains"]
    assert domains["1"]["key_findings"] == [{"summary": "Leadership is strong",
                                             "detail": "Leaders are out and about."}]
    assert domains["2"]["key_findings"] == [{"summary": "Plans are thin."}]
    assert domains["4"]["key_findings"] == [{"summary": "Placements are varied.",
                                             "standard": "4.1"}]
    assert domains["4"]["strengths"] == ["Leaders are visible."]
    assert domains["4"]["areas_for_improvement"] == ["Caseloads are high."]
    chapters = {name: body for name, body in draft.chapters}
    assert "::: key-findings 1\n\n## Case supervision\n\n" in chapters["02-overall-findings.md"]
    assert "## Unpaid work\n\n::: key-findings 4.1" in chapters["02-overall-findings.md"]
    assert "::: strengths 4\n\n::: areas-for-improvement 4" in \
        chapters["07-unpaid-work-and-through-the-gate.md"]


def test_image_places_become_placeholders_and_never_empty_headings():
    extra = ("Operating model\n\nOrganogram\n\n\n\nThe model in practice\n\n"
             f"{LONG}.\n\nModel of delivery\n\n\n\nSource: Testshire CRC\n\n{LONG}.\n\n\n\n"
             f"Source: Testshire CRC\n\nFigure 2.1: Population by borough\n\n"
             f"Figure 2.4 sets out the measures of deprivation.\n\nMap of the area\n")
    body = chapters_of(report_text(extra=extra))["07-unpaid-work-and-through-the-gate.md"]
    assert body.split("::: standard 4.2\n\n")[1] == (
        "Inspectors read the cases about through the gate closely.\n\n"
        "### Operating model\n\nTODO image: Organogram\n\n#### The model in practice\n\n"
        f"{LONG}.\n\nTODO image: Model of delivery\n\nSource: Testshire CRC\n\n{LONG}.\n\n"
        "TODO image: (no caption)\n\nSource: Testshire CRC\n\n"
        "TODO image: Figure 2.1: Population by borough\n\n"
        "Figure 2.4 sets out the measures of deprivation.\n\nTODO image: Map of the area\n")


def test_a_run_of_short_lines_is_a_list_of_lines_not_of_headings():
    extra = ("Available services\n\nNacro mentoring service\n\nNacro programmes (for all cases)\n\n"
             "Open Road women's service\n\nSubstance misuse service\n\n"
             f"{LONG}.\n")
    body = chapters_of(report_text(extra=extra))["07-unpaid-work-and-through-the-gate.md"]
    assert body.endswith("## Available services\n\nNacro mentoring service\n\n"
                         "Nacro programmes (for all cases)\n\nOpen Road women's service\n\n"
                         f"Substance misuse service\n\n{LONG}.\n")


def test_consecutive_quotes_are_one_block_quote():
    extra = "“The case is well managed,” one said.\n\n“Plans were clear.”\n\nAfter the quote.\n"
    body = chapters_of(report_text(extra=extra))["07-unpaid-work-and-through-the-gate.md"]
    assert body.endswith("> “The case is well managed,” one said.\n>\n> “Plans were clear.”\n\n"
                         "After the quote.\n")


def test_an_outcomes_report_gives_judgements_enablers_and_barriers_and_practice_examples():
    text = """\
Quality & Impact inspection

The effectiveness of probation work in Testshire

Contents

Foreword\t4
1. Overall judgements and recommendations\t6
Protecting the public\t7
Recommendations\t10
3. An evaluation\t24
Appendix 1: Glossary\t59

Foreword

A foreword.

Dame Test Person

HM Chief Inspector of Probation

1. Overall judgements and recommendations

Protecting the public

CRC effectiveness

Overall, performance was poor. The work was weak.

NPS effectiveness

Performance in the NPS was mixed.

Recommendations

The CRC should:

1. improve its assessments
2. reduce its caseloads

3. An evaluation

Protecting the public

CRC effectiveness

Assessment and planning

Assessment was weak in many cases.

Poor practice example: Peter was 40 years old.

At the time of the inspection he had not been assessed.

Other cases were better, as here:

Enablers\t\tBarriers\t
1.\tStrong leaders.\t1.\tHigh caseloads.

\t\t2.\tPoor oversight.

Appendix 1: Glossary

CRC\tCommunity Rehabilitation Company
"""
    outcomes = frameworks()["quality-impact-2016"]
    draft = convert_report(text, "report.txt", outcomes)
    assert draft.data["chief_inspector"] == "Dame Test Person"
    assert draft.data["title"] == ("Quality & Impact inspection: The effectiveness of probation "
                                   "work in Testshire")
    assert draft.data["outcomes"] == {"protecting-the-public": {
        "crc": {"summary": "Overall, performance was poor. The work was weak.",
                "judgement": "Poor", "enablers": ["Strong leaders."],
                "barriers": ["High caseloads.", "Poor oversight."]},
        "nps": {"summary": "Performance in the NPS was mixed.", "judgement": "Mixed"}}}
    assert [len(group["items"]) for group in draft.data["recommendations"]] == [2]
    chapters = {name: body for name, body in draft.chapters}
    assert chapters["02-overall-judgements-and-recommendations.md"] == (
        "# 1. Overall judgements and recommendations\n\n## Protecting the public\n\n"
        "::: judgements protecting-the-public\n\n## Recommendations\n\n::: recommendations\n")
    assert chapters["03-an-evaluation.md"] == (
        "# 3. An evaluation\n\n## Protecting the public\n\n### CRC effectiveness\n\n"
        "#### Assessment and planning\n\nAssessment was weak in many cases.\n\n"
        "> **Poor practice example:** Peter was 40 years old.\n>\n"
        "> At the time of the inspection he had not been assessed.\n\n"
        "Other cases were better, as here:\n\n"
        "::: enablers-barriers protecting-the-public crc\n")


def test_footnote_marks_are_kept_where_the_report_prints_them():
    text = report_text(annex={"2.4": "Good¹⁸"}).replace(
        "4.1\tUnpaid work", "4.1 ¹\tUnpaid work").replace(
        "4. Unpaid work and Through the Gate\n\n4.1\t", "4.² CRC specific\n\n4.1\t").replace(
        "Service: Testshire\nCommunity Rehabilitation Company", "Service: Testshire CRC")
    text = text.replace("\n4.1 ¹\tUnpaid", "\n4.² CRC specific\n4.1 ¹\tUnpaid", 1)
    text += "\n¹ CRC aspects are 4.1 and 4.2.\n\n² CRC specific work.\n\n¹⁸ A ratings panel.\n"
    draft = convert_report(text, "report.txt", standards())
    ratings = draft.data["ratings"]
    assert (ratings["4.1"], ratings["2.4"]) == (
        {"rating": "Good", "footnotes": ["1"]},
        {"rating": "Good", "explanation": "18"})
    assert draft.data["domains"]["4"] == {"footnotes": ["2"]}
    assert draft.service == "Testshire CRC"


def test_a_report_under_a_new_framework_file_is_read_with_no_change_in_the_code():
    youth = copy.deepcopy(standards())
    youth.id = "youth-2019"
    for level, name in zip(youth.ratings, ("Strong", "Sufficient", "Weak", "Poor")):
        level.name = name
    for number, domain in enumerate(youth.domains, start=1):
        domain.id = str(number)
        for index, standard in enumerate(domain.standards, start=1):
            standard.id = f"{number}.{index}"
            standard.description = f"Work on {standard.name.lower()} keeps every child safe."
            for count, question in enumerate(standard.key_questions, start=1):
                question.id = f"{standard.id}.{count}"
                question.text = f"Is question {question.id} answered for every child?"
    ratings = {standard: "Sufficient" for standard in youth.standards}
    text = report_text(framework=youth, summary=ratings, chapter=ratings, annex=ratings,
                       overall="Strong", figures={"3.2.1": 91})
    assert recognise(text, {**frameworks(), "youth-2019": youth}).framework is youth
    draft = convert_report(text, "report.txt", youth)
    assert draft.data["framework"] == "youth-2019"
    assert draft.data["overall_rating"] == "Strong"
    assert draft.data["ratings"] == ratings
    assert draft.data["key_questions"] == {**{q: 70 for q in youth.key_questions}, "3.2.1": 91}
    assert cross_check(draft) == [] and draft.unplaced == []
    chapters = {name: body for name, body in draft.chapters}
    assert "::: standard 3.2" in chapters["07-unpaid-work-and-through-the-gate.md"]
    assert "::: results 2" in chapters["08-annex-2.md"]


def test_a_heading_left_with_nothing_under_it_is_a_line_of_text():
    extra = "Local arrangements\n\n2.9 A numbered part\n\nIts text follows here in full.\n"
    body = chapters_of(report_text(extra=extra))["07-unpaid-work-and-through-the-gate.md"]
    assert body.endswith("Local arrangements\n\n## 2.9 A numbered part\n\n"
                         "Its text follows here in full.\n")


PIECES = ["", "\t", "- ", "1. ", "¹", "<sup>3</sup>", "# ", "**", "Contents", "Good",
          "Annex 2: Inspection results\t4", "2.1.1. Does assessment\t", "Strengths:",
          "Our key findings about", "should:", "Enablers\t\tBarriers", "Figure 1: x", "Source:",
          "|", "::: ratings", "\u00a0", "Inspection of probation services: Testshire CRC"]


@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(["delete", "repeat", "insert",
                                                                    "cut"]),
                          st.sampled_from(PIECES), st.sampled_from(PIECES)), max_size=30),
       st.sampled_from(["standards-2018", "quality-impact-2016"]))
def test_any_text_is_drafted_and_cross_checked_without_an_error(edits, framework_id):
    lines = report_text().split("\n")
    for position, edit, first, second in edits:
        at = position % len(lines) if lines else 0
        if edit == "delete" and lines:
            del lines[at]
        elif edit == "repeat" and lines:
            lines.insert(at, lines[(position * 7) % len(lines)])
        elif edit == "insert":
            lines.insert(at, f"{first}{second}Title Case words")
        elif lines:
            lines[at] = lines[at][:position % (len(lines[at]) + 1)]
    draft = convert_report("\n".join(lines), "report.txt", frameworks()[framework_id])
    assert all(name.endswith(".md") and body.startswith("# ") for name, body in draft.chapters)
    assert isinstance(cross_check(draft), list)


def test_the_address_the_report_says_it_is_published_at_is_its_official_url():
    """'This publication is available for download at:' and the address, as the copyright
    page prints it (plain, or as a Markdown link); none where it says none."""
    for printed in ("www.justiceinspectorates.gov.uk/hmiprobation",
                    "[www.justiceinspectorates.gov.uk/hmiprobation]"
                    "(http://www.justiceinspectorates.gov.uk/hmiprobation)"):
        text = report_text().replace(
            "© Crown copyright 2019\n",
            f"© Crown copyright 2019\n\nThis publication is available for download at:\n\n{printed}\n")
        data = convert_report(text, "report.txt", standards()).data
        assert data["official_url"] == "https://www.justiceinspectorates.gov.uk/hmiprobation"
    assert convert_report(report_text(), "report.txt", standards()).data["official_url"] is None
