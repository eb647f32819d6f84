"""The engine renders only what changed."""

from __future__ import annotations

import gc
import shutil
import sqlite3
from pathlib import Path

import reportsite.engine
import reportsite.load.content
from reportsite.cli import TEMPLATES
from reportsite.diagnostics import format_all
from reportsite.engine import Engine
from reportsite.parallel import Pool
from reportsite.pipeline import load_site
from tests.sites import dump, inspection, write_site, write_three_frameworks_site


def two_inspection_site(root: Path) -> Path:
    content = write_site(root)
    second = content / "inspections" / "testshire-crc-2021"
    shutil.copytree(content / "inspections" / "testshire-crc-2019", second)
    (second / "inspection.yaml").write_text(dump(inspection(published="2021-03")))
    glossary = content / "glossary.yaml"
    glossary.write_text(glossary.read_text().replace("reports:\n    - testshire-crc-2019",
                                                     "reports:\n    - testshire-crc-2019\n    - testshire-crc-2021"))
    return content


def engine_for(tmp_path: Path, templates: Path = TEMPLATES) -> Engine:
    content = two_inspection_site(tmp_path)
    return Engine(content, tmp_path / "site", templates)


def test_a_second_build_renders_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    engine = engine_for(tmp_path)
    first = engine.build()
    assert first.ok and first.views_rendered == 2 and first.written == first.files
    second = engine.build()
    assert second.up_to_date and (second.views_rendered, second.rendered, second.written) == (0, 0, 0)
    assert second.unchanged == first.files


def test_editing_one_inspection_renders_its_page_and_the_aggregates_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    engine = engine_for(tmp_path)
    first = engine.build()
    path = tmp_path / "content/inspections/testshire-crc-2021/inspection.yaml"
    path.write_text(path.read_text().replace("'2.1': Good", "'2.1': Inadequate"))
    second = engine.build()
    assert second.views_rendered == 1
    rendered = set(second.rendered_paths)
    # not rendered again: the other inspection's page and badge, and pages that do not show
    # inspections or show only Quality & Impact ones (and the old addresses, which lead on)
    untouched = {"inspections/testshire-crc-2019/index.html", "inspections/testshire-crc-2019/badge.svg",
                 "about/index.html", "404.html", "robots.txt", "_headers",
                 *(p for p in first.rendered_paths if p.startswith(
                     ("frameworks/quality-impact-2016/", "outcomes/", "standards/")))}
    assert rendered == set(first.rendered_paths) - untouched
    assert {"inspections/testshire-crc-2021/index.html", "frameworks/standards-2018/2-1/index.html",
            "index.html", "feed.xml"} <= rendered
    assert "data/ratings.csv" in second.written_paths


def test_a_template_change_renders_the_pages_that_use_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    engine = Engine(two_inspection_site(tmp_path), tmp_path / "site", templates,
                    cache=tmp_path / ".cache")
    engine.build()
    standard = templates / "standard.html"
    standard.write_text(standard.read_text().replace("How inspections rated it", "Ratings given"))
    result = engine.build()
    standards = sorted(f"frameworks/standards-2018/{s}/index.html" for s in
                       ("1-1", "1-2", "1-3", "1-4", "2-1", "2-2", "2-3", "2-4", "4-1", "4-2"))
    assert sorted(result.rendered_paths) == sorted(result.written_paths) == standards
    # a slot template (chosen at render time by the slot's name) re-renders the reports
    slot = templates / "slots/recommendations.html"
    slot.write_text(slot.read_text() + "{# edited #}\n")
    result = engine.build()
    assert sorted(result.rendered_paths) == ["inspections/testshire-crc-2019/index.html",
                                             "inspections/testshire-crc-2021/index.html"]
    assert result.views_rendered == 0  # the Markdown was not rendered again: it is in the cache
    # the macros are globals: a badge change reaches every page that shows one
    macros = templates / "macros.html"
    macros.write_text(macros.read_text() + "{# edited #}\n")
    result = engine.build()
    assert set(standards) | {"index.html", "inspections/testshire-crc-2019/index.html"} <= \
        set(result.rendered_paths)


def test_a_report_rendered_as_it_is_read_is_the_one_the_whole_site_renders(tmp_path, monkeypatch):
    """A report is rendered by the worker that read it, from its inspection and the
    site-wide files alone; rendered again from the whole site's model (a template changed,
    no inspection was read), it has the same bytes; and with a draft left out (the
    glossary changes), the same as a clean build's."""
    monkeypatch.chdir(tmp_path)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    content = two_inspection_site(tmp_path)
    engine = Engine(content, tmp_path / "site", templates, cache=tmp_path / ".cache")
    first = engine.build()
    assert first.ok and first.views_rendered == 2 and first.inspections_read == 2
    slot = templates / "slots/recommendations.html"
    slot.write_text("{# edited #}" + slot.read_text())  # prints nothing
    again = engine.build()
    assert again.inspections_read == 0 and len(again.rendered_paths) == 2 and again.written == 0
    draft = content / "inspections/testshire-crc-2021/inspection.yaml"
    draft.write_text(draft.read_text() + "draft: true\n")
    drafted = Engine(content, tmp_path / "site", templates, cache=tmp_path / ".cache").build()
    clean = Engine(content, tmp_path / "clean", templates, cache=tmp_path / ".clean").build()
    assert drafted.ok and drafted.drafts_left_out == 1
    page = "inspections/testshire-crc-2019/index.html"
    assert (tmp_path / "site" / page).read_bytes() == (tmp_path / "clean" / page).read_bytes()


def test_a_report_turned_draft_takes_its_terms_from_the_others_views(tmp_path, monkeypatch):
    """A term only a draft defines is not in the published glossary, so the other
    reports' cached views, which link to it, must be rendered again."""
    monkeypatch.chdir(tmp_path)
    content = two_inspection_site(tmp_path)
    glossary = content / "glossary.yaml"
    glossary.write_text(glossary.read_text() + "- term: Zebra programme\n  definitions:\n"
                        "  - text: A programme one report names.\n"
                        "    reports:\n    - testshire-crc-2021\n")
    chapter = content / "inspections/testshire-crc-2019/03-case-supervision.md"
    chapter.write_text(chapter.read_text() + "\nThe Zebra programme ran.\n")
    page = tmp_path / "site/inspections/testshire-crc-2019/index.html"

    def build():
        return Engine(content, tmp_path / "site", TEMPLATES, cache=tmp_path / ".cache").build()
    assert build().ok and "#zebra-programme" in page.read_text()
    other = content / "inspections/testshire-crc-2021/inspection.yaml"
    published = other.read_text()
    other.write_text(published + "draft: true\n")
    drafted = build()
    assert drafted.ok, format_all(drafted.problems)  # not a link to a term no longer there
    assert "#zebra-programme" not in page.read_text()
    other.write_text(published)
    assert build().ok and "#zebra-programme" in page.read_text()


def test_a_template_mistake_is_placed_at_its_file_and_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    engine = Engine(two_inspection_site(tmp_path), tmp_path / "site", templates)
    assert engine.build().ok
    before = (tmp_path / "site/index.html").read_bytes()
    slot = templates / "slots/recommendations.html"  # included by a name made at render time
    slot.write_text(slot.read_text() + "{% if %}\n")
    failed = engine.build()
    line = slot.read_text().count("\n")
    assert format_all(failed.problems) == (f"{slot}:{line}: error: template error: Expected an "
                                           "expression, got 'end of statement block'")
    assert (tmp_path / "site/index.html").read_bytes() == before
    # found only while rendering: the same, whether a worker rendered the page or not
    slot.write_text(slot.read_text().replace("{% if %}", "{{ nothing_here.attribute }}"))
    expected = (f"{slot}:{line}: error: template error: 'nothing_here' is undefined\n"
                "    hint: check the template you changed last")
    assert format_all(engine.build().problems) == expected
    monkeypatch.setattr("reportsite.parallel.PARALLEL_FROM", 1)
    in_workers = Engine(tmp_path / "content", tmp_path / "site", templates, workers=2).build()
    assert format_all(in_workers.problems) == expected
    assert (tmp_path / "site/index.html").read_bytes() == before


def test_an_error_keeps_the_last_good_site_and_a_fix_brings_it_back(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    engine = engine_for(tmp_path)
    engine.build()
    page = tmp_path / "site/inspections/testshire-crc-2019/index.html"
    before = page.read_bytes()
    path = tmp_path / "content/inspections/testshire-crc-2019/inspection.yaml"
    good = path.read_text()
    path.write_text(good.replace("title: An", "title: [An"))
    failed = engine.build()
    assert not failed.ok and failed.written == 0 and page.read_bytes() == before
    path.write_text(good.replace("'2.1': Good", "'2.1': Outstanding"))
    fixed = engine.build()
    assert fixed.ok and "Outstanding" in page.read_text()


def test_the_cache_folder_carries_what_a_build_learnt_to_the_next_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content, cache = two_inspection_site(tmp_path), tmp_path / ".cache"

    def run():
        return Engine(content, tmp_path / "site", TEMPLATES, cache=cache).build()

    first = run()
    assert first.ok and first.views_rendered == 2
    again = run()  # a new process, in effect: only the cache folder is shared
    assert again.up_to_date and (again.rendered, again.written) == (0, 0)
    path = content / "inspections/testshire-crc-2021/03-case-supervision.md"
    path.write_text(path.read_text() + "\nA sentence added.\n")
    edited = run()
    assert not edited.up_to_date and edited.views_rendered == 1
    assert edited.inspections_read == 1  # the other came from the cache folder, checked as before
    glossary = content / "glossary.yaml"
    glossary.write_text(glossary.read_text() + "# a comment\n")
    assert run().inspections_read == 2  # checked against the site-wide files: checked again
    assert "A sentence added." in (tmp_path / "site/inspections/testshire-crc-2021/index.html").read_text()
    # the other report's page was neither rendered nor written
    assert "inspections/testshire-crc-2019/index.html" not in edited.rendered_paths
    shutil.rmtree(cache)  # safe to delete: the next build renders everything and writes nothing new
    fresh = run()
    assert fresh.views_rendered == 2 and fresh.written == 0


def test_the_cache_folder_keeps_only_the_views_in_use(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content, cache = two_inspection_site(tmp_path), tmp_path / ".cache"
    engine = Engine(content, tmp_path / "site", TEMPLATES, cache=cache)
    engine.build()
    (cache / "views").mkdir()  # where earlier versions kept a file per view
    (cache / "views" / "from-an-older-version.zst").write_bytes(b"old")

    def saved() -> set[str]:
        with sqlite3.connect(cache / "views.sqlite") as database:
            return {key for key, in database.execute("SELECT key FROM views")}
    before = saved()
    path = content / "inspections/testshire-crc-2021/03-case-supervision.md"
    path.write_text(path.read_text() + "\nA sentence added.\n")
    assert engine.build().views_rendered == 1
    in_use = {record.key for record in engine.memory.state.views.values()}
    assert saved() == in_use and len(in_use) == 2
    assert len(before - in_use) == 1  # the edited report's old view
    assert not (cache / "views").exists()


def test_pages_rendered_in_worker_processes_match_those_rendered_in_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = two_inspection_site(tmp_path)
    serial = Engine(content, tmp_path / "one", TEMPLATES, workers=1).build()
    monkeypatch.setattr("reportsite.parallel.PARALLEL_FROM", 1)
    parallel = Engine(content, tmp_path / "two", TEMPLATES, workers=2).build()
    assert serial.ok and parallel.ok and parallel.workers == 2 and serial.workers == 1
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*.*")}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*.*")}
    assert one == two
    # serve's engine keeps the views its workers rendered, and renders nothing again
    resident = Engine(content, tmp_path / "three", TEMPLATES, workers=2, resident=True)
    assert resident.build().workers == 2
    assert all(record.view is not None for record in resident.memory.state.views.values())
    assert resident.build().views_rendered == 0
    # what was read is saved by a process of its own beside the link check: it is there after
    Engine(content, tmp_path / "four", TEMPLATES, workers=2, cache=tmp_path / ".cache").build()
    again = Engine(content, tmp_path / "four", TEMPLATES, workers=2, cache=tmp_path / ".cache")
    assert (tmp_path / ".cache/content.pickle.zst").is_file()
    (content / "inspections/testshire-crc-2019/inspection.yaml").touch()
    assert again.build().inspections_read == 1  # the other came from the saved record


def test_a_resident_engine_puts_an_edited_report_on_disk_and_keeps_its_views(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = two_inspection_site(tmp_path)
    engine = Engine(content, tmp_path / "site", TEMPLATES, resident=True, early_write=True)
    assert engine.build().views_rendered == 2
    again = engine.build()  # serve always loads (cheaply, from memory) and renders nothing
    assert not again.up_to_date and (again.views_rendered, again.rendered, again.written) == (0, 0, 0)
    path = content / "inspections/testshire-crc-2019/inspection.yaml"
    path.write_text(path.read_text().replace("'2.1': Good", "'2.1': Inadequate"))
    edited = engine.build()
    assert edited.views_rendered == 1 and edited.rendered_paths[0] == \
        "inspections/testshire-crc-2019/index.html"
    assert "Inadequate" in (tmp_path / "site/inspections/testshire-crc-2019/index.html").read_text()


def test_a_large_build_reports_the_same_problems_as_check(tmp_path, monkeypatch):
    """One-off builds check each inspection as it is read, in workers: nothing may differ."""
    monkeypatch.chdir(tmp_path)
    content = two_inspection_site(tmp_path)
    path = content / "inspections/testshire-crc-2021/inspection.yaml"
    path.write_text(path.read_text().replace("'2.1': Good", "'2.1': Gud"))
    chapter = content / "inspections/testshire-crc-2019/03-case-supervision.md"
    chapter.write_text(chapter.read_text() + "\nSee [the term](glossary:no-such-term) and [^9].\n")
    glossary = content / "glossary.yaml"
    glossary.write_text(glossary.read_text().replace("- testshire-crc-2021", "- testshire-crc-2091"))
    monkeypatch.setattr("reportsite.parallel.PARALLEL_FROM", 1)
    monkeypatch.setattr("reportsite.load.content.APART_FROM_BYTES", 0)  # as a large glossary is
    built = Engine(content, tmp_path / "site", TEMPLATES, workers=2).build()
    _, checked = load_site(content)
    assert not built.ok and not (tmp_path / "site").exists()
    assert format_all(built.problems) == format_all(checked)
    assert "did you mean 'Good'?" in format_all(built.problems)
    assert "glossary.yaml:8:7: error: glossary names unknown inspection 'testshire-crc-2091'" \
        in format_all(built.problems)


def test_a_large_glossary_is_parsed_again_only_when_it_changes(tmp_path, monkeypatch):
    """Its typed value is kept in the cache folder: an edit elsewhere does not pay for it."""
    monkeypatch.chdir(tmp_path)
    content = two_inspection_site(tmp_path)
    monkeypatch.setattr("reportsite.load.content.APART_FROM_BYTES", 0)  # as a large glossary is
    parsed = []
    apart = Pool.call
    monkeypatch.setattr(Pool, "call", staticmethod(
        lambda *args, **kwargs: parsed.append(args[1].name) or apart(*args, **kwargs)))
    glossary_parses = lambda: parsed.count("glossary.yaml")  # noqa: E731
    assert Engine(content, tmp_path / "site", TEMPLATES, cache=tmp_path / ".cache").build().ok
    assert glossary_parses() == 1
    inspection_file = content / "inspections/testshire-crc-2021/inspection.yaml"
    inspection_file.write_text(inspection_file.read_text().replace("'2.1': Good", "'2.1': Inadequate"))
    assert Engine(content, tmp_path / "site", TEMPLATES, cache=tmp_path / ".cache").build().ok  # a new run: from the cache
    assert glossary_parses() == 1
    glossary = content / "glossary.yaml"
    glossary.write_text(glossary.read_text().replace("a provider.", "a provider of probation."))
    assert Engine(content, tmp_path / "site", TEMPLATES, cache=tmp_path / ".cache").build().ok
    assert glossary_parses() == 2
    assert "a provider of probation." in (tmp_path / "site/glossary/index.html").read_text()
    # a mistake in it is still placed at its line and column when the value comes from the cache
    glossary.write_text(glossary.read_text().replace("- testshire-crc-2021", "- testshire-crc-2091"))
    for _ in range(2):
        built = Engine(content, tmp_path / "site", TEMPLATES, cache=tmp_path / ".cache").build()
        assert "glossary.yaml:8:7: error: glossary names unknown inspection 'testshire-crc-2091'" \
            in format_all(built.problems)
    assert glossary_parses() == 3


def test_templates_are_compiled_before_the_inspections_are_read(tmp_path, monkeypatch):
    """While a large glossary is parsed apart, this process compiles every template (and
    finds what each includes): the workers forked to read the inspections inherit them.
    A mistake met there is left to be reported with the content's problems."""
    monkeypatch.chdir(tmp_path)
    content = two_inspection_site(tmp_path)
    monkeypatch.setattr("reportsite.load.content.APART_FROM_BYTES", 0)  # as a large glossary is
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    engine = Engine(content, tmp_path / "site", templates)
    compiled_when_read = []
    read = reportsite.engine.read_inspections
    monkeypatch.setattr(reportsite.engine, "read_inspections", lambda reading, folders: (
        compiled_when_read.append({name for _, name in engine.env.cache}), read(reading, folders))[1])
    assert engine.build().ok
    every = {p.relative_to(templates).as_posix() for p in templates.rglob("*")
             if p.is_file() and "static" not in p.relative_to(templates).parts}
    assert compiled_when_read == [every]  # one chunk: the two inspections, read here
    slot = templates / "slots/recommendations.html"
    slot.write_text(slot.read_text() + "{% if %}\n")
    inspection_file = content / "inspections/testshire-crc-2021/inspection.yaml"
    inspection_file.write_text(inspection_file.read_text().replace("title: An", "title: [An"))
    assert format_all(engine.build().problems) == (
        "content/inspections/testshire-crc-2021/inspection.yaml:2:9: error: invalid YAML: did not "
        "find expected ',' or ']'\n    hint: while parsing a flow sequence (line 1)")


def test_the_cycle_collector_is_off_during_a_build_and_on_again_after(tmp_path, monkeypatch):
    """Its passes walk every object the build keeps (a third of a rebuild of 10,000
    inspections); workers forked during the build inherit the setting."""
    monkeypatch.chdir(tmp_path)
    engine = engine_for(tmp_path)
    collecting = []
    read = reportsite.engine.read_inspections
    monkeypatch.setattr(reportsite.engine, "read_inspections", lambda reading, folders: (
        collecting.append(gc.isenabled()), read(reading, folders))[1])
    assert gc.isenabled()
    assert engine.build().ok
    assert collecting == [False] and gc.isenabled()


def test_a_template_edited_during_a_build_is_rendered_by_the_next(tmp_path, monkeypatch):
    """Pages are keyed by the template bytes they were compiled from: an edit saved
    after the templates were compiled is not taken as already built."""
    monkeypatch.chdir(tmp_path)
    content = two_inspection_site(tmp_path)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    about = templates / "about.html"
    engine = Engine(content, tmp_path / "site", templates, cache=tmp_path / ".cache")
    plan = reportsite.engine.plan_reports

    def edit_then_plan(*args):  # the templates are compiled by now
        about.write_text(about.read_text().replace("</h1>", "</h1><p>Edited meanwhile.</p>", 1))
        return plan(*args)
    monkeypatch.setattr(reportsite.engine, "plan_reports", edit_then_plan)
    assert engine.build().ok
    assert "Edited meanwhile." not in (tmp_path / "site/about/index.html").read_text()
    monkeypatch.setattr(reportsite.engine, "plan_reports", plan)
    assert engine.build().ok
    assert "Edited meanwhile." in (tmp_path / "site/about/index.html").read_text()


def test_a_file_edited_during_a_cold_build_is_read_again_by_the_next(tmp_path, monkeypatch):
    """A cold build stamps the inspections and templates while the glossary is parsed
    apart, and the other files before it reads them: a file saved after it was read
    leaves the site out of date, never taken as built."""
    monkeypatch.chdir(tmp_path)
    content = two_inspection_site(tmp_path)
    monkeypatch.setattr("reportsite.load.content.APART_FROM_BYTES", 0)  # as a large glossary is
    engine = Engine(content, tmp_path / "site", TEMPLATES, cache=tmp_path / ".cache")
    stamp = reportsite.engine.stamp_inputs
    glossary = content / "glossary.yaml"

    def edit_then_stamp(*folders, **leaving_out):
        if content / "inspections" in folders:  # the glossary is read and being parsed
            glossary.write_text(glossary.read_text().replace("a provider.", "a provider, edited meanwhile."))
        return stamp(*folders, **leaving_out)
    monkeypatch.setattr(reportsite.engine, "stamp_inputs", edit_then_stamp)
    page = tmp_path / "site/glossary/index.html"
    assert engine.build().ok and "edited meanwhile" not in page.read_text()
    again = engine.build()
    assert again.ok and not again.up_to_date and "edited meanwhile" in page.read_text()
    assert engine.build().up_to_date  # and every input was stamped


def test_an_edit_in_a_large_site_saves_a_journal_not_the_whole_record(tmp_path, monkeypatch):
    """What each folder gave is written whole only when many folders changed."""
    monkeypatch.chdir(tmp_path)
    content, cache = two_inspection_site(tmp_path), tmp_path / ".cache"
    for year in range(2030, 2050):  # 22 inspections: a journal holds up to one in ten
        copy = content / f"inspections/testshire-crc-{year}"
        shutil.copytree(content / "inspections/testshire-crc-2021", copy)
        (copy / "05-glossary.md").unlink()  # the glossary does not list the copies

    def run():
        return Engine(content, tmp_path / "site", TEMPLATES, cache=cache).build()

    def edit(year: int, rating: str) -> None:
        path = content / f"inspections/testshire-crc-{year}/inspection.yaml"
        path.write_text(path.read_text().replace("'2.1': Good", f"'2.1': {rating}"))

    first = run()
    assert first.ok and first.inspections_read == 22
    record = (cache / "content.pickle.zst").read_bytes()
    edit(2030, "Inadequate")
    assert run().inspections_read == 1
    assert (cache / "content.pickle.zst").read_bytes() == record
    assert (cache / "content-journal.pickle.zst").is_file()
    edit(2031, "Outstanding")
    assert run().inspections_read == 1  # 2031 read; 2030 from the journal
    assert (cache / "content.pickle.zst").read_bytes() == record
    for year in range(2032, 2036):  # now more than one in ten: the record is written whole
        edit(year, "Inadequate")
    assert run().inspections_read == 4
    assert (cache / "content.pickle.zst").read_bytes() != record
    assert not (cache / "content-journal.pickle.zst").exists()
    (content / "providers.yaml").write_text((content / "providers.yaml").read_text() + "\n")
    rebuilt = run()  # a site-wide file changed: every folder is checked again, all read afresh
    assert rebuilt.ok and rebuilt.inspections_read == 22
    assert "Outstanding" in (tmp_path / "site/inspections/testshire-crc-2031/index.html").read_text()
    shutil.rmtree(content / "inspections/testshire-crc-2049")
    assert run().inspections_read == 0
    records = Engine(content, tmp_path / "site", TEMPLATES, cache=cache).memory.folder_records()
    assert sorted(folder.name for folder in records) == sorted(  # the folder is gone from it
        p.name for p in (content / "inspections").iterdir())
    assert len(records) == 21


def test_a_new_empty_folder_or_a_linked_one_is_a_change_as_a_clean_build_sees_it(tmp_path, monkeypatch):
    """The quick 'nothing changed' check sees folders as well as files: what a clean build
    reports of them, a warm one reports too."""
    monkeypatch.chdir(tmp_path)
    content, cache = two_inspection_site(tmp_path), tmp_path / ".cache"

    def messages(cache_folder: Path) -> str:
        result = Engine(content, tmp_path / "site", TEMPLATES, cache=cache_folder).build()
        assert not result.up_to_date
        return format_all(result.problems)

    assert Engine(content, tmp_path / "site", TEMPLATES, cache=cache).build().ok
    (content / "inspections" / "newtown-crc-2024").mkdir()
    warm, clean = messages(cache), messages(tmp_path / "clean")
    assert warm == clean and "newtown-crc-2024: error: missing inspection.yaml" in warm
    (content / "inspections" / "newtown-crc-2024").rmdir()
    assert Engine(content, tmp_path / "site", TEMPLATES, cache=cache).build().ok
    (content / "inspections" / "linked").symlink_to(content / "inspections" / "testshire-crc-2019")
    warm, clean = messages(cache), messages(tmp_path / "clean-2")
    assert warm == clean and "linked: error: expected an inspection folder here" in warm


PNG = b"\x89PNG\r\n\x1a\n" + bytes(40)


def test_an_image_is_copied_beside_its_report_and_an_edited_one_read_again(tmp_path, monkeypatch):
    """The image is part of its inspection: checked when it changes, and copied anew."""
    monkeypatch.chdir(tmp_path)
    content, cache = two_inspection_site(tmp_path), tmp_path / ".cache"
    folder = content / "inspections/testshire-crc-2019"
    chapter = folder / "03-case-supervision.md"
    chapter.write_text(chapter.read_text() + "\n![Caseload by team, 2019](caseload.png)\n")
    image = folder / "caseload.png"
    image.write_bytes(PNG)

    def run():
        return Engine(content, tmp_path / "site", TEMPLATES, cache=cache).build()

    first = run()
    assert first.ok, format_all(first.problems)
    page = (tmp_path / "site/inspections/testshire-crc-2019/index.html").read_text()
    assert '<img alt="Caseload by team, 2019" src="caseload.png">' in page
    assert (tmp_path / "site/inspections/testshire-crc-2019/caseload.png").read_bytes() == PNG
    prints = load_site_prints(content)
    image.write_bytes(b"GIF89a")  # not what its name says: read again, and refused
    failed = run()
    assert format_all(failed.problems) == \
        "content/inspections/testshire-crc-2019/caseload.png: error: file is not a PNG image\n" \
        "    hint: save it in the format its name says"
    image.write_bytes(PNG + b"edited")
    edited = run()
    assert edited.ok and "inspections/testshire-crc-2019/caseload.png" in edited.written_paths
    assert (tmp_path / "site/inspections/testshire-crc-2019/caseload.png").read_bytes() == PNG + b"edited"
    after = load_site_prints(content)
    assert after["inspection:testshire-crc-2019"] != prints["inspection:testshire-crc-2019"]
    assert after["inspection:testshire-crc-2021"] == prints["inspection:testshire-crc-2021"]


def load_site_prints(content: Path) -> dict[str, str]:
    loaded, problems = reportsite.load.content.load_content(content)
    assert not problems
    return loaded.fingerprints()


def test_a_broken_link_is_reported_where_the_chapter_writes_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = two_inspection_site(tmp_path)
    chapter = content / "inspections/testshire-crc-2021/03-case-supervision.md"
    chapter.write_text(chapter.read_text() + "\nSee [the ratings](#ratings) and [Essex](../essex-crc-2018/index.html).\n"
                       "\n[Again](#ratings)\n")
    result = Engine(content, tmp_path / "site", TEMPLATES).build()
    hint = "    hint: a link leads from the page it is on: site/inspections/testshire-crc-2021/index.html"
    assert format_all(result.problems) == f"""\
content/inspections/testshire-crc-2021/03-case-supervision.md:28:19: error: broken link '#ratings': no #ratings in inspections/testshire-crc-2021/index.html
{hint}
content/inspections/testshire-crc-2021/03-case-supervision.md:28:41: error: broken link '../essex-crc-2018/index.html': no inspections/essex-crc-2018/index.html
{hint}
content/inspections/testshire-crc-2021/03-case-supervision.md:30:9: error: broken link '#ratings': no #ratings in inspections/testshire-crc-2021/index.html
{hint}"""


def test_a_large_build_finds_each_new_kind_of_problem_as_check_does(tmp_path, monkeypatch):
    """Warnings made from the whole site (dates), and problems found while reading a
    chapter (nesting, brackets, images), come out of a build in workers as out of check."""
    monkeypatch.chdir(tmp_path)
    content = two_inspection_site(tmp_path)
    later = content / "inspections/testshire-crc-2021"
    (later / "inspection.yaml").write_text(dump(inspection(published="2999-03")))
    chapter = later / "03-case-supervision.md"
    chapter.write_text(chapter.read_text() + "\n" + ">" * 50 + " Deep.\n\nText " + "[" * 2000
                       + "\n\n![A chart](chart.png)\n\n#### Skipped\n")
    copy = content / "inspections/testshire-crc-2019-copy"
    shutil.copytree(content / "inspections/testshire-crc-2019", copy)
    (copy / "05-glossary.md").unlink()
    monkeypatch.setattr("reportsite.parallel.PARALLEL_FROM", 1)
    built = Engine(content, tmp_path / "site", TEMPLATES, workers=2).build()
    _, checked = load_site(content)
    assert format_all(built.problems) == format_all(checked)
    assert [(str(p.where), p.severity.name) for p in sorted(checked, key=lambda p: p.sort_key)] == [
        ("content/inspections/testshire-crc-2019-copy/inspection.yaml:4:12", "WARNING"),  # same dates
        ("content/inspections/testshire-crc-2021/03-case-supervision.md:28:1", "ERROR"),  # nesting
        ("content/inspections/testshire-crc-2021/03-case-supervision.md:30:1", "ERROR"),  # brackets
        ("content/inspections/testshire-crc-2021/03-case-supervision.md:32:1", "ERROR"),  # no image file
        ("content/inspections/testshire-crc-2021/03-case-supervision.md:34:1", "WARNING"),  # heading
        ("content/inspections/testshire-crc-2021/inspection.yaml:4:12", "WARNING"),  # in the future
    ]


def test_editing_one_framework_renders_its_own_pages_and_reports_only(tmp_path, monkeypatch):
    """A page of one framework depends on that framework's file, not on every framework's."""
    monkeypatch.chdir(tmp_path)
    content = write_three_frameworks_site(tmp_path)
    engine = Engine(content, tmp_path / "site", TEMPLATES, cache=tmp_path / ".cache")
    first = engine.build()
    assert first.ok, format_all(first.problems)
    youth = content / "frameworks/youth-2020.yaml"
    youth.write_text(youth.read_text().replace("name: Planning", "name: Plans"))
    second = engine.build()
    assert second.ok and second.views_rendered == 1  # the youth report's, no other
    rendered = set(second.rendered_paths)
    assert {"inspections/testshire-yos-2021/index.html", "frameworks/youth-2020/2-2/index.html",
            "frameworks/youth-2020/index.html", "index.html", "about/index.html"} <= rendered
    assert not {p for p in rendered if p.startswith(("frameworks/standards-2018/", "standards/",
                                                     "frameworks/thematic/", "outcomes/"))}
    assert not {"inspections/testshire-crc-2019/index.html",
                "inspections/testshire-families-2022/index.html"} & rendered
    assert ">2.2 Plans<" in (tmp_path / "site/frameworks/youth-2020/2-2/index.html").read_text()


def test_serve_puts_the_edited_report_on_disk_before_the_site_is_published(tmp_path, monkeypatch):
    """Whichever way the report was rendered (early, as it was read, or as a task): its page
    is in place when the rest of the site is still to be published."""
    monkeypatch.chdir(tmp_path)
    content = two_inspection_site(tmp_path)
    page = tmp_path / "site/inspections/testshire-crc-2021/index.html"
    seen = []
    engine = Engine(content, tmp_path / "site", TEMPLATES, drafts=True, early_write=True,
                    resident=True, finish=lambda folder, digest: seen.append(page.read_text()))
    assert engine.build().ok
    path = content / "inspections/testshire-crc-2021/inspection.yaml"
    path.write_text(path.read_text().replace("'2.1': Good", "'2.1': Inadequate"))
    assert engine.build().ok
    assert "Inadequate" in seen[-1].split('id="standard-2-1"')[1][:2000]
    assert seen[-1] == page.read_text()
