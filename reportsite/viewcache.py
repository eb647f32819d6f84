"""Rendered report views kept on disk between builds, keyed by what they were made from.

A view points into the site model (its report, the framework's standards,
glossary entries whose report lists grow with the site). Pickled naively,
each view would carry its own copy of them: on a site of thousands of
inspections, megabytes per view. So objects of the model are stored by name
(``("frameworks", "2018", "domains", 0)``, ``("report", slug)``) and found
again in the current build's model when the view is read.
"""

from __future__ import annotations

import dataclasses
import io
import os
import pickle
from pathlib import Path

from . import cachefile
from .model.inspection import Inspection
from .model.site import Report, Site
from .render.report import ReportView


def named(name: tuple) -> object:
    """Stands in a pickle for an object of the model; :class:`_Unpickler` finds it again."""
    raise pickle.UnpicklingError(f"model object {name!r} read outside a view cache")


class ViewCache:
    def __init__(self, folder: Path | None, site: Site):
        self.folder, self.site = folder, site
        self._names: dict[int, tuple] | None = None
        self._objects: dict[tuple, object] = {}

    def get(self, key: str) -> ReportView | None:
        """The view saved under ``key``, or None (never saved, or unreadable: render it again)."""
        data = cachefile.read(self.folder / key) if self.folder else None
        if data is None:
            return None
        try:
            return self.loads(data)
        except Exception:  # a damaged or outdated entry is simply rendered again
            return None

    def put(self, key: str, view: ReportView) -> None:
        if self.folder:
            cachefile.write(self.folder / key, self.dumps(view))

    def keep_only(self, keys: set[str]) -> None:
        """Remove the views no report uses any more: each edit, and each new version of
        the code, leaves the old ones behind, and on a large site they add up to gigabytes.
        (Names starting with a dot are other builds' files being written.)"""
        if not self.folder or not self.folder.is_dir():
            return
        kept = {key + cachefile.SUFFIX for key in keys}
        with os.scandir(self.folder) as entries:
            for entry in entries:
                if entry.name not in kept and not entry.name.startswith("."):
                    Path(entry.path).unlink(missing_ok=True)

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


class _Pickler(pickle.Pickler):
    """Pickles a view, naming the model's objects. ``reducer_override`` rather than
    ``persistent_id``: it is not asked about strings, numbers, lists and dicts,
    which are most of the thousands of objects in a view."""

    def __init__(self, file: io.BytesIO, cache: ViewCache):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.cache = cache

    def reducer_override(self, value: object):
        name = self.cache._name(value)
        return NotImplemented if name is None else (named, (name,))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, cache: ViewCache):
        super().__init__(file)
        self.cache = cache

    def find_class(self, module: str, name: str):
        if module == __name__ and name == "named":
            return self.cache._object
        return super().find_class(module, name)
