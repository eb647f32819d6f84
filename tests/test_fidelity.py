"""The site says everything the reports say.

For each inspection, its source (the report's text export in
content/sources/) is read with simple rules of its own, not the importer's,
and compared with the content:

* at least 99% of the source's sentences, after normalising whitespace,
  footnote markers and markup, appear in the inspection's content (its
  YAML, its chapters, its framework and its glossary entries); page
  furniture is excluded by the patterns in FURNITURE;
* every rating, key-question figure, recommendation, key fact and glossary
  entry of the source is in the content exactly.

The per-report figure is printed at the end of the test run.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from reportsite.pipeline import load_site

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SOURCES = CONTENT / "sources"
THRESHOLD = 0.99

#: Page furniture: lines of the source that are not the report's text.
FURNITURE = [
    r"©\s*Crown copyright.*",
    r"You may re-use this information.*",
    r"Where we have identified any third.party copyright.*",
    r"This publication is available for download at:?",
    r"\[?www\.justiceinspectorates\.gov\.uk/hmiprobation.*",
    r"Published by:?",
    r"(Her Majesty's|HM) Inspectorate of Probation",
    r"1st Floor,? (Manchester )?Civil Justice Centre",
    r"1 Bridge Street West",
    r"Civil Justice Centre",
    r"Manchester(, M3 3FX)?",
    r"M3 3FX",
    r"A handwritten signature.*",  # the description of the signature image
    r"Service:.*",  # the summary of ratings' caption, shown from the data
    r"Fieldwork started:.*",
    r"Overall rating",
    r"Standard/Key question\s+Rating/% yes",  # the results table's header
    r"Contents",
    r"An inspection by HM Inspectorate of Probation",  # title page
    r"Inspection of probation services: .*",  # a running page header
]
#: Page furniture that the export left at the end of a line of text.
RUNNING_HEADER = re.compile(r"\s*Inspection of probation services:\s*$")
FURNITURE_RE = re.compile("|".join(f"(?:{p})" for p in FURNITURE), re.IGNORECASE)
CONTENTS_ENTRY = re.compile(r".*(\t\s*(<b>)?\d+(</b>)?|\.{4,}\s*(<b>)?\d*(</b>)?)\s*")
RATING = r"(Outstanding|Good|Requires [Ii]mprovement|Inadequate)"
MARKERS = re.compile(r"<sup>\s*\d+\s*</sup>|\[\^[^\]\s]+\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def normalise(text: str) -> str:
    """Lower-case text without markup, footnote markers, fancy quotes or extra spaces."""
    text = MARKERS.sub(" ", text)
    text = re.sub(r"</?(b|i|ul|sup)\b[^>]*>", " ", text)
    text = re.sub(r"\[([^\]]*)\]\((?:glossary:)?[^)]*\)", r"\1", text)  # [text](url) -> text
    text = text.replace("\\", "").replace("*", "").replace("<", " ").replace(">", " ")
    text = text.replace("|", " ").replace("\u00a0", " ")
    text = re.sub(r"[‘’`´]", "'", text)
    text = re.sub(r"[“”]", '"', text)
    text = re.sub(r"[–—‑]", "-", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip().casefold()


def sentences(line: str) -> list[str]:
    """A source line's sentences (table cells count as separate sentences)."""
    out = []
    for cell in line.split("\t"):
        cell = re.sub(r"^\s*(#+\s+|[-•]\s+|\d+(\.\d+)*\.?(?=\s))", "", cell)
        for part in re.split(r"(?<=[.!?;])\s+", normalise(cell)):
            part = part.strip(" .;:,")
            if len(part.split()) >= 3:
                out.append(part)
    return out


@cache
def site():
    loaded, problems = load_site(CONTENT)
    assert loaded is not None, "content has errors: run 'python build.py check'"
    return loaded


def slugs() -> list[str]:
    return sorted(p.name for p in (CONTENT / "inspections").iterdir() if p.is_dir())


@cache
def source_text(slug: str) -> str:
    report = site().reports[slug]
    return (SOURCES / report.inspection.source).read_text(encoding="utf-8")


@cache
def corpus(slug: str) -> str:
    """Every piece of text the site holds for this inspection, normalised."""
    report = site().reports[slug]
    folder = CONTENT / "inspections" / slug
    pieces = [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))]
    pieces += _yaml_strings((folder / "inspection.yaml").read_text(encoding="utf-8"))
    framework = site().framework_of(report)
    for domain in framework.domains:
        pieces.append(domain.name)
        for standard in domain.standards:
            pieces += [standard.name, standard.description]
            pieces += [q.text for q in standard.key_questions]
    for area in framework.outcome_areas:
        pieces.append(area.name)
    pieces += [o.name for o in framework.organisations]
    for entry in site().glossary.terms:
        for definition in entry.definitions:
            if slug in definition.reports:
                pieces += [entry.term, definition.text]
    for provider in report.inspection.providers:
        pieces.append(site().providers[provider].name)
    pieces += _rendered_labels(report.inspection, framework)
    lines = []
    for piece in pieces:
        for line in piece.split("\n"):
            line = re.sub(r"^\s*\[\^[^\]]+\]:", "", line)  # footnote definition label
            line = re.sub(r"^\s*(#+|>|[-*]|\d+\.)\s+", "", line)
            lines.append(normalise(line))
    return "\n".join(lines)


def _rendered_labels(inspection, framework) -> list[str]:
    """Text the templates print around the data, as the report prints it."""
    labels = [f"{group.by} should:" for group in inspection.recommendations]
    labels += [f"{fact.figure} {fact.text}" for fact in inspection.key_facts]
    if inspection.domains:
        labels += ["Strengths:", "Areas for improvement:"]
    labels += [f"{s.name} {s.description}" for s in framework.standards.values()]
    return labels


def _yaml_strings(text: str) -> list[str]:
    import yaml

    def walk(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)

    return list(walk(yaml.safe_load(text)))


def source_sentences(slug: str) -> list[str]:
    """The source's sentences, without page furniture or the contents list."""
    out = []
    in_contents = False
    for line in source_text(slug).split("\n"):
        bare = re.sub(r"^#+\s*|\*\*|</?b>", "", line).strip()
        if bare.casefold() == "contents":
            in_contents = True
            continue
        if in_contents:
            if not bare or CONTENTS_ENTRY.fullmatch(line.strip()):
                continue
            in_contents = False
        if not bare or FURNITURE_RE.fullmatch(bare.strip(" -")):
            continue
        out += sentences(RUNNING_HEADER.sub("", line))
    return out


COVERAGE: dict[str, tuple[int, int]] = {}


@pytest.mark.parametrize("slug", slugs())
def test_sentences_of_the_source_are_in_the_content(slug):
    text = corpus(slug)
    wanted = source_sentences(slug)
    missing = [s for s in wanted if s not in text]
    COVERAGE[slug] = (len(wanted) - len(missing), len(wanted))
    share = 1 - len(missing) / len(wanted)
    assert share >= THRESHOLD, (
        f"{slug}: {share:.2%} of {len(wanted)} sentences found; missing:\n  "
        + "\n  ".join(missing[:25]))


def _structured(slug: str):
    return site().reports[slug].inspection


def _source_lines(slug: str) -> list[str]:
    text = source_text(slug)
    text = re.sub(r"<sup>\s*(\d+)\s*</sup>", "", text)
    return [re.sub(r"</?b>|\*\*", "", line).replace("\u00a0", " ") for line in text.split("\n")]


def _standards_report(slug: str) -> bool:
    return site().framework_of(site().reports[slug]).kind == "standards"


@pytest.mark.parametrize("slug", slugs())
def test_every_rating_is_the_reports(slug):
    if not _standards_report(slug):
        assert not _structured(slug).ratings
        return
    found: dict[str, str] = {}
    lines = [line.strip() for line in _source_lines(slug)]
    for index, line in enumerate(lines):
        heading = re.fullmatch(rf"(\d\.\d)\.?\s+[A-Z][^\t]*?\s*\t\s*{RATING}\s*", MARKERS.sub("", line))
        if heading:
            found.setdefault(heading.group(1), heading.group(2).capitalize())
        named = re.fullmatch(r"(\d\.\d)\.?\s+[A-Z][A-Za-z ]+", line)
        following = next((l for l in lines[index + 1:] if l), "")
        if named and re.fullmatch(RATING, following):
            found.setdefault(named.group(1), following.capitalize())
    inspection = _structured(slug)
    published = {sid: inspection.rating_of(sid).rating for sid in inspection.ratings}
    assert found == published
    overall = re.search(rf"is rated as:\s*{RATING}", "\n".join(lines))
    assert overall and overall.group(1).capitalize() == inspection.overall_rating


@pytest.mark.parametrize("slug", slugs())
def test_every_key_question_figure_is_the_reports(slug):
    found = {}
    for line in _source_lines(slug):
        row = re.fullmatch(r"\s*(\d\.\d\.\d)\.?\s.*\t\s*(\d{1,3})%\s*", MARKERS.sub("", line))
        if row:
            found[row.group(1)] = int(row.group(2))
    inspection = _structured(slug)
    published = {qid: inspection.figure_of(qid).percent for qid in inspection.key_questions}
    assert found == published
    assert {qid: inspection.percent_of(qid) for qid in found} == found  # what the pages read
    if _standards_report(slug):
        assert len(found) == 19


@pytest.mark.parametrize("slug", slugs())
def test_every_recommendation_is_the_reports(slug):
    found = []
    collecting = False
    for line in _source_lines(slug):
        text = re.sub(r"^#+\s*", "", line).strip()
        if text.endswith("should:"):
            collecting = True
            continue
        item = re.fullmatch(r"(\d+)\.\s+(.*)", text)
        expected = found[-1][0] + 1 if found else 1
        if collecting and item and int(item.group(1)) == expected:
            found.append((int(item.group(1)), normalise(item.group(2))))
        elif collecting and text and found:
            collecting = False
    published = [(r.number, normalise(r.text)) for r in _structured(slug).all_recommendations]
    assert published == found
    assert found, "no recommendations found in the source"


@pytest.mark.parametrize("slug", slugs())
def test_every_key_fact_is_the_reports(slug):
    source = normalise(source_text(slug))
    facts = _structured(slug).key_facts
    assert facts
    for fact in facts:
        assert normalise(fact.figure) in source, fact.figure
        assert normalise(fact.text) in source, fact.text
    assert len(facts) == _count_source_key_facts(slug)


def _count_source_key_facts(slug: str) -> int:
    """Figures in the source's key facts section: short lines that are mostly numbers."""
    lines = [l.strip() for l in _source_lines(slug)]
    start = next(i for i, l in enumerate(lines) if re.sub(r"^#+\s*", "", l).casefold() in
                 ("key facts", "contextual facts") and i > 60)
    count = 0
    for line in lines[start + 1:]:
        bare = re.sub(r"^#+\s*", "", MARKERS.sub("", line)).strip()
        if re.match(r"\d+\.\s+[A-Z]", bare) and "\t" not in bare:
            break  # the next numbered chapter
        if bare.startswith("- ") and "**" in source_text(slug):
            count += 1
        elif re.fullmatch(r"[\d.,:%]+(\s?%|\s?\(of \d+\)| per [\d,]+ population|"
                          r"% [A-Z][\w ]+(; [\d.]+% [A-Z][\w ]+)*)?", bare):
            count += 1
    return count


@pytest.mark.parametrize("slug", slugs())
def test_every_glossary_entry_is_the_reports(slug):
    lines = _source_lines(slug)
    start = max(i for i, l in enumerate(lines)
                if re.fullmatch(r"#*\s*(Annex|Appendix) \d+: Glossary", l.strip()))
    entries: list[tuple[str, str]] = []
    for line in lines[start + 1:]:
        text = re.sub(r"</?i>", "*", line).rstrip()
        if re.fullmatch(r"#*\s*(Annex|Appendix) \d+:.*", text.strip()) or \
                FURNITURE_RE.fullmatch(text.strip()):
            break
        term, tab, definition = text.partition("\t")
        if tab and term.strip():
            entries.append((term.strip(), definition.strip()))
        elif entries and text.strip():
            entries[-1] = (entries[-1][0], entries[-1][1] + " " + text.strip())
    published = {}
    for entry in site().glossary.terms:
        for definition in entry.definitions:
            if slug in definition.reports:
                published[normalise(entry.term)] = normalise(definition.text)
    expected = {normalise(term): normalise(definition) for term, definition in entries}
    assert published == expected
