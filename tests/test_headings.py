"""The headings Markdown extension: levels moved down, ids unique on the page."""

import markdown

from reportsite.extensions.headings import HeadingsExtension


def test_levels_move_down_and_ids_are_prefixed_and_unique():
    extension = HeadingsExtension(offset=1, prefix="evaluation")
    extension.taken = {"evaluation-crc-effectiveness"}
    html = markdown.Markdown(extensions=[extension]).convert("## CRC effectiveness\n\n### CRC effectiveness")
    assert '<h3 id="evaluation-crc-effectiveness-2">' in html
    assert '<h4 id="evaluation-crc-effectiveness-3">' in html
    assert [h.level for h in extension.headings] == [3, 4]


def test_thousands_of_sections_of_one_name_get_their_ids_in_linear_time():
    """Each id is the first free one, as before; the numbers tried are not tried again
    (trying them all again for each heading took 15 s for 10,000)."""
    import time

    extension = HeadingsExtension(offset=1)
    extension.taken = {"strengths-3"}
    started = time.perf_counter()
    html = markdown.Markdown(extensions=[extension]).convert("## Strengths\n\n" * 20000)
    assert time.perf_counter() - started < 10  # about 1 s; quadratic, it was over a minute
    ids = [h.anchor for h in extension.headings]
    assert ids[:4] == ["strengths", "strengths-2", "strengths-4", "strengths-5"]
    assert len(set(ids)) == 20000 and ids[-1] == "strengths-20001"
    assert html.count("<h3 id=") == 20000
