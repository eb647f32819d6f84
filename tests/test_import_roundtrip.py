"""The importer against the curated content: each real report imported afresh.

Each source in content/sources/ is imported into an empty content folder and
compared with the inspection an editor curated from it (content/inspections/):

* every rating, key-question figure and key-fact figure is the same, with the
  footnote marks beside them, and so are the report's glossary wordings and its
  annex (its terms as it prints them);
* at least 99.5% of the curated text's sentences are in the import;
* at least 95% of the headings (text and level) are the same (an image's
  placeholder stands for an empty heading with its caption);
* the import holds no page furniture, no empty table and no empty heading.

The figures, and the lines an editor still changed by hand (a diff of the
chapters and of inspection.yaml, both written the same way), are printed at the
end of the run: docs/importing.md quotes them.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import re
import shutil
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

from reportsite.cli import main
from reportsite.importer.write import dump_yaml
from reportsite.pipeline import load_site
from reportsite.validate import IMAGE_PLACEHOLDER
from tests.test_fidelity import _yaml_strings, normalise, sentences

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SENTENCES_SHARE = 0.995
HEADINGS_SHARE = 0.95

#: slug -> the counts printed at the end of the run (tests/conftest.py).
ROUND_TRIP: dict[str, dict[str, str]] = {}


def curated_slugs() -> dict[str, str]:
    """Curated inspection slug -> its source file name."""
    out = {}
    for path in sorted((CONTENT / "inspections").glob("*/inspection.yaml")):
        source = yaml.safe_load(path.read_text(encoding="utf-8")).get("source")
        if source and (CONTENT / "sources" / source).exists():
            out[path.parent.name] = source
    return out


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """Every source imported into one empty content folder, under its curated slug."""
    content = tmp_path_factory.mktemp("roundtrip") / "content"
    shutil.copytree(CONTENT / "frameworks", content / "frameworks")
    for name in ("site.yaml", "providers.yaml", "owners.yaml"):
        shutil.copy(CONTENT / name, content / name)
    (content / "glossary.yaml").write_text("terms: []\n", encoding="utf-8")
    for slug, source in curated_slugs().items():
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["import", str(CONTENT / "sources" / source), "--content", str(content),
                         "--slug", slug])
        assert code == 0, err.getvalue()
    return content


@cache
def loaded(content: Path):
    site, _ = load_site(content)
    assert site is not None
    return site


# --- what is compared -------------------------------------------------------------

def chapters(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))]


def headings(folder: Path) -> Counter:
    found: Counter = Counter()
    for text in chapters(folder):
        for line in text.split("\n"):
            match = re.match(r"(#{1,6})\s+(.*)", line)
            if match:
                found[len(match.group(1)), normalise(match.group(2)).rstrip(" :")] += 1
    return found


def image_places(folder: Path) -> set[str]:
    """The captions of the import's image placeholders.

    Where the report printed an image, the curated content may hold an empty
    heading with its caption; the import holds a placeholder with that caption
    instead (empty headings are what it must not make), and they count as the same.
    """
    return {normalise(line[len(IMAGE_PLACEHOLDER):]).rstrip(" :") for text in chapters(folder)
            for line in text.split("\n") if line.startswith(IMAGE_PLACEHOLDER)}


def text_lines(content: Path, slug: str) -> list[str]:
    """Every line of text the inspection holds: chapters, YAML strings, its glossary."""
    folder = content / "inspections" / slug
    lines = []
    for text in chapters(folder):
        for line in text.split("\n"):
            if line.startswith(":::") or re.fullmatch(r"\|[-| ]*\|", line.strip()):
                continue
            line = re.sub(r"^\s*(#+|>|[-*]|\[\^[^\]]+\]:)\s*", "", line)
            lines.append(line.strip("| ").replace(" | ", "\t"))
    lines += [line for value in _yaml_strings((folder / "inspection.yaml").read_text(
        encoding="utf-8")) for line in value.split("\n")]
    for entry in loaded(content).glossary.terms:
        for definition in entry.definitions:
            if slug in definition.reports:
                lines += [entry.term, definition.text]
    return lines


def figures(content: Path, slug: str) -> dict:
    """Every rating and figure of the inspection, with the footnote marks beside them, and
    its glossary, as the site reads them."""
    site = loaded(content)
    inspection = site.reports[slug].inspection
    details = {sid: inspection.rating_of(sid) for sid in inspection.ratings}
    figures = {qid: inspection.figure_of(qid) for qid in inspection.key_questions}
    return {
        "overall": inspection.overall_rating,
        "ratings": {sid: (d.rating, d.footnotes, d.explanation) for sid, d in details.items()},
        "key questions": {qid: (f.percent, f.footnotes) for qid, f in figures.items()},
        "glossary": {entry.slug: definition.text
                     for entry, definition in site.glossary.by_report.get(slug, [])},
        "glossary annex": site.glossary.annexes.get(slug),
        "domain footnotes": {did: d.footnotes for did, d in inspection.domains.items()
                             if d.footnotes},
        "key facts": [fact.figure for fact in inspection.key_facts],
        "judgements": {(area, who): judgement.judgement
                       for area, judgements in inspection.outcomes.items()
                       for who, judgement in judgements.items() if judgement.judgement},
    }


#: Page furniture, never the report's text: running headers (wherever they fall), the
#: copyright and licence block, the signature image's description, contents entries.
FURNITURE = re.compile(r".*Inspection of probation services:.*|©\s*Crown copyright.*|"
                       r"You may re-use this information.*|This publication is available for.*|"
                       r"Published by:.*|A handwritten signature.*|Contents|.*(\t|\.{4,})\s*\d+",
                       re.IGNORECASE)


def furniture(folder: Path) -> list[str]:
    """Lines of the import that are page furniture, not the report's text."""
    found = []
    for text in chapters(folder):
        for line in text.split("\n"):
            bare = re.sub(r"^\s*(#+|>|[-*])\s*|\*\*", "", line).strip()
            if bare and FURNITURE.fullmatch(bare):
                found.append(line)
    return found


def empty_tables(folder: Path) -> list[str]:
    """Tables with one column, or with no text in any cell."""
    found = []
    for text in chapters(folder):
        for table in re.findall(r"(?:^\|.*\|\n)+", text, re.MULTILINE):
            rows = [row.strip().strip("|").split("|") for row in table.strip().split("\n")]
            cells = [cell.strip(" -") for row in rows for cell in row]
            if len(rows[0]) < 2 or not any(cells):
                found.append(table.strip().split("\n")[0])
    return found


def empty_headings(folder: Path) -> list[str]:
    """Headings with nothing under them before the next heading as high, or the end."""
    found = []
    for text in chapters(folder):
        lines = [line for line in text.split("\n") if line.strip()]
        for index, line in enumerate(lines):
            level = len(line) - len(line.lstrip("#"))
            if not level or not line[level:].startswith(" "):
                continue
            following = lines[index + 1] if index + 1 < len(lines) else ""
            next_level = len(following) - len(following.lstrip("#"))
            if not following or 0 < next_level <= level:
                found.append(line)
    return found


def lines_changed(curated: Path, imported: Path) -> tuple[int, int]:
    """Lines an editor added or removed after the import, and the curated line count.

    Chapters are paired by reading order; inspection.yaml is compared as data
    written the same way, so its formatting does not count.
    """
    ours = [text.split("\n") for text in chapters(imported)]
    theirs = [text.split("\n") for text in chapters(curated)]
    ours += [[]] * (len(theirs) - len(ours))
    theirs += [[]] * (len(ours) - len(theirs))
    ours.append(_yaml_lines(imported))
    theirs.append(_yaml_lines(curated))
    changed = total = 0
    for before, after in zip(ours, theirs):
        total += len(after)
        changed += sum(1 for line in difflib.ndiff(before, after) if line[:1] in "+-")
    return changed, total


def _yaml_lines(folder: Path) -> list[str]:
    data = yaml.safe_load((folder / "inspection.yaml").read_text(encoding="utf-8"))
    return dump_yaml(data).split("\n")


# --- the tests ----------------------------------------------------------------------

SLUGS = sorted(curated_slugs())


@pytest.mark.parametrize("slug", SLUGS)
def test_every_rating_and_figure_is_the_curated_ones(imported, slug):
    assert figures(imported, slug) == figures(CONTENT, slug)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_import_holds_the_curated_sentences_and_headings(imported, slug):
    corpus = "\n".join(normalise(line) for line in text_lines(imported, slug))
    wanted = [s for line in text_lines(CONTENT, slug) for s in sentences(line)]
    missing = [s for s in wanted if s not in corpus]
    folder = imported / "inspections" / slug
    ours, theirs = headings(folder), headings(CONTENT / "inspections" / slug)
    images = image_places(folder)
    ours += Counter({heading: count for heading, count in (theirs - ours).items()
                     if heading[1] in images})
    same = sum((ours & theirs).values())
    heading_total = max(sum(ours.values()), sum(theirs.values()))
    heading_share = same / heading_total
    sentence_share = 1 - len(missing) / len(wanted)
    changed, total = lines_changed(CONTENT / "inspections" / slug, imported / "inspections" / slug)
    ROUND_TRIP[slug] = {
        "sentences": f"{len(wanted) - len(missing)}/{len(wanted)} {sentence_share:.2%}",
        "headings": f"{same}/{heading_total} {heading_share:.1%}",
        "edited": f"{changed} lines ({changed / total:.1%} of {total})",
    }
    assert sentence_share >= SENTENCES_SHARE, "missing:\n  " + "\n  ".join(missing[:20])
    assert heading_share >= HEADINGS_SHARE, (
        f"only in the import: {sorted(ours - theirs)}\nonly curated: {sorted(theirs - ours)}")


@pytest.mark.parametrize("slug", SLUGS)
def test_the_import_has_no_furniture_and_nothing_empty(imported, slug):
    folder = imported / "inspections" / slug
    assert furniture(folder) == []
    assert empty_tables(folder) == []
    assert empty_headings(folder) == []
