"""Every internal link and anchor the build generates must resolve.

Run over the finished pages before anything is written, so a build with a
broken link fails and leaves the previous site as it was. A broken link an
editor wrote is then reported where it is written (:func:`in_content`).
"""

from __future__ import annotations

import posixpath
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from pathlib import Path
from urllib.parse import unquote

from ..diagnostics import Diagnostic, Position, Severity, error
from ..load.content import INSPECTION_FILE, SITE_FILES, shown_path
from ..load.textfile import read_text


#: A start tag with attributes; with the attributes whose values the check needs.
TAG = re.compile(r"<[a-zA-Z][a-zA-Z0-9]*(\s[^>]*)>")
ATTRIBUTE = re.compile(r'\s(href|src|id)="([^"]*)"')
CANONICAL = 'rel="canonical"'


Scan = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class BrokenLink(Diagnostic):
    """A link that does not resolve, with the page it is on and the link as written."""

    page: str = ""
    link: str = ""


def broken_link(page: str, link: str, why: str) -> BrokenLink:
    return BrokenLink(Severity.ERROR, f"broken link {link!r}: {why}", Position(f"site/{page}"),
                      page=page, link=link)


def scan(html: str) -> Scan:
    """Links (each once) and ids of a page the generator wrote.

    A regular expression is enough (and ten times faster than an HTML parser):
    the pages come from our templates and the sanitiser, so every attribute
    value is double-quoted. The tests check links with a real parser.
    """
    links: list[str] = []
    ids: list[str] = []
    for attributes in TAG.findall(html):
        if 'href="' not in attributes and 'id="' not in attributes and 'src="' not in attributes:
            continue  # most tags: a class, a role, an aria- attribute; quicker to tell than to search
        for name, value in ATTRIBUTE.findall(attributes):
            if name == "id":
                ids.append(unescape(value))
            elif CANONICAL not in attributes:  # the page's public address, not a link within
                links.append(unescape(value))
    return compact((tuple(dict.fromkeys(links)), tuple(ids)))


def compact(page: Scan) -> Scan:
    """The same scan with its strings shared: pages repeat the same links and ids, and a
    site of 10,000 reports would otherwise hold millions of copies (also after unpickling)."""
    links, ids = page
    return tuple(map(sys.intern, links)), tuple(map(sys.intern, ids))


def check_links(outputs: dict[str, bytes]) -> tuple[list[Diagnostic], int]:
    """Broken internal links, missing anchors and duplicate ids; and how many links were checked."""
    index = LinkIndex()
    problems, checked = index.update({path: scan(data.decode("utf-8")) for path, data in outputs.items()
                                      if path.endswith(".html")}, set(outputs))
    return problems, checked


@lru_cache(maxsize=None)
def _resolve(directory: str, path: str, root: str = "/") -> str:
    """The output file a link points at; a root-relative link (the 404 page's) from ``root``."""
    if path.startswith("/"):
        return path[len(root):] if path.startswith(root) else path
    return posixpath.normpath(posixpath.join(directory, unquote(path)))


#: Links that leave the site (or carry their content): not checked.
EXTERNAL = ("http:", "https:", "mailto:", "data:", "//", "tag:")


def _internal(link: str) -> bool:
    return not link.startswith(EXTERNAL)


class LinkIndex:
    """Links and anchors of every page, checked again only where something changed.

    A page is checked when it is rendered again, and when a page it links to
    gains or loses anchors or disappears (found through the index of who links
    to whom). A cold build checks every link.
    """

    def __init__(self, root: str = "/") -> None:
        self.root = root  # the path the site is served under, for root-relative links
        self.anchors: dict[str, frozenset[str]] = {}
        self.links: dict[str, tuple[str, ...]] = {}
        self.linked_from: dict[str, set[str]] = {}
        self.outputs: set[str] = set()

    def update(self, scans: dict[str, Scan],
               outputs: set[str]) -> tuple[list[Diagnostic], int]:
        """Check pages scanned again (``scans``) against the new ``outputs``.

        Nothing is recorded unless everything resolves, so a failed build can be
        retried against the last good state. Each link is resolved once, here, and
        what it resolved to is what the index of who links to whom records.
        """
        scanned = {p: frozenset(ids) for p, (_, ids) in scans.items()}
        anchors = self.anchors | scanned  # one dict: looked up once per link
        gone = self.outputs - outputs
        moved = {p for p, ids in scanned.items() if self.anchors.get(p) != ids} | gone | \
            (outputs - self.outputs)
        check = set(scans) | {source for target in moved for source in self.linked_from.get(target, ())}
        check = {p for p in check if p in outputs and p.endswith(".html")}
        problems: list[Diagnostic] = []
        checked = 0
        targets: dict[str, list[str]] = {}  # of each page scanned again
        root = self.root
        climbed: dict[str, dict[str, str]] = {}  # by how far up the top is: link -> its target
        for path in sorted(check):
            page = scans.get(path)
            if page is not None and len(page[1]) != len(scanned[path]):
                ids = page[1]
                for anchor in sorted({i for i in ids if ids.count(i) > 1}):
                    problems.append(error(f"duplicate id {anchor!r}", Position(f"site/{path}"),
                                          "two things on the page would share one anchor"))
            directory = posixpath.dirname(path)
            # A link that climbs to the top first ('../../glossary/index.html#crc' from a
            # report) leads to the same place from every page as deep: checked once for all.
            # (Not one with an escape: '%2F' could turn what follows into a path of its own.)
            to_top = "../" * (directory.count("/") + 1) if directory else ""
            found = climbed.setdefault(to_top, {})
            linked = targets[path] = []
            for link in page[0] if page is not None else self.links[path]:
                target = found.get(link)
                if target is not None:
                    checked += 1
                    linked.append(target)
                    continue
                if link.startswith(EXTERNAL):
                    continue
                checked += 1
                target_path, _, fragment = link.partition("#")
                climbs = bool(to_top) and target_path.startswith(to_top) and "%" not in target_path \
                    and not target_path.startswith(("../", "/"), len(to_top))
                if climbs:
                    target = _resolve("", target_path[len(to_top):], root)
                elif target_path:
                    target = _resolve(directory, target_path, root)
                else:
                    target = path
                if target_path:
                    linked.append(target)
                if target not in outputs:
                    problems.append(broken_link(path, link, f"no {target}"))
                elif fragment and (ids := anchors.get(target)) is not None and unquote(fragment) not in ids:
                    problems.append(broken_link(path, link, f"no #{fragment} in {target}"))
                elif climbs:
                    found[link] = target
        if not problems:
            self._commit(scans, scanned, targets, outputs, gone)
        return problems, checked

    def _commit(self, scans: dict[str, Scan], scanned: dict[str, frozenset[str]],
                targets: dict[str, list[str]], outputs: set[str], gone: set[str]) -> None:
        for path in gone:
            self.anchors.pop(path, None)
            for link in self.links.pop(path, ()):
                self._unlink(path, link)
        for path, (links, _) in scans.items():
            for link in self.links.get(path, ()):
                self._unlink(path, link)
            self.anchors[path] = scanned[path]
            self.links[path] = links
            linked = targets.get(path)
            if linked is None:  # not checked (not a page, or not in the site)
                directory = posixpath.dirname(path)
                linked = [_resolve(directory, link.partition("#")[0], self.root) for link in links
                          if _internal(link) and link.partition("#")[0]]
            for target in linked:
                self.linked_from.setdefault(target, set()).add(path)
        self.outputs = set(outputs)

    def _unlink(self, source: str, link: str) -> None:
        target_path = link.partition("#")[0]
        if target_path and _internal(link):
            sources = self.linked_from.get(_resolve(posixpath.dirname(source), target_path, self.root))
            if sources:
                sources.discard(source)


#: A report's page, whose links may come from its inspection's folder.
REPORT_PAGE = re.compile(r"inspections/([a-z0-9-]+)/index\.html")


def in_content(problems: list[Diagnostic], content: Path) -> list[Diagnostic]:
    """Each broken link at the file, line and column of the content that wrote it (a
    report's chapters and inspection.yaml, the site-wide files), and the page it is on
    in the hint; where it is not found written out, at the page. Only a failed build
    comes here: the files are read again, and searched for the link as written."""
    texts: dict[Path, str] = {}
    written: dict[tuple[Path, str], list[tuple[int, int]]] = {}  # (file, link) -> (line, column)s
    placed: list[Diagnostic] = []
    for problem in problems:
        if not isinstance(problem, BrokenLink):
            placed.append(problem)
            continue
        found = []
        for path in _sources(problem.page, content):
            if (path, problem.link) not in written:
                if path not in texts:
                    texts[path] = (read_text(path, str(path))[0] if path.is_file() else None) or ""
                written[path, problem.link] = _places(texts[path], problem.link)
            found += [error(problem.message, Position(shown_path(path), line, column),
                            f"a link leads from the page it is on: site/{problem.page}")
                      for line, column in written[path, problem.link]]
        placed += found or [problem]
    return placed


def _places(text: str, link: str) -> list[tuple[int, int]]:
    """Line and column of each place ``text`` writes ``link`` as a link (Markdown, a
    reference definition, or an HTML attribute)."""
    pattern = re.compile(r"(?:\]\([ \t]*<?|(?:href|src)[ \t]*=[ \t]*[\"']|^[ \t]*\[[^\]\n]+\]:[ \t]*<?)("
                         + re.escape(link) + r")(?=[\s)>\"']|$)", re.MULTILINE)
    places = []
    for match in pattern.finditer(text):
        start = match.start(1)
        places.append((text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)))
    return places


def _sources(page: str, content: Path) -> list[Path]:
    """The content files whose text a page may show, as written."""
    report = REPORT_PAGE.fullmatch(page)
    folder = content / "inspections" / report.group(1) if report else None
    files = sorted(folder.glob("*.md")) + [folder / INSPECTION_FILE] if folder else []
    return files + [content / name for name in SITE_FILES]
