"""Loading YAML with positions, and refusing what content should never hold."""

from __future__ import annotations

import datetime as dt

from reportsite.load.yamlfile import parse_yaml
from reportsite.load.textfile import decode


def test_positions_of_keys_and_values_are_one_based():
    document, problems = parse_yaml("title: A\nratings:\n  '1.1': Good\n", "x.yaml")
    assert problems == []
    assert str(document.where(("ratings", "1.1"))) == "x.yaml:3:10"
    assert str(document.where(("ratings", "1.1"), key=True)) == "x.yaml:3:3"
    assert str(document.where(("ratings", "9.9"))) == "x.yaml:3:3"  # nearest parent


def test_keys_stay_as_written_and_raw_text_is_kept_for_numbers():
    document, _ = parse_yaml("1.1: Good\nfigure: 6\nwhen: 2018-10-01\n", "x.yaml")
    assert document.data == {"1.1": "Good", "figure": 6, "when": dt.date(2018, 10, 1)}
    assert document.raw[("figure",)] == "6"


def test_duplicate_keys_are_errors_not_silently_overwritten():
    _, problems = parse_yaml("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert [str(p) for p in problems] == [
        "x.yaml:3:1: error: duplicate key 'a' (first written at line 1)\n"
        "    hint: remove one of them; YAML would silently keep the last"]


def test_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    document, problems = parse_yaml(bomb, "x.yaml")
    assert problems and all("aliases" in p.message for p in problems)
    assert len(problems) < 100


def test_merge_keys_are_refused():
    _, problems = parse_yaml("base: &b {x: 1}\nother:\n  <<: *b\n", "x.yaml")
    assert any("merge keys" in p.message for p in problems)


def test_empty_and_comment_only_files():
    assert parse_yaml("", "x.yaml")[1][0].message == "file is empty"
    assert "no YAML data" in parse_yaml("# only a comment\n", "x.yaml")[1][0].message


def test_two_documents_in_one_file():
    _, problems = parse_yaml("a: 1\n---\nb: 2\n", "x.yaml")
    assert problems[0].hint == "a file holds one YAML document; remove the extra '---'"


def test_deep_nesting_is_an_error_not_a_crash():
    _, problems = parse_yaml("a: " + "[" * 60 + "]" * 60 + "\n", "x.yaml")
    assert problems and "nested too deeply" in problems[0].message


def test_bom_and_windows_line_endings_are_accepted():
    text, problems = decode("\ufefftitle: A\r\nb: c\r\n".encode(), "x.yaml")
    assert problems == [] and text == "title: A\nb: c\n"


def test_binary_and_non_utf8_files_are_refused_with_position():
    _, problems = decode(b"ab\ncd\x00", "x.yaml")
    assert str(problems[0].where) == "x.yaml:2:3"
    _, problems = decode("a: caf".encode() + b"\xe9\n", "x.yaml")
    assert str(problems[0]).startswith("x.yaml:1:7: error: file is not valid UTF-8")
