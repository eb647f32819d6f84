"""Last step: a draft into the content folder.

Everything to write is worked out first (the inspection folder, the provider
and owner when they are new, the merged glossary), so a problem found on the
way (a glossary file the merge cannot read) writes nothing. Site-wide files are
edited, never re-dumped: an entry is appended, or inserted where it sorts,
and the editors' formatting of the others is left as it was.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..model.site import slugify
from ..schemas import INSPECTION_SCHEMA_REF
from .convert import mark_explanations
from .draft import Draft
from .glossary import Change, GlossaryError, merge_glossary

FOOTNOTE_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:\s*(.*)$", re.MULTILINE)


class _Dumper(yaml.SafeDumper):
    """Block style; multi-line text as literal blocks, so drafts read like the report."""


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list):
    """Short lists of slugs or labels on one line: reports: [essex-crc-2018, ...]."""
    flow = all(isinstance(v, str) and " " not in v for v in value) and \
        sum(len(v) + 2 for v in value) < 90
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def dump_yaml(data: object, header: str = "") -> str:
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100000,
                     default_flow_style=False)
    return header + body


COMMON_TITLE_WORDS = {"a", "an", "the", "of", "in", "by", "and", "for", "inspection", "quality",
                      "impact", "effectiveness", "probation", "work", "services"}


def default_slug(draft: Draft, providers: dict) -> str:
    """'essex-crc-2018' from the provider; else the title's distinctive words and the year."""
    year = str(draft.data.get("published") or "")[:4]
    if draft.provider_name:
        stem = _provider_slug(draft.provider_name, providers)
    else:
        words = slugify(draft.data.get("title") or "inspection").split("-")
        stem = "-".join(w for w in words if w not in COMMON_TITLE_WORDS) or "inspection"
    return "-".join(p for p in (stem, year) if p)


@dataclass
class Plan:
    """The files an import writes, with their whole new text."""

    folder: Path
    files: dict[Path, str] = field(default_factory=dict)
    glossary: Change | None = None


class SiteFileError(Exception):
    """A site-wide file the import adds to cannot be read or merged into."""


def plan_draft(draft: Draft, content: Path, slug: str) -> Plan:
    """Every file the draft needs, worked out without writing any.

    Raises :class:`SiteFileError` when a site-wide file cannot be read or merged into.
    """
    plan = Plan(content / "inspections" / slug)
    footnotes = {m.group(1): m.group(2) for _, text in draft.chapters
                 for m in FOOTNOTE_DEFINITION.finditer(text)}
    mark_explanations(draft.data, footnotes)
    draft.data["provider"] = _provider(draft, content, plan)
    draft.data["owner"] = _owner(draft, content, plan)
    header = (f"# yaml-language-server: $schema={INSPECTION_SCHEMA_REF}\n"
              f"# Drafted by 'build.py import' from {draft.data['source']}. Check it against the "
              "report, then remove 'draft: true' to publish.\n")
    plan.files[plan.folder / "inspection.yaml"] = dump_yaml(_prune(draft.data), header)
    for name, text in draft.chapters:
        plan.files[plan.folder / name] = text
    if draft.glossary:
        path = content / "glossary.yaml"
        try:
            text = path.read_text(encoding="utf-8") if path.exists() else ""
            plan.files[path], plan.glossary = merge_glossary(text, draft.glossary, slug)
        except (OSError, UnicodeDecodeError, GlossaryError) as exc:
            raise SiteFileError(f"{path} cannot be merged into: {exc}") from exc
    return plan


def write_plan(plan: Plan) -> list[Path]:
    """Write the planned files, replacing the inspection folder if it exists."""
    if plan.folder.exists():
        shutil.rmtree(plan.folder)
    plan.folder.mkdir(parents=True)
    for path, text in plan.files.items():
        path.write_text(text, encoding="utf-8")
    return list(plan.files)


def _prune(data: dict) -> dict:
    """Leave out empty optional fields so the draft shows only what was found."""
    required = {"title", "provider", "owner", "framework", "published", "fieldwork", "source"}
    return {k: v for k, v in data.items() if k in required or v not in (None, [], {}, "")}


def read_site_file(path: Path) -> dict:
    """A site-wide file's entries by slug (none if it does not exist yet)."""
    if not path.exists():
        return {}
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SiteFileError(f"{path} cannot be read ({exc.__class__.__name__}); "
                            "run 'python build.py check' to see why") from exc
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise SiteFileError(f"{path} is not a list of entries by slug; "
                            "run 'python build.py check' to see why")
    return data


def _append(path: Path, slug: str, entry: dict) -> None:
    """Add one entry at the end of a site file, leaving the rest as the editor wrote it."""
    path.write_text(_appended(path, {}, slug, entry), encoding="utf-8")


def _appended(path: Path, planned: dict[Path, str], slug: str, entry: dict) -> str:
    text = planned.get(path) or (path.read_text(encoding="utf-8") if path.exists() else "")
    if text and not text.endswith("\n"):
        text += "\n"
    return text + dump_yaml({slug: entry})


# --- the provider ---------------------------------------------------------------------------

def _provider(draft: Draft, content: Path, plan: Plan) -> str:
    """The provider's slug; a new provider is appended to providers.yaml."""
    path = content / "providers.yaml"
    providers = read_site_file(path)
    name = draft.provider_name or draft.data.get("title") or "Unknown provider"
    for slug, entry in providers.items():
        if entry.get("name", "").casefold() == name.casefold():
            return slug
    slug = _provider_slug(name, providers)
    kind, short_kind = _kind_of(name, providers)
    area = name[:-len(kind)].strip() if kind else name
    types = Counter(entry.get("type") for entry in providers.values() if entry.get("type"))
    plan.files[path] = _appended(path, plan.files, slug, {
        "name": name, "short_name": f"{area} {short_kind}" if kind else name,
        "type": kind or (types.most_common(1)[0][0] if types else "TODO"), "area": area})
    draft.check(None, f"a new provider {slug!r} was added to providers.yaml"
                      + ("" if draft.provider_name else ", named after the report's title")
                      + ("" if kind else ", its type a guess") + ": check it there")
    return slug


def _kind_of(name: str, providers: dict) -> tuple[str | None, str]:
    """The type a provider's name ends with ('Community Rehabilitation Company'), as
    providers.yaml already knows it, and the short form its short names use ('CRC')."""
    for entry in providers.values():
        kind = entry.get("type") or ""
        if kind and name.endswith(kind) and entry.get("name", "").endswith(kind):
            short = entry.get("short_name") or ""
            area = entry["name"][:-len(kind)].strip()
            return kind, short[len(area):].strip() if short.startswith(area) else kind
    return None, ""


def _provider_slug(name: str, providers: dict) -> str:
    kind, short = _kind_of(name, providers)
    return slugify(name[:-len(kind)] + short if kind else name)


# --- the owner: all of it here (and its key in the draft's fields), as ownership may come to --
# --- be recorded per provider instead -----------------------------------------------------------

OWNED_BY = re.compile(r"owned by ([A-Z][\w]*(?:[ /][A-Z][\w]*)*)")


def _owner(draft: Draft, content: Path, plan: Plan) -> str:
    """The owner's slug, from 'CRC owned by Sodexo'; a new owner is appended to owners.yaml."""
    path = content / "owners.yaml"
    owners = read_site_file(path)
    found = OWNED_BY.search("\n".join(line.text for line in draft.lines))
    name = found.group(1) if found else None
    for slug, entry in owners.items():
        names = {entry.get("name", ""), entry.get("short_name") or ""} - {""}
        if name and any(known.casefold() in name.casefold() for known in names):
            return slug
    slug = slugify(name or "unknown owner")
    plan.files[path] = _appended(path, plan.files, slug, {
        "name": name or "TODO: the owner's name", "sector": "private"})
    draft.check(None, f"a new owner {slug!r} was added to owners.yaml: check it there")
    return slug
