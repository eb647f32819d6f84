"""Open data files: what a spreadsheet opening them would run is shown as text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from reportsite.pipeline import load_site
from reportsite.render.data import data_files, neutralised
from reportsite.render.urls import Urls

CONTENT = Path(__file__).resolve().parent.parent / "content"
#: Cells a spreadsheet would take for a formula (OWASP, CSV Injection), one per way to start one.
FORMULAS = ["=HYPERLINK(\"https://evil.example\",\"Poor\")", "+1+1", "-2+3", "@SUM(A1:A2)",
            "\t=1+1", "\r=1+1"]


def test_a_text_that_would_start_a_formula_gets_a_quote_before_it():
    assert [neutralised(text) for text in FORMULAS] == ["'" + text for text in FORMULAS]
    assert [neutralised(value) for value in ("Poor", "Requires improvement", "2.1", 82, -1, "")] == \
        ["Poor", "Requires improvement", "2.1", 82, -1, ""]  # numbers are numbers, not text


def test_every_csv_file_written_neutralises_formulas(tmp_path):
    site, _ = load_site(CONTENT)
    judgements = [judgement for report in site.reports.values()
                  for by_organisation in report.inspection.outcomes.values()
                  for judgement in by_organisation.values()]
    assert len(judgements) >= len(FORMULAS)
    for judgement, formula in zip(judgements, FORMULAS):
        judgement.judgement = formula
    files = {file.name: file for file in data_files(site, Urls("data/", None))}
    rows = list(csv.DictReader(io.StringIO(files["judgements.csv"].content.decode("utf-8"), newline="")))
    written = [row["judgement"] for row in rows if row["judgement"].lstrip("'") in FORMULAS]
    assert sorted(written) == sorted("'" + formula for formula in FORMULAS)
    for name in ("ratings.csv", "key-questions.csv"):  # ids, ratings and whole numbers, unchanged
        text = files[name].content.decode("utf-8")
        assert "'" not in text and text.count("\r\n") > 30
