"""Long listings are split over pages, and an edit re-renders only the pages that show it;
every framework's pages are its own."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from reportsite.cli import TEMPLATES
from reportsite.diagnostics import format_all
from reportsite.engine import Engine
from reportsite.render import pages
from reportsite.render.pages import paginated
from tests.browser import chromium
from tests.gates import axe_violations, describe, html_errors
from tests.sites import dump, inspection, write_site, write_three_frameworks_site

YEARS = (2019, 2020, 2021)


def three_inspection_site(root: Path) -> Path:
    """Testshire inspected in 2019, 2020 and 2021; every glossary term used by all three."""
    content = write_site(root)
    first = content / "inspections" / "testshire-crc-2019"
    for year in YEARS[1:]:
        folder = content / "inspections" / f"testshire-crc-{year}"
        shutil.copytree(first, folder)
        (folder / "inspection.yaml").write_text(dump(inspection(published=f"{year}-03")))
    glossary = content / "glossary.yaml"
    glossary.write_text(glossary.read_text().replace(
        "reports:\n    - testshire-crc-2019",
        "reports:\n" + "".join(f"    - testshire-crc-{year}\n" for year in YEARS).rstrip("\n")))
    return content


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(pages, "PAGE_SIZE", 1)
    monkeypatch.setattr(pages, "HOME_NEWEST", 2)


def test_items_are_split_into_pages_that_know_their_place(monkeypatch):
    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    split = paginated("standards/1-1/", list("abcde"))
    assert [(path, items) for path, items, _ in split] == [
        ("standards/1-1/", ["a", "b"]), ("standards/1-1/page/2/", ["c", "d"]),
        ("standards/1-1/page/3/", ["e"])]
    places = [place for _, _, place in split]
    assert [(p.number, p.count, p.first, p.last, p.total) for p in places] == [
        (1, 3, 1, 2, 5), (2, 3, 3, 4, 5), (3, 3, 5, 5, 5)]
    assert (places[0].previous, places[0].next) == (None, "standards/1-1/page/2/")
    assert (places[2].previous, places[2].next) == ("standards/1-1/page/2/", None)
    assert [path for path, _, _ in paginated("inspections/", [])] == ["inspections/"]


def test_a_long_listing_is_spread_over_linked_pages(tmp_path, monkeypatch, small_pages):
    monkeypatch.chdir(tmp_path)
    engine = Engine(three_inspection_site(tmp_path), tmp_path / "site", TEMPLATES)
    result = engine.build()
    assert result.ok  # every page link between the pages resolves (the build checks them)
    site = tmp_path / "site"
    # newest first: one inspection on each page of a standard's comparison
    for number, year in zip(("", "page/2/", "page/3/"), reversed(YEARS)):
        page = (site / f"frameworks/standards-2018/2-1/{number}index.html").read_text()
        shown = [y for y in YEARS if f"testshire-crc-{y}/" in page]
        assert shown == [year], number
    first = (site / "frameworks/standards-2018/2-1/index.html").read_text()
    last = (site / "frameworks/standards-2018/2-1/page/3/index.html").read_text()
    assert "How inspections rated it" in first and "How inspections rated it" not in last
    assert "Showing 1 to 1 of 3" in first and 'href="page/2/index.html" rel="next"' in first
    assert "Showing 3 to 3 of 3" in last and 'rel="next"' not in last
    assert 'href="../../../../../frameworks/standards-2018/2-1/page/2/index.html" rel="prev"' in last
    assert "<title>2.1 Assessment (2018 standards) (page 3 of 3)" in last
    assert (site / "inspections/page/3/index.html").is_file()
    assert (site / "providers/testshire-crc/page/3/index.html").is_file()
    # the address a later page had before pages were addressed by framework leads on to it
    moved = (site / "standards/2-1/page/3/index.html").read_text()
    assert 'href="../../../../frameworks/standards-2018/2-1/page/3/index.html"' in moved
    home = (site / "index.html").read_text()
    assert "Newest inspections" in home and "All 3 inspections" in home
    assert "testshire-crc-2019/" not in home.split('id="explore"')[0]  # only the newest two
    # one short listing stays one page with no page navigation
    assert not (site / "frameworks/standards-2018/1-1/page/4").exists()
    assert 'class="pager"' not in (site / "about/index.html").read_text()


def test_editing_one_inspection_renders_only_the_listing_pages_that_show_it(tmp_path, monkeypatch,
                                                                           small_pages):
    monkeypatch.chdir(tmp_path)
    content = three_inspection_site(tmp_path)
    engine = Engine(content, tmp_path / "site", TEMPLATES)
    assert engine.build().ok
    path = content / "inspections/testshire-crc-2019/inspection.yaml"
    path.write_text(path.read_text().replace("'2.1': Good", "'2.1': Inadequate"))
    second = engine.build()
    rendered = set(second.rendered_paths)
    standards = {p for p in rendered if p.startswith(("standards/", "frameworks/standards-2018/"))}
    # 2019 is the last of three: the last page of every standard, and the first pages, which
    # count every inspection's rating
    assert standards == {"frameworks/standards-2018/index.html"} | {
        f"frameworks/standards-2018/{s}/{page}index.html" for s in ("1-1", "1-2", "1-3", "1-4", "2-1", "2-2", "2-3",
                                                     "2-4", "4-1", "4-2") for page in ("", "page/3/")}
    assert "inspections/page/3/index.html" in rendered
    assert not {"inspections/index.html", "inspections/page/2/index.html", "index.html",
                "providers/testshire-crc/page/2/index.html"} & rendered
    assert "Inadequate" in (tmp_path / "site/frameworks/standards-2018/2-1/page/3/index.html").read_text()


@pytest.mark.gates
def test_later_pages_of_a_listing_pass_the_quality_gates(tmp_path, monkeypatch, small_pages):
    """The real site has no list long enough to be paged: check paged lists here."""
    monkeypatch.chdir(tmp_path)
    assert Engine(three_inspection_site(tmp_path), tmp_path / "site", TEMPLATES).build().ok
    paged = ["frameworks/standards-2018/2-1/page/2/index.html", "inspections/page/3/index.html",
             "providers/testshire-crc/page/2/index.html"]
    files = [tmp_path / "site" / path for path in paged + ["index.html"]]
    assert html_errors(files) == []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 375, "height": 800})
        for path, file in zip(paged + ["index.html"], files):
            page.goto(file.as_uri())
            assert page.locator(".pager").count() == (2 if path in paged else 0), path
            violations = axe_violations(page)
            assert violations == [], f"{path}:\n{describe(violations)}"


def test_an_owner_page_compares_ratings_only_between_inspections_of_one_provider(tmp_path,
                                                                                monkeypatch):
    """TestCo owns Testshire from 2015 and Otherby from 2020; Otherby's 2019 inspection was
    under its earlier owner. Ratings differ between providers, and are never compared."""
    monkeypatch.chdir(tmp_path)
    providers = {"testshire-crc": {"name": "Testshire CRC Ltd", "short_name": "Testshire CRC",
                                   "type": "Community Rehabilitation Company", "area": "Testshire",
                                   "owners": [{"owner": "testco", "since": "2015-02-01"}]},
                 "otherby-crc": {"name": "Otherby CRC Ltd", "short_name": "Otherby CRC",
                                 "type": "Community Rehabilitation Company", "area": "Otherby",
                                 "owners": [{"owner": "oldco"}, {"owner": "testco", "since": "2020-06"}]}}
    owners = {"testco": {"name": "TestCo Justice", "sector": "private"},
              "oldco": {"name": "OldCo", "sector": "private"}}
    content = write_site(tmp_path, providers=providers, owners=owners)
    first = content / "inspections" / "testshire-crc-2019"
    for slug, year, rating in (("otherby-crc-2019", 2019, "Inadequate"),
                               ("otherby-crc-2021", 2021, "Requires improvement")):
        shutil.copytree(first, content / "inspections" / slug)
        (content / "inspections" / slug / "05-glossary.md").unlink()  # not in glossary.yaml
        (content / "inspections" / slug / "inspection.yaml").write_text(dump(inspection(
            provider="otherby-crc", published=f"{year}-03", fieldwork=f"{year}-01",
            ratings={s: rating for s in inspection()["ratings"]})))
    result = Engine(content, tmp_path / "site", TEMPLATES).build()
    assert result.ok, [p.message for p in result.problems if p.severity.name != "NOTE"]
    site = tmp_path / "site"
    testco = (site / "owners/testco/index.html").read_text()
    assert "otherby-crc-2021/" in testco and "otherby-crc-2019/" not in testco
    assert "testshire-crc-2019/" in testco
    # Otherby 2021 (Requires improvement) follows Testshire 2019 (Good) in the table, but
    # is another provider's: no change is shown. Within Otherby, on its own page, it is better.
    assert "than before" not in testco and "grouped by provider" in testco
    assert "better than before" in (site / "providers/otherby-crc/index.html").read_text()
    assert "otherby-crc-2019/" in (site / "owners/oldco/index.html").read_text()
    report = (site / "inspections/otherby-crc-2019/index.html").read_text()
    assert 'owners/oldco/index.html">OldCo</a>' in report


def test_every_page_shows_the_sites_settings_and_is_rebuilt_when_they_change(tmp_path, monkeypatch):
    """content/site.yaml: the name on every page, the publisher and contact in every footer,
    the accessibility contact on the about page, the notice at the top of every page; an
    edit to it renders every page again."""
    monkeypatch.chdir(tmp_path)
    content = write_site(tmp_path)
    engine = Engine(content, tmp_path / "site", TEMPLATES, cache=tmp_path / ".cache")
    first = engine.build()
    assert first.ok, first.problems
    html = sorted((tmp_path / "site").rglob("*.html"))
    assert all("Testshire reports</title>" in p.read_text() and
               "Testshire reports is published by Testshire Editors." in p.read_text() for p in html)
    about = (tmp_path / "site/about/index.html").read_text()
    assert 'is published by Testshire Editors.' in about
    assert '<a href="mailto:editors@example.org">editors@example.org</a>' in about
    assert '<a href="https://example.org/access">https://example.org/access</a>' in about
    assert "notice-banner" not in about
    settings = content / "site.yaml"
    settings.write_text(settings.read_text() + "notice: Closed for maintenance on Sunday.\n")
    again = engine.build()
    assert again.ok and again.rendered == first.rendered
    assert all('<p>Closed for maintenance on Sunday.</p>' in p.read_text() for p in html)


# --- a site of three frameworks ------------------------------------------------------

@pytest.fixture(scope="module")
def three_frameworks(tmp_path_factory) -> Path:
    """The 2018 standards, a youth-service-shaped framework numbered like them, and a
    thematic one that rates nothing, an inspection under each: built."""
    root = tmp_path_factory.mktemp("three")
    here = os.getcwd()
    os.chdir(root)
    try:
        result = Engine(write_three_frameworks_site(root), root / "site", TEMPLATES).build()
    finally:
        os.chdir(here)
    assert result.ok, format_all(result.problems)
    return root / "site"


def test_frameworks_that_number_their_standards_alike_have_a_page_each(three_frameworks):
    site = three_frameworks
    adult = (site / "frameworks/standards-2018/2-1/index.html").read_text()
    youth = (site / "frameworks/youth-2020/2-1/index.html").read_text()
    assert "testshire-crc-2019/" in adult and "testshire-yos-2021/" not in adult
    assert "testshire-yos-2021/" in youth and "testshire-crc-2019/" not in youth
    assert "Does assessment look at the child&#39;s needs?" in youth
    assert "Does assessment look at the child" not in adult
    assert "<title>2.1 Assessment (2018 standards)" in adult
    assert "<title>2.1 Assessment (Testland youth standards)" in youth
    # each report's "compare" link leads to its own framework's page
    crc = (site / "inspections/testshire-crc-2019/index.html").read_text()
    yos = (site / "inspections/testshire-yos-2021/index.html").read_text()
    assert 'href="../../frameworks/standards-2018/2-1/index.html">Compare 2.1 Assessment' in crc
    assert 'href="../../frameworks/youth-2020/2-1/index.html">Compare 2.1 Assessment' in yos
    # the old address is the 2018 standards', the only framework that had one
    assert "frameworks/standards-2018/2-1/index.html" in (site / "standards/2-1/index.html").read_text()
    assert not (site / "frameworks/thematic/2-1").exists()


def test_the_home_page_has_a_ratings_matrix_for_each_framework_that_rates(three_frameworks):
    home = (three_frameworks / "index.html").read_text()
    matrices = re.findall(r'<h3 id="ratings-([^"]+)">', home)
    assert matrices == ["youth-2020", "standards-2018"]  # the newest inspection's framework first
    youth, adult = home.split('<h3 id="ratings-standards-2018">')
    assert "each of the 12 Testland youth standards" in youth and "testshire-yos-2021/" in youth
    assert "each of the 10 2018 standards" in adult
    assert 'href="frameworks/youth-2020/3-3/index.html"' in youth and "3-3" not in adult
    assert 'No overall rating (Testland thematic)' in home  # the thematic inspection, listed


def test_a_framework_that_rates_nothing_lists_its_inspections(three_frameworks):
    page = (three_frameworks / "frameworks/thematic/index.html").read_text()
    assert "<h1>Testland thematic inspections</h1>" in page
    assert 'href="../../inspections/testshire-families-2022/index.html"' in page
    report = (three_frameworks / "inspections/testshire-families-2022/index.html").read_text()
    assert "rating-strip" not in report and "rating--" not in report
    listing = (three_frameworks / "frameworks/index.html").read_text()
    assert re.findall(r"\): (\d+) inspection", listing) == ["0", "1", "1", "1"]  # Q&I: none


def test_every_data_file_has_the_framework_of_each_row(three_frameworks):
    data = three_frameworks / "data"
    ratings = list(csv.DictReader(io.StringIO((data / "ratings.csv").read_text())))
    assert {(r["framework"], r["inspection"]) for r in ratings} == {
        ("standards-2018", "testshire-crc-2019"), ("youth-2020", "testshire-yos-2021")}
    assert [r["rating"] for r in ratings if r["framework"] == "youth-2020"
            and r["standard"] == "4.1"] == ["Outstanding"]
    figures = list(csv.DictReader(io.StringIO((data / "key-questions.csv").read_text())))
    assert {r["key_question"] for r in figures if r["framework"] == "youth-2020"} == \
        {"2.1.1", "2.1.2", "2.2.1", "3.1.1"}
    assert next(csv.reader(io.StringIO((data / "judgements.csv").read_text())))[1] == "framework"
    listed = json.loads((data / "inspections.json").read_text())
    assert {i["slug"]: i["framework"] for i in listed} == {
        "testshire-crc-2019": "standards-2018", "testshire-yos-2021": "youth-2020",
        "testshire-families-2022": "thematic"}
    page = (three_frameworks / "data/index.html").read_text()
    assert page.count("<code>framework</code>") == 4
    assert "youth-2020 (Testland youth justice standards)" in page
    assert "2018 standards" not in page.split("ratings.csv</a></h2>")[1].split("</p>")[0]


def test_the_about_page_explains_every_framework_and_its_rules(three_frameworks):
    about = (three_frameworks / "about/index.html").read_text()
    ids = re.findall(r' id="([^"]+)"', about)
    assert len(ids) == len(set(ids))
    for framework in ("standards-2018", "youth-2020", "thematic", "quality-impact-2016"):
        assert f'id="framework-{framework}"' in about
    assert "A standard takes the lowest band of its key questions." in about
    youth = about.split('id="framework-youth-2020"')[1]
    assert 'id="overall-rule-youth-2020"' in youth  # the scoring rule, with each band
    assert re.search(r'Requires improvement</strong></th><td class="numeric">1</td><td>7</td>',
                     youth)


def test_the_scoring_rule_is_explained_where_the_report_rates_otherwise(three_frameworks):
    report = (three_frameworks / "inspections/testshire-yos-2021/index.html").read_text()
    note = re.search(r'<aside class="site-note" data-site>\s*<p>(.*?)</p>', report, re.S).group(1)
    assert "ratings score 19 in all), the overall rating would be Good. The report rates it " \
           "Requires improvement." in note
    assert "score" not in (three_frameworks / "inspections/testshire-crc-2019/index.html").read_text()


def test_search_filters_are_grouped_by_framework_with_the_values_reports_declare(three_frameworks):
    search = (three_frameworks / "search/index.html").read_text()
    legends = re.findall(r"<legend>([^<]+)</legend>", search)
    assert legends[0] == "Every inspection" and len(legends) == 3  # a thematic report: no group
    for framework, standards in (("standards-2018", 10), ("youth-2020", 12)):
        select = search.split(f'id="filter-standard-{framework}"')[1].split("</select>")[0]
        assert f'data-filter="{framework}/standard"' in select
        offered = {html.unescape(v) for v in re.findall(r'<option value="([^"]+)">', select)}
        assert len(offered) == standards * 4
        declared = set()
        for report in three_frameworks.glob("inspections/*/index.html"):
            declared |= {html.unescape(v) for v in re.findall(
                rf'data-pagefind-filter="{framework}/standard">([^<]+)<', report.read_text())}
        assert declared and declared <= offered, framework
        assert "2.1 Assessment: Good" in declared
