"""Open data files: ratings.csv, key-questions.csv, judgements.csv, inspections.json."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from ..diagnostics import word_list
from ..model.site import Site
from .urls import Urls


@dataclass
class DataFile:
    name: str
    description: str
    fields: list[tuple[str, str]]
    rows: int
    unit: str
    content: bytes

    @property
    def anchor(self) -> str:
        return self.name.replace(".", "-")

    @property
    def format(self) -> str:
        return "UTF-8 JSON" if self.name.endswith(".json") else "UTF-8 CSV with a header row"


#: What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: object) -> object:
    """A text cell that a spreadsheet would run as a formula, with a single quote
    before it, as OWASP recommends: shown as text. Numbers are left as they are."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def _csv(header: list[str], rows: list[list]) -> bytes:
    """RFC 4180 CSV: its CRLF line ends make a text holding either character quoted (a
    lone CR in an unquoted cell would start a new row, and perhaps a formula)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([neutralised(cell) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8")


def data_files(site: Site, urls: Urls) -> list[DataFile]:
    reports = sorted(site.reports.values(), key=lambda r: r.slug)
    ratings, figures, judgements, inspections = [], [], [], []
    for report in reports:
        inspection = report.inspection
        framework = site.framework_of(report)
        for standard_id in framework.standards:
            if standard_id in inspection.ratings:
                ratings.append([inspection.slug, framework.id, standard_id,
                                inspection.rating_of(standard_id).rating])
        for question_id in framework.key_questions:
            if question_id in inspection.key_questions:
                figures.append([inspection.slug, framework.id, question_id,
                                inspection.percent_of(question_id)])
        for area, by_organisation in inspection.outcomes.items():
            for organisation, judgement in by_organisation.items():
                judgements.append([inspection.slug, framework.id, area, organisation,
                                   judgement.judgement or ""])
        target = f"inspections/{inspection.slug}/"
        inspections.append({
            "slug": inspection.slug,
            "title": inspection.title,
            "provider": " and ".join(site.providers[p].name for p in inspection.providers),
            "providers": inspection.providers,
            "owner": " and ".join(owner.name if owner else "not known"
                                  for _, owner in site.ownership(inspection)),
            "owners": [owner.slug if owner else None for _, owner in site.ownership(inspection)],
            "framework": inspection.framework,
            "published": inspection.published.iso() if inspection.published else None,
            "fieldwork": inspection.fieldwork.iso() if inspection.fieldwork else None,
            "overall_rating": inspection.overall_rating,
            "lead_inspector": inspection.lead_inspector,
            "isbn": inspection.isbn,
            "source": inspection.source,
            "url": urls.absolute(target) or target,
        })
    used = {r.inspection.framework for r in reports}
    frameworks = [f for f in site.frameworks.values() if f.id in used]
    words = _Words(frameworks)
    framework_field = ("framework", "The framework the inspection was made under, by its id"
                       + words.each(lambda f: f"{f.id} ({f.name})", before=": ") + ".")
    return [
        DataFile("ratings.csv", "Every standard's rating in every inspection, with the "
                 "framework that names the standard.",
                 [("inspection", "The inspection's slug, as in its page's address."),
                  framework_field,
                  ("standard", "The standard's id in that framework, e.g. "
                   + words.first(lambda f: next(iter(f.standards), None)) + "."),
                  ("rating", "As published, a rating of the framework's scale"
                   + words.each(lambda f: f"{', '.join(f.rating_names)} ({f.short_name})",
                                lambda f: f.rated, ": ") + ".")],
                 len(ratings), "rows", _csv(["inspection", "framework", "standard", "rating"], ratings)),
        DataFile("key-questions.csv", "Every key question's figure"
                 + words.each(lambda f: f"'{f.labels.figure}', the {f.labels.figure_meaning} "
                              f"({f.short_name})", lambda f: f.key_questions, ": ") + ".",
                 [("inspection", "The inspection's slug."), framework_field,
                  ("key_question", "The key question's id in that framework, e.g. "
                   + words.first(lambda f: next(iter(f.key_questions), None)) + "."),
                  ("percent_yes", "Whole-number percentage, 0 to 100.")],
                 len(figures), "rows",
                 _csv(["inspection", "framework", "key_question", "percent_yes"], figures)),
        DataFile("judgements.csv", "The judgements in words, by outcome area and organisation.",
                 [("inspection", "The inspection's slug."), framework_field,
                  ("outcome_area", "The outcome area's id in that framework"
                   + words.each(lambda f: f"{word_list([a.id for a in f.outcome_areas])} ({f.short_name})",
                                lambda f: f.outcome_areas, ": ") + "."),
                  ("organisation", "Whose work is judged"
                   + words.each(lambda f: f"{word_list([f'{o.id} ({o.name})' for o in f.organisations])}"
                                f" ({f.short_name})", lambda f: f.organisations, ": ") + "."),
                  ("judgement", "The judgement in the report's words, where it gives one.")],
                 len(judgements), "rows",
                 _csv(["inspection", "framework", "outcome_area", "organisation", "judgement"],
                      judgements)),
        DataFile("inspections.json", "Every inspection, with its provider, owner, dates and overall "
                 "rating.",
                 [("slug", "Identifier, as in the page's address."), ("title", "As printed."),
                  ("provider", "Inspected organisation(s), by name."),
                  ("providers", "Their slugs."),
                  ("owner", "Each provider's owner at the time, by name, in the providers' order."),
                  ("owners", "Their slugs, one per provider in the same order (null: not known)."),
                  framework_field,
                  ("published", "Publication date: YYYY, YYYY-MM or YYYY-MM-DD; null if unknown."),
                  ("fieldwork", "When fieldwork started, same form."),
                  ("overall_rating", "The overall rating; null where the framework gives none"
                   + words.each(lambda f: f.short_name, lambda f: not f.rated, " (", ")") + "."),
                  ("lead_inspector", "Who led the inspection."), ("isbn", "Where printed."),
                  ("source", "The report's text export, under sources/."),
                  ("url", "The report's page.")],
                 len(inspections), "inspections",
                 (json.dumps(inspections, indent=2, ensure_ascii=False) + "\n").encode("utf-8")),
    ]


class _Words:
    """What the fields' descriptions say of the frameworks the data holds, in their words."""

    def __init__(self, frameworks: list):
        self.frameworks = frameworks

    def each(self, say, having=lambda f: True, before: str = "", after: str = "") -> str:
        said = [say(f) for f in self.frameworks if having(f)]
        return f"{before}{'; '.join(said)}{after}" if said else ""

    def first(self, pick) -> str:
        found = next((value for value in map(pick, self.frameworks) if value), None)
        return found or "1"
