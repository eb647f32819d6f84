"""importer/prose.py: blocks written as the Markdown docs/content-model.md describes."""

from __future__ import annotations

from reportsite.importer import prose
from reportsite.importer.blocks import make_blocks
from reportsite.importer.lines import read_lines


def written(text: str) -> list[str]:
    return [prose.render_block(block) for block in make_blocks(read_lines(text))]


def test_each_kind_of_block_as_markdown():
    text = "- one\n- two\n\n1. first\n2. second\n\n¹ A note.\n\nName\tRole\n--\t---\nA | B\tLead\t\n"
    assert written(text) == ["- one\n- two", "1. first\n2. second", "[^1]: A note.",
                             "| Name | Role |\n|---|---|\n| A \\| B | Lead |"]


def test_quotes_and_practice_examples_are_block_quotes():
    assert written("“I was helped,” he said.\n\nGood practice example: *Tarish was seen.\n") == [
        "> “I was helped,” he said.",
        "> **Good practice example:** \\*Tarish was seen."]
    assert prose.quoted("More of it.") == ">\n> More of it."


def test_short_lines_stay_lines_and_wrapped_prose_one_paragraph():
    assert prose.paragraph(["1st Floor", "1 Bridge Street West"]) == \
        "1st Floor\n\n1 Bridge Street West"
    long = "a sentence long enough to be wrapped prose rather than a line of a list " * 2
    assert prose.paragraph([long, "ends here."]) == long.strip() + " ends here."


def test_an_image_place_a_signature_and_a_heading():
    assert prose.image_placeholder("**Organogram**") == "TODO image: Organogram"
    assert prose.image_placeholder("") == "TODO image: (no caption)"
    assert prose.signature(["**Justin Russell**", "Chief Inspector of Probation"]) == \
        "**Justin Russell**\n\nChief Inspector of Probation"
    assert prose.heading(3, "**Unpaid work**") == "### Unpaid work"
