"""`build.py new`: a scaffold, for any framework, that passes check and builds, and never overwrites."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from reportsite.diagnostics import Severity
from reportsite.pipeline import load_site
from tests.sites import THEMATIC_FRAMEWORK, YOUTH_FRAMEWORK, dump

ROOT = Path(__file__).resolve().parent.parent


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def workspace(tmp_path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


@pytest.mark.parametrize("framework", ["2018", "2016"])
def test_the_scaffold_passes_check_and_builds(workspace, framework):
    created = run(workspace, "new", "newtown-crc-2024", "--framework", framework)
    assert created.returncode == 0, created.stderr
    assert "next:" in created.stdout and "draft: true" in created.stdout
    site, problems = load_site(workspace / "content")
    mine = [p for p in problems if p.where and "newtown-crc-2024" in p.where.path]
    assert site is not None and not [p for p in mine if p.severity is Severity.ERROR]
    assert any("placeholder still to replace" in p.message for p in mine)
    assert site.reports["newtown-crc-2024"].inspection.draft
    first = (workspace / "content/inspections/newtown-crc-2024/inspection.yaml").read_text()
    assert first.startswith("# yaml-language-server: $schema=../../../schemas/inspection.schema.json")
    built = run(workspace, "build", "--drafts", "--out", "site")
    assert built.returncode == 0, built.stderr
    assert "Draft." in (workspace / "site/inspections/newtown-crc-2024/index.html").read_text()
    published = run(workspace, "build", "--out", "published")
    assert published.returncode == 0 and "left out 1 draft inspection" in published.stdout
    assert not (workspace / "published/inspections/newtown-crc-2024").exists()


def test_new_refuses_an_existing_slug_and_touches_nothing(workspace):
    folder = workspace / "content/inspections/essex-crc-2018"
    before = {p: p.read_bytes() for p in folder.iterdir()}
    providers = (workspace / "content/providers.yaml").read_bytes()
    result = run(workspace, "new", "essex-crc-2018")
    assert result.returncode == 1 and "already exists; nothing was changed" in result.stderr
    assert {p: p.read_bytes() for p in folder.iterdir()} == before
    assert (workspace / "content/providers.yaml").read_bytes() == providers


def test_new_rejects_bad_slugs_and_frameworks_as_usage_errors(workspace):
    assert run(workspace, "new", "Bad Slug").returncode == 2
    reserved = run(workspace, "new", "page")  # inspections/page/ holds the list's later pages
    assert reserved.returncode == 2 and "'page' is not a slug an inspection can have" in reserved.stderr
    assert not (workspace / "content/inspections/page").exists()
    long = run(workspace, "new", "x" * 101)  # a folder of the site: it must fit any file system
    assert long.returncode == 2 and "(at most 100 characters)" in long.stderr
    assert not (workspace / "content/inspections" / ("x" * 101)).exists()
    result = run(workspace, "new", "x-2024", "--framework", "2019")
    assert result.returncode == 2 and "unknown framework '2019'" in result.stderr
    assert not (workspace / "content/inspections/x-2024").exists()


@pytest.mark.parametrize("command", [["new", "x-2024"], ["import", "report.txt"]])
def test_a_missing_content_folder_is_named_as_missing_and_nothing_is_made(tmp_path, command):
    (tmp_path / "report.txt").write_text("An inspection of X\n")
    result = run(tmp_path, *command, "--content", "elsewhere")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].endswith("error: content folder elsewhere does not exist")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_new_uses_an_existing_provider_whose_owner_comes_from_providers_yaml(workspace):
    assert run(workspace, "new", "essex-crc-2021").returncode == 0
    text = (workspace / "content/inspections/essex-crc-2021/inspection.yaml").read_text()
    assert "provider: essex-crc\n" in text and "owner" not in text
    refused = run(workspace, "new", "essex-crc-2022", "--owner", "peopleplus")
    assert refused.returncode == 2 and "record a change of owner there" in refused.stderr
    assert not (workspace / "content/inspections/essex-crc-2022").exists()


def test_new_records_the_owner_of_a_new_provider_in_providers_yaml(workspace):
    assert run(workspace, "new", "newtown-crc-2024", "--owner", "sodexo").returncode == 0
    site, _ = load_site(workspace / "content")
    assert site.providers["newtown-crc"].owner_at(None) == "sodexo"
    assert [o.slug for o in site.owners_of(site.reports["newtown-crc-2024"].inspection)] == ["sodexo"]


@pytest.mark.parametrize("framework, chosen", [("youth", "youth-2020"), ("thematic", "thematic"),
                                                (None, "standards-2018")])
def test_the_scaffold_is_made_from_any_framework(workspace, framework, chosen):
    """A framework an editor added (a youth-service-shaped one, a thematic one), named by its
    id or a part of it; with none named, the newest inspection's, and the output says so."""
    frameworks = workspace / "content/frameworks"
    (frameworks / "youth-2020.yaml").write_text(dump(YOUTH_FRAMEWORK))
    (frameworks / "thematic.yaml").write_text(dump(THEMATIC_FRAMEWORK))
    created = run(workspace, "new", "newtown-2024", *(["--framework", framework] if framework else []))
    assert created.returncode == 0, created.stderr
    assert ("the framework of the newest inspection" in created.stdout) == (framework is None)
    folder = workspace / "content/inspections/newtown-2024"
    data = yaml.safe_load((folder / "inspection.yaml").read_text())
    assert data["framework"] == chosen
    provider = yaml.safe_load((workspace / "content/providers.yaml").read_text())["newtown"]
    assert provider["type"] == yaml.safe_load((frameworks / f"{chosen}.yaml").read_text())[
        "provider_types"][0]
    site, problems = load_site(workspace / "content")
    mine = [p for p in problems if p.where and "newtown" in p.where.path]
    assert site is not None and not [p for p in mine if p.severity is Severity.ERROR], mine
    built = run(workspace, "build", "--drafts", "--out", "site", "--no-search")
    assert built.returncode == 0, built.stderr
    page = (workspace / "site/inspections/newtown-2024/index.html").read_text()
    if chosen == "youth-2020":
        assert "::: results 3" in (folder / "12-annex-2.md").read_text()
        assert 'href="../../frameworks/youth-2020/3-3/index.html"' in page
    if chosen == "thematic":
        assert "ratings" not in data and "rating-strip" not in page
