"""Small report text exports in the Inspectorate's usual layout, built for tests.

``report_text()`` prints a short 2018-standards report as a text export does
(tab-separated tables, superscript footnote markers): every standard rated
'Good' in the summary, its chapter and the results annex, every key question at
70%, two recommendations. Tests change one thing through the keyword arguments
(a rating printed differently in one place, a figure, a footnote) and find the
line it is on with ``line_of``.
"""

from __future__ import annotations

from functools import cache

from reportsite.load.content import load_content
from reportsite.model.framework import Framework
from tests.sites import REAL_CONTENT


@cache
def frameworks() -> dict[str, Framework]:
    content, _ = load_content(REAL_CONTENT)
    return {key: pair[1] for key, pair in content.frameworks.items()}


def standards() -> Framework:
    return frameworks()["standards-2018"]


def report_text(*, summary: dict[str, str] | None = None, chapter: dict[str, str] | None = None,
                annex: dict[str, str] | None = None, figures: dict[str, int] | None = None,
                chapter_figures: dict[str, int] | None = None, overall: str = "Good",
                overall_in_findings: str | None = None, said: str = "two",
                recommendations: tuple[str, ...] = ("1. improve its risk assessments",
                                                    "2. review its operating model."),
                foreword: str = "We found much to praise.",
                extra: str = "", framework: Framework | None = None) -> str:
    """A report (under the 2018 standards unless ``framework`` says) whose standards are
    all 'Good' except where ``summary``, ``chapter`` or ``annex`` say otherwise, and whose
    key questions are 70% except in ``figures`` (the annex) and ``chapter_figures`` (a
    table in the chapter)."""
    framework = framework or standards()
    summary, chapter, annex = summary or {}, chapter or {}, annex or {}
    figures, chapter_figures = figures or {}, chapter_figures or {}
    contents = ["Foreword\t4", "Overall findings\t5", "Summary of ratings\t7",
                "Recommendations\t8"]
    body = []
    for domain in framework.domains:
        contents.append(f"{domain.id}. {domain.name}\t12")
        body += [f"{domain.id}. {domain.name}", ""]
        for standard in domain.standards:
            contents.append(f"{standard.id}. {standard.name}\t13")
            body += [f"{standard.id}. {standard.name}\t{chapter.get(standard.id, 'Good')}",
                     f"{standard.description}\t", "",
                     f"Inspectors read the cases about {standard.name.lower()} closely.", ""]
            if any(q.id in chapter_figures for q in standard.key_questions):
                body += [f"{q.id}. {q.text}\t{chapter_figures[q.id]}%"
                         for q in standard.key_questions if q.id in chapter_figures] + [""]
    contents += ["Annex 2: Inspection results\t31", "Annex 4: Glossary\t37"]
    results = ["Standard/Key question\tRating/% yes", ""]
    for domain in framework.domains[1:]:
        results += [f"{domain.id}. {domain.name}", ""]
        for standard in domain.standards:
            results.append(f"{standard.id}. {standard.name}\t{annex.get(standard.id, 'Good')}")
            results += [f"{q.id}. {q.text}\t{figures.get(q.id, 70)}%"
                        for q in standard.key_questions]
        results.append("")
    rows = [f"{s.id}\t{s.name}\t{summary.get(s.id, 'Good')}\t"
            for s in framework.standards.values()]
    lines = [
        "", "An inspection of", "", "Testshire Community Rehabilitation Company", "",
        "HM Inspectorate of Probation", "", "MAY 2019", "",
        "This inspection was led by HM Inspector Ann Example, supported by a team of "
        "inspectors. The manager responsible for this inspection programme is Bea Example.", "",
        "© Crown copyright 2019", "",
        "You may re-use this information (excluding logos) free of charge in any format.", "",
        "Contents", "", *contents, "",
        "Foreword", "", foreword, "", "", "", "Dame Test Person", "Chief Inspector of Probation", "",
        "Overall findings", "",
        f"Overall, Testshire Community Rehabilitation Company is rated as: "
        f"**{overall_in_findings or overall}**. Testshire CRC is owned by TestCo Justice.", "",
        "Summary of ratings", "", "Service: Testshire", "Community Rehabilitation Company", "",
        "Fieldwork started: January 2019", "", "Overall rating", "", overall, "", *rows, "",
        "Recommendations", "",
        f"As a result of our inspection findings, we have made {said} recommendations.", "",
        "Testshire CRC should:", "", *recommendations, "",
        *body, extra, "",
        "Annex 2: Inspection results", "", *results,
        "Annex 4: Glossary", "",
        "CRC\tCommunity Rehabilitation Company: a provider of probation services",
        "RoSH\tRisk of serious harm: a term used in OASys", "",
    ]
    return "\n".join(lines)


def line_of(text: str, wanted: str, after: str | None = None) -> int:
    """The 1-based number of the first line of ``text`` starting with ``wanted`` (after the
    first line starting with ``after``, if given)."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(after)) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and line.startswith(wanted)) + 1
