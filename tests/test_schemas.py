"""The JSON Schemas editors use are the model's, and every inspection points at one."""

import json
from pathlib import Path

import pytest

from reportsite.schemas import INSPECTION_SCHEMA_REF, all_schemas

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(all_schemas()))
def test_published_schema_is_generated_from_the_model(name):
    published = json.loads((ROOT / "schemas" / name).read_text())
    assert published == all_schemas()[name], "run 'python build.py schema'"


def test_every_inspection_yaml_references_the_schema():
    for path in (ROOT / "content" / "inspections").glob("*/inspection.yaml"):
        first = path.read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema={INSPECTION_SCHEMA_REF}", path
        assert (path.parent / INSPECTION_SCHEMA_REF).resolve() == ROOT / "schemas" / "inspection.schema.json"


def test_inspection_schema_validates_the_real_content():
    import jsonschema
    import yaml
    schema = all_schemas()["inspection.schema.json"]
    for path in (ROOT / "content" / "inspections").glob("*/inspection.yaml"):
        data = yaml.safe_load(path.read_text())
        jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)
