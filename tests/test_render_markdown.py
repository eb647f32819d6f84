"""Narrative Markdown to HTML: content cannot inject script, frames or handlers."""

import pytest

from reportsite.render.markdown import MarkdownRenderer

HOSTILE = {
    "script": ("<script>alert(1)</script>Text", "<script"),
    "javascript link": ("[x](javascript:alert(1))", "javascript:"),
    "event handler": ('<img src="x" onerror="alert(1)">', "onerror"),
    "iframe": ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    "style": ('<p style="position:fixed">x</p>', "style="),
    "template syntax": ("{{ config }} {% for x in y %}", None),
    "data url": ('<a href="data:text/html,<script>x</script>">x</a>', "data:"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_markdown_is_rendered_harmless(case):
    text, forbidden = HOSTILE[case]
    html = MarkdownRenderer([], "g.html").render(text).html
    if forbidden:
        assert forbidden not in html
    else:
        assert "{{ config }}" in html  # shown as text, never evaluated


def test_inline_drops_the_paragraph_wrapper():
    rendered = MarkdownRenderer([], "g.html").inline("Some *emphasis*.[^2]", "k")
    assert rendered.html.startswith("Some <em>emphasis</em>.")
    assert [c.label for c in rendered.citations] == ["2"]
