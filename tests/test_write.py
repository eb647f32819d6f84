"""Writing the site: only changed bytes, stale files removed."""

from reportsite.write import write_outputs


def test_only_changed_files_are_written_and_stale_ones_removed(tmp_path):
    first = write_outputs({"index.html": b"a", "x/index.html": b"b", "old.html": b"c"}, tmp_path)
    assert (first.written, first.unchanged, first.removed) == (3, 0, 0)
    mtime = (tmp_path / "index.html").stat().st_mtime_ns
    second = write_outputs({"index.html": b"a", "x/index.html": b"B"}, tmp_path)
    assert (second.written, second.unchanged, second.removed) == (1, 1, 1)
    assert (tmp_path / "index.html").stat().st_mtime_ns == mtime
    assert not (tmp_path / "old.html").exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["index.html", "index.html", "x"]
