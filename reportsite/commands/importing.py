"""`build.py import REPORT [--slug SLUG]`: draft an inspection from a text export."""

from __future__ import annotations

import re
import shutil
import sys
import time

from ..diagnostics import Severity, format_all, summary_line
from ..importer.convert import convert_report
from ..importer.write import default_slug, write_draft
from ..load.content import inspection_slug, load_content
from ..load.textfile import read_text
from ..pipeline import load_site


def run(args) -> int:
    started = time.perf_counter()
    text, problems = read_text(args.report, str(args.report))
    if text is None:
        print(format_all(problems), file=sys.stderr)
        return 1
    if args.slug and not inspection_slug(args.slug):
        print(f"build.py import: error: --slug {args.slug!r} must be lowercase words joined "
              "by hyphens, e.g. essex-crc-2018", file=sys.stderr)
        return 2
    content, _ = load_content(args.content)
    frameworks = {key: pair[1] for key, pair in content.frameworks.items()}
    draft = convert_report(text, args.report.name, frameworks)
    draft.owner_name = draft.owner_name or _owner_from_text(text)
    slug = args.slug or default_slug(draft)
    folder = args.content / "inspections" / slug
    if folder.exists():
        if not args.force:
            print(f"build.py import: error: {folder} already exists; choose another --slug, "
                  "or add --force to replace it", file=sys.stderr)
            return 1
        shutil.rmtree(folder)
    sources = args.content / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    if not (sources / args.report.name).exists():
        shutil.copyfile(args.report, sources / args.report.name)
    written = write_draft(draft, args.content, slug)
    data = draft.data
    print(f"drafted {folder} from {args.report.name} in {time.perf_counter() - started:.2f} s")
    print(f"  {len(draft.chapters)} chapters, {len(data.get('ratings', {}))} ratings, "
          f"{len(data.get('key_questions', {}))} key-question figures, "
          f"{sum(len(g['items']) for g in data.get('recommendations', []))} recommendations, "
          f"{len(data.get('key_facts', []))} key facts, {len(draft.glossary)} glossary entries")
    print(f"  wrote {len(written)} files")
    if draft.notes:
        print(f"\nto check by hand ({len(draft.notes)}):")
        for line in draft.notes:
            print(f"  - {line}")
    _, problems = load_site(args.content)
    mine = [p for p in problems if p.where and f"inspections/{slug}/" in p.where.path
            and p.severity is not Severity.NOTE]
    if mine:
        print(f"\n'check' on the draft: {summary_line(mine)}", file=sys.stderr)
        print(format_all(mine), file=sys.stderr)
    print(f"\nnext: edit {folder}/inspection.yaml and the chapters, then run "
          "'python build.py check'")
    return 0


def _owner_from_text(text: str) -> str | None:
    match = re.search(r"CRCs? owned by ([A-Z][\w]*(?:[ /][A-Z][\w]*)*)", text)
    return match.group(1) if match else None
