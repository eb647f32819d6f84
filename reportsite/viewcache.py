"""Rendered report views kept on disk between builds, keyed by what they were made from.

A view points into the site model (its report, the framework's standards,
glossary entries whose report lists grow with the site). Pickled naively,
each view would carry its own copy of them: on a site of thousands of
inspections, megabytes per view. So objects of the model are stored by name
(``("frameworks", "2018", "domains", 0)``, ``("report", slug)``) and found
again in the current build's model when the view is read.

The views are rows of one SQLite database, not a file each: creating a
thousand files took over a second of a cold build of 1,000 inspections (the
file system searches for free inodes past those of the files just deleted),
and SQLite lets every worker write at once, each row in one step.
"""

from __future__ import annotations

import copyreg
import dataclasses
import io
import os
import pickle
import shutil
import sqlite3
from pathlib import Path
from typing import Callable

from . import cachefile
from .model.inspection import Inspection
from .model.site import Report, Site
from .render.report import ReportView

#: Connections a forked process inherited: SQLite forbids using or closing them
#: there, so they are kept, untouched, until the process ends.
_INHERITED: list[sqlite3.Connection] = []


def named(name: tuple) -> object:
    """Stands in a pickle for an object of the model; :class:`_Unpickler` finds it again."""
    raise pickle.UnpicklingError(f"model object {name!r} read outside a view cache")


class ViewCache:
    """Views by key in the database at ``path`` (None: nothing is kept)."""

    def __init__(self, path: Path | None, site: Site):
        self.path, self.site = path, site
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._names: dict[int, tuple] | None = None
        self._objects: dict[tuple, object] = {}
        self._table: dict[type, Callable[[object], tuple]] | None = None
        if path:  # made here, before any worker is forked, so that workers only write rows
            self._database()
            self.close()

    def get(self, key: str) -> ReportView | None:
        """The view saved under ``key``, or None (never saved, or unreadable: render it again)."""
        if not self.path:
            return None
        try:
            rows = self._database().execute("SELECT data FROM views WHERE key = ?", (key,)).fetchall()
            return self.loads(cachefile.decompress(rows[0][0])) if rows else None
        except Exception:  # a damaged or outdated entry is simply rendered again
            return None

    def put(self, key: str, view: ReportView) -> None:
        if self.path:
            self._database().execute("INSERT OR REPLACE INTO views VALUES (?, ?)",
                                     (key, cachefile.compress(self.dumps(view))))

    def keep_only(self, keys: set[str]) -> None:
        """Remove the views no report uses any more: each edit, and each new version of
        the code, leaves the old ones behind, and on a large site they add up to gigabytes.
        (Also the folder of one file per view that earlier versions kept.)"""
        if not self.path:
            return
        shutil.rmtree(self.path.parent / "views", ignore_errors=True)
        database = self._database()
        database.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY)")
        database.execute("DELETE FROM kept")
        database.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((key,) for key in keys))
        database.execute("DELETE FROM views WHERE key NOT IN (SELECT key FROM kept)")

    def close(self) -> None:
        """Close this process's connection (the database is complete on disk after)."""
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None

    def _database(self) -> sqlite3.Connection:
        """This process's connection; opened afresh in a forked worker."""
        if self._connection is not None and self._pid != os.getpid():
            _INHERITED.append(self._connection)
            self._connection = None
        if self._connection is None:
            try:
                self._connection = _open(self.path)
            except sqlite3.DatabaseError:  # damaged: it is only a cache, start again
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                self._connection = _open(self.path)
            self._pid = os.getpid()
        return self._connection

    def dumps(self, view: ReportView) -> bytes:
        """The view as bytes, naming the model's objects instead of copying them."""
        buffer = io.BytesIO()
        _Pickler(buffer, self).dump(view)
        return buffer.getvalue()

    def loads(self, data: bytes) -> ReportView:
        return _Unpickler(io.BytesIO(data), self).load()

    # --- naming the model's objects ----------------------------------------------------

    def _name(self, value: object) -> tuple | None:
        kind = type(value)
        if kind is Report:
            return ("report", value.slug)
        if kind is Inspection:
            return ("inspection", value.slug)
        if not hasattr(kind, "__dataclass_fields__"):
            return None
        return self._named().get(id(value))

    def _reducers(self) -> dict[type, Callable[[object], tuple]]:
        """The standard reducers, and one for each type of the model's objects: by name
        where the object is the model's, else as pickle would by default."""
        if self._table is None:
            def reduce(value: object) -> tuple:
                name = self._name(value)
                return (named, (name,)) if name is not None else \
                    value.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
            self._named()
            kinds = {type(value) for value in self._objects.values()} | {Report, Inspection}
            self._table = {**copyreg.dispatch_table, **{kind: reduce for kind in kinds}}
        return self._table

    def _object(self, name: tuple) -> object:
        if name[0] == "report":
            return self.site.reports[name[1]]
        if name[0] == "inspection":
            return self.site.reports[name[1]].inspection
        self._named()
        return self._objects[name]

    def _named(self) -> dict[int, tuple]:
        """Every dataclass object of the site-wide model (not the reports), by its path."""
        if self._names is None:
            self._names = {}
            site = self.site
            for root, value in (("frameworks", site.frameworks), ("glossary", site.glossary),
                                ("providers", site.providers), ("owners", site.owners)):
                self._walk((root,), value)
        return self._names

    def _walk(self, path: tuple, value: object) -> None:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if id(value) in self._names:
                return
            self._names[id(value)] = path
            self._objects[path] = value
            for field in dataclasses.fields(value):
                self._walk(path + (field.name,), getattr(value, field.name))
        elif isinstance(value, (list, tuple)) and value and not isinstance(value[0], str):
            for index, item in enumerate(value):
                self._walk(path + (index,), item)
        elif isinstance(value, dict):
            for key, item in value.items():
                self._walk(path + (key,), item)


def _open(path: Path) -> sqlite3.Connection:
    """Each statement its own transaction; written ahead (readers and writers do not
    wait for each other) and not flushed to the disk: a cache lost in a crash is rebuilt."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=60, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("CREATE TABLE IF NOT EXISTS views (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
    except sqlite3.DatabaseError:
        connection.close()
        raise
    return connection


class _Pickler(pickle.Pickler):
    """Pickles a view, naming the model's objects. Through a table of reducers by type
    (see :meth:`ViewCache._reducers`): the pickler looks a type up itself, and asks
    Python only about objects of the model's types, not about the view's own hundreds."""

    def __init__(self, file: io.BytesIO, cache: ViewCache):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.dispatch_table = cache._reducers()


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, cache: ViewCache):
        super().__init__(file)
        self.cache = cache

    def find_class(self, module: str, name: str):
        if module == __name__ and name == "named":
            return self.cache._object
        return super().find_class(module, name)
