"""Hostile and broken input: the build says what is wrong, or renders it harmless.

Every case starts from a good fixture site that has been built once, breaks
or abuses one thing, and builds again. A bad input must give a clear message
naming the file (and line where there is one), exit 1, no traceback, no hang,
and leave the previous site byte for byte as it was. A legal but dangerous
input (script in Markdown, template syntax) must build, harmlessly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gates import count
from tests.sites import CHAPTERS, dump, inspection, write_site

ROOT = Path(__file__).resolve().parent.parent
FOLDER = "content/inspections/testshire-crc-2019/"
YAML = FOLDER + "inspection.yaml"
CHAPTER = FOLDER + "03-case-supervision.md"
REPORT = "site/inspections/testshire-crc-2019/index.html"


def write(path, data):
    def change(root: Path):
        (root / path).write_bytes(data if isinstance(data, bytes) else data.encode())
    return change


def append(path, text):
    def change(root: Path):
        with open(root / path, "a", encoding="utf-8") as file:
            file.write(text)
    return change


def replace(path, old, new):
    def change(root: Path):
        text = (root / path).read_text(encoding="utf-8")
        assert old in text, (path, old)
        (root / path).write_text(text.replace(old, new), encoding="utf-8")
    return change


def link(path, target):
    def change(root: Path):
        (root / path).unlink(missing_ok=True) if not (root / path).is_dir() else shutil.rmtree(root / path)
        os.symlink(target, root / path)
    return change


def both(*changes):
    def change(root: Path):
        for step in changes:
            step(root)
    return change


BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
HUGE_YAML = "title: " + "x" * (5 * 1024 * 1024) + "\n"
HUGE_CHAPTER = "# Huge\n\n" + ("A paragraph of text. " * 50 + "\n\n") * 5200
DEEP = "title: " + "[" * 100 + "]" * 100 + "\n"
GOOD_YAML = dump(inspection())
GLOSSARY = "content/glossary.yaml"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(40)

# name -> (change, expected: ("error", [substrings]) or ("safe", [strings absent from the report]))
CASES = {
    "malformed YAML": (replace(YAML, "title: An", "title: [An"),
                       ("error", [YAML + ":2:9: error: invalid YAML"])),
    "tab indentation": (replace(YAML, "  '1.1': Good", "\t'1.1': Good"),
                        ("error", [YAML + ":10:1: error: invalid YAML: a tab character"])),
    "wrong type": (replace(YAML, "ratings:\n", "ratings: []\nx:\n"),
                   ("error", [YAML + ":9:10: error: expected a mapping"])),
    "unknown rating": (replace(YAML, "'2.1': Good", "'2.1': Excellent"),
                       ("error", [YAML + ":14:10: error: 'Excellent' is not a rating of the 2018 standards"])),
    "duplicate key": (replace(YAML, "provider: testshire-crc", "provider: testshire-crc\nprovider: other"),
                      ("error", [YAML + ":3:1: error: duplicate key 'provider'"])),
    "alias bomb": (write(YAML, BOMB), ("error", [YAML + ":1:4: error: YAML aliases"])),
    "merge key": (write(YAML, GOOD_YAML + "base: &b {x: 1}\nother:\n  <<: *b\n"),
                  ("error", [YAML, "merge keys"])),
    "huge YAML file": (write(YAML, HUGE_YAML), ("error", [YAML + ": error: file is too large"])),
    "huge chapter": (write(CHAPTER, HUGE_CHAPTER), ("error", [CHAPTER + ": error: file is too large"])),
    "deep nesting": (write(YAML, DEEP), ("error", [YAML, "nested too deeply"])),
    "binary file": (write(YAML, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
                    ("error", [YAML + ":3:1: error: file contains a NUL byte"])),
    "NUL in Markdown": (write(CHAPTER, "# Case\n\ntext\x00more\n"),
                        ("error", [CHAPTER + ":3:5: error: file contains a NUL byte"])),
    "non-UTF-8 chapter": (write(CHAPTER, "# Case supervision\n\nCaf\xe9\n".encode("latin-1")),
                          ("error", [CHAPTER + ":3:4: error: file is not valid UTF-8"])),
    "non-UTF-8 YAML": (write(YAML, GOOD_YAML.encode().replace(b"A Inspector", b"A Inspect\xf6r")),
                       ("error", [YAML, "not valid UTF-8"])),
    "empty YAML": (write(YAML, ""), ("error", [YAML + ":1:1: error: file is empty"])),
    "comments only": (write(YAML, "# nothing here\n"), ("error", [YAML, "no YAML data"])),
    "empty chapter": (write(CHAPTER, ""), ("error", [CHAPTER + ":1:1: error: chapter file is empty"])),
    "symlink out of content (YAML)": (link(YAML, "/etc/passwd"),
                                      ("error", [YAML + ": error: not a regular file"])),
    "symlink out of content (chapter)": (link(CHAPTER, "/etc/hostname"),
                                         ("error", [CHAPTER + ": error: not a regular file"])),
    "a pipe for a chapter (never read: the build would wait for a writer)": (
        both(lambda root: (root / CHAPTER).unlink(), lambda root: os.mkfifo(root / CHAPTER)),
        ("error", [CHAPTER + ": error: not a regular file"])),
    "symlinked inspection folder": (link("content/inspections/elsewhere", "/etc"),
                                    ("error", ["content/inspections/elsewhere: error: expected an "
                                               "inspection folder"])),
    "folder name is not a slug": (lambda root: (root / "content/inspections/Bad..Name").mkdir(),
                                  ("error", ["content/inspections/Bad..Name: error: inspection folder "
                                             "name 'Bad..Name' is not a slug"])),
    "slug with a path in it": (replace(YAML, "provider: testshire-crc", "provider: ../../etc/passwd"),
                               ("error", [YAML + ":2:11: error: '../../etc/passwd' is not a slug"])),
    "source outside sources": (replace(YAML, "source: report.txt", "source: ../../../etc/passwd"),
                               ("error", [YAML + ":6:9: error: '../../../etc/passwd' is not a file name"])),
    "framework as a path": (replace(YAML, "framework: standards-2018", "framework: ../frameworks/x"),
                            ("error", [YAML + ":3:12: error: '../frameworks/x' is not a slug"])),
    "glossary not a mapping": (write("content/glossary.yaml", "- term: X\n"),
                               ("error", ["content/glossary.yaml:1:1: error: expected a mapping"])),
    "broken framework": (write("content/frameworks/standards-2018.yaml", "name: [\n"),
                         ("error", ["content/frameworks/standards-2018.yaml:2:1: error: invalid YAML"])),
    "unknown slot": (append(CHAPTER, "\n::: iframe https://evil.example\n"),
                     ("error", [CHAPTER + ":28:1: error: unknown slot '::: iframe'"])),
    # what Python-Markdown would recurse on, or crawl through
    "quotes nested 1,000 deep": (append(CHAPTER, "\n" + ">" * 1000 + " Deep.\n"),
                                 ("error", [CHAPTER + ":28:1: error: lists or quotes nested 1,000 levels"])),
    "a list nested 1,000 deep": (append(CHAPTER, "\n" + "".join("    " * i + "- Item\n" for i in range(1000))),
                                 ("error", [CHAPTER + ":38:1: error: lists or quotes nested 11 levels"])),
    "50,000 inline tags in one paragraph": (append(CHAPTER, "\nText " + "<b>x</b> " * 25000 + "\n"),
                                            ("error", [CHAPTER + ":28:1: error: too much inline markup"])),
    "5,000 unclosed brackets": (append(CHAPTER, "\nText " + "[" * 5000 + "\n"),
                                ("error", [CHAPTER + ":28:1: error: too many brackets to convert"])),
    "empty glossary term": (replace(GLOSSARY, "term: CRC", "term: ''"),
                            ("error", [GLOSSARY + ":2:9: error: 'term' must not be empty"])),
    "blank glossary term": (replace(GLOSSARY, "term: RoSH", "term: '   '"),
                            ("error", [GLOSSARY + ":8:9: error: 'term' must not be empty"])),
    "glossary term that is a common word": (replace(GLOSSARY, "term: RoSH", "term: the"),
                                            ("error", [GLOSSARY + ":8:9: error: glossary term 'the' is a common word"])),
    "inspection folder name too long": (lambda root: (root / "content/inspections" / ("x" * 120)).mkdir(),
                                        ("error", ["content/inspections/" + "x" * 120 + ": error: inspection "
                                                   "folder name is 120 characters long"])),
    "image from another site": (append(CHAPTER, "\n![Logo](https://evil.example/t.png)\n"),
                                ("error", [CHAPTER + ":28:1: error: image 'https://evil.example/t.png' is not"])),
    "image not in the folder": (append(CHAPTER, "\n![A chart](../../../etc/chart.png)\n"),
                                ("error", [CHAPTER + ":28:1: error: image '../../../etc/chart.png' is not"])),
    "SVG image with script": (both(write(FOLDER + "chart.svg", "<svg><script>alert(1)</script></svg>"),
                                   append(CHAPTER, "\n![A chart](chart.svg)\n")),
                              ("error", [FOLDER + "chart.svg: error: SVG image holds script"])),
    "image that is not what its name says": (
        both(write(FOLDER + "chart.png", "<html><script>alert(1)</script></html>"),
             append(CHAPTER, "\n![A chart](chart.png)\n")),
        ("error", [FOLDER + "chart.png: error: file is not a PNG image"])),
    "raw HTML image not shown by any chapter": (
        both(write(FOLDER + "chart.png", PNG), append(CHAPTER, '\n<img src="chart.png" alt="A chart">\n')),
        ("error", [CHAPTER + ":28:11: error: broken link 'chart.png': no inspections/testshire-crc-2019/chart.png"])),
    "broken link in a chapter": (append(CHAPTER, "\nSee [the ratings](#no-such-part).\n"),
                                 ("error", [CHAPTER + ":28:19: error: broken link '#no-such-part'"])),
    # legal input, rendered harmless
    "BOM": (write(YAML, "\ufeff" + GOOD_YAML), ("safe", [])),
    "Windows line endings": (both(write(YAML, GOOD_YAML.replace("\n", "\r\n")),
                                  write(CHAPTER, CHAPTERS["03-case-supervision.md"].replace("\n", "\r\n"))),
                             ("safe", [])),
    "script in Markdown": (append(CHAPTER, "\n<script>alert('x')</script>\n\n<p>text</p>\n"),
                           ("safe", ["alert('x')", "<script>alert"])),
    "javascript: link": (append(CHAPTER, "\n[click](javascript:alert(1)) <a href=\"javascript:alert(2)\">x</a>\n"),
                         ("safe", ["javascript:"])),
    "onerror attribute": (append(CHAPTER, '\n<img src="x" onerror="alert(1)">\n'),
                          ("safe", ["onerror", '<img src="x"'])),
    "raw iframe": (append(CHAPTER, '\n<iframe src="https://evil.example"></iframe>\n'),
                   ("safe", ["<iframe", "evil.example"])),
    "style injection": (append(CHAPTER, '\n<style>body{display:none}</style><p style="color:red">x</p>\n'),
                        ("safe", ["display:none", 'style="color:red"'])),
    "template syntax in Markdown": (append(CHAPTER, "\nSum {{ 7*7 }} and {% for x in y %}{{ x }}{% endfor %}\n"),
                                    ("safe", ["49"])),
    "template syntax in YAML": (replace(YAML, "title: An inspection of", "title: '{{ 7*7 }}' #"),
                                ("safe", ["<title>49"])),
    "HTML in a YAML text": (replace(YAML, "text: improve its risk assessments",
                                    'text: \'improve <img src=x onerror="alert(1)"> <script>x</script>\''),
                            ("safe", ["onerror", "<script>x"])),
    "data: URL link": (append(CHAPTER, "\n[x](data:text/html;base64,PHNjcmlwdD4=)\n"),
                       ("safe", ["data:text/html"])),
    "image with attributes in raw HTML": (
        both(write(FOLDER + "chart.png", PNG), append(
            CHAPTER, '\n![A chart](chart.png "Title")\n\n<img src="chart.png" alt="Again" onerror="alert(1)" '
                     'style="width:9999px" title="t">\n')),
        ("safe", ["onerror", "9999px", 'title="t"', 'title="Title"'])),
}


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    """A fixture site, built once."""
    root = tmp_path_factory.mktemp("good")
    write_site(root)
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root


def build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--out", "site",
                           "--no-search"], cwd=root, capture_output=True, text=True, timeout=120)


def snapshot(folder: Path) -> dict:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_there_are_at_least_thirty_hostile_inputs():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_hostile_input_is_reported_or_rendered_harmless(case, good, tmp_path):
    change, (outcome, expected) = CASES[case]
    shutil.copytree(good, tmp_path, dirs_exist_ok=True, symlinks=True)
    before = snapshot(tmp_path / "site")
    change(tmp_path)
    result = build(tmp_path)  # the timeout in build() is the 'no hang' check
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    if outcome == "error":
        assert result.returncode == 1, output
        for text in expected:
            assert text in result.stderr, result.stderr
        assert "was left as it was" in result.stderr
        assert snapshot(tmp_path / "site") == before
    else:
        assert result.returncode == 0, output
        html = (tmp_path / REPORT).read_text()
        for text in expected:
            assert text not in html, text
        assert html.count("<script") == 1  # only the site's own script
    if outcome == "error":
        count("hostile", tried=1, rejected_with_a_message=1)
    else:
        count("hostile", tried=1, built_and_rendered_harmless=1)
