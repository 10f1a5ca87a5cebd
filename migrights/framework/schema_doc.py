"""The framework file reference (docs/framework-format.md), generated from the JSON Schema.

``python -m migrights.framework.schema_doc > docs/framework-format.md`` rewrites it; a test fails
when the file and the schema disagree.
"""

from __future__ import annotations

import json
from typing import Any

from migrights.lib.paths import EMBEDDED_DATA_DIR

SCHEMA = EMBEDDED_DATA_DIR / "schemas" / "framework.schema.json"
SECTIONS = (
    ("framework", "The `framework:` block", ("properties", "framework")),
    ("category", "A category (`categories:` items)", ("properties", "categories", "items")),
    ("right", "A right (`rights:` items)", ("$defs", "right")),
    ("indicator", "An indicator (`indicators:` items)", ("$defs", "indicator")),
    ("scale", "`scale:`", ("$defs", "scale")),
    ("level", "A level of `scale.levels`", ("$defs", "level")),
    ("derivation", "`derived:` (derived indicators)", ("$defs", "derivation")),
    ("mapping", "`maps_from:` (relation to the predecessor version)", ("$defs", "mapping")),
    ("provision", "A provision (`provisions:` items)", ("$defs", "provision")),
)


def _type(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return {"code": "code", "text": "text"}.get(name, f"[{name}](#{name})")
    if "enum" in spec:
        return " \\| ".join(f"`{v}`" for v in spec["enum"])
    if "const" in spec:
        return f"`{spec['const']}`"
    kind = spec.get("type", "")
    if kind == "array":
        return f"list of {_type(spec.get('items', {}))}"
    if isinstance(kind, list):
        return " or ".join(kind)
    return kind or "object"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render() -> str:
    schema = json.loads(SCHEMA.read_text())
    lines = [
        "# Framework file reference",
        "",
        "<!-- generated from migrights/data/schemas/framework.schema.json by "
        "`python -m migrights.framework.schema_doc`; do not edit by hand -->",
        "",
        schema.get("description", ""),
        "",
        "A framework file is YAML: a `framework:` block, then `categories:` → `rights:` → `indicators:`. "
        "Codes are upper case letters and digits separated by `.` or `-` (e.g. `DET.2.P1`), at most 24 "
        "characters, unique in the file. Check a file with `migrights framework check FILE`; load it with "
        "`migrights framework load FILE`.",
        "",
    ]
    for anchor, title, path in SECTIONS:
        node: Any = schema
        for key in path:
            node = node[key]
        required = set(node.get("required", []))
        lines += [f'<a id="{anchor}"></a>', f"## {title}", ""]
        if node.get("description"):
            lines += [node["description"], ""]
        lines += ["| field | type | required | meaning |", "| --- | --- | --- | --- |"]
        for name, spec in node.get("properties", {}).items():
            default = f" (default `{spec['default']}`)" if "default" in spec else ""
            lines.append(
                f"| `{name}` | {_type(spec)} | {'yes' if name in required else ''} | "
                f"{_cell(spec.get('description', ''))}{default} |"
            )
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
