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
from .draft import Draft
from .facts import MONTHS
from .glossary import Change, GlossaryError, merge_glossary



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
    draft.data["provider"] = _provider(draft, content, plan)
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
            plan.files[path], plan.glossary = merge_glossary(text, draft.glossary, slug,
                                                             draft.annex)
        except (OSError, UnicodeDecodeError, GlossaryError) as exc:
            raise SiteFileError(f"{path} cannot be merged into: {exc}") from exc
        for term in plan.glossary.repeated:
            draft.check(None, f"the glossary gives a second wording of {term!r}, or one other "
                              f"than {slug}'s in glossary.yaml: only one wording of a term is "
                              "kept per report; check which")
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
    required = {"title", "provider", "framework", "published", "fieldwork", "source"}
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
            _check_owner(draft, content, slug, entry)
            if draft.service and draft.service != entry["name"]:
                draft.data["service"] = draft.service  # 'Cumbria and Lancashire CRC'
            return slug
    slug = _provider_slug(name, providers)
    kind, short_kind = _kind_of(name, providers)
    area = name[:-len(kind)].strip() if kind else name
    types = Counter(entry.get("type") for entry in providers.values() if entry.get("type"))
    draft.check(None, f"a new provider {slug!r} was added to providers.yaml"
                      + ("" if draft.provider_name else ", named after the report's title")
                      + ("" if kind else ", its type a guess") + ": check it there")
    plan.files[path] = _appended(path, plan.files, slug, {
        "name": name, "short_name": f"{area} {short_kind}" if kind else name,
        "type": kind or (types.most_common(1)[0][0] if types else "TODO"), "area": area,
        "owners": [_ownership(draft, content, plan)]})
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


# --- the owner: all of it here, should ownership come to be recorded otherwise ------------------

OWNED_BY = re.compile(r"owned by ([A-Z][\w]*(?:[ /][A-Z][\w]*)*)")
OWNED_SINCE = re.compile(r"ownership of [^.]*? on (\d{1,2}) ([A-Za-z]+) (\d{4})")


def _ownership(draft: Draft, content: Path, plan: Plan) -> dict:
    """A new provider's owner, from 'CRC owned by Sodexo' (appended to owners.yaml when new),
    and since when, from 'took over formal ownership of the CRC on 01 February 2015'."""
    path = content / "owners.yaml"
    owners = read_site_file(path)
    name = _owner_named(draft)
    since = OWNED_SINCE.search(_text(draft))
    month = since.group(2).casefold() if since else ""
    ownership = {"owner": "", "since": f"{since.group(3)}-{MONTHS.index(month) + 1:02d}-"
                                        f"{int(since.group(1)):02d}" if month in MONTHS else None}
    for slug, entry in owners.items():
        if name and _names(entry, name):
            return {**ownership, "owner": slug}
    slug = slugify(name or "unknown owner")
    plan.files[path] = _appended(path, plan.files, slug, {
        "name": name or "TODO: the owner's name", "sector": "private"})
    draft.check(None, f"a new owner {slug!r} was added to owners.yaml: check it there")
    return {**ownership, "owner": slug}


def _check_owner(draft: Draft, content: Path, provider: str, entry: dict) -> None:
    """A known provider's latest owner should be the one the report names."""
    name = _owner_named(draft)
    latest = ((entry.get("owners") or [{}])[-1] or {}).get("owner")
    owner = read_site_file(content / "owners.yaml").get(latest or "", {})
    if name and latest and not _names(owner, name):
        draft.check(None, f"the report names {name!r} as the owner of {provider}; its latest "
                          f"owner in providers.yaml is {latest!r}: if it changed, record the "
                          "new owner there, with the date")


def _owner_named(draft: Draft) -> str | None:
    found = OWNED_BY.search(_text(draft))
    return found.group(1) if found else None


def _names(owner: dict, name: str) -> bool:
    """Whether ``name`` (as the report prints it) names ``owner``."""
    names = {owner.get("name", ""), owner.get("short_name") or ""} - {""}
    return any(known.casefold() in name.casefold() for known in names)


def _text(draft: Draft) -> str:
    return "\n".join(line.text for line in draft.lines)
