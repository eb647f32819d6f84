"""Narrative Markdown to HTML: content cannot inject script, frames or handlers."""

import pytest

from reportsite.glossary.terms import Term, Wording
from reportsite.render.markdown import PART_BREAK, MarkdownRenderer

HOSTILE = {
    "script": ("<script>alert(1)</script>Text", "<script"),
    "javascript link": ("[x](javascript:alert(1))", "javascript:"),
    "event handler": ('<img src="x" onerror="alert(1)">', "onerror"),
    "iframe": ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    "style": ('<p style="position:fixed">x</p>', "style="),
    "template syntax": ("{{ config }} {% for x in y %}", None),
    "data url": ('<a href="data:text/html,<script>x</script>">x</a>', "data:"),
    "image from elsewhere": ("![Tracker](https://evil.example/t.png)", "evil.example"),
    "image as a script address": ('<img src="javascript:alert(1)" alt="x">', "javascript:"),
    "image with a path": ("![Secret](../../etc/secret.png)", "secret"),
    "a glossary mark of its own": ('<x-term s="x">RoSH</x-term>', "x-term"),
    "a glossary link out of its address": ('[x](glossary:rosh"onclick="alert(1))', "onclick="),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_markdown_is_rendered_harmless(case):
    text, forbidden = HOSTILE[case]
    html = MarkdownRenderer([]).render(text).html
    if forbidden:
        assert forbidden not in html
    else:
        assert "{{ config }}" in html  # shown as text, never evaluated


def test_inline_drops_the_paragraph_wrapper():
    rendered = MarkdownRenderer([]).inline("Some *emphasis*.[^2]", "k")
    assert rendered.html.startswith("Some <em>emphasis</em>.")
    assert [c.label for c in rendered.citations] == ["2"]


TERMS = [Term("rosh", ("RoSH",), Wording("Risk of serious harm", "Risk of serious harm"))]


def test_texts_rendered_together_are_each_sanitised_and_their_terms_marked():
    parts = MarkdownRenderer(TERMS).render_parts(
        ["RoSH <script>alert(1)</script>", "RoSH again <b onclick='x()'>bold</b>, RoSH"])
    assert [p.html.count('<x-term s="rosh">RoSH</x-term>') for p in parts] == [1, 2]  # after cleaning
    assert not any("<script" in p.html or "onclick" in p.html or PART_BREAK in p.html
                   for p in parts)


def test_an_explicit_glossary_link_is_marked_or_leads_to_the_glossary_page():
    renderer = MarkdownRenderer(TERMS)
    text = "See [the *risk*](glossary:rosh) and [gone](glossary:no-such-term)."
    assert renderer.inline(text).html == \
        'See <x-term e s="rosh">the <em>risk</em></x-term> and gone.'
    assert renderer.inline(text, mark_terms=False, glossary_href="#").html == \
        'See <a href="#rosh">the <em>risk</em></a> and gone.'
    assert renderer.inline(text, mark_terms=False).html == "See the <em>risk</em> and gone."


def test_a_text_holding_the_break_itself_is_rendered_alone():
    renderer = MarkdownRenderer([])
    text = f"Two.\n\n{PART_BREAK}\n\nThree."
    parts = renderer.render_parts(["One.", text])
    assert [p.html for p in parts] == ["<p>One.</p>", renderer.render(text).html]
    assert parts[1].html.count("<p>") == 3


def test_an_image_beside_the_page_keeps_its_file_and_alt_text_only():
    renderer = MarkdownRenderer([])
    html = renderer.render('Text ![Caseload by team](caseload.png "A title") and '
                           '<img src="Chart-2.JPEG" alt="Chart" title="t" lang="en" width="9999" '
                           'onload="alert(1)"> <img src="https://evil.example/t.png" alt="Gone">').html
    assert html == '<p>Text <img alt="Caseload by team" src="caseload.png"> and ' \
                   '<img src="Chart-2.JPEG" alt="Chart"> </p>'
