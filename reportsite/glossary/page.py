"""A report page's glossary terms as the reader gets them, in reading order.

The first use of each term on the page links to its glossary entry and is described
(``aria-describedby``) by its definition, which the page gives once, in the report's
own wording (or the site glossary's, and says so); later uses are plain text, but an
abbreviation stays ``<abbr title>``. An explicit link is always a link. A report's own
glossary never links a term from its own definition.

The markup is the template ``terms.html``'s, made once per process for each kind of
use, text shown and wording: a report marks some 600 uses of a few dozen terms.
"""

from __future__ import annotations

import re

from jinja2 import Environment
from markupsafe import Markup

from .marks import MARK
from .terms import Term, TermFinder, Wording

#: The template of a term's markup, and of the definitions a page gives.
TEMPLATE = "terms.html"


class TermMarkup:
    """A term's markup in each of its forms, from :data:`TEMPLATE`, each made once."""

    def __init__(self, env: Environment, finder: TermFinder, glossary_href: str):
        self.macros = env.get_template(TEMPLATE).module
        self.finder = finder
        self.terms: dict[str, Term] = {term.slug: term for term in finder.lookup.values()}
        self.glossary_href = glossary_href  # the glossary page, as a report's page sees it
        self.made: dict[tuple, str] = {}

    def link(self, term: Term, shown: str, wording: Wording, abbreviated: bool) -> str:
        key = ("link", term.slug, shown, wording.expansion if abbreviated else None)
        if key not in self.made:
            self.made[key] = str(self.macros.link(term.slug, Markup(shown), self.glossary_href,
                                                  key[3]))
        return self.made[key]

    def abbreviation(self, shown: str, wording: Wording) -> str:
        key = ("abbr", shown, wording.expansion)
        if key not in self.made:
            self.made[key] = str(self.macros.abbreviation(Markup(shown), wording.expansion))
        return self.made[key]


class PageTerms:
    """One page's uses of terms, resolved in the order they are given (reading order)."""

    def __init__(self, markup: TermMarkup, wordings: dict[str, Wording]):
        self.markup = markup
        self.wordings = wordings  # the report's own wording of each term it defines, by slug
        #: The terms linked so far, each with the wording of its definition on the page.
        self.described: dict[str, Wording] = {}

    def resolve(self, html: str, defining: str | None = None) -> str:
        """``html`` with its uses of terms made what the reader gets; ``defining``: the
        term the text defines (in the report's glossary), never linked from it."""
        if "<x-term" not in html:
            return html
        return MARK.sub(lambda use: self._use(use, defining), html)

    def _use(self, use: re.Match, defining: str | None) -> str:
        explicit, slug, shown = use.groups()
        term = self.markup.terms[slug]
        wording = self.wordings.get(slug, term.common)
        # An explicit link's text may be other words than the term ('risk of serious harm').
        abbreviated = term.is_abbreviation and (not explicit or self.markup.finder.names(shown, term))
        if not abbreviated:
            shown = self._abbreviations_in(shown)
        if slug != defining and (explicit or slug not in self.described):
            self.described.setdefault(slug, wording)
            return self.markup.link(term, shown, wording, abbreviated)
        return self.markup.abbreviation(shown, wording) if abbreviated else shown

    def _abbreviations_in(self, shown: str) -> str:
        """A phrase's words expanded where they are abbreviations ('host CRC'), as they are
        everywhere else."""
        out, position = [], 0
        for start, end, term in self.markup.finder.find(shown, phrases=False):
            if term.is_abbreviation and shown.rfind("<", 0, start) <= shown.rfind(">", 0, start):
                end += shown.startswith("s", end)
                wording = self.wordings.get(term.slug, term.common)
                out += (shown[position:start], self.markup.abbreviation(shown[start:end], wording))
                position = end
        return "".join(out) + shown[position:] if out else shown
