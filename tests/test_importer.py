"""`build.py import`: every source drafts an inspection that `check` accepts."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportsite.diagnostics import Severity, format_all
from reportsite.importer.blocks import make_blocks
from reportsite.importer.lines import read_lines
from reportsite.pipeline import load_site

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "content" / "sources").glob("*.txt"))
STANDARDS_SOURCES = [s for s in SOURCES if "Quality & Impact" not in s.read_text()[:3000]]


def empty_content(root: Path) -> Path:
    content = root / "content"
    shutil.copytree(ROOT / "content" / "frameworks", content / "frameworks")
    shutil.copy(ROOT / "content" / "providers.yaml", content / "providers.yaml")
    shutil.copy(ROOT / "content" / "owners.yaml", content / "owners.yaml")
    (content / "glossary.yaml").write_text("terms: []\n")
    (content / "inspections").mkdir()
    return content


def run_import(content: Path, source: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "import", str(source),
                           "--content", str(content), *args],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """All five sources imported, one after another, into one empty content folder."""
    content = empty_content(tmp_path_factory.mktemp("import"))
    outputs = {}
    for source in SOURCES:
        result = run_import(content, source, "--slug", f"draft-{source.name[:3]}")
        assert result.returncode == 0, result.stderr
        outputs[source.name] = result
    return content, outputs


def test_drafts_pass_check(imported):
    content, outputs = imported
    site, problems = load_site(content)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    assert site is not None and not errors, format_all(errors)
    assert len(site.reports) == len(SOURCES)
    for result in outputs.values():
        assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("source", STANDARDS_SOURCES, ids=lambda p: p.name[:3])
def test_drafts_hold_all_ratings_figures_and_recommendations(imported, source):
    content, _ = imported
    site, _ = load_site(content)
    inspection = site.reports[f"draft-{source.name[:3]}"].inspection
    assert len(inspection.ratings) == 10
    assert len(inspection.key_questions) == 19
    text = source.read_text()
    expected = re.search(r"we have made (\w+) recommendations", text).group(1)
    words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    assert len(inspection.all_recommendations) == words.index(expected) + 1
    assert inspection.overall_rating in ("Good", "Requires improvement")


def test_outcomes_report_draft_holds_its_judgements(imported):
    content, _ = imported
    site, _ = load_site(content)
    inspection = site.reports["draft-003"].inspection
    assert set(inspection.outcomes) == {"protecting-the-public", "reducing-reoffending",
                                        "abiding-by-the-sentence"}
    assert inspection.outcomes["protecting-the-public"]["crc"].judgement == "Poor"
    assert len(inspection.all_recommendations) == 11


def test_import_prints_what_it_left_out(imported):
    _, outputs = imported
    text = outputs["003_02b04413a9c13064.txt"].stdout
    assert "A handwritten signature" in text
    assert "to check by hand" in text


def test_import_refuses_an_existing_folder(imported):
    content, _ = imported
    before = (content / "inspections" / "draft-000" / "inspection.yaml").read_text()
    result = run_import(content, SOURCES[0], "--slug", "draft-000")
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert (content / "inspections" / "draft-000" / "inspection.yaml").read_text() == before


def test_import_rejects_a_bad_slug(tmp_path):
    result = run_import(empty_content(tmp_path), SOURCES[0], "--slug", "../escape")
    assert result.returncode == 2
    assert "must be lowercase words" in result.stderr
    assert not (tmp_path / "escape").exists()


def test_glossary_merges_identical_wordings(imported):
    content, _ = imported
    site, _ = load_site(content)
    entry = site.glossary.by_slug["accredited-programme"]
    assert len(entry.definitions) == 1
    assert len(entry.definitions[0].reports) == 4


def test_superscript_and_sup_tag_markers_become_footnotes():
    lines = read_lines("Text.¹ More<sup>12</sup> here\n\n¹ First note\n\n<sup>12</sup> Second\n")
    assert lines[0].text == "Text.[^1] More[^12] here"
    assert [(l.footnote, l.text) for l in lines if l.footnote] == [("1", "First note"),
                                                                   ("12", "Second")]


def test_a_repeated_footnote_number_gets_its_own_label():
    lines = read_lines("A.¹\n\n¹ First\n\nB.¹\n\n¹ Second\n")
    assert [l.text for l in lines if l.text.startswith(("A", "B"))] == ["A.[^1]", "B.[^1-2]"]
    assert [l.footnote for l in lines if l.footnote] == ["1", "1-2"]


def test_a_paragraph_cut_by_a_page_break_is_joined_and_its_footnotes_follow():
    lines = read_lines("The figures for the\n\n¹ A note\n\nwhole year rose.¹\n\nNext.\n")
    blocks = make_blocks(lines)
    assert [b.kind for b in blocks] == ["text", "footnote", "text"]
    assert blocks[0].text == "The figures for the whole year rose.[^1]"
