"""Reading a narrative Markdown file into a :class:`Chapter`, with positions.

Only what later stages must check or place is picked out here (title,
slots, footnote marks, glossary links, practice examples), each with its line
and column. Turning Markdown into HTML is the renderer's job.
"""

from __future__ import annotations

import re
import zlib
from array import array
from dataclasses import replace
from pathlib import Path

from ..diagnostics import Diagnostic, Position, error
from ..model.narrative import Chapter, FootnoteMark, MarkdownText, PracticeExample, Slot
from .textfile import read_text

CHAPTER_FILE = re.compile(r"(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md")
SLOT_LINE = re.compile(r":::[ \t]+(\S+)((?:[ \t]+\S+)*)[ \t]*")
FENCE = re.compile(r"[ \t]{0,3}(```|~~~)")
FOOTNOTE_DEF = re.compile(r"\[\^([^\]\s]+)\]:[ \t]*(.*)")
#: A whole line that starts as a footnote definition does.
DEFINITION_LINE = re.compile(r"^\[\^[^\]\s]+\]:.*$", re.MULTILINE)
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
GLOSSARY_LINK = re.compile(r"\]\(glossary:([^)\s]*)\)")
HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)[ \t#]*")
PRACTICE = re.compile(r">[ \t]*\*\*(Good|Poor) practice example:?\*\*:?[ \t]*(.*)", re.IGNORECASE)
CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def load_chapter(path: Path, shown_as: str, data: bytes | None = None
                 ) -> tuple[Chapter | None, list[Diagnostic]]:
    text, problems = read_text(path, shown_as, data=data)
    if text is None:
        return None, problems
    return parse_chapter(text, path.name, shown_as)


def refill_chapter(path: Path, thin: Chapter) -> Chapter | None:
    """A thinned chapter with what rendering needs again: its Markdown, cut where it
    was cut when checked, and its footnote definitions. Reading the lines again
    is much quicker than scanning each one; a file changed since it was checked
    (saved while a build runs), or with fenced code, is read afresh."""
    text, _ = read_text(path, thin.file)
    if text is None or zlib.crc32(text.encode("utf-8")) != thin.checksum or \
            "```" in text or "~~~" in text:
        return load_chapter(path, thin.file)[0]
    lines = text.split("\n")
    segments: list[MarkdownText | Slot] = []
    for first, last in zip(thin.cuts[::2], thin.cuts[1::2]):
        if last:
            segments.append(MarkdownText("\n".join(lines[first - 1:last]).rstrip("\n") + "\n",
                                         first, last))
        else:
            slot = SLOT_LINE.fullmatch(lines[first - 1])
            segments.append(Slot(slot.group(1), tuple(slot.group(2).split()),
                                 Position(thin.file, first, 1)))
    marks = Chapter(thin.file, thin.slug, thin.title, [])  # what the definition lines hold
    for match in DEFINITION_LINE.finditer(text):
        _scan_marks(match.group(0), text.count("\n", 0, match.start()) + 1, marks, thin.file)
    return replace(thin, segments=segments, footnote_defs=marks.footnote_defs, cuts=array("I"))


def parse_chapter(text: str, file_name: str, shown_as: str) -> tuple[Chapter | None, list[Diagnostic]]:
    """Split a chapter into Markdown runs and slots, noting every mark on the way."""
    name = CHAPTER_FILE.fullmatch(file_name)
    if not name:
        return None, [error(f"narrative file name {file_name!r} is not 'NN-slug.md'",
                            Position(shown_as), "name it like '03-recommendations.md'; "
                            "the number sets the reading order")]
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None, [error("chapter file is empty", Position(shown_as, 1, 1),
                            "start it with the chapter heading, e.g. '# Foreword'")]
    title = HEADING.fullmatch(lines[first])
    if not title or len(title.group(1)) != 1:
        return None, [error("a chapter must start with its title as a level-1 heading",
                            Position(shown_as, first + 1, 1), "e.g. '# Foreword'")]
    chapter = Chapter(file=file_name, slug=name.group(2), title=title.group(2).strip(), segments=[],
                      checksum=zlib.crc32(text.encode("utf-8")))
    problems: list[Diagnostic] = []
    _scan(lines, first + 1, chapter, shown_as, problems)
    return chapter, problems


def _scan(lines: list[str], start: int, chapter: Chapter, shown_as: str,
          problems: list[Diagnostic]) -> None:
    buffer: list[str] = []
    buffer_start = start + 1
    fence: str | None = None
    headings: list[str] = [chapter.title]

    def flush(next_line: int) -> None:
        nonlocal buffer, buffer_start
        if any(line.strip() for line in buffer):
            leading = next(i for i, line in enumerate(buffer) if line.strip())
            text = "\n".join(buffer[leading:]).rstrip("\n") + "\n"
            chapter.segments.append(MarkdownText(text, buffer_start + leading,
                                                 buffer_start + len(buffer) - 1))
        buffer = []
        buffer_start = next_line

    for index in range(start, len(lines)):
        line = lines[index]
        number = index + 1
        fence_match = FENCE.match(line) if "`" in line or "~" in line else None
        if fence_match:
            fence = None if fence == fence_match.group(1) else (fence or fence_match.group(1))
        if fence:
            buffer.append(line)
            continue
        slot = SLOT_LINE.fullmatch(line) if line.startswith(":::") else None
        if slot:
            flush(number + 1)
            chapter.segments.append(Slot(slot.group(1), tuple(slot.group(2).split()),
                                         Position(shown_as, number, 1)))
            continue
        buffer.append(line)
        heading = HEADING.fullmatch(line) if line.startswith("#") else None
        if heading:
            level = len(heading.group(1))
            if level == 1:
                problems.append(error("only the chapter title may be a level-1 heading",
                                      Position(shown_as, number, 1), "use '##' for sections"))
            headings[level - 1:] = [heading.group(2)]
        practice = PRACTICE.match(line) if line.startswith(">") else None
        if practice:
            chapter.practice_examples.append(PracticeExample(
                practice.group(1).lower(), practice.group(2), tuple(headings),
                Position(shown_as, number, 1)))
        _scan_marks(line, number, chapter, shown_as)
    flush(len(lines) + 1)


def _scan_marks(line: str, number: int, chapter: Chapter, shown_as: str) -> None:
    if "[" not in line:
        return  # most lines: no footnote, no glossary link
    visible = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line) if "`" in line else line
    definition = FOOTNOTE_DEF.match(visible)
    if definition:
        chapter.footnote_defs.append(FootnoteMark(
            definition.group(1), Position(shown_as, number, 1), definition.group(2)))
        visible = " " * definition.end(1) + visible[definition.end(1):]
    for ref in FOOTNOTE_REF.finditer(visible):
        chapter.footnote_refs.append(FootnoteMark(ref.group(1), Position(shown_as, number,
                                                                         ref.start() + 1)))
    for link in GLOSSARY_LINK.finditer(visible):
        chapter.glossary_links.append(FootnoteMark(link.group(1), Position(shown_as, number,
                                                                           link.start(1) + 1)))
