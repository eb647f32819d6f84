"""First step of an import: the report's text as uniform lines.

Reports come as text exports in two flavours: plain text (tab-separated table
rows, Unicode superscript footnote markers, ``**bold**``) and Markdown-like
(``#`` headings, ``---`` rules, ``<sup>7</sup>`` markers, ``<b>`` tags). Both
become :class:`Line` objects holding Markdown inline text, with footnote
markers as ``[^7]`` and footnote definitions recognised, so later steps need
not care which flavour they read. Every line keeps its number in the source,
so whatever the importer says about it can point there.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
SUPERSCRIPT_RUN = re.compile(r"[ \t\u00a0]*([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
SUP_TAG = re.compile(r"[ \t\u00a0]*<sup>\s*(\d+)\s*</sup>")
MARKER = re.compile(r"\[\^([^\]\s]+)\]")
MD_HEADING = re.compile(r"(#{1,6})\s+(.*)")
RULE = re.compile(r"[-_*\s]{3,}|[-\t ]*-{3,}[-\t ]*")
PLAIN_FOOTNOTE = re.compile(r"(\d{1,2}) ([A-Z'‘\"“*<].*)")


@dataclass
class Line:
    """One line of the report, as Markdown inline text."""

    number: int  # 1-based line in the source file
    text: str
    level: int = 0  # the heading level the source marks it with (Markdown-like exports); 0 if none
    footnote: str | None = None  # label, when the line defines a footnote

    @property
    def heading(self) -> bool:
        return self.level > 0

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def detect_flavour(text: str) -> str:
    """'markdown' for exports with <sup>/# headings, else 'plain'."""
    if "<sup>" in text or re.search(r"^#{1,3} \S", text, re.MULTILINE):
        return "markdown"
    return "plain"


def read_lines(text: str) -> list[Line]:
    """Normalise either flavour into lines of Markdown inline text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    flavour = detect_flavour(text)
    lines = [_normalise(raw, number, flavour)
             for number, raw in enumerate(text.split("\n"), start=1)]
    _find_plain_footnotes(lines)
    _make_labels_unique(lines)
    return lines


def display_label(label: str) -> str:
    """A footnote's number as the report prints it: '1-2' (the second footnote 1) is 1."""
    return label.split("-")[0]


def _normalise(raw: str, number: int, flavour: str) -> Line:
    text = raw.replace("\u00a0", " ").rstrip(" ")  # a trailing tab still ends a table cell
    level = 0
    if flavour == "markdown":
        if RULE.fullmatch(text) and "-" in text:
            return Line(number, "")
        match = MD_HEADING.fullmatch(text)
        if match:
            level, text = len(match.group(1)), match.group(2)
    text = re.sub(r"</?ul[^>]*>", "", text)
    text = re.sub(r"<b>(.*?)</b>", r"**\1**", text)
    text = re.sub(r"<i>\s*(.*?)\s*</i>", r"*\1*", text)
    text = SUP_TAG.sub(lambda m: f"[^{m.group(1)}]", text)
    text = SUPERSCRIPT_RUN.sub(lambda m: f"[^{m.group(1).translate(SUPERSCRIPT_DIGITS)}]", text)
    text = text.replace("****", "")
    if level:
        text = _strip_bold(text)
    footnote = None
    match = re.match(r"\[\^(\d+)\]\s*(.*)", text.strip())
    if match and not level:
        footnote, text = match.group(1), match.group(2)
    return Line(number, text.strip() if footnote or level else text.rstrip(" "), level, footnote)


def _strip_bold(text: str) -> str:
    text = text.strip()
    while text.startswith("**") and text.endswith("**") and len(text) > 4:
        text = text[2:-2].strip()
    return text


def _find_plain_footnotes(lines: list[Line]) -> None:
    """Older exports print footnotes as '8 Target Operating Model...' with no superscript.

    Such a line is a footnote only if its number was cited and not yet defined,
    which keeps list items and addresses from being taken for footnotes.
    """
    cited: set[str] = set()
    defined: set[str] = set()
    for line in lines:
        if line.footnote:
            defined.add(line.footnote)
            continue
        match = PLAIN_FOOTNOTE.fullmatch(line.text)
        if match and match.group(1) in cited - defined and not line.heading:
            line.footnote, line.text = match.group(1), match.group(2)
            defined.add(line.footnote)
            continue
        cited.update(MARKER.findall(line.text))


def _make_labels_unique(lines: list[Line]) -> None:
    """A report may print two different footnotes with the same number.

    Each definition takes the citations made since the previous definition of
    that number (a footnote sits below its marker on the page); a repeated
    number gets the label '<n>-<k>', which still displays as n.
    """
    seen: dict[str, int] = defaultdict(int)
    pending: dict[str, list[Line]] = defaultdict(list)
    for line in lines:
        for label in set(MARKER.findall(line.text)):
            pending[label].append(line)
        if line.footnote:
            label = line.footnote
            seen[label] += 1
            if seen[label] > 1:
                new = f"{label}-{seen[label]}"
                line.footnote = new
                for citing in pending[label]:
                    citing.text = citing.text.replace(f"[^{label}]", f"[^{new}]")
            pending[label] = []
