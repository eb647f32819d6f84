"""The benchmark's generated corpora are valid, varied sites, like real ones."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from reportsite.diagnostics import Severity, format_all
from reportsite.pipeline import load_site

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from generate import generate  # noqa: E402


def test_a_generated_corpus_passes_check_with_varied_ratings_and_distinct_text(tmp_path):
    generate(12, tmp_path / "corpus")
    site, problems = load_site(tmp_path / "corpus")
    errors = [p for p in problems if p.severity is Severity.ERROR]
    assert site is not None and not errors, format_all(errors)
    assert len(site.reports) == 12
    overall = Counter(report.inspection.overall_rating for report in site.reports.values())
    assert len(overall) >= 2, overall  # aggregate pages see a spread, not one rating
    chapters = Counter(path.read_text() for path in (tmp_path / "corpus").glob("inspections/*/*.md"))
    assert max(chapters.values()) == 1, "two copies share a Markdown file's text"
