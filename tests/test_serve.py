"""`build.py serve`: live reload in a real browser, errors shown, and the server survives."""

from __future__ import annotations

import http.client
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from reportsite.commands.serve import DevApp
from reportsite.engine import BuildResult
from reportsite.diagnostics import Position, error
from tests.browser import chromium, free_port
from tests.gates import count

ROOT = Path(__file__).resolve().parent.parent
REPORT = "inspections/essex-crc-2018/index.html"


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@pytest.fixture
def server(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    port = free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port),
                                "--out", "site"], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/{REPORT}")
        yield tmp_path, port, process
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.gates
def test_pages_reload_on_change_show_errors_and_recover(server):
    from playwright.sync_api import expect

    folder, port, process = server
    yaml_file = folder / "content/inspections/essex-crc-2018/inspection.yaml"
    good = yaml_file.read_text()
    with chromium() as browser:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/{REPORT}")
        rating = page.locator("#standard-2-1 .rating").first
        expect(rating).to_have_text("Requires improvement")
        # Each reload loads a fresh page whose livereload script must connect its
        # websocket before it can hear of the next build; an editor is never that quick.
        page.wait_for_timeout(500)

        yaml_file.write_text(good.replace("'2.1': Requires improvement", "'2.1': Good"))
        expect(rating).to_have_text("Good", timeout=15000)  # no reload from the test
        page.wait_for_timeout(500)

        yaml_file.write_text(good.replace("title: An inspection", "title: [An inspection"))
        overlay = page.locator(".build-errors")
        expect(overlay).to_be_visible(timeout=15000)
        expect(overlay).to_contain_text("content/inspections/essex-crc-2018/inspection.yaml:3:9: error:")
        assert process.poll() is None, "the server stopped on bad input"
        expect(rating).to_have_text("Good")  # the last good page is still served beneath
        page.wait_for_timeout(500)

        yaml_file.write_text(good.replace("'2.1': Requires improvement", "'2.1': Outstanding"))
        expect(overlay).to_have_count(0, timeout=15000)
        expect(page.locator("#standard-2-1 .rating").first).to_have_text("Outstanding")
    assert process.poll() is None


def test_dev_app_lays_errors_over_pages_and_keeps_to_its_folder(tmp_path):
    (tmp_path / "index.html").write_text("<html><head></head><body><p>Page</p></body></html>")
    (tmp_path / "404.html").write_text("<html><body>Not here</body></html>")

    class Engine:
        last = BuildResult([error("bad <rating>", Position("a.yaml", 3, 5))])

    app = DevApp(tmp_path, Engine())
    responses = []

    def get(path):
        body = b"".join(app({"PATH_INFO": path}, lambda status, headers: responses.append(status)))
        return responses[-1], body.decode()

    status, body = get("/")
    assert status == "200 OK" and 'class="build-errors"' in body
    assert "a.yaml:3:5: error: bad &lt;rating&gt;" in body and "<p>Page</p>" in body
    assert get("/../../etc/passwd")[0] == "403 Forbidden"
    assert get("/missing/")[0] == "404 Not Found"
    Engine.last = BuildResult([])
    assert "build-errors" not in get("/index.html")[1]


#: Paths no file can have: each is refused with 400 (once a 500 and a traceback).
BAD_PATHS = {"a NUL byte": "/inspections/%00/index.html", "a NUL byte in a name": "/index.html%00.png",
             "a name longer than a file system allows": "/" + "a" * 300,
             "a path of 6,000 bytes": "/" + "a/" * 3000 + "index.html"}


def test_serve_answers_a_path_no_file_can_have_with_400(server):
    folder, port, process = server
    for what, path in BAD_PATHS.items():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        assert (response.status, response.read()) == (400, b"Bad request"), what
        connection.close()
        count("hostile", tried=1, rejected_with_a_message=1)
    assert urllib.request.urlopen(f"http://127.0.0.1:{port}/{REPORT}", timeout=10).status == 200
    assert process.poll() is None
