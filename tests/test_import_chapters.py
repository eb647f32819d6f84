"""importer/chapters.py: the contents list cuts the report into chapters, names their
sections, and its echoes at chapter starts are left out."""

from __future__ import annotations

from reportsite.importer.chapters import echoes_entry, parse_contents, split_chapters
from reportsite.importer.lines import read_lines

REPORT = """\
An inspection of Testshire

Contents

Foreword\t4
1. Overall judgements and recommendations\t6
Protecting the public\t7
Recommendations\t10
2. Organisational delivery.....\t12
2.1. Leadership\t13
Annex 1: Methodology\t20
Appendix 2: Glossary\t22

This inspection was led by HM Inspector Ann Example.

Foreword

A foreword.

1. Overall judgements and recommendations

- Protecting the public
- Recommendations

Text of the first chapter.

2. Organisational delivery

Text of the second.

Appendices

- 1: Methodology
- 2: Glossary

Appendix 2: Glossary

CRC\tCommunity Rehabilitation Company
"""


def texts(lines) -> list[str]:
    return [line.text for line in lines if not line.blank]


def test_the_contents_list_is_found_with_its_entries():
    start, end, entries = parse_contents(read_lines(REPORT))
    assert (start, end) == (2, 12)
    assert entries == ["Foreword", "1. Overall judgements and recommendations",
                       "Protecting the public", "Recommendations", "2. Organisational delivery",
                       "2.1. Leadership", "Annex 1: Methodology", "Appendix 2: Glossary"]
    assert parse_contents(read_lines("No contents here.\n")) == (-1, -1, [])


def test_chapters_are_cut_where_their_titles_are_found_and_a_missing_one_is_named():
    document = split_chapters(read_lines(REPORT))
    assert [c.title for c in document.chapters] == [
        "Foreword", "1. Overall judgements and recommendations", "2. Organisational delivery",
        "Appendix 2: Glossary"]
    assert document.missing == ["Annex 1: Methodology"]
    assert document.subsections == ["Protecting the public", "Recommendations", "2.1. Leadership"]
    assert texts(document.front) == ["An inspection of Testshire",
                                     "This inspection was led by HM Inspector Ann Example."]
    assert texts(document.chapters[0].lines) == ["A foreword."]


def test_a_list_repeating_the_contents_and_a_divider_listing_the_appendices_are_left_out():
    chapters = split_chapters(read_lines(REPORT)).chapters
    assert texts(chapters[1].lines) == ["Text of the first chapter."]
    assert texts(chapters[2].lines) == ["Text of the second."]


def test_a_list_that_only_starts_like_the_contents_stays():
    text = REPORT.replace("- Recommendations\n", "- Recommendations\n- Something else\n")
    chapter = split_chapters(read_lines(text)).chapters[1]
    assert texts(chapter.lines)[:3] == ["- Protecting the public", "- Recommendations",
                                        "- Something else"]


def test_an_entry_is_echoed_with_or_without_its_article_and_number():
    entries = ["National context", "Appendix 1: Inspection methodology"]
    assert echoes_entry("the national context", entries)
    assert echoes_entry("1: Inspection methodology", entries)
    assert not echoes_entry("the local context", entries)
    assert not echoes_entry("", entries)
