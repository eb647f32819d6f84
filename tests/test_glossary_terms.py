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
