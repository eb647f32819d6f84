"""The accessible-tables Markdown extension."""

import markdown

from reportsite.extensions.tables import AccessibleTablesExtension

TABLE = "| A | B |\n|---|---|\n| 1 | 2 |\n"


def convert(text):
    return markdown.Markdown(extensions=["tables", AccessibleTablesExtension()]).convert(text)


def test_the_reports_own_caption_line_becomes_the_caption():
    html = convert(TABLE + "\nTable 1.2 A list of the cohorts.\n")
    assert "<caption>Table 1.2 A list of the cohorts.</caption>" in html
    assert "<p>Table 1.2" not in html


def test_otherwise_the_section_heading_captions_it_for_screen_readers():
    html = convert("## Cohorts\n\n" + TABLE)
    assert '<caption class="visually-hidden">Cohorts</caption>' in html
    assert '<th scope="col">A</th>' in html
    assert '<div aria-label="Cohorts" class="table-wrap" role="region" tabindex="0">' in html


def test_an_empty_header_row_is_left_out():
    """A table the report prints without a header row is written with an empty one."""
    html = convert("|  |  |\n|---|---|\n| Lead Inspector | Jane Attwood |\n")
    assert "<thead>" not in html and "<th" not in html
    assert "<td>Lead Inspector</td>" in html


def test_a_blank_cell_of_a_header_row_heads_nothing():
    """A header cell with no text would be announced as an empty header: it is a plain cell."""
    html = convert("| Risk | |\n|---|---|\n| High | Red |\n")
    assert '<thead>\n<tr>\n<th scope="col">Risk</th>\n<td></td>' in html
