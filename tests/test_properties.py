"""Property-based tests: whatever YAML an editor writes, loading and checking it never crash.

Hypothesis generates documents shaped like inspection.yaml (its real field
names, with values of every kind) and arbitrary text; the loader and the
validator must either accept them or answer with diagnostics.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import os
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportsite.cli import TEMPLATES
from reportsite.diagnostics import Diagnostic, format_all
from reportsite.engine import Engine
from reportsite.load.yamlfile import parse_yaml
from reportsite.model.inspection import Inspection, RecommendationGroup
from reportsite.pipeline import load_site
from reportsite.schema import convert
from tests.sites import (CHAPTERS, GLOSSARY, INSPECTION, KEY_QUESTIONS, OWNERS, PROVIDERS,
                         REAL_CONTENT, STANDARDS, YOUTH_FRAMEWORK, dump, inspection, write_site)

STANDARDS_2018 = yaml.safe_load((REAL_CONTENT / "frameworks/standards-2018.yaml").read_text())
RATINGS = [level["name"] for level in STANDARDS_2018["ratings"]]
from tests.sites import SETTINGS as SITE_SETTINGS

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


# --- an incremental build equals a clean one ----------------------------------------

INSPECTIONS = ["testshire-crc-2019", "testshire-crc-2021", "testshire-crc-2023"]
TEMPLATE_EDITS = ["inspections.html", "slots/ratings.html", "macros.html", "glossary.html",
                  "entity.html", "standard.html"]
WORDS = ["RoSH", "CRC", "the Zebra programme", "unpaid work", "a plain sentence"]
SLUGS = st.sampled_from(INSPECTIONS)
DRAFTS = st.tuples(st.just("draft"), SLUGS)
TOUCHES = st.tuples(st.just("touch"), SLUGS)  # saved again, unchanged
EDITS = st.one_of(
    DRAFTS, TOUCHES,  # twice as likely as the others: a draft left out while others change
    DRAFTS, TOUCHES,
    st.tuples(st.just("rating"), SLUGS, st.sampled_from(STANDARDS), st.sampled_from(RATINGS)),
    st.tuples(st.just("figure"), SLUGS, st.sampled_from(KEY_QUESTIONS), st.integers(0, 100)),
    st.tuples(st.just("sentence"), SLUGS, st.sampled_from(WORDS)),
    st.tuples(st.just("add chapter"), SLUGS, st.sampled_from(WORDS)),
    st.tuples(st.just("remove chapter"), SLUGS),
    st.tuples(st.just("term"), st.sampled_from(["Zebra programme", "Unpaid work"]), SLUGS),
    st.tuples(st.just("wording"), st.sampled_from(["CRC", "RoSH"]), st.sampled_from(["A", "B"])),
    st.tuples(st.just("drop term"), st.sampled_from(["CRC", "RoSH", "Zebra programme"])),
    st.tuples(st.just("provider"), st.sampled_from(["Testshire CRC", "Testshire Probation"])),
    st.tuples(st.just("owner"), st.sampled_from(["TestCo Justice", "TestCo Holdings"])),
    st.tuples(st.just("settings"), st.sampled_from(["name", "notice", "contact"]),
              st.sampled_from(["one", "two"])),
    st.tuples(st.just("template"), st.sampled_from(TEMPLATE_EDITS), st.sampled_from(["one", "two"])),
    # the inspections' framework, or another (with no inspections): what uses one changes
    st.tuples(st.just("framework"), st.sampled_from(["standards-2018", "youth-2020"]),
              st.sampled_from(["short_name", "standard", "description", "style"])),
    st.tuples(st.just("copy"), SLUGS, SLUGS),
    st.tuples(st.just("remove"), SLUGS),
)


class Content:
    """A fixture site as data, written to disk file by file: only what an edit changes is
    written again, so unchanged files keep their stamps, as they would for an editor."""

    def __init__(self, root: Path):
        self.root = root
        self.content = write_site(root)
        shutil.copytree(TEMPLATES, root / "templates")
        self.templates = root / "templates"
        self.inspections = {slug: (inspection(published=f"{slug[-4:]}-05"), dict(CHAPTERS))
                            for slug in INSPECTIONS}
        self.glossary = copy.deepcopy(GLOSSARY)
        for entry in self.glossary["terms"]:
            entry["definitions"][0]["reports"] = list(INSPECTIONS)
        # A term one report alone defines, which the others use: if that report is a
        # draft left out, no published page may link to it.
        self.glossary["terms"].append({"term": "Zebra programme", "definitions": [
            {"text": "Zebra programme: what one report calls it.", "reports": [INSPECTIONS[1]]}]})
        for _, chapters in self.inspections.values():
            chapters["03-case-supervision.md"] += "\nThe Zebra programme ran.\n"
        self.providers, self.owners = copy.deepcopy(PROVIDERS), copy.deepcopy(OWNERS)
        self.frameworks = {"standards-2018": copy.deepcopy(STANDARDS_2018),
                           "youth-2020": copy.deepcopy(YOUTH_FRAMEWORK)}
        self.settings = copy.deepcopy(SITE_SETTINGS)
        self.written: dict[Path, bytes] = {}
        shutil.rmtree(self.content / "inspections")
        self.write()

    def write(self) -> None:
        files = {self.content / "site.yaml": dump(self.settings),
                 self.content / "glossary.yaml": dump(self.glossary),
                 self.content / "providers.yaml": dump(self.providers),
                 self.content / "owners.yaml": dump(self.owners),
                 **{self.content / "frameworks" / f"{key}.yaml": dump(framework)
                    for key, framework in self.frameworks.items()}}
        for slug, (data, chapters) in self.inspections.items():
            folder = self.content / "inspections" / slug
            files[folder / "inspection.yaml"] = dump(data)
            files.update((folder / name, text) for name, text in chapters.items())
        (self.content / "inspections").mkdir(exist_ok=True)
        for folder in (self.content / "inspections").iterdir():
            if folder.name not in self.inspections:
                shutil.rmtree(folder)
        for path in set(self.written) - set(files):
            path.unlink(missing_ok=True)
        for path, text in files.items():
            data = text.encode()
            if self.written.get(path) != data:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        self.written = {path: text.encode() for path, text in files.items()}

    def apply(self, edit: tuple) -> None:
        kind, *args = edit
        inspections = self.inspections
        if kind in ("draft", "rating", "figure", "sentence", "add chapter", "remove chapter",
                    "remove", "copy", "touch") and args[0] not in inspections:
            return
        if kind == "touch":
            chapter = self.content / "inspections" / args[0] / "03-case-supervision.md"
            if chapter.exists():
                later = chapter.stat().st_mtime_ns + 10_000_000
                os.utime(chapter, ns=(later, later))
        elif kind == "draft":
            data = inspections[args[0]][0]
            data["draft"] = not data.get("draft", False)
        elif kind == "rating":
            inspections[args[0]][0]["ratings"][args[1]] = args[2]
        elif kind == "figure":
            inspections[args[0]][0]["key_questions"][args[1]] = args[2]
        elif kind == "sentence":
            chapters = inspections[args[0]][1]
            chapters["03-case-supervision.md"] = chapters.get(
                "03-case-supervision.md", "# 2. Case supervision\n\n") + f"\n{args[1]} was seen.\n"
        elif kind == "add chapter":
            inspections[args[0]][1]["06-extra.md"] = f"# Extra\n\nAbout {args[1]}.\n"
        elif kind == "remove chapter":
            inspections[args[0]][1].pop("06-extra.md", None) or \
                inspections[args[0]][1].pop("02-organisational-delivery.md", None)
        elif kind == "term":
            entry = next((e for e in self.glossary["terms"] if e["term"] == args[0]), None)
            if entry is None:
                self.glossary["terms"].append({"term": args[0], "definitions": [
                    {"text": f"{args[0]}: what one report calls it.", "reports": [args[1]]}]})
            elif args[1] not in entry["definitions"][0]["reports"]:
                entry["definitions"][0]["reports"].append(args[1])
        elif kind == "wording":
            for entry in self.glossary["terms"]:
                if entry["term"] == args[0]:
                    entry["definitions"][0]["text"] = f"{args[0]}: wording {args[1]}."
        elif kind == "drop term":
            self.glossary["terms"] = [e for e in self.glossary["terms"] if e["term"] != args[0]]
        elif kind == "provider":
            self.providers["testshire-crc"]["short_name"] = args[0]
        elif kind == "owner":
            self.owners["testco"]["name"] = args[0]
        elif kind == "settings":  # the site's name, its notice banner, or its contact
            self.settings[args[0]] = {"name": f"Testshire reports {args[1]}",
                                      "notice": f"Notice {args[1]}",
                                      "contact": f"{args[1]}@example.org"}[args[0]]
        elif kind == "template":
            path = self.templates / args[0]
            path.write_text(path.read_text() + f"{{# {args[1]} #}}\n" if args[1] == "one"
                            else path.read_text().replace("</", f"<!-- {args[1]} --></", 1))
        elif kind == "framework":
            framework = self.frameworks[args[0]]
            if args[1] == "standard":
                framework["domains"][0]["standards"][0]["name"] += " (edited)"
            elif args[1] == "style":  # how 'Good' is drawn: a badge on every page that shows one
                good = framework["ratings"][1]
                good["style"] = "outstanding" if good["style"] == "good" else "good"
            else:
                framework[args[1]] += " (edited)"
        elif kind == "copy":
            if args[1] not in inspections:
                inspections[args[1]] = copy.deepcopy(inspections[args[0]])
        elif kind == "remove":
            del inspections[args[0]]
        self.write()


def site_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file()}


def check_incremental_equals_clean(tmp_path: Path, edits: list[tuple], drafts: bool,
                                   resident: bool) -> None:
    """After each edit, the build that kept what it knew (in its cache folder, or in
    memory as serve's) gives the same site, byte for byte, and the same problems as a
    build from nothing."""
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        site = Content(tmp_path)

        def engine(out: Path, cache: Path) -> Engine:
            return Engine(site.content, out, site.templates, drafts=drafts, cache=cache,
                          resident=resident)
        kept = engine(tmp_path / "site", tmp_path / "cache")
        kept.build()
        for step, edit in enumerate(edits):
            site.apply(edit)
            before = site_files(tmp_path / "site")
            incremental = (kept if resident else engine(tmp_path / "site", tmp_path / "cache")).build()
            clean_out = tmp_path / f"clean-{step}"
            clean = engine(clean_out, tmp_path / f"clean-cache-{step}").build()
            after = f"after {edits[:step + 1]}"
            assert format_all(incremental.problems) == format_all(clean.problems), after
            if clean.ok:
                assert site_files(tmp_path / "site") == site_files(clean_out), after
            else:
                assert site_files(tmp_path / "site") == before, after
            shutil.rmtree(clean_out, ignore_errors=True)
    finally:
        os.chdir(here)


INCREMENTAL = settings(max_examples=int(os.environ.get("INCREMENTAL_EXAMPLES", 100)), deadline=None,
                       database=None, derandomize=True,
                       suppress_health_check=[HealthCheck.too_slow,
                                              HealthCheck.function_scoped_fixture])


@INCREMENTAL
@given(st.lists(EDITS, min_size=1, max_size=8))
def test_an_incremental_build_equals_a_clean_one(tmp_path_factory, edits):
    check_incremental_equals_clean(tmp_path_factory.mktemp("incremental"), edits, drafts=False,
                                   resident=False)


@INCREMENTAL
@given(st.lists(EDITS, min_size=1, max_size=8))
def test_serve_kept_warm_equals_a_clean_build_with_drafts(tmp_path_factory, edits):
    check_incremental_equals_clean(tmp_path_factory.mktemp("serve"), edits, drafts=True,
                                   resident=True)


def test_a_draft_never_reaches_a_published_page_on_a_rebuild(tmp_path):
    """The sequence that once published a draft's glossary terms on another report's page:
    a draft that alone defines a term another report uses; then an unrelated touch."""
    check_incremental_equals_clean(tmp_path, [
        ("draft", "testshire-crc-2021"),
        ("touch", "testshire-crc-2019"),
        ("owner", "TestCo Holdings"),
    ], drafts=False, resident=False)
