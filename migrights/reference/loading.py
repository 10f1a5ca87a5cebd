"""One loader for every import path: validate rows, plan the changes, apply them atomically.

Every importer (publisher pages, hand-filled CSV, the embedded data) ends here:
rows of text → :func:`validate_rows` (every bad cell reported with file, row and column) →
:func:`plan` (added / changed / removed / unchanged against what the same dataset holds in the
same scope) → :func:`apply` inside one transaction, recorded as an :class:`ImportRun`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connections, models, router, transaction
from django.utils import timezone

from migrights.importers.records import ParseProblem
from migrights.lib import generations
from migrights.lib.dates import PartialDate
from migrights.lib.vocabulary import ACTIONS
from migrights.reference.models import Country, ImportRun, Instrument, Source, TreatyAction


class ImportFailed(Exception):
    """Raised with every problem found; nothing has been written."""

    def __init__(self, problems: Sequence[ParseProblem]) -> None:
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s); nothing was loaded")


@dataclass
class Lookups:
    """Codes and keys a row may name, read once per import."""

    countries: dict[str, Country]
    instruments: dict[str, Instrument]
    sources: dict[str, Source]
    bodies: dict[str, Any]

    @classmethod
    def load(cls, extra_sources: Iterable[Source] = ()) -> Lookups:
        sources = {s.key: s for s in Source.objects.all()}
        sources.update({s.key: s for s in extra_sources})
        return cls(
            countries={c.code: c for c in Country.objects.all()},
            instruments={i.code: i for i in Instrument.objects.all()},
            sources=sources,
            bodies={b.slug: b for b in apps.get_model("governance", "GovernanceBody").objects.all()}
            if apps.is_installed("migrights.governance")
            else {},
        )


class CellError(ValueError):
    def __init__(self, column: str, reason: str) -> None:
        self.column = column
        super().__init__(reason)


# ---- cell readers: each raises CellError naming its column --------------------------------


def read_bool(row: dict[str, str], column: str, default: bool = False) -> bool:
    value = (row.get(column) or "").strip().lower()
    if not value:
        return default
    if value in ("false", "no", "0"):
        return False
    if value in ("true", "yes", "1"):
        return True
    raise CellError(column, f"{value!r} is not true or false")


def read_date(row: dict[str, str], column: str, required: bool) -> PartialDate | None:
    value = (row.get(column) or "").strip()
    if not value:
        if required:
            raise CellError(column, "a date is required")
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as error:
        raise CellError(column, str(error)) from error


def read_choice(row: dict[str, str], column: str, choices: Iterable[str]) -> str:
    value = (row.get(column) or "").strip()
    allowed = list(choices)
    if value not in allowed:
        raise CellError(column, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def read_ref(row: dict[str, str], column: str, table: dict[str, Any], what: str, required: bool = True) -> Any:
    value = (row.get(column) or "").strip()
    if not value:
        if required:
            raise CellError(column, f"a {what} is required")
        return None
    if value not in table:
        raise CellError(column, f"unknown {what} {value!r}")
    return table[value]


def read_text(row: dict[str, str], column: str, max_length: int, required: bool = False) -> str:
    value = (row.get(column) or "").strip()
    if required and not value:
        raise CellError(column, "a value is required")
    if len(value) > max_length:
        raise CellError(column, f"longer than {max_length} characters")
    return value


# ---- row schemas ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RowSchema:
    """The columns of one kind of row and how to turn a row of text into model values."""

    kind: str
    model: type[models.Model]
    columns: tuple[str, ...]
    required: tuple[str, ...]
    read: Callable[[dict[str, str], Lookups], dict[str, Any]]
    key: Callable[[dict[str, Any]], tuple[Any, ...]]
    label: Callable[[dict[str, Any]], str]  # how a change is grouped in reports (e.g. by instrument)


def collect_cells(readers: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Run every cell reader of a row; raise all their errors at once."""
    values: dict[str, Any] = {}
    errors: list[CellError] = []
    for name, read in readers.items():
        try:
            values[name] = read()
        except CellError as error:
            errors.append(error)
    if errors:
        raise RowErrors(errors)
    return values


def _read_treaty_action(row: dict[str, str], lookups: Lookups) -> dict[str, Any]:
    values = collect_cells(
        {
            "country": lambda: read_ref(row, "country", lookups.countries, "country code"),
            "instrument": lambda: read_ref(row, "instrument", lookups.instruments, "instrument code"),
            "action": lambda: read_choice(row, "action", ACTIONS),
            "date": lambda: read_date(row, "date", required=True),
            "effective": lambda: read_date(row, "effective", required=False),
            "reservation": lambda: read_bool(row, "reservation"),
            "declaration": lambda: read_bool(row, "declaration"),
            "articles": lambda: read_text(row, "articles", 200),
            "source": lambda: read_ref(row, "source", lookups.sources, "source key"),
            "verified": lambda: read_bool(row, "verified", default=True),
            "note": lambda: read_text(row, "note", 2000),
        }
    )
    if not values["instrument"].ratifiable:
        raise RowErrors(
            [
                CellError(
                    "instrument", f"{values['instrument'].code} is not open to ratification: it has no treaty actions"
                )
            ]
        )
    return values


class RowErrors(Exception):
    def __init__(self, errors: list[CellError]) -> None:
        self.errors = errors


TREATY_ACTIONS = RowSchema(
    kind="treaty-actions",
    model=TreatyAction,
    columns=(
        "country",
        "instrument",
        "action",
        "date",
        "effective",
        "reservation",
        "declaration",
        "articles",
        "source",
        "verified",
        "note",
    ),
    required=("country", "instrument", "action", "date", "source"),
    read=_read_treaty_action,
    key=lambda v: (v["country"].code, v["instrument"].code, v["action"], v["date"].iso()),
    label=lambda v: v["instrument"].code,
)


def check_header(file: str, header: Sequence[str] | None, schema: RowSchema) -> list[ParseProblem]:
    """The header must name the schema's columns; the required ones cannot be missing."""
    if not header:
        return [ParseProblem(file, 1, None, "the file is empty: expected a header row")]
    problems = []
    names = [h.strip() for h in header]
    for column in schema.required:
        if column not in names:
            problems.append(ParseProblem(file, 1, column, "required column is missing"))
    for column in names:
        if column not in schema.columns:
            problems.append(ParseProblem(file, 1, column, f"unknown column (expected {', '.join(schema.columns)})"))
    return problems


def validate_rows(
    file: str, rows: Iterable[tuple[int | str, dict[str, str]]], schema: RowSchema, lookups: Lookups
) -> tuple[list[dict[str, Any]], list[ParseProblem]]:
    """Read every row; return the good ones and a problem for every bad cell and duplicate."""
    good: list[dict[str, Any]] = []
    problems: list[ParseProblem] = []
    seen: dict[tuple[Any, ...], int | str] = {}
    for row_number, row in rows:
        try:
            values = schema.read(row, lookups)
        except RowErrors as bad:
            problems.extend(ParseProblem(file, row_number, e.column, str(e)) for e in bad.errors)
            continue
        key = schema.key(values)
        if key in seen:
            problems.append(
                ParseProblem(file, row_number, None, f"repeats row {seen[key]} ({' '.join(map(str, key))})")
            )
            continue
        seen[key] = row_number
        good.append(values)
    return good, problems


# ---- planning and applying -----------------------------------------------------------------


@dataclass
class Plan:
    """What loading a dataset would change."""

    schema: RowSchema
    dataset: str
    added: list[dict[str, Any]] = field(default_factory=list)
    # (row in the database, new values, its values before the change)
    changed: list[tuple[models.Model, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    removed: list[models.Model] = field(default_factory=list)
    unchanged: int = 0
    # rows whose facts are the same and whose source is now the new file: unchanged, but re-confirmed
    reconfirmed: list[tuple[models.Model, dict[str, Any], dict[str, Any]]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def counts_by_label(self) -> dict[str, Counter[str]]:
        """Added / changed / removed / unchanged per label (per instrument for treaty actions)."""
        counts: dict[str, Counter[str]] = {}
        for values in self.added:
            counts.setdefault(self.schema.label(values), Counter())["added"] += 1
        for _obj, values, _before in self.changed:
            counts.setdefault(self.schema.label(values), Counter())["changed"] += 1
        for obj in self.removed:
            counts.setdefault(self.schema.label(_values_of(obj, self.schema)), Counter())["removed"] += 1
        return dict(sorted(counts.items()))

    def describe(self) -> list[str]:
        """One line per change, for --dry-run and the import log."""
        lines = [f"+ {' '.join(map(str, self.schema.key(v)))}" for v in self.added]
        for _obj, values, before in self.changed:
            diffs = [
                f"{name}: {_show(before[name])} → {_show(value)}"
                for name, value in values.items()
                if _comparable(before[name]) != _comparable(value)
            ]
            lines.append(f"~ {' '.join(map(str, self.schema.key(values)))} ({'; '.join(diffs)})")
        lines += [f"- {' '.join(map(str, self.schema.key(_values_of(o, self.schema))))}" for o in self.removed]
        return lines


def _values_of(obj: models.Model, schema: RowSchema) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in _field_names(schema)}


def _field_names(schema: RowSchema) -> list[str]:
    return [f.name for f in schema.model._meta.concrete_fields if f.name not in ("id", "dataset")]


def _comparable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return (type(value).__name__, value.pk)
    return value


def _show(value: Any) -> str:
    if isinstance(value, models.Model):
        return getattr(value, "code", None) or getattr(value, "key", None) or str(value)
    return "" if value is None else str(value)


def plan(schema: RowSchema, dataset: str, rows: list[dict[str, Any]], scope: models.Q | None) -> Plan:
    """Compare ``rows`` with what ``dataset`` holds within ``scope`` (``None``: nothing is removed)."""
    result = Plan(schema, dataset)
    existing_qs = schema.model.objects.filter(dataset=dataset)
    existing = {schema.key(_values_of(o, schema)): o for o in existing_qs.select_related(*_fk_names(schema))}
    in_scope = set(existing_qs.filter(scope).values_list("pk", flat=True)) if scope is not None else set()
    seen = set()
    for values in rows:
        key = schema.key(values)
        obj = existing.get(key)
        if obj is None:
            result.added.append(values)
            continue
        seen.add(key)
        before = _values_of(obj, schema)
        differing = {name for name in values if _comparable(before[name]) != _comparable(values[name])}
        if differing - {"source"}:
            result.changed.append((obj, values, before))
        else:
            result.unchanged += 1
            if differing:
                result.reconfirmed.append((obj, values, before))
    result.removed = [o for k, o in existing.items() if k not in seen and o.pk in in_scope]
    return result


def _fk_names(schema: RowSchema) -> list[str]:
    return [f.name for f in schema.model._meta.concrete_fields if f.is_relation]


def apply(plan_: Plan) -> None:
    """Write a plan; the caller holds the transaction."""
    model = plan_.schema.model
    if plan_.added or plan_.changed or plan_.reconfirmed or plan_.removed:
        generations.changed_model(model)  # bulk writes send no signals: the model's scope changed, once committed
    insert_new(model, [model(dataset=plan_.dataset, **values) for values in plan_.added])
    changed_fields: set[str] = set()
    objects = []
    for obj, values, _before in plan_.changed + plan_.reconfirmed:
        for name, value in values.items():
            setattr(obj, name, value)
        changed_fields.update(values)
        objects.append(obj)
    if objects:
        model.objects.bulk_update(objects, sorted(changed_fields), batch_size=500)
    if plan_.removed:
        model.objects.filter(pk__in=[o.pk for o in plan_.removed]).delete()


def insert_new(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """Insert new ``objects`` as ``bulk_create`` would (each field's value made ready for the database by the field,
    its ``pre_save`` and ``get_db_prep_save``), by one statement run for every row (``executemany``) instead of
    statements of some dozens of rows each assembled field by field (a third of a first start's main thread; the first
    start now takes about 4 s less). The objects' keys are not read back (the loader never uses them)."""
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    fields = [field for field in model._meta.concrete_fields if not isinstance(field, models.AutoField)]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    rows = [[field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def record_run(
    *,
    kind: str,
    dataset: str,
    file_name: str,
    checksum: str,
    source: Source | None,
    started: dt.datetime,
    rows_read: int,
    plan_: Plan | None,
    problems: Sequence[ParseProblem],
    dry_run: bool,
) -> ImportRun:
    """Record an import run (a failed one too: it is written after the failed transaction)."""
    outcome = (
        ImportRun.Outcome.FAILED if problems else (ImportRun.Outcome.DRY_RUN if dry_run else ImportRun.Outcome.LOADED)
    )
    return ImportRun.objects.create(
        kind=kind,
        dataset=dataset,
        file_name=file_name,
        checksum=checksum,
        source=source if (source is not None and source.pk and not problems and not dry_run) else None,
        started=started,
        finished=timezone.now(),
        outcome=outcome,
        rows_read=rows_read,
        added=len(plan_.added) if plan_ else 0,
        changed=len(plan_.changed) if plan_ else 0,
        removed=len(plan_.removed) if plan_ else 0,
        unchanged=plan_.unchanged if plan_ else 0,
        problems=[str(p) for p in problems][:1000],
    )


def load_in_transaction(work: Callable[[], Plan], dry_run: bool) -> Plan:
    """Run ``work`` in one transaction; roll it back for a dry run or on any exception."""

    class _DryRun(Exception):
        pass

    result: Plan | None = None
    try:
        with transaction.atomic():
            result = work()
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    assert result is not None
    return result
