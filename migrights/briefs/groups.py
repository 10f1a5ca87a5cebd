"""Several states and instruments at once, for comparisons: what each state's acts say on a date.

One query for the acts of all the states and instruments asked; statuses derived with ``lib.status`` as everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from migrights.briefs.narrative import fact, translated
from migrights.lib.status import complete_on, status_on
from migrights.lib.vocabulary import ACTION_LABELS
from migrights.reference.models import Country, Instrument, TreatyAction


class UnknownArea(LookupError):
    """No UN M49 region or sub-region of that name."""


class UnknownInstrument(LookupError):
    """No ratifiable instrument with that code."""


def current_states() -> Any:
    return Country.objects.filter(kind=Country.Kind.STATE, existed_until__isnull=True)


def area_states(name: str) -> tuple[str, str, list[Country]]:
    """The states of a UN M49 region or sub-region named in English (any case): its name, classification
    (``region`` or ``subregion``) and states; raises ``UnknownArea``."""
    wanted = name.strip().casefold()
    states = list(current_states())
    for classification in ("subregion", "region"):
        members = [c for c in states if getattr(c, classification).casefold() == wanted]
        if members:
            return getattr(members[0], classification), classification, members
    raise UnknownArea(name)


def area_names() -> list[str]:
    """Every region and sub-region a comparative brief accepts, in English as the registry names them."""
    states = current_states()
    names = set(states.values_list("region", flat=True)) | set(states.values_list("subregion", flat=True))
    return sorted(n for n in names if n)


def instrument_info(codes: Iterable[str]) -> dict[str, Instrument]:
    return {
        i.code: i
        for i in Instrument.objects.filter(code__in=list(codes), ratifiable=True).select_related("completeness_source")
    }


def find_instrument(code: str) -> Instrument:
    """A ratifiable instrument by code (any case; ``C189`` finds ``ILO-C189``); raises ``UnknownInstrument``."""
    wanted = code.strip().upper()
    found = Instrument.objects.filter(ratifiable=True, code__in=[wanted, f"ILO-{wanted}"]).first()
    if found is None:
        raise UnknownInstrument(code)
    return found


def facts_for(countries: Iterable[str], codes: Sequence[str], on: dt.date) -> dict[str, dict[str, dict[str, Any]]]:
    """``{country: {instrument: fact}}`` for every country and instrument asked (``narrative.fact``, in the
    active language); a state without acts has status ``none``, which ``fact`` reads with the completeness."""
    countries = list(countries)
    info = instrument_info(codes)
    acts: dict[tuple[str, str], list[TreatyAction]] = {}
    for act in TreatyAction.objects.filter(country__code__in=countries, instrument__code__in=list(info)).select_related(
        "country", "instrument", "source"
    ):
        acts.setdefault((act.country.code, act.instrument.code), []).append(act)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for country in countries:
        row = out.setdefault(country, {})
        for code in codes:
            instrument = info.get(code)
            if instrument is None:
                continue
            items = sorted(acts.get((country, code), []), key=lambda a: a.date.first)
            status = status_on(items, on)
            binding = [a for a in items if a.action not in ("signature", "procedure-acceptance")]
            signature = next((a for a in items if a.action == "signature"), None)
            consent = binding[-1] if binding else None
            row[code] = fact(
                {
                    "code": code,
                    "title": translated(instrument.short_title),
                    "status": status.status,
                    "since": status.since.iso() if status.since else None,
                    "how": _(ACTION_LABELS.get(consent.action, consent.action)) if consent and status.since else "",
                    "signed": signature.date.iso() if signature else None,
                    "closed": country in instrument.closed_codes(),
                    "sources": sorted({a.source.key for a in items}),
                    "completeness_source": instrument.completeness_source.key
                    if instrument.completeness_source
                    else None,
                },
                instrument.complete_as_of,
                on,
            )
    return out


def party_counts(countries: Iterable[str], codes: Sequence[str], on: dt.date) -> dict[str, int]:
    """How many of ``codes`` each country is party to on ``on`` (a party is one whatever the completeness): the
    counts of ``facts_for`` without building its rows, for a region's median."""
    countries = list(countries)
    acts: dict[tuple[str, str], list[TreatyAction]] = {}
    chosen = TreatyAction.objects.filter(country__code__in=countries, instrument__code__in=list(codes))
    fields = ("action", "date", "effective", "country__code", "instrument__code")
    for act in chosen.select_related("country", "instrument").only(*fields):
        acts.setdefault((act.country.code, act.instrument.code), []).append(act)
    counts = dict.fromkeys(countries, 0)
    for (country, _code), items in acts.items():
        if status_on(items, on).status == "party":
            counts[country] += 1
    return counts


def party_count(facts: dict[str, dict[str, Any]]) -> int:
    return sum(1 for f in facts.values() if f["state"] == "party")


def incomplete_titles(info: dict[str, Instrument], codes: Sequence[str], on: dt.date) -> list[str]:
    """Titles of the instruments whose data do not say, on ``on``, that a state without an act is not party."""
    return [translated(info[c].short_title) for c in codes if c in info and not complete_on(info[c].complete_as_of, on)]
