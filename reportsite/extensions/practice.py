"""Practice examples, for Python-Markdown.

Reports set good and poor practice examples apart from the text. A block
quote that opens with a bold 'Good practice example:' or 'Poor practice
example:' gets a class saying which, so the page can show the difference
(with the label, never by colour alone).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

LABEL = re.compile(r"(good|poor) practice example", re.IGNORECASE)


class PracticeExamplesExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.registerExtension(self)
        md.treeprocessors.register(PracticeTreeprocessor(md), "practice-examples", 6)


class PracticeTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for quote in root.iter("blockquote"):
            first = next(iter(quote), None)
            strong = next(iter(first), None) if first is not None and first.tag == "p" else None
            if strong is None or strong.tag != "strong" or (first.text or "").strip():
                continue
            match = LABEL.match("".join(strong.itertext()))
            if match:
                quote.set("class", f"practice practice--{match.group(1).lower()}")
