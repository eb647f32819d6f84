"""A framework file is checked like content: each mistake at its file, line and column, and
once, not again in every inspection that uses the framework."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reportsite.diagnostics import Diagnostic, format_all
from reportsite.load.frameworkfile import load_framework
from reportsite.pipeline import load_site
from tests.sites import (REAL_CONTENT, THEMATIC_FRAMEWORK, YOUTH_CHAPTERS, YOUTH_FRAMEWORK,
                         YOUTH_INSPECTION, dump, write_three_frameworks_site)

YOUTH = "content/frameworks/youth-2020.yaml"


def youth(change) -> dict:
    framework = copy.deepcopy(YOUTH_FRAMEWORK)
    change(framework)
    return framework


def standard(framework: dict, id_: str) -> dict:
    return next(s for d in framework["domains"] for s in d["standards"] if s["id"] == id_)


def many_mistakes(framework: dict) -> None:
    standard(framework, "3.2")["id"] = "3.1"  # a second 3.1
    standard(framework, "2.2")["key_questions"][0]["id"] = "2.1.3"  # outside its standard
    standard(framework, "4.1")["id"] = "3.4"  # outside its domain
    del standard(framework, "1.2")["description"]  # a missing field
    del framework["labels"]["figure"]  # the key questions' figure has no label
    del framework["ratings"][1]["min_percent"]  # Good: no band
    framework["ratings"][3]["name"] = "Good"  # a second Good (the rules' 'Inadequate' follow on)
    framework["overall_rule"]["bands"][1]["min_score"] = 31  # two bands from 31
    framework["provider_types"].append("Youth offending service")
    framework["moved_from"] = "inspections"


def write_framework(tmp_path: Path, data: dict | str, name: str = "youth-2020") -> Path:
    path = tmp_path / "content" / "frameworks" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else dump(data))
    return path


def test_every_mistake_in_a_framework_file_is_reported_at_its_place(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write_framework(tmp_path, youth(many_mistakes))
    _, framework, problems = load_framework(path, YOUTH)
    assert framework is not None
    assert format_all(problems) == f"""\
{YOUTH}:8:3: error: duplicate provider type 'Youth offending service' (first on line 7)
    hint: give each its own provider type
{YOUTH}:9:1: error: the framework has key questions, so it needs the label 'figure'
    hint: add under labels: what the reports call them (figure: % yes)
{YOUTH}:22:3: error: rating 'Good' has no min_percent: the framework's key questions are banded by each rating's min_percent and band
    hint: add 'min_percent: ...'
{YOUTH}:31:9: error: duplicate rating 'Good' (first on line 22)
    hint: give each its own rating
{YOUTH}:51:16: error: duplicate min_score 31 (first on line 49)
    hint: each band starts at its own score
{YOUTH}:64:5: error: missing required field 'description' in Standard
    hint: add 'description: ...' (the standard as printed under its heading)
{YOUTH}:88:11: error: key question '2.1.3' is not in standard 2.2: its id must be 2.2.<number>
    hint: move it under the standard it belongs to, or correct its id
{YOUTH}:106:9: error: duplicate standard id '3.1' (first on line 100)
    hint: give each its own standard id
{YOUTH}:116:9: error: standard '3.4' is not in domain 4: its id must be 4.<number>
    hint: move it under the domain it belongs to, or correct its id
{YOUTH}:119:13: error: 'inspections' is the site's own folder
    hint: moved_from names only where this framework's pages once were"""


def test_a_misspelt_rating_in_the_overall_rule_is_one_message(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def misspell(framework: dict) -> None:
        scores = framework["overall_rule"]["scores"]
        scores["Outstandng"] = scores.pop("Outstanding")  # not also 'no score for Outstanding'
        framework["overall_rule"]["bands"][2]["rating"] = "Requires Improvement"
    path = write_framework(tmp_path, youth(misspell))
    _, _, problems = load_framework(path, YOUTH)
    assert format_all(problems) == f"""\
{YOUTH}:47:5: error: unknown rating 'Outstandng'
    hint: did you mean 'Outstanding'?
{YOUTH}:53:13: error: unknown rating 'Requires Improvement'
    hint: did you mean 'Requires improvement'?"""


def test_a_framework_that_rates_needs_a_scale_bands_and_scores(tmp_path, monkeypatch):
    """What each part needs, when the file leaves it out."""
    monkeypatch.chdir(tmp_path)
    framework = {key: value for key, value in YOUTH_FRAMEWORK.items()
                 if key not in ("ratings", "labels")}
    framework["overall_rule"] = dict(framework["overall_rule"], scores={})
    framework["outcome_areas"] = [{"id": "2-1", "name": "Two", "description": "A clash."}]
    path = write_framework(tmp_path, framework)
    _, _, problems = load_framework(path, YOUTH)
    assert format_all(problems) == f"""\
{YOUTH}:1:1: error: the framework has standards, key questions and outcome areas, so it needs the labels 'standard', 'standards', 'domain', 'key_question', 'key_questions', 'figure', 'figure_meaning', 'outcome_area', 'outcome_areas'
    hint: add under labels: what the reports call them (standard: standard, standards: standards, domain: domain, key_question: key question, key_questions: key questions, figure: % yes, figure_meaning: cases judged sufficient, outcome_area: outcome area, outcome_areas: outcome areas)
{YOUTH}:24:1: error: the framework has standards, a standard rule and an overall rule, which rate, and no rating scale
    hint: list the ratings under ratings:, best first
{YOUTH}:88:1: error: outcome areas are judged for organisations, and there are none
    hint: list whose work is judged under organisations:
{YOUTH}:89:7: error: outcome area '2-1' would have the address of standard 2.1's page
    hint: give the outcome area another id"""


def test_the_real_frameworks_have_no_mistakes():
    for path in sorted((REAL_CONTENT / "frameworks").glob("*.yaml")):
        _, framework, problems = load_framework(path, path.name)
        assert framework is not None and problems == [], format_all(problems)


@pytest.mark.parametrize("mistake, expected", [
    ("a standard's id", f"{YOUTH}:78:9: error: '2.l' is not an id like 2 or 2.1 or 2.1.3"),
    ("a rating's style", f"{YOUTH}:23:10: error: 'goood' is not one of: outstanding, good, "
                         "requires-improvement, inadequate\n    hint: did you mean 'good'?"),
    ("the YAML", f"{YOUTH}:17:1: error: invalid YAML: did not find expected node content\n"
                 "    hint: while parsing a flow node (line 17)"),
])
def test_one_mistake_in_a_framework_is_one_message_however_many_inspections_use_it(
        tmp_path, monkeypatch, mistake, expected):
    """Two inspections use the youth framework; its one mistake would otherwise be repeated
    in each (an unknown framework; an unknown standard, its slot with nothing to show)."""
    monkeypatch.chdir(tmp_path)
    content = write_three_frameworks_site(tmp_path)
    second = content / "inspections" / "testshire-yos-2023"
    second.mkdir()
    (second / "inspection.yaml").write_text(dump(dict(YOUTH_INSPECTION, published="2023-03",
                                                      fieldwork="2022-11")))
    for name, text in YOUTH_CHAPTERS.items():
        (second / name).write_text(text)
    path = content / "frameworks" / "youth-2020.yaml"
    typo = {"a standard's id": ("id: '2.1'", "id: '2.l'"), "a rating's style": ("style: good", "style: goood"),
            "the YAML": ("ratings:\n", "ratings: [\n")}[mistake]
    path.write_text(path.read_text().replace(*typo, 1))
    site, problems = load_site(Path("content"))
    errors = [p for p in problems if p.severity.name != "NOTE"]
    assert site is None and format_all(errors) == expected


def test_a_framework_file_is_named_by_a_slug(tmp_path, monkeypatch):
    """The name is the framework's id, in its pages' addresses."""
    monkeypatch.chdir(tmp_path)
    content = write_three_frameworks_site(tmp_path)
    (content / "frameworks" / "thematic.yaml").rename(content / "frameworks" / "Thematic 2022.yaml")
    _, problems = load_site(Path("content"))
    assert format_all(problems).startswith("""\
content/frameworks/Thematic 2022.yaml: error: framework file name 'Thematic 2022' is not a slug
    hint: the name is the framework's id, in inspections and in its pages' addresses: lowercase ASCII words joined by hyphens, e.g. youth-2020.yaml
content/inspections/testshire-families-2022/inspection.yaml:5:12: error: unknown framework 'thematic'""")


def test_a_thematic_framework_needs_no_more_than_its_name_and_providers(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write_framework(tmp_path, THEMATIC_FRAMEWORK, "thematic")
    _, framework, problems = load_framework(path, "thematic.yaml")
    assert problems == [] and not framework.rated and not framework.standards
    path = write_framework(tmp_path, dict(THEMATIC_FRAMEWORK, provider_types=[]), "thematic")
    _, _, problems = load_framework(path, "thematic.yaml")
    assert format_all(problems) == """\
thematic.yaml:6:17: error: a framework names the types of provider it inspects
    hint: list them under provider_types:, e.g. '- Community Rehabilitation Company'"""


KEYS = st.sampled_from(["name", "short_name", "period", "description", "provider_types", "labels",
                        "ratings", "standard_rule", "overall_rule", "domains", "outcome_areas",
                        "organisations", "caveats", "moved_from", "id", "standards",
                        "key_questions", "text", "style", "band", "min_percent", "method",
                        "scores", "bands", "rating", "min_score", "Good", "standard", "figure"])
SCALARS = st.none() | st.booleans() | st.integers(-5, 100) | st.text(max_size=12) | st.sampled_from(
    ["2.1", "2.1.1", "2", "Good", "good", "lowest-band", "standards", "page", "2-1"])
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) |
                      st.dictionaries(KEYS, inner, max_size=6), max_leaves=30)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=12))
def test_any_framework_shaped_yaml_is_typed_or_diagnosed(data):
    """Whatever an editor writes, reading and checking it never crashes."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.yaml"
        path.write_text(text)
        document, framework, problems = load_framework(path, "x.yaml")
    assert all(isinstance(p, Diagnostic) for p in problems)
    assert framework is not None or problems


def _paths(data, path=()):
    """Every place in a YAML document: mapping keys and list items, all the way down."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, path + (index,))


YOUTH_PATHS = [p for p in _paths(YOUTH_FRAMEWORK) if p]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(YOUTH_PATHS), st.none() | VALUES), min_size=1, max_size=4))
def test_a_framework_file_with_any_values_changed_is_typed_or_diagnosed(changes):
    """The youth framework with a few of its values replaced (or removed, for None): read
    and checked without a crash; each problem placed in the file."""
    data = copy.deepcopy(YOUTH_FRAMEWORK)
    for path, value in changes:
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            if value is None and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change took the place away
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "youth-2020.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        _, framework, problems = load_framework(path, "youth-2020.yaml")
    assert all(isinstance(p, Diagnostic) and p.where.path == "youth-2020.yaml" for p in problems)
