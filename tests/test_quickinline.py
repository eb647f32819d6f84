"""Skipping inline patterns by trigger, and unescaping only escaped text, must never
change what Python-Markdown makes."""

import markdown
import pytest

from reportsite.extensions.quickinline import QuickInlineExtension
from tests.sites import assert_same_on_real_narrative

#: Every standard inline pattern, alone, nested, escaped and at the edges of a text.
SAMPLES = [
    "plain words only",
    "*em* and **strong** and ***both*** and _under_ and __double__ and snake_case_word",
    "a * star alone * and 2 * 3 * 4",
    "`code with *stars* and [brackets]` then *em `code` em*",
    "``double `tick` code``",
    "\\*not em\\* and \\`not code\\` and \\\\ backslash",
    "[link](https://example.org/ \"title\") and [ref][r] and [r]\n\n[r]: https://example.org/r",
    "![image](pic.png) and ![ref image][i] and ![i]\n\n[i]: pic.png",
    "<https://example.org/auto> and <someone@example.org>",
    "inline <span class=\"x\">html *em*</span> and <!-- a comment --> here",
    "entities &amp; &#169; &#x00A9; and a bare & ampersand",
    "line one  \nline two after a hard break",
    "**strong with [a link](x.html) inside** and [*em in link*](y.html)",
    "a footnote[^1] reference\n\n[^1]: the note with *em*",
    "| a | b |\n|---|---|\n| *x* | `y` |\n| [l](z.html) | &amp; |",
    "- item *one*\n- item [two](t.html)\n    - nested `code`",
    "> quoted **strong** and _em_",
    "[not a link] and [^not-a-note] and ! alone and < alone and > alone",
    "[a \\*starred\\* link](x\\_y.html \"title \\* here\") and `code \\* kept` and \\# hash",
]


def convert(text: str, quick: bool) -> str:
    extensions = ["tables", "sane_lists", "footnotes"] + ([QuickInlineExtension()] if quick else [])
    return markdown.Markdown(extensions=extensions).convert(text)


@pytest.mark.parametrize("text", SAMPLES)
def test_same_html_as_python_markdown(text):
    assert convert(text, quick=True) == convert(text, quick=False)


def test_same_html_for_every_narrative_file():
    assert_same_on_real_narrative(convert)


def tries_of_link_pattern(text: str, quick: bool) -> int:
    md = markdown.Markdown(extensions=[QuickInlineExtension()] if quick else [])
    link = md.inlinePatterns["link"]
    tries = []
    original = link.getCompiledRegExp
    link.getCompiledRegExp = lambda: tries.append(1) or original()
    md.convert(text)
    return len(tries)


def test_pattern_without_trigger_is_skipped():
    """The saving is real: the link pattern is not tried on text without a '['."""
    assert tries_of_link_pattern("no brackets here at all", quick=False) > 0
    assert tries_of_link_pattern("no brackets here at all", quick=True) == 0
    assert tries_of_link_pattern("a [link](x.html) here", quick=True) > 0


def test_one_converter_reused_gives_what_fresh_ones_give():
    md = markdown.Markdown(extensions=["tables", "sane_lists", "footnotes", QuickInlineExtension()])
    for text in SAMPLES:
        md.reset()
        assert md.convert(text) == convert(text, quick=False)


def test_a_pattern_registered_between_conversions_is_tried():
    """The plan of patterns is kept between conversions, but not once they change."""
    from markdown.inlinepatterns import SimpleTagInlineProcessor
    md = markdown.Markdown(extensions=[QuickInlineExtension()])
    assert md.convert("a ~~struck~~ word") == "<p>a ~~struck~~ word</p>"
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"()~~(.+?)~~", "del"), "del", 75)
    md.reset()
    assert md.convert("a ~~struck~~ word") == "<p>a <del>struck</del> word</p>"
