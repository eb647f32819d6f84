"""What each page is made from: its inputs by name, and one key over their fingerprints.

Every page names the inputs it reads (``Page.depends_on``): an inspection, the
frameworks, the glossary, providers, owners, or its place in a listing. Each
input has a fingerprint (the digest of its files), and a page's key is one
digest over its own path, its templates and its inputs' fingerprints: a page
whose key is unchanged since the last build is not rendered again.

Names are made only here, as :class:`Input`; a page naming anything else (a
plain string, a typo, an inspection that is not there) is an error the moment
its key is asked for, never a page silently frozen.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable, Iterable

from .glossary.page import TEMPLATE as TERMS_TEMPLATE


class Input(str):
    """The name of something pages are made from (a string, so sets of them stay cheap)."""

    __slots__ = ()

    @property
    def is_listing(self) -> bool:
        """A place in a listing is not a file: its name says all of it."""
        return self.startswith("listing:")


FRAMEWORKS = Input("frameworks")
GLOSSARY = Input("glossary")
PROVIDERS = Input("providers")
OWNERS = Input("owners")
#: The site's settings (content/site.yaml): its name, publisher, contacts, notice.
SETTINGS = Input("site")
SOURCES = Input("sources")
#: The site's static files (CSS, JavaScript, icons) and the generator's own code: every page's.
ASSETS = Input("assets")
CODE = Input("code")
#: The open data files, which the data page lists with their sizes.
DATA = Input("data")


def inspection(slug: str) -> Input:
    """One inspection: its folder's files and the report's source text."""
    return Input(f"inspection:{slug}")


def inspections(slugs: Iterable[str]) -> frozenset[Input]:
    return frozenset(inspection(slug) for slug in slugs)


def framework(framework_id: str) -> Input:
    """One framework's file: what a page of that framework alone is made from (``FRAMEWORKS``
    is every framework's)."""
    return Input(f"framework:{framework_id}")


def listing(*place: object) -> Input:
    """A page's place in a listing (its number, how many pages, how many items): shown in
    its navigation, so part of what it is made from."""
    return Input("listing:" + "/".join(map(str, place)))


class UnknownInput(Exception):
    """A page names an input the build does not know: a mistake in the generator."""


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def fingerprints(root: Path, digests: dict[str, str]) -> dict[Input, str]:
    """Files' digests (by path) grouped into one fingerprint per input: each inspection
    folder's files, and each site-wide file or folder."""
    groups: dict[Input, list[str]] = {}
    prefix = str(root) + os.sep
    for path, digest in digests.items():
        relative = path[len(prefix):] if path.startswith(prefix) else path
        parts = relative.split(os.sep)
        if parts[0] == "inspections" and len(parts) > 2:
            name = inspection(parts[1])
        elif parts[0] == "frameworks" and len(parts) == 2:  # and its own, for what uses one
            groups.setdefault(framework(parts[1].removesuffix(".yaml")), []).append(
                f"{relative}:{digest}")
            name = FRAMEWORKS
        elif parts[0] in ("frameworks", "sources"):
            name = Input(parts[0])
        else:
            name = Input(parts[0].removesuffix(".yaml"))  # site, glossary, providers, owners
        groups.setdefault(name, []).append(f"{relative}:{digest}")
    return {name: hashlib.sha256("\n".join(sorted(items)).encode()).hexdigest()
            for name, items in groups.items()}


def with_source(prints: dict[Input, str], slug: str, source_digest: str) -> None:
    """The report's source text is part of its inspection."""
    name = inspection(slug)
    prints[name] = _digest(prints.get(name, ""), source_digest)


class Keys:
    """What a report's view, and a page, are made from, as one digest each."""

    def __init__(self, prints: dict[Input, str], base_url: str, drafts: str,
                 template_print: Callable[[str], str]):
        #: drafts: whether they are built, and which are left out (the published glossary
        #: has no term only they define)
        self.prints, self.base_url, self.drafts = prints, base_url, drafts
        self.template_print = template_print
        self.templates: dict[str, str] = {}

    def print_of(self, name: object) -> str:
        if not isinstance(name, Input) or (not name.is_listing and name not in self.prints):
            raise UnknownInput(f"a page names {name!r}, which is not one of the build's inputs")
        return self.prints.get(name, "")

    def view(self, slug: str, framework_id: str) -> str:
        """A report's view: its inspection, its framework (no other), the published glossary,
        and the template of its glossary terms' markup."""
        if TERMS_TEMPLATE not in self.templates:
            self.templates[TERMS_TEMPLATE] = self.template_print(TERMS_TEMPLATE)
        return _digest(self.print_of(inspection(slug)), self.print_of(framework(framework_id)),
                       self.prints.get(GLOSSARY, ""), self.prints[CODE], self.drafts,
                       self.templates[TERMS_TEMPLATE])

    def page(self, path: str, template: str, depends_on: Iterable[Input], extra: str = "") -> str:
        """A page at ``path`` from ``template`` over its inputs; ``extra``: what else it shows."""
        if template not in self.templates:
            self.templates[template] = self.template_print(template)
        return _digest(path, self.templates[template], self.base_url,
                       *(f"{name}:{self.print_of(name)}"
                         for name in sorted({*depends_on, CODE, ASSETS})), extra)

    def with_prints(self, prints: dict[Input, str]) -> Keys:
        """The same keys over more fingerprints (an inspection's), sharing what is known."""
        keys = Keys({**self.prints, **prints}, self.base_url, self.drafts, self.template_print)
        keys.templates = self.templates
        return keys
