"""The cache of parsed files and digests (reportsite/load/cache.py)."""

import hashlib

from reportsite.load import cache as cache_module
from reportsite.load.cache import FileCache


def _counting_reads(monkeypatch) -> list:
    reads = []
    real = cache_module.read_bytes

    def read_bytes(path, *args):
        reads.append(path)
        return real(path, *args)
    monkeypatch.setattr(cache_module, "read_bytes", read_bytes)
    return reads


def test_a_one_off_build_reads_a_source_once_however_many_inspections_name_it(tmp_path, monkeypatch):
    source = tmp_path / "report.txt"
    source.write_bytes(b"the report's text")
    reads = _counting_reads(monkeypatch)
    files = FileCache(keep=False)
    for _ in range(3):  # as a worker does for each folder it loads
        files.digests = {}
        assert files.digest(source) == hashlib.sha256(b"the report's text").hexdigest()
    assert reads == [source]
    source.write_bytes(b"the report's text, corrected")
    files.digests = {}
    assert files.digest(source) == hashlib.sha256(b"the report's text, corrected").hexdigest()
    assert reads == [source, source]


def test_a_one_off_build_does_not_keep_parsed_values(tmp_path, monkeypatch):
    data = tmp_path / "inspection.yaml"
    data.write_bytes(b"slug: x\n")
    reads = _counting_reads(monkeypatch)
    files = FileCache(keep=False)
    assert files.load(data, lambda b: b.decode()) == "slug: x\n"
    assert files.load(data, lambda b: b.decode()) == "slug: x\n"
    assert reads == [data, data]
