"""Search: what readers read, indexed by Pagefind for the /search/ page.

Each report page's ``<article data-pagefind-body>`` is one record, without the
site's own words (every element marked ``data-site``: term tooltips and the
text for screen readers inside term links, navigation, notes) and without the
glossary the report prints (``data-pagefind-ignore``): the glossary's entries
are records of their own, each linking to its anchor on the glossary page.

Pagefind (the binary from PyPI) is given these records over its service
pipes, not the whole pages to parse, and builds the index in parts: reports
fall into parts of about ``PART_PAGES`` by a hash of their address, the
glossary is a part of its own. Each part records what it was made from
(``.sources``), so a build indexes again only the parts holding pages that
changed, two parts at a time on two cores, each in a Pagefind process of its
own; the search page merges the parts
listed in ``pagefind/parts.json`` into one index.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import threading
import time
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from math import ceil
from pathlib import Path

from pagefind.service import get_executable

from .parallel import cores
from .write import SEARCH, work_folder


@dataclass
class SearchIndex:
    ok: bool
    pages: int = 0  # records indexed this time (the others were in parts left as they were)
    seconds: float = 0.0
    message: str = ""
    parts: int = 0  # parts indexed again
    kept: int = 0  # parts left as they were


STAMP = ".pages-digest"
#: Lists the index's parts for the search page to merge (paths relative to the bundle),
#: the first one primary.
PARTS = "parts.json"
#: In each part: a digest of what it was made from.
SOURCES = ".sources"
#: Reports per part, about. Pagefind holds a part in memory while it indexes it (some
#: 3.5 MB per report, in a process of its own), and two parts are indexed at once: 60
#: keeps both under 500 MB.
PART_PAGES = 60
#: A smaller site still has up to this many parts (of ``MIN_PART_PAGES`` reports or more),
#: so that an edit indexes again a small share of it.
MIN_PARTS, MIN_PART_PAGES = 8, 10
#: What Pagefind leaves out of every record: the site's own words.
EXCLUDE = ["[data-site]"]
BODY = "data-pagefind-body"
#: Scripts the search page loads from beside the primary part's index (the language's
#: WebAssembly too); a part keeps them, with its index, as any part may be primary.
BESIDE_INDEX = ("pagefind-entry.json", "pagefind-worker.js")
GLOSSARY_PAGE = "glossary/index.html"
GLOSSARY_ENTRY = re.compile(r'<div class="glossary__entry" id="([^"]+)"')
GLOSSARY_END = re.compile(r"</dl>\s*</section>")


@dataclass
class Record:
    """One search result to be: its address, and the HTML Pagefind reads."""

    url: str
    html: str


@dataclass
class Part:
    """Records indexed together; ``sources`` tells what they were made from."""

    name: str
    sources: list[str] = field(default_factory=list)
    reports: list[Path] = field(default_factory=list)  # pages to read records from
    records: list[Record] = field(default_factory=list)  # records at hand (the glossary's)

    @property
    def digest(self) -> str:
        return hashlib.sha256("\n".join([recipe(), *self.sources]).encode()).hexdigest()


@lru_cache(maxsize=1)
def recipe() -> str:
    """How records become an index: this module and Pagefind's version (a part made
    another way is made again)."""
    try:
        pagefind = version("pagefind_bin")
    except PackageNotFoundError:
        pagefind = str(get_executable())
    return hashlib.sha256(Path(__file__).read_bytes() + pagefind.encode()).hexdigest()


def index_site(site: Path, pages_digest: str | None = None, background: bool = False,
               part_pages: int = PART_PAGES, work: Path | None = None,
               workers: int | None = None) -> SearchIndex:
    """Index ``site``; skipped (ok, 0 pages) when its pages' digest has not changed.

    Parts whose pages are as they were when the index in ``site/pagefind`` was made are
    kept; the new index replaces the old once every part is written. In the
    ``background`` (under serve) Pagefind runs at low priority. ``work``: a folder of
    the build's own to work in (by default in the work folder beside ``site``).
    """
    stamp = site / SEARCH / STAMP
    if pages_digest and stamp.is_file() and stamp.read_text() == pages_digest:
        return SearchIndex(True, 0, 0.0, "search index unchanged")
    started = time.perf_counter()
    parts = plan(site, part_pages)
    if not parts:
        return SearchIndex(False, message=f"search index not built: no page is marked {BODY}")
    old = site / SEARCH
    kept = [p for p in parts if _read(old / "parts" / p.name / SOURCES) == p.digest]
    stale = [p for p in parts if p not in kept]
    work = work or work_folder(site) / "search"
    shutil.rmtree(work, ignore_errors=True)
    bundle = work / SEARCH
    try:
        (bundle / "parts").mkdir(parents=True)
        for part in kept:
            _link_tree(old / "parts" / part.name, bundle / "parts" / part.name)
        indexed = _index_parts(site, stale, bundle, workers or cores(), background)
        if not stale:
            _link_scripts(old, bundle)
        (bundle / PARTS).write_text(json.dumps([f"parts/{p.name}/" for p in parts]))
        if pages_digest:
            (bundle / STAMP).write_text(pages_digest)
        if old.exists():
            os.replace(old, work / "old")
        os.replace(bundle, old)
    except (OSError, IndexingError) as exc:
        return SearchIndex(False, seconds=time.perf_counter() - started,
                           message=f"search index not built: {exc}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return SearchIndex(True, indexed, time.perf_counter() - started, parts=len(stale),
                       kept=len(kept))


def plan(site: Path, part_pages: int = PART_PAGES) -> list[Part]:
    """The index's parts: the report pages by a hash of their address (``part_pages``
    to a part, about; see ``MIN_PARTS``), and the glossary's entries; each with what it
    is made from."""
    reports = sorted(p for p in (site / "inspections").glob("*/index.html"))
    count = max(1, ceil(len(reports) / part_pages),
                min(MIN_PARTS, len(reports) // MIN_PART_PAGES))
    parts = [Part(f"reports-{n + 1}-of-{count}") for n in range(count)]
    for page in reports:
        url = report_url(page.relative_to(site))
        part = parts[zlib.crc32(url.encode()) % count]
        stat = page.stat()  # a page the build left as it was keeps its file, and its stamp
        part.sources.append(f"{url} {stat.st_ino} {stat.st_size} {stat.st_mtime_ns}")
        part.reports.append(page)
    glossary = Part("glossary")
    glossary.records = glossary_records(site / GLOSSARY_PAGE)
    glossary.sources = [f"{r.url} {hashlib.sha256(r.html.encode()).hexdigest()}"
                        for r in glossary.records]
    return [p for p in parts + [glossary] if p.sources]


def report_url(path: Path) -> str:
    """A report page's address as results give it (``/inspections/<slug>/``)."""
    return "/" + path.parent.as_posix() + "/"


def report_record(page: Path, url: str) -> Record | None:
    """The report's article, which holds all the page's indexed text, its filters and meta."""
    text = page.read_text(encoding="utf-8")
    body = text.find(BODY)
    if body < 0:
        return None
    start, end = text.rfind("<", 0, body), text.rfind("</article>")
    return Record(url, f'<html lang="en-GB"><body>{text[start:end]}</article></body></html>')


def glossary_records(page: Path) -> list[Record]:
    """Each entry of the glossary page, a record linking to its anchor."""
    try:
        text = page.read_text(encoding="utf-8")
    except OSError:
        return []
    starts = [(m.start(), m.group(1)) for m in GLOSSARY_ENTRY.finditer(text)]
    records = []
    for (start, slug), (end, _) in zip(starts, starts[1:] + [(len(text), "")]):
        section_end = GLOSSARY_END.search(text, start, end)
        entry = text[start:section_end.start() if section_end else end]
        records.append(Record(f"/glossary/#{slug}",
                              f'<html lang="en-GB"><body {BODY}>{entry}</body></html>'))
    return records


# --- Pagefind ------------------------------------------------------------------------

class IndexingError(Exception):
    """Pagefind failed, or could not be run."""


class Pagefind:
    """One Pagefind process in service mode: requests and responses are base64 JSON,
    each followed by a comma, on its standard input and output (the protocol its own
    Python and Node wrappers speak; the Python one reads one response a tenth of a
    second, which for a thousand records is minutes)."""

    def __init__(self, background: bool = False):
        executable = get_executable()
        if executable is None:
            raise IndexingError("the Pagefind binary is missing: install pagefind[bin]")
        self.process = subprocess.Popen(
            [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, preexec_fn=_lower_priority if background else None)
        self.sent = 0
        self.pending = b""

    def ask(self, payloads) -> list[dict]:
        """Send every request (fed from another thread: Pagefind answers while it reads),
        and return the answers in order."""
        payloads = list(payloads)
        first = self.sent + 1
        self.sent += len(payloads)

        def feed() -> None:
            try:
                for number, payload in enumerate(payloads, start=first):
                    message = json.dumps({"message_id": number, "payload": payload})
                    self.process.stdin.write(base64.b64encode(message.encode()) + b",")
                self.process.stdin.flush()
            except OSError:  # Pagefind stopped: reading its answers finds that out
                return
        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        answers: dict[int, dict] = {}
        while len(answers) < len(payloads):
            chunk = self.process.stdout.read1(1 << 20)
            if not chunk:
                raise IndexingError("Pagefind stopped while indexing")
            *complete, self.pending = (self.pending + chunk).split(b",")
            for message in complete:
                answer = json.loads(base64.b64decode(message))
                payload = answer.get("payload") or {}
                if payload.get("type") == "Error":
                    raise IndexingError(f"Pagefind: {payload.get('message')}")
                answers[answer.get("message_id")] = payload
        feeder.join()
        return [answers[number] for number in range(first, first + len(payloads))]

    def index(self, records) -> tuple[int, dict[str, bytes]]:
        """A new index of ``records``: how many it holds, and its files by path. The files
        come back over the pipe and are written here: Pagefind's own writing may still be
        under way when its process ends (an index file was found empty)."""
        (created,) = self.ask([{"type": "NewIndex", "config": {
            "force_language": "en", "exclude_selectors": EXCLUDE}}])
        number = created["index_id"]
        added = self.ask({"type": "AddFile", "index_id": number, "url": r.url, "file_path": None,
                          "file_contents": r.html} for r in records)
        written, _ = self.ask([{"type": "GetFiles", "index_id": number},
                               {"type": "DeleteIndex", "index_id": number}])
        return (sum(1 for a in added if a.get("page_word_count")),
                {f["path"]: base64.b64decode(f["content"]) for f in written["files"]})

    def close(self) -> None:
        try:
            self.process.stdin.close()
        except OSError:  # it had stopped
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _index_parts(site: Path, parts: list[Part], bundle: Path, workers: int,
                 background: bool) -> int:
    """Index ``parts`` into ``bundle/parts``, on up to ``workers`` Pagefind processes at
    once, the largest parts first; how many records they hold."""
    queue = sorted(parts, key=lambda p: -len(p.sources))
    lock = threading.Lock()
    counts: list[int] = []
    failed: list[BaseException] = []

    def run() -> None:
        while not failed:
            with lock:
                if not queue:
                    return
                part = queue.pop(0)
            records = part.records or (
                r for page in part.reports
                if (r := report_record(page, report_url(page.relative_to(site)))))
            try:  # a process a part: Pagefind's memory goes with it
                pagefind = Pagefind(background)
                try:
                    count, files = pagefind.index(records)
                finally:
                    pagefind.close()
                with lock:  # the scripts are the bundle's: one writer at a time
                    _write_part(bundle, part, files)
                counts.append(count)
            except (OSError, ValueError, IndexingError) as exc:
                failed.append(exc)

    threads = [threading.Thread(target=run) for _ in range(max(1, min(workers, len(parts))))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failed:
        raise IndexingError(str(failed[0]))
    return sum(counts)


def _write_part(bundle: Path, part: Part, files: dict[str, bytes]) -> None:
    """A part's index into ``bundle/parts``, with what the search page loads from beside
    a primary part, and a note of what it was made from; the search scripts into the
    bundle (the same from every part)."""
    folder = bundle / "parts" / part.name
    for path, data in files.items():
        name = path.rsplit("/", 1)[-1]
        if "/" in path or name.endswith(".pf_meta") or name.startswith("wasm.") or \
                name in BESIDE_INDEX:
            target = folder / path
        elif name.endswith((".js", ".css")):
            target = bundle / name
        else:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (folder / SOURCES).write_text(part.digest)


def _link_scripts(old: Path, bundle: Path) -> None:
    for item in old.iterdir():
        if item.is_file() and item.suffix in (".js", ".css"):
            os.link(item, bundle / item.name)


def _link_tree(source: Path, target: Path) -> None:
    """``target`` holding hard links to ``source``'s files (a part kept as it was)."""
    for directory, _, names in os.walk(source):
        into = target / os.path.relpath(directory, source)
        into.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.link(os.path.join(directory, name), into / name)


def _read(path: Path) -> str | None:
    try:
        return path.read_text()
    except OSError:
        return None


def _lower_priority() -> None:
    os.nice(10)
