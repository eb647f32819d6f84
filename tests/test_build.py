"""`build.py build` on the real content: every fact on the pages and in the data files."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportsite.pipeline import load_site
from tests.htmlcheck import Page, broken_links

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def build(out: Path, *args: str, content: Path = CONTENT, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(content),
                           "--out", str(out), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "site"
    result = build(out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def model():
    loaded, _ = load_site(CONTENT)
    return loaded


def page(site: Path, path: str) -> Page:
    return Page((site / path).read_text(encoding="utf-8"))


def section_text(html: str, anchor: str) -> str:
    """Text of the element with id=anchor (up to the next element of the same kind)."""
    start = html.index(f'id="{anchor}"')
    tag_start = html.rfind("<", 0, start)
    tag = re.match(r"<(\w+)", html[tag_start:]).group(1)
    depth, index = 0, tag_start
    for match in re.finditer(rf"<(/?){tag}\b", html[tag_start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            index = tag_start + match.end()
            break
    return Page(html[tag_start:index]).text()


#: What a framework has, by which tests choose the reports they read.
HAS = {"standards": lambda f: bool(f.standards), "outcomes": lambda f: bool(f.outcome_areas)}


def reports(model, kind=None):
    return [r for r in model.reports.values() if kind is None or HAS[kind](model.framework_of(r))]


def slugs(kind=None):
    loaded, _ = load_site(CONTENT)
    return sorted(r.slug for r in reports(loaded, kind))


@pytest.mark.parametrize("slug", slugs("standards"))
def test_report_page_shows_every_rating_figure_and_recommendation(site, model, slug):
    inspection = model.reports[slug].inspection
    framework = model.framework_of(model.reports[slug])
    html = (site / f"inspections/{slug}/index.html").read_text(encoding="utf-8")
    for standard in framework.standards.values():
        text = section_text(html, f"standard-{standard.slug}")
        assert f"{standard.id} {standard.name}" in text
        assert inspection.rating_of(standard.id).rating in text
        for question in standard.key_questions:
            assert f"{question.id} {question.text}" in text
            assert f"{inspection.figure_of(question.id).percent}%" in text
    for recommendation in inspection.all_recommendations:
        text = section_text(html, f"recommendation-{recommendation.number}")
        plain = re.sub(r"\[\^[^\]]+\]|\*", "", recommendation.text)
        assert " ".join(plain.split()) in text
    overall = section_text(html, "ratings-table")
    assert inspection.overall_rating in overall


@pytest.mark.parametrize("slug", slugs("outcomes"))
def test_outcomes_report_shows_its_judgements_and_tables(site, model, slug):
    inspection = model.reports[slug].inspection
    html = (site / f"inspections/{slug}/index.html").read_text(encoding="utf-8")
    for area, judgements in inspection.outcomes.items():
        text = section_text(html, f"outcome-{area}")
        for judgement in judgements.values():
            if judgement.judgement:
                assert judgement.judgement in text
            first_sentence = judgement.summary.split(". ")[0]
            assert " ".join(first_sentence.split()) in text
    tables = re.findall(r'id="enablers-barriers-[^"]+"', html)
    expected = sum(1 for j in inspection.outcomes.values() for v in j.values()
                   if v.enablers or v.barriers)
    assert len(tables) == expected > 0


def test_every_standard_page_lists_every_2018_inspection_with_its_rating(site, model):
    for framework in (f for f in model.frameworks.values() if f.standards):
        for standard in framework.standards.values():
            html = (site / f"frameworks/{framework.id}/{standard.slug}/index.html").read_text(
                encoding="utf-8")
            table = re.search(r'<table class="table compare">.*?</table>', html, re.S).group(0)
            rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", table, re.S)
            found = {}
            for row in rows:
                slug = re.search(r'inspections/([^/]+)/index\.html', row).group(1)
                found[slug] = re.search(r'class="rating rating--[^"]*">([^<]+)<', row).group(1)
            expected = {r.slug: r.inspection.rating_of(standard.id).rating
                        for r in reports(model) if model.framework_of(r) is framework}
            assert found == expected


def test_data_files_hold_every_rating_and_figure(site, model):
    ratings = list(csv.DictReader(io.StringIO((site / "data/ratings.csv").read_text())))
    figures = list(csv.DictReader(io.StringIO((site / "data/key-questions.csv").read_text())))
    assert list(ratings[0]) == ["inspection", "framework", "standard", "rating"]
    assert list(figures[0]) == ["inspection", "framework", "key_question", "percent_yes"]
    judgements = list(csv.DictReader(io.StringIO((site / "data/judgements.csv").read_text())))
    assert list(judgements[0]) == ["inspection", "framework", "outcome_area", "organisation",
                                   "judgement"]
    for row in ratings + figures + judgements:
        assert row["framework"] == model.reports[row["inspection"]].inspection.framework
    for report in reports(model, "standards"):
        inspection = report.inspection
        assert {r["standard"]: r["rating"] for r in ratings if r["inspection"] == report.slug} == \
            {s: inspection.rating_of(s).rating for s in inspection.ratings}
        assert {f["key_question"]: int(f["percent_yes"]) for f in figures
                if f["inspection"] == report.slug} == \
            {q: inspection.figure_of(q).percent for q in inspection.key_questions}
    listed = json.loads((site / "data/inspections.json").read_text())
    assert sorted(i["slug"] for i in listed) == sorted(model.reports)
    for item in listed:
        inspection = model.reports[item["slug"]].inspection
        assert item["overall_rating"] == inspection.overall_rating
        assert item["title"] == inspection.title and item["source"] == inspection.source
        assert {"provider", "owner", "published", "url"} <= set(item)
        assert (site / item["url"] / "index.html").is_file()


#: Where a report's page shows the report's converted text, in which glossary terms are
#: marked: its chapters, the texts of its slots, and its footnotes.
CONVERTED = {"prose", "findings", "recommendations__list", "key-fact__text", "list-panel",
             "report-glossary", "judgements", "enablers-barriers", "footnotes"}
#: Within those, what is not converted text: labels and titles the templates print.
NOT_CONVERTED = {"recommendations__by", "list-panel__title", "judgement__title", "footnotes__number",
                 "footnotes__back", "recommendations__anchor"}


def converted_texts(parsed: Page):
    """The texts of a report page in which terms are marked, in reading order, with what
    encloses each."""
    for text, stack in parsed.texts:
        classes = {c for _, a in stack for c in a.get("class", "").split()}
        tags = {t for t, _ in stack}
        if classes & CONVERTED and not classes & NOT_CONVERTED and \
                not tags & {"h2", "h3", "h4", "h5", "h6", "caption", "thead", "dt", "code"} and \
                not any("data-site" in a or "hidden" in a for _, a in stack):
            yield text, stack


def test_every_glossary_abbreviation_in_a_report_is_expanded_in_its_own_words(site, model):
    abbreviations = {form: e for e in model.glossary.terms if e.expansion
                     for form in (e.term, *e.aliases)}
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(abbreviations, key=len,
                                                                          reverse=True))) + r")s?(?![\w-])")
    checked = 0
    for report in reports(model):
        for text, stack in converted_texts(page(site, f"inspections/{report.slug}/index.html")):
            tags = [t for t, _ in stack]
            if "sup" in tags or "a" in tags and not any(a.get("class") == "term" for _, a in stack):
                continue  # a footnote marker; a link the report makes
            for match in pattern.finditer(text):
                wrapper = [a for t, a in stack if t == "abbr"]
                assert wrapper, f"{report.slug}: {match.group(1)!r} not expanded in {text!r}"
                entry = abbreviations[match.group(1)]
                own = next((d for d in entry.definitions if report.slug in d.reports), entry.common)
                assert wrapper[-1]["title"] == entry.expansion_in(own)  # the report's own words
                checked += 1
    assert checked > 200


def test_each_glossary_term_links_once_per_page_at_its_first_use(site, model):
    """The first use of each term on a report's page, in reading order, links to its entry
    and no other use does; a term in the report's glossary is not linked from its own
    definition."""
    forms = {form.casefold(): e.slug for e in model.glossary.terms for form in (e.term, *e.aliases)
             if " " in form}  # phrases: matched in any case, like the site
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
                         + r")s?(?![\w-])", re.IGNORECASE)
    checked = 0
    for report in reports(model):
        html = (site / f"inspections/{report.slug}/index.html").read_text()
        linked = re.findall(r'<a class="term" href="[^"#]*#([^"]+)"', html)
        assert len(linked) == len(set(linked)), f"{report.slug}: a term linked twice"
        parsed = Page(html)
        seen: set[str] = set()
        for text, stack in converted_texts(parsed):
            tags = [t for t, _ in stack]
            in_term = [a for t, a in stack if t == "a" and a.get("class") == "term"]
            if not in_term and "a" in tags or "sup" in tags:
                continue
            defined = next((a["id"].removeprefix("glossary-") for t, a in stack
                            if t == "div" and a.get("id", "").startswith("glossary-")), None)
            for match in pattern.finditer(text):
                slug = forms[match.group(1).casefold()]
                if slug == defined:  # in its own definition, in the report's glossary
                    assert not in_term, f"{report.slug}: {slug} linked to itself"
                    continue
                first = slug not in seen
                seen.add(slug)
                assert bool(in_term) == first, \
                    f"{report.slug}: {match.group(0)!r} {'not ' if first else ''}linked in {text!r}"
                if in_term:
                    assert in_term[-1]["href"].endswith(f"#{slug}")
                    checked += 1
    assert checked > 40


def test_each_linked_term_is_described_by_its_definition_given_once(site, model):
    for report in reports(model):
        html = (site / f"inspections/{report.slug}/index.html").read_text()
        described = re.findall(r'<a class="term" href="[^"]*#([^"]+)" aria-describedby="term-([^"]+)"', html)
        assert described and all(slug == target for slug, target in described)
        given = re.findall(r'<p id="term-([^"]+)">([^<]+)</p>', html)
        assert sorted(slug for slug, _ in given) == sorted(target for _, target in described)
        for inside in re.findall(r'<a class="term"[^>]*>(.*?)</a>', html):
            # the term as the report writes it, nothing hidden beside it (once, two copies
            # of its definition went with every link: for screen readers and as a tooltip)
            assert re.fullmatch(r'([^<]|<abbr title="[^"]*">[^<]*</abbr>)*', inside), inside


#: The largest report page when each use of a glossary term carried its definition twice
#: (warwickshire-west-mercia-crc-2019): pages are to stay within 70% of it.
LARGEST_REPORT_BEFORE = 338_855


def test_the_largest_report_page_is_at_most_70_percent_of_what_it_was(site):
    sizes = {p.parent.name: p.stat().st_size for p in site.glob("inspections/*/index.html")}
    assert len(sizes) == 5 and max(sizes.values()) <= 0.7 * LARGEST_REPORT_BEFORE, sizes


def test_each_glossary_link_points_at_its_entry(site):
    glossary = page(site, "glossary/index.html")
    for path in site.glob("inspections/*/index.html"):
        for link in Page(path.read_text()).links:
            if "glossary/index.html#" in link:
                assert link.split("#")[1] in glossary.ids


@pytest.mark.gates
def test_no_internal_link_or_anchor_is_broken(site):
    problems, checked = broken_links(site)
    assert problems == []
    assert checked > 1000


def test_links_are_relative_so_the_site_works_under_any_path(site):
    for path in site.rglob("*.html"):
        if path.name == "404.html" or "pagefind" in path.parts:
            continue  # the 404 page is served at any address: it links from the root path
        for link in Page(path.read_text()).links:
            assert not link.startswith("/"), (path, link)


def test_every_page_has_one_h1_landmarks_and_a_skip_link(site):
    for path in (p for p in site.rglob("*.html") if "pagefind" not in p.parts):
        html = path.read_text()
        assert html.count("<h1") == 1, path
        assert '<main id="main"' in html and "<header" in html and "<footer" in html
        assert 'href="#main" class="skip-link"' in html
        assert "Open Government Licence v3.0" in html
        levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", html)]
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (path, levels)


def test_no_inline_script_or_style(site):
    for path in (p for p in site.rglob("*.html") if "pagefind" not in p.parts):
        html = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert " style=" not in html and "<style" not in html, path
        assert "Content-Security-Policy" in html


def test_two_builds_are_byte_identical(site, tmp_path):
    """Everything we generate; Pagefind's index differs run to run, so it is compared apart."""
    again = tmp_path / "again"
    assert build(again).returncode == 0

    def files(root):
        return {p.relative_to(root): p.read_bytes() for p in root.rglob("*")
                if p.is_file() and "pagefind" not in p.relative_to(root).parts}
    assert files(site) == files(again)


def test_a_second_build_writes_nothing_and_keeps_the_search_index(tmp_path):
    out, content = tmp_path / "site", tmp_path / "content"
    shutil.copytree(CONTENT, content)
    assert build(out, content=content).returncode == 0
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    assert build(out, content=content).stdout.endswith("0 files written)\n")  # nothing changed
    (content / "owners.yaml").touch()  # read again, to the same pages
    second = build(out, content=content)
    assert " 0 files written" in second.stdout and "search index unchanged" in second.stdout
    assert "note: built without --base-url" in second.stdout  # said by the build, not the pages
    assert "--base-url" not in (out / "inspections/essex-crc-2018/index.html").read_text()
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before


def test_content_errors_fail_the_build_and_leave_the_old_site(tmp_path, site):
    out = tmp_path / "site"
    shutil.copytree(site, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    yaml_file = content / "inspections" / "essex-crc-2018" / "inspection.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("overall_rating: Requires improvement",
                                                       "overall_rating: Requires Improvment"))
    result = build(out, content=content, cwd=tmp_path)
    assert result.returncode == 1
    assert "content/inspections/essex-crc-2018/inspection.yaml:" in result.stderr
    assert "did you mean 'Requires improvement'?" in result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_base_url_makes_canonical_links_absolute_and_keeps_internal_links_relative(tmp_path):
    out = tmp_path / "site"
    built = build(out, "--base-url", "https://example.org/probation/")
    assert built.returncode == 0 and "--base-url" not in built.stdout
    html = (out / "frameworks/standards-2018/2-1/index.html").read_text()
    canonical = '<link rel="canonical" href="https://example.org/probation/frameworks/standards-2018/2-1/">'
    assert canonical in html
    assert 'href="../../../glossary/index.html"' in html
    moved = (out / "standards/2-1/index.html").read_text()  # the old address: the page's is canonical
    assert canonical in moved and '<meta name="robots" content="noindex">' in moved
    assert "standards/2-1/" not in (out / "sitemap.xml").read_text().replace("standards-2018/2-1/", "")
    listed = json.loads((out / "data/inspections.json").read_text())
    assert listed[0]["url"].startswith("https://example.org/probation/inspections/")


def test_verify_compares_the_build_with_a_clean_one_and_names_what_differs(tmp_path):
    out = tmp_path / "site"
    verified = build(out, "--no-search", "--verify")
    assert verified.returncode == 0, verified.stderr
    files = len([p for p in out.rglob("*") if p.is_file()]) - 1  # the manifest aside
    assert f"verify: {out} equals a clean build, byte for byte ({files} files)" in verified.stdout
    page = out / "about/index.html"
    page.write_bytes(page.read_bytes().replace(b"</main>", b"<p>changed by hand</p></main>"))
    doubted = build(out, "--no-search", "--verify")  # up to date, by the stamps of the content
    assert doubted.returncode == 1
    assert doubted.stderr.splitlines()[0] == f"{page}: error: differs from the clean build's"
    assert "verify failed: 1 file;" in doubted.stderr


def test_the_old_addresses_of_standards_and_outcome_areas_lead_to_the_same_comparisons(site, model):
    """standards/2-1/ and outcomes/<area>/ were the pages' addresses before pages belonged to
    a framework: each is now a page that refreshes to, and links to, the page it was."""
    moved = {"standards": "standards-2018", "outcomes": "quality-impact-2016"}
    checked = 0
    for old, framework_id in moved.items():
        framework = model.frameworks[framework_id]
        assert framework.moved_from == old
        items = [""] + [s.slug for s in framework.standards.values()] + \
            [a.id for a in framework.outcome_areas]
        for item in items:
            path = f"{old}/{item}/index.html" if item else f"{old}/index.html"
            target = f"frameworks/{framework_id}/{item}/index.html" if item else \
                f"frameworks/{framework_id}/index.html"
            relative = "../" * path.count("/") + target
            html = (site / path).read_text()
            assert f'<meta http-equiv="refresh" content="0; url={relative}">' in html
            assert f'<a href="{relative}">' in html
            assert (site / target).is_file()
            checked += 1
    assert checked == 1 + 10 + 1 + 3
    comparison = (site / "frameworks/standards-2018/2-1/index.html").read_text()
    assert "<h1>2.1 Assessment</h1>" in comparison
    assert comparison.count('<tr><th scope="row"><a href="../../../inspections/') == 4
