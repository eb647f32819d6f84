"""Putting a build's files in place: through a staging folder, only changed bytes.

Files are written into ``.<out>.staging`` beside the output folder as they
are rendered (by this process or by workers) and moved into place only
when the whole build has succeeded, so a failed build leaves the previous
site exactly as it was. A file whose bytes equal what is already published
is not written at all, so unchanged files keep their times and a deploy
uploads only what changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

#: Made by the search indexer after the pages are written; not ours to remove.
KEEP = ("pagefind",)


@dataclass(frozen=True)
class Record:
    """What is published at one path: the inputs' fingerprint, and the bytes' size and digest."""

    key: str
    size: int
    digest: str


def staging_folder(out: Path) -> Path:
    return out.parent / f".{out.name}.staging"


def stage(out: Path, path: str, data: bytes, key: str, previous: Record | None) -> tuple[Record, bool]:
    """Record ``data`` for ``path``; write it to staging unless the published file has it already."""
    digest = hashlib.sha256(data).hexdigest()
    record = Record(key, len(data), digest)
    if _published(out / path, record, previous):
        return record, False
    target = staging_folder(out) / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return record, True


def _published(path: Path, record: Record, previous: Record | None) -> bool:
    """Whether ``path`` holds these bytes already: by the last build's record, else by reading it."""
    try:
        if path.stat().st_size != record.size:
            return False
        if previous is not None:
            return previous.digest == record.digest
        return hashlib.sha256(path.read_bytes()).hexdigest() == record.digest
    except OSError:
        return False


def publish(out: Path, records: dict[str, Record]) -> tuple[int, int, list[str]]:
    """Move the staged files into ``out``; remove what is no longer built. (written, removed, paths)"""
    staging = staging_folder(out)
    if staging.is_dir() and not out.is_symlink() and (not out.exists() or _empty_folder(out)):
        # Nothing published yet (a first build): the staging folder becomes the site.
        if out.exists():
            out.rmdir()
        os.replace(staging, out)
        written = sorted(_files_under(out))
        return len(written), 0, written
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if staging.is_dir():
        made = {out}
        for relative in sorted(_files_under(staging)):
            target = out / relative
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            os.replace(staging / relative, target)  # atomic: readers never see a half-written file
            written.append(relative)
        shutil.rmtree(staging)
    removed, folders = 0, []
    for directory, subfolders, names in os.walk(out):
        prefix = os.path.relpath(directory, out).replace(os.sep, "/")
        if prefix == ".":
            subfolders[:] = [name for name in subfolders if name not in KEEP]
        else:
            folders.append(directory)
        for name in names:
            if (name if prefix == "." else f"{prefix}/{name}") not in records:
                os.unlink(os.path.join(directory, name))
                removed += 1
    for directory in reversed(folders):  # the deepest first: a folder left empty goes too
        try:
            os.rmdir(directory)
        except OSError:  # not empty
            pass
    return len(written), removed, written


def _empty_folder(path: Path) -> bool:
    try:
        with os.scandir(path) as entries:
            return next(entries, None) is None
    except NotADirectoryError:
        return False


def _files_under(folder: Path) -> list[str]:
    """Paths of the files below ``folder``, relative to it, with '/' between parts."""
    found = []
    for directory, _, names in os.walk(folder):
        prefix = os.path.relpath(directory, folder).replace(os.sep, "/")
        found += (name if prefix == "." else f"{prefix}/{name}" for name in names)
    return found


def discard(out: Path) -> None:
    """Forget a failed build's staged files."""
    shutil.rmtree(staging_folder(out), ignore_errors=True)


def write_now(out: Path, path: str, data: bytes) -> None:
    """Put one file in place at once (serve: an edited report, before the rest is built)."""
    target = out / path
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)
