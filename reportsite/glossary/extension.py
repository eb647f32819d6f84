"""Glossary terms in the narrative, for Python-Markdown: every use marked for its page.

Every use of a term, and every explicit link to one (``[RoSH](glossary:rosh)``), is
marked (see :mod:`.marks`); the page decides what each becomes. Text inside links,
headings, code, footnote markers and abbreviations is left alone, so a link is never
put inside a heading or another link.

Terms are found in the finished HTML, after it is sanitised, with one scan of the
whole text: walking the element tree and searching each of its thousand or so text
nodes cost as much as converting the Markdown, and the cleaner then had to re-read
every term's markup.
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.postprocessors import Postprocessor

from .marks import HTML_LINK, SCHEME, mark
from .terms import TermFinder

#: Elements whose text is left alone, matched whole (none of them nests in itself).
SKIPPED = re.compile(r"<(a|abbr|code|pre|h[1-6]|sup|script|style|x-term)\b[^>]*>.*?</\1\s*>",
                     re.DOTALL)


class GlossaryExtension(Extension):
    """Marks every use of a glossary term, and every explicit link to one."""

    def __init__(self, **kwargs):
        self.config = {
            "terms": [[], "Term objects to find in the text."],
            "mark": [True, "Whether to mark uses for the page (off for texts shown out of "
                           "context, such as the glossary's own definitions)."],
            "href": ["", "Unmarked: where an explicit link leads, the glossary page as seen "
                         "from the text, up to the entry's slug ('#' on the glossary page itself; "
                         "'': nowhere, its text alone)."],
        }
        super().__init__(**kwargs)
        self._finder: TermFinder | None = None

    def setConfig(self, key, value) -> None:
        super().setConfig(key, value)
        if key == "terms":
            self._finder = None

    @property
    def finder(self) -> TermFinder:
        if self._finder is None:
            self._finder = TermFinder.of(self.getConfig("terms"))
        return self._finder

    def known(self, slug: str) -> bool:
        """Whether the glossary has the term (an explicit link may name one that only a
        draft left out of the site defines: it is shown as text)."""
        return slug in self.finder.slugs

    def extendMarkdown(self, md) -> None:
        md.registerExtension(self)
        # Last: after raw HTML is back (30) and the text sanitised (10), so the
        # scan sees every element and what it adds is never cleaned again.
        md.postprocessors.register(GlossaryPostprocessor(md, self), "glossary-terms", 5)


class GlossaryPostprocessor(Postprocessor):
    def __init__(self, md, extension: GlossaryExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        marking = self.extension.getConfig("mark")
        if f'href="{SCHEME}:' in text:
            text = HTML_LINK.sub(self._explicit if marking else self._unmarked, text)
        if not marking or not self.extension.finder.lookup:
            return text
        return self._mark(text, self.extension.finder)

    def _explicit(self, link: re.Match) -> str:
        slug, shown = link.groups()
        return mark(slug, shown, explicit=True) if self.extension.known(slug) else shown

    def _unmarked(self, link: re.Match) -> str:
        slug, shown = link.groups()
        href = self.extension.getConfig("href")
        if not href or not self.extension.known(slug):
            return shown
        return link.group(0).replace(f'"{SCHEME}:{slug}"', f'"{href}{slug}"', 1)  # the address alone

    @staticmethod
    def _mark(html: str, finder: TermFinder) -> str:
        """``html`` with every use of a term marked."""
        uses = finder.find(html)
        if not uses:  # most texts: nothing to build
            return html
        skipped = [(m.start(), m.end()) for m in SKIPPED.finditer(html)]
        out: list[str] = []
        position = skip_index = 0
        for start, end, term in uses:
            while skip_index < len(skipped) and skipped[skip_index][1] <= start:
                skip_index += 1
            if skip_index < len(skipped) and skipped[skip_index][0] <= start:
                continue  # in a link, heading, code, footnote marker or abbreviation
            if html.rfind("<", 0, start) > html.rfind(">", 0, start):
                continue  # in a tag: an attribute's value
            if html.startswith("s", end):
                end += 1
            out += (html[position:start], mark(term.slug, html[start:end]))
            position = end
        out.append(html[position:])
        return "".join(out)
