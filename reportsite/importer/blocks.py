"""Third step: lines into blocks (paragraphs, lists, table rows, footnotes).

Also mends what the PDF export broke: a paragraph cut by a page break (its
first half ends mid-sentence, the footnotes of that page come between, the
second half starts in lower case) is joined again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import MARKER, Line

BULLET = re.compile(r"[-•]\s+(.*)")
NUMBERED = re.compile(r"(\d+)\.\s+(?!\d)(\S.*)")
TERMINAL = tuple(".!?:;)\"”’'")


@dataclass
class Block:
    """Consecutive lines of one kind: text, bullet, number, row, footnote or heading."""

    kind: str
    lines: list[Line] = field(default_factory=list)
    items: list[str] = field(default_factory=list)

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
    gap = True
    for line in lines:
        if line.blank:
            gap = True
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
        blocks.append(Block(kind, [line], [_item(kind, text)]))
        gap = False
    return mend_page_breaks(blocks)


def _item(kind: str, text: str) -> str:
    if kind == "bullet":
        return BULLET.fullmatch(text).group(1).strip()
    return text


def ends_mid_sentence(text: str) -> bool:
    bare = MARKER.sub("", text).rstrip().rstrip("*").rstrip()
    return bool(bare) and not bare.endswith(TERMINAL)


def starts_lower(text: str) -> bool:
    bare = text.lstrip("*_ ")
    return bool(bare) and (bare[0].islower() or bare[0] in "(,;")


def mend_page_breaks(blocks: list[Block]) -> list[Block]:
    """Join text split across a page break, moving that page's footnotes after it."""
    result: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        result.append(block)
        index += 1
        if block.kind not in ("text", "bullet") or not ends_mid_sentence(block.items[-1]):
            continue
        probe = index
        while probe < len(blocks) and blocks[probe].kind == "footnote":
            probe += 1
        if probe < len(blocks) and blocks[probe].kind == "text" and starts_lower(blocks[probe].items[0]):
            tail = blocks[probe]
            if block.kind == "text" and len(block.items) == 1 and len(tail.items) > 1:
                block.items[0] += " " + tail.items[0]
                block.items += tail.items[1:]
            else:
                block.items[-1] += " " + " ".join(tail.items)
            block.lines += tail.lines
            result.extend(blocks[index:probe])  # the footnotes that came between
            index = probe + 1
    return result
