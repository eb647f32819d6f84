"""`build.py import`: every source drafts an inspection that `check` accepts, the
printed report is what an editor needs, and bad input is refused with nothing written."""

from __future__ import annotations

import contextlib
import difflib
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from reportsite.cli import main
from reportsite.diagnostics import Severity, format_all
from reportsite.pipeline import load_site
from tests.reports import report_text

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "content" / "sources").glob("*.txt"))
STANDARDS_SOURCES = [s for s in SOURCES if "Quality & Impact" not in s.read_text()[:3000]]


def empty_content(root: Path) -> Path:
    content = root / "content"
    shutil.copytree(ROOT / "content" / "frameworks", content / "frameworks")
    shutil.copy(ROOT / "content" / "site.yaml", content / "site.yaml")
    shutil.copy(ROOT / "content" / "providers.yaml", content / "providers.yaml")
    shutil.copy(ROOT / "content" / "owners.yaml", content / "owners.yaml")
    (content / "glossary.yaml").write_text("terms: []\n")
    (content / "inspections").mkdir()
    return content


def run_import(content: Path, source: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "import", str(source),
                           "--content", str(content), *args],
                          capture_output=True, text=True, timeout=120)


def import_here(content: Path, source: Path, *args: str) -> tuple[int, str, str]:
    """The import run in this process: exit code, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["import", str(source), "--content", str(content), *args])
    return code, out.getvalue(), err.getvalue()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


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


def test_drafts_pass_check_and_are_drafts(imported):
    content, outputs = imported
    site, problems = load_site(content)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    assert site is not None and not errors, format_all(errors)
    assert len(site.reports) == len(SOURCES)
    assert all(report.inspection.draft for report in site.reports.values())
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
    assert inspection.chief_inspector in ("Dame Glenys Stacey", "Justin Russell")


def test_outcomes_report_draft_holds_its_judgements(imported):
    content, outputs = imported
    site, _ = load_site(content)
    inspection = site.reports["draft-003"].inspection
    assert set(inspection.outcomes) == {"protecting-the-public", "reducing-reoffending",
                                        "abiding-by-the-sentence"}
    assert inspection.outcomes["protecting-the-public"]["crc"].judgement == "Poor"
    assert len(inspection.all_recommendations) == 11
    assert "(framework: quality-impact-2016)" in outputs["003_02b04413a9c13064.txt"].stdout


def test_boilerplate_goes_unmentioned(imported):
    _, outputs = imported
    for result in outputs.values():
        for word in ("copyright", "re-use", "Published by", "Bridge Street", "signature"):
            assert word not in result.stdout


def test_the_printed_report_puts_disagreements_first_then_unplaced_text_then_counts(tmp_path):
    content = empty_content(tmp_path)
    report = tmp_path / "report.txt"
    report.write_text(report_text(summary={"1.1": "Outstanding"}).replace(
        "Overall rating\n", "Seen by the panel in May\n\nOverall rating\n"))
    code, out, err = import_here(content, report)
    assert (code, err) == (0, "")
    out = re.sub(r"in \d+\.\d+ s", "in 0.01 s", out.replace(str(tmp_path), "TMP"))
    assert out == """\
drafted TMP/content/inspections/testshire-crc-2019 from TMP/report.txt in 0.01 s \
(framework: standards-2018)

the report disagrees with itself (1): settle each against the published report
  - standard 1.1's rating: the summary of ratings says 'Outstanding' (TMP/report.txt:64); \
its chapter says 'Good' (TMP/report.txt:86); the draft has what the summary of ratings says

text that could not be placed (it is not in the draft) (1):
  - TMP/report.txt:58: summary of ratings: 'Seen by the panel in May'

to check by hand (2):
  - a new provider 'testshire-crc' was added to providers.yaml: check it there
  - a new owner 'testco-justice' was added to owners.yaml: check it there

10 chapters, 10 ratings, 19 key-question figures, 2 recommendations, 0 key facts, \
2 glossary entries (2 new terms, 0 new wordings, 0 shared); wrote 14 files

next: read TMP/content/inspections/testshire-crc-2019 against the report, then run \
'python build.py check'; remove 'draft: true' from inspection.yaml to publish
"""


def test_bad_input_is_refused_with_a_message_and_nothing_is_written(tmp_path):
    content = empty_content(tmp_path / "site")
    before = snapshot(content)
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "empty.txt").write_text("")
    (reports / "blank.txt").write_text("  \n\t\n \u00a0\n")
    (reports / "report.pdf").write_bytes(b"%PDF-1.4\n\x00\x01\x02binary")
    (reports / "latin1.txt").write_bytes("Foreword\n\nCaf\xe9 society.\n".encode("latin-1"))
    (reports / "novel.txt").write_text("It was a bright cold day in April.\n" * 20)
    (reports / "a-folder").mkdir()
    results = []
    for name in ("empty.txt", "blank.txt", "report.pdf", "latin1.txt", "missing.txt",
                 "a-folder", "novel.txt"):
        code, out, err = import_here(content, reports / name)
        results.append(f"{code} {out}{err}".replace(str(reports), "R").strip())
    assert "\n".join(results) == """\
1 R/empty.txt: error: the file is empty
    hint: export the report's text into it; nothing was written
1 R/blank.txt: error: the file holds only blank space
    hint: export the report's text into it; nothing was written
1 R/report.pdf:2:1: error: file contains a NUL byte; it looks binary, not text
    hint: content files must be UTF-8 text (YAML or Markdown)
1 R/latin1.txt:3:4: error: file is not valid UTF-8 (byte 0xe9)
    hint: save the file as UTF-8 in your editor
2 build.py import: error: R/missing.txt does not exist; give the path of the report's text export
2 build.py import: error: R/a-folder is a folder; give the path of the report's text export
1 build.py import: error: cannot tell which framework R/novel.txt follows: its wording fits no \
framework: tried quality-impact-2016 (0 of 6 phrases found), standards-2018 (0 of 29 phrases \
found). Nothing was written; if it is one of them, say which with --framework ID"""
    assert snapshot(content) == before


def test_the_framework_can_be_named(tmp_path):
    content = empty_content(tmp_path)
    report = tmp_path / "report.txt"
    report.write_text(report_text())
    code, _, err = import_here(content, report, "--framework", "standards-2019")
    assert (code, err.strip()) == (2, "build.py import: error: unknown framework "
                                      "'standards-2019'; did you mean 'standards-2018'?")
    code, out, _ = import_here(content, report, "--framework", "standards-2018")
    assert code == 0 and "(framework: standards-2018)" in out


def test_a_bad_slug_is_a_usage_error(tmp_path):
    result = run_import(empty_content(tmp_path), SOURCES[0], "--slug", "../escape")
    assert result.returncode == 2
    assert "must be lowercase words" in result.stderr
    assert not (tmp_path / "escape").exists()


def test_force_replaces_a_draft_and_never_an_inspection_an_editor_published(tmp_path):
    content = empty_content(tmp_path)
    report = tmp_path / "report.txt"
    report.write_text(report_text())
    assert import_here(content, report, "--slug", "testshire-crc-2019")[0] == 0
    folder = content / "inspections" / "testshire-crc-2019"
    (folder / "notes.md").write_text("# Notes\n")

    code, _, err = import_here(content, report, "--slug", "testshire-crc-2019")
    assert code == 1 and "already exists" in err and (folder / "notes.md").exists()

    assert import_here(content, report, "--slug", "testshire-crc-2019", "--force")[0] == 0
    assert not (folder / "notes.md").exists()  # replaced whole: it was a draft

    data = yaml.safe_load((folder / "inspection.yaml").read_text())
    del data["draft"]
    (folder / "inspection.yaml").write_text(yaml.safe_dump(data))
    before = snapshot(folder)
    code, _, err = import_here(content, report, "--slug", "testshire-crc-2019", "--force")
    assert code == 1
    assert "is not a draft (its inspection.yaml has no 'draft: true'), so --force does not " \
           "replace it" in err
    assert snapshot(folder) == before


def test_the_glossary_gains_entries_and_keeps_every_other_line_as_written(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    before = (content / "glossary.yaml").read_text()
    assert run_import(content, SOURCES[4], "--slug", "hampshire-again-2019").returncode == 0
    after = (content / "glossary.yaml").read_text()
    assert only_insertions(before, after) and len(after) > len(before)
    site, _ = load_site(content)
    shared = site.glossary.by_slug["accredited-programme"].definitions[0].reports
    assert shared[-2:] == ["hampshire-isle-of-wight-crc-2019", "hampshire-again-2019"]


def only_insertions(before: str, after: str) -> bool:
    """Whether ``after`` is ``before`` with text inserted, nothing removed or changed."""
    lines = difflib.SequenceMatcher(None, before.split("\n"), after.split("\n"), autojunk=False)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        if tag in ("delete", "replace") and not all(
                op in ("equal", "insert") for op, *_ in difflib.SequenceMatcher(
                    None, "\n".join(before.split("\n")[i1:i2]),
                    "\n".join(after.split("\n")[j1:j2]), autojunk=False).get_opcodes()):
            return False
    return True


def test_glossary_merges_identical_wordings(imported):
    content, _ = imported
    site, _ = load_site(content)
    entry = site.glossary.by_slug["accredited-programme"]
    assert len(entry.definitions) == 1
    assert len(entry.definitions[0].reports) == 4


@pytest.mark.parametrize("name, text, message", [
    ("glossary.yaml", "terms: [{term: CRC, definitions: []}]\n",
     "glossary.yaml cannot be merged into: its 'terms:' are written as one [...] list"),
    ("providers.yaml", "testshire-crc: [unclosed\n",
     "providers.yaml cannot be read (ParserError); run 'python build.py check' to see why"),
    ("owners.yaml", "- a list\n",
     "owners.yaml is not a list of entries by slug; run 'python build.py check' to see why"),
])
def test_a_site_file_it_cannot_add_to_stops_the_import_before_anything_is_written(
        tmp_path, name, text, message):
    content = empty_content(tmp_path)
    (content / name).write_text(text)
    before = snapshot(content)
    report = tmp_path / "report.txt"
    report.write_text(report_text())
    code, _, err = import_here(content, report)
    assert code == 1
    assert message in err and "Traceback" not in err
    assert snapshot(content) == before
