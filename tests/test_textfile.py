"""Reading content files (reportsite/load/textfile.py)."""

import os

from reportsite.load import textfile
from reportsite.load.textfile import read_bytes


def test_a_file_is_read_whole(tmp_path):
    path = tmp_path / "chapter.md"
    path.write_bytes(b"# Title\n" + b"words " * 400_000)  # larger than one read's chunk
    assert read_bytes(path, "chapter.md", 1 << 26) == (path.read_bytes(), [])


def test_a_file_that_grew_after_its_size_was_taken_is_read_whole(tmp_path, monkeypatch):
    path = tmp_path / "chapter.md"
    path.write_bytes(b"x" * 3_000_000)
    real = os.fstat

    def fstat(descriptor):  # as if the file had been 10 bytes when it was opened
        status = list(real(descriptor))
        status[6] = 10  # st_size
        return os.stat_result(status)
    monkeypatch.setattr(textfile.os, "fstat", fstat)
    assert read_bytes(path, "chapter.md", 1 << 26) == (b"x" * 3_000_000, [])


def test_a_file_over_the_limit_is_refused_unread(tmp_path):
    path = tmp_path / "chapter.md"
    path.write_bytes(b"x" * 100)
    data, problems = read_bytes(path, "chapter.md", 99)
    assert data is None
    assert [p.format() for p in problems] == [
        "chapter.md: error: file is too large (100 bytes; the limit is 99)\n"
        "    hint: split it into smaller files"]
