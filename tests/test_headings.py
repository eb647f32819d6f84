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
