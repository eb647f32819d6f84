"""Reading chapters: title, slots, footnote marks, glossary links, practice examples."""

from __future__ import annotations

from pathlib import Path

import time

from reportsite.load.markdownfile import MAX_BRACKET_COST, MAX_NESTING, bracket_cost, parse_chapter, \
    refill_chapter
from reportsite.render.markdown import MarkdownRenderer
from reportsite.model.narrative import MarkdownText, Narrative, Slot

REPORTS = Path(__file__).resolve().parent.parent / "content" / "inspections"

CHAPTER = """\
# 2. Case supervision

Intro with a note.[^3]

::: standard 2.1

## Assessment work

> **Poor practice example:** Peter was 40 years old.
>
> He had been recalled.

See [RoSH](glossary:rosh) and `[^9]` in code.

```
::: not-a-slot
[^8]
```

[^3]: A footnote.
"""


def test_chapter_is_split_into_markdown_and_slots():
    chapter, problems = parse_chapter(CHAPTER, "08-case-supervision.md", "c.md")
    assert problems == []
    assert chapter.title == "2. Case supervision" and chapter.slug == "case-supervision"
    kinds = [type(s) for s in chapter.segments]
    assert kinds == [MarkdownText, Slot, MarkdownText]
    assert chapter.segments[1] == Slot("standard", ("2.1",), chapter.segments[1].where)
    assert str(chapter.segments[1].where) == "c.md:5:1"
    assert chapter.segments[2].first_line == 7  # its first non-blank line


def test_marks_are_found_outside_code_with_positions():
    chapter, _ = parse_chapter(CHAPTER, "08-case-supervision.md", "c.md")
    assert [(m.label, str(m.where)) for m in chapter.footnote_refs] == [("3", "c.md:3:19")]
    assert [m.label for m in chapter.footnote_defs] == ["3"]
    assert [(m.label, str(m.where)) for m in chapter.glossary_links] == [("rosh", "c.md:13:21")]
    (example,) = chapter.practice_examples
    assert example.kind == "poor" and example.headings == ("2. Case supervision", "Assessment work")


def test_bad_file_names_and_titles_are_reported():
    assert "is not 'NN-slug.md'" in parse_chapter("# A\n", "intro.md", "intro.md")[1][0].message
    _, problems = parse_chapter("## Not a title\n", "01-a.md", "a.md")
    assert problems[0].message == "a chapter must start with its title as a level-1 heading"
    _, problems = parse_chapter("# A\n\n# B\n", "01-a.md", "a.md")
    assert str(problems[0]).startswith("a.md:3:1: error: only the chapter title")


def thinned(tmp_path, text: str, name: str = "02-case-supervision.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    chapter, _ = parse_chapter(text, name, name)
    thin = Narrative([chapter]).thinned().chapters[0]
    assert not thin.segments and thin.cuts
    return chapter, thin, path


def test_a_thinned_chapter_refilled_is_the_chapter_rendering_needs(tmp_path):
    """Rendering reads a checked chapter again: same Markdown runs, slots and footnote
    definitions as a full reading, on every narrative file of the real reports."""
    files = sorted(REPORTS.glob("*/*.md"))
    assert len(files) > 50
    texts = [(f.name, f.read_text(encoding="utf-8")) for f in files]
    texts.append(("02-case-supervision.md", CHAPTER.replace("```\n::: not-a-slot\n[^8]\n```\n", "")))
    for name, text in texts:
        chapter, thin, path = thinned(tmp_path, text, name)
        again = refill_chapter(path, thin)
        assert again.segments == chapter.segments, name
        assert again.footnote_defs == chapter.footnote_defs, name
        assert not thin.footnote_refs and not thin.footnote_defs, name  # the model is left as it was


def test_a_chapter_changed_or_with_fenced_code_is_read_afresh(tmp_path):
    chapter, thin, path = thinned(tmp_path, CHAPTER)
    assert refill_chapter(path, thin).segments == chapter.segments  # the fence: scanned again
    path.write_text(CHAPTER.replace("Intro with a note.", "Intro,\n\nlonger."), encoding="utf-8")
    assert refill_chapter(path, thin).segments[0].text == "Intro,\n\nlonger.[^3]\n"


def test_bracket_cost_is_what_the_link_patterns_read():
    assert bracket_cost("See [RoSH](glossary:rosh) and[^3].") == (len("[RoSH") + len("](glossary:rosh")
                                                                 + len("[^3"), 0)
    assert bracket_cost("x [[[") == (3 + 2 + 1, 3)  # each '[' read on to the end
    assert bracket_cost("x [[]]") == (3 + 1, 0)  # each to its ']'
    assert bracket_cost("[a](b") == (len("[a") + len("](b"), 0)  # and a '](' on to its ')', here the end
    assert bracket_cost(r"\[ \[ text") == (0, 0)  # escaped: text


def test_the_worst_paragraph_of_brackets_allowed_converts_in_good_time():
    """1,413 '[' never closed is the most a paragraph may hold (at the start of a line
    of its own: each reads on to the end); converting it takes about 0.25 s here."""
    line = "x " + "[" * 1413
    assert bracket_cost(line)[0] <= MAX_BRACKET_COST < bracket_cost(line + "[")[0]
    allowed = f"# Title\n\n{line}\n"
    assert parse_chapter(allowed, "01-a.md", "a.md")[1] == []
    _, problems = parse_chapter(allowed.replace("[\n", "[[\n"), "01-a.md", "a.md")
    assert [str(p.where) for p in problems] == ["a.md:3:1"]
    started = time.perf_counter()
    MarkdownRenderer([]).render(allowed)
    assert time.perf_counter() - started < 3  # a loaded machine: ten times what it takes


def test_nesting_is_refused_beyond_the_limit_and_converts_up_to_it():
    def nested(levels: int) -> str:
        return "# Title\n\n" + "".join("    " * i + "- Item\n" for i in range(levels)) + \
            "\n" + "> " * levels + "Quote\n"
    chapter, problems = parse_chapter(nested(MAX_NESTING), "01-a.md", "a.md")
    assert problems == []
    html = MarkdownRenderer([]).render(chapter.segments[0].text).html
    assert html.count("<ul>") == html.count("<blockquote>") == MAX_NESTING
    _, problems = parse_chapter(nested(MAX_NESTING + 1), "01-a.md", "a.md")
    assert [(str(p.where), p.message) for p in problems] == [
        ("a.md:13:1", "lists or quotes nested 11 levels deep (and 1 more line); the limit is 10")]


def test_a_rule_of_many_marks_is_not_taken_for_nested_lists():
    for rule in ("- " * 30, "* " * 30, "  " + "_ " * 20):
        assert parse_chapter(f"# Title\n\nText.\n\n{rule}\n", "01-a.md", "a.md")[1] == []
        assert MarkdownRenderer([]).render(rule).html == "<hr>"
