"""A model field for dates with a precision, stored as truncated ISO text (``2007``, ``2007-06``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from migrights.lib.dates import PartialDate


@lru_cache(maxsize=16384)
def _parsed(text: str) -> PartialDate:
    """A stored date read once per process however many rows hold it (a PartialDate never changes)."""
    return PartialDate.parse(text)


class PartialDateField(models.CharField):
    """Stores a :class:`PartialDate` as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Truncated ISO text sorts chronologically by first day, so ``order_by`` works in SQL.
    """

    description = "A date known to a day, a month or a year"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["max_length"] = 10
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[Any, Any, Any, Any]:
        name, path, args, kwargs = super().deconstruct()
        del kwargs["max_length"]
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> PartialDate | None:
        return None if value in (None, "") else _parsed(value)

    def to_python(self, value: Any) -> PartialDate | None:
        if value is None or isinstance(value, PartialDate):
            return value
        if value == "":
            return None
        try:
            return PartialDate.parse(str(value))
        except ValueError as error:
            raise ValidationError(str(error)) from error

    def get_prep_value(self, value: Any) -> str | None:
        value = self.to_python(value)
        return None if value is None else value.iso()

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else value.iso()
