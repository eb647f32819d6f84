"""Glossary terms as the narrative writes them, and each report's wording of them."""

from reportsite.glossary.terms import Term, TermFinder, Wording, first_sentence, wording
from reportsite.model.site import Definition, GlossaryEntry

ROSH = Term("rosh", ("RoSH",), Wording("Risk of serious harm", "Risk of serious harm"))
GATE = Term("through-the-gate", ("Through the Gate", "TTG"), Wording(None, "Resettlement."))
THROUGH = Term("through", ("Through",), Wording(None, "A word."))
FINDER = TermFinder.of([ROSH, GATE, THROUGH])


def test_each_use_is_found_once_the_longest_winning_with_its_plural_s_left_out():
    html = "RoSHs <b>Through the gate</b> Through unRoSH ROSH TTG."
    uses = [(html[start:end], term.slug) for start, end, term in FINDER.find(html)]
    assert uses == [("RoSH", "rosh"), ("Through the gate", "through-the-gate"),
                    ("Through", "through"), ("TTG", "through-the-gate")]


def test_whether_a_text_names_a_term_as_it_is_written():
    assert FINDER.names("RoSHs", ROSH) and FINDER.names("through the GATE", GATE)
    assert not FINDER.names("rosh", ROSH) and not FINDER.names("risk of serious harm", ROSH)
    assert not FINDER.names("TTG", ROSH) and FINDER.slugs == {"rosh", "through-the-gate", "through"}


def test_a_tip_is_the_expansion_or_the_definitions_first_sentence_cut_at_a_word():
    entry = GlossaryEntry("OGRS", [], expansion="Offender Group Reconviction Score")
    own = Definition("Offender Group Reconviction Scale: a predictor.", ["b"],
                     expansion="Offender Group Reconviction Scale")
    assert wording(entry, own) == Wording("Offender Group Reconviction Scale",
                                          "Offender Group Reconviction Scale")
    plain = GlossaryEntry("Desistance", [])
    assert wording(plain, Definition("Stopping, e.g. crime. More.", ["a"]), True) == \
        Wording(None, "Stopping, e.g. crime.", True)
    long = first_sentence("word " * 60)
    assert long.endswith("…") and len(long) <= 160 and "  " not in long
