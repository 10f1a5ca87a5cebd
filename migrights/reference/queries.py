"""The data behind each page and API answer, built once and shared by HTML, JSON and CSV."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

from migrights.lib import generations
from migrights.lib.memo import Latest, share_related
from migrights.lib.status import status_on
from migrights.lib.vocabulary import CONSENT_ACTIONS, EXIT_ACTIONS
from migrights.reference.models import Country, Instrument, Source, TreatyAction


def source_dict(source: Any) -> dict[str, Any]:
    return {
        "key": source.key,
        "producer": source.producer,
        "title": source.title,
        "url": source.url,
        "accessed": source.accessed.isoformat(),
        "licence": source.licence,
        "language": source.language,
    }


_SOURCES: Latest[dict[str, tuple[tuple[str, str, int], dict[str, Any]]]] = Latest()


def source_dicts(keys: set[str]) -> list[dict[str, Any]]:
    """The sources of these keys as ``source_dict`` gives them, by producer and title (the primary key last), from
    every source read once per state of the reference data (some 700, shared between requests; copied for the
    caller)."""

    def read() -> dict[str, tuple[tuple[str, str, int], dict[str, Any]]]:
        return {s.key: ((s.producer, s.title, s.pk), source_dict(s)) for s in Source.objects.all()}

    sources = _SOURCES.get(generations.key("reference"), read)
    found = sorted(sources[key] for key in keys if key in sources)
    return [dict(record) for _order, record in found]


def country_dict(country: Country) -> dict[str, Any]:
    return {
        "code": country.code,
        "iso2": country.iso2 or None,
        "m49": country.m49 or None,
        "name": country.name,
        "official_name": country.official_name or None,
        "kind": country.kind,
        "region": country.region or None,
        "subregion": country.subregion or None,
        "un_member_since": country.un_member_since,
        "un_observer": country.un_observer,
        "existed_until": country.existed_until,
    }


# the columns ``action_values`` takes, in its order (``values_list`` of a TreatyAction query)
ACTION_VALUES = (
    "action",
    "date",
    "effective",
    "reservation",
    "declaration",
    "articles",
    "verified",
    "note",
    "source__key",
    "source__url",
)


def action_values(
    action: str,
    date: Any,
    effective: Any,
    reservation: bool,
    declaration: bool,
    articles: str,
    verified: bool,
    note: str,
    source: str,
    source_url: str,
) -> dict[str, Any]:
    """An act's fields as the API gives them, from its ``ACTION_VALUES`` (a long list of acts: no model per row)."""
    return {
        "action": action,
        "date": date.iso(),
        "precision": date.precision,
        "effective": effective.iso() if effective else None,
        "reservation": reservation,
        "declaration": declaration,
        "articles": articles.split(";") if articles else [],
        "verified": verified,
        "note": note or None,
        "source": source,
        "source_url": source_url or None,
    }


def action_dict(act: TreatyAction, with_country: bool = False, with_instrument: bool = False) -> dict[str, Any]:
    record = action_values(
        act.action,
        act.date,
        act.effective,
        act.reservation,
        act.declaration,
        act.articles,
        act.verified,
        act.note,
        act.source.key,
        act.source.url,
    )
    if with_country:
        record = {"country": act.country.code, "country_name": act.country.name, **record}
    if with_instrument:
        record = {"instrument": act.instrument.code, **record}
    return record


_COUNTRIES: Latest[dict[str, Country]] = Latest()


def country_by_code(code: str) -> Country | None:
    """The country (any kind) with this code, in any case: every country is read once per state of the reference data
    (a few hundred rows, shared between requests: read them, never change them)."""
    countries = _COUNTRIES.get(generations.key("reference"), lambda: {c.code: c for c in Country.objects.all()})
    return countries.get(code.upper())


_TITLED: Latest[dict[str, Instrument]] = Latest()


def titled_instruments() -> dict[str, Instrument]:
    """Every instrument by code with only its titles (for ``Instrument.local_title``), read once per state of the
    reference data (shared between requests: read them, never change them)."""

    def read() -> dict[str, Instrument]:
        return {i.code: i for i in Instrument.objects.only("code", "title", "short_title", "translations")}

    return _TITLED.get(generations.key("reference"), read)


_RATIFIABLE: Latest[tuple[Instrument, ...]] = Latest()


def ratifiable_instruments() -> list[Instrument]:
    """Global instruments first (UN, then ILO), then regional ones (read once per state of the reference data; the
    instruments are shared between requests: read them, never change them)."""

    def read() -> tuple[Instrument, ...]:
        return tuple(Instrument.objects.filter(ratifiable=True).order_by("scope", "-organisation", "code"))

    return list(_RATIFIABLE.get(generations.key("reference"), read))


_ACTS: Latest[dict[int, tuple[TreatyAction, ...]]] = Latest()


def _acts_by_country() -> dict[int, tuple[TreatyAction, ...]]:
    """Every treaty act with its source, by country id, in the acts' own order, read once per state of the reference
    data (about 8,000 acts, shared between requests: read them, never change them)."""

    def read() -> dict[int, tuple[TreatyAction, ...]]:
        found: dict[int, list[TreatyAction]] = {}
        sources = Source.objects.in_bulk()
        # the acts' own order, ties in the order they were read (as one country's query gives them)
        chosen = TreatyAction.objects.order_by("instrument__code", "country__name", "date", "pk")
        for act in share_related(chosen, source=sources):  # the instrument's id is enough here
            found.setdefault(act.country_id, []).append(act)
        return {country: tuple(acts) for country, acts in found.items()}

    return _ACTS.get(generations.key("reference"), read)


def country_commitments(
    country: Country, on: dt.date, instruments: list[Instrument] | None = None
) -> list[dict[str, Any]]:
    """Every ratifiable instrument with the country's status on ``on`` and all its acts (``instruments``: the
    ratifiable ones, as ``ratifiable_instruments`` gives them, when already read)."""
    acts: dict[int, list[TreatyAction]] = {}
    for act in _acts_by_country().get(country.pk, ()):
        acts.setdefault(act.instrument_id, []).append(act)
    rows = []
    # global instruments first (UN, then ILO), then regional ones
    for instrument in ratifiable_instruments() if instruments is None else instruments:
        items = sorted(acts.get(instrument.pk, []), key=lambda a: a.date.first)
        status = status_on(items, on)
        rows.append(
            {
                "instrument": instrument.code,
                "short_title": instrument.short_title,
                "organisation": instrument.organisation,
                "scope": instrument.scope,
                "status": status.status,
                "since": status.since.iso() if status.since else None,
                "reservation": any(a.reservation for a in items),
                "verified": all(a.verified for a in items),
                "completeness": "complete" if instrument.is_complete else "partial",
                "closed": country.code in instrument.closed_codes(),
                "actions": [action_dict(a) for a in items],
            }
        )
    return rows


def instrument_dict(instrument: Instrument) -> dict[str, Any]:
    return {
        "code": instrument.code,
        "title": instrument.title,
        "short_title": instrument.short_title,
        "kind": instrument.kind,
        "binding": instrument.binding,
        "ratifiable": instrument.ratifiable,
        "scope": instrument.scope,
        "region": instrument.region or None,
        "organisation": instrument.organisation,
        "adopted": instrument.adopted.iso() if instrument.adopted else None,
        "entry_into_force": instrument.entry_into_force.iso() if instrument.entry_into_force else None,
        "parent": instrument.parent.code if instrument.parent else None,
        "reference": instrument.reference or None,
        "depositary_url": instrument.depositary_url or None,
        "note": instrument.note or None,
        **completeness_dict(instrument),
    }


def completeness_dict(instrument: Instrument) -> dict[str, Any]:
    """What the treaty actions held can say (docs/data-sources.md), and who may become party."""
    source = instrument.completeness_source
    state = ("complete" if instrument.is_complete else "partial") if instrument.ratifiable else None
    return {
        "completeness": state,
        "complete_as_of": instrument.complete_as_of.isoformat() if instrument.complete_as_of else None,
        "completeness_source": source.key if source else None,
        "completeness_source_producer": source.producer if source else None,
        "completeness_source_url": (source.url or None) if source else None,
        "completeness_note": instrument.completeness_note or None,
        "open_to": instrument.open_to or None,
        "closed_to": instrument.closed_codes(),
        "eligibility_note": instrument.eligibility_note or None,
    }


def closed_instruments(country: Country, instruments: list[Instrument] | None = None) -> list[dict[str, Any]]:
    """Instruments whose depositary does not accept this state: it cannot become party (not applicable);
    ``instruments``: the ratifiable ones, when already read."""
    if instruments is None:
        instruments = list(Instrument.objects.filter(ratifiable=True, closed_to__contains=country.code))
    return [
        {"code": i.code, "short_title": i.short_title, "eligibility_note": i.eligibility_note or None}
        for i in sorted(instruments, key=lambda i: i.code)
        if country.code in i.closed_codes()
    ]


def instrument_status(instrument: Instrument, on: dt.date) -> list[dict[str, Any]]:
    """Each participant with at least one act, its status on ``on`` and since when."""
    acts: dict[str, list[TreatyAction]] = {}
    names: dict[str, str] = {}
    for act in instrument.actions.select_related("country"):
        if not act.country.existed_on(on):
            continue
        acts.setdefault(act.country.code, []).append(act)
        names[act.country.code] = act.country.name
    rows = []
    for code in sorted(acts, key=lambda c: names[c]):
        status = status_on(acts[code], on)
        rows.append(
            {
                "country": code,
                "country_name": names[code],
                "status": status.status,
                "since": status.since.iso() if status.since else None,
                "reservation": any(a.reservation for a in acts[code]),
                "verified": all(a.verified for a in acts[code]),
            }
        )
    return rows


def consent_timeline(instrument: Instrument) -> list[dict[str, Any]]:
    """Per year: new consents (ratification, accession...), exits, and parties at the year's end."""
    acts: dict[int, list[TreatyAction]] = {}
    until: dict[int, int | None] = {}
    for act in instrument.actions.select_related("country"):
        acts.setdefault(act.country_id, []).append(act)
        until[act.country_id] = act.country.existed_until
    if not acts:
        return []
    first = min(a.date.first.year for items in acts.values() for a in items)
    joined: Counter[int] = Counter()
    left: Counter[int] = Counter()
    for items in acts.values():
        for act in items:
            if act.action in CONSENT_ACTIONS:
                joined[act.date.first.year] += 1
            elif act.action in EXIT_ACTIONS:
                left[act.date.first.year] += 1
    rows = []
    for year in range(first, dt.date.today().year + 1):
        end = dt.date(year, 12, 31)
        parties = sum(
            1
            for country, items in acts.items()
            if (until[country] is None or year <= until[country]) and status_on(items, end).status == "party"
        )
        rows.append({"year": year, "consents": joined[year], "exits": left[year], "parties": parties})
    return rows


_LINEAGE: Latest[dict[int, dict[str, list[dict[str, str]]]]] = Latest()


def lineage(country: Country) -> dict[str, list[dict[str, str]]]:
    """The country's ``successors`` and ``predecessors`` (code and name, by name), copied for the caller."""
    links = _lineage().get(country.pk, {})
    return {kind: [dict(state) for state in links.get(kind, ())] for kind in ("successors", "predecessors")}


def _lineage() -> dict[int, dict[str, list[dict[str, str]]]]:
    """Each country's successor and predecessor states (code and name, by name, the primary key last), by country
    id, read once per state of the reference data (a few dozen links): a country without any is not listed."""

    def read() -> dict[int, dict[str, list[dict[str, str]]]]:
        names = {pk: (code, name) for pk, code, name in Country.objects.values_list("pk", "code", "name")}
        found: dict[int, dict[str, list[int]]] = {}
        for earlier, later in Country.successors.through.objects.values_list("from_country_id", "to_country_id"):
            found.setdefault(earlier, {"successors": [], "predecessors": []})["successors"].append(later)
            found.setdefault(later, {"successors": [], "predecessors": []})["predecessors"].append(earlier)

        def states(pks: list[int]) -> list[dict[str, str]]:
            ordered = sorted(pks, key=lambda pk: (names[pk][1], pk))  # Country's order (its name), the key last
            return [{"code": names[pk][0], "name": names[pk][1]} for pk in ordered]

        return {pk: {kind: states(pks) for kind, pks in links.items()} for pk, links in found.items()}

    return _LINEAGE.get(generations.key("reference"), read)


# Other apps add sections to the country profile (name -> builder), registered in their AppConfig.ready.
COUNTRY_SECTIONS: dict[str, Callable[[Country, dt.date], Any]] = {}


def country_profile(country: Country, on: dt.date) -> dict[str, Any]:
    """A country page, its twins and ``/api/v1/countries/{iso3}``: commitments on ``on``, with the sections other
    apps register (memberships, scores...)."""
    instruments = ratifiable_instruments()
    return {
        **country_dict(country),
        "on": on.isoformat(),
        "commitments": country_commitments(country, on, instruments),
        "closed_instruments": closed_instruments(country, instruments),
        **lineage(country),
        **{name: build(country, on) for name, build in COUNTRY_SECTIONS.items()},
    }


def instrument_profile(instrument: Instrument, on: dt.date) -> dict[str, Any]:
    """An instrument page, its twins and ``/api/v1/instruments/{code}`` (which leaves out ``statuses``)."""
    statuses = instrument_status(instrument, on)
    votes = instrument.votes.select_related("country").order_by("vote", "country__name")
    return {
        **instrument_dict(instrument),
        "on": on.isoformat(),
        "source": source_dict(instrument.source),
        "parties": sum(1 for s in statuses if s["status"] == "party"),
        "signatories": sum(1 for s in statuses if s["status"] == "signatory"),
        "statuses": statuses,
        "timeline": consent_timeline(instrument),
        "provisions": [{"ref": p.ref, "kind": p.kind, "title": p.title} for p in instrument.provisions.all()],
        "votes": [
            {
                "country": v.country.code,
                "country_name": v.country.name,
                "vote": v.vote,
                "date": v.date.iso(),
                "document": v.document,
                "verified": v.verified,
            }
            for v in votes
        ],
    }
