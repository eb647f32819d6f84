"""A new inspection's files, made from its framework.

Every required field is present with a clear ``TODO`` placeholder (which
``check`` lists), every chapter has its heading and slot lines, and the
inspection is a draft, so an incomplete scaffold is valid and is never
published by accident.
"""

from __future__ import annotations

from .importer.write import dump_yaml
from .model.framework import Framework
from .model.site import slugify
from .schemas import INSPECTION_SCHEMA_REF

HEADER = f"""\
# yaml-language-server: $schema={INSPECTION_SCHEMA_REF}
# A new inspection. Replace every TODO; 'python build.py check' lists what is left.
# docs/content-model.md describes every field. Remove 'draft: true' to publish.
"""


def scaffold(framework: Framework, provider: str) -> dict[str, str]:
    """File name -> text, for a new inspection under ``framework``."""
    data: dict = {
        "title": "TODO: the report's title, as printed",
        "provider": provider,
        "framework": framework.id,
        "draft": True,
        "published": None,
        "fieldwork": None,
        "source": None,
        "lead_inspector": "TODO: who led the inspection",
        "chief_inspector": "TODO: who signed the foreword",
    }
    if framework.rated:
        data["overall_rating"] = None
        data["ratings"] = {}
        if framework.key_questions:
            data["key_questions"] = {}
    data["recommendations"] = [{"by": "TODO: who should act, as printed before 'should:'",
                                "items": [{"number": 1,
                                           "text": "TODO: the first recommendation, as printed"}]}]
    data["key_facts"] = [{"figure": "TODO",
                          "text": "TODO: what the figure measures, citing its source[^1]"}]
    if framework.rated and framework.domains:
        data["domains"] = {domain.id: {
            "key_findings": [{"summary": f"TODO: a key finding about {domain.name.lower()}"}],
            "strengths": ["TODO: a strength"],
            "areas_for_improvement": ["TODO: an area for improvement"],
        } for domain in framework.domains}
    if framework.outcome_areas:
        data["outcomes"] = {area.id: {organisation.id: {
            "summary": f"TODO: the judgement on {organisation.name} in {area.name.lower()}"}
            for organisation in framework.organisations} for area in framework.outcome_areas}
    data["footnotes"] = {"1": "TODO: the source of the key fact"}
    files = {"inspection.yaml": dump_yaml(data, HEADER)}
    chapters = _standards_chapters(framework) if framework.rated and framework.domains \
        else _outcomes_chapters(framework) if framework.outcome_areas else _plain_chapters(framework)
    for number, (slug, text) in enumerate(chapters, start=1):
        files[f"{number:02d}-{slug}.md"] = text
    return files


def _chapter(title: str, *parts: str) -> str:
    return f"# {title}\n\n" + "\n\n".join(parts) + "\n"


def _todo(what: str) -> str:
    return f"TODO: {what}, paragraph by paragraph, as printed."


GLOSSARY = ("TODO: add this report's glossary to content/glossary.yaml (each wording listing this "
            "inspection), then put the line '::: glossary' here in place of this one.")


def _standards_chapters(framework: Framework) -> list[tuple[str, str]]:
    chapters = [
        ("foreword", _chapter("Foreword", _todo("the foreword"))),
        ("overall-findings", _chapter("Overall findings", _todo("the introduction"), *(
            f"## {domain.name}\n\n::: key-findings {domain.id}" for domain in framework.domains))),
        ("summary-of-ratings", _chapter("Summary of ratings", "::: ratings")),
        ("recommendations", _chapter("Recommendations", _todo("the introduction"),
                                     "::: recommendations")),
        ("background", _chapter("Background", _todo("the background"))),
        ("key-facts", _chapter("Key facts", "::: key-facts")),
    ]
    for domain in framework.domains:
        parts = [_todo(f"the introduction to {domain.name.lower()}"),
                 f"::: strengths {domain.id}", f"::: areas-for-improvement {domain.id}"]
        for standard in domain.standards:
            parts += [f"::: standard {standard.id}",
                      _todo(f"what the report says about {standard.id} {standard.name}")]
        chapters.append((slugify(domain.name),
                         _chapter(f"{domain.id}. {domain.name}", *parts)))
    rated = [d for d in framework.domains if any(s.key_questions for s in d.standards)]
    chapters += [
        ("annex-1", _chapter("Annex 1: Methodology", _todo("the methodology"))),
        ("annex-2", _chapter("Annex 2: Inspection results", *(
            f"## {domain.id}. {domain.name}\n\n::: results {domain.id}" for domain in rated))),
        ("annex-3", _chapter("Annex 3: Glossary", GLOSSARY)),
    ]
    return chapters


def _plain_chapters(framework: Framework) -> list[tuple[str, str]]:
    """A report with no standards or outcome areas (a thematic inspection): its chapters
    are its own."""
    return [
        ("foreword", _chapter("Foreword", _todo("the foreword"))),
        *([("summary-of-ratings", _chapter("Summary of ratings", "::: ratings"))]
          if framework.rated else []),
        ("key-facts", _chapter("Key facts", "::: key-facts")),
        ("findings", _chapter("Findings", _todo("the findings"))),
        ("recommendations", _chapter("Recommendations", _todo("the introduction"),
                                     "::: recommendations")),
        ("glossary", _chapter("Glossary", GLOSSARY)),
    ]


def _outcomes_chapters(framework: Framework) -> list[tuple[str, str]]:
    organisations = "\n\n".join(f"### {o.name}\n\n{_todo(o.name)}" for o in framework.organisations)
    return [
        ("foreword", _chapter("Foreword", _todo("the foreword"))),
        ("key-facts", _chapter("Key facts", "::: key-facts")),
        ("overall-judgements", _chapter("1. Overall judgements and recommendations", *(
            f"## {area.name}\n\n::: judgements {area.id}" for area in framework.outcome_areas),
            "## Recommendations\n\n::: recommendations")),
        ("evaluation", _chapter("2. An evaluation of the quality of probation services", *(
            f"## {area.name}\n\n{organisations}" for area in framework.outcome_areas))),
        ("appendix-1", _chapter("Appendix 1: Glossary", GLOSSARY)),
    ]
