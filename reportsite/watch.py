"""Noticing edits to content and templates, at once and without polling, where possible.

On Linux the kernel tells us (inotify, through ctypes: no dependency); a
save is seen within milliseconds however large the site. Elsewhere, or if
inotify is unavailable, file stamps are polled, often on a small site and
less often on a large one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import struct
import threading
import time
from pathlib import Path
from typing import Callable

IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE = 0x2, 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_DELETE_SELF, IN_MOVE_SELF, IN_ISDIR, IN_NONBLOCK = 0x400, 0x800, 0x40000000, 0o4000
EVENTS = (IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE |
          IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF)
HEADER = struct.Struct("iIII")
SETTLE = 0.02  # an editor's save is several events: wait this long for the last one


class Watcher(threading.Thread):
    """Calls ``on_change`` (from this thread) after files under ``folders`` change."""

    def __init__(self, folders: list[Path], on_change: Callable[[], None]):
        super().__init__(daemon=True)
        self.folders, self.on_change = folders, on_change
        self.libc = _libc()
        self.fd = self.libc.inotify_init1(IN_NONBLOCK) if self.libc else -1
        self.watches: dict[int, str] = {}
        if self.fd >= 0:
            for folder in folders:
                self._watch_tree(str(folder))
        else:
            self.stamps = self._scan()

    @property
    def kernel(self) -> bool:
        return self.fd >= 0

    def run(self) -> None:
        (self._listen if self.kernel else self._poll)()

    # --- inotify ---------------------------------------------------------------------

    def _watch_tree(self, top: str) -> None:
        for directory, _, _ in os.walk(top):
            descriptor = self.libc.inotify_add_watch(self.fd, directory.encode(), EVENTS)
            if descriptor >= 0:
                self.watches[descriptor] = directory

    def _listen(self) -> None:
        import select

        while True:
            select.select([self.fd], [], [])
            changed = False
            while True:  # drain, then settle: one rebuild per save, however many events
                events = self._read()
                if not events:
                    time.sleep(SETTLE)
                    if not self._read(peek=True):
                        break
                    continue
                for descriptor, mask, name in events:
                    if mask & IN_ISDIR and mask & (IN_CREATE | IN_MOVED_TO):
                        self._watch_tree(os.path.join(self.watches.get(descriptor, ""), name))
                    changed = True
            if changed:
                self.on_change()

    def _read(self, peek: bool = False) -> list[tuple[int, int, str]]:
        import select

        if peek:
            return [(0, 0, "")] if select.select([self.fd], [], [], 0)[0] else []
        try:
            data = os.read(self.fd, 65536)
        except BlockingIOError:
            return []
        events, offset = [], 0
        while offset + HEADER.size <= len(data):
            descriptor, mask, _, length = HEADER.unpack_from(data, offset)
            name = data[offset + HEADER.size:offset + HEADER.size + length].rstrip(b"\0").decode(
                errors="replace")
            events.append((descriptor, mask, name))
            offset += HEADER.size + length
        return events

    # --- polling ---------------------------------------------------------------------

    def _scan(self) -> dict[str, tuple[int, int]]:
        stamps = {}
        for folder in self.folders:
            for directory, _, files in os.walk(folder):
                for name in files:
                    path = os.path.join(directory, name)
                    try:
                        stat = os.stat(path)
                    except OSError:
                        continue
                    stamps[path] = (stat.st_mtime_ns, stat.st_size)
        return stamps

    def _poll(self) -> None:
        while True:
            started = time.perf_counter()
            stamps = self._scan()
            if stamps != self.stamps:
                self.stamps = stamps
                self.on_change()
            # Often on a small site; on a big one, never spend most of the time scanning.
            time.sleep(max(0.05, 4 * (time.perf_counter() - started)))


def _libc():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.inotify_init1.argtypes = [ctypes.c_int]
        libc.inotify_add_watch.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
        return libc
    except (OSError, AttributeError):
        return None
