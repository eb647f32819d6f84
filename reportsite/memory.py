"""What a build keeps for the next: in the cache folder, and in memory for serve.

- the state of the last good build (:class:`State`): the stamps of every input,
  each output's key and digest, each report's view key and excerpts, the link
  index, which drafts were left out, the build that published the folder;
- what reading each inspection folder gave (:class:`FolderRecord`), kept while
  the folder's files and the site-wide files it was checked against are the
  same: the next build reads only the inspections that changed;
- the large site-wide files as parsed (the glossary of 10,000 inspections);
- rendered report views (:mod:`reportsite.viewcache`).

Everything is kept under the build's settings (:meth:`Memory.config`): a
cache made with other settings or by other code is not used. The folder is
safe to delete; the next build is then a cold one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import cachefile
from .diagnostics import Diagnostic
from .load.content import LoadedInspection
from .model.site import Site
from .render.links import LinkIndex
from .render.report import ReportView
from .viewcache import ViewCache
from .write import Record

STATE_VERSION = 2
#: The database of rendered report views, in the cache folder.
VIEWS = "views.sqlite"


@dataclass
class ViewRecord:
    """A report's rendered view: its key, its excerpts, and the view if kept in memory."""

    key: str
    excerpts: dict[str, str]
    view: ReportView | None = None


@dataclass
class State:
    """What the engine knows from its last good build."""

    inputs: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # path -> stamp
    records: dict[str, Record] = field(default_factory=dict)
    views: dict[str, ViewRecord] = field(default_factory=dict)
    links: LinkIndex = field(default_factory=LinkIndex)
    result: Any = None  # the BuildResult
    #: The build that published the output folder this state describes (its manifest's id).
    build_id: str = ""
    #: The drafts that build left out: reports read early are rendered as if they still are.
    left_out: tuple[str, ...] = ()


#: What reading one inspection folder gives: the inspection, its problems (as files, and
#: checked against the site-wide files), and the digests of the files read.
Read = tuple[LoadedInspection, list[Diagnostic], dict[str, str]]


@dataclass
class FolderRecord:
    """What reading one inspection folder gave, and under which ``key`` (the folder's file
    stamps and the site-wide files' digest): packed, as the worker that read it packed it
    (so that saving 10,000 of them only writes bytes), or as objects (serve keeps them so).
    """

    key: tuple
    packed: bytes | None = None
    kept: Read | None = None

    def value(self) -> Read:
        if self.kept is None:
            self.kept = cachefile.unpack(self.packed)
        return self.kept

    def __getstate__(self) -> dict:
        return {"key": self.key, "packed": self.packed or cachefile.pack(self.kept), "kept": None}


class Memory:
    """What one engine keeps between its builds; ``resident`` (serve's): parsed files,
    folder records and views stay in memory, and nothing but the state is saved."""

    def __init__(self, cache: Path | None, config: tuple, resident: bool, root_path: str):
        #: root_path: where the site is served from, for the link index's root-relative links
        self.cache, self.config, self.resident, self.root_path = cache, config, resident, root_path
        self.state: State = self._load("state.pickle") or State(links=LinkIndex(root_path))
        #: By folder: read only when the build needs it (not by a build that stops early).
        self.folders: dict[Path, FolderRecord] | None = None
        #: Folders whose record was added, replaced or dropped since the record on disk
        #: was written (only those are saved, to a journal, while they are few).
        self.changed_folders: set[Path] = set()
        self.views = ViewCache(None, None)

    # --- the state --------------------------------------------------------------------

    def forget(self) -> None:
        """Start from nothing: what the state says no longer describes the output."""
        self.state = State(links=LinkIndex(self.root_path))

    def save_state(self, state: State) -> None:
        self.state = state
        self._save("state.pickle", replace(state, views={
            slug: replace(v, view=None) for slug, v in state.views.items()}))

    # --- folder records ---------------------------------------------------------------

    def folder_records(self) -> dict[Path, FolderRecord]:
        """The records of the last builds: the whole record, then the journal of the
        folders changed since it was written."""
        if self.folders is None:
            self.folders = self._load("content.pickle") or {}
            journal = self._load("content-journal.pickle") if self.folders else None
            for folder, record in (journal or {}).items():
                if record is None:
                    self.folders.pop(folder, None)
                else:
                    self.folders[folder] = record
            self.changed_folders = set(journal or ())
        return self.folders

    def record_folder(self, folder: Path, record: FolderRecord | None) -> None:
        """Keep what reading ``folder`` gave (None: the folder is gone)."""
        folders = self.folder_records()
        if record is None:
            folders.pop(folder, None)
        else:
            folders[folder] = record
        self.changed_folders.add(folder)

    def save_folders(self) -> None:
        """Save the folder records for the next run (a build's process ends after it;
        serve keeps them in memory). While few folders have changed since the whole
        record was written, only those go to a journal beside it. Then let them go:
        66 MB at 10,000 inspections, in the process the page workers are forked from."""
        if self.resident or not self.cache or self.folders is None:
            return
        if self.changed_folders:
            if len(self.changed_folders) <= len(self.folders) // 10 and \
                    cachefile.exists(self.cache / "content.pickle"):
                self._save("content-journal.pickle",
                           {f: self.folders.get(f) for f in self.changed_folders})
            else:
                self._save("content.pickle", self.folders)
                cachefile.remove(self.cache / "content-journal.pickle")  # it was of changes since
        self.folders, self.changed_folders = None, set()

    # --- large site-wide files ----------------------------------------------------------

    def parsed_files(self) -> dict:
        return self._load("sitefiles.pickle") or {}

    def save_parsed_files(self, lasting: dict) -> None:
        self._save("sitefiles.pickle", lasting)

    # --- views -----------------------------------------------------------------------

    def view_store(self, site: Site) -> ViewCache:
        """The database of views, whose model objects are found again in ``site``."""
        return ViewCache(self.cache / VIEWS if self.cache else None, site)

    def open_views(self, site: Site) -> ViewCache:
        """The views of this build's site: the ones :meth:`view_of` looks in."""
        self.views = self.view_store(site)
        return self.views

    def view_of(self, slug: str, key: str) -> ReportView | None:
        """A view an earlier build rendered: in memory (serve) or in the cache folder."""
        record = self.state.views.get(slug)
        if record and record.key == key and record.view is not None:
            return record.view
        return self.views.get(key)

    # --- files -------------------------------------------------------------------------

    def _load(self, name: str):
        """What an earlier build with the same settings saved under ``name``, or None."""
        if not self.cache or not cachefile.exists(self.cache / name):
            return None
        try:
            config, value = cachefile.load(self.cache / name)
        except Exception:  # an old or damaged cache is simply not used
            return None
        return value if config == self.config else None

    def _save(self, name: str, value) -> None:
        if self.cache:
            cachefile.dump(self.cache / name, (self.config, value))
