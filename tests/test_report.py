"""Report views: what standard pages quote of a report (reportsite/render/report.py)."""

import pytest

from reportsite.render.report import excerpt, plain_text

#: A use of a glossary term as the converted text marks it (see reportsite.glossary.marks),
#: and a footnote marker.
TERM = ('<x-term s="crc">CRC</x-term><sup class="footnote-ref"><a href="#fn-1">1'
        '<span class="visually-hidden"> (footnote)</span></a></sup>')
FRAGMENTS = [
    "<p>Short.</p>",
    "<p>The " + TERM + " did well. " + "Its staff were skilled. " * 5 + "</p>"
    + "<p>Second paragraph &amp; more. " + "More words here. " * 30 + "</p>",
    "".join(f"<p>Point {n}: the {TERM} kept records.</p>" for n in range(40)),
    "<ul>" + "".join(f"<li>item {n} of a list with no paragraphs</li>" for n in range(60)) + "</ul>",
    "<p>" + "A very long first paragraph without a full stop " * 20 + "</p><p>Next.</p>",
]


@pytest.mark.parametrize("fragment", FRAGMENTS)
@pytest.mark.parametrize("limit", [20, 100, 280, 1000])
def test_an_excerpt_is_the_opening_of_the_text_and_no_longer_than_asked(fragment, limit):
    text = excerpt(fragment, limit)
    assert text and len(text.replace("\n", " ")) <= limit + 2  # '…' after a cut word
    opening = plain_text(fragment)
    for paragraph in text.split("\n"):
        assert paragraph.removesuffix(" …") in opening
    assert excerpt(fragment + "<p>Text after the opening.</p>" * 500, limit) == \
        excerpt(fragment + "<p>Other text.</p>", limit) or len(plain_text(fragment)) < limit


def test_an_excerpt_leaves_out_footnote_markers_and_keeps_terms_as_text():
    assert excerpt(FRAGMENTS[1], 60) == "The CRC did well. Its staff were skilled."


def test_an_excerpt_keeps_paragraphs_apart_and_inline_markup_leaves_no_spaces():
    fragment = ("<p>The new directions meeting (" + TERM.replace("CRC<", "NDM<")
                + ") is the first appointment. The <abbr title=\"x\">CRC</abbr>'s focus is on "
                "<em>POs</em>, mostly.</p><p>Second paragraph.</p>")
    assert excerpt(fragment) == ("The new directions meeting (NDM) is the first appointment. "
                                 "The CRC's focus is on POs, mostly.\nSecond paragraph.")
