"""The build's own link check catches what it must."""

from pathlib import Path

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


def test_the_index_rechecks_pages_linking_to_a_page_that_lost_an_anchor():
    from reportsite.render.links import LinkIndex

    index = LinkIndex()
    pages = {"a/index.html": (["../b/index.html#x"], []), "b/index.html": ([], ["x"]),
             "c/index.html": (["../b/index.html"], [])}
    assert index.update(pages, set(pages)) == ([], 2)
    problems, checked = index.update({"b/index.html": ([], ["y"])}, set(pages))
    assert [p.message for p in problems] == ["broken link '../b/index.html#x': no #x in b/index.html"]
    assert checked == 2  # a and c link to b; b has no links
    assert index.anchors["b/index.html"] == frozenset({"x"})  # a failed update records nothing
    problems, _ = index.update({"b/index.html": ([], ["x", "y"])}, set(pages))
    assert problems == [] and index.anchors["b/index.html"] == frozenset({"x", "y"})


def test_the_index_follows_links_as_pages_change_them():
    """Who links to whom is recorded from each page's latest links: a page that stopped
    linking to another is not checked again when that one goes; an encoded fragment
    matches its decoded id."""
    from reportsite.render.links import LinkIndex

    index = LinkIndex()
    pages = {"a/index.html": (["../b/index.html#t%C3%A9rm"], []), "b/index.html": ([], ["térm"]),
             "c/index.html": (["../b/index.html", "#top", "mailto:x@example.org"], ["top"])}
    assert index.update(pages, set(pages)) == ([], 3)
    assert index.linked_from["b/index.html"] == {"a/index.html", "c/index.html"}
    assert index.update({"a/index.html": ([], [])}, set(pages)) == ([], 0)
    assert index.linked_from["b/index.html"] == {"c/index.html"}
    problems, checked = index.update({}, {"a/index.html", "c/index.html"})
    assert [p.message for p in problems] == ["broken link '../b/index.html': no b/index.html"]
    assert checked == 2  # only c, which still links to b


def test_links_that_climb_to_the_top_are_checked_from_every_page_as_deep():
    """Such a link is resolved once for all pages of one depth, never across depths, and
    a broken one is reported for every page that has it."""
    from reportsite.render.links import LinkIndex

    index = LinkIndex()
    pages = {
        "r/one/index.html": (["../../g/index.html#t", "../../g/index.html#gone", "../two/index.html",
                              "../..//g/index.html", "../../../g/index.html", "../../%2Fg/index.html"], []),
        "r/two/index.html": (["../../g/index.html#t", "../../g/index.html#gone", "../one/index.html"], []),
        "s/index.html": (["../../g/index.html#t", "../g/index.html#t"], []),
        "g/index.html": ([], ["t"]),
    }
    problems, checked = index.update(pages, set(pages))
    assert "\n".join(sorted(p.format() for p in problems)) == """\
site/r/one/index.html: error: broken link '../../../g/index.html': no ../g/index.html
site/r/one/index.html: error: broken link '../../g/index.html#gone': no #gone in g/index.html
site/r/two/index.html: error: broken link '../../g/index.html#gone': no #gone in g/index.html
site/s/index.html: error: broken link '../../g/index.html#t': no ../g/index.html"""
    assert checked == 11
    pages["s/index.html"] = (["../g/index.html#t"], [])
    del pages["r/one/index.html"]
    pages["r/two/index.html"] = (["../../g/index.html#t"], [])
    assert index.update(pages, set(pages)) == ([], 2)
    assert index.linked_from["g/index.html"] == {"r/two/index.html", "s/index.html"}


def test_a_broken_link_is_placed_where_the_content_writes_it(tmp_path, monkeypatch):
    """In the report's own files and the site-wide ones, every place it is written as a
    link; where it is nowhere to be found (the templates wrote it), at the page."""
    from reportsite.render.links import broken_link, in_content

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "content/inspections/essex-crc-2018"
    folder.mkdir(parents=True)
    (folder / "02-intro.md").write_text("# Intro\n\nSee [it](#gone), not #gone.\n\n[ref]: #gone\n")
    (folder / "inspection.yaml").write_text("title: '<a href=\"#gone\">x</a>'\n")
    (tmp_path / "content/glossary.yaml").write_text("terms: [{term: X, definitions: [{text: '[y](#gone)'}]}]\n")
    page = "inspections/essex-crc-2018/index.html"
    problems = [broken_link(page, "#gone", "no #gone in " + page),
                broken_link("glossary/index.html", "#gone", "no #gone in glossary/index.html"),
                broken_link("index.html", "#top", "no #top in index.html")]
    assert [str(p.where) for p in in_content(problems, Path("content"))] == [
        "content/inspections/essex-crc-2018/02-intro.md:3:10",
        "content/inspections/essex-crc-2018/02-intro.md:5:8",
        "content/inspections/essex-crc-2018/inspection.yaml:1:18",
        "content/glossary.yaml:1:45",
        "content/glossary.yaml:1:45",  # the glossary page shows it too
        "site/index.html",
    ]
