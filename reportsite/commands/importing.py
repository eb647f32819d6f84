"""`build.py import REPORT [--slug SLUG]`: draft an inspection from a text export.

What it prints is what an editor needs, in the order they need it: where the
report disagrees with itself, then text that could not be placed, then what
`check` finds in the draft, then counts. Boilerplate left out (copyright,
licence, address) is not mentioned.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import yaml

from ..diagnostics import Diagnostic, Position, Severity, did_you_mean, error, format_all
from ..importer.convert import convert_report
from ..importer.crosscheck import Disagreement, cross_check
from ..importer.draft import Draft, Note
from ..importer.recognise import recognise
from ..importer.write import (Plan, SiteFileError, default_slug, plan_draft, read_site_file,
                               write_plan)
from ..load.content import inspection_slug, load_content
from ..load.textfile import read_text
from ..pipeline import load_site


def fail(message: str, code: int) -> int:
    print(f"build.py import: error: {message}", file=sys.stderr)
    return code


def run(args) -> int:
    started = time.perf_counter()
    report: Path = args.report
    shown = str(report)
    if not report.exists() and not report.is_symlink():
        return fail(f"{shown} does not exist; give the path of the report's text export", 2)
    if report.is_dir():
        return fail(f"{shown} is a folder; give the path of the report's text export", 2)
    if args.slug and not inspection_slug(args.slug):
        return fail(f"--slug {args.slug!r} must be lowercase words joined by hyphens, "
                    "e.g. essex-crc-2018", 2)
    text, problems = read_text(report, shown)
    if text is not None and not text.strip():
        problems = [error("the file is empty" if not text else "the file holds only blank space",
                          Position(shown), "export the report's text into it; nothing was written")]
    if problems:
        print(format_all(problems), file=sys.stderr)
        return 1
    content, _ = load_content(args.content)
    frameworks = {key: pair[1] for key, pair in content.frameworks.items()}
    if args.framework:
        if args.framework not in frameworks:
            hint = did_you_mean(args.framework, frameworks)
            return fail(f"unknown framework {args.framework!r}" + (f"; {hint}" if hint else ""), 2)
        framework = frameworks[args.framework]
    else:
        recognition = recognise(text, frameworks)
        if recognition.framework is None:
            return fail(f"cannot tell which framework {shown} follows: {recognition.explain()}. "
                        "Nothing was written; if it is one of them, say which with "
                        "--framework ID", 1)
        framework = recognition.framework

    draft = convert_report(text, report.name, framework)
    try:
        slug = args.slug or default_slug(draft, read_site_file(args.content / "providers.yaml"))
    except SiteFileError as exc:
        return fail(f"{exc}. Nothing was written", 1)
    folder = args.content / "inspections" / slug
    if folder.exists() and any(folder.iterdir()):
        if not args.force:
            return fail(f"{folder} already exists; choose another --slug, or add --force to "
                        "replace it (only a draft can be replaced)", 1)
        if not _is_draft(folder):
            return fail(f"{folder} is not a draft (its inspection.yaml has no 'draft: true'), so "
                        "--force does not replace it: an editor's work would be lost. Import "
                        "under another --slug and compare", 1)
    try:
        plan = plan_draft(draft, args.content, slug)
    except SiteFileError as exc:
        return fail(f"{exc}. Nothing was written", 1)
    written = write_plan(plan)
    _keep_source(report, args.content)

    _print_report(draft, cross_check(draft), _check_draft(args.content, slug), plan, written,
                  shown, f"{time.perf_counter() - started:.2f} s")
    print(f"\nnext: read {folder} against the report, then run 'python build.py check'; "
          "remove 'draft: true' from inspection.yaml to publish")
    return 0


def _is_draft(folder: Path) -> bool:
    try:
        data = yaml.safe_load((folder / "inspection.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and data.get("draft") is True


def _keep_source(report: Path, content: Path) -> None:
    """The text export goes beside the others in sources/ (the inspection's provenance)."""
    sources = content / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    if not (sources / report.name).exists():
        shutil.copyfile(report, sources / report.name)


def _check_draft(content: Path, slug: str) -> list[Diagnostic]:
    """What 'check' says about the new draft (not about the rest of the site)."""
    _, problems = load_site(content)
    return [p for p in problems if p.where and f"inspections/{slug}/" in p.where.path
            and p.severity is not Severity.NOTE]


def _print_report(draft: Draft, disagreements: list[Disagreement], checked: list[Diagnostic],
                  plan: Plan, written: list[Path], shown: str, took: str) -> None:
    print(f"drafted {plan.folder} from {shown} in {took} (framework: {draft.framework.id})")
    if disagreements:
        print(f"\nthe report disagrees with itself ({len(disagreements)}): settle each against "
              "the published report")
        for item in disagreements:
            places = "; ".join(f"{what} ({_at(shown, line)})" for what, line in item.places)
            print(f"  - {item.subject}: {places}; {item.outcome}")
    _print_notes("text that could not be placed (it is not in the draft)", draft.unplaced, shown)
    _print_notes("to check by hand", draft.to_check, shown)
    if checked:
        print(f"\n'check' on the draft ({len(checked)}):")
        print(format_all(checked))
    data = draft.data
    change = plan.glossary
    glossary = f"{len(draft.glossary)} glossary entries" + (
        f" ({change.new_terms} new terms, {change.new_wordings} new wordings, "
        f"{change.shared_wordings} shared)" if change else "")
    print(f"\n{len(draft.chapters)} chapters, {len(data.get('ratings') or {})} ratings, "
          f"{len(data.get('key_questions') or {})} key-question figures, "
          f"{sum(len(g['items']) for g in data.get('recommendations', []))} recommendations, "
          f"{len(data.get('key_facts', []))} key facts, {glossary}; wrote {len(written)} files")


def _print_notes(title: str, notes: list[Note], shown: str) -> None:
    if notes:
        print(f"\n{title} ({len(notes)}):")
        for note in notes:
            print(f"  - {_at(shown, note.line) + ': ' if note.line else ''}{note.message}")


def _at(shown: str, line: int | None) -> str:
    return f"{shown}:{line}" if line else shown
