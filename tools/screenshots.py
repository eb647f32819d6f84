#!/usr/bin/env python3
"""Take the README's screenshots of a built site in headless Chromium.

    python tools/screenshots.py [--site site] [--out docs/screenshots]

Serves the built site on a free local port and photographs the home page, a
report, a standard page and the glossary at 1280 and 375 pixels wide.
Needs Playwright for Python and Chromium (Debian's `chromium` package).
"""

from __future__ import annotations

import argparse
import functools
import http.server
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


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
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
                page.screenshot(path=str(target))
                print(f"wrote {target}")
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
