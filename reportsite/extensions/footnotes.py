"""Report footnotes for Python-Markdown.

Unlike the upstream ``footnotes`` extension, which renumbers footnotes and
prints them at the end of each document, a report keeps its own numbering
across the whole report and its footnotes may be defined in one chapter (or
in inspection.yaml) and cited in another. So this extension only:

* turns ``[^17]`` into a superscript link to ``#fn-17`` showing the report's
  own number (the label's leading digits: ``1-2`` shows as 1), recording each
  citation with a page-unique id for the back links;
* takes ``[^17]: text`` definitions out of the flow and records them.

The page then prints each chapter's footnotes after it (see the inspection
template), as the printed report does at the foot of the page.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Extension
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor

DEFINITION = re.compile(r"^[ ]{0,3}\[\^([^\]\s]+)\]:[ ]*", re.MULTILINE)
REFERENCE = r"\[\^([^\]\s]+)\]"


def display_number(label: str) -> str:
    """'17' -> '17'; '1-2' (a second footnote printed as 1) -> '1'."""
    match = re.match(r"\d+", label)
    return match.group(0) if match else label


@dataclass(frozen=True)
class Citation:
    label: str
    anchor: str  # the id of the superscript, for the footnote's back link


class ReportFootnotesExtension(Extension):
    """Citations and definitions of a report's footnotes."""

    def __init__(self, **kwargs):
        self.config = {
            "prefix": ["", "Makes citation ids unique on the page, e.g. the chapter's slug."],
        }
        super().__init__(**kwargs)
        self.citations: list[Citation] = []
        self.definitions: dict[str, str] = {}
        #: How often each label is cited so far (a count kept, not taken: a chapter may
        #: cite thousands of times, and counting them again for each was quadratic).
        self.times_cited: dict[str, int] = {}

    def reset(self) -> None:
        self.citations = []
        self.definitions = {}
        self.times_cited = {}

    def extendMarkdown(self, md) -> None:
        md.registerExtension(self)
        # Before paragraphs (10) so definitions never become paragraphs; like upstream.
        md.parser.blockprocessors.register(FootnoteDefinitionProcessor(md.parser, self),
                                           "report-footnote-definition", 17)
        # Before links (160) so '[^1]' is never read as a link.
        md.inlinePatterns.register(FootnoteCitationProcessor(REFERENCE, self),
                                   "report-footnote-citation", 175)

    def cite(self, label: str) -> str:
        prefix = self.getConfig("prefix")
        number = self.times_cited[label] = self.times_cited.get(label, 0) + 1
        anchor = "-".join(p for p in ("fnref", prefix, label, str(number)) if p)
        self.citations.append(Citation(label, anchor))
        return anchor


class FootnoteDefinitionProcessor(BlockProcessor):
    """Records ``[^label]: text`` blocks (several may share a block) and removes them."""

    def __init__(self, parser, extension: ReportFootnotesExtension):
        super().__init__(parser)
        self.extension = extension

    def test(self, parent, block: str) -> bool:
        return bool(DEFINITION.match(block))

    def run(self, parent, blocks: list[str]) -> None:
        block = blocks.pop(0)
        matches = list(DEFINITION.finditer(block))
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(block)
            text = " ".join(line.strip() for line in block[match.end():end].split("\n"))
            self.extension.definitions[match.group(1)] = text.strip()


class FootnoteCitationProcessor(InlineProcessor):
    """``[^17]`` -> ``<sup class="footnote-ref"><a href="#fn-17" id=...>17</a></sup>``."""

    #: What every match contains: the inline pass skips this pattern on text without it.
    triggers = ("[^",)

    def __init__(self, pattern: str, extension: ReportFootnotesExtension):
        super().__init__(pattern)
        self.extension = extension

    def handleMatch(self, m, data):
        label = m.group(1)
        sup = etree.Element("sup", {"class": "footnote-ref"})
        link = etree.SubElement(sup, "a", {"href": f"#fn-{label}",
                                           "id": self.extension.cite(label)})
        hidden = etree.SubElement(link, "span", {"class": "visually-hidden"})
        hidden.text = "Footnote "
        hidden.tail = display_number(label)
        return sup, m.start(0), m.end(0)
