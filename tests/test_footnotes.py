"""The report-footnotes Markdown extension."""

import markdown

from reportsite.extensions.footnotes import ReportFootnotesExtension, display_number


def convert(text, prefix="ch"):
    extension = ReportFootnotesExtension(prefix=prefix)
    html = markdown.Markdown(extensions=[extension]).convert(text)
    return html, extension


def test_citations_link_to_the_report_numbered_footnote_with_unique_ids():
    html, extension = convert("One.[^8] Two.[^8] Three.[^1-2]")
    assert '<a href="#fn-8" id="fnref-ch-8-1"><span class="visually-hidden">Footnote </span>8</a>' in html
    assert 'id="fnref-ch-8-2"' in html
    assert '<span class="visually-hidden">Footnote </span>1</a>' in html  # label 1-2 shows as 1
    assert [c.anchor for c in extension.citations] == ["fnref-ch-8-1", "fnref-ch-8-2", "fnref-ch-1-2-1"]


def test_definitions_are_taken_out_of_the_flow_and_recorded():
    html, extension = convert("Text.[^3]\n\n[^3]: Ministry of Justice,\ncontinued.\n[^4]: Another.\n\nAfter.")
    assert "Ministry" not in html and "<p>After.</p>" in html
    assert extension.definitions == {"3": "Ministry of Justice, continued.", "4": "Another."}


def test_reset_forgets_the_previous_document():
    extension = ReportFootnotesExtension()
    converter = markdown.Markdown(extensions=[extension])
    converter.convert("A.[^1]\n\n[^1]: x")
    converter.reset()
    assert extension.citations == [] and extension.definitions == {}


def test_display_number():
    assert display_number("17") == "17" and display_number("1-2") == "1" and display_number("a") == "a"


def test_thousands_of_citations_are_numbered_in_linear_time():
    """Each citation's number counts those of its label before it, kept as it goes
    (counted again for each, 40,000 citations took minutes)."""
    import time

    started = time.perf_counter()
    _, extension = convert("A point.[^1] Another.[^2]\n\n" * 20000)
    assert time.perf_counter() - started < 20  # a few seconds; quadratic, it was minutes
    anchors = [c.anchor for c in extension.citations]
    assert anchors[:3] == ["fnref-ch-1-1", "fnref-ch-2-1", "fnref-ch-1-2"]
    assert anchors[-1] == "fnref-ch-2-20000" and len(set(anchors)) == 40000
