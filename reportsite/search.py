"""Search: the built site indexed by Pagefind, for the /search/ page.

Pagefind (from PyPI, with its binary) reads the written pages and writes its
index into ``<site>/pagefind/``; only what templates mark with
``data-pagefind-body`` (the reports' text and the glossary) is indexed, with
the filters the report pages declare. Timed apart from the build.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class SearchIndex:
    ok: bool
    pages: int = 0
    seconds: float = 0.0
    message: str = ""


STAMP = ".pages-digest"


def index_site(site: Path, pages_digest: str | None = None, background: bool = False) -> SearchIndex:
    """Index ``site``; skipped (ok, 0 pages) when its pages' digest has not changed.

    In the ``background`` (under serve) the indexer runs at low priority, so that
    on a large site it does not slow the rebuild an editor is waiting for.
    """
    stamp = site / "pagefind" / STAMP
    if pages_digest and stamp.is_file() and stamp.read_text() == pages_digest:
        return SearchIndex(True, 0, 0.0, "search index unchanged")
    started = time.perf_counter()
    try:
        result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site)],
                                capture_output=True, text=True, timeout=3600,
                                preexec_fn=_lower_priority if background else None)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return SearchIndex(False, message=f"search index not built: {exc}")
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        return SearchIndex(False, seconds=seconds,
                           message="search index not built: " + " ".join(tail))
    found = re.search(r"Indexed (\d+) pages?", result.stdout)
    if pages_digest:
        stamp.write_text(pages_digest)
    return SearchIndex(True, int(found.group(1)) if found else 0, seconds)


def _lower_priority() -> None:
    os.nice(10)
