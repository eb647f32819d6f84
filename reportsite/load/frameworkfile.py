"""A framework file on its own: read, typed, and checked for what its types cannot say.

Types catch a missing field or a wrong value; here are the rest of a framework's
own rules: ids unique and nested (a key question inside its standard, a standard
inside its domain), the labels, bands and scores each part needs, and addresses
that cannot collide. Each problem is placed at its file, line and column. A
framework with any error is *faulty*: inspections that use it are not checked
against it, so one mistake here is one message, not one per inspection.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..diagnostics import Diagnostic, did_you_mean, error, word_list
from ..model.framework import Framework, Labels
from ..render.urls import SITE_FOLDERS
from ..schema import convert
from .textfile import MAX_BYTES
from .yamlfile import PathKey, YamlDocument, load_yaml_file


def load_framework(path: Path, shown: str, data: bytes | None = None
                   ) -> tuple[YamlDocument | None, Framework | None, list[Diagnostic]]:
    """(document, framework, problems) of one framework file; what the file cache keeps."""
    document, problems = load_yaml_file(path, shown, MAX_BYTES, data)
    if document is None:
        return None, None, problems
    framework, found = convert(document, Framework)
    problems += found
    if framework is not None:
        problems += check_framework(document, framework)
    return document, framework, problems


#: The labels each part of a framework needs, for the site's words about it.
LABELS_FOR = {
    "standards": ("standard", "standards", "domain"),
    "key questions": ("key_question", "key_questions", "figure", "figure_meaning"),
    "outcome areas": ("outcome_area", "outcome_areas"),
}


def check_framework(document: YamlDocument, framework: Framework) -> list[Diagnostic]:
    """Every problem of the framework's own that its types do not catch."""
    checks = _Checks(document)
    standards = [s for d in framework.domains for s in d.standards]
    questions = [q for s in standards for q in s.key_questions]
    checks.unique("domain id", [(d.id, d.yaml_path + ("id",)) for d in framework.domains])
    checks.unique("standard id", [(s.id, s.yaml_path + ("id",)) for s in standards])
    checks.unique("key question id", [(q.id, q.yaml_path + ("id",)) for q in questions])
    scale_sound = checks.unique("rating", [(r.name, r.yaml_path + ("name",)) for r in framework.ratings])
    checks.unique("outcome area id", [(a.id, a.yaml_path + ("id",)) for a in framework.outcome_areas])
    checks.unique("organisation id", [(o.id, o.yaml_path + ("id",))
                                      for o in framework.organisations])
    checks.unique("provider type", [(t, ("provider_types", i))
                                    for i, t in enumerate(framework.provider_types)])
    for domain in framework.domains:
        for standard in domain.standards:
            checks.inside(standard.id, standard.yaml_path, "standard", "domain", domain.id)
            for question in standard.key_questions:
                checks.inside(question.id, question.yaml_path, "key question", "standard",
                              standard.id)
    if not framework.provider_types:
        checks.fail(("provider_types",), "a framework names the types of provider it inspects",
                    "list them under provider_types:, e.g. '- Community Rehabilitation Company'")
    _check_labels(checks, framework, bool(standards), bool(questions))
    _check_scale(checks, framework, bool(standards), bool(questions))
    if framework.overall_rule is not None:
        _check_overall_rule(checks, framework, scale_sound)
    if framework.outcome_areas and not framework.organisations:
        checks.fail(("outcome_areas",), "outcome areas are judged for organisations, and there "
                    "are none", "list whose work is judged under organisations:", key=True)
    addresses = {s.slug: s.id for s in standards if s.id}  # a standard's page: its id, '-' for '.'
    for area in framework.outcome_areas:
        path = area.yaml_path + ("id",)
        if area.id in addresses:
            checks.fail(path, f"outcome area {area.id!r} would have the address of standard "
                        f"{addresses[area.id]}'s page", "give the outcome area another id")
        elif area.id == "page":
            checks.fail(path, "an outcome area cannot be called 'page': the site numbers a "
                        "long list's pages page/2/ and on", "give it another id")
    if framework.moved_from in SITE_FOLDERS:
        checks.fail(("moved_from",), f"{framework.moved_from!r} is the site's own folder",
                    "moved_from names only where this framework's pages once were")
    return checks.problems


def _check_labels(checks: _Checks, framework: Framework, has_standards: bool,
                  has_questions: bool) -> None:
    has = {"standards": has_standards, "key questions": has_questions,
           "outcome areas": bool(framework.outcome_areas)}
    parts = [part for part, names in LABELS_FOR.items()
             if has[part] and any(not getattr(framework.labels, name) for name in names)]
    missing = [name for part in parts for name in LABELS_FOR[part]
               if not getattr(framework.labels, name)]
    if missing:
        example = ", ".join(f"{name}: {_example(name)}" for name in missing)
        checks.fail(("labels",), f"the framework has {word_list(parts, 'and')}, so "
                    f"it needs the label{'s' if len(missing) > 1 else ''} "
                    f"{', '.join(map(repr, missing))}",
                    f"add under labels: what the reports call them ({example})", key=True)


def _example(label: str) -> str:
    """The example the label's documentation gives: 'standard' for standard."""
    found = re.search(r"e\.g\. '([^']+)'", Labels.__dataclass_fields__[label].metadata["doc"])
    return found.group(1) if found else "..."


def _check_scale(checks: _Checks, framework: Framework, has_standards: bool,
                 has_questions: bool) -> None:
    """A scale where standards are rated; bands where key questions are banded."""
    if not framework.ratings:
        rating = [(key, what) for key, what, present in (
            ("domains", "standards", has_standards),
            ("standard_rule", "a standard rule", framework.standard_rule is not None),
            ("overall_rule", "an overall rule", framework.overall_rule is not None)) if present]
        if rating:
            checks.fail((rating[0][0],), f"the framework has {word_list([w for _, w in rating], 'and')}, "
                        "which rate, and no rating scale",
                        "list the ratings under ratings:, best first", key=True)
        return
    if not has_questions:
        return
    for level in framework.ratings:
        for name in ("min_percent", "band"):
            if getattr(level, name) is None:
                checks.fail(level.yaml_path, f"rating {level.name!r} has no {name}: the "
                            "framework's key questions are banded by each rating's "
                            "min_percent and band", f"add '{name}: ...'")
    percents = [(level.min_percent, level.yaml_path + ("min_percent",))
                for level in framework.ratings if level.min_percent is not None]
    checks.unique("min_percent", percents, "each rating's band starts at its own figure")
    if percents and 0 not in [percent for percent, _ in percents]:
        checks.fail(("ratings",), "no rating starts at min_percent 0: a lower figure would "
                    "have no band", "give the lowest rating 'min_percent: 0'", key=True)


def _check_overall_rule(checks: _Checks, framework: Framework, scale_sound: bool) -> None:
    """Scores and bands of the scale's ratings (of a scale with a mistake, each name the rule
    gives would be a follow-on of it: those are checked once it is put right)."""
    rule, names = framework.overall_rule, [name for name in framework.rating_names if name]
    if not framework.ratings:
        return  # reported with the scale
    starts = [(band.min_score, band.yaml_path + ("min_score",)) for band in rule.bands]
    checks.unique("min_score", starts, "each band starts at its own score")
    if rule.bands and 0 not in [score for score, _ in starts]:
        checks.fail(("overall_rule", "bands"), "no band starts at min_score 0: a lower sum "
                    "would give no rating", "give the lowest band 'min_score: 0'", key=True)
    if not scale_sound:
        return
    meant = set()  # the ratings an unknown name is taken for: a typo is one message
    for name in rule.scores:
        if name not in names:
            hint = did_you_mean(name, names)
            meant |= {n for n in names if hint and repr(n) in hint}
            checks.fail(("overall_rule", "scores", name), f"unknown rating {name!r}", hint, key=True)
    for name in names:
        if name not in rule.scores and name not in meant:
            checks.fail(("overall_rule", "scores"), f"no score for rating {name!r}",
                        f"add '{name}: <score>' under scores", key=True)
    for band in rule.bands:
        if band.rating not in names:
            checks.fail(band.yaml_path + ("rating",), f"unknown rating {band.rating!r}",
                        did_you_mean(band.rating, names))


class _Checks:
    """Problems found in one framework file, each placed where it was written."""

    def __init__(self, document: YamlDocument):
        self.document = document
        self.problems: list[Diagnostic] = []

    def fail(self, path: PathKey, message: str, hint: str | None = None, *, key: bool = False):
        self.problems.append(error(message, self.document.where(path, key=key), hint))

    def unique(self, what: str, items: list[tuple[object, PathKey]], hint: str | None = None) -> bool:
        """Each value once: a second is reported where it stands, naming the first's line.
        Whether all were."""
        first: dict[object, PathKey] = {}
        found = len(self.problems)
        for value, path in items:
            if value is None:  # missing: reported by its type
                continue
            if value in first:
                line = self.document.where(first[value]).line
                self.fail(path, f"duplicate {what} {value!r} (first on line {line})",
                          hint or f"give each its own {what}")
            else:
                first[value] = path
        return len(self.problems) == found

    def inside(self, child: str | None, path: PathKey, kind: str, parent_kind: str,
               parent: str | None) -> None:
        """A dotted id within its parent's: 2.1.3 in 2.1, 2.1 in 2."""
        if child is None or parent is None or child.rpartition(".")[0] == parent:
            return
        self.fail(path + ("id",), f"{kind} {child!r} is not in {parent_kind} {parent}: "
                  f"its id must be {parent}.<number>",
                  f"move it under the {parent_kind} it belongs to, or correct its id")
