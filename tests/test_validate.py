"""Invalid content: each kind of mistake, and exactly what `check` says about it.

Every case starts from the valid fixture site (tests/sites.py), breaks one
thing and compares all diagnostics, as one block of text, with what an editor
should see.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportsite.diagnostics import format_all
from reportsite.pipeline import load_site
from reportsite.validate import COMMON_WORDS
from tests.sites import (CHAPTERS, GLOSSARY, INSPECTION, PROVIDERS, SETTINGS, dump, inspection,
                         write_site)

ROOT = Path(__file__).resolve().parent.parent
FOLDER = "content/inspections/testshire-crc-2019/"
YAML = FOLDER + "inspection.yaml"
CHAPTER = FOLDER + "03-case-supervision.md"
#: The smallest start of a file that says it is a PNG image.
PNG = b"\x89PNG\r\n\x1a\n" + bytes(40)
LONG_NAME = "a" * 101


def replace_text(path: str, old: str, new: str):
    def change(root: Path) -> None:
        file = root / path
        text = file.read_text()
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new))
    return change


def write_file(path: str, data: str | bytes):
    def change(root: Path) -> None:
        file = root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(data) if isinstance(data, bytes) else file.write_text(data)
    return change


def ratings(**changes):
    data = dict(INSPECTION["ratings"])
    for key, value in changes.items():
        key = key.replace("_", ".").lstrip("s")
        if value is None:
            del data[key]
        else:
            data[key] = value
    return data


def figures(changes: dict):
    data = dict(INSPECTION["key_questions"])
    for key, value in changes.items():
        if value is None:
            del data[key]
        else:
            data[key] = value
    return data


def glossary(change):
    data = copy.deepcopy(GLOSSARY)
    change(data)
    return data


def chapters(name: str, text: str):
    data = dict(CHAPTERS)
    data[name] = text
    return data


def with_case_supervision(more: str, before: str = "", after_title: str = ""):
    """The fixture's chapter 03 with text added at its end (and after its title)."""
    text = CHAPTERS["03-case-supervision.md"].replace(
        "# 2. Case supervision\n", "# 2. Case supervision\n" + after_title)
    return chapters("03-case-supervision.md", before + text + more)


def write_files(**files: str | bytes):
    """Files written into the fixture inspection's folder."""
    def change(root: Path) -> None:
        for name, data in files.items():
            write_file(FOLDER + name.replace("_", "."), data)(root)
    return change


def copy_of_the_inspection(root: Path) -> None:
    """A second folder holding the same inspection (but its glossary, which names it)."""
    copy_folder = root / "content/inspections/testshire-crc-2019-copy"
    shutil.copytree(root / FOLDER, copy_folder)
    (copy_folder / "05-glossary.md").unlink()


CASES = {
    "yaml syntax": (
        {"after": replace_text(YAML, "title: An inspection", "title: [An inspection")},
        f"""\
{YAML}:2:9: error: invalid YAML: did not find expected ',' or ']'
    hint: while parsing a flow sequence (line 1)"""),
    "tab indentation": (
        {"after": replace_text(YAML, "  '1.1': Good", "\t'1.1': Good")},
        f"""\
{YAML}:10:1: error: invalid YAML: a tab character is not allowed here
    hint: YAML indentation must use spaces; replace the tab with spaces"""),
    "unknown field": (
        {"inspection": inspection(lead_inspectr="X")},
        f"""\
{YAML}:56:1: error: unknown field 'lead_inspectr' in inspection.yaml
    hint: did you mean 'lead_inspector'?"""),
    "missing fields": (
        {"inspection": inspection(title=None, source=None)},
        f"""\
{YAML}:1:1: error: missing required field 'source' in inspection.yaml
    hint: add 'source: ...' (the report's text export in content/sources/, e.g. '000_98014ca424abaab7.txt'; null only in a draft)
{YAML}:1:1: error: missing required field 'title' in inspection.yaml
    hint: add 'title: ...' (the report's title as printed)"""),
    "rating values": (
        {"inspection": inspection(ratings=ratings(s2_1="Requires Improvement", s2_2="Gud"))},
        f"""\
{YAML}:14:10: error: 'Requires Improvement' is not a rating of the 2018 standards: Outstanding, Good, Requires improvement, Inadequate
    hint: did you mean 'Requires improvement'?
{YAML}:15:10: error: 'Gud' is not a rating of the 2018 standards: Outstanding, Good, Requires improvement, Inadequate
    hint: did you mean 'Good'?"""),
    "standard ids": (
        {"inspection": inspection(ratings={**ratings(s4_2=None), "2.5": "Good"})},
        f"""\
{YAML}:10:3: error: no rating for standard 4.2 Through the Gate
    hint: add '"4.2": <rating>' under ratings
{YAML}:19:3: error: unknown standard '2.5' in 2018 standards
    hint: did you mean '2.4'?"""),
    "key question ids": (
        {"inspection": inspection(key_questions=figures({"4.2.3": None, "2.1.4": 70}))},
        f"""\
{YAML}:21:3: error: no '% yes' figure for key question 4.2.3
    hint: add '"4.2.3": <percent>' under key_questions
{YAML}:39:3: error: unknown key question '2.1.4' in 2018 standards
    hint: did you mean '4.1.4'?"""),
    "percentages": (
        {"inspection": inspection(key_questions=figures({"2.1.1": 120, "2.1.2": "82%"}))},
        f"""\
{YAML}:21:10: error: 120 is out of range: must be from 0 to 100
{YAML}:22:10: error: expected a whole number, got text '82%'
    hint: write the number alone: 82"""),
    "dates": (
        {"inspection": inspection(published="October 2018", fieldwork="2019-13")},
        f"""\
{YAML}:4:12: error: 'October 2018' is not a date
    hint: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2018-10; use null if unknown
{YAML}:5:12: error: '2019-13' is not a date
    hint: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2018-10; use null if unknown"""),
    "missing overall rating": (
        {"inspection": inspection(overall_rating=None)},
        f"""\
{YAML}:1:1: error: missing overall_rating
    hint: the 2018 standards give every inspection an overall rating"""),
    "duplicate glossary term (duplicate slug)": (
        {"glossary": glossary(lambda g: g["terms"].append({**copy.deepcopy(g["terms"][0]),
                                                           "term": "crc"}))},
        """\
content/glossary.yaml:14:9: error: glossary term 'crc' duplicates 'CRC'
    hint: merge the two: one entry per term, one definition per wording
content/glossary.yaml:19:7: error: 'testshire-crc-2019' is listed under two wordings of 'crc'
    hint: a report prints one wording of a term"""),
    "glossary annex and a wording's expansion": (
        {"glossary": glossary(lambda g: (
            g["terms"].append({"term": "Desistance", "definitions": [
                {"text": "Stopping.", "reports": ["testshire-crc-2019"], "expansion": "Stop"}]}),
            g.update(annexes={"testshire-crc-2019": ["CRC", "CRC", "RoSh", "Desistence"],
                              "essex-crc-2018": ["CRC"]})))},
        """\
content/glossary.yaml:19:5: error: 'Desistance' is not an abbreviation: its wordings have no expansion
    hint: give the term an expansion too, or remove this one
content/glossary.yaml:21:3: error: 'Desistance' has a wording from testshire-crc-2019 but is not in its annex
    hint: add it where the report prints it, as it writes it
content/glossary.yaml:23:5: error: 'CRC' is listed twice in testshire-crc-2019's annex
    hint: a report prints each term once
content/glossary.yaml:25:5: error: 'Desistence' in testshire-crc-2019's annex has no wording from testshire-crc-2019
    hint: did you mean 'Desistance'?
content/glossary.yaml:26:3: error: glossary annex of unknown inspection 'essex-crc-2018'
    hint: did you mean 'testshire-crc-2019'?"""),
    "duplicate key": (
        {"after": replace_text(YAML, "lead_inspector: A Inspector",
                               "lead_inspector: A Inspector\ntitle: Again")},
        f"""\
{YAML}:8:1: error: duplicate key 'title' (first written at line 1)
    hint: remove one of them; YAML would silently keep the last"""),
    "footnotes": (
        {"chapters": chapters("01-summary.md", CHAPTERS["01-summary.md"].replace(
            "[^1]: Testshire CRC, 2019.", "[^2]: Never cited."))},
        f"""\
{FOLDER}01-summary.md:9:1: error: footnote '2' is defined but never cited
    hint: cite it as [^2] where the report prints the marker
{YAML}:49:9: error: footnote [^1] is cited but never defined
    hint: add '[^1]: <text>' in the chapter, or under footnotes:"""),
    "glossary link": (
        {"chapters": chapters("03-case-supervision.md", CHAPTERS["03-case-supervision.md"]
                              + "See [RoSH](glossary:rosh) and [this](glossary:rsoh).\n")},
        f"""\
{FOLDER}03-case-supervision.md:27:47: error: link to unknown glossary term 'glossary:rsoh'
    hint: did you mean 'rosh'?"""),
    "glossary link in a definition": (
        {"glossary": glossary(lambda g: g["terms"][0]["definitions"][0].update(
            text="Community Rehabilitation Company: see [RoSH](glossary:rosh), [it](glossary:rsoh)."))},
        """\
content/glossary.yaml:5:11: error: link to unknown glossary term 'glossary:rsoh'
    hint: did you mean 'rosh'?"""),
    "glossary references": (
        {"glossary": glossary(lambda g: (
            g["terms"][0]["definitions"][0].update(reports=["testshire-crc-2091"]),
            g["terms"][1].update(see_also=["CRCs"])))},
        """\
content/glossary.yaml:7:7: error: glossary names unknown inspection 'testshire-crc-2091'
    hint: did you mean 'testshire-crc-2019'?
content/glossary.yaml:15:5: error: 'see also' names unknown glossary term 'CRCs'
    hint: did you mean 'CRC'?"""),
    "non-UTF-8 file": (
        {"after": write_file(FOLDER + "02-organisational-delivery.md",
                             b"# 1. Organisational delivery\n\nCaf\xe9 society\n")},
        f"""\
{FOLDER}02-organisational-delivery.md:3:4: error: file is not valid UTF-8 (byte 0xe9)
    hint: save the file as UTF-8 in your editor"""),
    "rating against the banding rule": (
        {"inspection": inspection(key_questions=figures({"2.4.3": 49}))},
        f"""\
{YAML}:17:10: note: standard 2.4 is published as 'Good'; the banding rule gives 'Inadequate' (lowest key question 49%)
    hint: if the report explains this (e.g. a ratings panel footnote), record it as 'explanation: <footnote>'"""),
    "rating explained by its footnote": (
        {"inspection": inspection(
            key_questions=figures({"2.4.3": 49}),
            ratings={**ratings(), "2.4": {"rating": "Good", "explanation": "9"}},
            footnotes={"9": "A ratings panel lifted the rating."})},
        ""),
    "slots": (
        {"chapters": chapters("04-results.md", "# Annex 2\n\n::: results 2\n\n::: result 4\n")},
        f"""\
content/inspections/testshire-crc-2019: error: domain 4's inspection results: not shown, no '::: results 4' line in the narrative
    hint: put a line '::: results 4' where the report prints it
{FOLDER}04-results.md:5:1: error: unknown slot '::: result'
    hint: did you mean 'results'?"""),
    "recommendation numbers": (
        {"inspection": inspection(recommendations=[{"by": "X", "items": [
            {"number": 1, "text": "a"}, {"number": 3, "text": "b"}]}])},
        f"""\
{YAML}:45:13: error: recommendation numbered 3; expected 2
    hint: number recommendations 1, 2, 3 ... across all groups"""),
    "unknown provider, framework and source": (
        {"inspection": inspection(provider="testshire", framework="standards-2019",
                                  source="missing.txt")},
        f"""\
{YAML}:2:11: error: unknown provider 'testshire'
    hint: did you mean 'testshire-crc'?
{YAML}:3:12: error: unknown framework 'standards-2019'
    hint: did you mean 'standards-2018'?
{YAML}:6:9: error: source file 'missing.txt' is not in sources/
    hint: copy the report's text export into content/sources/"""),
    "provider types: unknown, and not one the framework inspects": (
        {"providers": {"testshire-crc": {**PROVIDERS["testshire-crc"],
                                         "type": "National Probation Service division"},
                       "otherby-crc": {**copy.deepcopy(PROVIDERS["testshire-crc"]),
                                       "type": "Community Rehabilitation Compnay"}}},
        f"""\
{YAML}:2:11: error: provider 'testshire-crc' is a National Probation Service division; the 2018 standards inspect Community Rehabilitation Company
    hint: check the inspection's framework, and the provider's type in providers.yaml
content/providers.yaml:12:9: error: unknown provider type 'Community Rehabilitation Compnay'
    hint: did you mean 'Community Rehabilitation Company'?"""),
    "an inspection holding what its framework does not have": (
        {"inspection": inspection(framework="quality-impact-2016")},
        f"""\
{YAML}:3:12: error: Quality & Impact inspections have no overall_rating, ratings, key_questions and domains, which this inspection holds
    hint: check the framework named here; or, if it is right, remove overall_rating, ratings, key_questions and domains"""),
    "two frameworks moved from one address": (
        {"after": replace_text("content/frameworks/quality-impact-2016.yaml", "moved_from: outcomes",
                               "moved_from: standards")},
        """\
content/frameworks/standards-2018.yaml:20:13: error: quality-impact-2016.yaml also moved from 'standards'
    hint: one framework's old pages can be at one address"""),
    "owners of a provider: unknown, out of order, undated, none at the inspection's date": (
        {"providers": {"testshire-crc": {**PROVIDERS["testshire-crc"], "owners": [
            {"owner": "tesco", "since": "2020-01"}, {"owner": "testco", "since": "2019-12"}]},
            "otherside-crc": {**PROVIDERS["testshire-crc"], "owners": [
                {"owner": "testco", "since": "2015"}, {"owner": "testco"}]}}},
        f"""\
{YAML}:2:11: warning: no owner of provider 'testshire-crc' is recorded at the inspection's date (2019-01)
    hint: add who owned it, and since when, under 'testshire-crc: owners:' in providers.yaml
content/providers.yaml:7:12: error: unknown owner 'tesco'
    hint: did you mean 'testco'?
content/providers.yaml:10:12: error: testshire-crc: owners must be listed oldest first
    hint: this ownership began on or before the one above it (2020-01)
content/providers.yaml:19:5: error: otherside-crc: only the first owner may have no 'since' date
    hint: give the date this ownership began, as the report gives it"""),
    "YAML alias": (
        {"after": replace_text(YAML, "lead_inspector: A Inspector",
                               "lead_inspector: &who A Inspector\nprogramme_manager: *who")},
        f"""\
{YAML}:8:1: error: YAML aliases (*name) are not allowed in content
    hint: write the value out again instead of referring to an anchor"""),
    "empty file": (
        {"after": write_file(YAML, "")},
        f"""\
{YAML}:1:1: error: file is empty
    hint: fill it in, or delete it if it is not needed"""),
    "folder name is not a slug": (
        {"after": lambda root: (root / "content/inspections/Bad_Slug").mkdir()},
        """\
content/inspections/Bad_Slug: error: inspection folder name 'Bad_Slug' is not a slug
    hint: use lowercase ASCII words joined by hyphens, e.g. essex-crc-2018"""),
    "folder name taken by the site": (
        {"after": lambda root: (root / "content/inspections/page").mkdir()},
        """\
content/inspections/page: error: inspection folder name 'page' is taken by the site
    hint: inspections/page/ holds the later pages of the list of inspections; name the folder after the provider and year, e.g. essex-crc-2018"""),
    "wrong types": (
        {"inspection": inspection(recommendations={"by": "X"}, key_facts="none")},
        f"""\
{YAML}:41:3: error: expected a list, got a mapping of fields
    hint: start each item on its own line with '- '
{YAML}:42:12: error: expected a list, got text
    hint: start each item on its own line with '- '"""),
    "chapter without a title": (
        {"after": write_file(FOLDER + "06-extra.md", "Some text without a title\n")},
        f"""\
{FOLDER}06-extra.md:1:1: error: a chapter must start with its title as a level-1 heading
    hint: e.g. '# Foreword'"""),
    "chapter file name": (
        {"after": write_file(FOLDER + "extra.md", "# Extra\n")},
        f"""\
{FOLDER}extra.md: error: narrative file name 'extra.md' is not 'NN-slug.md'
    hint: name it like '03-recommendations.md'; the number sets the reading order"""),
    "unreadable glossary, reported once": (
        {"after": write_file("content/glossary.yaml", "terms: [\n")},
        """\
content/glossary.yaml:2:1: error: invalid YAML: did not find expected node content
    hint: while parsing a flow node (line 2)"""),
    "two chapters with one number": (
        {"after": write_file(FOLDER + "05-more.md", "# More\n")},
        f"""\
{FOLDER}05-more.md: error: two chapters numbered 05: 05-glossary.md and 05-more.md
    hint: give each chapter its own number"""),
    "empty and blank glossary terms and definitions": (
        {"glossary": glossary(lambda g: (g["terms"][0].update(term=""), g["terms"][1].update(term="  "),
                                         g["terms"][1]["definitions"][0].update(text=" ")))},
        """\
content/glossary.yaml:2:9: error: 'term' must not be empty
content/glossary.yaml:8:9: error: 'term' must not be empty
content/glossary.yaml:11:11: error: 'text' must not be empty"""),
    "glossary term without a letter or digit": (
        {"glossary": glossary(lambda g: g["terms"][1].update(term="—"))},
        """\
content/glossary.yaml:8:9: error: glossary term '—' has no letter or digit
    hint: its entry is named after its letters and digits: write the term as the report prints it"""),
    "common words as glossary terms": (
        {"glossary": glossary(lambda g: (g["terms"][0].update(term="The"),
                                         g["terms"][1].update(aliases=["it", "IT", "RoSH-related"])))},
        """\
content/glossary.yaml:2:9: error: glossary term 'The' is a common word: every use of it in every report would be linked to the glossary
    hint: use the term as the report prints it (an abbreviation in capitals is fine)
content/glossary.yaml:15:5: error: glossary alias 'it' is a common word: every use of it in every report would be linked to the glossary
    hint: use the term as the report prints it (an abbreviation in capitals is fine)"""),
    "inspection folder name too long": (
        {"after": lambda root: (root / "content/inspections" / LONG_NAME).mkdir()},
        f"""\
content/inspections/{LONG_NAME}: error: inspection folder name is 101 characters long; the limit is 100
    hint: it names a folder of the site, which must fit any file system: shorten it, e.g. essex-crc-2018 (the provider and year)"""),
    "provider slug too long": (
        {"providers": {**PROVIDERS, "p" * 101: copy.deepcopy(PROVIDERS["testshire-crc"])}},
        """\
content/providers.yaml:9:1: error: provider slug is 101 characters long; the limit is 100
    hint: it names a folder of the site, which must fit any file system: shorten it, e.g. essex-crc"""),
    "quotes nested 1,000 deep": (
        {"chapters": with_case_supervision(">" * 1000 + " Deep.\n")},
        f"""\
{CHAPTER}:27:1: error: lists or quotes nested 1,000 levels deep; the limit is 10
    hint: a report nests a list in a quote at most; check the indentation and the '>' at the start of the line"""),
    "a list nested 1,000 deep": (
        {"chapters": with_case_supervision("".join("    " * i + "- Item\n" for i in range(1000)))},
        f"""\
{CHAPTER}:37:1: error: lists or quotes nested 11 levels deep (and 989 more lines); the limit is 10
    hint: a report nests a list in a quote at most; check the indentation and the '>' at the start of the line"""),
    "unclosed brackets": (
        {"chapters": with_case_supervision("Text " + "[" * 2000 + "\n")},
        f"""\
{CHAPTER}:27:1: error: too many brackets to convert in good time: 2,000 '[' with no ']' to close them in the paragraph starting here
    hint: close each '[' with ']', or write a bracket that is only text as '\\['"""),
    "a large chapter with too much inline markup in a paragraph": (
        {"chapters": with_case_supervision("Text " + "<b>x</b> " * 12000 + "\n")},
        f"""\
{CHAPTER}:27:1: error: too much inline markup to convert in good time: 24,000 pieces of markup ('<', '*', '_', '`', '&', '[', '\\', line breaks) in a paragraph of 108,006 characters, starting here
    hint: split it into shorter paragraphs, or remove the markup it does not need"""),
    "images": (
        {"chapters": with_case_supervision(
            "![Caseload by team](chart.png)\n\n![](chart.png) ![Map](mpa.png) "
            "![Logo](https://example.org/logo.png) ![Team](<team chart.png>)\n\n![Rating](badge.svg) ![Fake](fake.png) ![Ref][logo]\n"),
         "after": write_files(chart_png=PNG, map_png=PNG, fake_png=b"GIF89a", notes_txt="x")},
        f"""\
{CHAPTER}:29:1: error: image 'chart.png' has no alt text
    hint: say what it shows, for readers who cannot see it: ![Caseload by team, 2018](chart.png)
{CHAPTER}:29:16: error: image 'mpa.png' is not in the inspection folder
    hint: did you mean 'map.png'?
{CHAPTER}:29:32: error: image 'https://example.org/logo.png' is not the name of a PNG, JPEG, GIF, SVG or WebP file in the inspection folder
    hint: put the file in content/inspections/testshire-crc-2019/ and name it alone, in letters, digits, '-' and '_': ![Caseload by team](caseload.png)
{CHAPTER}:29:70: error: image 'team chart.png' is not the name of a PNG, JPEG, GIF, SVG or WebP file in the inspection folder
    hint: put the file in content/inspections/testshire-crc-2019/ and name it alone, in letters, digits, '-' and '_': ![Caseload by team](caseload.png)
{CHAPTER}:31:1: error: an image cannot be called 'badge.svg': the site writes the report's rating badge under that name
    hint: rename the file, and the image here
{CHAPTER}:31:40: error: an image must name its file where it is shown
    hint: write it as ![what it shows](file.png)
{FOLDER}fake.png: error: file is not a PNG image
    hint: save it in the format its name says
{FOLDER}map.png: warning: image is not shown by any chapter
    hint: show it with ![what it shows](map.png), or remove it
{FOLDER}notes.txt: warning: file is not used (only inspection.yaml, NN-name.md chapters and the images they show are)"""),
    "an SVG with script, and an image too large": (
        {"chapters": with_case_supervision("![A chart](chart.svg)\n\n![A photo](photo.jpg)\n"),
         "after": write_files(chart_svg='<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:'
                                        'alert(1)"><circle r="4"/></a></svg>',
                              photo_jpg=b"\xff\xd8\xff" + bytes(3 * 1024 * 1024))},
        f"""\
{FOLDER}chart.svg: error: SVG image holds script or embedded content
    hint: export it again as a plain drawing, or as PNG
{FOLDER}photo.jpg: error: image is too large (3,145,731 bytes; the limit is 2,097,152)
    hint: save it smaller: a chart needs far less"""),
    "images outside chapters": (
        {"inspection": inspection(recommendations=[{"by": "Testshire CRC", "items": [
            {"number": 1, "text": "improve ![a chart](chart.png)"}, {"number": 2, "text": "review."}]}]),
         "glossary": glossary(lambda g: g["terms"][0]["definitions"][0].update(
             text="A provider ![logo](logo.png)"))},
        f"""\
content/glossary.yaml:5:11: error: an image here would not be shown: images belong in chapters
    hint: put ![what it shows](file.png) in the chapter, with the file in the inspection's folder
{YAML}:44:11: error: an image here would not be shown: images belong in chapters
    hint: put ![what it shows](file.png) in the chapter, with the file in the inspection's folder"""),
    "a bare ':::' and skipped heading levels": (
        {"chapters": with_case_supervision("#### Details\n", after_title="\n### Introduction\n\n:::\n")},
        f"""\
{CHAPTER}:3:1: warning: heading level skipped: ### after #
    hint: use ##, as the report's outline does; readers who move by headings miss a skipped level
{CHAPTER}:5:1: warning: a ':::' line with no slot name is shown as it is
    hint: name the slot (e.g. '::: ratings'), or remove the line
{CHAPTER}:31:1: warning: heading level skipped: #### after '::: standard 4.2' (a ## heading)
    hint: use ###, as the report's outline does; readers who move by headings miss a skipped level"""),
    "published in the future": (
        {"inspection": inspection(published="2999-01")},
        f"""\
{YAML}:4:12: warning: published 2999-01, which is in the future
    hint: check the date: the site would show it as published"""),
    "site settings: a contact that is neither address, an empty notice, a field unknown": (
        {"settings": {**SETTINGS, "contact": "the editors", "notice": " ", "publisher_url": "example.org",
                      "colour": "blue"}},
        """\
content/site.yaml:3:10: error: 'the editors' is not an e-mail address (name@example.org) or a web address (https://...)
content/site.yaml:5:9: error: 'notice' must not be empty
content/site.yaml:6:16: error: 'example.org' is not a web address (https://...)
content/site.yaml:7:1: error: unknown field 'colour' in site.yaml
    hint: allowed fields: name, publisher, contact, accessibility_contact, publisher_url, notice"""),
    "site settings missing": (
        {"after": lambda root: (root / "content/site.yaml").unlink()},
        """\
content/site.yaml: error: missing site.yaml
    hint: create site.yaml in the content folder"""),
    "two inspections of one provider with the same dates": (
        {"after": copy_of_the_inspection},
        """\
content/inspections/testshire-crc-2019-copy/inspection.yaml:4:12: warning: same provider and dates as testshire-crc-2019 (published 2019-05, fieldwork 2019-01)
    hint: if it is another report, check its dates; if it is a copy, remove one folder"""),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_invalid_content_is_reported_exactly(case, tmp_path, monkeypatch):
    changes, expected = CASES[case]
    monkeypatch.chdir(tmp_path)
    write_site(tmp_path, **{k: v for k, v in changes.items() if k != "after"})
    if "after" in changes:
        changes["after"](tmp_path)
    site, problems = load_site(Path("content"))
    assert format_all(problems) == expected
    assert (site is None) == ("error:" in expected)


def test_there_are_at_least_fifteen_kinds_of_invalid_input():
    assert sum("error:" in expected for _, expected in CASES.values()) >= 15


def test_valid_fixture_site_has_no_diagnostics(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_site(tmp_path)
    site, problems = load_site(Path("content"))
    assert problems == []
    assert list(site.reports) == ["testshire-crc-2019"]


def run_check(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "check", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("case", ["yaml syntax", "non-UTF-8 file", "YAML alias", "wrong types"])
def test_check_command_prints_messages_and_exits_1_without_traceback(case, tmp_path):
    changes, expected = CASES[case]
    write_site(tmp_path, **{k: v for k, v in changes.items() if k != "after"})
    if "after" in changes:
        changes["after"](tmp_path)
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert expected in result.stderr
    assert result.stderr.rstrip().endswith("check failed: " + result.stderr.rstrip().split(
        "check failed: ")[-1])


def test_check_usage_error_exits_2(tmp_path):
    result = run_check(tmp_path, "--no-such-option")
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_check_reports_a_missing_content_folder(tmp_path):
    result = run_check(tmp_path, "--content", "nowhere")
    assert result.returncode == 1
    assert "content folder nowhere does not exist" in result.stderr


def test_the_common_words_refused_as_glossary_terms_are_those_the_content_model_lists():
    text = (ROOT / "docs/content-model.md").read_text()
    listed = text[text.index("must not be a common"):text.index("(in lower case or capitalised")]
    assert set(re.findall(r"`([a-z]+)`", listed)) == COMMON_WORDS
