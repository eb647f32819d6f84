"""`build.py [build]`: content/ -> site/, or every problem and the old site left as it was."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from ..diagnostics import Severity, format_all, summary_line
from ..engine import BuildResult, Engine
from ..parallel import one_build_process
from ..search import SearchIndex, index_site
from ..write import (OutputError, check_output, claim_work_folder, output_folder, read_manifest,
                     work_folder)


def report(result: BuildResult, args) -> None:
    """Print a build's diagnostics and summary the same way for build and serve."""
    shown = [p for p in result.problems if p.severity is not Severity.NOTE or args.verbose]
    if shown:
        print(format_all(shown), file=sys.stderr)
    if not result.ok:
        print(f"build failed: {summary_line(result.problems)}; {args.out} was left as it was",
              file=sys.stderr)
        return
    if result.up_to_date:
        print(f"{args.out} is up to date: no content or template changed since the last build "
              f"({result.pages} pages from {result.inspections} "
              f"{'inspection' if result.inspections == 1 else 'inspections'}; checked in "
              f"{result.seconds:.2f} s; 0 files written)")
        return
    print(f"built {result.pages} pages ({result.files} files) from {result.inspections} "
          f"{'inspection' if result.inspections == 1 else 'inspections'} "
          f"{'' if result.inspections_read == result.inspections else f'({result.inspections_read} read, the others unchanged) '}"
          f"in {result.seconds:.2f} s{f' on {result.workers} cores' if result.workers > 1 else ''}: "
          f"{result.views_rendered} "
          f"{'report' if result.views_rendered == 1 else 'reports'} and {result.rendered} "
          f"{'page' if result.rendered == 1 else 'pages'} rendered; {result.written} files written, {result.unchanged} unchanged, "
          f"{result.removed} removed; {result.links_checked} internal links checked; "
          f"{summary_line(result.problems)}")
    if args.verbose and result.phases:
        print("  time by phase: " + ", ".join(f"{phase} {seconds:.2f} s"
                                              for phase, seconds in result.phases.items()))
    if result.drafts_left_out:
        print(f"left out {result.drafts_left_out} draft inspection"
              f"{'s' if result.drafts_left_out != 1 else ''} (add --drafts to include)")


class Progress:
    """Tells the terminal how a long build is going: live on a terminal, in steps in a log."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr  # the stream of the moment, not of import time
        self.live, self.shown = self.stream.isatty(), set()

    def __call__(self, phase: str, done: int, total: int) -> None:
        if total < 100:
            return
        if self.live:
            end = "\n" if done == total else ""
            print(f"\r  {phase}: {done}/{total}", end=end, file=self.stream, flush=True)
            return
        step = done * 4 // total  # quarters, in logs
        if (phase, step) not in self.shown and done * 4 % total < 4:
            self.shown.add((phase, step))
            print(f"  {phase}: {done}/{total}", file=self.stream, flush=True)


def cache_folder(args) -> Path:
    """``--cache``, or ``.cache/<out>`` beside the output folder: one cache per output."""
    return args.cache or args.out.parent / ".cache" / args.out.name


def usage_problem(args) -> str | None:
    """What makes these options unusable (exit 2), before anything is read or written."""
    if args.base_url is not None:
        address = urlsplit(args.base_url)
        if address.scheme not in ("http", "https") or not address.netloc or \
                any(c.isspace() or ord(c) < 32 for c in args.base_url):
            return (f"--base-url {args.base_url!r} is not an http(s) address\n"
                    "    hint: give the address the site will have, e.g. https://example.org/probation/")
    cache = cache_folder(args)
    try:
        check_output(args.out, cache, force=args.force, guarded={
            "the current folder": Path.cwd(), "the project folder": args.content.parent,
            "the content folder": args.content, "the templates folder": args.templates,
            "the generator's own folder": Path(__file__).parents[2],
            "your home folder": Path.home()},
            not_inside={"the content folder": args.content, "the templates folder": args.templates,
                        "the cache folder": cache})
        args.out = output_folder(args.out)
    except OutputError as exc:
        return str(exc)
    for folder, claim in ((cache, lambda: cache.mkdir(parents=True, exist_ok=True)),
                          (args.out.parent, lambda: claim_work_folder(work_folder(args.out)))):
        try:
            claim()
        except OutputError as exc:
            return str(exc)
        except OSError as exc:
            return (f"cannot write in {folder}: {exc.strerror or exc}\n"
                    "    hint: choose an --out (and --cache) in a folder you can write in")
    return None


def run(args) -> int:
    """Build (and index), in a process that ends with the build."""
    problem = usage_problem(args)
    if problem:
        print(f"build.py build: error: {problem}", file=sys.stderr)
        return 2
    with one_build_process():
        return _run(args)


def _run(args) -> int:
    searched: list[SearchIndex] = []

    def index(folder: Path, pages_digest: str) -> None:
        """The search index, made in the next version of the site, published with it."""
        searched.append(index_site(folder, pages_digest, work=work_folder(args.out) / "search"))

    result = Engine(args.content, args.out, args.templates, args.base_url, progress=Progress(),
                    drafts=args.drafts, cache=cache_folder(args), force=args.force,
                    finish=None if args.no_search else index).build()
    report(result, args)
    if not result.ok:
        return 1
    if not args.base_url and not result.up_to_date:
        print("note: built without --base-url, so the feed and the rating badges' HTML "
              "snippets use relative addresses, and pages have no canonical link and the site "
              "no sitemap; to publish, build with --base-url URL, the address it will have")
    if not searched and not args.no_search and not result.up_to_date:
        print("search index unchanged: no page changed")
    for search in searched:
        if search.ok and search.message:
            print(search.message)
        elif search.ok:
            print(f"search index: {search.pages} pages indexed in {search.seconds:.2f} s")
        else:
            print(f"warning: {search.message}; the site works, but its search page will say "
                  "search is unavailable", file=sys.stderr)
    return verify(args) if args.verify else 0


def verify(args) -> int:
    """Build the same content from nothing, in a temporary folder with a cache of its own,
    and compare it with the output file by file (the search index aside: Pagefind's
    differs from run to run): for anyone who doubts an incremental build."""
    with tempfile.TemporaryDirectory(prefix="reportsite-verify-") as folder:
        clean = Path(folder) / "site"
        result = Engine(args.content, clean, args.templates, args.base_url, drafts=args.drafts,
                        cache=Path(folder) / "cache").build()
        if not result.ok:  # the content has not changed since: a fault of the build's own
            print(f"verify: the clean build failed: {summary_line(result.problems)}", file=sys.stderr)
            return 1
        built, fresh = _site_files(args.out), _site_files(clean)
        differ = sorted(path for path in built.keys() & fresh.keys() if built[path] != fresh[path])
        missing, extra = sorted(fresh.keys() - built.keys()), sorted(built.keys() - fresh.keys())
    if not (differ or missing or extra):
        print(f"verify: {args.out} equals a clean build, byte for byte ({len(built)} files)")
        return 0
    for label, paths in (("differs from the clean build's", differ),
                         ("is missing (the clean build has it)", missing),
                         ("is extra (the clean build has none)", extra)):
        for path in paths:
            print(f"{args.out / path}: error: {label}", file=sys.stderr)
    count = len(differ) + len(missing) + len(extra)
    print(f"verify failed: {count} {'file' if count == 1 else 'files'}; delete "
          f"{cache_folder(args)} and build again for a clean build, and please report this",
          file=sys.stderr)
    return 1


def _site_files(folder: Path) -> dict[str, bytes]:
    """The files a build made in ``folder``: those its manifest lists, but the search index."""
    found = read_manifest(folder)
    paths = sorted(found[1]) if found else []
    return {path: (folder / path).read_bytes() for path in paths
            if not path.endswith("/") and (folder / path).is_file()}
