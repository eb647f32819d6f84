"""The build's own link check catches what it must."""

from reportsite.render.links import check_links


def test_missing_pages_anchors_and_duplicate_ids_are_reported():
    outputs = {
        "index.html": b'<a href="a/index.html#x">ok</a><a href="b/index.html">no</a><a href="#nope">no</a>'
                      b'<a href="https://example.org/">external</a>',
        "a/index.html": b'<h2 id="x">X</h2><p id="y"></p><p id="y"></p>',
    }
    problems, checked = check_links(outputs)
    assert checked == 3
    assert sorted(p.message for p in problems) == [
        "broken link '#nope': no #nope in index.html",
        "broken link 'b/index.html': no b/index.html",
        "duplicate id 'y'",
    ]
