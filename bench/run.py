#!/usr/bin/env python3
"""Measure builds of generated sites of several sizes, and the floor and a peer beside them.

    python bench/run.py [--sizes 100 1000 10000] [--repeat 3] [--write docs/benchmarks.md]

For each size it generates a corpus (bench/generate.py) and times, each as a
separate process with only public tools (the wall clock, and the kernel's
accounting of memory):

1. a cold build: no cache folder, no output folder; beside a larger size, the
   next smaller size's cold build is timed just before and just after it;
2. a warm build: nothing changed (and checks that no file in the output changed);
3. a build after editing one inspection's YAML, and one after editing one of
   its Markdown files;
4. a build after editing one page template (the standard page), and one after
   editing a template every report page uses (a slot);
5. the floor: Python-Markdown alone converting the corpus's Markdown files
   on all cores, with the extensions a report uses that ship with it, right
   after each cold build;
6. Hugo (where installed) building the same Markdown files as plain pages, and
   MkDocs and Pelican (where installed; at 1,000 and fewer, as they use one
   core) likewise;
7. search indexing of the cold build's output (Pagefind), separately; then the build as
   published, with its search index: cold (each with the floor right after it), and after
   editing one inspection's YAML;
8. at 1,000 and fewer: with `serve` running, the time from saving one
   inspection.yaml to its page changing on disk.

Peak memory is the largest sum, over the build's processes, of their
proportional set size (shared pages divided among the processes that share
them: forked workers are not counted twice), sampled from
/proc/<pid>/smaps_rollup every 20 ms, or less often when a sample itself
takes longer than 0.4 ms (at most 2% of the time: reading it is costly for
large processes).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402
from serve_latency import measure as serve_latency  # noqa: E402

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
#: Memory is sampled at most 1/SAMPLE_PAUSE of the time (see ``timed``).
SAMPLE_PAUSE = 50
#: The site's own indexing (in parts on a large site), as `build` runs it.
SEARCH = """import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from reportsite.search import index_site
result = index_site(Path(sys.argv[2]))
print(result)
sys.exit(0 if result.ok else 1)
"""


@dataclass
class Run:
    seconds: float
    peak_mb: float
    output: str = ""


@dataclass
class Row:
    what: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)


def tree(pid: int) -> list[int]:
    """A process and its descendants."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as file:
                    pending += [int(child) for child in file.read().split()]
        except OSError:
            pass
    return found


def pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as file:
            for line in file:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed(command: list[str], cwd: Path = ROOT) -> Run:
    """Run ``command``; its wall time and the peak of its processes' memory."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        # The kernel walks a process's whole memory to answer, holding its memory map's
        # lock: 19 ms for a 1.7 GB process. Sampling every 20 ms would take a core from a
        # large build and stall its allocations, so the pause grows with what a sample cost.
        nonlocal peak
        while not done.is_set():
            began = time.perf_counter()
            peak = max(peak, sum(pss_kb(pid) for pid in tree(process.pid)))
            done.wait(max(0.02, SAMPLE_PAUSE * (time.perf_counter() - began)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = process.communicate()[0]
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{output[-3000:]}")
    return Run(seconds, peak / 1024, output)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in folder.rglob("*") if p.is_file()}


def changed(before: dict, after: dict) -> int:
    return sum(1 for path in before.keys() | after.keys() if before.get(path) != after.get(path))


# --- the measurements ----------------------------------------------------------------

FLOOR = """
import os, sys, markdown
from multiprocessing import Pool
def convert(paths):
    md = markdown.Markdown(extensions=["tables", "footnotes", "sane_lists"])
    for path in paths:
        md.reset()
        with open(path, encoding="utf-8") as file:
            md.convert(file.read())
if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as listing:
        paths = listing.read().splitlines()
    cores = os.cpu_count()
    with Pool(cores) as pool:
        pool.map(convert, [paths[i::cores * 4] for i in range(cores * 4)])
"""

HUGO_CONFIG = 'baseURL = "http://localhost/"\ntitle = "bench"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n[markup.goldmark.renderer]\nunsafe = true\n'
HUGO_LAYOUT = "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n"

MKDOCS_CONFIG = """site_name: bench
docs_dir: docs
site_dir: site
plugins: []
theme:
  name: null
  custom_dir: theme
markdown_extensions: [tables, footnotes, sane_lists]
validation:
  links: {not_found: ignore, anchors: ignore, absolute_links: ignore, unrecognized_links: ignore}
"""
MKDOCS_LAYOUT = "<!DOCTYPE html><html><head><title>{{ page.title }}</title></head><body>{{ page.content }}</body></html>\n"

#: Every page an article, saved under its own slug; no index, archive, category,
#: tag or author pages, no feeds, no cache: the same work as the other peers.
PELICAN_CONFIG = """SITENAME = "bench"
PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
ARTICLE_URL = ARTICLE_SAVE_AS = "{slug}.html"
DIRECT_TEMPLATES = []
CATEGORY_SAVE_AS = TAG_SAVE_AS = AUTHOR_SAVE_AS = ARCHIVES_SAVE_AS = ""
CATEGORIES_SAVE_AS = TAGS_SAVE_AS = AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
LOAD_CONTENT_CACHE = CACHE_CONTENT = False
MARKDOWN = {"extension_configs": {"markdown.extensions.tables": {},
                                  "markdown.extensions.footnotes": {},
                                  "markdown.extensions.sane_lists": {}},
            "output_format": "html5"}
"""
PELICAN_LAYOUT = "<!DOCTYPE html><html><head><title>{{ article.title }}</title></head><body>{{ article.content }}</body></html>\n"


def peer_site(corpus: Path, folder: Path, files: dict[str, str], content: str,
              front_matter) -> None:
    """A fresh ``folder`` holding ``files`` (configuration, layout) and the corpus's
    Markdown files under ``content``, each headed by ``front_matter(path, title)``."""
    if folder.exists():
        shutil.rmtree(folder)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    for path in sorted((corpus / "inspections").glob("*/*.md")):
        target = folder / content / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        title = text.split("\n", 1)[0].lstrip("# ")
        target.write_text(front_matter(path, title) + text, encoding="utf-8")


def mkdocs_site(corpus: Path, folder: Path) -> None:
    """The corpus's Markdown files as a MkDocs site of plain pages (no navigation, no search)."""
    peer_site(corpus, folder, {"mkdocs.yml": MKDOCS_CONFIG, "theme/main.html": MKDOCS_LAYOUT},
              "docs", lambda path, title: "")


def pelican_site(corpus: Path, folder: Path) -> None:
    """The corpus's Markdown files as a Pelican site of plain pages (metadata: title, date, slug)."""
    peer_site(corpus, folder, {"pelicanconf.py": PELICAN_CONFIG,
                               "theme/templates/article.html": PELICAN_LAYOUT}, "content",
              lambda path, title: f"Title: {title}\nDate: 2024-01-01\n"
                                  f"Slug: {path.parent.name}-{path.stem}\n\n")


def hugo_site(corpus: Path, folder: Path) -> None:
    """The corpus's Markdown files as a Hugo site of plain pages (front matter: the title)."""
    peer_site(corpus, folder, {"config.toml": HUGO_CONFIG, "layouts/_default/single.html": HUGO_LAYOUT,
                               "layouts/_default/list.html": HUGO_LAYOUT}, "content",
              lambda path, title: '---\ntitle: "' + title.replace('"', "'") + '"\n---\n')


def measure_size(size: int, work: Path, repeat: int, log, smaller: int | None = None) -> dict[str, Row]:
    corpus, out, cache = work / f"corpus-{size}", work / f"site-{size}", work / f"cache-{size}"
    templates = work / "templates"
    if not (corpus / ".complete").exists():
        log(f"generating {size} inspections")
        generate(size, corpus)
        (corpus / ".complete").write_text(str(size))
    build = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(corpus), "--out",
             str(out), "--cache", str(cache), "--templates", str(templates), "--no-search"]
    rows: dict[str, Row] = {}

    def step(key: str, what: str, prepare=None, command=build) -> Row:
        row = rows.setdefault(key, Row(what))
        for _ in range(repeat):
            if prepare:
                prepare()
            row.runs.append(timed(command))
            log(f"  {size}: {what}: {row.runs[-1].seconds:.2f} s, {row.runs[-1].peak_mb:.0f} MB")
        return row

    def fresh() -> None:
        for folder in (out, cache, templates):
            shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(ROOT / "templates", templates)

    files = [str(p) for p in sorted((corpus / "inspections").glob("*/*.md"))]
    floor_script = work / "floor.py"
    floor_script.write_text(FLOOR)
    megabytes = sum(os.path.getsize(p) for p in files) / 1e6
    floor = rows.setdefault("floor", Row(f"floor: Python-Markdown alone, {len(files)} files "
                                         f"({megabytes:.0f} MB), all cores"))
    listing = work / "files.txt"  # too many paths for a command line
    listing.write_text("\n".join(files), encoding="utf-8")

    def cold_build(corpus: Path, out: Path, cache: Path) -> Run:
        for folder in (out, cache):
            shutil.rmtree(folder, ignore_errors=True)
        return timed([sys.executable, str(ROOT / "build.py"), "build", "--content", str(corpus),
                      "--out", str(out), "--cache", str(cache), "--no-search"])

    # The floor runs right after each cold build, and a smaller site's cold build
    # just before and after a large one: this machine's speed drifts by tens of
    # per cent over minutes, and adjacent runs see the same machine.
    cold = rows.setdefault("cold", Row("cold build (no cache, no output)"))
    for _ in range(repeat):
        if smaller:
            rows.setdefault("before", Row("")).runs.append(
                cold_build(work / f"corpus-{smaller}", work / "bracket-site", work / "bracket-cache"))
        fresh()
        cold.runs.append(timed(build))
        log(f"  {size}: cold: {cold.runs[-1].seconds:.2f} s, {cold.runs[-1].peak_mb:.0f} MB")
        floor.runs.append(timed([sys.executable, str(floor_script), str(listing)]))
        log(f"  {size}: floor: {floor.runs[-1].seconds:.2f} s")
        if smaller:
            rows.setdefault("after", Row("")).runs.append(
                cold_build(work / f"corpus-{smaller}", work / "bracket-site", work / "bracket-cache"))
    warm = rows.setdefault("warm", Row("warm build, nothing changed"))
    for _ in range(repeat):
        before = snapshot(out)
        warm.runs.append(timed(build))
        warm.note = f"{changed(before, snapshot(out))} files changed"
        log(f"  {size}: warm: {warm.runs[-1].seconds:.2f} s ({warm.note})")
    rated = sorted(p.name for p in (corpus / "inspections").iterdir() if "-crc-" in p.name)
    slug = rated[len(rated) // 2]  # one in the middle, rated under the 2018 standards
    folder = corpus / "inspections" / slug
    yaml_file, chapter = folder / "inspection.yaml", sorted(folder.glob("*.md"))[1]
    edits = iter(range(1, 1000))

    original = yaml_file.read_text(encoding="utf-8")

    def edit_yaml() -> None:  # the lead inspector's name: a plain value, shown on the report page
        yaml_file.write_text(original.replace("\nlead_inspector: ", f"\nlead_inspector: Editor {next(edits)} and ",
                                              1), encoding="utf-8")

    def edit_markdown() -> None:
        with chapter.open("a", encoding="utf-8") as file:
            file.write(f"\nA paragraph added by an editor, {next(edits)}.\n")

    def edit_template(name: str, old: str):
        def edit() -> None:
            path = templates / name
            path.write_text(path.read_text(encoding="utf-8").replace(old, old + " ", 1), encoding="utf-8")
        return edit

    step("yaml", "one inspection.yaml edited", edit_yaml)
    step("markdown", "one Markdown file edited", edit_markdown)
    step("template", "standard page template edited", edit_template("standard.html", "</h1>"))
    step("slot", "a report-page template edited (slot)",
         edit_template("slots/recommendations.html", ">"))
    search = rows.setdefault("search", Row("search index alone (Pagefind), after the build"))
    for _ in range(repeat):
        shutil.rmtree(out / "pagefind", ignore_errors=True)
        search.runs.append(timed([sys.executable, "-c", SEARCH, str(ROOT), str(out)]))
    log(f"  {size}: search: {search.median:.2f} s, {search.peak_mb:,.0f} MB")

    # The build as published: with its search index, in an output folder of its own; each
    # cold one with the floor right after it, then edits of one inspection.
    indexed_out, indexed_cache = work / f"indexed-site-{size}", work / f"indexed-cache-{size}"
    indexed = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(corpus), "--out",
               str(indexed_out), "--cache", str(indexed_cache), "--templates", str(templates)]
    full = rows.setdefault("full", Row("full build with its search index (no cache, no output)"))
    paired_floor = rows.setdefault("full-floor", Row(""))
    for _ in range(repeat):
        for folder in (indexed_out, indexed_cache):
            shutil.rmtree(folder, ignore_errors=True)
        full.runs.append(timed(indexed))
        log(f"  {size}: full with index: {full.runs[-1].seconds:.2f} s, {full.runs[-1].peak_mb:.0f} MB")
        paired_floor.runs.append(timed([sys.executable, str(floor_script), str(listing)]))
        log(f"  {size}: floor: {paired_floor.runs[-1].seconds:.2f} s")
    step("full-yaml", "one inspection.yaml edited, build with its search index", edit_yaml,
         command=indexed)

    if shutil.which("hugo"):
        site = work / f"hugo-{size}"
        hugo_site(corpus, site)
        hugo = rows.setdefault("hugo", Row(f"Hugo {hugo_version()}: the same Markdown files as plain pages"))
        for _ in range(repeat):
            shutil.rmtree(site / "public", ignore_errors=True)
            shutil.rmtree(site / "resources", ignore_errors=True)
            hugo.runs.append(timed(["hugo", "--quiet", "--source", str(site)]))
        log(f"  {size}: hugo: {hugo.median:.2f} s")
    if importlib.util.find_spec("mkdocs") and size <= 1000:  # one core: 10,000 would take long
        site = work / f"mkdocs-{size}"
        mkdocs_site(corpus, site)
        mkdocs = rows.setdefault("mkdocs", Row(f"MkDocs {package_version('mkdocs')}: the same "
                                               "Markdown files as plain pages"))
        for _ in range(repeat):
            mkdocs.runs.append(timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean",
                                      "--config-file", str(site / "mkdocs.yml")]))
        log(f"  {size}: mkdocs: {mkdocs.median:.2f} s")
    if importlib.util.find_spec("pelican") and size <= 1000:  # one core, as MkDocs
        site = work / f"pelican-{size}"
        pelican_site(corpus, site)
        pelican = rows.setdefault("pelican", Row(f"Pelican {package_version('pelican')}: the same "
                                                 "Markdown files as plain pages"))
        for _ in range(repeat):
            shutil.rmtree(site / "output", ignore_errors=True)
            pelican.runs.append(timed([sys.executable, "-m", "pelican", "--quiet", "--settings",
                                       str(site / "pelicanconf.py")], cwd=site))
        log(f"  {size}: pelican: {pelican.median:.2f} s")
    if size <= 1000:
        seconds = serve_latency(corpus, 5, slug, log=lambda line: None)
        rows["serve"] = Row("serve running: inspection.yaml saved -> its page on disk",
                            [Run(s, 0) for s in seconds], f"{len(seconds)} edits")
        log(f"  {size}: serve: median {rows['serve'].median:.3f} s")
    return rows


def package_version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def hugo_version() -> str:
    output = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout
    return output.split()[1].split("+")[0] if output else ""


# --- the report ----------------------------------------------------------------------

def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                  if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    return (f"{os.cpu_count()} CPU cores ({model}), {memory / 1024 / 1024:.0f} GB of memory, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")


def paired(first: Row, second: Row) -> float:
    """The median ratio of runs made one after the other."""
    return statistics.median(a.seconds / b.seconds for a, b in zip(first.runs, second.runs))


def table(results: dict[int, dict[str, Row]], repeat: int) -> str:
    sizes = sorted(results)
    lines = [f"Machine: {machine()}. Each figure is the median of {repeat} runs "
             f"(one run at sizes over 1,000); peak memory is the largest of the runs.", ""]
    lines.append("| measurement | " + " | ".join(f"{s:,} inspections" for s in sizes) + " |")
    lines.append("|---|" + "---|" * len(sizes))
    keys = [k for k in ("cold", "warm", "yaml", "markdown", "template", "slot", "search", "full",
                        "full-yaml", "floor",
                        "hugo", "mkdocs", "pelican", "serve") if any(k in results[s] for s in sizes)]
    for key in keys:
        what = next(results[s][key].what for s in sizes if key in results[s])
        cells = []
        for size in sizes:
            row = results[size].get(key)
            if row is None:
                cells.append("not measured")
                continue
            cell = f"{row.median:.3f} s" if row.median < 1 else f"{row.median:.1f} s"
            if row.peak_mb:
                cell += f", {row.peak_mb:,.0f} MB"
            if row.note:
                cell += f" ({row.note})"
            cells.append(cell)
        lines.append(f"| {what} | " + " | ".join(cells) + " |")
    lines += ["", "Ratios:", ""]
    for size in sizes:
        rows = results[size]
        cold = rows["cold"].median
        parts = [f"warm / cold {rows['warm'].median / cold:.1%}",
                 f"cold / floor {paired(rows['cold'], rows['floor']):.2f}x (each cold build with the "
                 f"floor run after it; {cold / rows['floor'].median:.2f}x as medians)"]
        if "hugo" in rows:
            parts.append(f"cold / Hugo {cold / rows['hugo'].median:.1f}x")
        if "mkdocs" in rows:
            parts.append(f"cold / MkDocs {cold / rows['mkdocs'].median:.2f}x")
        if "pelican" in rows:
            parts.append(f"cold / Pelican {cold / rows['pelican'].median:.2f}x")
        for key in ("yaml", "markdown", "template", "slot"):
            parts.append(f"{key} edit / cold {rows[key].median / cold:.1%}")
        if "full" in rows:
            full = rows["full"].median
            parts.append(f"full build with its index / floor {paired(rows['full'], rows['full-floor']):.2f}x "
                         f"(each with the floor run after it; {full / rows['full-floor'].median:.2f}x "
                         f"as medians); one edit with the index / full build with its index "
                         f"{rows['full-yaml'].median / full:.1%}")
        lines.append(f"- {size:,} inspections: " + "; ".join(parts))
    if len(sizes) > 1:
        for small, large in zip(sizes, sizes[1:]):
            rows = results[large]
            around = Row("", [Run((before.seconds + after.seconds) / 2, 0) for before, after
                              in zip(rows["before"].runs, rows["after"].runs)])
            ratio = rows["cold"].median / results[small]["cold"].median
            lines.append(f"- cold build, {large:,} / {small:,} inspections (for {large / small:.0f}x "
                         f"the inspections): {paired(rows['cold'], around):.2f}x against {small:,}-inspection "
                         f"cold builds timed just before and just after each {large:,} one; "
                         f"{ratio:.2f}x against the {small:,} row above")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (sizes up to 1,000)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/reportsite-bench"))
    parser.add_argument("--write", type=Path, help="put the table into this Markdown file, "
                        f"between {START} and {END}")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = {}
    smaller = None
    for size in sorted(args.sizes):
        results[size] = measure_size(size, args.work, args.repeat if size <= 1000 else 1,
                                     lambda line: print(line, file=sys.stderr, flush=True), smaller)
        smaller = size
    text = table(results, args.repeat)
    print(text)
    if args.write:
        document = args.write.read_text(encoding="utf-8")
        before, _, rest = document.partition(START)
        _, _, after = rest.partition(END)
        args.write.write_text(f"{before}{START}\n{text}\n{END}{after}", encoding="utf-8")


if __name__ == "__main__":
    main()
