"""Tables users download: treaty actions, and every country's status on every instrument on a date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from migrights.lib.status import status_on
from migrights.reference.models import Country, Instrument, TreatyAction
from migrights.reference.queries import ACTION_VALUES, action_values

TREATY_ACTION_COLUMNS = (
    "country",
    "instrument",
    "action",
    "date",
    "precision",
    "effective",
    "reservation",
    "declaration",
    "articles",
    "verified",
    "source_url",
)
STATUS_COLUMNS = ("country", "instrument", "status", "since")


def treaty_action_dicts(instrument: str | None = None, country: str | None = None) -> list[dict[str, Any]]:
    """Every act with the API's fields, ordered by instrument, country, date and action (codes in any case)."""
    actions = TreatyAction.objects.order_by("instrument__code", "country__code", "date", "action")
    if instrument:
        actions = actions.filter(instrument__code=instrument.upper())
    if country:
        actions = actions.filter(country__code=country.upper())
    # ``action_dict``'s fields from one query's values: thousands of acts, no model instance per act
    rows = actions.values_list("instrument__code", "country__code", "country__name", *ACTION_VALUES)
    return [
        {"instrument": code, "country": country_code, "country_name": name, **action_values(*values)}
        for code, country_code, name, *values in rows
    ]


def treaty_action_records(instrument: str | None = None, country: str | None = None) -> list[dict[str, Any]]:
    """``export treaty-actions``: the acts in ``TREATY_ACTION_COLUMNS``."""
    return [
        {column: record[column] for column in TREATY_ACTION_COLUMNS}
        for record in treaty_action_dicts(instrument, country)
    ]


def status_records(on: dt.date, participants: str = "states") -> list[dict[str, Any]]:
    """One row per country and ratifiable instrument: its status on ``on`` and since when.

    ``participants`` is ``states`` (UN members and observers that existed on that date, plus
    participants with acts) or ``all``.
    """
    acts: dict[tuple[str, str], list[TreatyAction]] = {}
    for act in TreatyAction.objects.select_related("country", "instrument").only(
        "action", "date", "effective", "country__code", "instrument__code"
    ):
        acts.setdefault((act.country.code, act.instrument.code), []).append(act)
    countries = (
        Country.objects.all()
        if participants == "all"
        else Country.objects.filter(Q(un_member_since__isnull=False) | Q(un_observer=True))
    )
    ended = dict(Country.objects.filter(existed_until__isnull=False).values_list("code", "existed_until"))
    codes = sorted(
        code
        for code in {c.code for c in countries} | {country for country, _ in acts}
        if code not in ended or on.year <= ended[code]
    )
    instruments = list(Instrument.objects.filter(ratifiable=True).values_list("code", flat=True))
    rows = []
    for code in codes:
        for instrument in instruments:
            status = status_on(acts.get((code, instrument), []), on)
            rows.append(
                {
                    "country": code,
                    "instrument": instrument,
                    "status": status.status,
                    "since": status.since.iso() if status.since else None,
                }
            )
    return rows
