"""Read the embedded YAML files: dates stay text (their form is their precision), checked by a schema."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from migrights.lib.paths import EMBEDDED_DATA_DIR


class _TextDatesLoader(yaml.SafeLoader):
    """A safe loader that leaves ``2018-12-19`` as text instead of making a ``date``."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class DataFileError(ValueError):
    """An embedded or user-given data file breaks its schema."""


@cache
def _schema(name: str) -> dict[str, Any]:
    return json.loads((EMBEDDED_DATA_DIR / "schemas" / f"{name}.schema.json").read_text())


def load_yaml(path: Path, schema: str | None = None) -> Any:
    """Parse ``path``; with ``schema``, refuse it unless every error-free (all errors listed)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDatesLoader)
    except yaml.YAMLError as error:
        raise DataFileError(f"{path}: not valid YAML: {error}") from error
    if schema:
        validator = jsonschema.Draft202012Validator(_schema(schema))
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        if errors:
            lines = [f"{path}: {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in errors[:50]]
            raise DataFileError("\n".join(lines))
    return data


def text_or_none(value: Any) -> str | None:
    """YAML reads ``2003`` as a number; dates and codes are text here."""
    return None if value is None or value == "" else str(value)
