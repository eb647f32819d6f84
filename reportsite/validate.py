"""Checks between files: pure functions that return every diagnostic.

Loading (:mod:`reportsite.load`) has already checked each file on its own:
syntax, field names, types, rating words, ranges, dates. Here we check what
needs more than one file to know: ids against the framework, slugs against
providers, owners and the glossary, footnotes against their definitions,
slots against the data they place, and each standard's rating against the
framework's banding rule.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from typing import Any, Iterator

from .diagnostics import Diagnostic, Position, did_you_mean, error, note, warning, word_list
from .glossary.marks import SOURCE_LINK as GLOSSARY_LINK
from .load.content import INSPECTION_FILE, Content, LazyDocument, LoadedInspection
from .load.textfile import MAX_BYTES
from .load.yamlfile import PathKey, YamlDocument
from .model.framework import Framework
from .model.inspection import Inspection
from .model.narrative import MarkdownText, Slot
from .model.site import slugify
from .slots import SLOTS, expected_slots

FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
#: Words too common to be glossary terms: every use in every narrative would be taken
#: for the term (a word is found as the glossary writes it, or capitalised).
COMMON_WORDS = frozenset("""
    a about after all also an and any are as at be been but by can could did do does each
    for from had has have he her his how i if in into is it its may more no not of on one
    or our she should so such than that the their them then there these they this those
    to was we were what when which who will with would you
""".split())


def validate(content: Content) -> list[Diagnostic]:
    """Every cross-file problem in the content: the site's, and each inspection's."""
    problems = check_site(content)
    for loaded in content.inspections.values():
        problems += check_inspection(content, loaded)
    return problems


def check_site(content: Content) -> list[Diagnostic]:
    """What is checked once for the whole site; each inspection is :func:`check_inspection`'s."""
    problems = check_glossary(content) + check_ownerships(content) + check_frameworks(content)
    if not content.inspections and (content.root / "inspections").is_dir():
        problems.append(warning("there are no inspections yet",
                                Position(content.shown(content.root / "inspections")),
                                "add one with 'python build.py new <slug>'"))
    problems += check_dates(content, dt.date.today())
    return problems


def check_frameworks(content: Content) -> list[Diagnostic]:
    """What frameworks must not share: the address their pages once had. And each
    provider's type is one a framework inspects (unless a framework is faulty, when the
    types it would name are not known)."""
    problems = []
    claimed: dict[str, str] = {}
    for key, (document, framework) in content.frameworks.items():
        if framework.moved_from is None:
            continue
        if framework.moved_from in claimed:
            problems.append(error(f"{claimed[framework.moved_from]}.yaml also moved from "
                                  f"{framework.moved_from!r}", document.where(("moved_from",)),
                                  "one framework's old pages can be at one address"))
        else:
            claimed[framework.moved_from] = key
    if content.providers is None or content.faulty_frameworks:
        return problems
    document, providers = content.providers
    types = list(dict.fromkeys(t for _, f in content.frameworks.values() for t in f.provider_types))
    for slug, provider in providers.items():
        if provider.type is not None and provider.type not in types:
            problems.append(error(f"unknown provider type {provider.type!r}",
                                  document.where((slug, "type")),
                                  did_you_mean(provider.type, types) or
                                  f"a framework names the types it inspects: {word_list(types)}"))
    return problems


def check_ownerships(content: Content) -> list[Diagnostic]:
    """Each provider's owners exist and follow one another in time, so the owner at any
    date is one owner."""
    if content.providers is None:
        return []
    document, providers = content.providers
    owners = content.owners[1] if content.owners else None
    problems = []
    for slug, provider in providers.items():
        previous = None
        for index, ownership in enumerate(provider.owners or []):
            if owners is not None and ownership.owner not in owners:
                problems.append(error(f"unknown owner {ownership.owner!r}",
                                      document.where((slug, "owners", index, "owner")),
                                      did_you_mean(ownership.owner, owners) or
                                      "add it to owners.yaml"))
            if index and ownership.since is None:
                problems.append(error(f"{slug}: only the first owner may have no 'since' date",
                                      document.where((slug, "owners", index)),
                                      "give the date this ownership began, as the report gives it"))
            elif previous and ownership.since and ownership.since.sort_key <= previous.sort_key:
                problems.append(error(f"{slug}: owners must be listed oldest first",
                                      document.where((slug, "owners", index, "since")),
                                      f"this ownership began on or before the one above it "
                                      f"({previous})"))
            previous = ownership.since
    return problems


def check_dates(content: Content, today: dt.date) -> list[Diagnostic]:
    """Dates that look wrong: published in the future, or the same as another inspection
    of the same provider (the same report twice, or a copy whose dates were not changed).
    Checked here, not with each inspection, as the day moves on and the others change."""
    problems = []
    seen: dict[tuple, str] = {}
    for slug, loaded in content.inspections.items():
        inspection = loaded.inspection
        if inspection is None or inspection.published is None:
            continue
        if inspection.published.earliest() > today and not inspection.draft:
            problems.append(warning(f"published {inspection.published}, which is in the future",
                                    _yaml_where(content, loaded, ("published",)),
                                    "check the date: the site would show it as published"))
        key = (tuple(sorted(inspection.providers)), inspection.published, inspection.fieldwork)
        if key in seen:
            problems.append(warning(
                f"same provider and dates as {seen[key]} (published {inspection.published}, "
                f"fieldwork {inspection.fieldwork or 'unknown'})",
                _yaml_where(content, loaded, ("published",)),
                "if it is another report, check its dates; if it is a copy, remove one folder"))
        else:
            seen[key] = slug
    return problems


def _yaml_where(content: Content, loaded: LoadedInspection, path: PathKey) -> Position:
    """Where in an inspection.yaml: its positions are let go once it is checked in a large
    build, and read again only for a message."""
    document = loaded.document or LazyDocument(
        content.root / "inspections" / loaded.slug / INSPECTION_FILE,
        f"{loaded.folder}/{INSPECTION_FILE}", MAX_BYTES)
    return document.where(path)


def check_inspection(content: Content, loaded: LoadedInspection) -> list[Diagnostic]:
    inspection, document = loaded.inspection, loaded.document
    problems = check_chapters(loaded)
    if inspection is None or document is None:
        return problems
    problems += check_references(content, inspection, document)
    framework_pair = content.frameworks.get(inspection.framework or "")
    if inspection.framework in content.faulty_frameworks:
        pass  # its file's errors are reported there; checked against it, every one would repeat
    elif framework_pair is None:
        if inspection.framework is not None and content.frameworks:
            problems.append(error(f"unknown framework {inspection.framework!r}",
                                  document.where(("framework",)),
                                  did_you_mean(inspection.framework, content.frameworks)))
    else:
        framework = framework_pair[1]
        problems += check_provider_types(content, inspection, framework, document)
        foreign = check_fields_fit(inspection, framework, document)
        if foreign:  # written for another framework: checked against this one, all would differ
            problems += foreign
        else:
            problems += check_ratings(inspection, framework, document)
            problems += check_outcomes(inspection, framework, document)
            problems += check_slots(loaded, framework, _in_glossary(content, loaded.slug))
    problems += check_recommendations(inspection, document)
    problems += check_texts(loaded)
    if inspection.draft:
        problems.append(note("this inspection is a draft: 'build' leaves it out until you "
                             "remove 'draft: true'", document.where(("draft",))))
    problems += check_footnotes(loaded)
    problems += check_glossary_links(content, loaded)
    if inspection.published and inspection.fieldwork and \
            inspection.published.latest() < inspection.fieldwork.earliest():
        problems.append(warning("published before fieldwork started",
                                document.where(("published",)), "check both dates"))
    return problems


def check_references(content: Content, inspection: Inspection, document: YamlDocument) -> list[Diagnostic]:
    """Providers and source name things that exist; each provider's owner at the time is known."""
    problems = []
    known = content.providers[1] if content.providers else None
    for index, slug in enumerate(inspection.providers if known is not None else []):
        path = _provider_path(inspection, index)
        if slug not in known:
            problems.append(error(f"unknown provider {slug!r}", document.where(path),
                                  did_you_mean(slug, known) or "add it to providers.yaml"))
        elif known[slug].owner_at(inspection.date) is None:
            problems.append(warning(
                f"no owner of provider {slug!r} is recorded at the inspection's date "
                f"({inspection.date or 'not known'})", document.where(path),
                f"add who owned it, and since when, under '{slug}: owners:' in providers.yaml"))
    if inspection.source is None:
        if "source" not in (document.data or {}):
            return problems  # already reported as a missing field
        problems.append((warning if inspection.draft else error)(
            "no source text recorded", document.where(("source",)),
            "put the report's text export in content/sources/ and name it under source:"))
    elif inspection.source not in content.sources:
        problems.append(error(f"source file {inspection.source!r} is not in sources/",
                              document.where(("source",)),
                              did_you_mean(inspection.source, content.sources)
                              or "copy the report's text export into content/sources/"))
    return problems


def _provider_path(inspection: Inspection, index: int) -> PathKey:
    return ("provider",) if isinstance(inspection.provider, str) else ("provider", index)


def check_provider_types(content: Content, inspection: Inspection, framework: Framework,
                         document: YamlDocument) -> list[Diagnostic]:
    """Each provider inspected is of a type the framework inspects."""
    known = content.providers[1] if content.providers else {}
    problems = []
    for index, slug in enumerate(inspection.providers):
        provider = known.get(slug)
        if provider is None or provider.type is None or provider.type in framework.provider_types:
            continue
        problems.append(error(
            f"provider {slug!r} is a {provider.type}; the {framework.short_name} inspect "
            f"{word_list(framework.provider_types)}", document.where(_provider_path(inspection, index)),
            "check the inspection's framework, and the provider's type in providers.yaml"))
    return problems


def check_fields_fit(inspection: Inspection, framework: Framework,
                     document: YamlDocument) -> list[Diagnostic]:
    """What the inspection holds that its framework does not have (ratings where it rates
    nothing, outcomes where it has no outcome areas): one message, at the framework's name,
    which is more often the mistake than all the rest."""
    written = document.data if isinstance(document.data, dict) else {}
    parts = [] if framework.rated else ["overall_rating", "ratings", "key_questions", "domains"]
    if not framework.outcome_areas:
        parts.append("outcomes")
    held = [name for name in parts if written.get(name) not in (None, {}, [])]
    if not held:
        return []
    return [error(f"{framework.short_name} inspections have no {word_list(held, 'and')}, which "
                  "this inspection holds", document.where(("framework",)),
                  "check the framework named here; or, if it is right, remove "
                  + word_list(held, "and"))]


def check_ratings(inspection: Inspection, framework: Framework,
                  document: YamlDocument) -> list[Diagnostic]:
    """Ratings and figures, where the framework rates: complete, of its scale, and banded."""
    written = document.data if isinstance(document.data, dict) else {}
    if not framework.rated:
        return []
    problems = []
    standards, questions = framework.standards, framework.key_questions
    labels = framework.labels
    missing = warning if inspection.draft else error  # a draft may be incomplete
    if written.get("overall_rating") is None:  # missing, or written as null
        problems.append(missing("missing overall_rating", document.where(()),
                                f"the {framework.short_name} give every inspection an overall rating"))
    else:
        problems += _check_rating_name(inspection.overall_rating, framework, document,
                                       ("overall_rating",))
    for standard_id, value in inspection.ratings.items():
        if standard_id not in standards:
            problems.append(error(f"unknown {labels.standard} {standard_id!r} in "
                                  f"{framework.short_name}",
                                  document.where(("ratings", standard_id), key=True),
                                  did_you_mean(standard_id, standards)))
        long_form = not isinstance(value, str)
        problems += _check_rating_name(inspection.rating_of(standard_id).rating, framework, document,
                                       ("ratings", standard_id) + (("rating",) if long_form else ()))
    for question_id in inspection.key_questions:
        if question_id not in questions:
            problems.append(error(f"unknown {labels.key_question} {question_id!r} in "
                                  f"{framework.short_name}",
                                  document.where(("key_questions", question_id), key=True),
                                  did_you_mean(question_id, questions)))
    written_ratings = written.get("ratings") if isinstance(written.get("ratings"), dict) else {}
    written_figures = written.get("key_questions") \
        if isinstance(written.get("key_questions"), dict) else {}
    for standard in standards.values():
        if standard.id not in written_ratings:
            problems.append(missing(f"no rating for {labels.standard} {standard.id} {standard.name}",
                                  document.where(("ratings",)),
                                  f"add '\"{standard.id}\": <rating>' under ratings"))
        for question in standard.key_questions:
            if question.id not in written_figures:
                problems.append(missing(f"no '{labels.figure}' figure for {labels.key_question} "
                                      f"{question.id}", document.where(("key_questions",)),
                                      f"add '\"{question.id}\": <percent>' under key_questions"))
    if framework.checks_bands:
        problems += check_banding(inspection, framework, document)
    if framework.overall_rule is not None:
        problems += check_overall(inspection, framework, document)
    for domain_id, findings in inspection.domains.items():
        domain = next((d for d in framework.domains if d.id == domain_id), None)
        if domain is None:
            problems.append(error(f"unknown {labels.domain} {domain_id!r} in {framework.short_name}",
                                  document.where(("domains", domain_id), key=True),
                                  did_you_mean(domain_id, [d.id for d in framework.domains])))
            continue
        ids = [s.id for s in domain.standards]
        for index, finding in enumerate(findings.key_findings):
            if finding.standard and finding.standard not in ids:
                problems.append(error(f"{labels.standard} {finding.standard!r} is not in "
                                      f"{labels.domain} {domain_id}",
                                      document.where(("domains", domain_id, "key_findings", index,
                                                      "standard")), did_you_mean(finding.standard, ids)))
    return problems


def _check_rating_name(name: str | None, framework: Framework, document: YamlDocument,
                       path: PathKey) -> list[Diagnostic]:
    if name is None or name in framework.rating_names:
        return []
    return [error(f"{name!r} is not a rating of the {framework.short_name}: "
                  f"{', '.join(framework.rating_names)}", document.where(path),
                  did_you_mean(name, framework.rating_names))]


def check_banding(inspection: Inspection, framework: Framework,
                  document: YamlDocument) -> list[Diagnostic]:
    """Note where a published rating is not what the lowest-band rule gives.

    The published rating is authoritative; the note asks the editor to record
    the report's explanation (its footnote) so readers see why.
    """
    problems = []
    for standard in framework.standards.values():
        detail = inspection.rating_of(standard.id)
        figures = [inspection.figure_of(q.id) for q in standard.key_questions]
        if detail.rating not in framework.rating_names or not figures or None in figures:
            continue  # not rated yet, or not a rating (reported)
        bands = [framework.band(f.percent) for f in figures]
        if None in bands:
            continue
        lowest = min(bands, key=lambda level: level.min_percent)
        if lowest.name != detail.rating and detail.explanation is None:
            lowest_figure = min(f.percent for f in figures)
            problems.append(note(
                f"{framework.labels.standard} {standard.id} is published as {detail.rating!r}; "
                f"the banding rule gives {lowest.name!r} (lowest {framework.labels.key_question} "
                f"{lowest_figure}%)",
                document.where(("ratings", standard.id)),
                "if the report explains this (e.g. a ratings panel footnote), record it as "
                "'explanation: <footnote>'"))
    return problems


def check_overall(inspection: Inspection, framework: Framework,
                  document: YamlDocument) -> list[Diagnostic]:
    """Note where the published overall rating is not what the framework's scoring rule gives."""
    ruled = framework.overall_rule.rating_for(
        [inspection.rating_of(s).rating for s in framework.standards])
    if ruled is None or inspection.overall_rating in (None, ruled[1]) or \
            inspection.overall_rating not in framework.rating_names:
        return []
    total, rating = ruled
    return [note(f"the overall rating is published as {inspection.overall_rating!r}; the "
                 f"scoring rule gives {rating!r} ({framework.labels.standards} scoring {total})",
                 document.where(("overall_rating",)),
                 "the published rating stands; check it against the report")]


def check_outcomes(inspection: Inspection, framework: Framework,
                   document: YamlDocument) -> list[Diagnostic]:
    if not framework.outcome_areas:
        return []
    problems = []
    areas = [a.id for a in framework.outcome_areas]
    organisations = [o.id for o in framework.organisations]
    for area, judgements in inspection.outcomes.items():
        if area not in areas:
            problems.append(error(f"unknown {framework.labels.outcome_area} {area!r}",
                                  document.where(("outcomes", area), key=True),
                                  did_you_mean(area, areas)))
        for organisation in judgements:
            if organisation not in organisations:
                problems.append(error(f"unknown organisation {organisation!r}",
                                      document.where(("outcomes", area, organisation), key=True),
                                      did_you_mean(organisation, organisations)))
    return problems


def check_recommendations(inspection: Inspection, document: YamlDocument) -> list[Diagnostic]:
    """Numbered 1, 2, 3 ... across all groups, as the reports number them."""
    problems = []
    expected = 1
    for g, group in enumerate(inspection.recommendations):
        for i, item in enumerate(group.items):
            if item.number is not None and item.number != expected:
                problems.append(error(f"recommendation numbered {item.number}; expected {expected}",
                                      document.where(("recommendations", g, "items", i, "number")),
                                      "number recommendations 1, 2, 3 ... across all groups"))
            expected = (item.number or expected) + 1
    return problems


def check_chapters(loaded: LoadedInspection) -> list[Diagnostic]:
    problems = []
    seen: dict[str, str] = {}
    for chapter in loaded.narrative.chapters:
        if chapter.slug in seen:
            problems.append(error(f"two chapters named {chapter.slug!r}: {seen[chapter.slug]} and "
                                  f"{chapter.file}", Position(f"{loaded.folder}/{chapter.file}"),
                                  "chapter names become page anchors and must differ"))
        seen[chapter.slug] = chapter.file
    if not loaded.narrative.chapters and loaded.inspection is not None:
        problems.append(warning("the inspection has no narrative chapters",
                                Position(loaded.folder), "add files like 01-foreword.md"))
    return problems


#: Opens the line an import leaves where the report printed an image, before its caption.
IMAGE_PLACEHOLDER = "TODO image:"


def check_texts(loaded: LoadedInspection) -> list[Diagnostic]:
    """'TODO' left in the data or the text (the `new` scaffold is full of them); and
    images in inspection.yaml, where they could not be shown."""
    problems = []
    for path, text in _strings(loaded.document.data):
        if text.lstrip().startswith("TODO"):
            problems.append(warning(f"placeholder still to replace: {text.strip()[:60]!r}",
                                    loaded.document.where(path)))
        if "![" in text:
            problems.append(_image_outside_chapters(loaded.document.where(path)))
    for chapter in loaded.narrative.chapters:
        for segment in chapter.segments:
            if not isinstance(segment, MarkdownText):
                continue
            for offset, line in enumerate(segment.text.split("\n")):
                if "TODO" in line:
                    where = Position(f"{loaded.folder}/{chapter.file}", segment.first_line + offset,
                                     line.index("TODO") + 1)
                    problems.append(_placeholder(line.strip(), where))
    return problems


def _image_outside_chapters(where: Position) -> Diagnostic:
    return error("an image here would not be shown: images belong in chapters", where,
                 "put ![what it shows](file.png) in the chapter, with the file in the "
                 "inspection's folder")


def _placeholder(line: str, where: Position) -> Diagnostic:
    if line.startswith(IMAGE_PLACEHOLDER):
        caption = line[len(IMAGE_PLACEHOLDER):].strip()
        return warning(f"image still to add: {caption[:100]!r}", where,
                       "the report prints an image here: add it as ![what it shows](file.png) "
                       "with the file in the inspection's folder, or say in words what it "
                       "shows; then delete this line")
    return warning(f"placeholder still to replace: {line[:60]!r}", where)


# --- footnotes -------------------------------------------------------------

def _strings(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, path + (index,))


def check_footnotes(loaded: LoadedInspection) -> list[Diagnostic]:
    """Every cited footnote is defined once; every definition is cited."""
    inspection, document = loaded.inspection, loaded.document
    definitions: dict[str, Position] = {}
    problems = []
    for label in inspection.footnotes:
        definitions[label] = document.where(("footnotes", label), key=True)
    for chapter in loaded.narrative.chapters:
        for mark in chapter.footnote_defs:
            if mark.label in definitions:
                problems.append(error(f"footnote {mark.label!r} is defined twice (also at "
                                      f"{definitions[mark.label]})", mark.where,
                                      "a report numbers its footnotes once; remove one"))
            else:
                definitions[mark.label] = mark.where
    references: list[tuple[str, Position]] = []
    for path, text in _strings(document.data):
        if path[:1] == ("footnotes",) and len(path) == 1:
            continue
        for match in FOOTNOTE_REF.finditer(text):
            references.append((match.group(1), document.where(path)))
    for standard_id, value in inspection.ratings.items():
        for label in getattr(value, "footnotes", []) + [getattr(value, "explanation", None)]:
            if label:
                references.append((label, document.where(("ratings", standard_id))))
    for question_id, value in inspection.key_questions.items():
        for label in getattr(value, "footnotes", []):
            references.append((label, document.where(("key_questions", question_id))))
    for domain_id, findings in inspection.domains.items():
        for index, label in enumerate(findings.footnotes):
            references.append((label, document.where(("domains", domain_id, "footnotes", index))))
    for chapter in loaded.narrative.chapters:
        references += [(mark.label, mark.where) for mark in chapter.footnote_refs]
    cited = set()
    for label, where in references:
        cited.add(label)
        if label not in definitions:
            problems.append(error(f"footnote [^{label}] is cited but never defined", where,
                                  did_you_mean(label, definitions) or
                                  f"add '[^{label}]: <text>' in the chapter, or under footnotes:"))
    for label, where in definitions.items():
        if label not in cited and loaded.fields_complete:
            problems.append(error(f"footnote {label!r} is defined but never cited", where,
                                  f"cite it as [^{label}] where the report prints the marker"))
    return problems


# --- slots -----------------------------------------------------------------

def _in_glossary(content: Content, slug: str) -> bool | None:
    """Whether the site glossary prints any definition from this report (None: no glossary
    could be read, which is reported once, not again for every report's glossary slot)."""
    return None if content.glossary is None else slug in content.glossary[1].by_report


def check_slots(loaded: LoadedInspection, framework: Framework,
                has_glossary: bool | None) -> list[Diagnostic]:
    """Each slot names data that exists, once; all structured data is placed."""
    expected = expected_slots(loaded.inspection, framework, has_glossary)
    problems = []
    placed: dict[str, Slot] = {}
    for slot in loaded.narrative.slots:
        if slot.name not in SLOTS:
            problems.append(error(f"unknown slot '::: {slot.name}'", slot.where,
                                  did_you_mean(slot.name, SLOTS)))
            continue
        if len(slot.args) != SLOTS[slot.name].arguments:
            problems.append(error(f"slot '::: {slot.name}' takes {SLOTS[slot.name].arguments} "
                                  f"argument(s), got {len(slot.args)}", slot.where,
                                  _slot_hint(slot.name, expected)))
            continue
        if slot.key in placed:
            problems.append(error(f"'::: {slot.key}' is placed twice (first at "
                                  f"{placed[slot.key].where})", slot.where, "keep one"))
            continue
        placed[slot.key] = slot
        if slot.name == "glossary" and has_glossary is None:
            continue
        if slot.key not in expected and loaded.fields_complete:
            problems.append(error(f"'::: {slot.key}' has nothing to show", slot.where,
                                  did_you_mean(slot.key, expected) or _slot_hint(slot.name, expected)))
    for key, what in expected.items():
        if key not in placed and loaded.narrative_complete:
            problems.append(error(f"{what}: not shown, no '::: {key}' line in the narrative",
                                  Position(loaded.folder),
                                  f"put a line '::: {key}' where the report prints it"))
    return problems


def _slot_hint(name: str, expected: dict[str, str]) -> str | None:
    options = [key for key in expected if key.split()[0] == name]
    return f"e.g. '::: {options[0]}'" if options else None


# --- glossary --------------------------------------------------------------

def check_glossary_links(content: Content, loaded: LoadedInspection) -> list[Diagnostic]:
    if content.glossary is None:
        return []
    known = content.glossary[1].by_slug
    problems = []
    links = [(m.label, m.where) for c in loaded.narrative.chapters for m in c.glossary_links]
    if loaded.document is not None:
        for path, text in _strings(loaded.document.data):
            links += [(m.group(1), loaded.document.where(path)) for m in GLOSSARY_LINK.finditer(text)]
    for slug, where in links:
        if slug not in known:
            problems.append(error(f"link to unknown glossary term 'glossary:{slug}'", where,
                                  did_you_mean(slug, known)))
    return problems


def check_glossary(content: Content) -> list[Diagnostic]:
    """Terms are unique, name something and are not common words; their reports and
    cross-references exist."""
    if content.glossary is None:
        return []
    document, glossary = content.glossary
    problems = []
    by_slug: dict[str, int] = {}
    counts = Counter(entry.slug for entry in glossary.terms if entry.term)
    for index, entry in enumerate(glossary.terms):
        problems += _common_words(entry.term, entry.aliases, document, index)
        if entry.term is None:  # empty or blank: already reported
            continue
        if not entry.slug:
            problems.append(error(f"glossary term {entry.term!r} has no letter or digit",
                                  document.where(("terms", index, "term")),
                                  "its entry is named after its letters and digits: write the "
                                  "term as the report prints it"))
            continue
        if counts[entry.slug] > 1 and entry.slug in by_slug:
            first = glossary.terms[by_slug[entry.slug]].term
            problems.append(error(f"glossary term {entry.term!r} duplicates {first!r}",
                                  document.where(("terms", index, "term")),
                                  "merge the two: one entry per term, one definition per wording"))
            continue
        by_slug[entry.slug] = index
    slugs_by_term = {entry.term.casefold(): entry.slug for entry in glossary.terms if entry.term}
    wordings: dict[str, dict[str, int]] = defaultdict(dict)
    for index, entry in enumerate(glossary.terms):
        for d, definition in enumerate(entry.definitions or []):
            if definition.text and "![" in definition.text:
                problems.append(_image_outside_chapters(
                    document.where(("terms", index, "definitions", d, "text"))))
            for link in GLOSSARY_LINK.finditer(definition.text or ""):
                if link.group(1) not in by_slug:
                    problems.append(error(f"link to unknown glossary term 'glossary:{link.group(1)}'",
                                          document.where(("terms", index, "definitions", d, "text")),
                                          did_you_mean(link.group(1), by_slug)))
            for r, report in enumerate(definition.reports or []):
                if report not in content.inspections:
                    problems.append(error(f"glossary names unknown inspection {report!r}",
                                          document.where(("terms", index, "definitions", d,
                                                          "reports", r)),
                                          did_you_mean(report, content.inspections)))
                if entry.slug and report in wordings[entry.slug]:  # (no slug: reported above)
                    problems.append(error(f"{report!r} is listed under two wordings of "
                                          f"{entry.term!r}",
                                          document.where(("terms", index, "definitions", d,
                                                          "reports", r)),
                                          "a report prints one wording of a term"))
                wordings[entry.slug][report] = d
            if definition.expansion and not entry.expansion:
                problems.append(error(f"{entry.term!r} is not an abbreviation: its wordings "
                                      "have no expansion",
                                      document.where(("terms", index, "definitions", d, "expansion"),
                                                     key=True),
                                      "give the term an expansion too, or remove this one"))
        for s, other in enumerate(entry.see_also or []):
            if other.casefold() not in slugs_by_term:
                problems.append(error(f"'see also' names unknown glossary term {other!r}",
                                      document.where(("terms", index, "see_also", s)),
                                      did_you_mean(other, [e.term for e in glossary.terms if e.term])))
    return problems + _check_annexes(document, glossary, wordings, content.inspections)


def _check_annexes(document: YamlDocument, glossary, wordings: dict[str, dict[str, int]],
                   inspections: dict) -> list[Diagnostic]:
    """Each report's annex lists the terms it has wordings of, each once."""
    problems = []
    by_slug = glossary.by_slug
    for report, printed in (glossary.annexes or {}).items():
        if report not in inspections:
            problems.append(error(f"glossary annex of unknown inspection {report!r}",
                                  document.where(("annexes", report), key=True),
                                  did_you_mean(report, inspections)))
            continue
        listed: set[str] = set()
        for index, term in enumerate(printed or []):
            slug = slugify(term)
            if slug in listed:
                problems.append(error(f"{term!r} is listed twice in {report}'s annex",
                                      document.where(("annexes", report, index)),
                                      "a report prints each term once"))
            elif report not in wordings.get(slug, {}):
                problems.append(error(
                    f"{term!r} in {report}'s annex has no wording from {report}",
                    document.where(("annexes", report, index)),
                    f"add {report} to the reports of its wording" if slug in by_slug else
                    did_you_mean(term, [e.term for e in glossary.terms if e.term])))
            listed.add(slug)
        for entry, _ in glossary.by_report.get(report, []):
            if entry.slug not in listed:
                problems.append(error(f"{entry.term!r} has a wording from {report} but "
                                      f"is not in its annex",
                                      document.where(("annexes", report), key=True),
                                      "add it where the report prints it, as it writes it"))
    return problems


def _common_words(term: str | None, aliases: list[str], document: YamlDocument,
                  index: int) -> list[Diagnostic]:
    """A term or alias that is a common word, as the narrative would write it."""
    problems = []
    forms = [(term, ("terms", index, "term"))] + [
        (alias, ("terms", index, "aliases", a)) for a, alias in enumerate(aliases)]
    for form, path in forms:
        word = (form or "").strip()
        if word.lower() in COMMON_WORDS and word in (word.lower(), word.capitalize()):
            problems.append(error(f"glossary {'term' if len(path) == 3 else 'alias'} {word!r} is "
                                  "a common word: every use of it in every report would be "
                                  "linked to the glossary", document.where(path),
                                  "use the term as the report prints it (an abbreviation in "
                                  "capitals is fine)"))
    return problems
