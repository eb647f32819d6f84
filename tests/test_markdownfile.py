"""Reading chapters: title, slots, footnote marks, glossary links, practice examples."""

from __future__ import annotations

from pathlib import Path

from reportsite.load.markdownfile import parse_chapter, refill_chapter
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
