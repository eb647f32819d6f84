"""Property-based tests: whatever YAML an editor writes, loading and checking it never crash.

Hypothesis generates documents shaped like inspection.yaml (its real field
names, with values of every kind) and arbitrary text; the loader and the
validator must either accept them or answer with diagnostics.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportsite.diagnostics import Diagnostic
from reportsite.load.yamlfile import parse_yaml
from reportsite.model.inspection import Inspection, RecommendationGroup
from reportsite.pipeline import load_site
from reportsite.schema import convert
from tests.sites import INSPECTION, dump, write_site

FIELDS = [f.name for f in dataclasses.fields(Inspection) if not f.metadata.get("derived")]
KEYS = st.sampled_from(FIELDS + ["rating", "percent", "footnotes", "items", "number", "text", "by",
                                 "1.1", "2.1", "2.1.1", "9.9", "summary", "x"]) | st.text(max_size=8)
SCALARS = (st.none() | st.booleans() | st.integers(-10**6, 10**6) |
           st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30) |
           st.sampled_from(["Good", "Requires improvement", "Gud", "2018-10", "2019-13", "[^1]",
                            "standards-2018", "testshire-crc", "TODO: x"]) |
           st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) |
                      st.dictionaries(KEYS, inner, max_size=5), max_leaves=25)
DOCUMENTS = st.dictionaries(KEYS, VALUES, max_size=12)
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def to_yaml(data) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return "x: 1\n"


@SETTINGS
@given(DOCUMENTS)
def test_any_inspection_shaped_yaml_is_typed_or_diagnosed(data):
    document, problems = parse_yaml(to_yaml(data), "inspection.yaml")
    if document is None:
        assert problems and all(isinstance(p, Diagnostic) for p in problems)
        return
    inspection, found = convert(document, Inspection)
    assert inspection is not None or found
    for problem in found:
        assert problem.where.path == "inspection.yaml" and problem.where.line >= 1


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_parses_or_is_diagnosed(text):
    document, problems = parse_yaml(text, "x.yaml")
    assert document is not None or problems


@SETTINGS
@given(st.lists(st.dictionaries(KEYS, VALUES, max_size=4), max_size=3))
def test_recommendation_groups_of_any_shape_are_typed_or_diagnosed(groups):
    document, _ = parse_yaml(to_yaml({"recommendations": groups}), "x.yaml")
    if document is not None:
        convert(document, dict[str, list[RecommendationGroup]])


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=6))
def test_the_whole_site_check_never_crashes_on_a_mangled_inspection(tmp_path_factory, changes):
    root = tmp_path_factory.mktemp("site")
    data = {**INSPECTION, **changes}
    write_site(root, inspection=data)
    here = os.getcwd()
    os.chdir(root)
    try:
        site, problems = load_site(Path("content"))
    finally:
        os.chdir(here)
    assert site is not None or problems
    assert all(isinstance(p, Diagnostic) for p in problems)
