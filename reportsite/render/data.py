"""Open data files: ratings.csv, key-questions.csv, judgements.csv, inspections.json."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

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
                ratings.append([inspection.slug, standard_id, inspection.rating_of(standard_id).rating])
        for question_id in framework.key_questions:
            if question_id in inspection.key_questions:
                figures.append([inspection.slug, question_id, inspection.percent_of(question_id)])
        for area, by_organisation in inspection.outcomes.items():
            for organisation, judgement in by_organisation.items():
                judgements.append([inspection.slug, area, organisation, judgement.judgement or ""])
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
    return [
        DataFile("ratings.csv", "Every standard's rating in every inspection under the 2018 standards.",
                 [("inspection", "The inspection's slug, as in its page's address."),
                  ("standard", "The standard's id, e.g. 2.1."),
                  ("rating", "Outstanding, Good, Requires improvement or Inadequate, as published.")],
                 len(ratings), "rows", _csv(["inspection", "standard", "rating"], ratings)),
        DataFile("key-questions.csv", "Every key question's '% yes' figure: the share of inspected "
                 "cases judged sufficient.",
                 [("inspection", "The inspection's slug."),
                  ("key_question", "The key question's id, e.g. 2.1.1."),
                  ("percent_yes", "Whole-number percentage, 0 to 100.")],
                 len(figures), "rows", _csv(["inspection", "key_question", "percent_yes"], figures)),
        DataFile("judgements.csv", "The 2016 Quality & Impact judgements, by outcome area and "
                 "organisation.",
                 [("inspection", "The inspection's slug."),
                  ("outcome_area", "protecting-the-public, reducing-reoffending or "
                                   "abiding-by-the-sentence."),
                  ("organisation", "crc, nps, or joint (the two working together)."),
                  ("judgement", "The judgement in the report's words, where it gives one.")],
                 len(judgements), "rows",
                 _csv(["inspection", "outcome_area", "organisation", "judgement"], judgements)),
        DataFile("inspections.json", "Every inspection, with its provider, owner, dates and overall "
                 "rating.",
                 [("slug", "Identifier, as in the page's address."), ("title", "As printed."),
                  ("provider", "Inspected organisation(s), by name."),
                  ("providers", "Their slugs."),
                  ("owner", "Each provider's owner at the time, by name, in the providers' order."),
                  ("owners", "Their slugs, one per provider in the same order (null: not known)."),
                  ("framework", "standards-2018 or quality-impact-2016."),
                  ("published", "Publication date: YYYY, YYYY-MM or YYYY-MM-DD; null if unknown."),
                  ("fieldwork", "When fieldwork started, same form."),
                  ("overall_rating", "The overall rating; null for Quality & Impact reports."),
                  ("lead_inspector", "Who led the inspection."), ("isbn", "Where printed."),
                  ("source", "The report's text export, under sources/."),
                  ("url", "The report's page.")],
                 len(inspections), "inspections",
                 (json.dumps(inspections, indent=2, ensure_ascii=False) + "\n").encode("utf-8")),
    ]
