"""The build: content/ into a site, in stages, doing only what changed.

    0. unchanged?    every input file's stamp against the last build's: if none
                     changed, stop (a one-off build; serve builds when it sees a change)
    1. site files    the frameworks, glossary, providers and owners, loaded and typed
    2. inspections   each folder whose files (or the site files) changed is read,
                     checked, and its report rendered there and then, on every core;
                     the others are taken as the last build left them
    3. the site      checked as a whole; the model as published (no drafts)
    4. plan          from each page's key (:mod:`reportsite.keys`): which reports and
                     pages are stale
    5. render        what is stale, on every core
    6. links         every internal link and anchor resolves, or nothing changes
    7. publish       the whole new site, all at once (:mod:`reportsite.write`)
    8. remember      what this build learnt, for the next (:mod:`reportsite.memory`)

``serve`` keeps one engine for its life, ``resident``: the same stages, with
what it read and rendered kept in memory rather than in the cache folder.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from jinja2 import TemplateError, TemplateSyntaxError

from . import cachefile, keys as inputs
from .diagnostics import Diagnostic, Position, error, has_errors
from .keys import Input, Keys
from .load.cache import FileCache
from .load.content import Content, LoadedInspection, folder_stamps, load_inspection, load_site_files
from .load.markdownfile import refill_chapter
from .memory import FolderRecord, Memory, State, ViewRecord
from .model.narrative import Narrative
from .model.site import Report, Site
from .parallel import Pool, collector_paused
from .pipeline import assemble, published_glossary, without_drafts
from .render.links import LinkIndex, Scan, compact, in_content, scan
from .render.pages import Page, report_page
from .render.report import ReportView
from .render.site import SiteRenderer, template_closure, template_environment
from .render.urls import page_file, root_path
from .validate import check_inspection, check_site
from .viewcache import ViewCache
from .write import (OutputError, Record, discard, locked, manifest_id, publish, recover, stage,
                    staging_folder, write_now)

Progress = Callable[[str, int, int], None]


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
    files: int = 0
    inspections: int = 0
    inspections_read: int = 0  # the others were unchanged, and taken as the last build left them
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    links_checked: int = 0
    drafts_left_out: int = 0
    seconds: float = 0.0
    up_to_date: bool = False
    workers: int = 1
    pages_digest: str = ""  # of every page's key and bytes: names what is published
    #: Seconds spent in each stage, in order.
    phases: dict[str, float] = field(default_factory=dict)
    written_paths: list[str] = field(default_factory=list)
    rendered_paths: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


class Engine:
    def __init__(self, content: Path, out: Path, templates: Path, base_url: str | None = None,
                 progress: Progress | None = None, drafts: bool = False, early_write: bool = False,
                 cache: Path | None = None, workers: int | None = None, resident: bool = False,
                 force: bool = False, finish: Callable[[Path, str], None] | None = None):
        self.content_dir, self.out, self.templates, self.base_url = content, out, templates, base_url
        self.progress, self.drafts = progress, drafts
        #: Let the build replace files in the output folder it did not make.
        self.force = force
        #: Adds to the next version of the site before it is published: finish(folder, the
        #: pages' digest) makes the search index.
        self.finish = finish
        #: serve: an edited report's page on disk as soon as it is rendered, before the
        #: pages that aggregate it (a preview may show a broken link a moment before the
        #: error overlay reports it).
        self.early_write = early_write
        #: serve's engine lives long and keeps what it read and rendered in memory; a
        #: one-off build keeps it in the cache folder and stops early when nothing changed.
        self.resident = resident
        self.files = FileCache(keep=resident)
        #: serve's checks its templates' times; a build reads them afresh each time, and
        #: is spared a stat for each of some 40,000 uses of a template at 1,000 inspections.
        self.env = template_environment(templates, auto_reload=resident,
                                        compiled=cache / "templates" if cache else None)
        #: The template files' digests as this build compiled them (see _prepare_templates).
        self.compiled_from: dict[str, str] | None = None
        self.code = code_fingerprint()
        self.memory = Memory(cache, (STATE_VERSION, self.code, str(content.resolve()),
                                     str(out.resolve()), str(templates.resolve()), base_url, drafts),
                             resident, root_path(base_url))
        self.pool = Pool(workers)
        self.last: BuildResult | None = None

    # --- a build ---------------------------------------------------------------------

    def build(self) -> BuildResult:
        """Build once, holding the output folder's lock. Template mistakes come back as
        diagnostics like content mistakes; what a killed build left is cleared first."""
        try:
            with locked(self.out, told=lambda message: print(message, flush=True)):
                return self._build_locked()
        except OutputError as exc:  # the folder cannot be used, or another build holds it
            self.last = BuildResult([error(exc.message, Position(str(self.out)), exc.hint or None)])
            return self.last

    def _build_locked(self) -> BuildResult:
        try:
            with collector_paused():
                recover(self.out)
                if self.memory.state.build_id != manifest_id(self.out):
                    self.memory.forget()  # it is of another site
                return self._build()
        except OutputError as exc:
            self.last = BuildResult([error(exc.message, Position(str(self.out)), exc.hint or None)])
            self.memory.forget()  # its link index was half updated
        except OSError as exc:
            self.last = BuildResult([error(f"cannot write the site: {exc.strerror or exc}",
                                           Position(exc.filename or str(self.out)),
                                           "check that the output folder and its parent can be written")])
            self.memory.forget()
        except TemplateSyntaxError as exc:
            where = Position(str(Path(exc.filename or exc.name or "template")), exc.lineno)
            self.last = BuildResult([error(f"template error: {exc.message}", where)])
        except TemplateError as exc:
            self.last = BuildResult([error(f"template error: {exc}", self._template_line(exc),
                                           hint="check the template you changed last")])
        discard(self.out)
        return self.last

    def _build(self) -> BuildResult:
        started, clock, state = time.perf_counter(), Clock(), self.memory.state

        # 0. Unchanged since the last good build? The stamps of every input file.
        inputs_seen: dict[str, tuple[int, int, int]] = {}
        meanwhile = None if self.resident else self._prepare_templates
        if not self.resident and state.result and state.result.ok:
            inputs_seen = stamp_inputs(self.content_dir, self.templates)
            if _up_to_date(state, inputs_seen, self.out):
                self.last = replace(state.result, up_to_date=True, rendered=0, views_rendered=0,
                                    written=0, removed=0, unchanged=state.result.files,
                                    inspections_read=0, written_paths=[], rendered_paths=[],
                                    seconds=time.perf_counter() - started)
                return self.last
        elif not self.resident:
            # Nothing to compare with: the inspections and templates are stamped while the
            # glossary is parsed apart, before either is read; the rest, now.
            folder = self.content_dir / "inspections"
            inputs_seen = stamp_inputs(self.content_dir, leaving_out=folder)

            def meanwhile() -> None:
                inputs_seen.update(stamp_inputs(folder, self.templates))
                self._prepare_templates()
        if not self.resident:
            self.env.cache.clear()  # the templates as they are now (see __init__)
            self.compiled_from = None
            if not self.files.lasting:
                self.files.lasting = self.memory.parsed_files()

        # 1. The site-wide files.
        content, problems = load_site_files(self.content_dir, self.files, meanwhile=meanwhile)

        # 2. The inspections: each changed folder read, checked and its report rendered.
        early, read = self._read_inspections(content, problems)

        # 3. The site: checked as a whole; the model as published.
        problems += check_site(content)
        clock.lap("load, check and render read reports")
        result = BuildResult(problems, phases=clock.phases, inspections_read=read)
        self.last = result
        if self.files.lasting_changed:
            self.memory.save_parsed_files(self.files.lasting)
            self.files.lasting_changed = False
        if has_errors(problems):
            discard(self.out)  # pages rendered early
            self.memory.save_folders()  # what was read is right whatever it says: kept for the fix
            return result
        site, left_out = self._as_published(assemble(content))
        result.drafts_left_out = len(left_out)
        keys = self._keys(self._fingerprints(content), left_out)
        self.files.forget_missing()  # every file of this build is digested: the others are gone
        self.memory.save_folders()  # what was read is right whatever links say
        del content
        renderer = SiteRenderer(site, self.env, self.templates, self.content_dir, self.base_url)
        views = self.memory.open_views(site)
        clock.lap("model")

        # 4. Plan: which reports are stale (their view, or their page).
        plan = plan_reports(site, renderer, keys, state, early, self.out)
        records: dict[str, Record] = dict(plan.kept)
        view_records: dict[str, ViewRecord] = dict(plan.views)
        scans: dict[str, Scan] = {}
        #: What this build staged and kept: a report rendered early and not taken (its
        #: keys disagreed with the whole site's) may be in staging too, and is not published.
        staged: set[str] = set()

        def take(outcome: Outcome) -> None:
            view_records[outcome.slug], records[outcome.path] = outcome.view, outcome.record
            scans[outcome.path] = outcome.scan
            if outcome.staged:
                staged.add(outcome.path)
            result.views_rendered += outcome.view_rendered
            result.rendered += 1
            result.rendered_paths.append(outcome.path)

        # 5. Render: stale reports, then every other page that is stale.
        written_now: set[str] = set()

        def write_early(outcome: Outcome) -> None:
            """serve: the edited report on disk before the pages that aggregate it. Only a
            page made from the whole site's inputs (its keys agree), so never a draft's
            stale neighbour."""
            if self.early_write and outcome.staged:
                write_now(self.out, outcome.path, (staging_folder(self.out) / outcome.path).read_bytes())
                written_now.add(outcome.path)

        for outcome in plan.taken:
            if isinstance(outcome.view.view, bytes):  # sent by the worker that read it
                outcome.view.view = views.loads(outcome.view.view)
            take(outcome)
            write_early(outcome)
        rendering = Rendering(site, renderer, self.out, self.memory, self.resident)
        for done, outcome in enumerate(self.pool.map(
                render_reports, rendering, plan.tasks, send=rendering.send, receive=rendering.receive),
                start=1):
            take(outcome)
            write_early(outcome)
            self._tell("reports", done, len(plan.tasks))
        result.workers = self.pool.used_for(max(len(plan.tasks), read))
        clock.lap("reports")

        outputs = renderer.static()
        files = renderer.data()
        outputs.update((f"data/{file.name}", file.content) for file in files)
        for path, data in sorted(outputs.items()):
            records[path], changed = stage(self.out, path, data, "", state.records.get(path))
            if changed:
                staged.add(path)
        keys.prints[inputs.DATA] = _digest(*(f.content.decode() for f in files))
        pages = [page for page in renderer.pages({s: v.excerpts for s, v in view_records.items()}, files)
                 if page.report is None]
        kept, stale = plan_pages(pages, keys, state, self.out)
        records.update(kept)
        for done, (path, record, changed, page_scan) in enumerate(self.pool.map(
                render_pages, (pages, renderer, self.out), stale, here=True, receive=_compacted),
                start=1):
            records[path] = record
            if changed:
                staged.add(path)
            if page_scan is not None:
                scans[path] = page_scan
            result.rendered += 1
            result.rendered_paths.append(path)
            self._tell("pages", done, len(stale))
        clock.lap("pages")

        # 6. Links: every one resolves, or nothing changes.
        broken, result.links_checked = state.links.update(scans, set(records))
        clock.lap("links")
        if broken:
            result.problems += in_content(broken, self.content_dir)
            discard(self.out)
            return result

        # 7. Publish: the whole new site at once.
        result.pages_digest = _digest(*(f"{p}:{r.key}:{r.digest}" for p, r in sorted(records.items())))
        finish = self.finish
        published = publish(self.out, records, result.pages_digest, staged, force=self.force,
                            written_early=frozenset(written_now),
                            finish=finish and (lambda folder: finish(folder, result.pages_digest)))
        result.written, result.removed = len(published.written), published.removed
        result.written_paths = published.written
        result.pages = len(site.reports) + len(pages)
        result.files, result.inspections = len(records), len(site.reports)
        result.unchanged = result.files - result.written
        result.seconds = time.perf_counter() - started

        # 8. Remember what this build learnt.
        self.memory.save_state(State(inputs_seen, records, view_records, state.links, result,
                                     result.pages_digest, left_out))
        views.keep_only({record.key for record in view_records.values()})
        views.close()
        clock.lap("write")
        return result

    # --- stage 2: the inspections ----------------------------------------------------

    def _read_inspections(self, content: Content, problems: list[Diagnostic]
                          ) -> tuple[dict[str, Outcome], int]:
        """Each inspection folder as the last build read it, where its files and the
        site-wide files are unchanged; else read and checked, and (the site-wide files
        being sound) its report rendered there and then, by the worker that read it: its
        Markdown is in memory there, needing neither to be sent back nor read again.
        The reports rendered so, and how many folders were read."""
        records = self.memory.folder_records()
        site_key = content.site_digest()
        pending = []
        for folder in content.folders:
            stamps = folder_stamps(folder)
            record = records.get(folder)
            if stamps is not None and record is not None and record.key == (stamps, site_key):
                _take(content, record.value(), problems)
            else:
                pending.append((folder, (stamps, site_key)))
        for folder in set(records) - set(content.folders):
            self.memory.record_folder(folder, None)
        reading = Reading(content, self._report_renders(content, problems), thin=not self.resident)
        early: dict[str, Outcome] = {}
        for done, read in enumerate(self.pool.map(read_inspections, reading, pending,
                                                  send=reading.send, receive=reading.receive),
                                    start=1):
            self.memory.record_folder(read.folder, read.record)
            _take(content, read.record.value(), problems)
            if read.outcome is not None:
                early[read.outcome.slug] = read.outcome
            self._tell("inspections", done, len(pending))
        content.inspections = dict(sorted(content.inspections.items()))
        return early, len(pending)

    def _report_renders(self, content: Content, problems: list[Diagnostic]) -> ReportRenders | None:
        """What renders a report as soon as it is read; none if the site-wide files are
        wrong (the build will stop)."""
        if has_errors(problems) or not content.frameworks or None in (
                content.settings, content.glossary, content.providers, content.owners):
            return None
        # Which inspections are drafts is known only once all are read: the last build's
        # drafts are taken as left out still (if they are not, the keys disagree).
        left_out = () if self.drafts else self.memory.state.left_out
        site = Site({key: pair[1] for key, pair in content.frameworks.items()}, {},
                    published_glossary(content.glossary[1], left_out),
                    content.providers[1], content.owners[1], content.settings[1])
        renderer = SiteRenderer(site, self.env, self.templates, self.content_dir, self.base_url)
        keys = self._keys(self._with_assets_and_code(content.fingerprints()), left_out)
        return ReportRenders(site, renderer, self.out, self.memory, self.resident,
                             self.memory.view_store(site), keys, self.drafts, self.content_dir,
                             self.files)

    # --- stage 3: the site as published ----------------------------------------------

    def _as_published(self, site: Site) -> tuple[Site, tuple[str, ...]]:
        """The site as this build makes it: without the drafts (unless it shows them),
        and the drafts left out."""
        if self.drafts:
            return site, ()
        published = without_drafts(site)
        return published, tuple(sorted(site.reports.keys() - published.reports.keys()))

    def _fingerprints(self, content: Content) -> dict[Input, str]:
        prints = content.fingerprints()
        for loaded in content.inspections.values():
            source = _source_of(self.content_dir, loaded)
            if source:
                inputs.with_source(prints, loaded.slug, self.files.digest(source))
        return self._with_assets_and_code(prints)

    def _with_assets_and_code(self, prints: dict[Input, str]) -> dict[Input, str]:
        static = self.templates / "static"
        prints[inputs.ASSETS] = _digest(*(f"{p.relative_to(static)}:{self.files.digest(p)}"
                                          for p in sorted(static.rglob("*")) if p.is_file()))
        prints[inputs.CODE] = self.code
        return prints

    def _keys(self, prints: dict[Input, str], left_out: tuple[str, ...]) -> Keys:
        """Keys over ``prints``; ``left_out``: the drafts this build leaves out, which
        changes the published glossary (terms only they define are not in it)."""
        template_files = self.compiled_from or self._template_prints()
        return Keys(prints, self.base_url or "", f"{self.drafts}:{','.join(left_out)}",
                    lambda name: self._template_print(name, template_files))

    # --- templates ---------------------------------------------------------------------

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

    def _tell(self, phase: str, done: int, total: int) -> None:
        if self.progress:
            self.progress(phase, done, total)


STATE_VERSION = 2


# --- stage 0: stamps ---------------------------------------------------------------------

def stamp_inputs(*folders: Path, leaving_out: Path | None = None) -> dict[str, tuple[int, int, int]]:
    """Stamps of every input file in ``folders`` (the code is in the config), but for
    those under ``leaving_out``; and of every folder, by name alone, so that a new empty
    folder or a link to one is a change as a clean build would see it."""
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


def _stamp(path: str) -> tuple[int, int, int]:
    """A file's time, size and inode; a file gone since it was listed stamps as none."""
    try:
        stat = os.lstat(path)
    except OSError:
        return (-1, -1, -1)
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def _up_to_date(state: State, stamps: dict[str, tuple[int, int, int]], out: Path) -> bool:
    """No input changed since the last good build, and what it wrote is still there."""
    if not state.result or not state.result.ok or state.inputs != stamps:
        return False
    return all((out / path).is_file() and (out / path).stat().st_size == record.size
               for path, record in state.records.items())


# --- stage 2: each inspection, read, checked and rendered -------------------------------

@dataclass
class InspectionRead:
    """What a worker gives for one inspection folder: the record of what it read, and
    its report rendered, where it could be."""

    folder: Path
    record: FolderRecord
    outcome: Outcome | None


@dataclass
class Reading:
    """What a worker reading inspections needs: the site-wide content, what renders a
    report, and whether to let go of what only checking needed (a one-off build of
    10,000 inspections cannot keep every one's Markdown)."""

    content: Content
    renders: ReportRenders | None
    thin: bool

    def send(self, read: InspectionRead) -> InspectionRead:
        """From a worker: the record packed once, there; the view by its names."""
        read.record.packed, read.record.kept = cachefile.pack(read.record.kept), None
        if read.outcome is not None and self.renders is not None:
            read.outcome = self.renders.send(read.outcome)
        return read

    def receive(self, read: InspectionRead) -> InspectionRead:
        if read.outcome is not None and self.renders is not None:
            read.outcome = self.renders.receive(read.outcome)
        return read


def read_inspections(reading: Reading, folders: list[tuple[Path, tuple]]) -> list[InspectionRead]:
    """Read, check and render each inspection folder (in a worker, or here)."""
    reads = []
    content = reading.content
    for folder, key in folders:
        loaded, problems, digests = load_inspection(content, folder)
        problems += check_inspection(content, loaded)
        outcome = None
        if reading.renders is not None and loaded.inspection is not None and not has_errors(problems):
            outcome = reading.renders.render(loaded, digests)
        if reading.thin:
            loaded.document = None  # its positions: needed again only to place a message
            loaded.narrative = loaded.narrative.thinned()
        reads.append(InspectionRead(folder, FolderRecord(key, kept=(loaded, problems, digests)),
                                    outcome))
    return reads


def _take(content: Content, read: tuple, problems: list[Diagnostic]) -> None:
    loaded, found, digests = read
    content.inspections[loaded.slug] = loaded
    content.cache.digests.update(digests)
    problems += found


def _source_of(content_dir: Path, loaded: LoadedInspection) -> Path | None:
    source = loaded.inspection.source if loaded.inspection else None
    path = content_dir / "sources" / source if source else None
    return path if path and path.is_file() else None


@dataclass
class Rendering:
    """What a worker rendering reports needs; and how a rendered report travels back from
    it: its view by the names of the model's objects, its scan's strings shared again."""

    site: Site
    renderer: SiteRenderer
    out: Path
    memory: Memory
    resident: bool
    views: ViewCache | None = None

    def __post_init__(self) -> None:
        self.views = self.views or self.memory.views

    def send(self, outcome: Outcome) -> Outcome:
        if isinstance(outcome.view.view, ReportView):
            outcome.view.view = self.views.dumps(outcome.view.view)
        return outcome

    def receive(self, outcome: Outcome) -> Outcome:
        outcome.scan = compact(outcome.scan)
        if isinstance(outcome.view.view, bytes):
            outcome.view.view = self.views.loads(outcome.view.view)
        return outcome


@dataclass
class ReportRenders(Rendering):
    """Renders a report as soon as its inspection is read and checked, from what is at
    hand then: its inspection and the site-wide files. The build takes such a report
    only if its keys agree with the whole site's, and renders it again otherwise."""

    keys: Keys | None = None
    drafts: bool = False
    content_dir: Path | None = None
    files: FileCache | None = None

    def render(self, loaded: LoadedInspection, digests: dict[str, str]) -> Outcome | None:
        inspection = loaded.inspection
        if inspection.draft and not self.drafts:
            return None  # left out of the site
        prints = inputs.fingerprints(self.content_dir, digests)  # this folder's files
        source = _source_of(self.content_dir, loaded)
        if source:
            inputs.with_source(prints, loaded.slug, self.files.digest(source))
        keys = self.keys.with_prints(prints)
        page = report_page(self.site, inspection)
        task = report_task(loaded.slug, inspection.framework, keys, page, self.memory.state)
        if not task.render_view and page_current(task, self.out):
            return None  # a file saved again unchanged: its page is up to date
        folder = self.content_dir / "inspections" / loaded.slug
        view = self.renderer.view(Report(inspection, loaded.narrative, folder))
        self.views.put(task.view_key, view)
        return page_outcome(self.renderer, page, view, task, self.out, 1, self.resident)

    def receive(self, outcome: Outcome) -> Outcome:
        """Its view stays as it came, by the names of the model's objects, until the whole
        site's model is made: found again there, if the report is taken (see below)."""
        outcome.scan = compact(outcome.scan)
        return outcome


# --- stage 4: the plan --------------------------------------------------------------------

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
    """A report's page rendered and staged (``staged``: its bytes changed), scanned for links."""

    slug: str
    path: str
    view: ViewRecord
    record: Record
    scan: Scan
    view_rendered: int
    staged: bool


def report_task(slug: str, framework: str, keys: Keys, page: Page, state: State) -> Task:
    """A report's page to bring up to date; its view too unless the last build's stands."""
    path = page_file(page.path)
    view_key = keys.view(slug, framework)
    had = state.views.get(slug)
    return Task(slug, view_key, had is None or had.key != view_key, path,
                keys.page(path, page.template, page.depends_on), state.records.get(path))


def page_current(task: Task, out: Path) -> bool:
    """Whether the last build wrote this page from the same inputs, and it is still there."""
    return task.previous is not None and task.previous.key == task.page_key and \
        (out / task.path).is_file()


@dataclass
class ReportPlan:
    """What becomes of each report: rendered early and taken, kept as it is, or a task."""

    taken: list[Outcome] = field(default_factory=list)
    kept: dict[str, Record] = field(default_factory=dict)
    views: dict[str, ViewRecord] = field(default_factory=dict)
    tasks: list[Task] = field(default_factory=list)


def plan_reports(site: Site, renderer: SiteRenderer, keys: Keys, state: State,
                 early: dict[str, Outcome], out: Path) -> ReportPlan:
    """Each report: its early rendering if its keys agree with the whole site's; the
    last build's view and page if neither is stale; else a task."""
    plan = ReportPlan()
    for slug in sorted(site.reports):
        task = report_task(slug, site.reports[slug].inspection.framework, keys,
                           renderer.report_page(slug), state)
        outcome = early.get(slug)
        if outcome is not None and (outcome.view.key, outcome.record.key) == \
                (task.view_key, task.page_key):
            plan.taken.append(outcome)
        elif not task.render_view and page_current(task, out):
            plan.kept[task.path] = task.previous
            plan.views[slug] = state.views[slug]
        else:
            plan.tasks.append(task)
    return plan


@dataclass
class PageTask:
    """A page other than a report's to render again: its place in the list of pages."""

    index: int
    path: str
    key: str
    previous: Record | None


def plan_pages(pages: list[Page], keys: Keys, state: State, out: Path
               ) -> tuple[dict[str, Record], list[PageTask]]:
    """The last build's record of each page whose key is unchanged (and still there), and
    a task for each other."""
    kept, stale = {}, []
    for index, page in enumerate(pages):
        path = page_file(page.path)
        key = keys.page(path, page.template, page.depends_on)
        previous = state.records.get(path)
        if previous is not None and previous.key == key and (out / path).is_file():
            kept[path] = previous
        else:
            stale.append(PageTask(index, path, key, previous))
    return kept, stale


# --- stage 5: rendering ------------------------------------------------------------------

def render_reports(rendering: Rendering, tasks: list[Task]) -> list[Outcome]:
    """Each report's view (unless the last build's stands) and page."""
    outcomes = []
    for task in tasks:
        report = rendering.site.reports[task.slug]
        view = None if task.render_view else rendering.memory.view_of(task.slug, task.view_key)
        rendered = 0
        if view is None:
            view = rendering.renderer.view(with_text(report))
            rendered = 1
            rendering.views.put(task.view_key, view)
        outcomes.append(page_outcome(rendering.renderer, rendering.renderer.report_page(task.slug),
                                     view, task, rendering.out, rendered, rendering.resident))
    return outcomes


def page_outcome(renderer: SiteRenderer, page: Page, view: ReportView, task: Task, out: Path,
                 rendered: int, resident: bool) -> Outcome:
    """A report's page from its view: rendered, staged and scanned for links."""
    html = renderer.render_page(page, view)
    record, staged = stage(out, task.path, html.encode("utf-8"), task.page_key, task.previous)
    kept = ViewRecord(task.view_key, view.excerpts, view if resident else None)
    return Outcome(task.slug, task.path, kept, record, scan(html), rendered, staged)


def with_text(report: Report) -> Report:
    """The report with its chapters' Markdown, read again if a large build let it go."""
    if not report.narrative.thin:
        return report
    chapters = [refill_chapter(report.folder / chapter.file, chapter)
                for chapter in report.narrative.chapters]
    return Report(report.inspection, Narrative(chapters), report.folder)


def render_pages(shared: tuple, tasks: list[PageTask]) -> list[tuple[str, Record, bool, Scan | None]]:
    """Render, stage and scan pages (in a worker, or here)."""
    pages, renderer, out = shared
    results = []
    for task in tasks:
        html = renderer.render_page(pages[task.index])
        record, staged = stage(out, task.path, html.encode("utf-8"), task.key, task.previous)
        results.append((task.path, record, staged, scan(html) if task.path.endswith(".html") else None))
    return results


def _compacted(result: tuple) -> tuple:
    """A page's result from a worker, its scan's strings shared again."""
    path, record, staged, page_scan = result
    return path, record, staged, compact(page_scan) if page_scan is not None else None


class Clock:
    """Times a build's stages, for ``--verbose``."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases[phase] = self.phases.get(phase, 0.0) + now - self.last
        self.last = now
