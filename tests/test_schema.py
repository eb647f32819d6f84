"""Type-hint driven conversion and JSON Schema, on small dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from reportsite.load.yamlfile import parse_yaml
from reportsite.schema import Range, convert, doc, json_schema


@dataclass
class Detail:
    rating: Literal["Good", "Inadequate"]
    footnotes: list[str] = field(default_factory=list)


@dataclass
class Thing:
    name: str = field(metadata=doc("What it is called."))
    score: Annotated[int, Range(0, 100)]
    ratings: dict[str, Literal["Good", "Inadequate"] | Detail] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    note: str | None = None


def load(text: str):
    document, problems = parse_yaml(text, "t.yaml")
    assert problems == []
    return convert(document, Thing)


def test_valid_data_becomes_typed_objects_with_short_and_long_forms():
    thing, problems = load("name: A\nscore: 5\nratings:\n  a: Good\n  b: {rating: Inadequate}\n")
    assert problems == []
    assert thing.ratings == {"a": "Good", "b": Detail("Inadequate")}
    assert thing.tags == [] and thing.note is None


def test_every_problem_is_reported_in_one_pass():
    thing, problems = load("nam: A\nscore: 500\ntags: x\nratings:\n  a: Goood\n")
    assert [str(p) for p in problems] == [
        "t.yaml:1:1: error: unknown field 'nam' in Thing\n    hint: did you mean 'name'?",
        "t.yaml:1:1: error: missing required field 'name' in Thing\n"
        "    hint: add 'name: ...' (what it is called)",
        "t.yaml:2:8: error: 500 is out of range: must be from 0 to 100",
        "t.yaml:5:6: error: 'Goood' is not one of: Good, Inadequate\n    hint: did you mean 'Good'?",
        "t.yaml:3:7: error: expected a list, got text\n    hint: start each item on its own line with '- '",
    ]
    assert thing.tags == []  # an invalid field falls back to its default


def test_numbers_written_where_text_is_meant_keep_their_text():
    thing, problems = load("name: 007\nscore: 1\n")
    assert problems == [] and thing.name == "007"


def test_json_schema_mirrors_the_hints():
    schema = json_schema(Thing, title="thing")
    assert schema["required"] == ["name", "score"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["score"] == {"type": "integer", "minimum": 0, "maximum": 100}
    assert schema["properties"]["name"]["description"] == "What it is called."
    assert schema["$defs"]["Detail"]["properties"]["rating"] == {"enum": ["Good", "Inadequate"]}
