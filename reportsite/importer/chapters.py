"""Second step: cut the report into front matter and chapters.

The report's own contents list names its chapters; we find each title again
in the body, in order. That works for every flavour without guessing at
heading styles, and a title that cannot be found is reported, not lost. The
contents list also names each chapter's sections, which sets their heading
level. A divider page the contents list leaves out ('Appendices', listing them)
is a chapter of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import Line

CONTENTS_ENTRY = re.compile(r"(.*?)[\s.…]*\t[\s*]*\d+[\s*]*|(.*?)\.{3,}[\s*]*\d*[\s*]*")
SUBSECTION = re.compile(r"\d+\.\d+\.?\s")
NUMBERED_CHAPTER = re.compile(r"\d+\.\s+\S")
ANNEX = re.compile(r"(Annex|Appendix)\s+\d+\s*:", re.IGNORECASE)
DIVIDERS = {"appendices", "annexes"}
TOP_LEVEL_NAMES = {"foreword", "overall findings", "summary of ratings", "recommendations",
                   "background", "key facts", "contextual facts", "appendices"}


@dataclass
class ChapterLines:
    title: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Document:
    front: list[Line]
    contents: list[str]
    subsections: list[str]
    chapters: list[ChapterLines]
    missing: list[str]


def plain(text: str) -> str:
    """A title as compared: no markup, no trailing dots or colons, folded case."""
    text = re.sub(r"\[\^[^\]]+\]|\*\*|</?b>", "", text)
    text = re.sub(r"\s+", " ", text.replace("\t", " ")).strip(" .:…")
    return text.casefold()


def parse_contents(lines: list[Line]) -> tuple[int, int, list[str]]:
    """Where the contents list is (start, end line index) and its entries."""
    start = next((i for i, line in enumerate(lines)
                  if plain(line.text) == "contents"), None)
    if start is None:
        return -1, -1, []
    entries, index = [], start + 1
    while index < len(lines):
        line = lines[index]
        if line.blank:
            if entries and not _is_entry(_next_text(lines, index)):
                break
            index += 1
            continue
        match = CONTENTS_ENTRY.fullmatch(line.text.strip())
        if not match:
            break
        title = (match.group(1) or match.group(2) or "").strip()
        entries.append(re.sub(r"\*\*", "", title).strip())
        index += 1
    return start, index, entries


def _next_text(lines: list[Line], index: int) -> str:
    for line in lines[index:]:
        if not line.blank:
            return line.text
    return ""


def _is_entry(text: str) -> bool:
    return bool(CONTENTS_ENTRY.fullmatch(text.strip()))


def split_chapters(lines: list[Line]) -> Document:
    start, end, entries = parse_contents(lines)
    chapters_titles, subsections = _levels(entries)
    body_start = end if start >= 0 else 0
    positions: list[tuple[int, str]] = []
    missing: list[str] = []
    cursor = body_start
    for title in chapters_titles:
        found = _find_title(lines, cursor, title)
        if found is None:
            missing.append(title)
            continue
        positions.append((found, title))
        cursor = found + 1
    positions = sorted(positions + _dividers(lines, positions, entries))
    front = lines[:start] if start >= 0 else []
    if positions:
        front += lines[body_start:positions[0][0]] if start >= 0 else lines[:positions[0][0]]
    chapters = []
    for n, (position, title) in enumerate(positions):
        stop = positions[n + 1][0] if n + 1 < len(positions) else len(lines)
        first = lines[position]
        body = lines[position + 1:stop]
        if title.casefold() == "summary of ratings" and plain(first.text) != "summary of ratings":
            body = lines[position:stop]  # found by its first line, which is content
        if plain(first.text) == plain(title) and not first.text.startswith("Service:"):
            title = first.text.split("\t")[0]
        chapters.append(ChapterLines(_clean_title(re.sub(r"\*\*", "", title)), body))
    return Document(front, entries, subsections, chapters, missing)


def _dividers(lines: list[Line], positions: list[tuple[int, str]],
              entries: list[str]) -> list[tuple[int, str]]:
    """'Appendices' alone on a line before the first appendix, not in the contents list."""
    if not positions or any(plain(entry) in DIVIDERS for entry in entries):
        return []
    first = next((index for index, title in positions if ANNEX.match(title)), None)
    return [(index, lines[index].text.strip()) for index in range(positions[0][0], first or 0)
            if plain(lines[index].text) in DIVIDERS]


def _levels(entries: list[str]) -> tuple[list[str], list[str]]:
    """Chapters (top level) and subsections of the contents list.

    Numbered sub-entries (1.1) and, after the first numbered chapter, unnumbered
    entries other than annexes are subsections.
    """
    chapters, subsections = [], []
    numbered_seen = False
    for entry in entries:
        name = plain(entry)
        if SUBSECTION.match(entry):
            subsections.append(entry)
        elif NUMBERED_CHAPTER.match(entry):
            numbered_seen = True
            chapters.append(entry)
        elif ANNEX.match(entry) or name in ("appendices",):
            chapters.append(entry)
        elif numbered_seen and name not in TOP_LEVEL_NAMES - {"recommendations"}:
            subsections.append(entry)
        else:
            chapters.append(entry)
    return chapters, subsections


def _find_title(lines: list[Line], start: int, title: str) -> int | None:
    wanted = plain(title)
    for index in range(start, len(lines)):
        text = lines[index].text
        if plain(text) == wanted or plain(text.split("\t")[0]) == wanted:
            return index
    if wanted == "summary of ratings":
        for index in range(start, len(lines)):
            if lines[index].text.startswith("Service:"):
                return index
    return None


def _clean_title(title: str) -> str:
    return re.sub(r"\s+", " ", title.replace("\t", " ")).strip(" .")
