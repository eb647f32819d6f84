"""The pipeline in one place: load -> validate -> model -> render -> write.

Commands call these functions; they never raise for bad content, they
return every diagnostic, so ``check``, ``build`` and ``serve`` report the
same problems the same way.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, has_errors
from .load.content import Content, load_content
from .model.site import Report, Site
from .validate import validate


def load_site(root: Path) -> tuple[Site | None, list[Diagnostic]]:
    """The checked site, or None when there are errors; and every diagnostic."""
    content, problems = load_content(root)
    problems += validate(content)
    if has_errors(problems):
        return None, problems
    return assemble(content), problems


def assemble(content: Content) -> Site:
    """Typed objects from content that has passed validation."""
    return Site(
        frameworks={key: pair[1] for key, pair in content.frameworks.items()},
        reports={slug: Report(loaded.inspection, loaded.narrative)
                 for slug, loaded in content.inspections.items()},
        glossary=content.glossary[1],
        providers=content.providers[1],
        owners=content.owners[1],
    )


@dataclass
class BuildResult:
    """What one build did: its diagnostics, and counts for the terminal."""

    problems: list[Diagnostic] = field(default_factory=list)
    pages: int = 0
    files: int = 0
    inspections: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    links_checked: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def build_site(content: Path, out: Path, templates: Path, base_url: str | None = None) -> BuildResult:
    """Build content/ into out/; on any error, out/ is left exactly as it was."""
    from .render.links import check_links
    from .render.site import SiteRenderer
    from .write import write_outputs

    started = time.perf_counter()
    site, problems = load_site(content)
    result = BuildResult(problems)
    if site is None:
        return result
    outputs, pages = SiteRenderer(site, templates, content, base_url).render()
    broken, result.links_checked = check_links(outputs)
    result.problems += broken
    if broken:
        return result
    written = write_outputs(outputs, out)
    result.pages, result.files, result.inspections = len(pages), len(outputs), len(site.reports)
    result.written, result.unchanged, result.removed = written.written, written.unchanged, written.removed
    result.seconds = time.perf_counter() - started
    return result
