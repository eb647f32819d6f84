"""`build.py new SLUG [--framework 2018]`: scaffold a new inspection, ready to fill in."""

from __future__ import annotations

import re
import sys

from ..diagnostics import did_you_mean
from ..importer.write import _append, read_site_file
from ..load.content import MAX_SLUG_LENGTH, inspection_slug, load_content
from ..pipeline import load_site
from ..scaffold import scaffold

FRAMEWORKS = {"2018": "standards-2018", "2016": "quality-impact-2016"}


def fail(message: str, code: int = 1) -> int:
    print(f"build.py new: error: {message}", file=sys.stderr)
    return code


def run(args) -> int:
    slug = args.slug
    if not inspection_slug(slug):
        return fail(f"{slug!r} is not a slug an inspection can have: use lowercase ASCII words "
                    f"joined by hyphens (at most {MAX_SLUG_LENGTH} characters), naming the provider "
                    "and year, e.g. essex-crc-2021", 2)
    folder = args.content / "inspections" / slug
    if folder.exists():
        return fail(f"{folder} already exists; nothing was changed. Choose another slug, "
                    "or edit that inspection")
    content, _ = load_content(args.content)
    framework_id = FRAMEWORKS.get(args.framework, args.framework)
    if framework_id not in content.frameworks:
        hint = did_you_mean(args.framework, [*FRAMEWORKS, *content.frameworks])
        return fail(f"unknown framework {args.framework!r}" + (f"; {hint}" if hint else ""), 2)
    framework = content.frameworks[framework_id][1]

    providers = read_site_file(args.content / "providers.yaml")
    owners = read_site_file(args.content / "owners.yaml")
    added = []
    provider = args.provider or re.sub(r"-\d{4}$", "", slug)
    if provider in providers and args.owner:
        return fail(f"provider {provider!r} is already in providers.yaml, with its owners: "
                    f"record a change of owner there, under '{provider}: owners:', with its date", 2)
    if provider not in providers:
        if args.provider:
            return fail(f"unknown provider {provider!r}; "
                        f"{did_you_mean(provider, providers) or 'add it to providers.yaml'}")
        owner = args.owner or f"{provider}-owner"
        if owner not in owners:
            if args.owner:
                return fail(f"unknown owner {owner!r}; "
                            f"{did_you_mean(owner, owners) or 'add it to owners.yaml'}")
            _append(args.content / "owners.yaml", owner,
                    {"name": "TODO: the owner's name", "sector": "private"})
            added.append(f"owners.yaml: a placeholder owner {owner!r}")
        _append(args.content / "providers.yaml", provider, {
            "name": "TODO: the provider's full name", "short_name": "TODO: its short name",
            "type": "Community Rehabilitation Company", "area": "TODO: the area it serves",
            "owners": [{"owner": owner, "since": None}]})
        added.append(f"providers.yaml: a placeholder provider {provider!r}, owned by {owner!r} "
                     "(add the date the ownership began, where the report gives it)")

    folder.mkdir(parents=True)
    files = scaffold(framework, provider)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    print(f"created {folder}/ ({framework.short_name}, a draft) with {len(files)} files:")
    for name in files:
        print(f"  {name}")
    for line in added:
        print(f"added {line}")
    _, problems = load_site(args.content)
    todo = sum(1 for p in problems if "placeholder" in p.message)
    print(f"""
next:
  1. put the report's text export in {args.content}/sources/ and name it under 'source:'
     (or draft everything from it at once: python build.py import REPORT --slug {slug})
  2. fill in {folder}/inspection.yaml: dates, ratings, figures, recommendations, findings
  3. write each chapter in place of its TODO lines, keeping the report's wording
  4. python build.py check     ({todo} placeholders to replace now; it lists each one)
  5. make serve                (preview: drafts are shown there, with a banner)
  6. remove 'draft: true' from inspection.yaml to publish""")
    return 0

