"""The command line: ``python build.py [command] [options]``.

Exit codes: 0 success, 1 content problems (every one printed as
``path:line:col: error: message``), 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build a static website from HM Inspectorate of Probation inspection reports.",
        epilog="With no command, 'build' is run.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="command")

    check = commands.add_parser("check", help="load and validate all content; write nothing")
    _content_option(check)
    check.add_argument("--quiet", action="store_true", help="print errors and warnings only")

    importer = commands.add_parser(
        "import", help="draft a new inspection folder from a report's text export")
    importer.add_argument("report", type=Path, help="the report as .txt or .md text export")
    importer.add_argument("--slug", help="folder name for the inspection, e.g. essex-crc-2018")
    importer.add_argument("--force", action="store_true",
                          help="replace an existing draft folder of that slug")
    _content_option(importer)

    schema = commands.add_parser("schema", help="write the JSON Schemas for editors' YAML tools")
    schema.add_argument("--out", type=Path, default=Path("schemas"), help="folder (default: schemas)")
    return parser


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"),
                        help="content folder (default: content)")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "build"
    try:
        if command == "check":
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
