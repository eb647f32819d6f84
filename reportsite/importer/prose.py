"""Blocks written out as Markdown, the way docs/content-model.md asks for them.

Paragraphs keep the report's wording; quotes and practice examples become
block quotes, table rows a Markdown table with a header row, footnotes
definitions. A place where the report printed an image becomes a placeholder
line that ``check`` lists with the image's caption, so an editor sees it and
nobody reads an empty heading.
"""

from __future__ import annotations

import re

from ..validate import IMAGE_PLACEHOLDER
from .blocks import Block

PRACTICE = re.compile(r"\*?(Good|Poor) practice example:\s*(.*)", re.IGNORECASE)
QUOTE_START = ("“", '"', "*“", '*"', "‘")
#: Lines shorter than this in one block are separate lines (an address, a list), not wrapped prose.
SHORT_LINE = 100


def render_block(block: Block) -> str:
    if block.kind == "footnote":
        return footnote(block.label, block.text)
    if block.kind == "bullet":
        return "\n".join(f"- {item}" for item in block.items)
    if block.kind == "number":
        return "\n".join(block.items)
    if block.kind == "row":
        return table([item.split("\t") for item in block.items])
    return paragraph(block.items)


def footnote(label: str, text: str) -> str:
    return f"[^{label}]: {text.strip()}"


def paragraph(items: list[str]) -> str:
    """One paragraph, or one per line where every line is short (a list set as lines)."""
    items = [item.strip() for item in items]
    if len(items) > 1 and all(len(item) < SHORT_LINE for item in items):
        return "\n\n".join(paragraph([item]) for item in items)
    text = " ".join(items)
    practice = PRACTICE.fullmatch(text)
    if practice:
        rest = re.sub(r"^\*(?=[A-Z])", r"\\*", practice.group(2))
        return f"> **{practice.group(1).capitalize()} practice example:** {rest}"
    if text.startswith(QUOTE_START):
        return f"> {text}"
    return text


def quoted(text: str) -> str:
    """A paragraph continuing the block quote above it."""
    return ">\n> " + text


def signature(lines: list[str]) -> str:
    """A name over a title, as signed: a line each (Python-Markdown has no backslash break)."""
    return "\n\n".join(line.strip() for line in lines)


def heading(level: int, text: str) -> str:
    bare = re.sub(r"[*]{2}", "", text).strip()
    return f"{'#' * level} {bare}"


def image_placeholder(caption: str) -> str:
    """Where the report printed an image: its caption, for the editor to act on."""
    caption = re.sub(r"[*]{2}", "", caption).strip() or "(no caption)"
    return f"{IMAGE_PLACEHOLDER} {caption}"


def table(rows: list[list[str]]) -> str:
    """A Markdown table; a row of dashes the export kept under the first row is left out."""
    rows = [[cell.strip().replace("|", "\\|") for cell in row] for row in rows]
    rows = [row for row in rows if not all(re.fullmatch(r"-*", cell) for cell in row)] or rows
    width = max(len(row) for row in rows)
    while width > 1 and all(len(row) < width or not row[width - 1] for row in rows):
        width -= 1
    rows = [(row + [""] * width)[:width] for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)
