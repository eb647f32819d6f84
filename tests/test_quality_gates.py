"""Quality gates over the real site: accessibility, keyboard, valid HTML, links, CSP.

Each gate is also shown to fail on a deliberately broken page, so none can
pass vacuously.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.browser import chromium
from tests.gates import axe_violations, broken_links, count, describe, html_errors
from tests.sites import CHAPTERS, png, write_site, write_three_frameworks_site

#: Runs Chromium and the HTML and link checkers: left out by `make unit`.
pytestmark = pytest.mark.gates

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = {"desktop": 1280, "mobile": 375}
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
    assert failures == [] and checked > 2000


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
            for path in paths:
                page.goto(base + path)
                violations = axe_violations(page)
                count("axe", pages=1, violations=len(violations))
                if violations:
                    problems[path] = describe(violations)
            page.goto(base + "standards/2-1/index.html")
            page.wait_for_url(base + "frameworks/standards-2018/2-1/index.html", timeout=10000)
            assert page.locator("h1").inner_text() == "2.1 Assessment"
            assert csp == [], "the Content-Security-Policy blocked something:\n" + "\n".join(csp)
    finally:
        server.shutdown()
    assert problems == {}, "\n\n".join(f"{p}:\n{v}" for p, v in problems.items())
