#!/usr/bin/env python3
"""Take the README's screenshots of a built site in headless Chromium.

    python tools/screenshots.py [--site site] [--out docs/screenshots]

Serves the built site on a free local port and photographs the home page, a
report, a standard page and the glossary at 1280 and 375 pixels wide, and the
first page of the report as Chromium prints it (no background graphics, as
browsers print by default), shown in Chromium's own PDF viewer. Build the site
with --base-url for the printed page to show the address it will have.
Needs Playwright for Python and Chromium (Debian's `chromium` package).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
PAGES = {
    "home": "index.html",
    "report": "inspections/essex-crc-2018/index.html",
    "standard": "frameworks/standards-2018/2-1/index.html",
    "glossary": "glossary/index.html",
}
WIDTHS = {"desktop": (1280, 1600), "mobile": (375, 1400)}
#: An A4 page, in CSS pixels, as the PDF viewer shows it fitted to the window's width.
PRINTED = (800, 1140)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    server = serve(args.site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for device, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, path in PAGES.items():
                page.goto(base + path)
                target = args.out / f"{name}-{device}.png"
                page.screenshot(path=str(target), full_page=name == "home")  # its ratings matrix too
                print(f"wrote {target}")
            page.close()
        page = browser.new_page()
        page.goto(base + PAGES["report"])
        with tempfile.TemporaryDirectory() as folder:
            pdf = Path(folder) / "report.pdf"
            pdf.write_bytes(page.pdf(format="A4"))
            viewer = browser.new_page(viewport=dict(zip(("width", "height"), PRINTED)))
            viewer.goto(f"{pdf.as_uri()}#toolbar=0&navpanes=0&view=FitH")
            viewer.wait_for_timeout(2000)  # the viewer draws the page after it loads
            target = args.out / "report-printed.png"
            viewer.screenshot(path=str(target))
            print(f"wrote {target}")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
