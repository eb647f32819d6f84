"""Typed objects from YAML data, driven by the model's own type hints.

The model (``reportsite.model``) is plain dataclasses. This module reads their
type hints twice: :func:`convert` checks loaded YAML against them and builds
the objects, reporting every problem with its line and column; and
:func:`json_schema` publishes the same rules as JSON Schema, so editors'
YAML tooling checks the file as they type. One description of the content,
two uses, no drift.

Supported hints: ``str``, ``int``, ``float``, ``bool``, ``Literal[...]``,
``list[T]``, ``dict[str, T]``, ``T | None``, unions of a scalar and a
dataclass (short and long forms of one value), dataclasses, ``Annotated[T,
Check...]`` and classes with ``from_yaml``/``json_schema`` class methods.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

from .diagnostics import Diagnostic, did_you_mean, error
from .load.yamlfile import PathKey, YamlDocument


class Invalid(ValueError):
    """A custom type's ``from_yaml`` raises this with a message and a hint."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Range:
    """Annotated check: a number within [minimum, maximum]."""

    minimum: float | None = None
    maximum: float | None = None

    def check(self, value: Any) -> None:
        if self.minimum is not None and value < self.minimum or \
                self.maximum is not None and value > self.maximum:
            raise Invalid(f"{value} is out of range: must be from {self.minimum} to {self.maximum}")

    def schema(self) -> dict:
        out = {}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


@dataclass(frozen=True)
class Pattern:
    """Annotated check: text matching a regular expression."""

    regex: str
    meaning: str

    def check(self, value: Any) -> None:
        if not self._compiled.fullmatch(value):
            raise Invalid(f"{value!r} is not {self.meaning}")

    @functools.cached_property
    def _compiled(self) -> re.Pattern:
        return re.compile(self.regex)  # checked some 50,000 times in a large glossary

    def schema(self) -> dict:
        return {"pattern": f"^(?:{self.regex})$"}


@dataclass(frozen=True)
class NonEmpty:
    """Annotated check: text with something in it besides spaces."""

    def check(self, value: Any) -> None:
        if not str(value).strip():
            raise Invalid("must not be empty")

    def schema(self) -> dict:
        return {"minLength": 1}


def doc(text: str, **metadata: Any) -> dict:
    """Field metadata: the description editors see in their YAML tooling."""
    return {"doc": text, **metadata}


_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
               list: "a list", dict: "a mapping of fields", type(None): "nothing (null)"}


def _describe(value: Any) -> str:
    for kind, name in _TYPE_NAMES.items():
        if type(value) is kind:
            return name
    return type(value).__name__


class _Context:
    def __init__(self, document: YamlDocument):
        self.document = document
        self.problems: list[Diagnostic] = []

    def fail(self, path: PathKey, message: str, hint: str | None = None, *, key: bool = False):
        self.problems.append(error(message, self.document.where(path, key=key), hint))


_INVALID = object()


def convert(document: YamlDocument, hint: Any, path: PathKey = ()) -> tuple[Any, list[Diagnostic]]:
    """Check ``document`` against ``hint``; the object (or None) and every problem."""
    context = _Context(document)
    data = document.data
    for part in path:
        data = data[part]
    value = _convert(data, hint, path, context)
    return (None if value is _INVALID else value), context.problems


@functools.lru_cache(maxsize=None)
def _shape(hint: Any) -> tuple[Any, tuple]:
    """The hint's origin and arguments, found once per hint rather than once per value."""
    return typing.get_origin(hint), typing.get_args(hint)


def _convert(value: Any, hint: Any, path: PathKey, context: _Context) -> Any:
    if hint is str and type(value) is str:  # most values, answered before any introspection
        return value
    origin, arguments = _shape(hint)
    if origin is Annotated:
        base, *checks = arguments
        result = _convert(value, base, path, context)
        if result is _INVALID or result is None:
            return result
        for check in checks:
            try:
                check.check(result)
            except Invalid as exc:
                message = f"{_field_label(path)} {exc}" if isinstance(check, NonEmpty) else str(exc)
                context.fail(path, message, exc.hint)
                return _INVALID
        return result
    if origin in (Union, types.UnionType):
        return _convert_union(value, arguments, path, context)
    if origin is Literal:
        choices = arguments
        if value in choices:
            return value
        shown = value if isinstance(value, str) else context.document.raw.get(path, value)
        context.fail(path, f"{shown!r} is not one of: {', '.join(map(str, choices))}",
                     did_you_mean(shown, [str(c) for c in choices]))
        return _INVALID
    if origin is list:
        (item_hint,) = arguments
        if not isinstance(value, list):
            context.fail(path, f"expected a list, got {_describe(value)}",
                         "start each item on its own line with '- '")
            return _INVALID
        items = (_convert(v, item_hint, path + (i,), context) for i, v in enumerate(value))
        return [item for item in items if item is not _INVALID]
    if origin is dict:
        _, item_hint = arguments
        if not isinstance(value, dict):
            context.fail(path, f"expected a mapping of 'key: value' lines, got {_describe(value)}")
            return _INVALID
        converted = {k: _convert(v, item_hint, path + (k,), context) for k, v in value.items()}
        return {k: v for k, v in converted.items() if v is not _INVALID}
    if hasattr(hint, "from_yaml"):
        try:
            return hint.from_yaml(value, context.document.raw.get(path))
        except Invalid as exc:
            context.fail(path, str(exc), exc.hint)
            return _INVALID
    if dataclasses.is_dataclass(hint):
        return _convert_dataclass(value, hint, path, context)
    return _convert_scalar(value, hint, path, context)


def _convert_scalar(value: Any, hint: type, path: PathKey, context: _Context) -> Any:
    if hint is str:
        if isinstance(value, str):
            return value
        if path in context.document.raw and not isinstance(value, bool):
            return context.document.raw[path]  # a number or date written where text is meant
    elif hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(value, hint):
        return value
    expected = _TYPE_NAMES.get(hint, hint.__name__)
    shown = f" {value!r}" if isinstance(value, (str, int, float)) else ""
    hint_text = None
    if hint is int and isinstance(value, str) and value.rstrip("%").strip().isdigit():
        hint_text = f"write the number alone: {value.rstrip('%').strip()}"
    context.fail(path, f"expected {expected}, got {_describe(value)}{shown}", hint_text)
    return _INVALID


def _convert_union(value: Any, options: tuple, path: PathKey, context: _Context) -> Any:
    if value is None:
        if type(None) in options:
            return None
        context.fail(path, "a value is required here")
        return _INVALID
    options = tuple(o for o in options if o is not type(None))
    if len(options) == 1:
        return _convert(value, options[0], path, context)
    # Pick the option whose shape fits: a mapping for a dataclass, a list for a list.
    for option in options:
        if _shape_fits(value, option):
            return _convert(value, option, path, context)
    names = " or ".join(_short_name(o) for o in options)
    context.fail(path, f"expected {names}, got {_describe(value)}")
    return _INVALID


def _field_label(path: PathKey) -> str:
    """'title', or 'an item of aliases': what a message about the value at ``path`` names."""
    if path and isinstance(path[-1], str):
        return repr(path[-1])
    if len(path) > 1 and isinstance(path[-2], str):
        return f"an item of {path[-2]!r}"
    return "this value"


def _shape_fits(value: Any, hint: Any) -> bool:
    base = typing.get_args(hint)[0] if typing.get_origin(hint) is Annotated else hint
    origin = typing.get_origin(base)
    if hasattr(base, "from_yaml"):
        return not isinstance(value, (dict, list))
    if dataclasses.is_dataclass(base) or origin is dict:
        return isinstance(value, dict)
    if origin is list:
        return isinstance(value, list)
    return not isinstance(value, (dict, list))


def _short_name(hint: Any) -> str:
    base = typing.get_args(hint)[0] if typing.get_origin(hint) is Annotated else hint
    origin = typing.get_origin(base)
    if dataclasses.is_dataclass(base) or origin is dict:
        return "a mapping of fields"
    if origin is list:
        return "a list"
    return _TYPE_NAMES.get(base, "a single value")


def _convert_dataclass(value: Any, cls: type, path: PathKey, context: _Context) -> Any:
    if not isinstance(value, dict):
        context.fail(path, f"expected a mapping of fields ({', '.join(_field_names(cls))}), "
                           f"got {_describe(value)}")
        return _INVALID
    fields, hints = _fields_and_hints(cls)
    for key in value:
        if key not in fields:
            context.fail(path + (key,), f"unknown field {key!r} in {_title(cls)}",
                         did_you_mean(key, fields) or f"allowed fields: {', '.join(fields)}", key=True)
    arguments = {}
    for name, field in fields.items():
        if name in value:
            result = _convert(value[name], hints[name], path + (name,), context)
            arguments[name] = _fallback(field, hints[name]) if result is _INVALID else result
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            described = field.metadata.get("doc", "")
            context.fail(path, f"missing required field {name!r} in {_title(cls)}",
                         f"add '{name}: ...'" + (f" ({described[0].lower()}{described[1:].rstrip('.')})"
                                                 if described else ""))
            arguments[name] = _fallback(field, hints[name])
    instance = cls(**arguments)
    if hasattr(instance, "yaml_path"):
        object.__setattr__(instance, "yaml_path", path)
    return instance


@functools.cache
def _fields_and_hints(cls: type) -> tuple[dict[str, dataclasses.Field], dict[str, Any]]:
    """A model class's fields and resolved type hints (resolving them is slow: once per class)."""
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init and not f.metadata.get("derived")}
    return fields, typing.get_type_hints(cls, include_extras=True)


def _fallback(field: dataclasses.Field, hint: Any) -> Any:
    """What a field holds when its value was invalid or missing (already reported).

    Its default, or an empty list or mapping for a required one, so later checks
    can run over it without tripping on None.
    """
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    if field.default is not dataclasses.MISSING:
        return field.default
    origin = typing.get_origin(typing.get_args(hint)[0] if typing.get_origin(hint) is Annotated else hint)
    return [] if origin is list else {} if origin is dict else None


def _field_names(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if f.init and not f.metadata.get("derived")]


def _title(cls: type) -> str:
    return getattr(cls, "__schema_title__", cls.__name__)


# --- JSON Schema -----------------------------------------------------------

def json_schema(root: type, *, title: str, schema_id: str | None = None) -> dict:
    """JSON Schema (2020-12) for ``root``, built from the same hints as :func:`convert`."""
    definitions: dict[str, dict] = {}
    body = _schema_for(root, definitions)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    if schema_id:
        schema["$id"] = schema_id
    schema["title"] = title
    schema.update(definitions.pop(root.__name__) if "$ref" in body else body)
    if definitions:
        schema["$defs"] = dict(sorted(definitions.items()))
    return schema


def _schema_for(hint: Any, definitions: dict) -> dict:
    origin = typing.get_origin(hint)
    if origin is Annotated:
        base, *checks = typing.get_args(hint)
        out = dict(_schema_for(base, definitions))
        for check in checks:
            out.update(check.schema())
        return out
    if origin in (Union, types.UnionType):
        options = [o for o in typing.get_args(hint)]
        schemas = [_schema_for(o, definitions) for o in options]
        return {"anyOf": schemas}
    if origin is Literal:
        return {"enum": list(typing.get_args(hint))}
    if origin is list:
        return {"type": "array", "items": _schema_for(typing.get_args(hint)[0], definitions)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema_for(typing.get_args(hint)[1],
                                                                      definitions)}
    if hasattr(hint, "json_schema"):
        return hint.json_schema()
    if dataclasses.is_dataclass(hint):
        name = hint.__name__
        if name not in definitions:
            definitions[name] = {}  # placeholder against recursion
            definitions[name] = _dataclass_schema(hint, definitions)
        return {"$ref": f"#/$defs/{name}"}
    return {str: {"type": "string"}, int: {"type": "integer"}, float: {"type": "number"},
            bool: {"type": "boolean"}, type(None): {"type": "null"}}[hint]


def _dataclass_schema(cls: type, definitions: dict) -> dict:
    hints = typing.get_type_hints(cls, include_extras=True)
    properties, required = {}, []
    for field in dataclasses.fields(cls):
        if not field.init or field.metadata.get("derived"):
            continue
        prop = dict(_schema_for(hints[field.name], definitions))
        if "doc" in field.metadata:
            prop["description"] = field.metadata["doc"]
        if "example" in field.metadata:
            prop["examples"] = [field.metadata["example"]]
        properties[field.name] = prop
        if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            required.append(field.name)
    out: dict[str, Any] = {"type": "object"}
    if cls.__doc__:
        out["description"] = " ".join(cls.__doc__.split())
    out["properties"] = properties
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    return out
