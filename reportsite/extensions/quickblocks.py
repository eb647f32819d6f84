"""Block processors asked only about blocks that could hold them, for Python-Markdown.

Python-Markdown offers every block (a paragraph, mostly) to each block
processor in turn, and several of them search the whole block with a
regular expression: for a heading written with ``#`` on any line, a quote
marker ``>``, a setext underline, a rule, a table's pipes, a link reference.
This extension gives those processors a quick first question, whether the
block contains the text every match must contain, and asks the processor
only when it does. The output is the same; a report's block parsing takes
about half the time. In the same spirit, the whitespace pass before parsing
skips the work its text does not need, and clears blank lines with an
expression that starts with a literal newline (the stock one starts with a
look-behind, so it is tried at every character), and the raw HTML pass (an
HTML parser run over the whole text) is skipped for text without a ``<``.

It wraps the processors registered when it is set up, so it comes last in
the list of extensions. And the parser lists its processors once for each run
of blocks rather than once for each block.
"""

from __future__ import annotations

import re
from types import MethodType

from markdown import Extension, util
from markdown.blockparser import BlockParser
from markdown.preprocessors import HtmlBlockPreprocessor, Preprocessor

#: What a block must contain for the processor registered under the name to take it.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "hashheader": ("#",),
    "setextheader": ("\n=", "\n-"),
    "hr": ("-", "_", "*"),
    "quote": (">",),
    "table": ("|",),
    "reference": ("]:",),
}


class QuickBlocksExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "triggers": [dict(TRIGGERS), "Block processor name -> substrings one of which a "
                                         "block it takes contains; others are always asked."],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        md.registerExtension(self)
        md.preprocessors.register(QuickNormalizeWhitespace(md), "normalize_whitespace", 30)
        md.preprocessors.register(QuickHtmlBlockPreprocessor(md), "html_block", 20)
        processors = md.parser.blockprocessors
        for name, triggers in self.getConfig("triggers").items():
            if name in processors:
                processor = processors[name]
                processor.test = _asked_if_present(triggers, processor.test)
        md.parser.parseBlocks = MethodType(_parse_blocks, md.parser)


def _parse_blocks(parser: BlockParser, parent, blocks: list[str]) -> None:
    """``BlockParser.parseBlocks``, listing the processors once a call, not once a block:
    each listing sorts and copies the registry, and a report has hundreds of blocks."""
    processors = tuple(parser.blockprocessors)
    while blocks:
        for processor in processors:
            if processor.test(parent, blocks[0]):
                if processor.run(parent, blocks) is not False:  # run returns True or None
                    break


def _asked_if_present(triggers: tuple[str, ...], test):
    if len(triggers) == 1:
        trigger = triggers[0]
        return lambda parent, block: trigger in block and test(parent, block)
    return lambda parent, block: any(t in block for t in triggers) and test(parent, block)


#: Spaces alone on a line, followed by the line break that ends them.
BLANK_LINE_SPACES = re.compile(r"\n +(?=\n)")


class QuickNormalizeWhitespace(Preprocessor):
    """Python-Markdown's ``NormalizeWhitespace``, doing only what the text needs."""

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        if util.STX in source or util.ETX in source:
            source = source.replace(util.STX, "").replace(util.ETX, "")
        if "\r" in source:
            source = source.replace("\r\n", "\n").replace("\r", "\n")
        source += "\n\n"
        if "\t" in source:
            source = source.expandtabs(self.md.tab_length)
        if " \n" in source:
            source = BLANK_LINE_SPACES.sub("\n", source)
        return source.split("\n")


class QuickHtmlBlockPreprocessor(HtmlBlockPreprocessor):
    """Python-Markdown's raw HTML pass, skipped for text that holds no HTML."""

    def run(self, lines: list[str]) -> list[str]:
        if not any("<" in line for line in lines):
            return lines
        return super().run(lines)
