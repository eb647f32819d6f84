"""Reading a narrative Markdown file into a :class:`Chapter`, with positions.

Only what later stages must check or place is picked out here (title,
slots, footnote marks, glossary links, images, practice examples), each with
its line and column. Turning Markdown into HTML is the renderer's job; what
would make that fail or crawl (nesting deeper than it recurses, runs of
brackets it reads again and again) is refused here, in the same pass, so
``check`` finds it too.
"""

from __future__ import annotations

import re
import zlib
from array import array
from dataclasses import replace
from pathlib import Path

from ..diagnostics import Diagnostic, Position, error, warning
from ..glossary.marks import SOURCE_LINK as GLOSSARY_LINK
from ..model.narrative import Chapter, FootnoteMark, Image, MarkdownText, PracticeExample, Slot
from .textfile import read_text

CHAPTER_FILE = re.compile(r"(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md")
SLOT_LINE = re.compile(r":::[ \t]+(\S+)((?:[ \t]+\S+)*)[ \t]*")
FENCE = re.compile(r"[ \t]{0,3}(```|~~~)")
FOOTNOTE_DEF = re.compile(r"\[\^([^\]\s]+)\]:[ \t]*(.*)")
#: A whole line that starts as a footnote definition does.
DEFINITION_LINE = re.compile(r"^\[\^[^\]\s]+\]:.*$", re.MULTILINE)
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)[ \t#]*")
PRACTICE = re.compile(r">[ \t]*\*\*(Good|Poor) practice example:?\*\*:?[ \t]*(.*)", re.IGNORECASE)
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
#: An inline image, ``![alt](file.png "title")``: its alt text, and its address (and title).
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")
#: The address in an image's parentheses: in angle brackets, or up to a space.
IMAGE_ADDRESS = re.compile(r"[ \t]*(?:<([^>]*)>?|(\S*))")
#: An image by reference, ``![alt][ref]``: not supported (the file must be named where it is shown).
IMAGE_REFERENCE = re.compile(r"!\[[^\]]*\]\[")

#: How deep lists and block quotes may nest. The reports nest at most a list in a
#: quote; Python-Markdown parses each level by recursion (a list 300 levels deep
#: exhausts Python's stack) and each level costs a pass over the lines within it.
MAX_NESTING = 10
#: What may open a line of a nested list or quote: indentation, '>', a list marker.
NESTING_START = frozenset(" \t>-*+0123456789")
#: What the opening of such a line is made of (a list marker may be '1.' or '1)').
NESTING = NESTING_START | {".", ")"}
CONTAINERS = re.compile(r"(?:[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t]))*[ \t]*")
MARKER = re.compile(r">|(?:[-*+]|\d{1,9}[.)])[ \t]")
#: A rule, '- - - -' or '* * * *': no list, however many marks it has (as Python-Markdown reads it).
RULE = re.compile(r" {0,3}(?:(?:-[ ]{0,2}){3,}|(?:_[ ]{0,2}){3,}|(?:\*[ ]{0,2}){3,})")
#: How many characters Python-Markdown's link patterns may read in one chapter (see
#: :func:`bracket_cost`): about 0.24 s of converting at worst. A '[' with no ']'
#: makes them read on to the end of its paragraph, once for each such '['; the
#: real reports' costliest chapter counts 8,430 (most paragraphs counted at their
#: upper bound, below).
MAX_BRACKET_COST = 1_000_000
BRACKETS = re.compile(r"\\.|[\[\]()]")
#: Python-Markdown rebuilds a paragraph's text for each piece of inline markup it finds,
#: so a paragraph of thousands of them costs their number times its length. A chapter
#: under this size cannot cost much (about 0.8 s at worst, measured), and is not measured:
#: the real reports' longest chapter is 46 KB.
INLINE_CHECK_FROM = 64 * 1024
#: How much inline markup times paragraph length a larger chapter may hold: about 1 s
#: of converting at worst (0.5 ns a unit, measured); the real reports' costliest
#: chapter holds some 190,000.
MAX_INLINE_COST = 2_000_000_000
#: What starts a piece of inline markup (a raw HTML tag, emphasis, code, an entity, a
#: link or footnote, an escape, a line break).
INLINE_MARK = re.compile(r"[<*_`&\[\\]| {2,}\n")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


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
    if len(text) > INLINE_CHECK_FROM:
        problems += _inline_problems(text, shown_as)
    return chapter, problems


def _scan(lines: list[str], start: int, chapter: Chapter, shown_as: str,
          problems: list[Diagnostic]) -> None:
    buffer: list[str] = []
    buffer_start = start + 1
    fence: str | None = None
    headings: list[str] = [chapter.title]
    level, last_heading = 1, "#"  # the title's; a '::: standard' slot's heading is a section's
    with_brackets: list[int] = []  # indexes of the lines with a '[' (few: measured after)
    too_deep: list[tuple[int, int]] = []  # (line, depth) of lines nested too deeply

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
        if line.startswith(":::"):
            slot = SLOT_LINE.fullmatch(line)
            if slot:
                flush(number + 1)
                chapter.segments.append(Slot(slot.group(1), tuple(slot.group(2).split()),
                                             Position(shown_as, number, 1)))
                if slot.group(1) == "standard":
                    level, last_heading = 2, f"'{line.strip()}' (a ## heading)"
                continue
            if not line.strip(":").strip():
                problems.append(warning("a ':::' line with no slot name is shown as it is",
                                        Position(shown_as, number, 1),
                                        "name the slot (e.g. '::: ratings'), or remove the line"))
        buffer.append(line)
        heading = HEADING.fullmatch(line) if line.startswith("#") else None
        if heading:
            new_level = len(heading.group(1))
            if new_level == 1:
                problems.append(error("only the chapter title may be a level-1 heading",
                                      Position(shown_as, number, 1), "use '##' for sections"))
            elif new_level > level + 1:
                problems.append(warning(
                    f"heading level skipped: {'#' * new_level} after {last_heading}",
                    Position(shown_as, number, 1),
                    f"use {'#' * (level + 1)}, as the report's outline does; readers who "
                    "move by headings miss a skipped level"))
            level, last_heading = new_level, heading.group(1)
            headings[new_level - 1:] = [heading.group(2)]
        practice = PRACTICE.match(line) if line.startswith(">") else None
        if practice:
            chapter.practice_examples.append(PracticeExample(
                practice.group(1).lower(), practice.group(2), tuple(headings),
                Position(shown_as, number, 1)))
        # Each level takes a character at least: only a line opening with more than the
        # limit's worth of them may be too deep (asked in the quickest order).
        if line and line[0] in NESTING_START and line[MAX_NESTING:MAX_NESTING + 1] in NESTING \
                and CONTAINERS.match(line).end() > MAX_NESTING:
            depth = _nesting(line)
            if depth > MAX_NESTING:
                too_deep.append((number, depth))
        if "[" in line:  # most lines: no footnote, no glossary link, no image
            with_brackets.append(index)
            _scan_marks(line, number, chapter, shown_as, problems)
    flush(len(lines) + 1)
    if too_deep:
        number, depth = too_deep[0]
        others = len(too_deep) - 1
        more = f" (and {others:,} more line{'s' if others > 1 else ''})" if others else ""
        problems.append(error(f"lists or quotes nested {depth:,} levels deep{more}; the limit is "
                              f"{MAX_NESTING}", Position(shown_as, number, 1),
                              "a report nests a list in a quote at most; check the indentation "
                              "and the '>' at the start of the line"))
    if with_brackets:
        problems += _bracket_problems(lines, with_brackets, shown_as)


def _nesting(line: str) -> int:
    """How many lists and quotes a line is inside, at most (indentation counts a level
    for every four columns, as Python-Markdown reads it)."""
    if RULE.fullmatch(line):
        return 0
    prefix = CONTAINERS.match(line).group()
    indent = len(prefix) - len(prefix.lstrip(" \t"))
    return len(prefix[:indent].expandtabs(4)) // 4 + len(MARKER.findall(prefix, indent))


def _bracket_problems(lines: list[str], with_brackets: list[int], shown_as: str) -> list[Diagnostic]:
    """Whether the paragraphs with brackets (each from its first line with a '[' to the
    blank line after it) cost too much to convert, all together. Each is first counted
    at an upper bound (its number of '[' times its length, twice); only if those add up
    to too much is each measured closely."""
    paragraphs: list[tuple[int, str]] = []  # (first line's index, text)
    upper, end = 0, -1
    for start in with_brackets:
        if start < end:
            continue  # in the paragraph measured last
        end = start + 1
        while end < len(lines) and lines[end].strip() and not lines[end].startswith(":::"):
            end += 1
        text = "\n".join(lines[start:end]) if end > start + 1 else lines[start]
        paragraphs.append((start, text))
        upper += text.count("[") * len(text) * 2
    if upper <= MAX_BRACKET_COST:
        return []
    measured = [(*bracket_cost(text), start) for start, text in paragraphs]
    if sum(cost for cost, _, _ in measured) <= MAX_BRACKET_COST:
        return []
    _, unclosed, index = max(measured)
    what = f"{unclosed:,} '[' with no ']' to close them" if unclosed else "brackets nested too deeply"
    return [error(f"too many brackets to convert in good time: {what} in the paragraph starting "
                  "here", Position(shown_as, index + 1, 1),
                  "close each '[' with ']', or write a bracket that is only text as '\\['")]


def _inline_problems(text: str, shown_as: str) -> list[Diagnostic]:
    """Whether a large chapter's paragraphs hold too much inline markup to convert in
    good time, all together (see INLINE_CHECK_FROM)."""
    total, costliest = 0, (0, 0, 0, 0)  # (cost, offset, marks, length)
    start = 0
    for end, after in [m.span() for m in PARAGRAPH_BREAK.finditer(text)] + [(len(text), 0)]:
        marks = len(INLINE_MARK.findall(text, start, end))
        cost = marks * (end - start)
        total += cost
        costliest = max(costliest, (cost, start, marks, end - start))
        start = after
    if total <= MAX_INLINE_COST:
        return []
    _, offset, marks, length = costliest
    offset += length - len(text[offset:offset + length].lstrip())  # its first line written
    line = text.count("\n", 0, offset) + 1
    return [error(f"too much inline markup to convert in good time: {marks:,} pieces of markup "
                  f"('<', '*', '_', '`', '&', '[', '\\', line breaks) in a paragraph of "
                  f"{length:,} characters, starting here", Position(shown_as, line, 1),
                  "split it into shorter paragraphs, or remove the markup it does not need")]


def bracket_cost(text: str) -> tuple[int, int]:
    """How many characters Python-Markdown's link patterns read in one paragraph, and
    how many '[' are never closed.

    Each '[' makes them read on to its ']' (to the end when there is none: a known
    quadratic case of Python-Markdown), and a '](' on to its ')'. Escaped brackets
    are text. Measured on the worst shapes, a unit costs up to 0.23 microseconds.
    """
    opened: list[int] = []
    parens: list[int] = []
    closed: dict[int, int] = {}
    paren_closed: dict[int, int] = {}
    for match in BRACKETS.finditer(text):
        mark, at = match.group(), match.start()
        if mark == "[":
            opened.append(at)
        elif mark == "]":
            if opened:
                closed[opened.pop()] = at
        elif mark == "(":
            parens.append(at)
        elif mark == ")" and parens:
            paren_closed[parens.pop()] = at
    end = len(text)
    cost = sum(end - at for at in opened)
    for at, close in closed.items():
        cost += close - at
        if text.startswith("(", close + 1):
            cost += paren_closed.get(close + 1, end) - close
    return cost, len(opened)


def _scan_marks(line: str, number: int, chapter: Chapter, shown_as: str,
                problems: list[Diagnostic] | None = None) -> None:
    """Footnote marks and glossary links in a line; and images, where ``problems`` are
    collected (not when a chapter is read again to render it)."""
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
    if problems is not None and "![" in visible:
        for image in IMAGE.finditer(visible):
            address = IMAGE_ADDRESS.match(image.group(2))
            chapter.images.append(Image(address.group(1) or address.group(2) or "",
                                        image.group(1).strip(),
                                        Position(shown_as, number, image.start() + 1)))
        for reference in IMAGE_REFERENCE.finditer(visible):
            problems.append(error("an image must name its file where it is shown",
                                  Position(shown_as, number, reference.start() + 1),
                                  "write it as ![what it shows](file.png)"))
