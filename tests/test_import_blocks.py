"""importer/blocks.py: lines into blocks, with sentences cut by page breaks joined again
and headings beside icons told from tables."""

from __future__ import annotations

from reportsite.importer.blocks import make_blocks
from reportsite.importer.lines import read_lines

LONG = "Learning events for issues identified locally, such as stalking, are developed in"


def blocks_of(text: str) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in make_blocks(read_lines(text))]


def test_each_kind_of_block():
    text = ("A paragraph\nwrapped.\n\n- one\n- two\n\n1. first\n2. second\n\na\tb\nc\td\n\n"
            "¹ A footnote.\n")
    assert blocks_of(text) == [("text", "A paragraph wrapped."), ("bullet", "one two"),
                               ("number", "1. first 2. second"), ("row", "a\tb c\td"),
                               ("footnote", "A footnote.")]


def test_a_paragraph_cut_by_a_page_break_is_joined_and_its_footnotes_follow():
    lines = read_lines("The figures for the\n\n¹ A note\n\nwhole year rose.¹\n\nNext.\n")
    blocks = make_blocks(lines)
    assert [b.kind for b in blocks] == ["text", "footnote", "text"]
    assert blocks[0].text == "The figures for the whole year rose.[^1]"
    assert [line.number for line in blocks[0].lines] == [1, 5]


def test_a_long_paragraph_stopping_mid_sentence_takes_the_next_whatever_its_case():
    assert blocks_of(f"{LONG} individual\n\nLDUs. Action learning sets are trialled.\n") == [
        ("text", f"{LONG} individual LDUs. Action learning sets are trialled.")]
    assert blocks_of(f"{LONG} a margin of error of\n\n¹² A note.\n\n5), and we ensured it.\n") == [
        ("text", f"{LONG} a margin of error of 5), and we ensured it."), ("footnote", "A note.")]


def test_a_sentence_cut_over_three_pages_is_joined_whole():
    assert blocks_of(f"{LONG} the\n\nwork of the\n\nteam.\n")[0] == (
        "text", f"{LONG} the work of the team.")


def test_what_follows_a_finished_paragraph_a_heading_or_a_caption_stays_apart():
    assert len(blocks_of(f"{LONG} stalking.\n\nthe next one.\n")) == 2
    assert len(blocks_of(f"{LONG} places\n\nFigure 2.3: Unemployment in London\n")) == 2
    assert len(blocks_of(f"{LONG} places\n\nLevels of reoffending\n")) == 2
    assert len(blocks_of("Levels of reoffending\n\nAs shown by Figure 2.3, it rose.\n")) == 2


def test_a_list_item_cut_by_a_page_break_is_joined():
    assert blocks_of("1. the case should be allocated to an LMC\n\nresponsible officer.\n") == [
        ("number", "1. the case should be allocated to an LMC responsible officer.")]


def test_a_heading_beside_an_icon_is_a_heading_and_a_table_stays_a_table():
    assert blocks_of("\tCase supervision\n---\t-------------\n") == [("heading", "Case supervision")]
    assert blocks_of("Risk of Reoffending\t\t\nHigh\tYellow\n")[0][0] == "row"


def test_the_blank_lines_above_a_block_are_counted():
    blocks = make_blocks(read_lines("Organogram\n\n\n\nOperating model\n\nText.\n"))
    assert [b.gap_before for b in blocks] == [1, 3, 1]
