"""`build.py [build]`: content/ -> site/, or every problem and the old site left as it was."""

from __future__ import annotations

import sys

from ..diagnostics import Severity, format_all, summary_line
from ..pipeline import BuildResult, build_site


def report(result: BuildResult, args) -> None:
    """Print a build's diagnostics and summary the same way for build and serve."""
    shown = [p for p in result.problems if p.severity is not Severity.NOTE or args.verbose]
    if shown:
        print(format_all(shown), file=sys.stderr)
    if not result.ok:
        print(f"build failed: {summary_line(result.problems)}; {args.out} was left as it was",
              file=sys.stderr)
        return
    print(f"built {result.pages} pages ({result.files} files) from {result.inspections} inspections "
          f"in {result.seconds:.2f} s: {result.written} written, {result.unchanged} unchanged, "
          f"{result.removed} removed; {result.links_checked} internal links checked; "
          f"{summary_line(result.problems)}")


def run(args) -> int:
    result = build_site(args.content, args.out, args.templates, args.base_url)
    report(result, args)
    return 0 if result.ok else 1
