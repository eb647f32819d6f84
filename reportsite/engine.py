"""The build engine: content/ into site/, doing only what changed.

Every input has a fingerprint (the digest of its files): each inspection,
the frameworks, the glossary, providers, owners, the static assets, each
template and the generator's own code. Each page records the fingerprints
of what it depends on and is rendered again only when one changed: an edit
to one inspection renders that report and the pages that aggregate it; a
template edit renders the pages that use the template.

Reports (the costly part: their Markdown), then the other pages, are
rendered on every core, in worker processes. What a build learnt is kept
between runs in a cache folder (safe to delete): page fingerprints, each
report's view and excerpts, the link index and validation results; and when
no input changed at all, a build only checks that and stops. ``serve`` keeps
one engine for its life.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

from jinja2 import TemplateError, TemplateSyntaxError

from . import cachefile
from .diagnostics import Diagnostic, Position, error, has_errors
from .load.cache import FileCache
from .load.content import Content, LoadedInspection, group_digests, load_content
from .load.markdownfile import refill_chapter
from .model.narrative import Narrative
from .model.site import Report, Site
from .write import (OutputError, Record, discard, locked, manifest_id, publish, recover, stage,
                    staging_folder, write_now)
from .parallel import cores, fork_map, workers_for
from .pipeline import assemble, published_glossary, without_drafts
from .render.links import LinkIndex, Scan, compact, in_content, scan
from .render.pages import Page, report_page
from .render.report import ReportView
from .render.site import SiteRenderer, template_closure, template_environment
from .render.urls import page_file, root_path
from .validate import check_inspection, check_site, validate
from .viewcache import ViewCache

Progress = Callable[[str, int, int], None]
STATE_VERSION = 1
#: The database of rendered report views, in the cache folder.
VIEWS = "views.sqlite"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def code_fingerprint() -> str:
    """The generator's own source: a new version re-renders everything."""
    package = Path(__file__).resolve().parent
    return _digest(*(f"{p.relative_to(package)}:{hashlib.sha256(p.read_bytes()).hexdigest()}"
                     for p in sorted(package.rglob("*.py"))))


@dataclass
class BuildResult:
    """What one build did: its diagnostics, and counts for the terminal."""

    problems: list[Diagnostic] = field(default_factory=list)
    pages: int = 0
    rendered: int = 0
    views_rendered: int = 0
    #: Reports rendered by the worker that read their inspection, as soon as it was checked.
    rendered_early: int = 0
    files: int = 0
    inspections: int = 0
    inspections_read: int = 0  # the others were unchanged, and taken from the cache
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    links_checked: int = 0
    drafts_left_out: int = 0
    seconds: float = 0.0
    up_to_date: bool = False
    workers: int = 1
    pages_digest: str = ""  # of every page's fingerprint: what the search index was made from
    #: Seconds spent in each phase (load, validate, reports, pages, links, write), in order.
    phases: dict[str, float] = field(default_factory=dict)
    written_paths: list[str] = field(default_factory=list)
    rendered_paths: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


@dataclass
class ViewRecord:
    """A report's rendered view: its fingerprint, its excerpts, and the view if kept in memory."""

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
    validated: dict = field(default_factory=dict)
    result: BuildResult | None = None
    #: The build that published the output folder this state describes (its manifest's id).
    build_id: str = ""
    #: The drafts that build left out: reports read early are rendered as if they still are.
    left_out: tuple[str, ...] = ()


class Engine:
    def __init__(self, content: Path, out: Path, templates: Path, base_url: str | None = None,
                 progress: Progress | None = None, drafts: bool = False, early_write: bool = False,
                 cache: Path | None = None, workers: int | None = None, resident: bool = False,
                 force: bool = False, finish: Callable[[Path, str], None] | None = None):
        self.content_dir, self.out, self.templates, self.base_url = content, out, templates, base_url
        #: Let the build replace files in the output folder it did not make.
        self.force = force
        #: Adds to the next version of the site before it is published: finish(folder, the
        #: pages' digest) makes the search index.
        self.finish = finish
        self.progress, self.drafts = progress, drafts
        #: For serve: put a changed report's page on disk as soon as it is rendered, before
        #: the pages that aggregate it (and before links are checked: a preview may show
        #: a broken link a moment before the error overlay reports it).
        self.early_write = early_write
        self.cache = cache
        self.workers = workers or cores()
        #: serve's engine lives long: it keeps parsed files and rendered views in memory and
        #: always loads the content (so the next edit reloads one folder); a one-off build
        #: keeps views in the cache folder, lets parsed files go, and stops early when no
        #: input changed.
        self.resident = resident
        self.files = FileCache(keep=resident)
        #: serve's checks its templates' times; a build reads them afresh each time, and
        #: is spared a stat for each of some 40,000 uses of a template at 1,000 inspections.
        self.env = template_environment(templates, auto_reload=resident,
                                        compiled=cache / "templates" if cache else None)
        #: The template files' digests as this build compiled them (see _prepare_templates).
        self.compiled_from: dict[str, str] | None = None
        self.code = code_fingerprint()
        self.state = self._load_state() or State(links=LinkIndex(root_path(base_url)))
        self.last: BuildResult | None = None

    # --- the cache folder ----------------------------------------------------------

    def _config(self) -> tuple:
        return (STATE_VERSION, self.code, str(self.content_dir.resolve()), str(self.out.resolve()),
                str(self.templates.resolve()), self.base_url, self.drafts)

    def _load_state(self) -> State | None:
        return self._load_pickle("state.pickle")

    def _save_state(self) -> None:
        self._save_pickle("state.pickle", replace(self.state, views={
            slug: replace(v, view=None) for slug, v in self.state.views.items()}))

    def _load_pickle(self, name: str):
        """What an earlier build with the same settings saved under ``name``, or None."""
        if not self.cache or not cachefile.exists(self.cache / name):
            return None
        try:
            config, value = cachefile.load(self.cache / name)
        except Exception:  # an old or damaged cache is simply not used
            return None
        return value if config == self._config() else None

    def _save_pickle(self, name: str, value) -> None:
        if self.cache:
            cachefile.dump(self.cache / name, (self._config(), value))

    def _load_folders(self) -> None:
        """What each inspection folder gave when last read: the whole record, then the
        journal of folders changed since it was written."""
        self.files.folders = self._load_pickle("content.pickle") or {}
        journal = self._load_pickle("content-journal.pickle") if self.files.folders else None
        if journal:
            for folder, entry in journal.items():
                if entry is None:
                    self.files.folders.pop(folder, None)
                else:
                    self.files.folders[folder] = entry
            self.files.changed_folders = set(journal)

    def _save_files(self) -> None:
        """What a one-off build read and checked, for the next build (keyed by file stamps).

        Each folder's entry is kept packed, as the worker that read it packed it, so the
        record of 10,000 folders (once 5 s of pickling here) is written as it is; while
        few folders have changed since it was written, only those go to a journal beside it.
        """
        if self.resident or not self.cache:
            return
        files = self.files
        if files.changed_folders:
            if len(files.changed_folders) <= len(files.folders) // 10 and \
                    cachefile.exists(self.cache / "content.pickle"):
                self._save_pickle("content-journal.pickle",
                                  {f: files.folders.get(f) for f in files.changed_folders})
            else:
                self._save_pickle("content.pickle", files.folders)
                cachefile.remove(self.cache / "content-journal.pickle")  # it was of changes since
        if files.lasting_changed:
            self._save_pickle("sitefiles.pickle", files.lasting)
            files.lasting_changed = False
        # Saved: the next build reads it again, and the rest of this one goes on without it
        # (66 MB at 10,000 inspections, in the process the page workers are forked from).
        files.folders, files.changed_folders = {}, set()

    def _inputs(self, *folders: Path, leaving_out: Path | None = None) -> dict[str, tuple[int, int, int]]:
        """Stamps of every input file in ``folders`` (the code is in the config), but for
        those under ``leaving_out``; and of every folder, by name alone, so that a new
        empty folder or a link to one is a change as a clean build would see it."""
        stamps = {}
        for folder in folders:
            for directory, subfolders, names in os.walk(folder):
                for name in subfolders:
                    path = os.path.join(directory, name)
                    stamps[path] = _stamp(path) if os.path.islink(path) else (0, 0, 0)
                if leaving_out is not None and Path(directory) == leaving_out.parent:
                    subfolders[:] = [name for name in subfolders if name != leaving_out.name]
                for name in names:
                    path = os.path.join(directory, name)
                    stamps[path] = _stamp(path)
        return stamps

    def _up_to_date(self, inputs: dict) -> bool:
        state = self.state
        if not state.result or not state.result.ok or state.inputs != inputs:
            return False
        return all((self.out / path).is_file() and (self.out / path).stat().st_size == record.size
                   for path, record in state.records.items())

    # --- fingerprints --------------------------------------------------------------

    def _fingerprints(self, content: Content) -> dict[str, str]:
        prints = content.fingerprints()
        for loaded in content.inspections.values():
            self._add_source(prints, loaded)
        return self._add_assets_and_code(prints)

    def _add_source(self, prints: dict[str, str], loaded: LoadedInspection) -> None:
        """The report's source file is part of the report."""
        source = loaded.inspection.source if loaded.inspection else None
        path = self.content_dir / "sources" / source if source else None
        if path and path.is_file():
            key = f"inspection:{loaded.slug}"
            prints[key] = _digest(prints.get(key, ""), self.files.digest(path))

    def _add_assets_and_code(self, prints: dict[str, str]) -> dict[str, str]:
        static = self.templates / "static"
        prints["assets"] = _digest(*(f"{p.relative_to(static)}:{self.files.digest(p)}"
                                     for p in sorted(static.rglob("*")) if p.is_file()))
        prints["code"] = self.code
        return prints

    def _template_prints(self, digest: Callable[[Path], str] | None = None) -> dict[str, str]:
        """Digest of every template file (read only when its stamp changed)."""
        static = self.templates / "static"
        digest = digest or self.files.digest
        return {p.relative_to(self.templates).as_posix(): digest(p)
                for p in sorted(self.templates.rglob("*"))
                if p.is_file() and static not in p.parents}

    def _prepare_templates(self) -> None:
        """Compile every template, and find what each includes, once and in this process
        (while the glossary is parsed apart): the workers forked later inherit both
        rather than each doing it again. A mistake is left to be reported where it
        is met, with the content's own problems. The pages' keys are made from the
        digests read here, before compiling: a template saved later is built again next
        time, never taken as built."""
        prints = self._template_prints(lambda path: hashlib.sha256(path.read_bytes()).hexdigest())
        self.compiled_from = prints
        for name in prints:  # not through the file cache: the content's digests are being taken
            try:
                self._template_print(name, prints)
                self.env.get_template(name)
            except (TemplateError, OSError, ValueError):
                continue

    def _template_print(self, name: str, prints: dict[str, str]) -> str:
        version = _digest(*(f"{t}:{d}" for t, d in prints.items()))
        closure = template_closure(self.env, name, self.templates, version)
        return _digest(*(f"{t}:{prints[t]}" for t in sorted(closure)))

    def _each_inspection(self, content: Content, problems: list[Diagnostic]):
        """What a one-off build does with each inspection it reads: check it, then render it
        there and then unless the site-wide files are wrong (the build will stop)."""
        if has_errors(problems) or not content.frameworks or None in (
                content.glossary, content.providers, content.owners):
            return _checked_and_lean
        return EarlyRenders(self, content)

    def _keys(self, prints: dict[str, str], left_out: tuple[str, ...] = ()) -> Keys:
        """Keys over ``prints``; ``left_out``: the drafts this build leaves out, which
        changes the published glossary (terms only they define are not in it)."""
        template_files = self.compiled_from or self._template_prints()
        return Keys(prints, self.base_url or "", f"{self.drafts}:{','.join(left_out)}",
                    lambda name: self._template_print(name, template_files))

    # --- building ------------------------------------------------------------------

    def build(self) -> BuildResult:
        """Build once; template mistakes come back as diagnostics like content mistakes.

        The output folder's lock is held throughout; what an earlier build left half-done
        is cleared first; and what this engine knows of the folder is trusted only if it
        was the last to publish there.
        """
        try:
            with locked(self.out, told=lambda message: print(message, flush=True)):
                return self._build_locked()
        except OutputError as exc:  # the folder cannot be used, or another build holds it
            self.last = BuildResult([error(exc.message, Position(str(self.out)), exc.hint or None)])
            return self.last

    def _build_locked(self) -> BuildResult:
        try:
            with _collector_paused():
                recover(self.out)
                if self.state.build_id != manifest_id(self.out):
                    self.state = State(links=LinkIndex(root_path(self.base_url)))
                self.written_early: set[str] = set()
                return self._build()
        except OutputError as exc:
            self.last = BuildResult([error(exc.message, Position(str(self.out)), exc.hint or None)])
            self.state = State(links=LinkIndex(root_path(self.base_url)))  # a link index half-updated
        except OSError as exc:
            self.last = BuildResult([error(f"cannot write the site: {exc.strerror or exc}",
                                           Position(exc.filename or str(self.out)),
                                           "check that the output folder and its parent can be written")])
            self.state = State(links=LinkIndex(root_path(self.base_url)))
        except TemplateSyntaxError as exc:
            where = Position(str(Path(exc.filename or exc.name or "template")), exc.lineno)
            self.last = BuildResult([error(f"template error: {exc.message}", where)])
        except TemplateError as exc:
            self.last = BuildResult([error(f"template error: {exc}", self._template_line(exc),
                                           hint="check the template you changed last")])
        discard(self.out)
        return self.last

    def _template_line(self, exc: TemplateError) -> Position | None:
        """Where in the templates a mistake found while rendering is: the deepest frame of
        its traceback in a template (Jinja gives them the template's lines), read from
        the text of a worker's traceback when it was rendered there."""
        frames = [(frame.filename, frame.lineno) for frame in traceback.extract_tb(exc.__traceback__)]
        remote = getattr(exc.__cause__, "tb", "")  # a worker's, as concurrent.futures passes it on
        frames += [(name, int(line)) for name, line in re.findall(r'File "([^"]+)", line (\d+)', remote)]
        folder = str(self.templates.resolve()) + os.sep
        inside = [(name, line) for name, line in frames if os.path.abspath(name).startswith(folder)]
        return Position(inside[-1][0], inside[-1][1]) if inside else None

    def _build(self) -> BuildResult:
        started = time.perf_counter()
        inputs: dict[str, tuple[int, int, int]] = {}  # serve always loads: no need to know
        meanwhile = self._prepare_templates
        if not self.resident and self.state.result and self.state.result.ok:
            inputs = self._inputs(self.content_dir, self.templates)
            if self._up_to_date(inputs):
                previous = self.state.result
                result = replace(previous, up_to_date=True, rendered=0, views_rendered=0, written=0,
                                 removed=0, unchanged=previous.files, written_paths=[],
                                 rendered_paths=[], seconds=time.perf_counter() - started)
                self.last = result
                return result
        elif not self.resident:
            # Nothing to compare with: the inspections and templates are stamped while the
            # glossary is parsed apart, before either is read; the rest, now.
            inspections = self.content_dir / "inspections"
            inputs = self._inputs(self.content_dir, leaving_out=inspections)

            def meanwhile() -> None:
                inputs.update(self._inputs(inspections, self.templates))
                self._prepare_templates()
        clock = Clock()
        if self.resident:  # serve: everything stays parsed, so an edit reloads one folder
            content, problems = load_content(self.content_dir, self.files)
            problems += validate(content, self.state.validated)
        else:  # each inspection checked (and rendered) as it is read, on every core
            self.env.cache.clear()  # the templates as they are now (see __init__)
            self.compiled_from = None
            if not self.files.folders:
                self._load_folders()
                self.files.lasting = self._load_pickle("sitefiles.pickle") or {}
            content, problems = load_content(
                self.content_dir, self.files, each_for=self._each_inspection, workers=self.workers,
                progress=lambda done, total: self._tell("inspections", done, total),
                meanwhile=meanwhile)
            problems += check_site(content)
        clock.lap("load, check and render read reports")
        result = BuildResult(problems, phases=clock.phases, inspections_read=content.folders_read)
        self.last = result
        if has_errors(problems):
            discard(self.out)  # pages rendered early
            self._save_files()  # what was read is right whatever it says: keep it for the fix
            return result
        site = assemble(content)
        left_out: tuple[str, ...] = ()
        if not self.drafts:
            published = without_drafts(site)
            left_out = tuple(sorted(site.reports.keys() - published.reports.keys()))
            result.drafts_left_out = len(left_out)
            site = published
        keys = self._keys(self._fingerprints(content), left_out)
        self.files.forget_missing()  # every file of this build is digested: the others are gone
        self._save_files()  # what was read is right whatever links say
        early = content.by_products  # taken only where their keys agree with these
        del content
        renderer = SiteRenderer(site, self.env, self.templates, self.content_dir, self.base_url)
        self.saved_views = ViewCache(self.cache / VIEWS if self.cache else None, site)
        old = self.state
        records: dict[str, Record] = {}
        scans: dict[str, Scan] = {}

        clock.lap("model")
        # 1. Reports: a view where the report changed, a page where its page's inputs did.
        tasks = []
        views: dict[str, ViewRecord] = {}

        #: What this build staged and kept: a page rendered early and then not taken
        #: (its keys disagreed with the whole site's) may be in staging too, and is not
        #: published.
        staged: set[str] = set()

        def take(outcome: Outcome) -> None:
            views[outcome.slug], records[outcome.path] = outcome.view, outcome.record
            if outcome.staged:
                staged.add(outcome.path)
            scans[outcome.path] = outcome.scan
            result.views_rendered += outcome.view_rendered
            result.rendered += 1
            result.rendered_paths.append(outcome.path)
        for slug in sorted(site.reports):
            task = self._task(slug, keys.view(slug), renderer.report_page(slug), keys)
            outcome = early.get(slug)
            if outcome is not None and (outcome.view.key, outcome.record.key) == \
                    (task.view_key, task.page_key):
                outcome.scan = compact(outcome.scan)  # its strings shared again
                take(outcome)
                result.rendered_early += 1
            elif not task.render_view and self._page_current(task):
                records[task.path] = old.records[task.path]
            else:
                tasks.append(task)
        redone = {task.slug for task in tasks}
        views.update((slug, old.views[slug]) for slug in site.reports
                     if slug in old.views and slug not in redone and slug not in views)
        for done, outcome in enumerate(self._render_reports(site, renderer, tasks), start=1):
            take(outcome)
            self._tell("reports", done, len(tasks))
        # (reports rendered early were rendered by the workers that read them)
        result.workers = workers_for(max(len(tasks), result.rendered_early), self.workers)
        clock.lap("reports")

        # 2. Everything else, built from the model and the reports' excerpts.
        outputs = renderer.static()
        files = renderer.data()
        outputs.update((f"data/{file.name}", file.content) for file in files)
        for path, data in sorted(outputs.items()):
            records[path], was_staged = stage(self.out, path, data, "", old.records.get(path))
            if was_staged:
                staged.add(path)
        pages = [p for p in renderer.pages({slug: v.excerpts for slug, v in views.items()})
                 if p.report is None]
        data_print = _digest(*(f.content.decode() for f in files))
        stale: list[PageTask] = []
        for index, page in enumerate(pages):
            path = page_file(page.path)
            key = keys.page(page, data_print if page.path == "data/" else "")
            if path in old.records and old.records[path].key == key and (self.out / path).is_file():
                records[path] = old.records[path]
            else:
                stale.append(PageTask(index, path, key, old.records.get(path)))
        shared = (pages, renderer, files, self.out)
        for done, (path, record, was_staged, page_scan) in enumerate(
                fork_map(_render_pages, shared, stale, self.workers, here=True), start=1):
            records[path] = record
            if was_staged:
                staged.add(path)
            if page_scan is not None:  # its strings shared again, if it came from a worker
                scans[path] = compact(page_scan)
            result.rendered += 1
            result.rendered_paths.append(path)
            self._tell("pages", done, len(stale))

        clock.lap("pages")

        # 3. Every link resolves, or nothing changes.
        broken, result.links_checked = old.links.update(scans, set(records))
        clock.lap("links")
        if broken:
            result.problems += in_content(broken, self.content_dir)
            discard(self.out)
            return result
        result.pages_digest = _digest(*(f"{p}:{r.key}:{r.digest}" for p, r in sorted(records.items())))
        finish = self.finish
        published = publish(self.out, records, result.pages_digest, staged, force=self.force,
                            written_early=frozenset(self.written_early),
                            finish=finish and (lambda folder: finish(folder, result.pages_digest)))
        result.written, result.removed = len(published.written), published.removed
        result.written_paths = published.written
        result.pages = len(site.reports) + len(pages)
        result.files, result.inspections = len(records), len(site.reports)
        result.unchanged = result.files - result.written
        result.seconds = time.perf_counter() - started
        self.state = State(inputs, records, views, old.links, old.validated, result,
                           result.pages_digest, left_out)
        self._save_state()
        self.saved_views.keep_only({record.key for record in views.values()})
        self.saved_views.close()
        clock.lap("write")
        return result

    # --- reports, in worker processes when there are many -------------------------

    def _render_reports(self, site: Site, renderer: SiteRenderer, tasks: list[Task]):
        if self.early_write and workers_for(len(tasks), self.workers) == 1:
            for task in tasks:  # serve: the edited reports' pages on disk before anything else
                outcome = render_task(site, renderer, task, self, save=False)  # kept in memory
                if outcome.staged:
                    write_now(self.out, task.path, (staging_folder(self.out) / task.path).read_bytes())
                    self.written_early.add(task.path)
                yield outcome
            return
        for outcome in fork_map(_render_chunk, (site, renderer, self, os.getpid()), tasks,
                                self.workers):
            if os.getpid() != outcome.pid:  # from a worker: see _render_chunk
                outcome.scan = compact(outcome.scan)
                if isinstance(outcome.view.view, bytes):
                    outcome.view.view = self.saved_views.loads(outcome.view.view)
            yield outcome

    def _task(self, slug: str, view_key: str, page: Page, keys: Keys) -> Task:
        """A report's page to bring up to date; its view too unless the last build's stands."""
        path = page_file(page.path)
        had = self.state.views.get(slug)
        return Task(slug, view_key, had is None or had.key != view_key, path, keys.page(page),
                    self.state.records.get(path))

    def _page_current(self, task: Task) -> bool:
        """Whether the last build wrote this page from the same inputs, and it is still there."""
        return task.previous is not None and task.previous.key == task.page_key and \
            (self.out / task.path).is_file()

    def view_of(self, slug: str, key: str) -> ReportView | None:
        """A view rendered by an earlier build: in memory (serve) or in the cache folder."""
        record = self.state.views.get(slug)
        if record and record.key == key and record.view is not None:
            return record.view
        return self.saved_views.get(key)

    def _tell(self, phase: str, done: int, total: int) -> None:
        if self.progress:
            self.progress(phase, done, total)


def _stamp(path: str) -> tuple[int, int, int]:
    """A file's time, size and inode; a file gone since it was listed stamps as none."""
    try:
        stat = os.lstat(path)
    except OSError:
        return (-1, -1, -1)
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


class Clock:
    """Times a build's phases, for ``--verbose``."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases[phase] = self.phases.get(phase, 0.0) + now - self.last
        self.last = now


@dataclass
class Task:
    """One report to bring up to date: its view (when ``render_view``) and its page."""

    slug: str
    view_key: str
    render_view: bool
    path: str
    page_key: str
    previous: Record | None


@dataclass
class Outcome:
    slug: str
    path: str
    view: ViewRecord
    record: Record
    scan: Scan
    view_rendered: int
    staged: bool
    pid: int = field(default_factory=os.getpid)  # of the process that rendered it


def render_task(site: Site, renderer: SiteRenderer, task: Task, engine: Engine,
                save: bool = True) -> Outcome:
    report = site.reports[task.slug]
    view = None if task.render_view else engine.view_of(task.slug, task.view_key)
    rendered = 0
    if view is None:
        view = renderer.view(with_text(report))
        rendered = 1
        if save:
            engine.saved_views.put(task.view_key, view)
    return _page_outcome(renderer, renderer.report_page(task.slug), view, task, engine, rendered)


def _page_outcome(renderer: SiteRenderer, page: Page, view: ReportView, task: Task,
                  engine: Engine, rendered: int) -> Outcome:
    """A report's page from its view: rendered, staged and scanned for links."""
    html = renderer.render_page(page, view)
    record, staged = stage(engine.out, task.path, html.encode("utf-8"), task.page_key, task.previous)
    kept = ViewRecord(task.view_key, view.excerpts, view if engine.resident else None)
    return Outcome(task.slug, task.path, kept, record, scan(html), rendered, staged)


@dataclass
class PageTask:
    """A page other than a report's to render again: its place in the list of pages."""

    index: int
    path: str
    key: str
    previous: Record | None


def _render_pages(shared: tuple, tasks: list[PageTask]) -> list[tuple[str, Record, bool, Scan | None]]:
    """Render, stage and scan pages; in worker processes when there are many."""
    pages, renderer, files, out = shared
    results = []
    for task in tasks:
        page = pages[task.index]
        html = renderer.render_page(page, files=files if page.path == "data/" else None)
        record, staged = stage(out, task.path, html.encode("utf-8"), task.key, task.previous)
        results.append((task.path, record, staged, scan(html) if task.path.endswith(".html") else None))
    return results


def _checked_and_lean(content: Content, loaded: LoadedInspection, found: list[Diagnostic],
                      render: Callable[[Content, LoadedInspection], Outcome | None] | None = None):
    """An inspection checked (and, without errors, given to ``render``), then without what
    only checking needed (its YAML's positions) or what rendering reads again (its
    Markdown): memory for 10,000."""
    problems = check_inspection(content, loaded)
    outcome = None
    if render and loaded.inspection is not None and not has_errors(found + problems):
        outcome = render(content, loaded)
    loaded.document = None
    loaded.narrative = loaded.narrative.thinned()
    return loaded, problems, outcome


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a build, in this process and the workers it forks.

    A build makes millions of objects that live until it ends, and almost no cycles
    (some 100 objects per report). Each full pass walks every object alive: at 10,000
    inspections, 18 passes took 6 s of a 16 s rebuild. Garbage without cycles is still
    freed at once; the few cycles wait for the first pass after the build.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Keys:
    """What a report's view, and a page, are made from, as one digest each: a page whose
    key is unchanged since the last build is not rendered again."""

    def __init__(self, prints: dict[str, str], base_url: str, drafts: str,
                 template_print: Callable[[str], str]):
        #: drafts: whether they are built, and which are left out (see Engine._keys)
        self.prints, self.base_url, self.drafts = prints, base_url, drafts
        self.template_print = template_print
        self.templates: dict[str, str] = {}

    def view(self, slug: str) -> str:
        prints = self.prints
        return _digest(prints[f"inspection:{slug}"], prints["frameworks"], prints.get("glossary", ""),
                       prints["code"], self.drafts)

    def page(self, page: Page, data: str = "") -> str:
        if page.template not in self.templates:
            self.templates[page.template] = self.template_print(page.template)
        depends = sorted(page.depends_on | {"code", "assets"})
        return _digest(page_file(page.path), self.templates[page.template], self.base_url,
                       *(f"{d}:{self.prints.get(d, '')}" for d in depends), data)

    def with_prints(self, prints: dict[str, str]) -> Keys:
        """The same keys over more fingerprints (an inspection's), sharing what is known."""
        keys = Keys({**self.prints, **prints}, self.base_url, self.drafts, self.template_print)
        keys.templates = self.templates
        return keys


class EarlyRenders:
    """Reports rendered in the worker that has just read and checked their inspection.

    Its Markdown is still in memory there, so it is neither sent to this process nor
    read again; and no second round of workers is needed for the reports. Only what a
    report's page is declared to depend on is at hand: its inspection and the
    site-wide files. The engine takes a page rendered here only if its keys agree
    with the whole site's, and renders it again otherwise.
    """

    def __init__(self, engine: Engine, content: Content):
        self.engine = engine
        # Which inspections are drafts is known only once all are read: the last build's
        # drafts are assumed left out still (if not, the keys disagree).
        left_out = () if engine.drafts else engine.state.left_out
        self.site = Site({key: pair[1] for key, pair in content.frameworks.items()}, {},
                         published_glossary(content.glossary[1], left_out),
                         content.providers[1], content.owners[1])
        self.renderer = SiteRenderer(self.site, engine.env, engine.templates, engine.content_dir,
                                     engine.base_url)
        self.views = ViewCache(engine.cache / VIEWS if engine.cache else None, self.site)
        self.keys = engine._keys(engine._add_assets_and_code(
            group_digests(content.root, content.cache.digests)), left_out)  # the site-wide files

    def __call__(self, content: Content, loaded: LoadedInspection, found: list[Diagnostic]):
        return _checked_and_lean(content, loaded, found, self._render)

    def _render(self, content: Content, loaded: LoadedInspection) -> Outcome | None:
        engine, inspection = self.engine, loaded.inspection
        if inspection.draft and not engine.drafts:
            return None  # left out of the site
        prints = group_digests(content.root, content.cache.digests)  # this folder's files only
        engine._add_source(prints, loaded)
        keys = self.keys.with_prints(prints)
        page = report_page(self.site, inspection)
        task = engine._task(loaded.slug, keys.view(loaded.slug), page, keys)
        if not task.render_view and engine._page_current(task):
            return None  # a file touched but not changed: its page is up to date
        folder = content.root / "inspections" / loaded.slug
        view = self.renderer.view(Report(inspection, loaded.narrative, folder))
        self.views.put(task.view_key, view)
        return _page_outcome(self.renderer, page, view, task, engine, 1)


def with_text(report: Report) -> Report:
    """The report with its chapters' Markdown, read again if a large build let it go."""
    if not report.narrative.thin:
        return report
    chapters = [refill_chapter(report.folder / chapter.file, chapter)
                for chapter in report.narrative.chapters]
    return Report(report.inspection, Narrative(chapters), report.folder)


def _render_chunk(shared: tuple, tasks: list[Task]) -> list[Outcome]:
    site, renderer, engine, parent = shared
    outcomes = [render_task(site, renderer, task, engine) for task in tasks]
    if os.getpid() != parent:  # views go back naming the model's objects, not copying them
        for outcome in outcomes:
            if outcome.view.view is not None:
                outcome.view.view = engine.saved_views.dumps(outcome.view.view)
    return outcomes
