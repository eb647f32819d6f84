"""Quality gates over the real site: accessibility, keyboard, valid HTML, links, CSP, and
what readers see at every width and on paper.

Each gate is also shown to fail on a deliberately broken page, so none can
pass vacuously.
"""

from __future__ import annotations

import copy
import functools
import http.server
import io
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.browser import chromium
from tests.gates import axe_violations, broken_links, count, describe, html_errors
from tests.sites import (CHAPTERS, GLOSSARY, dump, inspection, png, write_site,
                         write_three_frameworks_site)

#: Runs Chromium and the HTML and link checkers: left out by `make unit`.
pytestmark = pytest.mark.gates

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = {"desktop": 1280, "mobile": 375, "narrow": 320}
BAD_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Bad</title></head>
<body><main><h1>Bad page</h1>
<img src="../assets/nothing.png">
<p><a href="../nowhere/index.html">a broken link</a> <a href="../glossary/index.html#no-such-term">and anchor</a></p>
<div id="twice"></div><div id="twice"></div><span><div>block in inline</div></span>
<input type="text"></main></body></html>
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gates") / "site"
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def base(site):
    server = serve(site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def axe_problems(page, base: str, paths: list[str]) -> dict[str, str]:
    """axe's violations on each page, by path (counted for the run's summary)."""
    problems = {}
    for path in paths:
        page.goto(base + path)
        violations = axe_violations(page)
        count("axe", pages=1, violations=len(violations))
        if violations:
            problems[path] = describe(violations)
    return problems


def page_types(site: Path) -> list[str]:
    """One page of every kind, and every report."""
    reports = sorted(p.parent.name for p in site.glob("inspections/*/index.html"))
    return ["index.html", "inspections/index.html",
            *(f"inspections/{slug}/index.html" for slug in reports),
            "frameworks/index.html", "frameworks/standards-2018/index.html",
            "frameworks/standards-2018/2-1/index.html", "frameworks/quality-impact-2016/index.html",
            "frameworks/quality-impact-2016/protecting-the-public/index.html", "glossary/index.html",
            "owners/index.html", "owners/sodexo/index.html", "providers/essex-crc/index.html",
            "data/index.html", "about/index.html", "search/index.html?q=probation",
            "no-such-page/"]  # the test server answers 404; the 404 page is checked directly below


@pytest.mark.parametrize("device", WIDTHS)
def test_axe_finds_no_wcag_violations_on_any_page_type(site, base, device):
    problems = {}
    with chromium() as browser:
        page = browser.new_page(viewport={"width": WIDTHS[device], "height": 900})
        csp = []
        page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
        paths = [p for p in page_types(site) if p != "no-such-page/"] + ["404.html"]
        for path in paths:
            page.goto(base + path)
            if path.startswith("search/"):
                page.wait_for_selector(".search-result", timeout=15000)
            violations = axe_violations(page)
            count("axe", pages=1, violations=len(violations))
            if violations:
                problems[path] = describe(violations)
        assert csp == [], "the Content-Security-Policy blocked something:\n" + "\n".join(csp)
    assert problems == {}, "\n\n".join(f"{p}:\n{v}" for p, v in problems.items())


def test_keyboard_reaches_every_control_with_visible_focus_and_tooltips(site, base):
    """Tab through a whole report: every link and control is reached, and each glossary
    term's definition is shown beside it."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "inspections/essex-crc-2018/index.html")
        expected = page.evaluate("""() => Array.from(document.querySelectorAll(
            'a[href], button, input, select, textarea, summary, [tabindex="0"]'))
            .filter(e => e.getClientRects().length && !e.closest('[hidden]')
                    && !e.closest('details:not([open]) > :not(summary)')).length""")
        reached, unseen, tips = 0, [], 0
        for _ in range(expected + 5):
            page.keyboard.press("Tab")
            state = page.evaluate("""() => {
                const e = document.activeElement;
                if (!e || e === document.body) return null;
                const focused = getComputedStyle(e);
                const rect = e.getBoundingClientRect();
                const popup = document.querySelector('.term-popup');
                const tip = e.matches('a.term') ? (popup && !popup.hidden
                    && popup.textContent === document.getElementById(e.getAttribute('aria-describedby')).textContent) : null;
                return {label: e.outerHTML.slice(0, 80), visible: rect.width > 0 && rect.height > 0
                        && rect.bottom > 0 && rect.top < innerHeight,
                        indicator: focused.outlineStyle !== 'none' && focused.outlineWidth !== '0px'
                        || focused.boxShadow !== 'none' || focused.backgroundColor === 'rgb(255, 221, 0)',
                        tip};
            }""")
            if state is None:
                break
            reached += 1
            if not (state["visible"] and state["indicator"]):
                unseen.append(state["label"])
            if state["tip"] is not None:
                tips += 1
                assert state["tip"], f"definition not shown on focus: {state['label']}"
        count("keyboard", controls_reached=reached, tooltips_shown=tips)
        assert reached >= expected > 100
        assert tips > 20  # each term linked once: some 50 on a report
        assert unseen == [], "focused but not visible, or no focus indicator:\n" + "\n".join(unseen[:10])


def test_every_page_is_valid_html(site):
    files = sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)
    errors = html_errors(files)
    count("html", pages=len(files), errors=len(errors))
    assert errors == []


def test_no_internal_link_or_anchor_is_broken(site):
    checked, failures = broken_links(site / "index.html")
    count("links", checked=checked, broken=len(failures))
    assert failures == [] and checked > 1000  # each glossary term is linked once a page


# --- the gates catch what they are for ------------------------------------------------

@pytest.fixture
def broken_site(site, tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
    (copy / "bad").mkdir()
    (copy / "bad" / "index.html").write_text(BAD_PAGE)
    index = copy / "index.html"
    index.write_text(index.read_text().replace("</main>", '<a href="bad/index.html">bad</a></main>'))
    return copy


def test_axe_reports_a_bad_page(broken_site):
    server = serve(broken_site)
    with chromium() as browser:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/bad/index.html")
        found = {v["id"] for v in axe_violations(page)}
    server.shutdown()
    assert {"image-alt", "label"} <= found


def test_the_html_checker_reports_a_bad_page(broken_site):
    errors = html_errors([broken_site / "bad" / "index.html"])
    assert any("Duplicate ID" in e for e in errors)
    assert any("not allowed as child" in e for e in errors)


def test_the_link_checker_reports_broken_links_and_anchors(broken_site):
    _, failures = broken_links(broken_site / "index.html")
    assert any("nowhere/index.html" in f for f in failures)
    assert any("no-such-term" in f for f in failures)


def test_an_image_in_a_chapter_fits_a_phone_and_passes_axe(tmp_path):
    """A chart wider than any screen is shown whole at 320 px, with its alt text, and
    the page neither scrolls sideways nor breaks its Content-Security-Policy."""
    chapters = dict(CHAPTERS)
    chapters["03-case-supervision.md"] += "\n![Caseload by team, 2019: a grey bar](caseload.png)\n"
    content = write_site(tmp_path, chapters=chapters)
    (content / "inspections/testshire-crc-2019/caseload.png").write_bytes(png(2000, 300))
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--out", "site",
                             "--no-search"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    server = serve(tmp_path / "site")
    try:
        with chromium() as browser:
            page = browser.new_page(viewport={"width": 320, "height": 700})
            csp = []
            page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/inspections/testshire-crc-2019/")
            image = page.locator('.prose img[src="caseload.png"]')
            image.scroll_into_view_if_needed()
            assert image.evaluate("i => i.complete && i.naturalWidth") == 2000
            assert image.get_attribute("alt") == "Caseload by team, 2019: a grey bar"
            box = image.bounding_box()
            assert 0 < box["width"] <= 320 and box["height"] == box["width"] * 300 / 2000
            assert page.evaluate("document.documentElement.scrollWidth") <= 320
            violations = axe_violations(page)
            count("axe", pages=1, violations=len(violations))
            assert violations == [], describe(violations)
            assert csp == []
    finally:
        server.shutdown()


def test_a_site_of_three_frameworks_passes_every_gate(tmp_path):
    """The 2018 standards, a youth-service-shaped framework numbered like them and a thematic
    one: every page valid HTML, every link resolving, every kind of page free of WCAG
    violations; and an old address leads on, in a browser, within the Content-Security-Policy."""
    write_three_frameworks_site(tmp_path)
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--out", "site",
                             "--no-search"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    files = sorted(site.rglob("*.html"))
    errors = html_errors(files)
    count("html", pages=len(files), errors=len(errors))
    assert errors == []
    checked, failures = broken_links(site / "index.html")
    count("links", checked=checked, broken=len(failures))
    assert failures == [] and checked > 300
    # an old address, as a reader who stays on it sees it (its refresh taken out)
    moved = (site / "standards/2-1/index.html").read_text()
    (site / "standards/2-1/stay.html").write_text(re.sub(r'<meta http-equiv="refresh"[^>]*>', "", moved))
    paths = ["index.html", "frameworks/index.html", "frameworks/youth-2020/index.html",
             "frameworks/youth-2020/2-1/index.html", "frameworks/standards-2018/2-1/index.html",
             "frameworks/thematic/index.html", "about/index.html", "data/index.html",
             "search/index.html", "inspections/testshire-yos-2021/index.html",
             "inspections/testshire-families-2022/index.html", "providers/testshire-yos/index.html",
             "owners/testco/index.html", "standards/2-1/stay.html"]
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    problems = {}
    try:
        with chromium() as browser:
            page = browser.new_page(viewport={"width": 375, "height": 800})
            csp = []
            page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
            problems = axe_problems(page, base, paths)
            page.goto(base + "standards/2-1/index.html")
            page.wait_for_url(base + "frameworks/standards-2018/2-1/index.html", timeout=10000)
            assert page.locator("h1").inner_text() == "2.1 Assessment"
            assert csp == [], "the Content-Security-Policy blocked something:\n" + "\n".join(csp)
    finally:
        server.shutdown()


# --- what readers see: every width, every list, paper, glossary definitions -------------

#: A fixture site with what the real content lacks: a provider inspected twice (its ratings
#: drawn over time), and an explicit link to a glossary entry.
HISTORY_CHAPTER = ("\nThe risk of serious harm was assessed well; see "
                   "[the risk of serious harm](glossary:rosh) and RoSH, and the CRC.\n")


@pytest.fixture(scope="module")
def fixture_base(tmp_path_factory):
    root = tmp_path_factory.mktemp("reader")
    chapters = dict(CHAPTERS)
    chapters["03-case-supervision.md"] += HISTORY_CHAPTER
    glossary = copy.deepcopy(GLOSSARY)
    for entry in glossary["terms"]:
        entry["definitions"][0]["reports"].append("testshire-crc-2021")
    content = write_site(root, chapters=chapters, glossary=glossary)
    later = content / "inspections/testshire-crc-2021"
    shutil.copytree(content / "inspections/testshire-crc-2019", later)
    ratings = {**inspection()["ratings"], "2.1": "Requires improvement", "4.2": "Inadequate"}
    (later / "inspection.yaml").write_text(dump(inspection(
        published="2021-06", fieldwork="2021-01", overall_rating="Requires improvement",
        ratings=ratings)))
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content",
                             str(content), "--out", str(root / "site"), "--no-search"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    server = serve(root / "site")
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


FIXTURE_PAGES = ["index.html", "inspections/index.html", "inspections/testshire-crc-2021/index.html",
                 "frameworks/standards-2018/2-1/index.html", "providers/testshire-crc/index.html",
                 "owners/testco/index.html", "glossary/index.html"]


def luminance(colour: str) -> float:
    """The relative luminance of a computed 'rgb(r, g, b)' colour (WCAG 2)."""
    channels = [int(c) / 255 for c in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(colour: str) -> float:
    return 1.05 / (luminance(colour) + 0.05)


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_no_page_is_wider_than_the_screen(site, base, fixture_base, width):
    """WCAG 1.4.10 reflow: at every width no page scrolls sideways; a table wider than the
    screen scrolls in its frame, says so, and keeps its first column in view."""
    wide, frames = [], 0
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 800})
        pages = [base + p for p in page_types(site) if p != "no-such-page/"] + [base + "404.html"]
        for address in pages + [fixture_base + p for p in FIXTURE_PAGES]:
            page.goto(address)
            page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                wide.append(f"{address}: {scroll} px")
            for frame in page.evaluate("""() => Array.from(document.querySelectorAll('.table-wrap'))
                .filter(f => f.scrollWidth > f.clientWidth + 1).map(f => ({
                    hint: !!f.querySelector(':scope > .table-hint'),
                    sticky: getComputedStyle(f.querySelector('tr > :first-child')).position}))"""):
                frames += 1
                assert frame == {"hint": True, "sticky": "sticky"}, address
        count("reflow", pages=len(pages) + len(FIXTURE_PAGES), wider_than_the_screen=len(wide))
    assert wide == []
    if width == 320:
        assert frames > 0  # the matrix and the list of inspections scroll in their frames


#: Every list of inspections, and where each item shows its rating.
LISTS = {".inspection-card": ".rating, .no-rating", ".matrix tbody tr": "td .rating",
         ".listing tbody tr": ".rating, .no-rating", ".compare tbody tr": ".rating",
         ".timeline > li": ".rating, .no-rating"}


@pytest.mark.parametrize("width", [320, 1280])
def test_every_list_shows_each_inspections_rating_in_view(site, base, fixture_base, width):
    shown = 0
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 800})
        for address in [base + "index.html", base + "inspections/index.html",
                        base + "frameworks/standards-2018/2-1/index.html",
                        base + "providers/essex-crc/index.html",
                        base + "owners/sodexo/index.html"] + [fixture_base + p for p in FIXTURE_PAGES]:
            page.goto(address)
            for items, rating in LISTS.items():
                found = page.evaluate("""([items, rating, width]) =>
                    Array.from(document.querySelectorAll(items)).map(item => {
                        const badge = item.querySelector(rating);
                        if (!badge) return item.textContent.trim().slice(0, 60) + ': no rating';
                        const box = badge.getBoundingClientRect();
                        return box.width > 0 && box.left >= 0 && box.right <= width ? null
                            : item.textContent.trim().slice(0, 60) + `: at ${box.left}-${box.right}`;
                    })""", [items, rating, width])
                shown += len(found)
                assert [f for f in found if f] == [], address
    count("lists", ratings_in_view=shown)
    assert shown > 30


def test_a_printed_report_shows_every_rating_in_black_and_white(site, base):
    """Printed without background graphics (the browser default), every rating word stands
    out from the white page (4.5:1 at least), the rating tiles are printed, and the PDF has
    the site's name, the page's address and a number on every page."""
    from pypdf import PdfReader

    with chromium() as browser:
        page = browser.new_page()
        for path in [p for p in page_types(site) if p.startswith("inspections/") and p.count("/") == 2]:
            page.goto(base + path)
            page.emulate_media(media="print")
            ratings = page.evaluate("""() => Array.from(document.querySelectorAll(
                    '.rating, .no-rating, .judgement__word'))  /* 2016: judgements in words */
                .filter(r => r.textContent.trim() && r.getClientRects().length)
                .map(r => [r.textContent.trim(), getComputedStyle(r).color])""")
            assert ratings and all(contrast_with_white(colour) >= 4.5 for _, colour in ratings), \
                (path, [r for r in ratings if contrast_with_white(r[1]) < 4.5])
            tiles = page.locator(".rating-strip li")
            assert tiles.count() in (0, 10) and all(tiles.nth(i).is_visible() for i in range(tiles.count()))
            count("print", ratings=len(ratings))
        printed = browser.new_page()  # printed as a reader prints it: no backgrounds
        printed.goto(base + "inspections/essex-crc-2018/index.html")
        pdf = PdfReader(io.BytesIO(printed.pdf(format="A4")))
    texts = [p.extract_text() for p in pdf.pages]
    assert all(f"Page {n} of {len(texts)}" in text for n, text in enumerate(texts, start=1))
    first = " ".join(texts[0].split())
    assert "Probation inspection reports" in first and f"{base}inspections/essex-crc-2018/" in first
    assert "Overall rating Requires improvement" in first and "2.3 Implementation and delivery Inadequate" in first


def _popup(page) -> dict | None:
    return page.evaluate("""() => { const p = document.querySelector('.term-popup');
        if (!p || p.hidden) return null; const b = p.getBoundingClientRect();
        return {text: p.textContent, left: b.left, right: b.right, top: b.top, bottom: b.bottom}; }""")


def test_a_glossary_definition_shows_in_view_at_320_px_and_closes_on_escape(site, base, fixture_base):
    """WCAG 1.4.13: shown on hover, focus or tap, inside the window, dismissed with Escape."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 320, "height": 640})
        page.goto(base + "inspections/warwickshire-west-mercia-crc-2019/index.html")
        terms = page.locator("a.term")
        assert terms.count() > 40
        for index in range(terms.count()):
            term = terms.nth(index)
            term.scroll_into_view_if_needed()
            term.hover()
            shown = _popup(page)
            definition = page.evaluate("t => document.getElementById(t.getAttribute('aria-describedby'))"
                                       ".textContent", term.element_handle())
            assert shown and shown["text"] == definition
            assert 0 <= shown["left"] and shown["right"] <= 320 and 0 <= shown["top"] and shown["bottom"] <= 640
            page.keyboard.press("Escape")
            assert _popup(page) is None
        count("definitions", shown_in_view=terms.count())
        page.mouse.move(0, 0)
        terms.first.focus()
        assert _popup(page) and page.keyboard.press("Escape") is None and _popup(page) is None
        page.goto(fixture_base + "inspections/testshire-crc-2021/index.html")
        explicit = page.locator("a.term", has_text="the risk of serious harm")
        explicit.hover()
        assert _popup(page)["text"].startswith("Risk of serious harm")
        touch = browser.new_context(viewport={"width": 320, "height": 640}, has_touch=True,
                                    is_mobile=True).new_page()
        touch.goto(base + "inspections/essex-crc-2018/index.html")
        first = touch.locator("a.term").first
        first.scroll_into_view_if_needed()
        first.tap()
        assert _popup(touch) and touch.url.endswith("essex-crc-2018/index.html")  # shown, not followed
        first.tap()
        touch.wait_for_url("**/glossary/index.html#*")


@pytest.mark.parametrize("width", [320, 1280])
def test_axe_finds_no_violations_on_the_pages_a_larger_site_has(fixture_base, width):
    """A provider's ratings over time, a matrix of several rows, an explicit glossary link."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 900})
        problems = axe_problems(page, fixture_base, FIXTURE_PAGES)
        page.goto(fixture_base + "providers/testshire-crc/index.html")
        plot = page.locator(".rating-history__plot")
        assert plot.get_attribute("aria-label") == \
            "Overall rating: Good (May 2019), Requires improvement (June 2021)"
    assert problems == {}, "\n\n".join(f"{p}:\n{v}" for p, v in problems.items())
