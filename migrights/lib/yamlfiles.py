"""Read the embedded YAML files: dates stay text (their form is their precision), checked by a schema."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from migrights.lib.paths import EMBEDDED_DATA_DIR


class _TextDatesLoader(yaml.SafeLoader):
    """A safe loader that leaves ``2018-12-19`` as text instead of making a ``date``."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _NoAliasLoader(_TextDatesLoader):
    """Refuses anchors and aliases: a few hundred bytes of nested aliases expand to gigabytes."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"an alias (*{event.anchor}): aliases are not allowed in data files", event.start_mark
            )
        return super().compose_node(parent, index)


class _FastTextDatesLoader(yaml.CSafeLoader):
    """``_TextDatesLoader`` on libyaml's C parser, ten times faster: the framework files alone took seconds."""


_FastTextDatesLoader.yaml_implicit_resolvers = _TextDatesLoader.yaml_implicit_resolvers


def _shares_a_node(root: yaml.Node) -> bool:
    """An alias makes one node appear twice in the composed graph (libyaml resolves it without expanding it)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(item for pair in node.value for item in pair)
    return False


def _parse(text: str) -> Any:
    """The C parser where the text is plain data; the Python loader, which names the alias or the syntax error
    and its line, where it is not (the same messages as before, whichever parser read the file first)."""
    loader = _FastTextDatesLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None and not _shares_a_node(node):
            return loader.construct_document(node)
        if node is None:
            return None
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return yaml.load(text, Loader=_NoAliasLoader)  # raises the error, named


class DataFileError(ValueError):
    """An embedded or user-given data file breaks its schema."""


@cache
def _schema(name: str) -> dict[str, Any]:
    return json.loads((EMBEDDED_DATA_DIR / "schemas" / f"{name}.schema.json").read_text())


def load_yaml(path: Path, schema: str | None = None) -> Any:
    """Parse ``path`` (aliases refused); with ``schema``, refuse it unless error-free (all errors listed)."""
    try:
        data = _parse(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        reason = getattr(error, "problem", None) or str(error)
        raise DataFileError(f"{path}{where}: not valid YAML: {reason}") from error
    except UnicodeDecodeError as error:
        raise DataFileError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    if schema:
        import jsonschema  # here: a server that reads no data file does without it (with its dependencies, 4 MB)

        validator = jsonschema.Draft202012Validator(_schema(schema))
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        if errors:
            lines = [f"{path}: {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in errors[:50]]
            raise DataFileError("\n".join(lines))
    return data


def text_or_none(value: Any) -> str | None:
    """YAML reads ``2003`` as a number; dates and codes are text here."""
    return None if value is None or value == "" else str(value)
