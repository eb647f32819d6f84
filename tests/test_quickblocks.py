"""Asking block processors only about blocks that could hold them must never change
what Python-Markdown makes."""

import markdown
import pytest

from reportsite.extensions.footnotes import ReportFootnotesExtension
from reportsite.extensions.quickblocks import QuickBlocksExtension
from tests.sites import assert_same_on_real_narrative

#: Every standard block, alone, next to others, and near misses of each.
SAMPLES = [
    "A plain paragraph\nover two lines.",
    "# Heading one\n\n## Heading two ##\nText after.\n\nText before.\n### Heading three",
    "not a # heading and C# here",
    "Setext one\n==========\n\nSetext two\n----------\n\nnot = setext\nand - not",
    "Rule below\n\n---\n\n* * *\n\n___\n\n- - not a rule because of words",
    "a-b_c*d hyphen, underscore and star in words",
    "> A quote\n> over lines\n>\n> > nested\n\nnot > a quote",
    "| a | b |\n|---|:-:|\n| 1 | 2 |\n\na | b\n--|--\n1 | 2\n\npipe | alone",
    "[ref]: https://example.org/ \"Title\"\n\nUses [ref] and [label]: not a definition",
    "1. one\n2. two\n\n- a\n- b\n    - nested\n\n        indented code",
    "    code block\n    # not a heading\n\ntext\n\n\n\nafter blank lines",
    "Text[^1] with a note.\n\n[^1]: The note, with # and > and | in it.",
    "<div>raw *html* block</div>\n\nthen text",
    "  \nspaces first\n   \n\t\n  \n  \nblank lines of spaces and a tab\r\nand CRLF\rand CR \x02\x03",
    "- item\n    \n    more of the item after a line of spaces",
    "no HTML at all, but entities &amp; &#169; &copy; & and > and 1 > 0",
    "<!-- a comment -->\n\n<p>raw</p>\n\ntext <b>inline</b> <https://example.org>",
]


def convert(text: str, quick: bool) -> str:
    extensions = ["tables", "sane_lists", ReportFootnotesExtension()]
    return markdown.Markdown(extensions=extensions + ([QuickBlocksExtension()] if quick else [])
                             ).convert(text)


@pytest.mark.parametrize("text", SAMPLES)
def test_same_html_as_python_markdown(text):
    assert convert(text, quick=True) == convert(text, quick=False)


def test_same_html_for_every_narrative_file():
    assert_same_on_real_narrative(convert)


def times_asked(name: str, text: str, quick: bool) -> int:
    md = markdown.Markdown(extensions=["tables"])
    processor = md.parser.blockprocessors[name]
    asked = []
    original = processor.test
    processor.test = lambda parent, block: asked.append(1) or original(parent, block)
    if quick:
        QuickBlocksExtension().extendMarkdown(md)
    md.convert(text)
    return len(asked)


def test_a_processor_is_not_asked_about_a_block_without_its_trigger():
    """The saving is real: the table processor's test is skipped without a '|'."""
    assert times_asked("table", "no pipes in this paragraph", quick=False) == 1
    assert times_asked("table", "no pipes in this paragraph", quick=True) == 0
    assert times_asked("table", "a | b\n--|--\n1 | 2", quick=True) == 1


def test_the_parser_lists_its_processors_once_a_run_of_blocks(monkeypatch):
    """Python-Markdown lists them for every block; a hundred paragraphs are one run."""
    from markdown import util
    listed = []
    real = util.Registry.__iter__
    monkeypatch.setattr(util.Registry, "__iter__", lambda registry: listed.append(registry) or real(registry))

    def listings(md: markdown.Markdown) -> int:
        listed.clear()
        md.convert("\n\n".join(f"Paragraph {n}." for n in range(100)))
        return sum(1 for registry in listed if registry is md.parser.blockprocessors)
    assert listings(markdown.Markdown()) >= 100
    assert listings(markdown.Markdown(extensions=[QuickBlocksExtension()])) == 1
