"""The quality gates the tests run over a built site, each a well-kept outside tool.

* accessibility: axe-core (bundled by axe-playwright-python) in headless Chromium;
* valid HTML: the Nu HTML Checker (vnu.jar from the npm package vnu-jar, on Java);
* links: hyperlink (npm), offline, every internal link and #fragment.

Where a tool is missing, its tests fail in CI (CI=true) and are skipped on a
developer's machine. Counts are kept in GATES and printed after the run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
HYPERLINK = ROOT / "node_modules" / ".bin" / "hyperlink"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
#: And axe's best practices (landmarks unique and complete, headings in order, ...).
RULES = WCAG + ["best-practice"]

#: gate -> counts, printed at the end of the test run (tests/conftest.py).
GATES: dict[str, dict[str, int]] = {}


def count(gate: str, **numbers: int) -> None:
    totals = GATES.setdefault(gate, {})
    for name, number in numbers.items():
        totals[name] = totals.get(name, 0) + number


def require(tool: Path | str, what: str) -> None:
    if (Path(tool).exists() if isinstance(tool, Path) else shutil.which(tool)):
        return
    message = f"{what} is missing ({tool}): run 'make test', which installs it"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.2 A and AA violations, and its best practices', on the page as loaded."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": RULES},
                                       "resultTypes": ["violations"]})
    return results.response["violations"]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} - "
                     + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                                 for n in v["nodes"][:3]) for v in violations)


def html_errors(files: list[Path]) -> list[str]:
    """The Nu HTML Checker's errors, as 'file:line: message'."""
    require("java", "Java (for the Nu HTML Checker)")
    require(VNU, "the Nu HTML Checker")
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json",
                             *map(str, files)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
            for m in messages if m.get("type") == "error"]


def broken_links(start: Path) -> tuple[int, list[str]]:
    """hyperlink over the site from ``start``, internal links only: (checked, failures)."""
    require("node", "Node.js (for hyperlink)")
    require(HYPERLINK, "hyperlink")
    # Into a file, not a pipe: Node drops what is still queued for a pipe when the
    # tool exits, which now and then lost the report's last lines (its count).
    with tempfile.TemporaryFile("w+", encoding="utf-8") as report:
        subprocess.run([str(HYPERLINK), "--recursive", "--internal", str(start)],
                       stdout=report, stderr=subprocess.DEVNULL, timeout=600)
        report.seek(0)
        output = report.read()
    tests = re.search(r"^# tests (\d+)", output, re.MULTILINE)
    failures = re.findall(r"^not ok \d+ (.*)$", output, re.MULTILINE)
    return (int(tests.group(1)) if tests else 0), failures
