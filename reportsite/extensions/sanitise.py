"""Sanitised output, for Python-Markdown.

Narrative Markdown may hold raw HTML, so the converted text is cleaned by an
allow-list before anything else sees it. Cleaning is the last step but one:
the glossary links terms afterwards, into HTML already known to be safe, so
the cleaner never re-reads the (long) markup of a term.
"""

from __future__ import annotations

from markdown import Extension
from markdown.postprocessors import Postprocessor

from . import each_part


class SanitiseExtension(Extension):
    """Runs ``clean`` over the finished HTML, one part at a time."""

    def __init__(self, **kwargs):
        self.config = {
            "clean": [lambda html: html, "A function from HTML to safe HTML."],
            "section_break": ["", "The HTML between texts rendered in one conversion; "
                                  "each text is cleaned on its own and the break kept."],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        md.registerExtension(self)
        # After raw HTML is put back (30) and entities restored (20): the final text.
        md.postprocessors.register(SanitisePostprocessor(md, self), "sanitise", 10)


class SanitisePostprocessor(Postprocessor):
    def __init__(self, md, extension: SanitiseExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        clean = self.extension.getConfig("clean")
        return each_part(text, self.extension.getConfig("section_break"),
                         lambda piece: clean(piece.strip()))
