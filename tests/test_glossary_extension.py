"""The glossary's Markdown extension: every use of a term, and every explicit link, marked."""

import markdown

from reportsite.glossary.extension import GlossaryExtension
from reportsite.glossary.terms import Term, Wording

TERMS = [Term("rosh", ("RoSH",), Wording("Risk of serious harm", "Risk of serious harm")),
         Term("through-the-gate", ("Through the Gate",), Wording(None, "Resettlement services.")),
         Term("resolve", ("Resolve",), Wording(None, "A programme."))]


def convert(text, **config):
    return markdown.Markdown(extensions=[GlossaryExtension(terms=TERMS, **config)]).convert(text)


def test_every_use_is_marked_with_its_term_and_the_text_shown():
    html = convert("RoSH and RoSHs.\n\n## Next\n\nWork through the gate.")
    assert html == ('<p><x-term s="rosh">RoSH</x-term> and <x-term s="rosh">RoSHs</x-term>.</p>\n'
                    '<h2>Next</h2>\n<p>Work <x-term s="through-the-gate">through the gate</x-term>.</p>')


def test_phrases_match_any_case_single_words_only_as_written():
    html = convert("Work THROUGH THE GATE. We resolve it.")
    assert 's="through-the-gate">THROUGH THE GATE<' in html
    assert "resolve it" in html and 's="resolve"' not in html


def test_never_inside_headings_links_code_or_other_words():
    html = convert("# RoSH heading\n\n[RoSH link](x) `RoSH` RoSHes unRoSH")
    assert "x-term" not in html


def test_never_in_an_attribute_a_footnote_marker_or_after_a_letter_of_any_alphabet():
    html = convert('<div title="RoSH">éThrough the Gate</div>\n\nText<sup>RoSH</sup>')
    assert html.count("RoSH") == 2 and "x-term" not in html


def test_forms_are_matched_as_html_writes_them():
    terms = [Term("rd", ("R&D",), Wording("Research and development", "R&D"))]
    html = markdown.Markdown(extensions=[GlossaryExtension(terms=terms)]).convert(
        "Our R&D team, &amp;R&D.")
    assert html == ('<p>Our <x-term s="rd">R&amp;D</x-term> team, '
                    '&amp;<x-term s="rd">R&amp;D</x-term>.</p>')


def test_an_explicit_link_is_marked_as_one_and_terms_in_its_text_are_not():
    html = convert("[RoSH work](glossary:rosh), [words](glossary:through-the-gate) and "
                   "[unknown](glossary:nothing).")
    assert html == ('<p><x-term e s="rosh">RoSH work</x-term>, '
                    '<x-term e s="through-the-gate">words</x-term> and unknown.</p>')


def test_texts_shown_out_of_context_are_not_marked_and_their_links_lead_where_asked():
    assert convert("RoSH, [RoSH](glossary:rosh)", mark=False) == "<p>RoSH, RoSH</p>"
    assert convert("RoSH, [RoSH](glossary:rosh)", mark=False, href="#") == \
        '<p>RoSH, <a href="#rosh">RoSH</a></p>'


def test_a_new_list_of_terms_is_found_from_then_on():
    extension = GlossaryExtension(terms=TERMS)
    md = markdown.Markdown(extensions=[extension])
    assert "x-term" in md.convert("RoSH")
    extension.setConfig("terms", [Term("ogrs", ("OGRS",), Wording("Score", "Score"))])
    assert md.reset().convert("RoSH, OGRS, [it](glossary:rosh)") == \
        '<p>RoSH, <x-term s="ogrs">OGRS</x-term>, it</p>'
