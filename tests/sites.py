"""Tiny content folders built from dicts, for tests.

``write_site(root)`` writes a minimal valid site (its settings, the real
frameworks, one provider, one owner, a two-term glossary and one inspection
with every rating, figure and slot); tests change the dicts to make one thing wrong.
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
    "04-results.md": "# Annex 2: Inspection results\n\n## 2. Case supervision\n\n::: results 2\n\n"
                     "## 4. Unpaid work and Through the Gate\n\n::: results 4\n",
    "05-glossary.md": "# Annex 3: Glossary\n\n::: glossary\n",
}

PROVIDERS = {"testshire-crc": {"name": "Testshire Community Rehabilitation Company",
                               "short_name": "Testshire CRC",
                               "type": "Community Rehabilitation Company", "area": "Testshire",
                               "owners": [{"owner": "testco", "since": "2015-02-01"}]}}
OWNERS = {"testco": {"name": "TestCo Justice", "sector": "private"}}
SETTINGS = {"name": "Testshire reports", "publisher": "Testshire Editors",
            "contact": "editors@example.org", "accessibility_contact": "https://example.org/access"}
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
               providers: dict | None = None, owners: dict | None = None,
               settings: dict | None = None) -> Path:
    """Write a site under ``root``/content; returns the content folder."""
    content = root / "content"
    shutil.copytree(REAL_CONTENT / "frameworks", content / "frameworks")
    (content / "sources").mkdir(parents=True)
    (content / "site.yaml").write_text(dump(SETTINGS if settings is None else settings))
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


# --- a site of three frameworks -------------------------------------------------------
# All made up for the tests, never content: a youth-service-shaped framework whose standard
# ids are the 2018 standards' ids (2.1 Assessment is in both), and a thematic one that rates
# nothing. Beside the real 2018 standards, each with an inspection of Testshire.

LEVELS = [("Outstanding", "outstanding", 80, "Large majority: 80%+"),
          ("Good", "good", 65, "Reasonable majority: 65-79%"),
          ("Requires improvement", "requires-improvement", 50, "Too few: 50-64%"),
          ("Inadequate", "inadequate", 0, "Minority: <50%")]


def _standard(id_: str, name: str, questions: list[str] = ()) -> dict:
    standard = {"id": id_, "name": name, "description": f"{name} in Testland is done well."}
    if questions:
        standard["key_questions"] = [{"id": f"{id_}.{n}", "text": text}
                                     for n, text in enumerate(questions, start=1)]
    return standard


YOUTH_FRAMEWORK = {
    "name": "Testland youth justice standards",
    "short_name": "Testland youth standards",
    "period": "2020 onwards (fictional, for tests)",
    "description": "A made-up framework shaped like a youth offending service inspection's: "
                   "twelve standards in four domains.",
    "provider_types": ["Youth offending service"],
    "labels": {"standard": "standard", "standards": "standards", "domain": "domain",
               "key_question": "key question", "key_questions": "key questions",
               "figure": "% sufficient", "figure_meaning": "cases judged sufficient"},
    "ratings": [{"name": name, "style": style, "description": f"{name} in Testland.",
                 "band": band, "min_percent": percent} for name, style, percent, band in LEVELS],
    "standard_rule": {"method": "lowest-band",
                      "text": "A standard takes the lowest band of its key questions."},
    "overall_rule": {"text": "Each standard's rating is scored, Outstanding 3 to Inadequate 0, "
                             "and the sum gives the overall rating.",
                     "scores": {"Outstanding": 3, "Good": 2, "Requires improvement": 1,
                                "Inadequate": 0},
                     "bands": [{"rating": "Outstanding", "min_score": 31},
                               {"rating": "Good", "min_score": 19},
                               {"rating": "Requires improvement", "min_score": 7},
                               {"rating": "Inadequate", "min_score": 0}]},
    "domains": [
        {"id": "1", "name": "Organisational delivery", "description": "How the service is run.",
         "standards": [_standard("1.1", "Governance and leadership"), _standard("1.2", "Staff"),
                       _standard("1.3", "Partnerships and services"),
                       _standard("1.4", "Information and facilities")]},
        {"id": "2", "name": "Court disposals", "description": "Work with children sentenced by a court.",
         "standards": [_standard("2.1", "Assessment", ["Does assessment look at the child's needs?",
                                                       "Does assessment keep others safe?"]),
                       _standard("2.2", "Planning", ["Does planning involve the child?"]),
                       _standard("2.3", "Implementation and delivery"), _standard("2.4", "Reviewing")]},
        {"id": "3", "name": "Out-of-court disposals", "description": "Work with children diverted.",
         "standards": [_standard("3.1", "Assessment", ["Does assessment consider diversion?"]),
                       _standard("3.2", "Planning"), _standard("3.3", "Implementation and delivery")]},
        {"id": "4", "name": "Resettlement", "description": "Work with children leaving custody.",
         "standards": [_standard("4.1", "Resettlement policy and provision")]},
    ],
}
YOUTH_STANDARDS = [s["id"] for d in YOUTH_FRAMEWORK["domains"] for s in d["standards"]]
YOUTH_QUESTIONS = [q["id"] for d in YOUTH_FRAMEWORK["domains"] for s in d["standards"]
                   for q in s.get("key_questions", [])]

THEMATIC_FRAMEWORK = {
    "name": "Testland thematic inspections",
    "short_name": "Testland thematic",
    "period": "2022 (fictional, for tests)",
    "description": "A made-up programme of inspections of one theme across providers, which "
                   "rate nothing.",
    "provider_types": ["Community Rehabilitation Company", "Youth offending service"],
}

YOUTH_INSPECTION = {
    "title": "An inspection of youth offending services in Testshire",
    "provider": "testshire-yos",
    "framework": "youth-2020",
    "published": "2021-03",
    "fieldwork": "2020-11",
    "source": "report.txt",
    # twelve standards: 2+2+2+2, 2+1+1+1, 1+1+1, 3 = 19, which the scoring rule bands Good;
    # the report (fictionally) rates it Requires improvement
    "overall_rating": "Requires improvement",
    "ratings": {**{s: "Good" for s in YOUTH_STANDARDS[:5]},
                **{s: "Requires improvement" for s in YOUTH_STANDARDS[5:11]},
                "4.1": "Outstanding"},
    "key_questions": {"2.1.1": 70, "2.1.2": 68, "2.2.1": 55, "3.1.1": 60},
}
YOUTH_CHAPTERS = {
    "01-summary.md": "# Summary of ratings\n\n::: ratings\n",
    **{f"0{n}-{slug}.md": f"# {n - 1}. {name}\n\n" + "".join(
        f"::: standard {s['id']}\n\nWhat we found about {s['name'].lower()}.\n\n"
        for s in domain["standards"])
       for n, (slug, name, domain) in enumerate(
           [("organisational-delivery", "Organisational delivery", YOUTH_FRAMEWORK["domains"][0]),
            ("court-disposals", "Court disposals", YOUTH_FRAMEWORK["domains"][1]),
            ("out-of-court-disposals", "Out-of-court disposals", YOUTH_FRAMEWORK["domains"][2]),
            ("resettlement", "Resettlement", YOUTH_FRAMEWORK["domains"][3])], start=2)},
    "06-results.md": "# Annex: Inspection results\n\n## 2. Court disposals\n\n::: results 2\n\n"
                     "## 3. Out-of-court disposals\n\n::: results 3\n",
}
THEMATIC_INSPECTION = {
    "title": "A thematic inspection of work with families in Testshire",
    "provider": ["testshire-crc", "testshire-yos"],
    "framework": "thematic",
    "published": "2022-06",
    "fieldwork": "2022-01",
    "source": "report.txt",
    "recommendations": [{"by": "Testshire CRC and Testshire YOS", "items": [
        {"number": 1, "text": "talk to families sooner."}]}],
}
THEMATIC_CHAPTERS = {
    "01-findings.md": "# Findings\n\nFamilies were seldom asked what they thought.\n",
    "02-recommendations.md": "# Recommendations\n\n::: recommendations\n",
}


def write_three_frameworks_site(root: Path) -> Path:
    """:func:`write_site` with two more frameworks and an inspection under each; returns the
    content folder."""
    providers = {**PROVIDERS, "testshire-yos": {
        "name": "Testshire Youth Offending Service", "short_name": "Testshire YOS",
        "type": "Youth offending service", "area": "Testshire",
        "owners": [{"owner": "testshire-council", "since": "2000-04-01"}]}}
    owners = {**OWNERS, "testshire-council": {"name": "Testshire County Council", "sector": "public"}}
    content = write_site(root, providers=providers, owners=owners)
    (content / "frameworks" / "youth-2020.yaml").write_text(dump(YOUTH_FRAMEWORK))
    (content / "frameworks" / "thematic.yaml").write_text(dump(THEMATIC_FRAMEWORK))
    for slug, data, chapters in (("testshire-yos-2021", YOUTH_INSPECTION, YOUTH_CHAPTERS),
                                 ("testshire-families-2022", THEMATIC_INSPECTION, THEMATIC_CHAPTERS)):
        folder = content / "inspections" / slug
        folder.mkdir()
        (folder / "inspection.yaml").write_text(dump(data))
        for name, text in chapters.items():
            (folder / name).write_text(text)
    return content
