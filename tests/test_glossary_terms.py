"""The glossary Markdown extension: abbreviations expanded, first uses linked."""

import markdown

from reportsite.extensions.glossary import GlossaryExtension, Term

TERMS = [Term("rosh", ("RoSH",), "Risk of serious harm", "Risk of serious harm"),
         Term("through-the-gate", ("Through the Gate",), None, "Resettlement services."),
         Term("resolve", ("Resolve",), None, "A programme.")]


def convert(text):
    return markdown.Markdown(extensions=[GlossaryExtension(terms=TERMS, href="g.html")]).convert(text)


def test_first_use_in_a_section_links_and_later_uses_are_abbreviations():
    html = convert("RoSH and RoSHs.\n\n## Next\n\nRoSH again.")
    assert html.count('<a class="term" href="g.html#rosh">') == 2  # once per section
    assert '<abbr title="Risk of serious harm">RoSHs</abbr>' in html
    assert '<span class="visually-hidden"> (Risk of serious harm)</span>' in html
    assert '<span aria-hidden="true" class="term-tip">Risk of serious harm</span>' in html


def test_phrases_match_any_case_single_words_only_as_written():
    html = convert("Work through the gate. We resolve it.")
    assert 'href="g.html#through-the-gate"' in html
    assert "resolve it" in html and "#resolve" not in html


def test_never_inside_headings_links_code_or_other_words():
    html = convert("# RoSH heading\n\n[RoSH link](x) `RoSH` RoSHes unRoSH")
    assert "term" not in html and "<abbr" not in html


def test_never_in_an_attribute_a_footnote_marker_or_after_a_letter_of_any_alphabet():
    html = convert('<div title="RoSH">éThrough the Gate</div>\n\nText<sup>RoSH</sup>')
    assert html.count("RoSH") == 2 and "term" not in html and "<abbr" not in html


def test_forms_are_matched_as_html_writes_them():
    terms = [Term("rd", ("R&D",), "Research and development", "Research & <development>")]
    converter = markdown.Markdown(extensions=[GlossaryExtension(terms=terms, href="g.html")])
    html = converter.convert("Our R&D team, &amp;R&D.")
    assert ('<a class="term" href="g.html#rd"><abbr title="Research and development">R&amp;D</abbr>'
            '<span class="visually-hidden"> (Research &amp; &lt;development&gt;)</span>') in html
    assert html.count("<abbr") == 2


def test_a_section_break_starts_each_text_afresh_and_is_kept():
    extension = GlossaryExtension(terms=TERMS, href="g.html", section_break="<!-- part -->")
    converter = markdown.Markdown(extensions=[extension])
    html = converter.convert("RoSH here.\n\n<!-- part -->\n\nRoSH there. RoSH again.")
    first, second = html.split("<!-- part -->")
    assert first.count('class="term"') == 1 and second.count('class="term"') == 1
    assert second.count("<abbr") == 2


def test_texts_shown_out_of_context_can_go_unmarked():
    extension = GlossaryExtension(terms=TERMS, href="g.html", link=False)
    assert markdown.Markdown(extensions=[extension]).convert("RoSH") == "<p>RoSH</p>"


def test_markup_made_once_follows_a_change_of_settings():
    """Each term's markup is kept between uses; a new href or a new list of terms is
    not served from what was kept for the old."""
    extension = GlossaryExtension(terms=TERMS, href="g.html")
    md = markdown.Markdown(extensions=[extension])
    assert 'href="g.html#rosh"' in md.convert("RoSH")
    extension.setConfig("href", "../glossary/")
    assert 'href="../glossary/#rosh"' in md.reset().convert("RoSH")
    extension.setConfig("terms", [Term("rosh", ("RoSH",), "Risk of serious harm now", "Tip")])
    html = md.reset().convert("RoSH, RoSH")
    assert html.count('<abbr title="Risk of serious harm now">RoSH</abbr>') == 2 and "term-tip\">Tip<" in html
