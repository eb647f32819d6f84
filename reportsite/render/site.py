"""Rendering the whole site into memory: output path -> bytes.

Nothing is written here, so the caller can check the result (every link
resolves) before touching the previous site.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..model.site import Site
from .assets import hashed_assets
from .data import data_files
from .markdown import MarkdownRenderer
from .pages import NAV, Page, site_pages
from .report import ReportBuilder, ReportView, glossary_terms
from .urls import Urls, page_file

SITE_NAME = "Probation inspection reports"
#: No inline script or style anywhere; everything comes from the site itself.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'self'; form-action 'self'")


class SiteRenderer:
    def __init__(self, site: Site, templates: Path, content: Path, base_url: str | None = None):
        self.site = site
        self.content = content
        self.base_url = base_url
        self.env = Environment(loader=FileSystemLoader(templates), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.asset_names, self.asset_files = hashed_assets(templates / "static")
        self.markdown = MarkdownRenderer(glossary_terms(site), "../../glossary/index.html")
        self.reports = ReportBuilder(site, self.markdown)

    def report_views(self) -> dict[str, ReportView]:
        return {slug: self.reports.build(report) for slug, report in sorted(self.site.reports.items())}

    def render(self) -> tuple[dict[str, bytes], list[Page]]:
        views = self.report_views()
        pages = site_pages(self.site, views,
                           lambda text: self.markdown.inline(text, link_terms=False).html)
        outputs: dict[str, bytes] = dict(self.asset_files)
        files = data_files(self.site, Urls("data/", self.base_url))
        for file in files:
            outputs[f"data/{file.name}"] = file.content
        for page in pages:
            if page.path == "data/":
                page.context["files"] = files
            outputs[page_file(page.path)] = self.render_page(page).encode("utf-8")
        for report in self.site.reports.values():
            source = self.content / "sources" / report.inspection.source
            outputs[f"sources/{source.name}"] = source.read_bytes()
        return outputs, pages

    def render_page(self, page: Page) -> str:
        urls = Urls(page_file(page.path), self.base_url, self.asset_names)
        template = self.env.get_template(page.template)
        return template.render(
            site=self.site, site_name=SITE_NAME, nav=NAV, url=urls, csp=CSP,
            title=page.title, description=page.description, section=page.section,
            breadcrumbs=page.breadcrumbs, canonical=urls.absolute(page_file(page.path)),
            **page.context)
