"""importer/write.py: everything a draft needs is planned before any file is written; new
providers and owners are appended, named as providers.yaml already names their kind."""

from __future__ import annotations

import yaml

from reportsite.importer.convert import convert_report
from reportsite.importer.write import default_slug, plan_draft, write_plan
from tests.reports import report_text, standards
from tests.sites import write_site


def planned(tmp_path, text: str | None = None):
    content = write_site(tmp_path)
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    draft = convert_report(text or report_text(), "report.txt", standards())
    plan = plan_draft(draft, content, "testshire-crc-2020")
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before
    return content, draft, plan


def test_a_plan_writes_nothing_until_it_is_written(tmp_path):
    content, draft, plan = planned(tmp_path)
    folder = content / "inspections" / "testshire-crc-2020"
    assert plan.folder == folder and not folder.exists()
    assert sorted(p.name for p in plan.files) == sorted(
        ["inspection.yaml", "glossary.yaml", *(name for name, _ in draft.chapters)])
    written = write_plan(plan)
    assert sorted(written) == sorted(plan.files)
    assert all(path.read_text() == text for path, text in plan.files.items())


def test_the_inspection_is_a_draft_with_its_provider_and_no_empty_fields(tmp_path):
    content, _, plan = planned(tmp_path)
    text = plan.files[content / "inspections" / "testshire-crc-2020" / "inspection.yaml"]
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/"
                           "inspection.schema.json\n# Drafted by 'build.py import' from "
                           "report.txt. Check it against the report, then remove 'draft: true' "
                           "to publish.\n")
    data = yaml.safe_load(text)
    assert (data["draft"], data["provider"]) == (True, "testshire-crc")
    assert "isbn" not in data and "key_facts" not in data and "service" not in data


def test_a_new_provider_and_owner_are_appended_after_what_the_editors_wrote(tmp_path):
    text = report_text(extra="NorthCo took over formal ownership of the Northshire CRC on 01 "
                             "February 2015.").replace("Testshire", "Northshire").replace(
        "TestCo Justice", "NorthCo")
    content, draft, plan = planned(tmp_path, text)
    providers = plan.files[content / "providers.yaml"]
    assert providers.startswith((content / "providers.yaml").read_text())
    assert yaml.safe_load(providers)["northshire-crc"] == {
        "name": "Northshire Community Rehabilitation Company", "short_name": "Northshire CRC",
        "type": "Community Rehabilitation Company", "area": "Northshire",
        "owners": [{"owner": "northco", "since": "2015-02-01"}]}
    owners = plan.files[content / "owners.yaml"]
    assert yaml.safe_load(owners)["northco"] == {"name": "NorthCo", "sector": "private"}
    assert [note.message for note in draft.to_check] == [
        "a new provider 'northshire-crc' was added to providers.yaml: check it there",
        "a new owner 'northco' was added to owners.yaml: check it there"]


def test_a_known_provider_keeps_its_owners_and_a_different_one_named_is_to_check(tmp_path):
    content, draft, plan = planned(tmp_path, report_text().replace("TestCo Justice", "NewCo"))
    assert content / "providers.yaml" not in plan.files
    assert [note.message for note in draft.to_check] == [
        "the report names 'NewCo' as the owner of testshire-crc; its latest owner in "
        "providers.yaml is 'testco': if it changed, record the new owner there, with the date"]


def test_the_provider_as_the_summary_of_ratings_names_it_when_that_differs(tmp_path):
    text = report_text().replace("Service: Testshire\nCommunity Rehabilitation Company",
                                 "Service: Testshire CRC")
    content, _, plan = planned(tmp_path, text)
    data = yaml.safe_load(plan.files[content / "inspections" / "testshire-crc-2020" /
                                     "inspection.yaml"])
    assert data["service"] == "Testshire CRC"


def test_a_provider_named_after_the_title_has_a_guessed_type_to_check(tmp_path):
    text = report_text().replace(
        "An inspection of\n\nTestshire Community Rehabilitation Company\n",
        "A thematic review\n\nProbation work with women\n").replace(
        "owned by TestCo Justice", "run well")
    content, draft, plan = planned(tmp_path, text)
    data = yaml.safe_load(plan.files[content / "providers.yaml"])
    assert data["a-thematic-review-probation-work-with-women"] == {
        "name": "A thematic review: Probation work with women",
        "short_name": "A thematic review: Probation work with women",
        "type": "Community Rehabilitation Company",
        "area": "A thematic review: Probation work with women",
        "owners": [{"owner": "unknown-owner", "since": None}]}
    assert [note.message for note in draft.to_check] == [
        "a new provider 'a-thematic-review-probation-work-with-women' was added to "
        "providers.yaml, named after the report's title, its type a guess: check it there",
        "a new owner 'unknown-owner' was added to owners.yaml: check it there"]
    assert yaml.safe_load(plan.files[content / "owners.yaml"])["unknown-owner"]["name"] == \
        "TODO: the owner's name"


def test_the_default_slug_is_the_provider_and_the_year():
    draft = convert_report(report_text(), "report.txt", standards())
    assert default_slug(draft, {}) == "testshire-community-rehabilitation-company-2019"
    providers = {"x": {"name": "X Community Rehabilitation Company", "short_name": "X CRC",
                       "type": "Community Rehabilitation Company"}}
    assert default_slug(draft, providers) == "testshire-crc-2019"
    draft.provider_name = None
    assert default_slug(draft, providers) == "testshire-community-rehabilitation-company-2019"
    draft.data["title"] = "Quality & Impact inspection: probation work in the north of London"
    assert default_slug(draft, providers) == "north-london-2019"
