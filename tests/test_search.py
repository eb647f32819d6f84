"""Search in a real browser, with the site served under a sub-path as it might be published."""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reportsite.pipeline import load_site
from reportsite.search import index_site, plan
from reportsite.write import work_folder
from tests.browser import chromium

#: Runs Chromium and the HTML and link checkers: left out by `make unit`.
pytestmark = pytest.mark.gates

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "/probation/"


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves site/ at /probation/ only, as a host serving it under a sub-path would."""

    def translate_path(self, path):
        if not path.startswith(PREFIX):
            return "/nonexistent"
        return super().translate_path("/" + path[len(PREFIX):])

    def log_message(self, *args):
        pass


def serve(site: Path):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = tmp_path_factory.mktemp("search") / "site"
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--out", str(site),
                             "--base-url", "https://example.org/probation/"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def model():
    return load_site(ROOT / "content")[0]


@pytest.fixture(scope="module")
def base(built):
    server, url = serve(built)
    yield url, built
    server.shutdown()


@pytest.fixture(scope="module")
def in_parts(built, tmp_path_factory):
    """The same site with its index made two reports a part, as a large site's is."""
    site = tmp_path_factory.mktemp("parts") / "site"
    shutil.copytree(built, site)
    indexed = index_site(site, part_pages=2)
    # the reports in three parts, newly; the glossary's part, as the copied site had it
    assert (indexed.ok, indexed.pages, indexed.parts, indexed.kept) == (True, 5, 3, 1), indexed
    server, url = serve(site)
    yield url, site
    server.shutdown()


def test_a_large_index_is_made_in_parts_that_hold_every_page(in_parts):
    _, site = in_parts
    bundle = site / "pagefind"
    parts = json.loads((bundle / "parts.json").read_text())
    assert parts == ["parts/reports-1-of-3/", "parts/reports-2-of-3/", "parts/reports-3-of-3/",
                     "parts/glossary/"]
    assert (bundle / "pagefind.js").is_file()
    for part in parts:  # each part: its index only; the scripts are the bundle's
        names = {p.name for p in (bundle / part).iterdir()}
        assert "pagefind-entry.json" in names and "pagefind.js" not in names
        assert {"wasm.en.pagefind", "pagefind-worker.js"} <= names  # any part can be primary
        assert json.loads((bundle / part / "pagefind-entry.json").read_text())["languages"]
    assert not (work_folder(site) / "search").exists(), "the work folder was left behind"


def test_an_edit_indexes_again_only_the_part_holding_the_page(built, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built, site)
    assert index_site(site, part_pages=2).parts == 3
    parts = {part.name: part for part in plan(site, part_pages=2)}
    edited = next(p for p in parts.values() if len(p.reports) == 1).reports[0]
    before = {p: p.stat().st_ino for p in (site / "pagefind" / "parts").rglob("*") if p.is_file()}
    text = edited.read_text()
    edited.write_text(text.replace("</article>", "<p>Words an editor added: zymurgy.</p></article>"))

    again = index_site(site, part_pages=2)

    assert (again.ok, again.parts, again.kept, again.pages) == (True, 1, 3, 1), again
    changed = {p.parent.relative_to(site / "pagefind" / "parts").parts[0]
               for p in (site / "pagefind" / "parts").rglob("*")
               if p.is_file() and before.get(p) != p.stat().st_ino}
    assert changed == {next(name for name, part in parts.items() if edited in part.reports)}
    assert index_site(site, part_pages=2).parts == 0  # nothing changed since


def test_when_pagefind_fails_the_index_it_had_stays_and_the_build_is_told(built, tmp_path,
                                                                         monkeypatch):
    site = tmp_path / "site"
    shutil.copytree(built, site)
    before = {p.relative_to(site): p.read_bytes() for p in (site / "pagefind").rglob("*")
              if p.is_file()}
    page = site / "inspections" / "essex-crc-2018" / "index.html"
    page.write_text(page.read_text().replace("</article>", "<p>More words.</p></article>"))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")  # starts, and stops at once

    result = index_site(site)

    assert not result.ok and result.message == \
        "search index not built: Pagefind stopped while indexing", result
    assert {p.relative_to(site): p.read_bytes() for p in (site / "pagefind").rglob("*")
            if p.is_file()} == before
    assert not (work_folder(site) / "search").exists()


def results(page, url):
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.locator("[data-search-status]")).to_contain_text("result", timeout=15000)
    return [(a.inner_text(), a.get_attribute("href"))
            for a in page.locator(".search-result__title a").all()]


@pytest.mark.parametrize("index", ["base", "in_parts"])
def test_a_phrase_found_in_one_report_finds_that_report(index, request):
    url, _ = request.getfixturevalue(index)
    with chromium() as browser:
        page = browser.new_page()
        missing = []
        page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
        found = results(page, url + "search/index.html?q=Chelmsford")  # only Essex mentions it
        reports = [href for _, href in found if "/inspections/" in href]
        assert reports == ["/probation/inspections/essex-crc-2018/"]
        assert not missing  # every file the search asks for is there
        page.locator(".search-result__title a[href*='/inspections/']").first.click()
        assert page.url.endswith("/probation/inspections/essex-crc-2018/")


@pytest.mark.parametrize("index", ["base", "in_parts"])
def test_a_rating_filter_narrows_the_results(index, request):
    url, _ = request.getfixturevalue(index)
    with chromium() as browser:
        page = browser.new_page()
        everything = results(page, url + "search/index.html?q=probation")
        good = results(page, url + "search/index.html?q=probation&overall-standards-2018=Good")
        assert len(everything) >= 5
        assert [href for _, href in good] == ["/probation/inspections/hampshire-isle-of-wight-crc-2019/"]
        inadequate = results(page, url + "search/index.html?q=probation"
                                         "&standard-standards-2018=2.1+Assessment%3A+Inadequate")
        assert [href for _, href in inadequate] == ["/probation/inspections/cumbria-lancashire-crc-2019/"]


def test_words_found_only_in_a_glossary_definition_find_the_entry_not_the_reports(base):
    url, site = base
    # 'unique' is in the definition of diversity, and so in the hidden text of every report
    # that links the term; no report's own words use it
    assert all("unique" in p.read_text() for p in (site / "inspections").glob("*crc*/index.html"))
    with chromium() as browser:
        page = browser.new_page()
        found = [href for _, href in results(page, url + "search/index.html?q=unique")]
        assert "/probation/glossary/#diversity" in found
        assert all(href.startswith("/probation/glossary/#") for href in found), found
        # a glossary result leads to the term's own entry
        found = [href for _, href in results(page, url + "search/index.html?q=cessation")]
        assert found == ["/probation/glossary/#desistance"]


def test_excerpts_hold_the_reports_words_and_no_glossary_definitions(base):
    url, site = base
    tips = {html.unescape(t) for p in (site / "inspections").glob("*/index.html")
            for t in re.findall(r'<p id="term-[^"]+">([^<]+)<', p.read_text())}
    assert any("unpaid work" in t.lower() or "court" in t.lower() for t in tips)
    with chromium() as browser:
        page = browser.new_page()
        for query in ("unpaid work", "diversity", "desistance"):
            results(page, url + "search/index.html?q=" + query.replace(" ", "+"))
            excerpts = page.locator(".search-result").filter(
                has=page.locator("a[href*='/inspections/']")).locator(
                ".search-result__excerpt").all_inner_texts()  # the glossary's are definitions
            assert excerpts and all(excerpts), query
            for excerpt in excerpts:
                assert not any(tip[:40] in excerpt for tip in tips if len(tip) > 40), excerpt


def test_results_show_provider_date_and_rating(base, model):
    url, _ = base
    essex = model.reports["essex-crc-2018"].inspection
    with chromium() as browser:
        page = browser.new_page()
        results(page, url + "search/index.html?q=Chelmsford")
        facts = page.locator(".search-result").filter(
            has=page.locator("a[href$='/essex-crc-2018/']")).locator(".search-result__meta")
        text = facts.inner_text()
        assert model.providers["essex-crc"].name in text
        assert f"Published {essex.published.human()}" in text
        assert facts.locator(f".rating--{essex.overall_rating.lower().replace(' ', '-')}") \
            .inner_text() == essex.overall_rating


def test_filters_apply_as_they_change_and_the_address_keeps_the_search(base):
    url, _ = base
    from playwright.sync_api import expect

    with chromium() as browser:
        page = browser.new_page()
        everything = results(page, url + "search/index.html?q=probation")
        status = page.locator("[data-search-status]")
        count = status.inner_text()
        assert page.locator("[data-search-clear]").is_hidden()
        page.select_option("#filter-overall-standards-2018", "Good")  # no button pressed
        expect(status).to_have_text("1 result.")
        assert page.locator(".search-result__title a").get_attribute("href") == \
            "/probation/inspections/hampshire-isle-of-wight-crc-2019/"
        assert "overall-standards-2018=Good" in page.url and "q=probation" in page.url
        page.go_back()  # the search before the filter, restored
        expect(status).to_have_text(count)
        assert page.locator("#filter-overall-standards-2018").input_value() == ""
        page.go_forward()
        expect(status).to_have_text("1 result.")
        page.locator("[data-search-clear]").click()
        expect(status).to_have_text(count)
        assert len(page.locator(".search-result").all()) == len(everything)
        assert "overall-standards-2018" not in page.url
        page.fill("#search-query", "Chelmsford")  # words too, as they are typed
        page.wait_for_url(re.compile(r"\?q=Chelmsford$"))
        expect(page.locator(".search-result__title a")).to_have_count(1)
        expect(page.locator(".search-result__title a[href$='/essex-crc-2018/']")).to_be_visible()


def test_the_header_search_box_leads_to_results(base):
    url, _ = base
    from playwright.sync_api import expect

    with chromium() as browser:
        page = browser.new_page()
        page.goto(url + "glossary/index.html")
        page.fill("#site-search", "Willodene")
        page.press("#site-search", "Enter")
        expect(page.locator("[data-search-status]")).to_contain_text("result", timeout=15000)
        assert "/probation/search/" in page.url


def test_opened_from_disk_the_search_page_says_it_cannot_run(base):
    _, site = base
    from playwright.sync_api import expect

    with chromium() as browser:
        page = browser.new_page()
        page.goto((site / "search" / "index.html").as_uri() + "?q=probation")
        expect(page.locator("[data-search-status]")).to_contain_text("opened from disk")
        page.goto((site / "glossary" / "index.html").as_uri())
        expect(page.locator("h1")).to_have_text("Glossary")
