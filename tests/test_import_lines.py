"""importer/lines.py: both export flavours become the same lines of Markdown inline text."""

from __future__ import annotations

from reportsite.importer.lines import detect_flavour, display_label, read_lines


def test_superscript_and_sup_tag_markers_become_footnotes():
    lines = read_lines("Text.¹ More<sup>12</sup> here\n\n¹ First note\n\n<sup>12</sup> Second\n")
    assert lines[0].text == "Text.[^1] More[^12] here"
    assert [(l.footnote, l.text) for l in lines if l.footnote] == [("1", "First note"),
                                                                   ("12", "Second")]


def test_a_repeated_footnote_number_gets_its_own_label_shown_as_printed():
    lines = read_lines("A.¹\n\n¹ First\n\nB.¹\n\n¹ Second\n")
    assert [l.text for l in lines if l.text.startswith(("A", "B"))] == ["A.[^1]", "B.[^1-2]"]
    assert [l.footnote for l in lines if l.footnote] == ["1", "1-2"]
    assert [display_label(l.footnote) for l in lines if l.footnote] == ["1", "1"]


def test_an_older_exports_plain_footnote_is_one_only_once_cited():
    lines = read_lines("Figures.⁸\n\n8 Target Operating Model, 2016.\n\n9 Bridge Street\n")
    assert [(l.footnote, l.text) for l in lines if l.text] == [
        (None, "Figures.[^8]"), ("8", "Target Operating Model, 2016."), (None, "9 Bridge Street")]


def test_the_markdown_flavour_keeps_heading_levels_and_drops_rules_and_tags():
    text = ("# Title\n\n---\n\n### **Domain one: organisational delivery**\n\n"
            "<b>2.1. Assessment</b>\tGood\nA <i> quoted </i> word<sup>3</sup>  \n")
    assert detect_flavour(text) == "markdown"
    lines = read_lines(text)
    assert [(l.level, l.text) for l in lines if not l.blank] == [
        (1, "Title"), (3, "Domain one: organisational delivery"),
        (0, "**2.1. Assessment**\tGood"), (0, "A *quoted* word[^3]")]
    assert [l.number for l in lines if l.heading] == [1, 5]


def test_plain_text_keeps_a_trailing_tab_that_ends_a_table_cell():
    text = "Risk of Reoffending\t\t\t\nLow\tGreen\n\u00a0\n\ufeffdone"
    assert detect_flavour(text) == "plain"
    lines = read_lines(text.replace("\ufeff", ""))
    assert [l.text for l in lines] == ["Risk of Reoffending\t\t\t", "Low\tGreen", "", "done"]
    assert lines[2].blank


def test_windows_line_endings_and_a_byte_order_mark_change_nothing():
    assert [l.text for l in read_lines("\ufeffOne\r\nTwo\rThree")] == ["One", "Two", "Three"]
