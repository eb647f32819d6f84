"""`build.py check`: load and validate every content file; write nothing."""

from __future__ import annotations

import sys

from ..diagnostics import Severity, format_all, has_errors, summary_line
from ..pipeline import load_site


def run(args) -> int:
    site, problems = load_site(args.content)
    shown = [p for p in problems if not (args.quiet and p.severity is Severity.NOTE)]
    if shown:
        print(format_all(shown), file=sys.stderr)
    if has_errors(problems):
        print(f"check failed: {summary_line(problems)}", file=sys.stderr)
        return 1
    print(f"checked {len(site.reports)} inspections: {summary_line(problems)}")
    return 0
