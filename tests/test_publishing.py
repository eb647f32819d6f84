"""Feeds, sitemap, robots, canonical links, badges and the 404 page of a built site."""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from reportsite.pipeline import load_site
from reportsite.render.publishing import search_filters
from reportsite.search import plan
from tests.htmlcheck import Page, broken_links

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://example.org/probation/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("published") / "site"
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--out", str(out),
                             "--base-url", BASE], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def model():
    return load_site(ROOT / "content")[0]


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_the_feed_is_valid_atom_with_one_entry_per_inspection_newest_first(site, model):
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None and feed.find(f"{ATOM}{required}").text
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == BASE + "feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(model.reports)
    for entry in entries:
        for required in ("id", "title", "updated", "summary"):
            assert entry.find(f"{ATOM}{required}").text
        href = entry.find(f"{ATOM}link").get("href")
        assert href.startswith(BASE + "inspections/")
        assert (site / href[len(BASE):] / "index.html").is_file()
    dates = [e.find(f"{ATOM}updated").text for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)
    # no report here gives its day of publication: none is said, and each summary says so
    assert not [e for e in entries if e.find(f"{ATOM}published") is not None]
    summaries = {e.find(f"{ATOM}title").text: e.find(f"{ATOM}summary").text for e in entries}
    hampshire = summaries["An inspection of Hampshire and Isle of Wight Community Rehabilitation Company"]
    assert "published 2019 (the report gives no day or month; this entry is dated the first " \
           "day of that year)" in hampshire
    essex = summaries["An inspection of Essex Community Rehabilitation Company"]
    assert "published October 2018 (the report gives no day; this entry is dated the first " \
           "day of that month)" in essex


def test_the_sitemap_lists_every_page_exactly_once(site):
    urlset = ET.parse(site / "sitemap.xml").getroot()
    locations = [u.find("{http://www.sitemaps.org/schemas/sitemap/0.9}loc").text for u in urlset]
    assert len(locations) == len(set(locations))
    expected = {BASE + p.relative_to(site).as_posix().removesuffix("index.html")
                for p in html_pages(site) if 'content="noindex"' not in p.read_text()}
    assert set(locations) == expected
    assert f"{BASE}frameworks/standards-2018/2-1/" in expected  # moved pages are left out:
    assert f"{BASE}standards/2-1/" not in expected  # their pages are listed at their addresses
    assert f"Sitemap: {BASE}sitemap.xml" in (site / "robots.txt").read_text()


def test_every_page_has_a_canonical_link_and_social_meta(site):
    for path in html_pages(site):
        html = path.read_text()
        if path.name == "404.html":
            assert 'rel="canonical"' not in html and 'content="noindex"' in html
            continue
        relative = path.relative_to(site).as_posix().removesuffix("index.html")
        moved = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html)
        if moved:  # an old address: the page it leads to is the canonical one
            relative = posixpath.normpath(posixpath.join(relative, moved.group(1))) \
                .removesuffix("index.html")
            assert 'content="noindex"' in html
        assert f'<link rel="canonical" href="{BASE}{relative}">' in html, path
        assert '<meta property="og:title"' in html and '<meta property="og:description"' in html


@pytest.mark.gates
def test_nothing_is_broken_under_the_sub_path(site):
    problems, checked = broken_links(site, root="/probation/")
    assert problems == [] and checked > 1000


def test_the_404_page_links_from_the_site_root_path(site):
    page = Page((site / "404.html").read_text())
    internal = [link for link in page.links if not link.startswith(("http", "#", "mailto:"))]
    assert internal and all(link.startswith("/probation/") for link in internal)


def test_each_inspection_has_a_self_contained_badge(site, model):
    for slug, report in model.reports.items():
        svg = ET.parse(site / "inspections" / slug / "badge.svg").getroot()
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
        text = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
        assert (report.inspection.overall_rating or "Quality & Impact") in text
        source = (site / "inspections" / slug / "badge.svg").read_text()
        assert "href" not in source and "url(" not in source  # nothing fetched from elsewhere
        page = (site / "inspections" / slug / "index.html").read_text()
        assert f"&lt;a href=&#34;{BASE}inspections/{slug}/&#34;&gt;" in page


def test_search_index_covers_reports_and_glossary_only(site, model):
    assert (site / "pagefind" / "pagefind.js").is_file()
    for path in html_pages(site):
        indexed = "data-pagefind-body" in path.read_text()
        relative = path.relative_to(site).as_posix()
        assert indexed == (relative.startswith("inspections/") and relative.count("/") == 2), relative
    parts = plan(site)  # the glossary page's entries are records of their own
    assert sum(len(part.reports) for part in parts) == len(model.reports)
    assert [r.url for part in parts for r in part.records] == \
        [f"/glossary/#{entry.slug}" for entry in sorted(model.glossary.terms, key=lambda e: e.slug)]


def test_search_filters_come_in_groups_by_framework_from_its_data(model):
    groups = search_filters(model)
    assert [g["legend"] for g in groups] == ["Every inspection",
                                             "HM Inspectorate of Probation standards for adult probation services",
                                             "Quality & Impact inspection programme"]
    standards = {f["id"]: f for f in groups[1]["filters"]}
    assert standards["overall-standards-2018"]["options"] == \
        ["Outstanding", "Good", "Requires improvement", "Inadequate"]
    assert standards["overall-standards-2018"]["key"] == "standards-2018/overall"
    assert "2.1 Assessment: Inadequate" in standards["standard-standards-2018"]["options"]
    outcomes = groups[2]["filters"]
    assert [f["id"] for f in outcomes] == ["outcome-quality-impact-2016"]  # no ratings: no rating filters
    assert all(": " in option for option in outcomes[0]["options"]) and outcomes[0]["options"]


def test_a_framework_that_rates_and_judges_nothing_has_no_filters_of_its_own(model):
    thematic = replace(model.frameworks["quality-impact-2016"], id="thematic", name="Thematic",
                       short_name="Thematic", outcome_areas=[], organisations=[])
    slug = "north-london-2016"
    report = model.reports[slug]
    site = replace(model, frameworks={**model.frameworks, "thematic": thematic},
                   reports={**model.reports, slug: replace(
                       report, inspection=replace(report.inspection, framework="thematic"))})
    groups = search_filters(site)
    assert [g["legend"] for g in groups] == ["Every inspection",
                                             "HM Inspectorate of Probation standards for adult probation services"]
    assert "Thematic" in groups[0]["filters"][0]["options"]
