"""The glossary Markdown extension: abbreviations expanded, first uses linked."""

import markdown

from reportsite.extensions.glossary import GlossaryExtension, Term, Wording

TERMS = [Term("rosh", ("RoSH",), Wording("Risk of serious harm", "Risk of serious harm")),
         Term("through-the-gate", ("Through the Gate",), Wording(None, "Resettlement services.")),
         Term("resolve", ("Resolve",), Wording(None, "A programme."))]


def convert(text):
    return markdown.Markdown(extensions=[GlossaryExtension(terms=TERMS, href="g.html")]).convert(text)


def test_first_use_in_a_section_links_and_later_uses_are_abbreviations():
    html = convert("RoSH and RoSHs.\n\n## Next\n\nRoSH again.")
    assert html.count('<a class="term" href="g.html#rosh">') == 2  # once per section
    assert '<abbr title="Risk of serious harm">RoSHs</abbr>' in html
    assert '<span class="visually-hidden" data-site> (Risk of serious harm)</span>' in html
    assert '<span aria-hidden="true" class="term-tip" data-site>Risk of serious harm</span>' in html


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
    terms = [Term("rd", ("R&D",), Wording("Research and development", "Research & <development>"))]
    converter = markdown.Markdown(extensions=[GlossaryExtension(terms=terms, href="g.html")])
    html = converter.convert("Our R&D team, &amp;R&D.")
    assert ('<a class="term" href="g.html#rd"><abbr title="Research and development">R&amp;D</abbr>'
            '<span class="visually-hidden" data-site> (Research &amp; &lt;development&gt;)</span>') in html
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
    extension.setConfig("terms", [Term("rosh", ("RoSH",), Wording("Risk of serious harm now", "Tip"))])
    html = md.reset().convert("RoSH, RoSH")
    assert html.count('<abbr title="Risk of serious harm now">RoSH</abbr>') == 2
    assert 'term-tip" data-site>Tip<' in html


def test_a_report_is_shown_its_own_wording_and_else_the_site_glossarys_said_to_be_so():
    common = Wording("Offender Group Reconviction Score", "Offender Group Reconviction Score",
                     from_site_glossary=True)
    terms = [Term("ogrs", ("OGRS",), common)]
    extension = GlossaryExtension(terms=terms, href="g.html")
    md = markdown.Markdown(extensions=[extension])
    extension.setConfig("wordings", {"ogrs": Wording("Offender Group Reconviction Scale",
                                                     "Offender Group Reconviction Scale")})
    own = md.reset().convert("OGRS and OGRS")
    assert own.count('<abbr title="Offender Group Reconviction Scale">') == 2
    assert "Score" not in own and "site's glossary" not in own
    extension.setConfig("wordings", {})
    other = md.reset().convert("OGRS and OGRS")
    assert other.count('<abbr title="Offender Group Reconviction Score">') == 2
    assert ("> (Offender Group Reconviction Score; from this site's glossary: the report's own "
            "does not define it)</span>") in other
    assert ("class=\"term-tip\" data-site>Offender Group Reconviction Score (from this site's "
            "glossary: the report's own does not define it)</span>") in other
