#!/usr/bin/env python3
"""Generate a large content folder from the real inspections, for benchmarks.

    python bench/generate.py 1000 /tmp/corpus-1000 [--seed 1]

Each copy of a real inspection gets its own slug, provider (an invented area,
inspected again every few years so provider histories are realistic), owner,
dates, and key-question figures varied around the original's; every rating
follows from its figures by the framework's banding rule, so the corpus
passes `check` and its aggregate pages look like real ones. The narrative is
the original's with the invented area's name in it, so Markdown costs what
real reports cost and no two copies' files are the same.
"""

from __future__ import annotations

import argparse
import functools
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportsite.importer.write import dump_yaml  # noqa: E402

REAL = ROOT / "content"
VISITS = 3  # inspections per invented provider


def band(percent: int, framework: dict) -> str:
    """The rating a figure earns on its own, by the framework's bands."""
    banded = sorted((r for r in framework["ratings"] if r.get("min_percent") is not None),
                    key=lambda r: -r["min_percent"])
    return next(r["name"] for r in banded if percent >= r["min_percent"])


def load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def vary(data: dict, framework: dict, rng: random.Random) -> None:
    """Move each figure a little and rate every standard by the banding rule."""
    figures = data.get("key_questions") or {}
    for question, value in list(figures.items()):
        percent = value["percent"] if isinstance(value, dict) else value
        percent = max(0, min(100, percent + rng.randint(-12, 12)))
        if isinstance(value, dict):
            value["percent"] = percent
        else:
            figures[question] = percent
    ratings = data.get("ratings") or {}
    names = [r["name"] for r in framework.get("ratings", [])]
    for domain in framework.get("domains", []):
        for standard in domain["standards"]:
            questions = [q["id"] for q in standard.get("key_questions", [])]
            if questions:
                lowest = min(figures[q]["percent"] if isinstance(figures[q], dict) else figures[q]
                             for q in questions)
                rating = band(lowest, framework)
            else:
                rating = rng.choice(names[1:3])
            entry = ratings.get(standard["id"])
            if isinstance(entry, dict):
                entry["rating"] = rating
                # an explanation footnote stays cited, though the rule now gives the rating
            else:
                ratings[standard["id"]] = rating
    if ratings:  # overall: the most common standard rating, the worse on a tie
        given = [r["rating"] if isinstance(r, dict) else r for r in ratings.values()]
        data["overall_rating"] = max(names, key=lambda name: (given.count(name), names.index(name)))


@functools.cache
def base_providers(base: Path) -> list[str]:
    provider = load(base / "inspection.yaml")["provider"]
    return [provider] if isinstance(provider, str) else provider


def generate(count: int, out: Path, seed: int = 1) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(REAL / "frameworks", out / "frameworks")
    shutil.copyfile(REAL / "site.yaml", out / "site.yaml")
    shutil.copytree(REAL / "sources", out / "sources")
    (out / "inspections").mkdir()
    owners = load(REAL / "owners.yaml")
    (out / "owners.yaml").write_text(dump_yaml(owners), encoding="utf-8")
    frameworks = {p.stem: load(p) for p in (REAL / "frameworks").glob("*.yaml")}
    bases = sorted(p for p in (REAL / "inspections").iterdir() if p.is_dir())
    glossary = load(REAL / "glossary.yaml")
    copies_of: dict[str, list[str]] = {b.name: [] for b in bases}
    providers: dict[str, dict] = {}
    real_providers = load(REAL / "providers.yaml")
    for index in range(count):
        base = bases[index % len(bases)]
        area_number, visit = divmod(index, VISITS)
        area = f"Area {area_number + 1:05d}"
        data = load(base / "inspection.yaml")
        framework = frameworks[data["framework"]]
        kind = "crc" if framework.get("domains") else "q-and-i"
        provider = f"area-{area_number + 1:05d}-{kind}"
        providers.setdefault(provider, {
            "name": f"{area} Community Rehabilitation Company", "short_name": f"{area} CRC",
            "type": "Community Rehabilitation Company", "area": area,
            # the real provider's owner, with no date: the owner at every visit
            "owners": [{"owner": ownership["owner"]}
                       for ownership in real_providers[base_providers(base)[0]]["owners"]]})
        slug = f"{provider}-{index + 1:05d}"
        year = 2016 + visit * 2 + rng.randint(0, 1)
        month = rng.randint(1, 12)
        data["published"] = f"{year}-{month:02d}"
        data["fieldwork"] = f"{year - 1 if month < 4 else year}-{max(1, month - 3):02d}"
        old_names = [real_providers[p]["name"] for p in base_providers(base)]
        data["title"] = re.sub("|".join(map(re.escape, old_names)) or "^$",
                               providers[provider]["name"], data["title"])
        data["provider"] = provider
        vary(data, framework, rng)
        folder = out / "inspections" / slug
        folder.mkdir()
        areas = re.compile(r"\b(?:%s)\b" % "|".join(
            re.escape(real_providers[p]["area"]) for p in base_providers(base)))
        for chapter in base.glob("*.md"):  # the narrative names the invented area instead
            text = areas.sub(area, chapter.read_text(encoding="utf-8"))
            if area not in text:  # and every file does, so no two copies share a file
                text += f"\nThis is copy {index + 1:05d}, describing {area}.\n"
            (folder / chapter.name).write_text(text, encoding="utf-8")
        (folder / "inspection.yaml").write_text(
            dump_yaml(data, "# yaml-language-server: $schema=../../../schemas/inspection.schema.json\n"),
            encoding="utf-8")
        copies_of[base.name].append(slug)
    (out / "providers.yaml").write_text(dump_yaml(providers), encoding="utf-8")
    for entry in glossary["terms"]:
        for definition in entry["definitions"]:
            definition["reports"] = [copy for report in definition["reports"]
                                     for copy in copies_of[report]]
        entry["definitions"] = [d for d in entry["definitions"] if d["reports"]]
    glossary["terms"] = [e for e in glossary["terms"] if e["definitions"]]
    glossary["annexes"] = {copy: list(terms) for report, terms in glossary.get("annexes", {}).items()
                           for copy in copies_of[report]}
    (out / "glossary.yaml").write_text(dump_yaml(glossary), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.count, args.out, args.seed)
    print(f"generated {args.count} inspections in {args.out}")


if __name__ == "__main__":
    main()
