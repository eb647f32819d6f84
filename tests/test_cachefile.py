"""Cache files: what is saved is read back; a damaged one is not used."""

from __future__ import annotations

import pytest

from reportsite import cachefile


def test_what_is_saved_comes_back(tmp_path):
    assert cachefile.decompress(cachefile.compress(b"x" * 10_000)) == b"x" * 10_000
    cachefile.dump(tmp_path / "value", {"slug": ["list", 1, None]})
    assert cachefile.exists(tmp_path / "value")
    assert cachefile.load(tmp_path / "value") == {"slug": ["list", 1, None]}
    assert [p.name for p in tmp_path.iterdir()] == ["value.zst"]  # no leftovers
    cachefile.remove(tmp_path / "value")
    assert not cachefile.exists(tmp_path / "value")


def test_a_packed_value_unpacks_to_an_equal_one():
    value = ({"slug": ("stamps", 1)}, [None, 2.5], "text" * 1000)
    packed = cachefile.pack(value)
    assert isinstance(packed, bytes) and len(packed) < 1000  # compressed
    assert cachefile.unpack(packed) == value


def test_a_missing_or_damaged_file_is_not_read(tmp_path):
    with pytest.raises(Exception):
        cachefile.decompress(b"not compressed")
    (tmp_path / "damaged.zst").write_bytes(b"not compressed")
    with pytest.raises(Exception):
        cachefile.load(tmp_path / "damaged")
