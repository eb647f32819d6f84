"""Report views: what standard pages quote of a report (reportsite/render/report.py)."""

import pytest

from reportsite.render.report import excerpt, plain_text

TERM = ('<a class="term" href="g.html#crc"><abbr title="Community Rehabilitation Company">CRC</abbr>'
        '<span class="visually-hidden"> (Community Rehabilitation Company)</span>'
        '<span aria-hidden="true" class="term-tip">Community Rehabilitation Company</span></a>')
FRAGMENTS = [
    "<p>Short.</p>",
    "<p>The " + TERM + " did well. " + "Its staff were skilled. " * 5 + "</p>"
    + "<p>Second paragraph &amp; more. " + "More words here. " * 30 + "</p>",
    "".join(f"<p>Point {n}: the {TERM} kept records.</p>" for n in range(40)),
    "<ul>" + "".join(f"<li>item {n} of a list with no paragraphs</li>" for n in range(60)) + "</ul>",
    "<p>" + "A very long first paragraph without a full stop " * 20 + "</p><p>Next.</p>",
]


def read_whole(fragment: str) -> str:
    """The same text with no paragraph ends: its excerpt is read from all of it."""
    return fragment.replace("<p>", "<div>").replace("</p>", "</div>")


@pytest.mark.parametrize("fragment", FRAGMENTS)
@pytest.mark.parametrize("limit", [20, 100, 280, 1000])
def test_an_excerpt_reads_only_the_opening_paragraphs_and_says_the_same(fragment, limit):
    assert excerpt(fragment, limit) == excerpt(read_whole(fragment), limit)


def test_an_excerpt_leaves_out_tooltips_and_screen_reader_text():
    assert excerpt(FRAGMENTS[1], 60) == "The CRC did well. Its staff were skilled."
