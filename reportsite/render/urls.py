"""Every URL on the site comes from here.

Pages link to each other with relative URLs that name the file
(``../../glossary/index.html#rosh``), so the same site/ works at a domain's
root, under any sub-path, and opened from disk (where a folder does not
serve its index.html). Absolute URLs, for feeds, sitemaps and canonical
links, come from the base URL given at build time.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit


#: The site's own top-level folders (and files): no framework may claim one as the
#: address its pages once had (see :func:`moved_path`).
SITE_FOLDERS = frozenset({"inspections", "frameworks", "glossary", "providers", "owners", "data",
                          "about", "search", "assets", "sources", "pagefind", "page", "feed.xml",
                          "sitemap.xml", "robots.txt", "404.html", "_headers", "index.html"})


def framework_path(framework: str, item: str = "") -> str:
    """A framework's page ('frameworks/standards-2018/'), or one of its standards' or outcome
    areas' ('frameworks/standards-2018/2-1/'): addressed by framework, so that two frameworks'
    standards of the same number never meet."""
    return f"frameworks/{framework}/{item}/" if item else f"frameworks/{framework}/"


def moved_path(moved_from: str, item: str = "") -> str:
    """Where a framework's page was before pages were addressed by framework
    ('standards/2-1/'): a page there leads on to :func:`framework_path`."""
    return f"{moved_from}/{item}/" if item else f"{moved_from}/"


def page_file(path: str) -> str:
    """'glossary/' -> 'glossary/index.html'; '' -> 'index.html'; files stay as they are."""
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path


def root_path(base_url: str | None) -> str:
    """The path the site is served under: '/probation/' for https://example.org/probation/."""
    path = urlsplit(base_url).path if base_url else "/"
    return path if path.endswith("/") else path + "/"


class Urls:
    """URLs as seen from one page (its output file, e.g. 'inspections/x/index.html')."""

    def __init__(self, page: str, base_url: str | None = None, assets: dict[str, str] | None = None,
                 rooted: bool = False):
        self.page = page_file(page)
        self.base_url = base_url.rstrip("/") + "/" if base_url else None
        self.assets = assets or {}
        self.here = posixpath.dirname(self.page)
        self.up = "../" * (self.here.count("/") + 1) if self.here else ""
        if rooted:  # the 404 page is served at any address: link from the site's root path
            self.here, self.up = "", root_path(base_url)

    def __call__(self, target: str, fragment: str | None = None) -> str:
        """Relative URL of a site path ('glossary/'), optionally with '#fragment'.

        Up to the root and down again ('../../glossary/index.html'): one rule for
        every page, and cheap enough for pages with thousands of links.
        """
        file = page_file(target)
        if self.here and file.startswith(self.here + "/"):
            file = file[len(self.here) + 1:]  # within the page's own folder
        else:
            file = self.up + file
        return f"{file}#{fragment}" if fragment else file

    def asset(self, name: str) -> str:
        """A static file by its plain name; its content-hashed name in the output."""
        return self(self.assets.get(name, f"assets/{name}"))

    def absolute(self, target: str) -> str | None:
        """The page's public URL, when a base URL was given: clean, without index.html."""
        if not self.base_url:
            return None
        return self.base_url + (target[:-len("index.html")] if target.endswith("index.html") else target)

    @property
    def root(self) -> str:
        """The relative way back to the site root from this page ('../../')."""
        depth = self.page.count("/")
        return "../" * depth or "./"
