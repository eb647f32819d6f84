"""Markdown to safe HTML: one configured converter, reused for every text.

Python-Markdown costs about 3.5 ms per 7 KB page, the floor of a build, so a
single converter is built once and reset between texts (building one is
costly), and callers cache what it returns by the text's hash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import markdown
import nh3

from ..extensions.footnotes import Citation, ReportFootnotesExtension
from ..extensions.headings import Heading, HeadingsExtension
from ..extensions.practice import PracticeExamplesExtension
from ..extensions.quickblocks import QuickBlocksExtension
from ..extensions.quickinline import QuickInlineExtension
from ..extensions.sanitise import SanitiseExtension
from ..extensions.tables import AccessibleTablesExtension
from ..glossary.extension import GlossaryExtension
from ..glossary.marks import SCHEME as GLOSSARY_SCHEME
from ..glossary.terms import Term
from ..model.narrative import IMAGE_FILE

#: What narrative HTML may contain; everything else is removed, so content
#: cannot inject script, styles, frames or event handlers.
ALLOWED_TAGS = {"p", "br", "em", "strong", "b", "i", "a", "ul", "ol", "li", "blockquote", "table",
                "caption", "thead", "tbody", "tr", "th", "td", "h2", "h3", "h4", "h5", "h6",
                "sup", "sub", "abbr", "span", "code", "pre", "hr", "div"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "class", "id", "title"},
    "abbr": {"title"},
    "span": {"class", "aria-hidden"},
    "sup": {"class"},
    "ol": {"start"},
    "th": {"scope"},
    "caption": {"class"},
    "div": {"class", "role", "aria-label", "tabindex"},
    "blockquote": {"class"},
    **{f"h{n}": {"id"} for n in range(2, 7)},
}


#: Addresses a link may have: the web, e-mail, and an entry of the glossary.
URL_SCHEMES = {"http", "https", "mailto", GLOSSARY_SCHEME}
#: Built once: configuring a cleaner costs more than cleaning a short text.
_CLEANER = nh3.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                       url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)


def _local_image(tag: str, attribute: str, value: str) -> str | None:
    """An image keeps its alt text, and its address only where it names a file beside
    the page (the load checked that a chapter's images are files in the inspection's
    folder, and they are copied beside its page); nothing else (no title, no lang)."""
    if tag != "img" or attribute == "alt" or attribute == "src" and IMAGE_FILE.fullmatch(value):
        return value
    return None


#: For the few texts that show an image: the same, and ``img`` with its file and alt text.
_WITH_IMAGES = nh3.Cleaner(tags=ALLOWED_TAGS | {"img"},
                           attributes={**ALLOWED_ATTRIBUTES, "img": {"src", "alt"}},
                           attribute_filter=_local_image, url_schemes=URL_SCHEMES,
                           link_rel=None, strip_comments=True)
#: An image left with no file to show (its address was not a local image file).
_IMAGE_WITHOUT_FILE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def sanitise(html: str) -> str:
    if "<img" not in html:
        return _CLEANER.clean(html)
    return _IMAGE_WITHOUT_FILE.sub("", _WITH_IMAGES.clean(html))


@dataclass(frozen=True)
class Rendered:
    """HTML of one text, with what the page needs to know about it."""

    html: str
    citations: tuple[Citation, ...] = ()
    definitions: tuple[tuple[str, str], ...] = ()  # (label, Markdown text)
    headings: tuple[Heading, ...] = ()


#: Between texts rendered in one conversion: a paragraph no text writes. (Not a raw
#: HTML comment: that would send every joined text through Python-Markdown's HTML parser.)
PART_BREAK = "reportsite-part-break-7c1e"
#: The break as the conversion writes it.
PART_BREAK_HTML = f"<p>{PART_BREAK}</p>"
CITATION = re.compile(r'<sup class="footnote-ref">')
HEADING = re.compile(r"<h[1-6][ >]")


class MarkdownRenderer:
    """Narrative Markdown to sanitised HTML, with footnotes, glossary terms marked and ids."""

    def __init__(self, terms: list[Term]):
        self.footnotes = ReportFootnotesExtension()
        self.headings = HeadingsExtension()
        self.glossary = GlossaryExtension(terms=terms)
        self.sanitiser = SanitiseExtension(clean=sanitise)
        self.converter = markdown.Markdown(
            extensions=["tables", "sane_lists", self.footnotes, self.headings,
                        AccessibleTablesExtension(), PracticeExamplesExtension(), self.glossary,
                        QuickInlineExtension(), self.sanitiser,
                        QuickBlocksExtension()],  # last: it speeds up the block processors above
            output_format="html", lazy_ol=False)

    def render(self, text: str, prefix: str = "", *, taken: set[str] | None = None,
               mark_terms: bool = True, glossary_href: str = "",
               joined: bool = False) -> Rendered:
        """Render ``text``; ``prefix`` keeps its ids apart from other texts on the page.

        ``mark_terms``: mark the uses of glossary terms for a report's page (see
        reportsite.glossary); else ``glossary_href`` is where explicit links to the
        glossary lead, up to the entry's slug ('#' on the glossary page; '': nowhere). ``joined``: the text is several texts with PART_BREAK between
        them, kept in the output, each sanitised on its own.
        """
        self.converter.reset()
        self.footnotes.setConfig("prefix", prefix)
        self.headings.setConfig("prefix", prefix)
        self.headings.taken = taken if taken is not None else set()
        self.glossary.setConfig("mark", mark_terms)
        self.glossary.setConfig("href", glossary_href)
        self.sanitiser.setConfig("section_break", PART_BREAK_HTML if joined else "")
        html = self.converter.convert(text)
        return Rendered(html, tuple(self.footnotes.citations),
                        tuple(self.footnotes.definitions.items()), tuple(self.headings.headings))

    def render_parts(self, texts: list[str], prefix: str = "", *, taken: set[str] | None = None,
                     inline: bool = False) -> list[Rendered]:
        """Several texts in one conversion (each conversion has a fixed cost), split again.

        Ids and footnote citations stay unique across them. Falls back to one conversion per text if a text
        could swallow the break between them (an unclosed raw HTML block) or holds it.
        """
        if not texts:
            return []
        taken = taken if taken is not None else set()
        if len(texts) > 1 and not any(PART_BREAK in text for text in texts):
            before = set(taken)
            whole = self.render(f"\n\n{PART_BREAK}\n\n".join(texts), prefix, taken=taken,
                                joined=True)
            pieces = whole.html.split(PART_BREAK_HTML)
            if len(pieces) == len(texts):
                return self._share(whole, pieces, inline)
            taken.clear()
            taken.update(before)
        parts = [self.render(text, prefix, taken=taken) for text in texts]
        return [self._unwrap(part) for part in parts] if inline else parts

    def _share(self, whole: Rendered, pieces: list[str], inline: bool) -> list[Rendered]:
        """Give each piece of a joint conversion its own citations and headings, in order."""
        citations, headings = list(whole.citations), list(whole.headings)
        parts = []
        for piece in pieces:
            html = piece.strip()
            cited = len(CITATION.findall(html))
            titled = len(HEADING.findall(html))
            part = Rendered(html, tuple(citations[:cited]), whole.definitions, tuple(headings[:titled]))
            del citations[:cited], headings[:titled]
            parts.append(self._unwrap(part) if inline else part)
        return parts

    @staticmethod
    def _unwrap(rendered: Rendered) -> Rendered:
        html = rendered.html
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Rendered(html, rendered.citations, rendered.definitions, rendered.headings)

    def inline(self, text: str, prefix: str = "", *, mark_terms: bool = True,
               glossary_href: str = "") -> Rendered:
        """A one-paragraph text (a finding, a key fact) without its <p> wrapper."""
        rendered = self.render(text, prefix, mark_terms=mark_terms, glossary_href=glossary_href)
        html = rendered.html
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Rendered(html, rendered.citations, rendered.definitions, rendered.headings)
