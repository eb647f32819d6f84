"""Finding and reading every content file, and typing what they hold.

Layout (paths relative to the content folder)::

    frameworks/<id>.yaml              inspection frameworks
    site.yaml                         the site's name, publisher and contacts
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

from ..diagnostics import Diagnostic, Position, did_you_mean, error, has_errors, warning
from ..model.framework import Framework
from ..model.inspection import Inspection
from ..model.narrative import IMAGE_FILE, Narrative
from ..model.site import Glossary, Owner, Provider, SiteSettings
from ..keys import Input, fingerprints
from ..parallel import Pool
from ..schema import convert
from .cache import FileCache
from .frameworkfile import load_framework
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
SITE_FILES = ("site.yaml", "glossary.yaml", "providers.yaml", "owners.yaml")
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
    settings: tuple[YamlDocument, SiteSettings] | None = None
    #: Frameworks whose file has errors (or could not be read): inspections using one are
    #: not checked against it, so that its mistake is reported once, not once per inspection.
    faulty_frameworks: set[str] = field(default_factory=set)
    glossary: tuple[YamlDocument, Glossary] | None = None
    providers: tuple[YamlDocument, dict[str, Provider]] | None = None
    owners: tuple[YamlDocument, dict[str, Owner]] | None = None
    #: The inspection folders, by name: each read by :func:`load_inspection`.
    folders: list[Path] = field(default_factory=list)
    inspections: dict[str, LoadedInspection] = field(default_factory=dict)
    sources: set[str] = field(default_factory=set)
    cache: FileCache = field(default_factory=FileCache)

    def shown(self, path: Path) -> str:
        """How a content path is named in messages: relative to the working folder."""
        text, here = str(path), _cwd()
        return text[len(here) + 1:] if text.startswith(here + os.sep) else text

    def fingerprints(self) -> dict[Input, str]:
        """A fingerprint per input: each inspection, each framework (and the frameworks,
        all of them), the glossary ..."""
        return fingerprints(self.root, self.cache.digests)

    def site_digest(self) -> str:
        """Of every site-wide file and of the sources' names: what each inspection is
        checked against, so what its check, kept from an earlier build, depends on."""
        return hashlib.sha256(repr((sorted(self.cache.digests.items()),
                                    sorted(self.sources))).encode()).hexdigest()


def _cwd() -> str:
    return os.getcwd()


def shown_path(path: Path) -> str:
    """How a content path is named in messages: relative to the working folder."""
    text, here = str(path), _cwd()
    return text[len(here) + 1:] if text.startswith(here + os.sep) else text


def load_content(root: Path, cache: FileCache | None = None) -> tuple[Content, list[Diagnostic]]:
    """Every content file read and typed, each inspection in turn (``check``, and tests)."""
    content, problems = load_site_files(root, cache)
    for folder in content.folders:
        loaded, found, digests = load_inspection(content, folder)
        content.inspections[loaded.slug] = loaded
        content.cache.digests.update(digests)
        problems += found
    return content, problems


def load_site_files(root: Path, cache: FileCache | None = None, *,
                    meanwhile: Callable[[], None] | None = None) -> tuple[Content, list[Diagnostic]]:
    """The site-wide files read and typed (or taken from ``cache`` while their bytes are
    unchanged), and the inspection folders found (each to be read by :func:`load_inspection`).

    ``meanwhile()`` is run once, while a large site-wide file is parsed apart if one is.
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
    content.settings = _load_site_file(content, "site.yaml", SiteSettings, problems, waiting)
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
    content.folders = _inspection_folders(content, problems)
    return content, problems


def _load_frameworks(content: Content, problems: list[Diagnostic]) -> None:
    folder = content.root / "frameworks"
    if not folder.is_dir():
        problems.append(error("missing folder frameworks/", Position(content.shown(folder)),
                              "each inspection names a framework defined there"))
        return
    for path in sorted(folder.glob("*.yaml")):
        shown = content.shown(path)
        document, framework, found = content.cache.load(
            path, lambda data: load_framework(path, shown, data))
        if not SLUG.fullmatch(path.stem) or len(path.stem) > MAX_SLUG_LENGTH:
            found = found + [error(f"framework file name {path.stem!r} is not a slug", Position(shown),
                                   "the name is the framework's id, in inspections and in its "
                                   "pages' addresses: lowercase ASCII words joined by hyphens, "
                                   "e.g. youth-2020.yaml")]
        problems += found
        if has_errors(found):
            content.faulty_frameworks.add(path.stem)
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
            path, lambda data: Pool.call(_typed_value, path, shown, hint, MAX_SITE_FILE_BYTES, data,
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


def _inspection_folders(content: Content, problems: list[Diagnostic]) -> list[Path]:
    """The inspection folders, each named as an inspection may be; the rest are problems."""
    folder = content.root / "inspections"
    if not folder.is_dir():
        problems.append(error("missing folder inspections/", Position(content.shown(folder))))
        return []
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
    return folders


def folder_stamps(folder: Path) -> tuple | None:
    """What says a folder's files are unchanged: names, times, sizes and inodes."""
    try:
        with os.scandir(folder) as entries:
            stats = [(e.name, e.stat(follow_symlinks=False)) for e in entries]
        return tuple(sorted((name, stat.st_mtime_ns, stat.st_size, stat.st_ino)
                            for name, stat in stats))
    except OSError:
        return None


def load_inspection(content: Content, folder: Path
                    ) -> tuple[LoadedInspection, list[Diagnostic], dict[str, str]]:
    """One inspection folder read and typed: what it holds, its problems as files, and
    the digests of the files read (its part of the build's fingerprints)."""
    site_digests = content.cache.digests
    content.cache.digests = {}  # to collect this folder's
    try:
        problems: list[Diagnostic] = []
        loaded = _load_inspection(content, folder, problems)
        return loaded, problems, content.cache.digests
    finally:
        content.cache.digests = site_digests


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
