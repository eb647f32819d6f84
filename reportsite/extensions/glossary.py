"""Glossary terms and abbreviations in the narrative, for Python-Markdown.

Every use of an abbreviation (a term with an expansion, like RoSH) becomes
``<abbr title="Risk of serious harm">``; the first use of any glossary term in
a section becomes a link to its glossary entry, which also carries the
expansion or the first sentence of the definition: as text for screen
readers and as a tooltip shown on hover and on keyboard focus.

Text inside links, headings, code, footnote markers and existing
abbreviations is left alone, so a link is never put inside a heading or
another link.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER, AtomicString

SKIP = {"a", "abbr", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "sup", "script", "style"}
SECTION = {"h2", "h3", "h4"}


@dataclass(frozen=True)
class Term:
    """A glossary term as the narrative may write it."""

    slug: str
    forms: tuple[str, ...]  # the term and its aliases, as written in the glossary
    expansion: str | None  # set for abbreviations
    tip: str  # what the tooltip says: the expansion, or the definition's first sentence

    @property
    def is_abbreviation(self) -> bool:
        return bool(self.expansion)


def term_pattern(terms: list[Term]) -> tuple[re.Pattern | None, dict[str, Term]]:
    """One regular expression for all terms, with a lookup by matched text.

    Phrases ('Through the Gate', 'responsible officer') match in any case. Single
    words match only as the glossary writes them, so the abbreviation 'RoSH' is
    not found in 'rosh' and the programme 'Resolve' is not the verb 'resolve'.
    Either may take a plural 's'. Where several terms match at one place the
    longest wins: phrases are tried first (a phrase is longer than any word that
    starts it), and each group is a trie, which also makes a narrative's scan
    several times quicker than a list of alternatives.
    """
    lookup: dict[str, Term] = {}
    words: list[str] = []
    phrases: list[str] = []
    for term in terms:
        for form in term.forms:
            if " " in form:
                lookup[form.casefold()] = term
                phrases.append(form.casefold())
            else:
                lookup[form] = term
                words.append(form)
    groups = ([f"(?i:{_trie(phrases)})"] if phrases else []) + ([_trie(words)] if words else [])
    if not groups:
        return None, lookup
    return re.compile(rf"(?<![\w-])(?:{'|'.join(groups)})(?=s?(?![\w-]))"), lookup


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
            "section_break": ["", "A raw HTML block that starts a new section, as a heading does "
                                  "(used to render several texts in one conversion)."],
        }
        super().__init__(**kwargs)
        self.used: set[str] = set()
        self._pattern: tuple | None = None

    def reset(self) -> None:
        self.used = set()

    def setConfig(self, key, value) -> None:
        super().setConfig(key, value)
        if key == "terms":
            self._pattern = None

    @property
    def pattern(self) -> tuple[re.Pattern | None, dict[str, Term]]:
        if self._pattern is None:
            self._pattern = term_pattern(self.getConfig("terms"))
        return self._pattern

    def extendMarkdown(self, md) -> None:
        md.registerExtension(self)
        # After inline processing (20), so the text is final and links are elements.
        md.treeprocessors.register(GlossaryTreeprocessor(md, self), "glossary-terms", 7)


class GlossaryTreeprocessor(Treeprocessor):
    def __init__(self, md, extension: GlossaryExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        pattern, lookup = self.extension.pattern
        if pattern is None:
            return
        marker = self.extension.getConfig("section_break")
        # The paragraphs holding the section break: placeholders of stashed raw HTML.
        self.breaks = {HTML_PLACEHOLDER % index for index, block in
                       enumerate(self.md.htmlStash.rawHtmlBlocks)
                       if marker and str(block).strip() == marker}
        self._walk(root, pattern, lookup)

    def _walk(self, element: etree.Element, pattern, lookup) -> None:
        """Visit text in reading order: an element's text, then each child and its tail."""
        if element.text and not isinstance(element.text, AtomicString):
            nodes = self._split(element.text, pattern, lookup)
            if nodes:
                element.text = nodes[0]
                for position, node in enumerate(nodes[1:]):
                    element.insert(position, node)
        index = 0  # of the child being visited, as terms are inserted after it
        for child in list(element):
            if _is_term(child):
                index += 1
                continue
            if child.tag in SECTION or (child.tag == "p" and self.breaks and child.text
                                        and child.text.strip() in self.breaks):
                self.extension.used.clear()  # a new section: link each term again once
            if child.tag not in SKIP:
                self._walk(child, pattern, lookup)
            index += 1
            if child.tail and not isinstance(child.tail, AtomicString):
                nodes = self._split(child.tail, pattern, lookup)
                if nodes:
                    child.tail = nodes[0]
                    for node in nodes[1:]:
                        element.insert(index, node)
                        index += 1

    def _split(self, text: str, pattern, lookup) -> list | None:
        """[leading text, element (with tail), ...], or None when nothing changed."""
        first = pattern.search(text)
        if first is None:  # most texts: no term, nothing to build
            return None
        nodes: list = [""]

        def add_text(more: str) -> None:
            if len(nodes) == 1:
                nodes[0] += more
            else:
                nodes[-1].tail += more

        position = 0
        for match in pattern.finditer(text, first.start()):
            word = match.group(0)
            term = lookup.get(word) or lookup.get(word.casefold())
            plural = text[match.end():match.end() + 1] == "s"
            shown = word + ("s" if plural else "")
            add_text(text[position:match.start()])
            node = self._node(term, shown)
            if node is None:
                add_text(shown)
            else:
                node.tail = ""
                nodes.append(node)
            position = match.end() + (1 if plural else 0)
        add_text(text[position:])
        return nodes if len(nodes) > 1 else None

    def _node(self, term: Term, shown: str) -> etree.Element | None:
        if term.slug not in self.extension.used:
            self.extension.used.add(term.slug)
            href = f"{self.extension.getConfig('href')}#{term.slug}"
            link = etree.Element("a", {"class": "term", "href": href})
            label = etree.SubElement(link, "abbr", {"title": term.expansion}) \
                if term.is_abbreviation else etree.SubElement(link, "span")
            label.text = AtomicString(shown)
            hidden = etree.SubElement(link, "span", {"class": "visually-hidden"})
            hidden.text = AtomicString(f" ({term.tip})")
            tip = etree.SubElement(link, "span", {"class": "term-tip", "aria-hidden": "true"})
            tip.text = AtomicString(term.tip)
            return link
        if term.is_abbreviation:
            abbr = etree.Element("abbr", {"title": term.expansion})
            abbr.text = AtomicString(shown)
            return abbr
        return None  # a later use of a word term stays plain text


def _is_term(element: etree.Element) -> bool:
    return element.get("class") == "term"
