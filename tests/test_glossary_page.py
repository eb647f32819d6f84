"""A report page's glossary terms: the first use a link described by its definition, once."""

import copy

from reportsite.cli import TEMPLATES
from reportsite.engine import Engine
from reportsite.glossary.marks import mark
from reportsite.glossary.page import PageTerms, TermMarkup
from reportsite.glossary.terms import Term, TermFinder, Wording
from reportsite.render.site import template_environment
from tests.sites import CHAPTERS, GLOSSARY, inspection, write_site

SITE_WORDING = Wording("Risk of Serious Harm", "Risk of Serious Harm", from_site_glossary=True)
ROSH = Term("rosh", ("RoSH",), SITE_WORDING)
GATE = Term("through-the-gate", ("Through the Gate",), Wording(None, "Resettlement.", True))
MARKUP = TermMarkup(template_environment(TEMPLATES), TermFinder.of([ROSH, GATE]), "g.html")


def page(wordings=None) -> PageTerms:
    return PageTerms(MARKUP, wordings or {})


def test_the_first_use_on_the_page_links_and_later_ones_are_plain_or_abbreviations():
    terms = page()
    first = terms.resolve(f"<p>{mark('rosh', 'RoSH')} and {mark('through-the-gate', 'through the gate')}</p>")
    later = terms.resolve(f"<p>{mark('rosh', 'RoSHs')}, {mark('through-the-gate', 'Through the Gate')}</p>")
    assert first == ('<p><a class="term" href="g.html#rosh" aria-describedby="term-rosh">'
                     '<abbr title="Risk of Serious Harm">RoSH</abbr></a> and '
                     '<a class="term" href="g.html#through-the-gate" '
                     'aria-describedby="term-through-the-gate">through the gate</a></p>')
    assert later == '<p><abbr title="Risk of Serious Harm">RoSHs</abbr>, Through the Gate</p>'
    assert terms.described == {"rosh": SITE_WORDING, "through-the-gate": GATE.common}


def test_the_reports_own_wording_is_used_where_its_glossary_has_one():
    own = Wording("Risk of serious harm", "Risk of serious harm")
    terms = page({"rosh": own})
    html = terms.resolve(mark("rosh", "RoSH") + mark("rosh", "RoSH"))
    assert html.count('<abbr title="Risk of serious harm">') == 2 and "Serious" not in html
    assert terms.described == {"rosh": own}


def test_an_explicit_link_always_links_and_abbreviates_only_the_term_itself():
    terms = page()
    html = terms.resolve(mark("rosh", "RoSH") + " " + mark("rosh", "risk of <em>harm</em>", explicit=True)
                         + " " + mark("rosh", "RoSH", explicit=True))
    assert html.count('<a class="term"') == 3
    assert '"term-rosh">risk of <em>harm</em></a>' in html and html.count("<abbr") == 2


def test_a_reports_glossary_never_links_a_term_from_its_own_definition():
    terms = page()
    defined = terms.resolve(f"{mark('rosh', 'RoSH')} {mark('through-the-gate', 'Through the Gate')}", defining="rosh")
    assert defined.startswith('<abbr title="Risk of Serious Harm">RoSH</abbr> <a class="term"')
    assert list(terms.described) == ["through-the-gate"]


def test_the_definitions_block_gives_each_linked_term_once_and_says_whose_wording_it_is():
    terms = page({"through-the-gate": Wording(None, "Resettlement.")})
    terms.resolve(mark("rosh", "RoSH") + mark("through-the-gate", "Through the Gate") + mark("rosh", "RoSH"))
    block = str(MARKUP.macros.definitions(list(terms.described.items())))
    assert block.count('<p id="term-') == 2
    assert ('<p id="term-rosh">Risk of Serious Harm (from this site\'s glossary: the report\'s own '
            'does not define it)</p>') in block
    assert '<p id="term-through-the-gate">Resettlement.</p>' in block
    assert block.startswith('<div class="term-definitions" hidden data-site')
    assert str(MARKUP.macros.definitions([])) == ""


def test_each_kind_of_markup_is_made_once():
    markup = TermMarkup(template_environment(TEMPLATES), TermFinder.of([ROSH]), "g.html")
    for _ in range(3):
        PageTerms(markup, {}).resolve(mark("rosh", "RoSH") + mark("rosh", "RoSH"))
    assert list(markup.made) == [("link", "rosh", "RoSH", "Risk of Serious Harm"),
                                 ("abbr", "RoSH", "Risk of Serious Harm")]


def test_an_abbreviation_within_a_phrase_is_expanded_there_too():
    crc = Term("crc", ("CRC",), Wording("Community Rehabilitation Company", "Community Rehabilitation Company"))
    host = Term("host-crc", ("Host CRC",), Wording(None, "A CRC that hosts."))
    markup = TermMarkup(template_environment(TEMPLATES), TermFinder.of([crc, host]), "g.html")
    html = PageTerms(markup, {}).resolve(mark("host-crc", "host CRCs") + " " + mark("host-crc", "host CRC"))
    expanded = '<abbr title="Community Rehabilitation Company">CRC'
    assert html == (f'<a class="term" href="g.html#host-crc" aria-describedby="term-host-crc">host '
                    f'{expanded}s</abbr></a> host {expanded}</abbr>')


def test_explicit_links_lead_to_the_glossary_from_chapters_facts_and_definitions(tmp_path):
    """[text](glossary:slug), written in a chapter, in inspection.yaml or in a definition, is
    a link to the entry on the report's page (described by the definition, given once) and
    on the glossary page; no 'glossary:' address is left anywhere."""
    chapters = dict(CHAPTERS)
    chapters["03-case-supervision.md"] += "\nSee [the risk of harm](glossary:rosh), then RoSH.\n"
    facts = inspection(domains={"1": {"strengths": ["Its [RoSH](glossary:rosh) work is good."],
                                      "areas_for_improvement": ["Caseloads are high."]}})
    glossary = copy.deepcopy(GLOSSARY)
    glossary["terms"][0]["definitions"][0]["text"] = "A provider; see [RoSH](glossary:rosh)."
    content = write_site(tmp_path, inspection=facts, chapters=chapters, glossary=glossary)
    result = Engine(content, tmp_path / "site", TEMPLATES).build()
    assert result.ok, result.problems  # every link resolves
    report = (tmp_path / "site/inspections/testshire-crc-2019/index.html").read_text()
    link = '<a class="term" href="../../glossary/index.html#rosh" aria-describedby="term-rosh">'
    assert f'{link}<abbr title="Risk of serious harm">RoSH</abbr></a> work is good.' in report
    assert f"See {link}the risk of harm</a>, then <abbr" in report
    assert report.count('id="term-rosh"') == 1
    glossary_page = (tmp_path / "site/glossary/index.html").read_text()
    assert 'A provider; see <a href="#rosh">RoSH</a>.' in glossary_page
    assert not [p for p in (tmp_path / "site").rglob("*.html") if "glossary:" in p.read_text()]
