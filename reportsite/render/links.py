"""Every internal link and anchor the build generates must resolve.

Run over the finished pages before anything is written, so a build with a
broken link fails and leaves the previous site as it was.
"""

from __future__ import annotations

import posixpath
import re
from html import unescape
from urllib.parse import unquote, urlsplit

from ..diagnostics import Diagnostic, Position, error


TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>")
ATTRIBUTE = re.compile(r'\s(href|src|id|rel)="([^"]*)"')


def scan(html: str) -> tuple[list[str], list[str]]:
    """Links and ids of a page the generator wrote.

    A regular expression is enough (and ten times faster than an HTML parser):
    the pages come from our templates and the sanitiser, so every attribute
    value is double-quoted. The tests check links with a real parser.
    """
    links: list[str] = []
    ids: list[str] = []
    for tag in TAG.finditer(html):
        attributes = dict(ATTRIBUTE.findall(tag.group(2)))
        if "id" in attributes:
            ids.append(unescape(attributes["id"]))
        target = attributes.get("href") or attributes.get("src")
        if target is not None and attributes.get("rel") != "canonical":
            links.append(unescape(target))
    return links, ids


def check_links(outputs: dict[str, bytes]) -> tuple[list[Diagnostic], int]:
    """Broken internal links, missing anchors and duplicate ids; and how many links were checked."""
    scans = {path: scan(data.decode("utf-8")) for path, data in outputs.items()
             if path.endswith(".html")}
    return check_scans(scans, set(outputs))


def check_scans(scans: dict[str, tuple[list[str], list[str]]],
                outputs: set[str]) -> tuple[list[Diagnostic], int]:
    """The same check over pages already scanned (an incremental build rescans only changes)."""
    anchors = {path: set(ids) for path, (_, ids) in scans.items()}
    problems: list[Diagnostic] = []
    checked = 0
    for path, (links, ids) in sorted(scans.items()):
        if len(ids) != len(anchors[path]):
            for anchor in sorted({i for i in ids if ids.count(i) > 1}):
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
