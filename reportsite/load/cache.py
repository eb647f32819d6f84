"""Parsed files kept while their bytes are unchanged.

A long-running `serve` (and, through the disk cache, the next `build`) reads
only the files that changed since the last build; the rest come from here.
Each file's digest is recorded too: it is what fingerprints are made of.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Callable

from .textfile import MAX_SITE_FILE_BYTES, read_bytes


class FileCache:
    def __init__(self, keep: bool = True) -> None:
        #: False for a one-off build of a large site: record digests, but let parsed
        #: values go once used, so memory does not grow with the whole content.
        self.keep = keep
        self._entries: dict[Path, tuple[tuple[int, int, int], str, Any]] = {}
        #: Digest of every file read through the cache in the current load, by its path as
        #: text (a Path object costs ten times the memory, and a large site has 140,000).
        self.digests: dict[str, str] = {}
        #: Files kept parsed even when ``keep`` is False, and across runs (the engine
        #: saves them): the large site-wide files, costly to parse, needed by every build.
        self.lasting: dict[Path, tuple[tuple[int, int, int], str, Any]] = {}
        self.lasting_changed = False

    def start(self) -> None:
        """Begin a new load: forget which files were seen, keep what was parsed."""
        self.digests = {}

    def load(self, path: Path, parse: Callable[[bytes | None], Any], *, lasting: bool = False,
             remember: bool = False) -> Any:
        """``parse(the file's bytes)``, or what it gave before if the file is unchanged.

        The file is read once, here, and its bytes handed on. Given None (a link, a
        pipe, a file too large or unreadable), the parser reads it itself and says why.
        ``remember``: keep what it gave even when the cache does not ``keep`` values.
        """
        try:
            status = path.lstat()
        except OSError:
            return parse(None)
        stamp = (status.st_mtime_ns, status.st_size, status.st_ino)
        entries = self.lasting if lasting else self._entries
        entry = entries.get(path)
        if entry and entry[0] == stamp:
            self.digests[str(path)] = entry[1]
            return entry[2]
        data = read_bytes(path, str(path), MAX_SITE_FILE_BYTES)[0]  # refuses links and pipes
        if data is None:
            return parse(None)
        digest = hashlib.sha256(data).hexdigest()
        value = parse(data)
        if lasting:
            self.lasting[path] = (stamp, digest, value)
            self.lasting_changed = True
        elif self.keep or remember:
            self._entries[path] = (stamp, digest, value)
        self.digests[str(path)] = digest
        return value

    def digest(self, path: Path) -> str:
        """The digest of a file that is not parsed (a source, a static asset). Kept even
        by a one-off build: a worker asks for a report's source once per inspection
        that names it, and its record of digests starts empty for each folder."""
        if str(path) not in self.digests:
            self.load(path, lambda data: None, remember=True)
        return self.digests.get(str(path), "")

    def forget_missing(self) -> None:
        """Drop files that were not seen in the last load (deleted or renamed)."""
        for path in [p for p in self._entries if str(p) not in self.digests]:
            del self._entries[path]
        for path in [p for p in self.lasting if str(p) not in self.digests]:
            del self.lasting[path]
            self.lasting_changed = True

