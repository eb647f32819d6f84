"""importer/chapters.py: the contents list cuts the report into chapters and names their
sections; a divider page it leaves out is a chapter too."""

from __future__ import annotations

from reportsite.importer.chapters import parse_contents, split_chapters
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
        "Appendices", "Appendix 2: Glossary"]
    assert document.missing == ["Annex 1: Methodology"]
    assert document.subsections == ["Protecting the public", "Recommendations", "2.1. Leadership"]
    assert texts(document.front) == ["An inspection of Testshire",
                                     "This inspection was led by HM Inspector Ann Example."]
    assert texts(document.chapters[0].lines) == ["A foreword."]


def test_a_chapters_own_list_of_its_parts_is_its_text_and_a_divider_page_a_chapter():
    chapters = split_chapters(read_lines(REPORT)).chapters
    assert texts(chapters[1].lines) == ["- Protecting the public", "- Recommendations",
                                        "Text of the first chapter."]
    assert texts(chapters[3].lines) == ["- 1: Methodology", "- 2: Glossary"]
    listed = REPORT.replace("Annex 1: Methodology\t20\n", "Appendices\t19\n")
    assert [c.title for c in split_chapters(read_lines(listed)).chapters].count("Appendices") == 1
