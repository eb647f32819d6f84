"""Finding and reading every content file, and typing what they hold.

Layout (paths relative to the content folder)::

    frameworks/<id>.yaml              inspection frameworks
    glossary.yaml                     every report's glossary, merged
    providers.yaml, owners.yaml       inspected organisations and their owners
    sources/<file>                    the reports' text exports (provenance)
    inspections/<slug>/inspection.yaml
    inspections/<slug>/NN-<chapter>.md

Problems found here are per file (unreadable, bad YAML, wrong fields);
problems between files are :mod:`reportsite.validate`'s.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import cachefile
from ..diagnostics import Diagnostic, Position, did_you_mean, error, warning
from ..model.framework import Framework
from ..model.inspection import Inspection
from ..model.narrative import IMAGE_FILE, Narrative
from ..model.site import Glossary, Owner, Provider
from ..parallel import fork_call, fork_map
from ..schema import convert
from .cache import FileCache
from .markdownfile import CHAPTER_FILE, load_chapter
from .textfile import MAX_BYTES, MAX_SITE_FILE_BYTES, read_bytes
from .yamlfile import YamlDocument, load_yaml_file

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
#: Folder names an inspection cannot have: the site uses inspections/<name>/ itself.
RESERVED_SLUGS = {"page"}
#: The longest slug (of an inspection, provider or owner): each names a folder of the
#: site, which must fit any file system the site is copied to (255 bytes a name on
#: most; 143 on an encrypted home folder), and an address a reader can still read.
MAX_SLUG_LENGTH = 100


def inspection_slug(name: str) -> bool:
    """Whether ``name`` can name an inspection's folder (and its pages' address)."""
    return bool(SLUG.fullmatch(name)) and len(name) <= MAX_SLUG_LENGTH and \
        name not in RESERVED_SLUGS


def slug_too_long(kind: str, slug: str, where: Position, example: str) -> Diagnostic:
    return error(f"{kind} is {len(slug)} characters long; the limit is {MAX_SLUG_LENGTH}", where,
                 f"it names a folder of the site, which must fit any file system: shorten it, "
                 f"e.g. {example}")


INSPECTION_FILE = "inspection.yaml"
SITE_FILES = ("glossary.yaml", "providers.yaml", "owners.yaml")
TOP_LEVEL = {"frameworks", "inspections", "sources", *SITE_FILES, "README.md"}


@dataclass
class LoadedInspection:
    """One inspection folder, read and typed (fields that failed are None)."""

    slug: str
    folder: str
    document: YamlDocument | None
    inspection: Inspection | None
    narrative: Narrative
    #: False when a chapter could not be read: then what it placed is unknown.
    narrative_complete: bool = True
    #: False when inspection.yaml had field errors: checks that would only
    #: repeat them (a slot with nothing to show, an uncited footnote) are skipped.
    fields_complete: bool = True


@dataclass
class Content:
    """Everything read from a content folder, before cross-checking."""

    root: Path
    frameworks: dict[str, tuple[YamlDocument, Framework]] = field(default_factory=dict)
    glossary: tuple[YamlDocument, Glossary] | None = None
    providers: tuple[YamlDocument, dict[str, Provider]] | None = None
    owners: tuple[YamlDocument, dict[str, Owner]] | None = None
    inspections: dict[str, LoadedInspection] = field(default_factory=dict)
    sources: set[str] = field(default_factory=set)
    cache: FileCache = field(default_factory=FileCache)
    _fingerprints: dict[str, str] | None = field(default=None, repr=False)
    #: How many inspection folders were read (the rest were unchanged and came from the cache).
    folders_read: int = 0
    #: What was made from each inspection read, beside it (see :func:`load_content`); not cached.
    by_products: dict[str, object] = field(default_factory=dict)

    def shown(self, path: Path) -> str:
        return shown_path(path)

    def fingerprints(self) -> dict[str, str]:
        """A digest per part of the content: 'inspection:<slug>', 'frameworks', 'glossary' ..."""
        if self._fingerprints is None:
            self._fingerprints = group_digests(self.root, self.cache.digests)
        return dict(self._fingerprints)


def group_digests(root: Path, digests: dict[str, str]) -> dict[str, str]:
    """Files' digests grouped into one per part of the content: 'inspection:<slug>' ..."""
    groups: dict[str, list[str]] = {}
    prefix = str(root) + os.sep
    for path, digest in digests.items():
        relative = path[len(prefix):] if path.startswith(prefix) else path
        parts = relative.split(os.sep)
        if parts[0] == "inspections" and len(parts) > 2:
            key = f"inspection:{parts[1]}"
        elif parts[0] in ("frameworks", "sources"):
            key = parts[0]
        else:
            key = parts[0].removesuffix(".yaml")  # glossary, providers, owners
        groups.setdefault(key, []).append(f"{relative}:{digest}")
    return {key: hashlib.sha256("\n".join(sorted(items)).encode()).hexdigest()
            for key, items in groups.items()}


def _cwd() -> str:
    return os.getcwd()


def shown_path(path: Path) -> str:
    """How a content path is named in messages: relative to the working folder."""
    text, here = str(path), _cwd()
    return text[len(here) + 1:] if text.startswith(here + os.sep) else text


#: What a large one-off build does with each inspection as soon as it is read (in the
#: worker that read it): check it, perhaps render it, and keep only what the build needs
#: next. (content, loaded, its problems so far) -> (kept, more problems, by-product)
EachInspection = Callable[["Content", LoadedInspection, list[Diagnostic]],
                          tuple[LoadedInspection, list[Diagnostic], object]]
#: Gives the EachInspection once the site-wide files are read (and their problems known).
EachFor = Callable[["Content", list[Diagnostic]], EachInspection]


def load_content(root: Path, cache: FileCache | None = None, *, each_for: EachFor | None = None,
                 workers: int = 1, progress: Callable[[int, int], None] | None = None,
                 meanwhile: Callable[[], None] | None = None) -> tuple[Content, list[Diagnostic]]:
    """Read every content file (or take it from ``cache`` when its bytes are unchanged).

    With ``each_for``, inspections are read (on ``workers`` processes) after the
    site-wide files and passed one by one to what it gives, so memory holds one parsed
    inspection at a time, not every one. What that returns beside the inspection (a
    by-product) is in ``content.by_products``, by slug. ``progress(done, total)`` is
    told as they are. ``meanwhile()`` is run once before the inspections are read:
    while a large site-wide file is parsed apart, if one is.
    """
    content = Content(root, cache=cache or FileCache())
    content.cache.start()
    problems: list[Diagnostic] = []
    if not root.is_dir():
        return content, [error(f"content folder {root} does not exist",
                               hint="run from the project folder, or pass --content DIR")]
    for child in sorted(root.iterdir()):
        if child.name.startswith(".") or child.name in TOP_LEVEL:
            continue
        problems.append(warning(f"unexpected {'folder' if child.is_dir() else 'file'} in content; "
                                "it is ignored", Position(content.shown(child)),
                                did_you_mean(child.name, sorted(TOP_LEVEL))))
    _load_frameworks(content, problems)
    waiting = [meanwhile] if meanwhile else []  # run by the first file parsed apart
    content.glossary = _load_site_file(content, "glossary.yaml", Glossary, problems, waiting)
    content.providers = _load_site_file(content, "providers.yaml", dict[str, Provider], problems, waiting)
    content.owners = _load_site_file(content, "owners.yaml", dict[str, Owner], problems, waiting)
    if waiting:
        waiting.pop()()
    for kind, pair in (("provider", content.providers), ("owner", content.owners)):
        if pair:
            for slug, entity in pair[1].items():
                entity.slug = slug
                if not SLUG.fullmatch(slug):
                    problems.append(error(f"{kind} slug {slug!r} must be lowercase words "
                                          "joined by hyphens", pair[0].where((slug,), key=True)))
                elif len(slug) > MAX_SLUG_LENGTH:
                    problems.append(slug_too_long(f"{kind} slug", slug,
                                                  pair[0].where((slug,), key=True),
                                                  "essex-crc" if kind == "provider" else "sodexo"))
    sources = root / "sources"
    if sources.is_dir():
        content.sources = {p.name for p in sources.iterdir() if p.is_file()}
    _load_inspections(content, problems, each_for, workers, progress)
    return content, problems


def _load_frameworks(content: Content, problems: list[Diagnostic]) -> None:
    folder = content.root / "frameworks"
    if not folder.is_dir():
        problems.append(error("missing folder frameworks/", Position(content.shown(folder)),
                              "each inspection names a framework defined there"))
        return
    for path in sorted(folder.glob("*.yaml")):
        document, framework, found = content.cache.load(
            path, lambda data: _typed(path, content.shown(path), Framework, data=data))
        problems += found
        if framework is not None:
            framework.id = path.stem
            content.frameworks[path.stem] = (document, framework)


def _load_site_file(content: Content, name: str, hint: object, problems: list[Diagnostic],
                    waiting: list[Callable[[], None]]):
    """A site-wide file's document and typed value; ``waiting``: work for this process
    while a large file is parsed apart (taken by the first such file)."""
    path = content.root / name
    if not path.exists():
        problems.append(error(f"missing {name}", Position(content.shown(path)),
                              f"create {name} in the content folder"))
        return None
    shown = content.shown(path)
    if not content.cache.keep and _size(path) >= APART_FROM_BYTES:
        # Parsed apart, and its typed value kept for the next build while the file is unchanged.
        value, found = content.cache.load(
            path, lambda data: fork_call(_typed_value, path, shown, hint, MAX_SITE_FILE_BYTES, data,
                                         meanwhile=waiting.pop() if waiting else None),
            lasting=True)
        document = None if value is None else LazyDocument(path, shown, MAX_SITE_FILE_BYTES)
    else:
        document, value, found = content.cache.load(
            path, lambda data: _typed(path, shown, hint, MAX_SITE_FILE_BYTES, data))
    problems += found
    return None if value is None else (document, value)


def _typed(path: Path, shown: str, hint: object, limit: int = MAX_BYTES, data: bytes | None = None):
    """(document, typed value, problems) of one YAML file; what the cache keeps."""
    document, problems = load_yaml_file(path, shown, limit, data)
    if document is None:
        return None, None, problems
    value, found = convert(document, hint)
    return document, value, problems + found


#: A site-wide file this large, in a one-off build, is parsed in a process of its own:
#: parsing with source positions takes some 25 times the file's size (325 MB for the
#: glossary of 10,000 inspections), and what Python frees it keeps, to be shared by every
#: worker forked later. Only the typed value comes back; the positions are read again
#: only if a message needs one (:class:`LazyDocument`).
APART_FROM_BYTES = 1 << 20


def _typed_value(path: Path, shown: str, hint: object, limit: int, data: bytes | None):
    _, value, problems = _typed(path, shown, hint, limit, data)
    if isinstance(value, Glossary):  # its report lists repeat every slug: send each once
        for entry in value.terms:
            for definition in entry.definitions:
                definition.reports = [sys.intern(slug) for slug in definition.reports]
    return value, problems


class LazyDocument:
    """A YAML file's positions, parsed again on first use (only to place a message)."""

    def __init__(self, path: Path, shown: str, limit: int):
        self._where = (path, shown, limit)
        self._document: YamlDocument | None = None

    def __getattr__(self, name: str):
        if self._document is None:  # changed since, and unreadable now: place at its top
            path, shown, limit = self._where
            self._document = load_yaml_file(path, shown, limit)[0] or YamlDocument(shown, None)
        return getattr(self._document, name)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _load_inspections(content: Content, problems: list[Diagnostic], each_for: EachFor | None,
                      workers: int, progress: Callable[[int, int], None] | None) -> None:
    folder = content.root / "inspections"
    if not folder.is_dir():
        problems.append(error("missing folder inspections/", Position(content.shown(folder))))
        return
    folders = []
    for path in sorted(folder.iterdir()):
        shown = content.shown(path)
        if path.name.startswith("."):
            continue
        if path.is_symlink() or not path.is_dir():
            problems.append(error("expected an inspection folder here", Position(shown),
                                  "each inspection is a folder holding inspection.yaml"))
            continue
        if not SLUG.fullmatch(path.name):
            problems.append(error(f"inspection folder name {path.name!r} is not a slug",
                                  Position(shown), "use lowercase ASCII words joined by hyphens, "
                                  "e.g. essex-crc-2018"))
            continue
        if len(path.name) > MAX_SLUG_LENGTH:
            problems.append(slug_too_long("inspection folder name", path.name, Position(shown),
                                          "essex-crc-2018 (the provider and year)"))
            continue
        if path.name in RESERVED_SLUGS:
            problems.append(error(f"inspection folder name {path.name!r} is taken by the site",
                                  Position(shown), f"inspections/{path.name}/ holds the later pages "
                                  "of the list of inspections; name the folder after the provider "
                                  "and year, e.g. essex-crc-2018"))
            continue
        folders.append(path)
    content.cache.seen_folders.update(folders)
    if each_for is None:
        for path in folders:
            content.inspections[path.name] = _load_inspection_cached(content, path, problems)
        return
    # What each gave is kept by folder, with the folder's file stamps and the site-wide
    # files it was checked against: the engine keeps it in its cache folder, so the
    # next build reads only the inspections that changed.
    site = hashlib.sha256(repr((sorted(content.cache.digests.items()),
                                sorted(content.sources))).encode()).hexdigest()
    pending = []
    for path in folders:
        stamps = _stamps(path)
        cached = content.cache.folders.get(path)
        if stamps is not None and cached and cached[0] == (stamps, site):
            loaded, found, digests = cachefile.unpack(cached[1])
            content.inspections[loaded.slug] = loaded
            problems += found
            content.cache.digests.update(digests)
        else:
            pending.append((path, (stamps, site)))
    content.folders_read = len(pending)
    each = each_for(content, problems)  # after the site's digest: it may read other files
    for done, (path, key, packed, by_product) in enumerate(
            fork_map(_load_each, (content, each), pending, workers), start=1):
        if progress:
            progress(done, len(pending))
        loaded, found, digests = cachefile.unpack(packed)
        content.inspections[loaded.slug] = loaded
        if by_product is not None:
            content.by_products[loaded.slug] = by_product
        problems += found
        content.cache.digests.update(digests)
        content.cache.folders[path] = (key, packed)
        content.cache.changed_folders.add(path)
    content.inspections = dict(sorted(content.inspections.items()))


def _load_each(shared: tuple, folders: list[tuple[Path, tuple]]) -> list:
    """Read and hand on inspections: what each gave, its problems and its files' digests,
    packed (as the record of what was read keeps them), and its by-product."""
    content, each = shared
    results = []
    site_digests = content.cache.digests
    try:
        for folder, key in folders:
            content.cache.digests = {}  # to collect this folder's
            found: list[Diagnostic] = []
            loaded, checked, by_product = each(content, _load_inspection(content, folder, found), found)
            results.append((folder, key, cachefile.pack((loaded, found + checked, content.cache.digests)),
                            by_product))
    finally:
        content.cache.digests = site_digests
    return results


def _stamps(folder: Path) -> tuple | None:
    """What says a folder's files are unchanged: names, times, sizes and inodes."""
    try:
        with os.scandir(folder) as entries:
            stats = [(e.name, e.stat(follow_symlinks=False)) for e in entries]
        return tuple(sorted((name, stat.st_mtime_ns, stat.st_size, stat.st_ino)
                            for name, stat in stats))
    except OSError:
        return None


def _load_inspection_cached(content: Content, folder: Path,
                            problems: list[Diagnostic]) -> LoadedInspection:
    """An inspection folder, taken whole from the cache when none of its files changed.

    On a site of thousands of inspections, reloading only the edited one is what
    keeps a rebuild in serve quick.
    """
    stamps = _stamps(folder)
    cached = content.cache.folders.get(folder)
    if stamps is not None and cached and cached[0] == stamps:
        _, loaded, found, digests = cached
        content.cache.digests.update(digests)
        problems += found
        return loaded
    found: list[Diagnostic] = []
    loaded = _load_inspection(content, folder, found)
    content.folders_read += 1
    problems += found
    if stamps is not None and content.cache.keep:
        paths = (f"{folder}{os.sep}{name}" for name, *_ in stamps)
        digests = {path: content.cache.digests[path] for path in paths
                   if path in content.cache.digests}
        content.cache.folders[folder] = (stamps, loaded, found, digests)
    return loaded


def _load_inspection(content: Content, folder: Path, problems: list[Diagnostic]) -> LoadedInspection:
    slug = folder.name
    loaded = LoadedInspection(slug, content.shown(folder), None, None, Narrative())
    yaml_path = folder / INSPECTION_FILE
    if yaml_path.exists() or yaml_path.is_symlink():
        shown = content.shown(yaml_path)
        loaded.document, loaded.inspection, found = content.cache.load(
            yaml_path, lambda data: _typed(yaml_path, shown, Inspection, data=data))
        problems += found
        loaded.fields_complete = not found
        if loaded.inspection is not None:
            loaded.inspection.slug = slug
    else:
        problems.append(error(f"missing {INSPECTION_FILE}", Position(loaded.folder),
                              f"run 'python build.py new {slug}' for a template"))
    numbers: dict[str, str] = {}
    images: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        shown = content.shown(path)
        if path.name == INSPECTION_FILE or path.name.startswith("."):
            continue
        if IMAGE_FILE.fullmatch(path.name):
            images[path.name] = path
            continue
        if path.suffix != ".md":
            problems.append(warning("file is not used (only inspection.yaml, NN-name.md "
                                    "chapters and the images they show are)", Position(shown)))
            continue
        match = CHAPTER_FILE.fullmatch(path.name)
        if match and match.group(1) in numbers:
            problems.append(error(f"two chapters numbered {match.group(1)}: "
                                  f"{numbers[match.group(1)]} and {path.name}", Position(shown),
                                  "give each chapter its own number"))
        elif match:
            numbers[match.group(1)] = path.name
        chapter, found = content.cache.load(path, lambda data: load_chapter(path, shown, data))
        problems += found
        if chapter is not None:
            loaded.narrative.chapters.append(chapter)
        else:
            loaded.narrative_complete = False
    loaded.narrative.chapters.sort(key=lambda c: int(CHAPTER_FILE.fullmatch(c.file).group(1)))
    if images or any(chapter.images for chapter in loaded.narrative.chapters):
        problems += _check_images(content, loaded, images)
    return loaded


#: The file beside each report's page that the site writes itself: its rating badge.
BADGE_FILE = "badge.svg"
#: The largest image a chapter may show: a report's charts are far smaller.
MAX_IMAGE_BYTES = 2 * 1024 * 1024
#: How each kind of image file starts; a file that does not is misnamed or damaged.
IMAGE_SIGNATURES = {"png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",),
                    "jpeg": (b"\xff\xd8\xff",), "gif": (b"GIF87a", b"GIF89a")}
#: What would run if an SVG were opened on its own: such a file is refused.
SVG_ACTIVE = re.compile(rb"<script|<foreignobject|<iframe|<embed|<object|javascript:|\son[a-z]+\s*=",
                        re.IGNORECASE)


def _check_images(content: Content, loaded: LoadedInspection, files: dict[str, Path]
                  ) -> list[Diagnostic]:
    """The images the chapters show are files in the folder, each described; each file
    is read through the cache, so an edited image is a changed inspection."""
    problems = []
    shown_files = set()
    for image in loaded.narrative.images:
        if not image.alt:
            problems.append(error(f"image {image.src!r} has no alt text", image.where,
                                  "say what it shows, for readers who cannot see it: "
                                  f"![Caseload by team, 2018]({image.src})"))
        if image.src.casefold() == BADGE_FILE:
            problems.append(error(f"an image cannot be called {image.src!r}: the site writes the "
                                  "report's rating badge under that name", image.where,
                                  "rename the file, and the image here"))
        elif image.src in files:
            shown_files.add(image.src)
        elif not IMAGE_FILE.fullmatch(image.src):
            problems.append(error(f"image {image.src!r} is not the name of a PNG, JPEG, GIF, SVG or "
                                  "WebP file in the inspection folder", image.where,
                                  f"put the file in {loaded.folder}/ and name it alone, in letters, "
                                  "digits, '-' and '_': ![Caseload by team](caseload.png)"))
        else:
            problems.append(error(f"image {image.src!r} is not in the inspection folder",
                                  image.where, did_you_mean(image.src, files)
                                  or f"put the file in {loaded.folder}/"))
    for name, path in files.items():
        shown = content.shown(path)
        if name in shown_files:
            problems += content.cache.load(path, lambda data: check_image(path, shown, data))
        elif loaded.narrative_complete:
            problems.append(warning("image is not shown by any chapter", Position(shown),
                                    f"show it with ![what it shows]({name}), or remove it"))
    return problems


def check_image(path: Path, shown: str, data: bytes | None) -> list[Diagnostic]:
    """Problems with an image file: unreadable, too large, not what its name says, or
    an SVG with script in it."""
    if data is None:
        data, problems = read_bytes(path, shown, MAX_IMAGE_BYTES)
        if data is None:
            return problems
    if len(data) > MAX_IMAGE_BYTES:
        return [error(f"image is too large ({len(data):,} bytes; the limit is {MAX_IMAGE_BYTES:,})",
                      Position(shown), "save it smaller: a chart needs far less")]
    kind = path.suffix[1:].lower()
    if kind == "svg":
        if b"<svg" not in data[:4096]:
            return [_not_a(kind, shown)]
        if SVG_ACTIVE.search(data):
            return [error("SVG image holds script or embedded content", Position(shown),
                          "export it again as a plain drawing, or as PNG")]
        return []
    if kind == "webp":
        ok = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    else:
        ok = data.startswith(IMAGE_SIGNATURES[kind])
    return [] if ok else [_not_a(kind, shown)]


def _not_a(kind: str, shown: str) -> Diagnostic:
    return error(f"file is not {'an' if kind == 'svg' else 'a'} {kind.upper()} image",
                 Position(shown), "save it in the format its name says")
