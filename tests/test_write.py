"""Writing the site: staged, only changed bytes, stale files removed, failures leave no trace."""

from reportsite.write import discard, publish, stage, staging_folder


def build(out, files: dict[str, bytes], previous: dict) -> dict:
    return {path: stage(out, path, data, "", previous.get(path))[0] for path, data in files.items()}


def test_only_changed_files_are_written_and_stale_ones_removed(tmp_path):
    out = tmp_path / "site"
    first = build(out, {"index.html": b"a", "x/index.html": b"b", "old.html": b"c"}, {})
    assert not out.exists()  # nothing is published until the build is complete
    assert publish(out, first)[:2] == (3, 0)
    mtime = (out / "index.html").stat().st_mtime_ns
    second = build(out, {"index.html": b"a", "x/index.html": b"B"}, first)
    written, removed, paths = publish(out, second)
    assert (written, removed, paths) == (1, 1, ["x/index.html"])
    assert (out / "index.html").stat().st_mtime_ns == mtime
    assert (out / "x/index.html").read_bytes() == b"B"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == \
        ["index.html", "x", "x/index.html"]
    assert not staging_folder(out).exists()


def test_a_discarded_build_leaves_the_published_site_as_it_was(tmp_path):
    out = tmp_path / "site"
    publish(out, build(out, {"index.html": b"a"}, {}))
    build(out, {"index.html": b"changed", "new.html": b"n"}, {})
    discard(out)
    assert not staging_folder(out).exists()
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert (out / "index.html").read_bytes() == b"a"


def test_the_search_index_is_not_removed_as_stale(tmp_path):
    out = tmp_path / "site"
    (out / "pagefind").mkdir(parents=True)
    (out / "pagefind" / "pagefind.js").write_bytes(b"index")
    publish(out, build(out, {"index.html": b"a"}, {}))
    assert (out / "pagefind" / "pagefind.js").exists()


def test_a_first_build_into_an_empty_folder_becomes_the_site_in_one_move(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    written, removed, paths = publish(out, build(out, {"index.html": b"a", "x/y/index.html": b"b"}, {}))
    assert (written, removed, paths) == (2, 0, ["index.html", "x/y/index.html"])
    assert (out / "x/y/index.html").read_bytes() == b"b" and not staging_folder(out).exists()
