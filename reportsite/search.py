"""Search: the built site indexed by Pagefind, for the /search/ page.

Pagefind (from PyPI, with its binary) reads the written pages and writes its
index into ``<site>/pagefind/``; only what templates mark with
``data-pagefind-body`` (the reports' text and the glossary) is indexed, with
the filters the report pages declare. Timed apart from the build.

A large site is indexed in parts (see ``PART_PAGES``) listed in
``pagefind/parts.json``; the search page merges them, so results, filters and
counts are those of one index.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .write import work_folder


@dataclass
class SearchIndex:
    ok: bool
    pages: int = 0
    seconds: float = 0.0
    message: str = ""


STAMP = ".pages-digest"
#: Lists the index's further parts, for the search page to merge (paths relative to it).
PARTS = "parts.json"
#: Pages per Pagefind run. Its memory grows with what it holds (about 3.5 MB per report
#: page here), so a large site is indexed in parts of this many pages, one run at a
#: time, and the search page merges them: 10,000 reports stay within 1 GB.
PART_PAGES = 200
BODY = b"data-pagefind-body"
#: What a further part keeps: the index itself; the scripts come from the first part.
PART_KEEPS = ("pagefind-entry.json", "index", "fragment", "filter")


def index_site(site: Path, pages_digest: str | None = None, background: bool = False,
               part_pages: int = PART_PAGES, work: Path | None = None) -> SearchIndex:
    """Index ``site``; skipped (ok, 0 pages) when its pages' digest has not changed.

    In the ``background`` (under serve) the indexer runs at low priority, so that
    on a large site it does not slow the rebuild an editor is waiting for. The new
    index replaces the old one only once every part is written. ``work``: a folder of
    the build's own to work in (by default in the work folder beside ``site``).
    """
    stamp = site / "pagefind" / STAMP
    if pages_digest and stamp.is_file() and stamp.read_text() == pages_digest:
        return SearchIndex(True, 0, 0.0, "search index unchanged")
    started = time.perf_counter()
    pages = indexed_pages(site)
    if not pages:
        return SearchIndex(False, message="search index not built: no page is marked data-pagefind-body")
    work = work or work_folder(site) / "search"
    shutil.rmtree(work, ignore_errors=True)
    bundle, indexed = work / "pagefind", 0
    try:
        parts = [pages[i:i + part_pages] for i in range(0, len(pages), part_pages)]
        for number, part in enumerate(parts):
            output = bundle if number == 0 else bundle / "parts" / str(number)
            ran = _index_part(site, part, work / "pages", output, background)
            if isinstance(ran, str):
                return SearchIndex(False, seconds=time.perf_counter() - started, message=ran)
            indexed += ran
            if number:
                for extra in output.iterdir():
                    if extra.name in PART_KEEPS or extra.name.endswith(".pf_meta"):
                        continue
                    if extra.is_dir():
                        shutil.rmtree(extra)
                    else:
                        extra.unlink()
        (bundle / PARTS).write_text(json.dumps([f"parts/{n}/" for n in range(1, len(parts))]))
        if pages_digest:
            (bundle / STAMP).write_text(pages_digest)
        old = work / "old"
        if (site / "pagefind").exists():
            os.replace(site / "pagefind", old)
        os.replace(bundle, site / "pagefind")
    except OSError as exc:
        return SearchIndex(False, message=f"search index not built: {exc}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return SearchIndex(True, indexed, time.perf_counter() - started)


def indexed_pages(site: Path) -> list[Path]:
    """The site's pages that ask to be indexed, in a stable order (paths relative to it)."""
    found = []
    for directory, folders, files in os.walk(site):
        folders[:] = sorted(f for f in folders if f != "pagefind")
        for name in sorted(files):
            if name.endswith(".html"):
                path = Path(directory, name)
                if BODY in path.read_bytes():
                    found.append(path.relative_to(site))
    return found


def _index_part(site: Path, pages: list[Path], mirror: Path, output: Path,
                background: bool) -> int | str:
    """Run Pagefind over ``pages`` alone (linked into ``mirror`` at their own paths).

    The number of pages it indexed, or what went wrong.
    """
    shutil.rmtree(mirror, ignore_errors=True)
    for page in pages:
        (mirror / page).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / page, mirror / page)
        except OSError:  # another file system, or no hard links: a copy does as well
            shutil.copyfile(site / page, mirror / page)
    try:
        result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(mirror),
                                 "--output-path", str(output)],
                                capture_output=True, text=True, timeout=3600,
                                preexec_fn=_lower_priority if background else None)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"search index not built: {exc}"
    finally:
        shutil.rmtree(mirror, ignore_errors=True)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        return "search index not built: " + " ".join(tail)
    found = re.search(r"Indexed (\d+) pages?", result.stdout)
    return int(found.group(1)) if found else 0


def _lower_priority() -> None:
    os.nice(10)
