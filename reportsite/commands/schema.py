"""`build.py schema`: write the JSON Schemas that editors' YAML tools use."""

from __future__ import annotations

import json

from ..schemas import all_schemas


def run(args) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    for name, schema in all_schemas().items():
        path = args.out / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0
