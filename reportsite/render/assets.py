"""Static assets with content-hashed names, so hosts can cache them forever."""

from __future__ import annotations

import hashlib
from pathlib import Path


def hashed_assets(folder: Path) -> tuple[dict[str, str], dict[str, bytes]]:
    """(plain name -> output path, output path -> bytes) for every file in ``folder``."""
    names: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:10]
        relative = path.relative_to(folder).as_posix()
        stem, dot, suffix = relative.rpartition(".")
        output = f"assets/{stem}.{digest}.{suffix}" if dot else f"assets/{relative}.{digest}"
        names[relative] = output
        files[output] = data
    return names, files
