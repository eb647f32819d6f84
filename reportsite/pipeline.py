"""The pipeline in one place: load -> validate -> model (-> render -> write).

Commands call :func:`load_site`; it never raises for bad content, it returns
every diagnostic, so ``check`` and ``build`` report the same problems.
"""

from __future__ import annotations

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
