"""Rendering the site into memory, a part at a time: output path -> bytes.

Nothing is written here, so the caller can check the result (every link
resolves) before touching the previous site; and nothing is rendered that the
caller does not ask for, so an incremental build renders only what changed.
"""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, nodes, select_autoescape
from jinja2.bccache import Bucket, BytecodeCache

from ..glossary.page import TermMarkup
from ..glossary.terms import glossary_terms
from ..model.site import Report, Site
from .assets import hashed_assets
from .data import DataFile, data_files
from .markdown import MarkdownRenderer
from .pages import NAV, Page, report_page, site_pages
from .publishing import publishing_pages
from .report import ReportBuilder, ReportView
from .urls import Urls, framework_path, page_file

#: A report's page, as any report's page sees the rest of the site.
REPORT_PAGE = "inspections/report/index.html"
#: No inline script or style anywhere; everything comes from the site itself.
#: Search runs Pagefind's WebAssembly, hence 'wasm-unsafe-eval' (it allows compiling
#: WebAssembly, not evaluating JavaScript).
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'")


def template_environment(templates: Path, auto_reload: bool = True,
                         compiled: Path | None = None) -> Environment:
    """``auto_reload``: check each template's time whenever it is used (for a long-lived
    environment, as serve's); without it, the caller empties ``cache`` to read them again.
    ``compiled``: a folder where templates are kept compiled between runs."""
    env = Environment(loader=FileSystemLoader(templates),
                      autoescape=select_autoescape(("html", "xml", "svg"), default=False),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      auto_reload=auto_reload, bytecode_cache=CompiledTemplates(compiled))
    env.filters["upper_first"] = upper_first
    return env


def upper_first(text: str) -> str:
    """'key questions' -> 'Key questions': a framework's label at a sentence's start (unlike
    Jinja's capitalize, the rest is left as written)."""
    return text[:1].upper() + text[1:]


class CompiledTemplates(BytecodeCache):
    """Templates compiled once, kept by their source's checksum (Jinja checks it before
    using what is kept): in this process for the next build, and in the cache folder for
    the next run. Compiling the site's templates takes longer than the rest of a build
    of a few inspections."""

    _kept: dict[str, bytes] = {}  # by Jinja's key for the template and its source's checksum

    def __init__(self, folder: Path | None):
        self.folder = folder

    def load_bytecode(self, bucket: Bucket) -> None:
        key = f"{bucket.key}:{bucket.checksum}"
        data = self._kept.get(key)
        if data is None and self.folder is not None:
            try:
                data = (self.folder / bucket.key).read_bytes()
            except OSError:
                return
        if data is not None:
            bucket.bytecode_from_string(data)  # refused (reset) if made from other source

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = bucket.bytecode_to_string()
        self._kept[f"{bucket.key}:{bucket.checksum}"] = data
        if self.folder is not None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                temporary = self.folder / f".{bucket.key}.{os.getpid()}"
                temporary.write_bytes(data)
                os.replace(temporary, self.folder / bucket.key)
            except OSError:  # a cache that cannot be written is only slower
                pass


_CLOSURES: dict[tuple[str, str], set[str]] = {}
_REFERENCES_OF: dict[tuple[str, str], list[str] | None] = {}


def template_closure(env: Environment, name: str, templates: Path, version: str = "") -> set[str]:
    """:func:`find_closure`, remembered while the templates' ``version`` is unchanged."""
    key = (name, version)
    if not version or key not in _CLOSURES:
        _CLOSURES[key] = find_closure(env, name, templates, version)
    return _CLOSURES[key]


def find_closure(env: Environment, name: str, templates: Path, version: str = "") -> set[str]:
    """The template and every template it extends, imports or includes.

    An include whose name is computed from a constant start (the report page's
    ``"slots/" ~ slot.name ~ ".html"``) depends on every template with that start;
    one computed wholly at render time, on every template: over-approximate
    rather than miss a change. Each template is parsed once while the templates'
    ``version`` is unchanged (base.html is in every closure).
    """
    static = templates / "static"
    every = sorted(p.relative_to(templates).as_posix() for p in templates.rglob("*")
                   if p.is_file() and static not in p.parents)
    seen: set[str] = set()
    pending = [name, MACROS]  # the macros are globals: every page may call them
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        key = (current, version)
        if not version or key not in _REFERENCES_OF:
            _REFERENCES_OF[key] = _references(env, current, templates, every)
        referenced = _REFERENCES_OF[key]
        if referenced is None:
            return set(every)
        pending += referenced
    return seen


def _references(env: Environment, name: str, templates: Path, every: list[str]) -> list[str] | None:
    """The templates one template names (None: any of them, the name is computed)."""
    source = (templates / name).read_text(encoding="utf-8")
    parsed = env.parse(source, name, str(templates / name))  # names it in a syntax error
    referenced = []
    for node in parsed.find_all(_REFERENCES):
        target = node.template
        if isinstance(target, nodes.Const) and isinstance(target.value, str):
            referenced.append(target.value)
        elif isinstance(target, nodes.Concat) and isinstance(target.nodes[0], nodes.Const):
            referenced += [t for t in every if t.startswith(str(target.nodes[0].value))]
        else:
            return None
    return referenced


#: Templates whose macros every page gets as globals.
MACROS = "macros.html"
_REFERENCES = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)


def _key(value) -> object:
    """A hashable stand-in for a macro argument (a rating level, a figure, a framework)."""
    if hasattr(value, "percent"):
        return ("figure", value.percent, getattr(value.band, "style", None))
    if hasattr(value, "min_percent"):
        return ("level", value.style, value.name)
    if hasattr(value, "domains"):
        return ("framework", value.id)
    return value  # dates, text, numbers: hashable as they are


class SiteRenderer:
    """Renders parts of one version of the site; the engine decides which parts."""

    def __init__(self, site: Site, env: Environment, templates: Path, content: Path,
                 base_url: str | None = None):
        self.site = site
        self.env = env
        self.content = content
        self.base_url = base_url
        self.asset_names, self.asset_files = hashed_assets(templates / "static")
        self.markdown = MarkdownRenderer(glossary_terms(site))
        env.globals.update(self._remembered("badge", "bar", "date", "band_legend"))
        env.globals.update(framework_path=framework_path)
        # Every report's page is at the same depth: inspections/<slug>/index.html.
        terms = TermMarkup(env, self.markdown.glossary.finder, Urls(REPORT_PAGE)("glossary/"))
        self.reports = ReportBuilder(site, self.markdown, terms)

    def _remembered(self, *names: str) -> dict:
        """Macros from macros.html, remembered by their arguments.

        A page of a thousand inspections shows a few kinds of badge, bar and date
        thousands of times; each is rendered by its template once.
        """
        module = self.env.get_template(MACROS).module
        made: dict = {}

        def remember(name: str):
            macro = getattr(module, name)

            def call(*args, **kwargs):
                key = (name, *map(_key, args), *sorted((k, _key(v)) for k, v in kwargs.items()))
                if key not in made:
                    made[key] = macro(*args, **kwargs)
                return made[key]
            return call
        return {name: remember(name) for name in names}

    def view(self, report: Report) -> ReportView:
        return self.reports.build(report)

    def pages(self, excerpts: dict[str, dict[str, str]], files: list[DataFile]) -> list[Page]:
        pages = site_pages(self.site, excerpts, lambda text: self.markdown.inline(
            text, mark_terms=False, glossary_href="#").html, files)
        return pages + publishing_pages(self.site, pages, self.base_url)

    def report_page(self, slug: str) -> Page:
        return report_page(self.site, self.site.reports[slug].inspection)

    def data(self) -> list[DataFile]:
        return data_files(self.site, Urls("data/", self.base_url))

    def static(self) -> dict[str, bytes]:
        """Hashed assets, the reports' sources, which pages link to, and the images their
        chapters show, beside each report's page."""
        outputs = dict(self.asset_files)
        # Each file once, however many reports name it (a draft may name none yet).
        for name in sorted({r.inspection.source for r in self.site.reports.values()} - {None, ""}):
            source = self.content / "sources" / name
            outputs[f"sources/{source.name}"] = source.read_bytes()
        for report in self.site.reports.values():
            for image in report.narrative.images:
                outputs[f"inspections/{report.slug}/{image.src}"] = (report.folder / image.src).read_bytes()
        return outputs

    def render_page(self, page: Page, view: ReportView | None = None) -> str:
        """The page's text; whoever writes it encodes it (the link check reads the text)."""
        urls = Urls(page_file(page.path), self.base_url, self.asset_names,
                    rooted=page.path == "404.html")
        context = dict(page.context)
        canonical = context.pop("canonical_path", page.path)  # a moved page's: where it is now
        if view is not None:
            context["view"] = view
        return self.env.get_template(page.template).render(
            site=self.site, settings=self.site.settings, nav=NAV, url=urls, csp=CSP,
            title=page.title, description=page.description, section=page.section,
            breadcrumbs=page.breadcrumbs,
            canonical=None if page.path == "404.html" else urls.absolute(page_file(canonical)),
            **context)
