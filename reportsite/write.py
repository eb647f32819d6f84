"""Write: put the rendered site on disk, touching only files whose bytes changed.

Unchanged files keep their modification times (so hosts and rsync see no
change), files no longer produced are removed, and nothing is written at
all unless the whole site rendered and checked cleanly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class WriteResult:
    written: int
    unchanged: int
    removed: int
    paths: list[str] = field(default_factory=list)  # what was written, relative to the folder


#: Made by the search indexer after the pages are written; not ours to remove.
KEEP = ("pagefind",)


def write_outputs(outputs: dict[str, bytes], folder: Path, remove_others: bool = True) -> WriteResult:
    folder.mkdir(parents=True, exist_ok=True)
    written = unchanged = removed = 0
    paths: list[str] = []
    for relative, data in sorted(outputs.items()):
        path = folder / relative
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                unchanged += 1
                continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)  # readers never see a half-written file
        written += 1
        paths.append(relative)
    if not remove_others:
        return WriteResult(written, unchanged, removed, paths)
    wanted = {folder / relative for relative in outputs}
    kept = [folder / name for name in KEEP]
    for path in sorted(folder.rglob("*"), reverse=True):
        if any(path == k or k in path.parents for k in kept):
            continue
        if path.is_file() and path not in wanted:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return WriteResult(written, unchanged, removed, paths)
