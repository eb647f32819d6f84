"""The output folder: what a build may change there, and publishing it all at once.

A build owns only the files it made, listed in the folder's manifest
(:data:`MANIFEST`). Everything else in the folder (a host's ``CNAME``,
``.nojekyll``, ``.well-known/``, a ``.git/``, anything a publisher put there)
is kept, always; a file the build would write over is an error unless the
build is run with ``--force``.

Publishing is all or nothing. Changed files are staged as they are rendered.
When the whole build has succeeded, the next version of the folder is put
together beside it, in the work folder ``.<out>.work``: staged files moved in,
unchanged ones and the publisher's own as hard links (nothing is copied, and
unchanged files keep their times, so a deploy uploads only what changed). Then
the two folders are exchanged in one step. A kill at any moment leaves the
whole old site or the whole new one, and the next build clears what was left.
A lock in the work folder keeps two builds from publishing into one folder.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import hashlib
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

#: The list of what the build made, in the output folder: a first line naming the
#: build, then one path a line (a folder, wholly the build's, ends in '/').
MANIFEST = ".reportsite-manifest"
MANIFEST_HEADER = "# files made by build.py (the rest of this folder is kept as it is):"
#: Marks the work folder beside the output as the build's own, safe to clear.
WORK_MARK = "made-by-build.py"
#: What a build made after the pages: the search index.
SEARCH = "pagefind"
#: What a publisher may put in an output folder before the first build, for the host.
HOST_FILES = {"CNAME", ".nojekyll", ".well-known", ".git"}


class OutputError(Exception):
    """The output folder cannot be used or published: a message for the terminal."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint

    def __str__(self) -> str:
        return self.message + (f"\n    hint: {self.hint}" if self.hint else "")


@dataclass(frozen=True)
class Record:
    """What is published at one path: the inputs' fingerprint, and the bytes' size and digest."""

    key: str
    size: int
    digest: str


@dataclass
class Published:
    """What one publish did."""

    written: list[str] = field(default_factory=list)
    removed: int = 0


def work_folder(out: Path) -> Path:
    return out.parent / f".{out.name}.work"


def staging_folder(out: Path) -> Path:
    return work_folder(out) / "staging"


def stage(out: Path, path: str, data: bytes, key: str, previous: Record | None) -> tuple[Record, bool]:
    """Record ``data`` for ``path``; stage it unless the published file has it already."""
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


def read_manifest(out: Path) -> tuple[str, set[str]] | None:
    """(the build's id, the paths it made), or None where no build has published here."""
    try:
        lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if not lines or not lines[0].startswith(MANIFEST_HEADER):
        return None
    return lines[0][len(MANIFEST_HEADER):].strip(), set(lines[1:])


def manifest_id(out: Path) -> str:
    found = read_manifest(out)
    return found[0] if found else ""


def publish(out: Path, records: dict[str, Record], build_id: str, staged: set[str], *,
            force: bool = False,
            written_early: frozenset[str] = frozenset(),
            finish: Callable[[Path], None] | None = None) -> Published:
    """Make ``records`` the published site, all at once; every other file the last build
    made goes, and every file it did not make stays.

    ``out`` is the real folder (see :func:`output_folder`); ``build_id`` names what is
    published (a digest of ``records``), in the manifest; ``staged``: the paths whose new
    bytes are in the staging folder (anything else there is not published).
    ``finish(folder)`` may add
    the search index (``folder/pagefind``) to the next version before it is published.
    ``written_early``: paths this build already put in place itself (serve's edited report).
    """
    work = work_folder(out)
    staging, nxt = work / "staging", work / "next"
    manifest = read_manifest(out)
    ours = (manifest[1] if manifest else set()) | {MANIFEST}
    if not force:
        clashes = sorted(path for path in records if path not in ours and path not in written_early
                         and os.path.lexists(out / path))
        if clashes:
            raise OutputError(
                f"{out / clashes[0]} was not made by the build, which would replace it"
                + (f" (and {len(clashes) - 1} more)" if len(clashes) > 1 else ""),
                "move it out of the output folder, or build with --force to let the build replace it")
    written = sorted(staged)
    if manifest and manifest[0] == build_id and not written:
        _clear(staging)  # the same files as published: nothing to do
        return Published()
    _clear(nxt)
    nxt.mkdir(parents=True)
    if out.is_dir():
        shutil.copymode(out, nxt)
    made = {nxt}
    for path in records:
        target = nxt / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if path in staged:
            os.replace(staging / path, target)
        else:
            _link(out / path, target)
    removed = _carry_over(out, nxt, ours, set(records)) if out.is_dir() else 0
    if finish:
        finish(nxt)
    made_paths = sorted(records) + ([SEARCH + "/"] if (nxt / SEARCH).is_dir() else [])
    (nxt / MANIFEST).write_text(f"{MANIFEST_HEADER} {build_id}\n" + "".join(
        f"{path}\n" for path in made_paths), encoding="utf-8")
    _swap(nxt, out)
    _clear(nxt)  # the old version, now
    _clear(staging)
    return Published(written, removed)


def _carry_over(out: Path, nxt: Path, ours: set[str], new: set[str]) -> int:
    """Link into ``nxt`` every file (and empty folder) of ``out`` the build did not make,
    and the last search index; count the build's files the new version drops."""
    removed = 0
    for directory, folders, names in os.walk(out):
        relative = os.path.relpath(directory, out).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        links = [name for name in folders if os.path.islink(os.path.join(directory, name))]
        folders[:] = [name for name in folders if name not in links]
        if prefix == SEARCH + "/":
            folders[:] = []
            continue
        if prefix and not folders and not names and not links and not (nxt / relative).exists():
            _folder_like(out / relative, nxt / relative)  # an empty folder of the publisher's
        for name in names + links:  # a link is carried over as a link, never followed
            path = prefix + name
            if path in new:
                continue
            if path in ours:
                removed += path != MANIFEST
                continue
            _folder_like(out / prefix, nxt / prefix)
            _link(out / path, nxt / path)
    # The last search index stays until the finishing step replaces it.
    if (out / SEARCH).is_dir():
        for path in sorted(_files_under(out / SEARCH, SEARCH)):
            _folder_like((out / path).parent, (nxt / path).parent)
            _link(out / path, nxt / path)
    return removed


def _folder_like(folder: Path, target: Path) -> None:
    """``target`` made as a folder with ``folder``'s mode, if it is not there yet."""
    if not target.is_dir():
        _folder_like(folder.parent, target.parent)
        target.mkdir()
        shutil.copystat(folder, target)


def _link(source: Path, target: Path) -> None:
    """``target`` as another name for ``source``; a copy where a link cannot be made."""
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _files_under(folder: Path, prefix: str = "") -> set[str]:
    """Paths of the files below ``folder``, with '/' between parts, after ``prefix``/."""
    found = set()
    for directory, _, names in os.walk(folder):
        relative = os.path.relpath(directory, folder).replace(os.sep, "/")
        base = "/".join(part for part in (prefix, "" if relative == "." else relative) if part)
        found.update(f"{base}/{name}" if base else name for name in names)
    return found


_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux's renameat2); False where it cannot be done."""
    libc = _libc()
    if libc is None:
        return False
    result = libc.renameat2(-100, os.fsencode(first), -100, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _libc():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.renameat2  # noqa: B018 (a C library without it: no atomic exchange)
    except (OSError, AttributeError, TypeError):
        return None
    libc.renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                               ctypes.c_uint]
    return libc


def _swap(nxt: Path, out: Path) -> None:
    """``nxt`` becomes ``out``; the old ``out``, if any, is left at ``nxt``."""
    if not out.exists():
        os.replace(nxt, out)
        return
    if _exchange(nxt, out):
        return
    # Two steps where the system cannot swap: for a moment there is no folder at 'out'
    # (never a mixed one); recover() finishes the move if a build stops between them.
    old = work_folder(out) / "old"
    os.replace(out, old)
    os.replace(nxt, out)
    os.replace(old, nxt)


def _clear(folder: Path) -> None:
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder)


def recover(out: Path) -> None:
    """Clear what a build that stopped half-way left in the work folder; if it stopped
    between the two steps of a publish without an atomic swap, finish that publish."""
    work = work_folder(out)
    old, nxt = work / "old", work / "next"
    if not out.exists() and old.is_dir():
        os.replace(nxt if nxt.is_dir() else old, out)
    for folder in (old, nxt, work / "staging", work / "search"):
        _clear(folder)


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


@contextmanager
def locked(out: Path, wait: float = 600.0, told: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the output folder's lock; a second build waits (and says so) for the first."""
    work = work_folder(out)
    claim_work_folder(work)
    handle = os.open(work / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if told:
                    told(f"waiting for another build of {out} to finish")
                    told = None
                if time.monotonic() > deadline:
                    raise OutputError(f"another build is still writing {out}",
                                      "wait for it to finish, or stop it") from None
                time.sleep(0.1)
        yield
    finally:
        os.close(handle)  # closing releases the lock; so does the process ending, however


def claim_work_folder(work: Path) -> None:
    """Make the work folder, or check that an existing one is the build's."""
    if work.exists() and not (work / WORK_MARK).is_file():
        raise OutputError(f"{work} exists but was not made by the build",
                          "the build keeps its work beside the output folder under this name: "
                          "move that folder away, or choose another --out")
    work.mkdir(parents=True, exist_ok=True)
    (work / WORK_MARK).touch()


def output_folder(out: Path) -> Path:
    """The real folder a build publishes into (``out`` with its links followed): the work
    folder sits beside it, on its file system, so that publishing is one move."""
    return Path(os.path.realpath(out))


def check_output(out: Path, cache: Path, *, force: bool, guarded: dict[str, Path],
                 not_inside: dict[str, Path]) -> None:
    """Refuse an output folder the build must not take, with why and what to do instead.

    ``guarded``: folders the output may be neither, nor above (the project, the content,
    the home folder...); ``not_inside``: folders it may not be within (the content, the
    templates, the cache). An existing folder that no build has published into must be
    empty, unless ``force``; the rules before hold even then.
    """
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out} is a file, not a folder", "give the folder to build the site in")
    if cache.exists() and not cache.is_dir():
        raise OutputError(f"--cache {cache} is a file, not a folder",
                          "give a folder for what a build keeps for the next one")
    real = output_folder(out)
    for name, folder in guarded.items():
        folder = output_folder(folder)
        if real == folder or real in folder.parents:
            what = "is" if real == folder else "holds"
            raise OutputError(f"--out {out} {what} {name} ({folder}); a build replaces what is in "
                              "its output folder", "build into a folder of its own, e.g. --out site")
    for name, folder in not_inside.items():
        if output_folder(folder) in real.parents:
            raise OutputError(f"--out {out} is inside {name} ({output_folder(folder)})",
                              "build into a folder of its own, outside it, e.g. --out site")
    if real == output_folder(cache) or real in output_folder(cache).parents:
        raise OutputError(f"--cache {cache} is {'' if real == output_folder(cache) else 'inside '}"
                          f"the output folder {out}, which is published",
                          "keep the cache elsewhere, or leave out --cache")
    if real.is_dir() and read_manifest(real) is None and not force and \
            any(entry.name not in HOST_FILES for entry in real.iterdir()):
        raise OutputError(f"--out {out} is a folder with files in it that no build made",
                          "build into an empty or new folder; or, to build into this one, keeping "
                          "its files but replacing any the site also has, add --force")
