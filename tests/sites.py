"""Tiny content folders built from dicts, for tests.

``write_site(root)`` writes a minimal valid site (the real frameworks, one
provider, one owner, a two-term glossary and one inspection with every
rating, figure and slot); tests change the dicts to make one thing wrong.
"""

from __future__ import annotations

import copy
import shutil
import struct
import zlib
from pathlib import Path

import yaml

REAL_CONTENT = Path(__file__).resolve().parent.parent / "content"

STANDARDS = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "4.1", "4.2"]
KEY_QUESTIONS = ["2.1.1", "2.1.2", "2.1.3", "2.2.1", "2.2.2", "2.2.3", "2.3.1", "2.3.2", "2.3.3",
                 "2.4.1", "2.4.2", "2.4.3", "4.1.1", "4.1.2", "4.1.3", "4.1.4", "4.2.1", "4.2.2",
                 "4.2.3"]

INSPECTION = {
    "title": "An inspection of Testshire Community Rehabilitation Company",
    "provider": "testshire-crc",
    "framework": "standards-2018",
    "published": "2019-05",
    "fieldwork": "2019-01",
    "source": "report.txt",
    "lead_inspector": "A Inspector",
    "overall_rating": "Good",
    "ratings": {standard: "Good" for standard in STANDARDS},
    "key_questions": {question: 70 for question in KEY_QUESTIONS},
    "recommendations": [{"by": "Testshire CRC", "items": [
        {"number": 1, "text": "improve its risk assessments"},
        {"number": 2, "text": "review its operating model."}]}],
    "key_facts": [{"figure": "1,234", "text": "The number of individuals supervised[^1]"}],
    "domains": {"1": {"strengths": ["Leaders are visible."],
                      "areas_for_improvement": ["Caseloads are high."]}},
}

CHAPTERS = {
    "01-summary.md": "# Summary of ratings\n\n::: ratings\n\n::: recommendations\n\n"
                     "::: key-facts\n\n[^1]: Testshire CRC, 2019.\n",
    "02-organisational-delivery.md": "# 1. Organisational delivery\n\n::: strengths 1\n\n"
                                     "::: areas-for-improvement 1\n\n"
                                     + "".join(f"::: standard {s}\n\nText about {s}.\n\n"
                                               for s in STANDARDS[:4]),
    "03-case-supervision.md": "# 2. Case supervision\n\n"
                              + "".join(f"::: standard {s}\n\nText about {s}.\n\n"
                                        for s in STANDARDS[4:]),
    "04-results.md": "# Annex 2: Inspection results\n\n::: results 2\n\n::: results 4\n",
    "05-glossary.md": "# Annex 3: Glossary\n\n::: glossary\n",
}

PROVIDERS = {"testshire-crc": {"name": "Testshire Community Rehabilitation Company",
                               "short_name": "Testshire CRC",
                               "type": "Community Rehabilitation Company", "area": "Testshire",
                               "owners": [{"owner": "testco", "since": "2015-02-01"}]}}
OWNERS = {"testco": {"name": "TestCo Justice", "sector": "private"}}
GLOSSARY = {"terms": [
    {"term": "CRC", "expansion": "Community Rehabilitation Company",
     "definitions": [{"text": "Community Rehabilitation Company: a provider.",
                      "reports": ["testshire-crc-2019"]}]},
    {"term": "RoSH", "expansion": "Risk of serious harm",
     "definitions": [{"text": "Risk of serious harm: a term used in OASys.",
                      "reports": ["testshire-crc-2019"]}]},
]}


def dump(data: object) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def write_site(root: Path, *, inspection: dict | None = None, chapters: dict | None = None,
               slug: str = "testshire-crc-2019", glossary: dict | None = None,
               providers: dict | None = None, owners: dict | None = None) -> Path:
    """Write a site under ``root``/content; returns the content folder."""
    content = root / "content"
    shutil.copytree(REAL_CONTENT / "frameworks", content / "frameworks")
    (content / "sources").mkdir(parents=True)
    (content / "sources" / "report.txt").write_text("An inspection of Testshire\n")
    (content / "providers.yaml").write_text(dump(PROVIDERS if providers is None else providers))
    (content / "owners.yaml").write_text(dump(OWNERS if owners is None else owners))
    (content / "glossary.yaml").write_text(dump(GLOSSARY if glossary is None else glossary))
    folder = content / "inspections" / slug
    folder.mkdir(parents=True)
    (folder / "inspection.yaml").write_text(
        dump(copy.deepcopy(INSPECTION) if inspection is None else inspection))
    for name, text in (CHAPTERS if chapters is None else chapters).items():
        (folder / name).write_text(text)
    return content


def inspection(**changes) -> dict:
    """The fixture inspection with some fields replaced (None removes a field)."""
    data = copy.deepcopy(INSPECTION)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def assert_same_on_real_narrative(convert) -> None:
    """``convert(text, quick)`` gives the same HTML with a quick pass as without, for every
    chapter of the five real inspections."""
    files = sorted((REAL_CONTENT / "inspections").glob("*/*.md"))
    assert len(files) > 50
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert convert(text, quick=True) == convert(text, quick=False), path.name


def png(width: int, height: int) -> bytes:
    """A real PNG image of that size, all grey: for a chapter's image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + b"\x80" * width for _ in range(height))  # each row: no filter, grey
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
