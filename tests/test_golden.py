"""Golden output: a few chosen pages, normalised, against the copies in tests/golden/.

Any change to what those pages say shows up here as a diff to review. When the
change is intended, write the new copies and commit them with it:

    UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

The pages are normalised before they are compared: an asset's name loses the hash
of its content (``site.4c387b097e.css`` -> ``site.css``), so a change of style
alone does not rewrite every copy. Every page of every kind is checked otherwise,
by the HTML, link and accessibility gates and the fidelity test.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
from pathlib import Path

import pytest

from reportsite.cli import TEMPLATES
from reportsite.engine import Engine
from tests.sites import write_site

GOLDEN = Path(__file__).resolve().parent / "golden"
REAL_CONTENT = Path(__file__).resolve().parent.parent / "content"
#: Of the real site: two report pages (one per framework, with every kind of slot,
#: glossary term and footnote), the pages that gather across reports, and a standard's
#: old address, which leads to its page.
REAL_PAGES = ["inspections/essex-crc-2018/index.html", "inspections/north-london-2016/index.html",
              "glossary/index.html", "frameworks/standards-2018/2-1/index.html",
              "standards/2-1/index.html", "index.html", "about/index.html"]
#: Of the fixture site: its report, an owner's history, the open data page and the feed.
FIXTURE_PAGES = ["inspections/testshire-crc-2019/index.html", "owners/testco/index.html",
                 "data/index.html", "feed.xml"]


def build(content: Path, out: Path) -> Path:
    result = Engine(content, out, TEMPLATES).build()
    assert result.ok, result.problems
    return out


#: An asset's name with the hash of its content (see reportsite/render/assets.py).
HASHED = re.compile(r"(assets/[\w.-]+?)\.[0-9a-f]{10}(\.\w+)")


def normalised(page: Path) -> str:
    return HASHED.sub(r"\1\2", page.read_text(encoding="utf-8"))


def compare(built: Path, golden: Path, pages: list[str]) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(golden, ignore_errors=True)
        for page in pages:
            (golden / page).parent.mkdir(parents=True, exist_ok=True)
            (golden / page).write_text(normalised(built / page), encoding="utf-8")
    expected = sorted(p.relative_to(golden).as_posix() for p in golden.rglob("*") if p.is_file())
    assert expected == sorted(pages), "golden copies missing: run with UPDATE_GOLDEN=1"
    differing = [page for page in pages
                 if normalised(built / page) != (golden / page).read_text(encoding="utf-8")]
    if differing:
        first = differing[0]
        diff = difflib.unified_diff((golden / first).read_text().splitlines(),
                                    normalised(built / first).splitlines(),
                                    f"golden/{first}", f"built/{first}", lineterm="", n=1)
        pytest.fail(f"{len(differing)} page(s) differ from tests/golden ({', '.join(differing)}); "
                    f"if intended, run with UPDATE_GOLDEN=1. First difference:\n"
                    + "\n".join(list(diff)[:60]), pytrace=False)


def test_the_fixture_site_is_built_exactly_as_before(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = build(write_site(tmp_path), tmp_path / "site")
    compare(out, GOLDEN / "fixture", FIXTURE_PAGES)


def test_real_reports_and_aggregate_pages_are_built_exactly_as_before(tmp_path):
    out = build(REAL_CONTENT, tmp_path / "site")
    compare(out, GOLDEN / "real", REAL_PAGES)
