"""Third step: lines into blocks (paragraphs, lists, table rows, footnotes, headings).

Also mends what the PDF export broke:

* a paragraph cut by a page break (its first half ends mid-sentence, the
  footnotes of that page come between) is joined again, and its footnotes
  follow it;
* a heading printed beside an icon comes out as a table row with one filled
  cell and a row of dashes under it; it is a heading again, not a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import MARKER, Line

BULLET = re.compile(r"[-•]\s+(.*)")
NUMBERED = re.compile(r"(\d+)\.\s+(?!\d)(\S.*)")
TERMINAL = tuple(".!?:;)\"”’'")
DASHES = re.compile(r"[-–—_\s]*")
#: A paragraph this long that stops without a full stop was cut, not finished.
PARAGRAPH_WORDS = 12
CAPTION = re.compile(r"(Figure|Table|Source|Chart)\b", re.IGNORECASE)


@dataclass
class Block:
    """Consecutive lines of one kind: text, bullet, number, row, footnote or heading."""

    kind: str
    lines: list[Line] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    gap_before: int = 0  # blank lines above it in the source: an image leaves several

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def text(self) -> str:
        return " ".join(self.items)

    @property
    def label(self) -> str | None:
        return self.first.footnote


def kind_of(line: Line) -> str:
    if line.footnote:
        return "footnote"
    if line.heading:
        return "heading"
    if BULLET.fullmatch(line.text.strip()):
        return "bullet"
    if "\t" in line.text:
        return "row"
    if NUMBERED.fullmatch(line.text.strip()):
        return "number"
    return "text"


def make_blocks(lines: list[Line]) -> list[Block]:
    blocks: list[Block] = []
    gap = 1
    for line in lines:
        if line.blank:
            gap += 1
            continue
        kind = kind_of(line)
        text = line.text.strip() if kind != "row" else line.text
        last = blocks[-1] if blocks else None
        if last and not gap:
            if kind == last.kind and kind in ("row", "bullet", "number"):
                last.lines.append(line)
                last.items.append(_item(kind, text))
                continue
            if kind == "text" and last.kind in ("text", "footnote", "bullet"):
                last.lines.append(line)
                if last.kind == "text":
                    last.items.append(text)
                else:
                    last.items[-1] += " " + text
                continue
        blocks.append(Block(kind, [line], [_item(kind, text)], gap))
        gap = 0
    return mend_page_breaks([_icon_heading(block) for block in blocks])


def _item(kind: str, text: str) -> str:
    if kind == "bullet":
        return BULLET.fullmatch(text).group(1).strip()
    return text


def _icon_heading(block: Block) -> Block:
    """'<tab>Case supervision' over '---<tab>------': a heading beside an icon, not a table."""
    if block.kind != "row":
        return block
    cells = [cell.strip() for item in block.items for cell in item.split("\t")]
    filled = [cell for cell in cells if not DASHES.fullmatch(cell)]
    if len(filled) != 1 or len(filled[0].split()) > 12:
        return block
    return Block("heading", block.lines, [filled[0]], block.gap_before)


def ends_mid_sentence(text: str) -> bool:
    bare = MARKER.sub("", text).rstrip().rstrip("*").rstrip()
    return bool(bare) and not bare.endswith(TERMINAL)


def starts_lower(text: str) -> bool:
    bare = text.lstrip("*_ ")
    return bool(bare) and (bare[0].islower() or bare[0] in "(,;")


def _continues(block: Block, tail: Block) -> bool:
    """Whether ``tail`` is the rest of the sentence ``block`` stops in the middle of.

    It is when it starts in lower case; or when ``block`` is a long paragraph
    (no heading stops mid-sentence after twelve words) and ``tail`` is prose
    too, not a heading or a caption.
    """
    if tail.kind != "text":
        return False
    if starts_lower(tail.items[0]):
        return True
    if block.kind != "text" or len(block.items[-1].split()) < PARAGRAPH_WORDS:
        return False
    head = tail.items[0].lstrip("*_ ")
    prose = len(tail.text.split()) >= 8 or not ends_mid_sentence(tail.text)
    return prose and not CAPTION.match(head)


def mend_page_breaks(blocks: list[Block]) -> list[Block]:
    """Join text split across page breaks, moving those pages' footnotes after it."""
    result: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        result.append(block)
        index += 1
        footnotes: list[Block] = []
        while block.kind in ("text", "bullet", "number") and ends_mid_sentence(block.items[-1]):
            probe = index
            while probe < len(blocks) and blocks[probe].kind == "footnote":
                probe += 1
            if probe == len(blocks) or not _continues(block, blocks[probe]):
                break
            tail = blocks[probe]
            if block.kind == "text" and len(block.items) == 1 and len(tail.items) > 1:
                block.items[0] += " " + tail.items[0]
                block.items += tail.items[1:]
            else:
                block.items[-1] += " " + " ".join(tail.items)
            block.lines += tail.lines
            footnotes += blocks[index:probe]
            index = probe + 1
        result.extend(footnotes)
    return result
