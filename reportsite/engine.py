"""The build engine: content/ into site/, doing only what changed.

Every input has a fingerprint (the digest of its files): each inspection,
the frameworks, the glossary, providers, owners, the static assets, each
template and the generator's own code. A report's view (its Markdown
rendered) is kept while its fingerprint is unchanged; each page records the
fingerprints of what it depends on, and is rendered again only when one of
them changed. So an edit to one inspection renders that inspection's page
and the pages that aggregate it, and a template edit renders the pages that
use the template.

A ``serve`` keeps one engine for its life; ``build`` uses one per run.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from jinja2 import TemplateError, TemplateSyntaxError

from .diagnostics import Diagnostic, Position, error, has_errors
from .load.cache import FileCache
from .load.content import Content, load_content
from .pipeline import assemble, without_drafts
from .render.links import LinkIndex, scan
from .render.report import ReportView
from .render.site import SiteRenderer, template_closure, template_environment
from .render.urls import page_file, root_path
from .validate import validate
from .write import write_outputs

Progress = Callable[[str, int, int], None]


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def code_fingerprint() -> str:
    """The generator's own source: a new version re-renders everything."""
    package = Path(__file__).resolve().parent
    return _digest(*(f"{p.relative_to(package)}:{hashlib.sha256(p.read_bytes()).hexdigest()}"
                     for p in sorted(package.rglob("*.py"))))


@dataclass
class BuildResult:
    """What one build did: its diagnostics, and counts for the terminal."""

    problems: list[Diagnostic] = field(default_factory=list)
    pages: int = 0
    rendered: int = 0
    views_rendered: int = 0
    files: int = 0
    inspections: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    links_checked: int = 0
    drafts_left_out: int = 0
    seconds: float = 0.0
    pages_digest: str = ""  # of every page's fingerprint: what the search index was made from
    written_paths: list[str] = field(default_factory=list)
    rendered_paths: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


class Engine:
    def __init__(self, content: Path, out: Path, templates: Path, base_url: str | None = None,
                 progress: Progress | None = None, drafts: bool = False, early_write: bool = False):
        self.content_dir, self.out, self.templates, self.base_url = content, out, templates, base_url
        self.drafts = drafts
        #: For serve: put a changed report's page on disk as soon as it is rendered, before
        #: the pages that aggregate it (and before links are checked: a preview may show
        #: a broken link a moment before the error overlay reports it).
        self.early_write = early_write
        self.progress = progress
        self.files = FileCache()
        self.env = template_environment(templates)
        self.code = code_fingerprint()
        self.views: dict[str, tuple[str, ReportView]] = {}
        self.pages: dict[str, tuple[str, bytes]] = {}  # output path -> (fingerprint, bytes)
        self.links = LinkIndex(root_path(base_url))
        self.validated: dict = {}  # validation results by fingerprint
        self.last: BuildResult | None = None

    # --- fingerprints --------------------------------------------------------------

    def _fingerprints(self, content: Content) -> dict[str, str]:
        root = self.content_dir
        prints = content.fingerprints()
        for report in content.inspections.values():  # the source file is part of the report
            source = report.inspection.source if report.inspection else None
            if source and (root / "sources" / source).is_file():
                key = f"inspection:{report.slug}"
                prints[key] = _digest(prints.get(key, ""), self.files.digest(root / "sources" / source))
        static = self.templates / "static"
        prints["assets"] = _digest(*(f"{p.relative_to(static)}:{self.files.digest(p)}"
                                     for p in sorted(static.rglob("*")) if p.is_file()))
        prints["code"] = self.code
        return prints

    def _template_prints(self) -> dict[str, str]:
        """Digest of every template file (read only when its stamp changed)."""
        static = self.templates / "static"
        return {p.relative_to(self.templates).as_posix(): self.files.digest(p)
                for p in sorted(self.templates.rglob("*"))
                if p.is_file() and static not in p.parents}

    def _template_print(self, name: str, prints: dict[str, str]) -> str:
        version = _digest(*(f"{t}:{d}" for t, d in prints.items()))
        closure = template_closure(self.env, name, self.templates, version)
        return _digest(*(f"{t}:{prints[t]}" for t in sorted(closure)))

    # --- building ------------------------------------------------------------------

    def build(self) -> BuildResult:
        """Build once; template mistakes come back as diagnostics like content mistakes."""
        try:
            return self._build()
        except TemplateSyntaxError as exc:
            where = Position(str(Path(exc.filename or exc.name or "template")), exc.lineno)
            self.last = BuildResult([error(f"template error: {exc.message}", where)])
        except TemplateError as exc:
            self.last = BuildResult([error(f"template error: {exc}",
                                           hint="check the template you changed last")])
        return self.last

    def _build(self) -> BuildResult:
        started = time.perf_counter()
        content, problems = load_content(self.content_dir, self.files)
        problems += validate(content, self.validated)
        result = BuildResult(problems)
        self.last = result
        if has_errors(problems):
            return result
        site = assemble(content)
        if not self.drafts:
            published = without_drafts(site)
            result.drafts_left_out = len(site.reports) - len(published.reports)
            site = published
        prints = self._fingerprints(content)
        self.files.forget_missing()
        renderer = SiteRenderer(site, self.env, self.templates, self.content_dir, self.base_url)

        views: dict[str, ReportView] = {}
        changed: list[str] = []
        total = len(site.reports)
        for done, (slug, report) in enumerate(sorted(site.reports.items()), start=1):
            key = _digest(prints[f"inspection:{slug}"], prints["frameworks"],
                          prints.get("glossary", ""), prints["code"])
            cached = self.views.get(slug)
            if cached and cached[0] == key:
                views[slug] = cached[1]
            else:
                views[slug] = renderer.view(report)
                self.views[slug] = (key, views[slug])
                result.views_rendered += 1
                changed.append(slug)
            self._tell("reports", done, total)
        for slug in [s for s in self.views if s not in views]:
            del self.views[slug]

        template_files = self._template_prints()
        template_prints: dict[str, str] = {}
        files = None

        def key_of(page) -> str:
            if page.template not in template_prints:
                template_prints[page.template] = self._template_print(page.template, template_files)
            depends = sorted(page.depends_on | {"code", "assets"})
            return _digest(page_file(page.path), template_prints[page.template], self.base_url or "",
                           *(f"{d}:{prints.get(d, '')}" for d in depends),
                           "data:" + _digest(*(f.content.decode() for f in files or []))
                           if page.path == "data/" else "")

        fresh: dict[str, tuple[str, bytes]] = {}
        if self.early_write:  # the edited reports' pages first, before any aggregate is built
            for slug in changed:
                page = renderer.report_page(slug)
                path, key = page_file(page.path), key_of(page)
                html = renderer.render_page(page, views[slug])
                fresh[path] = (key, html)
                result.rendered += 1
                result.rendered_paths.append(path)
                write_outputs({path: html}, self.out, remove_others=False)
        outputs: dict[str, bytes] = renderer.static()
        pages = renderer.pages({slug: view.excerpts for slug, view in views.items()})
        for done, page in enumerate(pages, start=1):
            path = page_file(page.path)
            if page.report is None and files is None:
                files = renderer.data()
                for file in files:
                    outputs[f"data/{file.name}"] = file.content
            key = key_of(page)
            cached = fresh.get(path) or self.pages.get(path)
            if cached and cached[0] == key:
                fresh[path] = cached
            else:
                html = renderer.render_page(page, views.get(page.report) if page.report else None,
                                            files if page.path == "data/" else None)
                fresh[path] = (key, html)
                result.rendered += 1
                result.rendered_paths.append(path)
            outputs[path] = fresh[path][1]
            self._tell("pages", done, len(pages))

        scans = {path: scan(html.decode("utf-8")) for path, (key, html) in fresh.items()
                 if self.pages.get(path, ("",))[0] != key}
        broken, result.links_checked = self.links.update(scans, set(outputs))
        if broken:
            result.problems += broken
            return result  # nothing written, nothing remembered: the old site stays
        self.pages = fresh
        written = write_outputs(outputs, self.out)
        result.pages_digest = _digest(*(f"{path}:{key}" for path, (key, _) in sorted(fresh.items())))
        result.pages, result.files, result.inspections = len(pages), len(outputs), len(site.reports)
        result.written, result.unchanged, result.removed = \
            written.written, written.unchanged, written.removed
        result.written_paths = written.paths
        result.seconds = time.perf_counter() - started
        return result

    def _tell(self, phase: str, done: int, total: int) -> None:
        if self.progress:
            self.progress(phase, done, total)
