"""The command line: ``python build.py [command] [options]``.

Exit codes: 0 success, 1 content problems (every one printed as
``path:line:col: error: message``), 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build a static website from HM Inspectorate of Probation inspection reports.",
        epilog="With no command, 'build' is run.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="command")

    build = commands.add_parser("build", help="build the site from content/ into site/ (default)")
    _build_options(build)
    build.add_argument("--drafts", action="store_true",
                       help="include draft inspections (serve always does, to preview them)")
    build.add_argument("--verify", action="store_true",
                       help="after building, build again from nothing in a temporary folder and "
                       "compare: says whether the incremental build equals a clean one")
    build.add_argument("--no-search", action="store_true",
                       help="do not build the search index (faster; the search page says so)")

    serve = commands.add_parser("serve", help="build a preview (drafts included), serve it on "
                                "127.0.0.1 and rebuild it on every change")
    _build_options(serve, out=PREVIEW, out_help="the preview's folder (default: .cache/preview/site; "
                   "never site/, which holds no drafts)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")

    check = commands.add_parser("check", help="load and validate all content; write nothing")
    _content_option(check)
    check.add_argument("--quiet", action="store_true", help="print errors and warnings only")

    new = commands.add_parser("new", help="scaffold a new inspection folder, ready to fill in")
    new.add_argument("slug", help="folder name for the inspection, e.g. essex-crc-2021")
    new.add_argument("--framework", help="a framework's id, its file name in frameworks/ (or a "
                     "part of it that names one, e.g. 2018); by default the newest inspection's")
    new.add_argument("--provider", help="provider slug from providers.yaml (default: the slug "
                     "without its year, added as a placeholder if new)")
    new.add_argument("--owner", help="for a new provider, its owner's slug from owners.yaml "
                     "(default: a placeholder); an existing provider's owners are in providers.yaml")
    _content_option(new)

    importer = commands.add_parser(
        "import", help="draft a new inspection folder from a report's text export")
    importer.add_argument("report", type=Path, help="the report as .txt or .md text export")
    importer.add_argument("--slug", help="folder name for the inspection, e.g. essex-crc-2018")
    importer.add_argument("--force", action="store_true",
                          help="replace an existing draft folder of that slug")
    importer.add_argument("--framework", help="the framework the report follows, e.g. "
                          "standards-2018 (by default it is recognised from the text)")
    _content_option(importer)

    schema = commands.add_parser("schema", help="write the JSON Schemas for editors' YAML tools")
    schema.add_argument("--out", type=Path, default=Path("schemas"), help="folder (default: schemas)")
    return parser


#: Where serve builds its preview, drafts and all: apart from site/ (which is published)
#: and with a cache of its own, so that neither a preview nor a build feeds the other.
PREVIEW = Path(".cache/preview/site")


def _build_options(parser: argparse.ArgumentParser, out: Path = Path("site"),
                   out_help: str = "output folder (default: site)") -> None:
    _content_option(parser)
    parser.add_argument("--out", type=Path, default=out, help=out_help)
    parser.add_argument("--base-url", help="public address of the site, e.g. https://example.org/probation/;"
                        " used for absolute links (feeds, sitemap, canonical); internal links stay relative")
    parser.add_argument("--cache", type=Path, help="where what a build learnt is kept for the next one "
                        "(default: .cache/<out> beside the output folder; safe to delete)")
    parser.add_argument("--force", action="store_true",
                        help="build into an existing folder that no build made, keeping its files "
                        "but replacing those the site also has (never the project's own folders)")
    parser.add_argument("--templates", type=Path, default=TEMPLATES, help=argparse.SUPPRESS)
    parser.add_argument("--verbose", action="store_true", help="also print notes")


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"),
                        help="content folder (default: content)")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "build")  # 'build.py --out x' means 'build.py build --out x'
    args = parser.parse_args(argv)
    command = args.command
    content = getattr(args, "content", None)
    if command in ("new", "import") and content is not None and not content.is_dir():
        # They would otherwise report what the missing folder lacks (its frameworks), not that it is missing.
        print(f"build.py {command}: error: content folder {content} does not exist\n"
              "    hint: run from the project folder, or pass --content DIR", file=sys.stderr)
        return 2
    try:
        if command == "build":
            from .commands.build import run
        elif command == "serve":
            from .commands.serve import run
        elif command == "new":
            from .commands.new import run
        elif command == "check":
            from .commands.check import run
        elif command == "import":
            from .commands.importing import run
        elif command == "schema":
            from .commands.schema import run
        else:
            print(f"build.py: '{command}' is not available yet", file=sys.stderr)
            return 2
        return run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into 'head' and cut short: not an error
        sys.stderr.close()
        return 0
