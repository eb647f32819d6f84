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

import html
import re
from functools import cache
from pathlib import Path

import pytest

from reportsite.cli import TEMPLATES
from reportsite.engine import Engine
from reportsite.pipeline import load_site
from tests.htmlcheck import Element, tree

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
    return bool(site().framework_of(site().reports[slug]).standards)


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


@cache
def source_glossary(slug: str) -> tuple[tuple[str, str], ...]:
    """The report's own glossary, as its source prints it: (term, definition), in order."""
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
    return tuple(entries)


@pytest.mark.parametrize("slug", slugs())
def test_every_glossary_entry_is_the_reports(slug):
    entries = source_glossary(slug)
    published = {}
    for entry in site().glossary.terms:
        for definition in entry.definitions:
            if slug in definition.reports:
                published[normalise(entry.term)] = normalise(definition.text)
    expected = {normalise(term): normalise(definition) for term, definition in entries}
    assert published == expected
    # the report's annex prints its terms in its order, written as it writes them
    assert [printed for printed, _, _ in site().glossary.annex(slug)] == \
        [term for term, _ in entries]


# --- the built report pages: each fact said of the right thing ---------------------------
#
# The checks above read the content; these read the built pages, where a fact can still
# be attached to the wrong thing: an owner to another provider, a report's abbreviation
# to another report's wording, a footnote mark to another sentence. The site marks every
# element whose text it wrote itself with data-site (templates/inspection.html says so);
# everything else in a report page's main text must be the report's.

#: The facts checked on each report page, by kind; printed at the end of the test run.
FACTS: dict[str, dict[str, int]] = {}
#: Elements that hold text: each is read as a run of its own.
BLOCK_TAGS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "caption",
              "blockquote", "div", "section", "article", "aside", "header", "nav", "ul", "ol",
              "dl", "table", "thead", "tbody", "tr"}
SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
SOURCE_MARK = re.compile(r"<sup>\s*(\d+)\s*</sup>|([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
#: What each report says of who owns the providers it inspected, quoted from its source:
#: (provider, owner, the words that say so). The page must show that owner for that
#: provider, and no other.
OWNERSHIP = {
    "essex-crc-2018": [("essex-crc", "sodexo", "Sodexo Justice Services is part of a large "
                        "multinational private company with a wide range of commercial "
                        "interests. It took over formal ownership of the Essex CRC")],
    "cumbria-lancashire-crc-2019": [("cumbria-lancashire-crc", "sodexo", "Sodexo Justice "
                                     "Services is part of a large multinational private company "
                                     "with a wide range of commercial interests. It took over "
                                     "formal ownership of the Cumbria and Lancashire CRC")],
    "warwickshire-west-mercia-crc-2019": [("warwickshire-west-mercia-crc", "peopleplus",
                                           "Warwickshire and West Mercia is the only CRC owned "
                                           "by PeoplePlus")],
    "north-london-2016": [("london-crc", "mtcnovo", "NPS London division, and the London CRC. "
                           "The CRC is owned by MTCnovo"),
                          ("nps-london", "national-probation-service", "London is a stand-alone "
                           "NPS division, one of the seven NPS divisions")],
    "hampshire-isle-of-wight-crc-2019": [("hampshire-isle-of-wight-crc", "purple-futures",
                                          "Purple Futures took formal ownership of the Hampshire "
                                          "and Isle of Wight CRC")],
}


#: HTML tags the exports print as text.
HTML_TAG = re.compile(r"</?(?:p|b|i|em|strong|ul|li|sup|sub|br|span)\b[^>]*>")


def words(text: str) -> list[str]:
    """Text as its words: lower case, without punctuation, markup or footnote markers."""
    text = MARKERS.sub(" ", html.unescape(text))
    return re.findall(r"[a-z0-9]+", normalise(HTML_TAG.sub(" ", text)))


def exact(text: str) -> str:
    """Text as printed, with only spacing, quotes, markup and markers made uniform."""
    text = html.unescape(MARKERS.sub(" ", text))
    text = re.sub(r"</?\w+[^>]*>|\*", " ", text)
    text = re.sub(r"[‘’`´]", "'", text)
    return " ".join(text.split())


def site_own(element: Element) -> bool:
    return "data-site" in element.attributes


def footnote_mark(element: Element) -> bool:
    return element.tag == "sup" and element.has_class("footnote-ref")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fidelity") / "site"
    result = Engine(CONTENT, out, TEMPLATES, cache=out.parent / "cache").build()
    assert result.ok, result.problems
    return out


@cache
def _page(path: str) -> Element:
    return tree(Path(path).read_text(encoding="utf-8"))


def report_page(built: Path, slug: str) -> Element:
    """The report's main text: its article element."""
    page = _page(str(built / "inspections" / slug / "index.html"))
    return next(page.iter(lambda e: e.tag == "article" and e.has_class("report")))


def runs(root: Element) -> list[tuple[str, list[tuple[str, str]]]]:
    """The report's text, block by block, leaving out the site's own; each block with the
    footnote marks in it: (number, the block's text before the mark)."""
    out: list[tuple[str, list[tuple[str, str]]]] = []
    text: list[str] = []
    marks: list[tuple[str, str]] = []

    def flush():
        if "".join(text).strip() or marks:
            out.append(("".join(text), list(marks)))
        text.clear()
        marks.clear()

    def walk(element: Element):
        for child in element.children:
            if isinstance(child, str):
                text.append(child)
            elif site_own(child) or child.has_class("footnotes__number"):
                continue  # the site's own words; a footnote's number (checked with its mark)
            elif footnote_mark(child):
                number = re.sub(r"\D", "", child.text(lambda e: e.has_class("visually-hidden")))
                marks.append((number, "".join(text)))
                text.append(" ")
            elif child.tag == "br":
                text.append(" ")
            elif child.tag in BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)
    walk(root)
    flush()
    return out


#: A line that a footnote marker opens: the footnote's text, which the export puts where
#: the page ended, in the middle of a sentence as often as not.
#: A running page header the export left inside a line of text.
RUNNING_HEADER_IN_LINE = re.compile(r"\s*Inspection of probation services:[^\n]*$", re.MULTILINE)
FOOTNOTE_LINE = re.compile(r"\s*(<sup>\s*\d+\s*</sup>|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")


@cache
def source_words(slug: str) -> str:
    """The whole source as one line of words, to find a page's sentences in: the text with
    its footnotes taken out from between the halves of a sentence, and then the footnotes."""
    lines = RUNNING_HEADER_IN_LINE.sub("", source_text(slug)).split("\n")
    notes = [line for line in lines if FOOTNOTE_LINE.match(line)]
    text = [line for line in lines if not FOOTNOTE_LINE.match(line)]
    return f" {' '.join(words(chr(10).join(text)))} | {' '.join(words(chr(10).join(notes)))} "


#: Markdown that no report prints: left in the text, it is shown as it is.
MARKDOWN_LEFT = re.compile(r"\\|\*\*|\[\^|^:::|\]\(", re.MULTILINE)


@pytest.mark.parametrize("slug", slugs())
def test_every_sentence_of_a_report_page_is_the_reports_unless_marked_the_sites(built, slug):
    checked, missing = 0, []
    for text, _ in runs(report_page(built, slug)):
        leftover = MARKDOWN_LEFT.search(text)
        assert not leftover, f"{slug}: Markdown shown as text: {text[:leftover.end() + 40]!r}"
        for sentence in re.split(r"(?<=[.!?;:])\s+", text):
            found = words(sentence)
            if len(found) < 3:
                continue  # a rating, a figure, a label of a word or two: checked elsewhere
            checked += 1
            if f" {' '.join(found)} " not in source_words(slug):
                missing.append(" ".join(sentence.split()))
    FACTS.setdefault(slug, {})["sentences"] = checked
    assert not missing, f"{slug}: {len(missing)} of {checked} sentences are not in the " \
        "source nor marked as the site's own:\n  " + "\n  ".join(missing[:20])


@cache
def source_marks(slug: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every footnote mark in the source: (number, the words before it in its line or cell).
    A marker that opens its line starts the footnote's text, and is not a mark."""
    marks = []
    for line in source_text(slug).split("\n"):
        for match in SOURCE_MARK.finditer(line):
            before = line[:match.start()]
            if not words(before):
                continue
            number = match.group(1) or match.group(2).translate(SUPERSCRIPT)
            marks.append((number, tuple(words(before.split("\t")[-1]))))
    return tuple(marks)


@cache
def source_footnotes(slug: str) -> tuple[tuple[str, str], ...]:
    """Every footnote's text in the source: (number, text), from the line its marker opens
    (in the 2016 report, a plain number opens it) to the next blank line."""
    numbers = {number for number, _ in source_marks(slug)}
    notes: list[tuple[str, str]] = []
    lines = source_text(slug).split("\n")
    for index, line in enumerate(lines):
        opening = re.match(r"\s*(?:<sup>\s*(\d+)\s*</sup>|([⁰¹²³⁴⁵⁶⁷⁸⁹]+)|(\d+)(?=\s+\S))\s*(.+)",
                           line)
        if not opening:
            continue
        number = opening.group(1) or opening.group(3) or opening.group(2).translate(SUPERSCRIPT)
        if number in numbers:
            text = [opening.group(4)]
            for following in lines[index + 1:]:
                if not following.strip() or FOOTNOTE_LINE.match(following):
                    break
                text.append(following)
            notes.append((number, " ".join(text)))
    return tuple(notes)


@pytest.mark.parametrize("slug", slugs())
def test_every_footnote_mark_stands_where_the_report_puts_it(built, slug):
    """Each mark on the page has the number and the words before it that a mark in the
    source has, and every mark in the source is on the page; each footnote's list is in
    number order, and each footnote says what the source's footnote of that number says."""
    wanted = list(source_marks(slug))
    misplaced = []
    shown = [(number, words(before)) for _, marks in runs(report_page(built, slug))
             for number, before in marks]
    for number, before in shown:
        match = next((m for m in wanted if m[0] == number and before and
                      list(m[1][-min(4, len(m[1]), len(before)):]) ==
                      before[-min(4, len(m[1]), len(before)):]), None)
        if match is None:
            misplaced.append(f"{number} after {' '.join(before[-6:])!r}")
        else:
            wanted.remove(match)
    assert not misplaced, f"{slug}: marks not where the source puts them: {misplaced}"
    assert not wanted, f"{slug}: marks in the source missing from the page: {wanted}"
    notes = list(source_footnotes(slug))
    lists = list(report_page(built, slug).iter(
        lambda e: e.tag == "aside" and e.has_class("footnotes")))
    listed = 0
    for footnotes in lists:
        numbers = [int(li.attributes["value"]) for li in footnotes.iter(lambda e: e.tag == "li")]
        assert numbers == sorted(numbers), f"{slug}: footnotes listed out of order: {numbers}"
        for li in footnotes.iter(lambda e: e.tag == "li"):
            said = words(li.text(lambda e: site_own(e) or e.has_class("footnotes__number")))
            match = next((n for n in notes if n[0] == li.attributes["value"]
                          and words(n[1]) == said), None)
            assert match, f"{slug}: footnote {li.attributes['value']} is not the source's: {said}"
            notes.remove(match)
            listed += 1
    FACTS.setdefault(slug, {}).update(footnotes=len(shown), footnote_texts=listed)
    assert len(shown) == len(source_marks(slug)) and listed


def _wordings(term: str, slug: str) -> tuple[str | None, list[str]]:
    """The report's own wording of ``term`` in its source glossary, and the wordings most
    reports' sources print (what a report without one is shown)."""
    key = normalise(term)
    own = next((exact(d) for t, d in source_glossary(slug) if normalise(t) == key), None)
    printed = [exact(d) for other in slugs() for t, d in source_glossary(other)
               if normalise(t) == key]
    counts = {wording: printed.count(wording) for wording in printed}
    most = max(counts.values(), default=0)
    return own, [wording for wording, count in counts.items() if count == most]


@pytest.mark.parametrize("slug", slugs())
def test_every_abbreviation_and_tooltip_is_in_the_reports_own_glossary_words(built, slug):
    """An abbreviation's expansion (<abbr title>) is in the words of the report's own
    glossary, or, where that lacks the term, of the wording most reports print; the
    definition that describes a linked term, given once on the page, quotes the same
    wording, and says so when it is the site glossary's."""
    entries = {e.slug: e for e in site().glossary.terms}
    forms = {form: e for e in site().glossary.terms for form in (e.term, *e.aliases)}
    page = report_page(built, slug)
    given = {e.attributes["id"]: e for e in page.iter(lambda e: e.attributes.get("id", "").startswith("term-"))}
    abbreviations = tooltips = 0
    for link in page.iter(lambda e: e.tag == "a" and e.has_class("term")):
        entry = entries[link.attributes["href"].rsplit("#", 1)[1]]
        own, common = _wordings(entry.term, slug)
        tip = given[link.attributes["aria-describedby"]]
        assert site_own(tip.parent) and tip.parent.attributes.get("hidden") is not None
        said = exact(tip.text())
        note = "(from this site's glossary: the report's own does not define it)"
        assert said.endswith(note) == (own is None), (slug, entry.term, said)
        said = said.removesuffix(note).strip().removesuffix("…")
        assert any(said in wording for wording in ([own] if own else common)), \
            f"{slug}: the tooltip of {entry.term!r} says {said!r}, not the report's words " \
            f"{own or common!r}"
        tooltips += 1
    for abbr in page.iter(lambda e: e.tag == "abbr"):
        shown = abbr.text()
        entry = forms.get(shown) or forms[shown.removesuffix("s")]
        own, common = _wordings(entry.term, slug)
        title = exact(abbr.attributes["title"])
        assert any(title in wording for wording in ([own] if own else common)), \
            f"{slug}: {shown} is expanded as {title!r}, not in the report's words {own or common!r}"
        abbreviations += 1
    FACTS.setdefault(slug, {}).update(abbreviations=abbreviations, tooltips=tooltips)
    assert abbreviations and tooltips


@cache
def source_tables(slug: str) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Every table in the source: its rows, each a tuple of its cells' words (trailing empty
    cells left out). A table is a run of tab-separated lines (a blank line may part a row
    the export broke, whose rest starts with empty cells; a row of dashes only is the
    export's), or a run of lines of one cell each."""
    tables, rows, single = [], [], []
    lines = source_text(slug).split("\n") + [""]
    for index, line in enumerate(lines):
        if "\t" in line:
            cells = [" ".join(words(cell)) for cell in line.split("\t")]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                rows.append(tuple(cells))
            continue
        following = next((l for l in lines[index + 1:] if l.strip()), "")
        if not line.strip() and rows and following.startswith("\t\t"):
            continue
        if rows:
            tables.append(tuple(rows))
            rows = []
        if line.strip():
            single.append((" ".join(words(line)),))
        elif single:
            tables.append(tuple(single))
            single = []
    return tuple(tables)


@pytest.mark.parametrize("slug", slugs())
def test_every_table_of_the_narrative_has_the_sources_rows_and_cells(built, slug):
    """Each table the narrative prints has, row by row and cell by cell, the rows of a
    table in the source, none left out, none empty, and a header row (if any) that labels
    the columns rather than holding content."""
    page = report_page(built, slug)
    prose = [table for div in page.iter(lambda e: e.has_class("prose"))
             for table in div.iter(lambda e: e.tag == "table")]
    for table in prose:
        rows = []
        for row in table.iter(lambda e: e.tag == "tr"):
            cells = [" ".join(words(cell.text(site_own)))
                     for cell in row.children if isinstance(cell, Element) and cell.tag in ("th", "td")]
            while cells and not cells[-1]:
                cells.pop()
            rows.append(tuple(cells))
        assert all(rows), f"{slug}: a table has an empty row: {rows}"
        for header in table.iter(lambda e: e.tag == "thead"):
            for cell in header.iter(lambda e: e.tag == "th"):
                assert len(words(cell.text())) <= 12, \
                    f"{slug}: a table's header holds content: {cell.text()[:80]!r}"
        assert any(_rows_match(rows, source) for source in source_tables(slug)), \
            f"{slug}: no table in the source has these rows: {rows}"
    FACTS.setdefault(slug, {})["tables"] = len(prose)


def _rows_match(rows: list[tuple[str, ...]], source: tuple[tuple[str, ...], ...]) -> bool:
    """Whether the page's rows are the source table's; the rest of a row the export broke
    over two lines (a line whose first two cells are empty) counts as part of it."""
    merged: list[tuple[str, ...]] = []
    for row in source:
        if merged and len(row) > 2 and not any(row[:2]):
            cells = list(merged[-1]) + [""] * (len(row) - len(merged[-1]))
            merged[-1] = tuple(" ".join(p for p in pair if p) for pair in zip(cells, row))
        else:
            merged.append(row)
    return merged == rows


@pytest.mark.parametrize("slug", slugs())
def test_each_provider_is_shown_with_the_owner_its_report_names(built, slug):
    """The page names each provider's owner as the report does (OWNERSHIP quotes it), and
    no owner of another provider: with several providers, each owner says whose it is."""
    source = exact(source_text(slug))
    page = _page(str(built / "inspections" / slug / "index.html"))
    summary = next(page.iter(lambda e: e.has_class("summary-list")))
    owner_row = next(div for div in summary.iter(lambda e: e.tag == "div")
                     if exact(next(div.iter(lambda e: e.tag == "dt")).text()) == "Owner")
    shown = {}
    dd = next(owner_row.iter(lambda e: e.tag == "dd"))
    parts = exact(dd.text()).split(";")
    links = [a for a in dd.iter(lambda e: e.tag == "a")]
    assert len(links) == len(parts), f"{slug}: owners shown: {parts}"
    for a, part in zip(links, parts):
        provider = re.search(r"\(owner of (.+)\)", part)
        shown[provider.group(1) if provider else None] = a.attributes["href"].split("owners/")[1][:-len("/index.html")]
    expected = OWNERSHIP[slug]
    for provider, owner, quote in expected:
        assert exact(quote) in source, f"{slug}: the source does not say {quote!r}"
        short = site().providers[provider].short_name
        key = short if len(expected) > 1 else None
        assert shown.get(key) == owner, \
            f"{slug}: {short} is shown owned by {shown.get(key)!r}, not {owner!r}: {shown}"
    assert len(shown) == len(expected), f"{slug}: owners shown: {shown}"
    FACTS.setdefault(slug, {})["owners"] = len(shown)


def test_every_excerpt_on_a_standards_page_is_a_paragraph_of_its_report_as_printed(built):
    """What a standard's page quotes of each report: each paragraph as it stands in the
    report (no space the report does not have, no two paragraphs run together)."""
    by_title = {site().reports[slug].inspection.title: slug for slug in slugs()}
    checked = 0
    for path in sorted((built / "frameworks").glob("*/*/index.html")):
        if not re.fullmatch(r"\d+(-\d+)+", path.parent.name):
            continue  # an outcome area's page
        page = _page(str(path))
        for section in page.iter(lambda e: e.tag == "section" and e.has_class("excerpt")):
            slug = by_title[exact(next(section.iter(lambda e: e.tag == "h3")).text())]
            lines = [exact(line) for line in source_text(slug).split("\n")]
            for quote in section.iter(lambda e: e.tag == "blockquote"):
                for paragraph in quote.iter(lambda e: e.tag == "p"):
                    text = exact(paragraph.text()).removesuffix(" …")
                    assert any(text in line for line in lines), \
                        f"{path.parent.name}: {slug}'s excerpt is not a paragraph of its " \
                        f"source as printed: {text!r}"
                    checked += 1
    FACTS.setdefault("standards pages", {})["excerpt paragraphs"] = checked
    assert checked
