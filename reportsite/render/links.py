"""Every internal link and anchor the build generates must resolve.

Run over the finished pages before anything is written, so a build with a
broken link fails and leaves the previous site as it was.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from ..diagnostics import Diagnostic, Position, error


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src") and not (tag == "link" and ("rel", "canonical") in attrs):
                self.links.append(value)
            elif name == "id":
                self.ids.append(value)


def scan(html: str) -> tuple[list[str], list[str]]:
    collector = _Collector()
    collector.feed(html)
    return collector.links, collector.ids


def check_links(outputs: dict[str, bytes]) -> tuple[list[Diagnostic], int]:
    """Broken internal links, missing anchors and duplicate ids; and how many links were checked."""
    pages = {path: data.decode("utf-8") for path, data in outputs.items() if path.endswith(".html")}
    scanned = {path: scan(text) for path, text in pages.items()}
    anchors = {path: set(ids) for path, (_, ids) in scanned.items()}
    problems: list[Diagnostic] = []
    checked = 0
    for path, (links, ids) in sorted(scanned.items()):
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        for anchor in duplicates:
            problems.append(error(f"duplicate id {anchor!r}", Position(f"site/{path}"),
                                  "two things on the page would share one anchor"))
        for link in links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
                continue
            checked += 1
            target = path if not parts.path else posixpath.normpath(
                posixpath.join(posixpath.dirname(path), unquote(parts.path)))
            if target not in outputs:
                problems.append(error(f"broken link {link!r}: no {target}", Position(f"site/{path}")))
            elif parts.fragment and target in anchors and unquote(parts.fragment) not in anchors[target]:
                problems.append(error(f"broken link {link!r}: no #{parts.fragment} in {target}",
                                      Position(f"site/{path}")))
    return problems, checked
