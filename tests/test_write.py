"""The output folder: the build changes only what it made, and publishes all at once.

Unit tests of staging and publishing; the command's refusals of folders it must
not take, as one block of messages; and a kill -9 at many moments of a real
build, after each of which the folder must hold the whole old site or the whole
new one.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportsite import write
from reportsite.cli import main
from reportsite.write import (MANIFEST, OutputError, claim_work_folder, discard, locked, publish,
                              read_manifest, recover, stage, staging_folder, work_folder)
from tests.gates import count
from tests.sites import write_site

ROOT = Path(__file__).resolve().parent.parent


def build(out, files: dict[str, bytes], previous: dict) -> tuple[dict, set]:
    """Each file staged: (its record, by path), and the paths whose bytes changed."""
    claim_work_folder(work_folder(out))
    staged = {path: stage(out, path, data, "", previous.get(path)) for path, data in files.items()}
    return {path: record for path, (record, _) in staged.items()}, \
        {path for path, (_, changed) in staged.items() if changed}


def published(out, built: tuple[dict, set], **options):
    records, staged = built
    return publish(out, records, str(sorted(records.items())), staged, **options)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and not p.is_symlink()}


def test_only_changed_files_are_written_and_stale_ones_removed(tmp_path):
    out = tmp_path / "site"
    first = build(out, {"index.html": b"a", "x/index.html": b"b", "old.html": b"c"}, {})
    assert not out.exists()  # nothing is published until the build is complete
    done = published(out, first)
    assert (done.written, done.removed) == (["index.html", "old.html", "x/index.html"], 0)
    mtime = (out / "index.html").stat().st_mtime_ns
    second = build(out, {"index.html": b"a", "x/index.html": b"B"}, first[0])
    done = published(out, second)
    assert (done.written, done.removed) == (["x/index.html"], 1)
    assert (out / "index.html").stat().st_mtime_ns == mtime
    assert (out / "x/index.html").read_bytes() == b"B"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == \
        [MANIFEST, "index.html", "x", "x/index.html"]
    assert read_manifest(out)[1] == {"index.html", "x/index.html"}
    assert not staging_folder(out).exists() and not (work_folder(out) / "next").exists()


def test_what_the_build_did_not_make_is_kept_whatever_it_is(tmp_path):
    out = tmp_path / "site"
    published(out, build(out, {"index.html": b"a", "old/index.html": b"o"}, {}))
    mine = {"CNAME": b"example.org", ".nojekyll": b"", ".well-known/security.txt": b"Contact: x",
            ".git/config": b"[core]", ".git/objects/ab/cdef": b"blob", "old/notes.txt": b"mine",
            "google123.html": b"verification"}
    for path, data in mine.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
    (out / ".git/refs/tags").mkdir(parents=True)  # an empty folder of the publisher's
    os.symlink("index.html", out / "home.html")
    done = published(out, build(out, {"index.html": b"A"}, {}))
    assert done.removed == 1  # old/index.html, which the build made
    assert {path: (out / path).read_bytes() for path in mine} == mine
    assert (out / ".git/refs/tags").is_dir() and os.readlink(out / "home.html") == "index.html"
    assert (out / "index.html").read_bytes() == b"A" and not (out / "old/index.html").exists()


def test_a_file_the_build_did_not_make_is_replaced_only_with_force(tmp_path):
    out = tmp_path / "site"
    published(out, build(out, {"index.html": b"a"}, {}))
    (out / "about.html").write_bytes(b"the publisher's own")
    records = build(out, {"index.html": b"a", "about.html": b"ours"}, {})
    with pytest.raises(OutputError, match="about.html was not made by the build"):
        published(out, records)
    assert (out / "about.html").read_bytes() == b"the publisher's own"
    published(out, build(out, {"index.html": b"a", "about.html": b"ours"}, {}), force=True)
    assert (out / "about.html").read_bytes() == b"ours" and "about.html" in read_manifest(out)[1]


def test_only_what_the_build_kept_of_its_staging_is_published(tmp_path):
    """A page staged and then not taken (rendered early from inputs that turned out stale)
    is not published, even where a page of that path was kept from the last build."""
    out = tmp_path / "site"
    records, _ = build(out, {"index.html": b"a", "x.html": b"x"}, {})
    published(out, (records, set(records)))
    build(out, {"x.html": b"rendered early, then not taken"}, {})
    published(out, (records, set()))
    assert tree(out)["x.html"] == b"x" and not staging_folder(out).exists()


def test_a_discarded_build_leaves_the_published_site_as_it_was(tmp_path):
    out = tmp_path / "site"
    published(out, build(out, {"index.html": b"a"}, {}))
    build(out, {"index.html": b"changed", "new.html": b"n"}, {})
    discard(out)
    assert not staging_folder(out).exists()
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "index.html"]
    assert (out / "index.html").read_bytes() == b"a"


def test_the_search_index_stays_until_a_new_one_replaces_it(tmp_path):
    out = tmp_path / "site"

    def index(folder: Path, data: bytes) -> None:
        (folder / "pagefind").mkdir(exist_ok=True)
        (folder / "pagefind" / "pagefind.js").write_bytes(data)

    published(out, build(out, {"index.html": b"a"}, {}), finish=lambda f: index(f, b"one"))
    published(out, build(out, {"index.html": b"b"}, {}))
    assert (out / "pagefind" / "pagefind.js").read_bytes() == b"one"
    assert "pagefind/" in read_manifest(out)[1]
    published(out, build(out, {"index.html": b"c"}, {}), finish=lambda f: index(f, b"two"))
    assert (out / "pagefind" / "pagefind.js").read_bytes() == b"two"


def test_a_first_build_into_an_empty_folder(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    done = published(out, build(out, {"index.html": b"a", "x/y/index.html": b"b"}, {}))
    assert done.written == ["index.html", "x/y/index.html"]
    assert (out / "x/y/index.html").read_bytes() == b"b" and not staging_folder(out).exists()


def test_without_an_atomic_swap_publishing_still_never_mixes_two_builds(tmp_path, monkeypatch):
    """Where the system cannot exchange two folders, the old one steps aside and the new
    one takes its place; a build stopped between the two steps is finished by the next."""
    monkeypatch.setattr(write, "_exchange", lambda first, second: False)
    out = tmp_path / "site"
    published(out, build(out, {"index.html": b"a"}, {}))
    published(out, build(out, {"index.html": b"b"}, {}))
    assert tree(out)["index.html"] == b"b" and not (work_folder(out) / "old").exists()
    # Stopped between the steps: the old version aside, the new one complete but not in place.
    (work_folder(out) / "next").mkdir()
    (work_folder(out) / "next" / "index.html").write_bytes(b"c")
    os.replace(out, work_folder(out) / "old")
    recover(out)
    assert tree(out) == {"index.html": b"c"} and not (work_folder(out) / "old").exists()


def test_what_a_stopped_build_left_is_cleared(tmp_path):
    out = tmp_path / "site"
    published(out, build(out, {"index.html": b"a"}, {}))
    for part in ("next/x", "staging/y", "old/z", "search/pagefind"):
        (work_folder(out) / part).mkdir(parents=True)
    recover(out)
    assert sorted(p.name for p in work_folder(out).iterdir()) == [write.WORK_MARK]
    assert tree(out)["index.html"] == b"a"


def test_a_second_build_waits_for_the_first_then_gives_up_with_a_message(tmp_path):
    out = tmp_path / "site"
    told = []
    with locked(out):
        with pytest.raises(OutputError) as refused:
            with locked(out, wait=0.3, told=told.append):
                pass
    assert told == [f"waiting for another build of {out} to finish"]
    assert str(refused.value) == (f"another build is still writing {out}\n"
                                  "    hint: wait for it to finish, or stop it")
    with locked(out, wait=0):  # released
        pass


def test_a_work_folder_the_build_did_not_make_is_left_alone(tmp_path):
    out = tmp_path / "site"
    work_folder(out).mkdir(parents=True)
    (work_folder(out) / "precious.txt").write_text("mine")
    with pytest.raises(OutputError, match="was not made by the build"):
        with locked(out):
            pass
    assert (work_folder(out) / "precious.txt").read_text() == "mine"


# --- folders the build refuses ---------------------------------------------------------

def refusals(tmp_path: Path, monkeypatch, capsys) -> str:
    """Each refused --out or --cache, and its message, with the paths made relative."""
    project = tmp_path / "project"
    content = write_site(project)
    monkeypatch.chdir(project)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    (project / "a-file").write_text("x")
    (project / "documents").mkdir()
    (project / "documents" / "letter.txt").write_text("Dear ...")
    (project / "cache").mkdir()
    cases = {
        "the file system's root": ["--out", "/"],
        "the home folder": ["--out", str(home)],
        "the project folder": ["--out", "."],
        "above the project": ["--out", ".."],
        "the content folder": ["--out", "content"],
        "inside the content": ["--out", "content/inspections"],
        "the templates": ["--out", str(ROOT / "templates")],
        "the cache": ["--out", "cache", "--cache", "cache"],
        "inside the cache": ["--out", "cache/site", "--cache", "cache"],
        "a cache inside the output": ["--out", "site", "--cache", "site/cache"],
        "a file as output": ["--out", "a-file"],
        "a file as cache": ["--out", "site", "--cache", "a-file"],
        "someone's documents": ["--out", "documents"],
        "someone's documents, forced": ["--out", "content", "--force"],
        "not a web address": ["--out", "site", "--base-url", "example.org"],
        "another scheme": ["--out", "site", "--base-url", "javascript:alert(1)//x"],
    }
    if os.geteuid() == 0:  # root writes anywhere a mode allows none: sysfs refuses even root
        unwritable = Path("/sys/reportsite-test/site")
    else:
        (tmp_path / "read-only").mkdir(mode=0o555)
        unwritable = tmp_path / "read-only" / "site"
    cases["a read-only parent"] = ["--out", str(unwritable), "--cache", "cache"]
    lines = []
    for name, options in cases.items():
        capsys.readouterr()
        code = main(["build", "--content", "content", "--no-search", *options])
        err = capsys.readouterr().err
        lines.append(f"{name}: exit {code}: " + err.replace(str(project), "PROJECT")
                     .replace(str(home), "HOME").replace(str(ROOT), "ROOT")
                     .replace(str(unwritable.parent), "PARENT").strip())
    assert (project / "documents" / "letter.txt").read_text() == "Dear ..."
    assert sorted(p.name for p in (project / "content").iterdir()) == \
        ["frameworks", "glossary.yaml", "inspections", "owners.yaml", "providers.yaml", "site.yaml",
         "sources"]
    count("hostile", tried=len(cases), rejected_with_a_message=len(cases))
    return "\n".join(lines)


def test_the_build_refuses_folders_it_must_not_take(tmp_path, monkeypatch, capsys):
    error = "build.py build: error: --out"
    expected = f"""\
the file system's root: exit 2: {error} / holds the current folder (PROJECT); a build replaces what is in its output folder
    hint: build into a folder of its own, e.g. --out site
the home folder: exit 2: {error} HOME is your home folder (HOME); a build replaces what is in its output folder
    hint: build into a folder of its own, e.g. --out site
the project folder: exit 2: {error} . is the current folder (PROJECT); a build replaces what is in its output folder
    hint: build into a folder of its own, e.g. --out site
above the project: exit 2: {error} .. holds the current folder (PROJECT); a build replaces what is in its output folder
    hint: build into a folder of its own, e.g. --out site
the content folder: exit 2: {error} content is the content folder (PROJECT/content); a build replaces what is in its output folder
    hint: build into a folder of its own, e.g. --out site
inside the content: exit 2: {error} content/inspections is inside the content folder (PROJECT/content)
    hint: build into a folder of its own, outside it, e.g. --out site
the templates: exit 2: {error} ROOT/templates is the templates folder (ROOT/templates); a build replaces what is in its output folder
    hint: build into a folder of its own, e.g. --out site
the cache: exit 2: build.py build: error: --cache cache is the output folder cache, which is published
    hint: keep the cache elsewhere, or leave out --cache
inside the cache: exit 2: {error} cache/site is inside the cache folder (PROJECT/cache)
    hint: build into a folder of its own, outside it, e.g. --out site
a cache inside the output: exit 2: build.py build: error: --cache site/cache is inside the output folder site, which is published
    hint: keep the cache elsewhere, or leave out --cache
a file as output: exit 2: {error} a-file is a file, not a folder
    hint: give the folder to build the site in
a file as cache: exit 2: build.py build: error: --cache a-file is a file, not a folder
    hint: give a folder for what a build keeps for the next one
someone's documents: exit 2: {error} documents is a folder with files in it that no build made
    hint: build into an empty or new folder; or, to build into this one, keeping its files but replacing any the site also has, add --force
someone's documents, forced: exit 2: {error} content is the content folder (PROJECT/content); a build replaces what is in its output folder
    hint: build into a folder of its own, e.g. --out site
not a web address: exit 2: build.py build: error: --base-url 'example.org' is not an http(s) address
    hint: give the address the site will have, e.g. https://example.org/probation/
another scheme: exit 2: build.py build: error: --base-url 'javascript:alert(1)//x' is not an http(s) address
    hint: give the address the site will have, e.g. https://example.org/probation/
a read-only parent: exit 2: build.py build: error: cannot write in PARENT: {'Operation not permitted' if os.geteuid() == 0 else 'Permission denied'}
    hint: choose an --out (and --cache) in a folder you can write in"""
    assert refusals(tmp_path, monkeypatch, capsys) == expected


def test_host_files_alone_do_not_need_force_and_force_keeps_the_rest(tmp_path, monkeypatch, capsys):
    content = write_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "CNAME").write_text("example.org")
    (site / ".nojekyll").write_text("")
    assert main(["build", "--content", "content", "--no-search"]) == 0
    assert (site / "CNAME").read_text() == "example.org" and (site / "index.html").is_file()
    other = tmp_path / "other"
    other.mkdir()
    (other / "index.html").write_text("an old home page")
    (other / "keep.txt").write_text("mine")
    assert main(["build", "--content", "content", "--no-search", "--out", "other"]) == 2
    assert main(["build", "--content", "content", "--no-search", "--out", "other", "--force"]) == 0
    assert (other / "keep.txt").read_text() == "mine"
    assert "an old home page" not in (other / "index.html").read_text()
    assert content.is_dir()


# --- a kill at any moment ----------------------------------------------------------

def snapshot(out: Path) -> dict[str, bytes]:
    return tree(out) if out.exists() else {}


def test_a_build_killed_at_any_moment_leaves_the_whole_old_site_or_the_whole_new_one(tmp_path):
    """Builds of a site of 60 inspections, changed so that every report page changes, are
    killed (SIGKILL) at spread moments: while rendering, and from the moment the next
    version starts being put together, at growing delays. Each time, the folder is
    byte for byte the old site or the new one; and the next build completes it."""
    corpus = tmp_path / "content"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "60", str(corpus)],
                   check=True, capture_output=True)
    out, cache = tmp_path / "site", tmp_path / "cache"
    command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(corpus),
               "--out", str(out), "--cache", str(cache), "--no-search"]
    assert subprocess.run(command, capture_output=True).returncode == 0
    old = snapshot(out)
    glossary = corpus / "glossary.yaml"
    first, second = glossary.read_text(), glossary.read_text().replace(
        "Community Rehabilitation Company", "Community Rehabilitation Co.")
    assert first != second

    def new_site() -> dict[str, bytes]:
        glossary.write_text(second)
        reference = tmp_path / "reference"
        subprocess.run([*command[:5], "--out", str(reference), "--cache", str(tmp_path / "c2"),
                        "--no-search"], check=True, capture_output=True)
        glossary.write_text(first)
        return snapshot(reference)
    new = new_site()
    assert len([p for p in new if old.get(p) != new[p]]) > 60  # every report, the glossary
    rng = random.Random(7)
    moments = [("rendering", rng.uniform(0.2, 1.0)) for _ in range(3)] + \
        [("publishing", delay) for delay in (0, 0.001, 0.003, 0.006, 0.01, 0.02, 0.05, 0.1, 0.3)]
    outcomes = []
    nxt = work_folder(out) / "next"
    for phase, delay in moments:
        glossary.write_text(second)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        if phase == "rendering":
            time.sleep(delay)
        else:
            while not nxt.exists() and process.poll() is None and time.monotonic() - started < 60:
                time.sleep(0.0005)
            time.sleep(delay)
        mid_publish = nxt.exists() and process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait()
        found = snapshot(out)
        assert found in (old, new), f"a mix after a kill while {phase} (+{delay} s)"
        outcomes.append((phase, mid_publish, "new" if found == new else "old"))
        # The next build recovers: it completes the new site and clears what was left.
        assert subprocess.run(command, capture_output=True).returncode == 0
        assert snapshot(out) == new
        assert sorted(p.name for p in work_folder(out).iterdir()) == ["lock", write.WORK_MARK]
        glossary.write_text(first)
        assert subprocess.run(command, capture_output=True).returncode == 0
        assert snapshot(out) == old
    killed_publishing = sum(1 for _, mid, _ in outcomes if mid)
    assert killed_publishing >= 3, outcomes  # the kills did land while publishing
    count("kill", builds_killed=len(outcomes), while_publishing=killed_publishing,
          left_old=sum(o == "old" for *_, o in outcomes),
          left_new=sum(o == "new" for *_, o in outcomes), mixed=0)
