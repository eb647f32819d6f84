"""Noticing edits: by the kernel where it can, by polling where it cannot."""

import threading

import pytest

from reportsite.watch import Watcher


@pytest.mark.parametrize("kernel", [True, False])
def test_edits_new_folders_and_their_files_are_noticed(tmp_path, kernel):
    (tmp_path / "a.yaml").write_text("one")
    seen = threading.Event()
    watcher = Watcher([tmp_path], seen.set)
    if not kernel:
        watcher.fd = -1  # as on a system without inotify
        watcher.stamps = watcher._scan()
    assert watcher.kernel is kernel or not kernel
    watcher.start()
    (tmp_path / "a.yaml").write_text("two")
    assert seen.wait(5)
    seen.clear()
    (tmp_path / "new").mkdir()
    seen.wait(5)
    seen.clear()
    (tmp_path / "new" / "b.md").write_text("# B\n")
    assert seen.wait(5)
