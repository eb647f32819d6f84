"""What the cache folder keeps: compressed, and files replaced whole.

Zstandard rather than gzip: at its fastest level it compresses a report's view
(about 230 KB of pickle) three times as fast as gzip's, and smaller; a cold
build saves one view per report, so this is on every report's path.
"""

from __future__ import annotations

import os
import pickle
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Iterator

import zstandard

SUFFIX = ".zst"
_COMPRESSOR = zstandard.ZstdCompressor(level=1)
_DECOMPRESSOR = zstandard.ZstdDecompressor()


def compress(data: bytes) -> bytes:
    return _COMPRESSOR.compress(data)


def decompress(data: bytes) -> bytes:
    """What :func:`compress` was given; raises ``zstandard.ZstdError`` if ``data`` is damaged."""
    return _DECOMPRESSOR.decompress(data)


def pack(value: Any) -> bytes:
    """``value`` pickled and compressed: as a worker hands on what it read, and as the
    record of what was read keeps it, so that saving the record only writes bytes."""
    return _COMPRESSOR.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def unpack(data: bytes) -> Any:
    """What :func:`pack` was given."""
    return pickle.loads(_DECOMPRESSOR.decompress(data))


def dump(path: Path, value: Any) -> None:
    """Pickle ``value`` at ``path`` (suffixed), streamed: the state of a build of 10,000
    inspections is tens of megabytes of pickle, better not held in memory whole."""
    with _replacing(path) as file, _COMPRESSOR.stream_writer(file, closefd=False) as stream:
        pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)


def load(path: Path) -> Any:
    """What :func:`dump` saved at ``path``; raises if it is missing or damaged."""
    with _stored(path).open("rb") as file, _DECOMPRESSOR.stream_reader(file) as stream:
        return pickle.load(stream)


def exists(path: Path) -> bool:
    return _stored(path).is_file()


def remove(path: Path) -> None:
    _stored(path).unlink(missing_ok=True)


def _stored(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


@contextmanager
def _replacing(path: Path) -> Iterator[BinaryIO]:
    """A file to write instead of ``path``'s, put in its place in one step when done,
    so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{os.getpid()}.tmp"
    with temporary.open("wb") as file:
        yield file
    os.replace(temporary, _stored(path))
