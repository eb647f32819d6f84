"""`build.py new SLUG [--framework NAME]`: scaffold a new inspection, ready to fill in."""

from __future__ import annotations

import re
import sys

from ..diagnostics import did_you_mean
from ..importer.write import _append, read_site_file
from ..load.content import MAX_SLUG_LENGTH, inspection_slug, load_content
from ..model.framework import Framework
from ..pipeline import load_site
from ..scaffold import scaffold


def fail(message: str, code: int = 1) -> int:
    print(f"build.py new: error: {message}", file=sys.stderr)
    return code


def choose_framework(name: str | None, frameworks: dict[str, Framework],
                     content) -> tuple[Framework | None, str]:
    """The framework ``name`` means: its id, or the one id with it as a part ('2018' for
    standards-2018). Without a name, the framework of the newest inspection (the one an
    editor almost always adds to), or the only one. (framework or None, why or what is wrong)"""
    if not frameworks:
        return None, "there are no frameworks: add one to frameworks/ (docs/content-model.md)"
    if name is None:
        if len(frameworks) == 1:
            return next(iter(frameworks.values())), ""
        dated = [loaded.inspection for loaded in content.inspections.values()
                 if loaded.inspection is not None and loaded.inspection.published
                 and loaded.inspection.framework in frameworks]
        if not dated:
            return None, f"choose a framework with --framework: {', '.join(frameworks)}"
        newest = max(dated, key=lambda i: (i.published.sort_key, i.slug))
        return frameworks[newest.framework], (f", the framework of the newest inspection; "
                                              "--framework to choose another")
    if name in frameworks:
        return frameworks[name], ""
    matching = [key for key in frameworks if name in key.split("-")]
    if len(matching) == 1:
        return frameworks[matching[0]], ""
    hint = f"it could be {' or '.join(matching)}" if matching else did_you_mean(name, frameworks)
    return None, f"unknown framework {name!r}" + (f"; {hint}" if hint else "") + \
        f" (the frameworks: {', '.join(frameworks)})"


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
    frameworks = {key: pair[1] for key, pair in content.frameworks.items()}
    framework, why = choose_framework(args.framework, frameworks, content)
    if framework is None:
        return fail(why, 2)
    if framework.id in content.faulty_frameworks:
        return fail(f"framework {framework.id!r} has errors: run 'python build.py check', fix them, "
                    "and run new again")

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
            "type": framework.provider_types[0], "area": "TODO: the area it serves",
            "owners": [{"owner": owner, "since": None}]})
        added.append(f"providers.yaml: a placeholder provider {provider!r}, owned by {owner!r} "
                     "(add the date the ownership began, where the report gives it)")

    folder.mkdir(parents=True)
    files = scaffold(framework, provider)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    print(f"created {folder}/ ({framework.short_name}{why}, a draft) with {len(files)} files:")
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

