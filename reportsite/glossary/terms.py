"""Glossary terms as the narrative writes them, each report's wording of them, and where
they are used in a text of HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.site import Definition, GlossaryEntry, Site

#: What may not come just before a term; '&' starts the name of an entity.
WORD_CHARACTER = re.compile(r"[\w&-]")
#: After a term: perhaps a plural 's', then the end of the word.
PLURAL_AND_END = r"(?=s?(?![\w-]))"


@dataclass(frozen=True)
class Wording:
    """What a term's markup says: one report's wording of it, or the site glossary's."""

    expansion: str | None  # set for abbreviations
    tip: str  # what its definition on the page says: the expansion, or the first sentence
    #: Not the report's own: its glossary lacks the term, so the site glossary's commonest
    #: wording is shown, and the page says so.
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
    slugs: frozenset[str]

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
                   lookup, frozenset(term.slug for term in terms))

    def find(self, html: str, phrases: bool = True) -> list[tuple[int, int, Term]]:
        """(start, end, term) of each use, in order, none overlapping (an 's' not included);
        ``phrases``: else single words only (those within a phrase)."""
        found: list[tuple[int, int, bool]] = []  # (start, end, is a word)
        if self.phrases and phrases:
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
        found.sort(key=lambda use: (use[0], -use[1]))  # at one place, the longest first
        uses, end = [], 0
        for start, stop, is_word in found:
            if start >= end:
                text = html[start:stop]
                uses.append((start, stop, self.lookup[text if is_word else text.lower()]))
                end = stop
        return uses

    def names(self, shown: str, term: Term) -> bool:
        """Whether ``shown`` (HTML, perhaps with a plural 's') is one of ``term``'s forms:
        a word as written, a phrase in any case."""
        for text in (shown, shown[:-1]) if shown.endswith("s") else (shown,):
            if self.lookup.get(text) is term or " " in text and self.lookup.get(text.lower()) is term:
                return True
        return False


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


def escape_text(text: str) -> str:
    """Text as the sanitiser writes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace("\u00a0", "&nbsp;")


#: Where a definition's first sentence ends: a full stop and a space, not 'e.g.' or 'i.e.'.
SENTENCE_END = re.compile(r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<=\.)\s")
#: The longest tip: a longer first sentence is cut at a word, with '…'.
TIP_LIMIT = 160


def first_sentence(text: str) -> str:
    """A definition's first sentence, as the report words it (cut short if long)."""
    sentence = SENTENCE_END.split(text.replace("*", ""), maxsplit=1)[0].strip()
    if len(sentence) <= TIP_LIMIT:
        return sentence
    cut = sentence[:TIP_LIMIT - 1]
    return cut[:cut.rfind(" ")].rstrip(" ,;:") + "…"


def wording(entry: GlossaryEntry, definition: Definition | None,
            from_site_glossary: bool = False) -> Wording:
    """What a term's markup says in ``definition``'s words."""
    if definition is None:
        return Wording(entry.expansion, entry.expansion or "", from_site_glossary)
    expansion = entry.expansion_in(definition)
    return Wording(expansion, expansion or first_sentence(definition.text), from_site_glossary)


def glossary_terms(site: Site) -> list[Term]:
    """The glossary as the narrative may write it, each term with the wording shown where
    a report's own glossary lacks it: the commonest."""
    return [Term(entry.slug, (entry.term.replace("*", ""), *entry.aliases),
                 wording(entry, entry.common, from_site_glossary=True))
            for entry in site.glossary.terms]
