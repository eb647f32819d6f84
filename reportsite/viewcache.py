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
import gzip
import io
import os
import pickle
from pathlib import Path

from markupsafe import Markup

from .model.inspection import Inspection
from .model.site import Report, Site
from .render.report import ReportView

#: Types that are never one of the model's objects.
PLAIN = frozenset({str, Markup, int, float, bool, type(None), tuple, list, dict, bytes})


class ViewCache:
    def __init__(self, folder: Path | None, site: Site):
        self.folder, self.site = folder, site
        self._names: dict[int, tuple] | None = None
        self._objects: dict[tuple, object] = {}

    def get(self, key: str) -> ReportView | None:
        """The view saved under ``key``, or None (never saved, or unreadable: render it again)."""
        path = self.folder / f"{key}.pickle.gz" if self.folder else None
        if path is None or not path.is_file():
            return None
        try:
            return self.loads(gzip.decompress(path.read_bytes()))
        except Exception:  # a damaged or outdated entry is simply rendered again
            return None

    def put(self, key: str, view: ReportView) -> None:
        if not self.folder:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f".{key}.{os.getpid()}.tmp"
        temporary.write_bytes(gzip.compress(self.dumps(view), compresslevel=1))
        os.replace(temporary, self.folder / f"{key}.pickle.gz")

    def dumps(self, view: ReportView) -> bytes:
        """The view as bytes, naming the model's objects instead of copying them."""
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.persistent_id = self._name
        pickler.dump(view)
        return buffer.getvalue()

    def loads(self, data: bytes) -> ReportView:
        unpickler = pickle.Unpickler(io.BytesIO(data))
        unpickler.persistent_load = self._object
        return unpickler.load()

    # --- naming the model's objects ----------------------------------------------------

    def _name(self, value: object) -> tuple | None:
        # Called for every object pickled (thousands per view): the common answer first.
        kind = type(value)
        if kind in PLAIN:
            return None
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
