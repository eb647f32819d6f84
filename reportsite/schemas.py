"""The JSON Schemas published for editors, generated from the model."""

from __future__ import annotations

from .model.framework import Framework
from .model.inspection import Inspection
from .model.site import Glossary, Owner, Provider, SiteSettings
from .schema import json_schema

#: Where each inspection.yaml points its ``$schema`` comment (relative to the file).
INSPECTION_SCHEMA_REF = "../../../schemas/inspection.schema.json"


def all_schemas() -> dict[str, dict]:
    return {
        "inspection.schema.json": json_schema(Inspection, title="inspection.yaml"),
        "framework.schema.json": json_schema(Framework, title="framework"),
        "glossary.schema.json": json_schema(Glossary, title="glossary.yaml"),
        "site.schema.json": json_schema(SiteSettings, title="site.yaml"),
        "providers.schema.json": _mapping_of(Provider, "providers.yaml"),
        "owners.schema.json": _mapping_of(Owner, "owners.yaml"),
    }


def _mapping_of(cls: type, title: str) -> dict:
    item = json_schema(cls, title=cls.__name__)
    item.pop("$schema")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title,
            "type": "object", "propertyNames": {"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
            "additionalProperties": item}
