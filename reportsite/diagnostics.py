"""Diagnostics: the one way every stage reports a problem with the content.

Each stage returns a list of :class:`Diagnostic` rather than raising on the
first problem, so an editor sees every mistake in one run. A diagnostic shows
itself as ``path:line:col: severity: message`` (the format compilers use, so
editors and terminals turn it into a link) with an optional hint below it.
"""

from __future__ import annotations

import difflib
import enum
from dataclasses import dataclass
from typing import Iterable, Sequence


class Severity(enum.IntEnum):
    """How bad a diagnostic is; only errors stop a build."""

    NOTE = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Position:
    """A place in a content file; line and column count from 1."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the content, with where it is and what to do."""

    severity: Severity
    message: str
    where: Position | None = None
    hint: str | None = None

    def format(self) -> str:
        head = f"{self.where}: " if self.where else ""
        text = f"{head}{self.severity}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def __str__(self) -> str:
        return self.format()

    @property
    def sort_key(self) -> tuple:
        where = self.where or Position("")
        return (where.path, where.line or 0, where.column or 0, -self.severity, self.message)


def error(message: str, where: Position | None = None, hint: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.ERROR, message, where, hint)


def warning(message: str, where: Position | None = None, hint: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.WARNING, message, where, hint)


def note(message: str, where: Position | None = None, hint: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.NOTE, message, where, hint)


class ContentError(Exception):
    """Raised when the content has errors; carries every diagnostic found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=lambda d: d.sort_key)
        super().__init__(format_all(self.diagnostics))


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def format_all(diagnostics: Iterable[Diagnostic]) -> str:
    return "\n".join(d.format() for d in sorted(diagnostics, key=lambda d: d.sort_key))


def summary_line(diagnostics: Sequence[Diagnostic]) -> str:
    """'2 errors, 1 warning' style count, for the last line of a run."""
    counts = {s: 0 for s in Severity}
    for d in diagnostics:
        counts[d.severity] += 1
    parts = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.NOTE):
        n = counts[severity]
        parts.append(f"{n} {severity}{'' if n == 1 else 's'}")
    return ", ".join(parts)


def did_you_mean(value: object, choices: Iterable[str]) -> str | None:
    """The closest valid choice, phrased as a hint, or None when nothing is close."""
    text = str(value)
    options = list(choices)
    folded = {c.casefold(): c for c in options}
    if text.casefold() in folded:
        return f"did you mean {folded[text.casefold()]!r}?"
    close = difflib.get_close_matches(text, options, n=1, cutoff=0.5)
    if not close:
        close_folded = difflib.get_close_matches(text.casefold(), list(folded), n=1, cutoff=0.5)
        close = [folded[c] for c in close_folded]
    return f"did you mean {close[0]!r}?" if close else None


def word_list(names: Sequence[str], last: str = "or") -> str:
    """'a', 'a or b', 'a, b or c' (or 'and'): names as a sentence lists them."""
    return f" {last} ".join(filter(None, [", ".join(names[:-1]), names[-1] if names else ""]))
