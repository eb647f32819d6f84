#!/usr/bin/env python3
"""Time from saving an inspection to its rebuilt page on disk, with `serve` running.

    python bench/serve_latency.py CONTENT [--edits 10] [--slug SLUG]

Starts `build.py serve` on a copy of CONTENT, waits for the first build, then
edits one inspection's rating again and again; each time it measures how long
the report's page takes to change on disk. Prints min, median and max.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
        return True
    except OSError:
        return False


def wait_until(condition, timeout: float, step: float = 0.002) -> float:
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > timeout:
            raise TimeoutError
        time.sleep(step)
    return time.perf_counter() - started


def measure(content: Path, edits: int, slug: str | None = None, log=print) -> list[float]:
    """Seconds from each save of an inspection.yaml to its page changing on disk."""
    work = Path(tempfile.mkdtemp(prefix="serve-latency-"))
    shutil.copytree(content, work / "content")
    slug = slug or sorted(p.name for p in (work / "content/inspections").iterdir())[0]
    yaml_file = work / "content/inspections" / slug / "inspection.yaml"
    page = work / "site/inspections" / slug / "index.html"
    port = free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port",
                                str(port), "--out", "site"], cwd=work,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        first = wait_until(lambda: answers(port), timeout=3600, step=0.1)  # up after the first build
        log(f"first build of {len(list((work / 'content/inspections').iterdir()))} "
            f"inspections: {first:.1f} s")
        original = yaml_file.read_text()
        rating = next(line for line in original.splitlines() if line.startswith("  '1.1': "))
        seconds = []
        for edit in range(edits):
            time.sleep(1.0 if len(seconds) < 1 else 5.0)  # let the last rebuild finish
            new = "  '1.1': " + ("Outstanding" if edit % 2 == 0 else "Inadequate")
            before = page.read_bytes()
            yaml_file.write_text(original.replace(rating, new, 1))
            seconds.append(wait_until(lambda: page.read_bytes() != before, timeout=600))
            log(f"  edit {edit + 1}: {seconds[-1]:.3f} s")
        return seconds
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--slug", help="inspection to edit (default: the first)")
    args = parser.parse_args()
    seconds = measure(args.content, args.edits, args.slug, log=lambda line: print(line, flush=True))
    print(f"save to page on disk, {args.edits} edits: min {min(seconds):.3f} s, "
          f"median {statistics.median(seconds):.3f} s, max {max(seconds):.3f} s")


if __name__ == "__main__":
    main()
