"""Glossary terms and abbreviations in the narrative, for Python-Markdown.

Every use of an abbreviation (a term with an expansion, like RoSH) becomes
``<abbr title="Risk of serious harm">``; the first use of any glossary term in
a section becomes a link to its glossary entry, which also carries the
expansion or the first sentence of the definition: as text for screen
readers and as a tooltip shown on hover and on keyboard focus.

Text inside links, headings, code, footnote markers and existing
abbreviations is left alone, so a link is never put inside a heading or
another link.

Terms are found in the finished HTML, after it is sanitised, with one scan
of the whole text: walking the element tree and searching each of its
thousand or so text nodes cost as much as converting the Markdown, and the
cleaner then had to re-read every term's markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown import Extension
from markdown.postprocessors import Postprocessor

from . import each_part

#: Elements whose text is left alone, matched whole (none of them nests in itself).
SKIPPED = re.compile(r"<(a|abbr|code|pre|h[1-6]|sup|script|style)\b[^>]*>.*?</\1\s*>", re.DOTALL)
#: Where a new section starts: each term is linked again once after it.
SECTION = re.compile(r"<h[234]\b")
#: What may not come just before a term; '&' starts the name of an entity.
WORD_CHARACTER = re.compile(r"[\w&-]")
#: After a term: perhaps a plural 's', then the end of the word.
PLURAL_AND_END = r"(?=s?(?![\w-]))"


@dataclass(frozen=True)
class Wording:
    """What a term's markup says: one report's wording of it, or the site glossary's."""

    expansion: str | None  # set for abbreviations
    tip: str  # what the tooltip says: the expansion, or the definition's first sentence
    #: Not the report's own: its glossary lacks the term, so the site glossary's commonest
    #: wording is shown, and the tooltip says so.
    from_site_glossary: bool = False


@dataclass(frozen=True)
class Term:
    """A glossary term as the narrative may write it."""

    slug: str
    forms: tuple[str, ...]  # the term and its aliases, as written in the glossary
    #: The wording shown where a report's own glossary lacks the term.
    common: Wording

    @property
    def is_abbreviation(self) -> bool:
        return bool(self.common.expansion)


@dataclass(frozen=True)
class TermFinder:
    """Where glossary terms are used in a text of HTML, found quickly.

    Phrases ('Through the Gate', 'responsible officer') match in any case. Single
    words match only as the glossary writes them, so the abbreviation 'RoSH' is
    not found in 'rosh' and the programme 'Resolve' is not the verb 'resolve'.
    Either may take a plural 's', and must stand as whole words. Where several
    terms match at one place the longest wins: a phrase before any word that
    starts it, and within each kind a trie, tried longest first.

    The two kinds are scanned separately because that is several times quicker
    than one expression: a scan for words that starts with a literal letter lets
    the regular expression engine skip to the letters terms start with, and
    phrases are found in the lower-cased text after a character that cannot
    be in a word (an ASCII one: a class of a few characters is quicker to test). The
    text is HTML, so forms are matched as the sanitiser writes them (``&amp;``).
    """

    words: re.Pattern | None
    phrases: re.Pattern | None
    lookup: dict[str, Term]  # by form as written (words) or lower-cased (phrases)

    @classmethod
    def of(cls, terms: list[Term]) -> TermFinder:
        lookup: dict[str, Term] = {}
        for term in terms:
            for form in term.forms:
                form = escape_text(form)
                lookup[form.lower() if " " in form else form] = term
        words = [form for form in lookup if " " not in form]
        phrases = [form for form in lookup if " " in form]
        return cls(re.compile(_trie(words) + PLURAL_AND_END) if words else None,
                   re.compile(rf"[^a-z0-9_&-]({_trie(phrases)}){PLURAL_AND_END}") if phrases else None,
                   lookup)

    def find(self, html: str) -> list[tuple[int, int, Term]]:
        """(start, end, term) of each use, in order, none overlapping (an 's' not included)."""
        found: list[tuple[int, int, bool]] = []  # (start, end, is a word)
        if self.phrases:
            lowered = html.lower()
            if len(lowered) == len(html):  # no character whose lower case is longer
                matches = self.phrases.finditer("\n" + lowered)
            else:
                matches = re.compile(self.phrases.pattern, re.IGNORECASE).finditer("\n" + html)
            for match in matches:  # the expression asks for an ASCII non-word character
                start = match.start(1) - 1
                if not (start and WORD_CHARACTER.match(html, start - 1)):
                    found.append((start, match.end(1) - 1, False))
        if self.words:
            position = 0
            while match := self.words.search(html, position):
                start = match.start()
                if start and WORD_CHARACTER.match(html, start - 1):  # inside a word: go on
                    position = start + 1
                else:
                    found.append((start, match.end(), True))
                    position = match.end()
        found.sort()  # at one place a phrase (False) comes before a word
        uses, end = [], 0
        for start, stop, is_word in found:
            if start >= end:
                text = html[start:stop]
                uses.append((start, stop, self.lookup[text if is_word else text.lower()]))
                end = stop
        return uses


def _trie(forms: list[str]) -> str:
    """A regular expression matching any of ``forms``, longest first, as a trie."""
    root: dict = {}
    for form in forms:
        node = root
        for character in form:
            node = node.setdefault(character, {})
        node[""] = {}

    def expression(node: dict) -> str:
        branches = [re.escape(c) + expression(node[c]) for c in sorted(node) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        if "" not in node:
            return body
        return f"(?:{body})?" if len(branches) == 1 else f"{body}?"
    return expression(root)


class GlossaryExtension(Extension):
    """Expands abbreviations and links the first use of each term in a section."""

    def __init__(self, **kwargs):
        self.config = {
            "terms": [[], "Term objects to find in the text."],
            "href": ["glossary/index.html", "Link to the glossary page; '#slug' is added."],
            "link": [True, "Whether to mark terms at all (off for texts shown out of context)."],
            "section_break": ["", "The HTML between texts rendered in one conversion: each "
                                  "text starts a new section, as a heading does."],
            "wordings": [{}, "The report's own wording of each term it defines, by slug; "
                             "other terms are shown in the site glossary's words."],
        }
        super().__init__(**kwargs)
        self._finder: TermFinder | None = None
        #: Each term's markup, by (slug, text shown, whether it is the first use): a report
        #: marks some 400 uses of a few dozen terms.
        self.marks: dict[tuple[str, str, bool], str] = {}

    def setConfig(self, key, value) -> None:
        super().setConfig(key, value)
        self.marks = {}
        if key == "terms":
            self._finder = None

    @property
    def finder(self) -> TermFinder:
        if self._finder is None:
            self._finder = TermFinder.of(self.getConfig("terms"))
        return self._finder

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
        finder = self.extension.finder
        if not finder.lookup or not self.extension.getConfig("link"):
            return text
        return each_part(text, self.extension.getConfig("section_break"),
                         lambda piece: self._link(piece, finder))

    def _link(self, html: str, finder: TermFinder) -> str:
        """``html`` with its terms marked, reading in order; a new section starts empty."""
        uses = finder.find(html)
        if not uses:  # most texts: nothing to build
            return html
        skipped = [(m.start(), m.end()) for m in SKIPPED.finditer(html)]
        sections = [m.start() for m in SECTION.finditer(html)]
        used: set[str] = set()
        out: list[str] = []
        position = skip_index = section_index = 0
        for start, end, term in uses:
            while section_index < len(sections) and sections[section_index] < start:
                used.clear()
                section_index += 1
            while skip_index < len(skipped) and skipped[skip_index][1] <= start:
                skip_index += 1
            if skip_index < len(skipped) and skipped[skip_index][0] <= start:
                continue  # in a link, heading, code, footnote marker or abbreviation
            if html.rfind("<", 0, start) > html.rfind(">", 0, start):
                continue  # in a tag: an attribute's value
            shown = html[start:end]
            if html.startswith("s", end):
                shown, end = shown + "s", end + 1
            marked = self._mark(term, shown, used)
            if marked is not None:
                out += (html[position:start], marked)
                position = end
        out.append(html[position:])
        return "".join(out)

    def _mark(self, term: Term, shown: str, used: set[str]) -> str | None:
        """A term's first use in a section links to its entry; later uses of an
        abbreviation expand it; later uses of a word stay plain (None)."""
        first = term.slug not in used
        if first:
            used.add(term.slug)
        elif not term.is_abbreviation:
            return None
        key = (term.slug, shown, first)
        marks = self.extension.marks
        if key not in marks:
            marks[key] = self._markup(term, shown, first)
        return marks[key]

    def _markup(self, term: Term, shown: str, first: bool) -> str:
        """The term's markup in the report's own wording; the hidden text and the tooltip
        are the site's (``data-site``), quoting the report's glossary."""
        wording = self.extension.getConfig("wordings").get(term.slug, term.common)
        if first:
            href = f"{self.extension.getConfig('href')}#{term.slug}"
            label = (f'<abbr title="{escape_attribute(wording.expansion)}">{shown}</abbr>'
                     if term.is_abbreviation else f"<span>{shown}</span>")
            tip = escape_text(wording.tip)
            hidden = f"{tip}; {FROM_SITE_GLOSSARY}" if wording.from_site_glossary else tip
            if wording.from_site_glossary:
                tip = f"{tip} ({FROM_SITE_GLOSSARY})"
            return (f'<a class="term" href="{escape_attribute(href)}">{label}'
                    f'<span class="visually-hidden" data-site> ({hidden})</span>'
                    f'<span aria-hidden="true" class="term-tip" data-site>{tip}</span></a>')
        return f'<abbr title="{escape_attribute(wording.expansion)}">{shown}</abbr>'


#: Said of a wording that is not the report's own.
FROM_SITE_GLOSSARY = "from this site's glossary: the report's own does not define it"


def escape_text(text: str) -> str:
    """Text as the sanitiser writes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace("\u00a0", "&nbsp;")


def escape_attribute(value: str) -> str:
    """An attribute's value as the sanitiser writes it."""
    return escape_text(value).replace('"', "&quot;")
