"""The pipeline's first half in one place: load -> validate -> model.

Rendering and writing follow in :mod:`reportsite.engine`. Nothing here raises
for bad content: every diagnostic is returned, so ``check``, ``build`` and
``serve`` report the same problems the same way.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Collection

from .diagnostics import Diagnostic, has_errors
from .load.content import Content, load_content
from .model.site import Glossary, Report, Site
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
        reports={slug: Report(loaded.inspection, loaded.narrative,
                              content.root / "inspections" / slug)
                 for slug, loaded in content.inspections.items()},
        glossary=content.glossary[1],
        providers=content.providers[1],
        owners=content.owners[1],
        settings=content.settings[1],
    )


def without_drafts(site: Site) -> Site:
    """The site as published: no draft inspections, and nothing only they brought in."""
    reports = {slug: r for slug, r in site.reports.items() if not r.inspection.draft}
    if len(reports) == len(site.reports):
        return site
    return replace(site, reports=reports,
                   glossary=published_glossary(site.glossary, site.reports.keys() - reports.keys()))


def published_glossary(glossary: Glossary, drafts: Collection[str]) -> Glossary:
    """The glossary without the wordings only ``drafts`` print, nor the terms only they
    define: what a published page may show or link to."""
    if not drafts:
        return glossary
    terms = []
    for entry in glossary.terms:
        definitions = [replace(d, reports=[s for s in d.reports if s not in drafts])
                       for d in entry.definitions]
        definitions = [d for d in definitions if d.reports]
        if definitions:
            terms.append(replace(entry, definitions=definitions))
    kept = {entry.term.casefold() for entry in terms}
    terms = [replace(entry, see_also=[t for t in entry.see_also if t.casefold() in kept])
             for entry in terms]
    return replace(glossary, terms=terms)
