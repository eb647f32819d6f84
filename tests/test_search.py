"""Search in a real browser, with the site served under a sub-path as it might be published."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reportsite.search import index_site
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
def base(built):
    server, url = serve(built)
    yield url, built
    server.shutdown()


@pytest.fixture(scope="module")
def in_parts(built, tmp_path_factory):
    """The same site with its index made two pages at a time, as a large site's is."""
    site = tmp_path_factory.mktemp("parts") / "site"
    shutil.copytree(built, site)
    indexed = index_site(site, part_pages=2)
    assert indexed.ok and indexed.pages == 6, indexed
    server, url = serve(site)
    yield url, site
    server.shutdown()


def test_a_large_index_is_made_in_parts_that_hold_every_page(in_parts):
    _, site = in_parts
    bundle = site / "pagefind"
    parts = json.loads((bundle / "parts.json").read_text())
    assert parts == ["parts/1/", "parts/2/"]
    for part in parts:  # each part: its index only; the scripts are the first part's
        names = {p.name for p in (bundle / part).iterdir()}
        assert "pagefind-entry.json" in names and "pagefind.js" not in names
        assert json.loads((bundle / part / "pagefind-entry.json").read_text())["languages"]
    assert not list(site.parent.glob(".*.search")), "the work folder was left behind"


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
        found = results(page, url + "search/index.html?q=Chelmsford")  # only Essex mentions it
        reports = [href for _, href in found if "/inspections/" in href]
        assert reports == ["/probation/inspections/essex-crc-2018/"]
        page.locator(".search-result__title a[href*='/inspections/']").first.click()
        assert page.url.endswith("/probation/inspections/essex-crc-2018/")


@pytest.mark.parametrize("index", ["base", "in_parts"])
def test_a_rating_filter_narrows_the_results(index, request):
    url, _ = request.getfixturevalue(index)
    with chromium() as browser:
        page = browser.new_page()
        everything = results(page, url + "search/index.html?q=probation")
        good = results(page, url + "search/index.html?q=probation&overall=Good")
        assert len(everything) >= 5
        assert [href for _, href in good] == ["/probation/inspections/hampshire-isle-of-wight-crc-2019/"]
        inadequate = results(page, url + "search/index.html?q=probation&standard=2018+standards%3A+2.1+Assessment%3A+Inadequate")
        assert [href for _, href in inadequate] == ["/probation/inspections/cumbria-lancashire-crc-2019/"]


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
