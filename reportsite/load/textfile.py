"""Reading content files as text, safely.

Every content file goes through :func:`read_text`, so that binary files,
wrong encodings, byte-order marks, Windows line endings and huge files are
handled in one place, with a diagnostic that says what to do.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..diagnostics import Diagnostic, Position, error

#: Larger than any real report part by two orders of magnitude; a file this
#: big is a mistake (a PDF saved under the wrong name, a runaway export).
MAX_BYTES = 4 * 1024 * 1024
#: For the site-wide files that grow with the number of inspections (the glossary
#: names the reports behind each definition: about 13 MB for 10,000 reports).
MAX_SITE_FILE_BYTES = 64 * 1024 * 1024
#: Links refused by the open itself; a pipe opened without waiting for a writer.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def read_text(path: Path, shown_as: str, limit: int = MAX_BYTES, data: bytes | None = None
              ) -> tuple[str | None, list[Diagnostic]]:
    """The file's text with LF line endings and no BOM, or None and why not.

    ``data``: the file's bytes, if they were read already (see :class:`FileCache`).
    """
    if data is None:
        data, problems = read_bytes(path, shown_as, limit)
        if data is None:
            return None, problems
    elif len(data) > limit:
        return None, [_too_large(len(data), limit, shown_as)]
    return decode(data, shown_as)


def read_bytes(path: Path, shown_as: str, limit: int) -> tuple[bytes | None, list[Diagnostic]]:
    """The file's bytes, or None and why not. A link, a folder or a pipe is refused
    without waiting on it, and a file over ``limit`` is not read."""
    # One open, one fstat and one read: this runs for every content file of every build.
    try:
        descriptor = os.open(path, OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            return None, [not_regular(shown_as)]
        return None, [error(f"cannot read file: {exc.strerror or exc}", Position(shown_as))]
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return None, [not_regular(shown_as)]
        if status.st_size > limit:
            return None, [_too_large(status.st_size, limit, shown_as)]
        # os.read, not a file object: half the system calls (no buffer, no tty check).
        data = os.read(descriptor, status.st_size + 1)  # one byte more: shows if it grew
        if len(data) > status.st_size:
            chunks = [data]
            while chunk := os.read(descriptor, 1 << 20):
                chunks.append(chunk)
            data = b"".join(chunks)
        return data, []
    except OSError as exc:
        return None, [error(f"cannot read file: {exc.strerror or exc}", Position(shown_as))]
    finally:
        os.close(descriptor)


def _too_large(size: int, limit: int, shown_as: str) -> Diagnostic:
    return error(f"file is too large ({size:,} bytes; the limit is {limit:,})",
                 Position(shown_as), "split it into smaller files")


def not_regular(shown_as: str) -> Diagnostic:
    return error("not a regular file", Position(shown_as),
                 "content must be plain files, not links, folders or pipes")


def decode(data: bytes, shown_as: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode UTF-8 bytes, pointing at the first bad byte when that fails."""
    if b"\x00" in data:
        line, column = _line_col(data, data.index(b"\x00"))
        return None, [error("file contains a NUL byte; it looks binary, not text",
                            Position(shown_as, line, column),
                            "content files must be UTF-8 text (YAML or Markdown)")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_col(data, exc.start)
        return None, [error(f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                            Position(shown_as, line, column),
                            "save the file as UTF-8 in your editor")]
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column
