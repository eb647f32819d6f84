"""Last step: write a draft into the content folder.

Writes the inspection folder, adds the provider (with its owner) when it is new,
and merges the report's glossary into the site's: an identical wording gains
the report's slug, a new wording is added beside the others.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..model.site import slugify
from ..schemas import INSPECTION_SCHEMA_REF
from .convert import Draft, mark_explanations

FOOTNOTE_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:\s*(.*)$", re.MULTILINE)
ABBREVIATION = re.compile(r"[A-Za-z][A-Za-z0-9]{1,9}")


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


def provider_slug(name: str) -> str:
    short = re.sub(r"Community Rehabilitation Company", "CRC", name, flags=re.IGNORECASE)
    return slugify(short)


COMMON_TITLE_WORDS = {"a", "an", "the", "of", "in", "by", "and", "for", "inspection", "quality",
                      "impact", "effectiveness", "probation", "work", "services"}


def default_slug(draft: Draft) -> str:
    """'essex-crc-2018' from the provider; else the title's distinctive words and the year."""
    year = str(draft.data.get("published") or "")[:4]
    if draft.provider_name:
        stem = provider_slug(draft.provider_name)
    else:
        words = slugify(draft.data.get("title") or "inspection").split("-")
        stem = "-".join(w for w in words if w not in COMMON_TITLE_WORDS) or "inspection"
    return "-".join(p for p in (stem, year) if p)


def write_draft(draft: Draft, content: Path, slug: str) -> list[Path]:
    """Write the draft; returns the files written."""
    written = []
    folder = content / "inspections" / slug
    folder.mkdir(parents=True)
    footnotes = {m.group(1): m.group(2) for _, text in draft.chapters
                 for m in FOOTNOTE_DEFINITION.finditer(text)}
    mark_explanations(draft.data, footnotes)
    draft.data["provider"] = _ensure_provider(draft, content, written)
    header = (f"# yaml-language-server: $schema={INSPECTION_SCHEMA_REF}\n"
              f"# Drafted by 'build.py import' from {draft.data['source']}; check it against the report.\n")
    (folder / "inspection.yaml").write_text(dump_yaml(_prune(draft.data), header), encoding="utf-8")
    written.append(folder / "inspection.yaml")
    for name, text in draft.chapters:
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    if draft.glossary:
        _merge_glossary(draft, content / "glossary.yaml", slug)
        written.append(content / "glossary.yaml")
    return written


def _prune(data: dict) -> dict:
    """Leave out empty optional fields so the draft shows only what was found."""
    required = {"title", "provider", "framework", "published", "fieldwork", "source"}
    return {k: v for k, v in data.items() if k in required or v not in (None, [], {}, "")}


def _load(path: Path) -> dict:
    if not path.exists():
        return {}
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}


def _save(path: Path, data: dict, schema: str) -> None:
    """Rewrite a site file, keeping the comments that open it."""
    header = f"# yaml-language-server: $schema=../schemas/{schema}\n"
    if path.exists():
        lines = path.read_text(encoding="utf-8").split("\n")
        comments = [line for line in _leading_comments(lines)]
        header = "\n".join(comments) + "\n" if comments else header
    path.write_text(dump_yaml(data, header), encoding="utf-8")


def _leading_comments(lines: list[str]):
    for line in lines:
        if not line.startswith("#"):
            return
        yield line


def _append(path: Path, slug: str, entry: dict) -> None:
    """Add one entry at the end of a site file, leaving the rest as the editor wrote it."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + dump_yaml({slug: entry}), encoding="utf-8")


def _ensure_provider(draft: Draft, content: Path, written: list[Path]) -> str:
    path = content / "providers.yaml"
    providers = _load(path)
    name = draft.provider_name or draft.data.get("title") or "Unknown provider"
    for slug, entry in providers.items():
        if entry.get("name", "").casefold() == name.casefold():
            return slug
    slug = provider_slug(name)
    area = re.sub(r"\s*Community Rehabilitation Company\s*", "", name).strip() or name
    short = re.sub(r"Community Rehabilitation Company", "CRC", name)
    _append(path, slug, {"name": name, "short_name": short,
                         "type": "Community Rehabilitation Company", "area": area,
                         "owners": [{"owner": _ensure_owner(draft, content, written)}]})
    if draft.provider_name is None:
        draft.notes.append(f"provider not recognised from the title; added {slug!r} to "
                           "providers.yaml: correct it there")
    written.append(path)
    return slug


def _ensure_owner(draft: Draft, content: Path, written: list[Path]) -> str:
    path = content / "owners.yaml"
    owners = _load(path)
    name = draft.owner_name or "Unknown owner"
    for slug, entry in owners.items():
        names = {entry.get("name", ""), entry.get("short_name") or ""} - {""}
        if any(known.casefold() in name.casefold() for known in names):
            return slug
    slug = slugify(name)
    _append(path, slug, {"name": name, "sector": "private"})
    if draft.owner_name is None:
        draft.notes.append(f"owner not found in the text; added {slug!r} to owners.yaml: "
                           "correct it there")
    written.append(path)
    return slug


def _merge_glossary(draft: Draft, path: Path, slug: str) -> None:
    data = _load(path) or {"terms": []}
    terms = data.setdefault("terms", [])
    by_slug = {slugify(entry["term"]): entry for entry in terms}
    for term, text in draft.glossary:
        entry = by_slug.get(slugify(term))
        if entry is None:
            entry = {"term": term, "definitions": []}
            expansion = _expansion(term, text)
            if expansion:
                entry["expansion"] = expansion
            terms.append(entry)
            by_slug[slugify(term)] = entry
        same = next((d for d in entry["definitions"]
                     if " ".join(d["text"].split()) == " ".join(text.split())), None)
        if same is None:
            entry["definitions"].append({"text": text, "reports": [slug]})
        elif slug not in same["reports"]:
            same["reports"].append(slug)
    terms.sort(key=lambda entry: entry["term"].casefold().lstrip("*"))
    _save(path, data, "glossary.schema.json")


def _expansion(term: str, definition: str) -> str | None:
    """'RoSH' with 'Risk of serious harm: ...' is an abbreviation for 'Risk of serious harm'."""
    if not ABBREVIATION.fullmatch(term) or sum(c.isupper() for c in term) < 2:
        return None
    head = definition.split(":")[0].strip() if ":" in definition[:80] else definition.strip()
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", head)).casefold()
    if term.casefold()[0] == (initials[:1] or " ") and len(head) < 80:
        return head
    return None
