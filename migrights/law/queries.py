"""Read-only queries of the law datasets, shared by the API and ``migrights.data``.

Every record names its dataset, the variable it comes from and its source key; ``dataset_meta`` gives the
licence and citation of each source used, which travel with the values (API ``meta.sources``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Max, Q

from migrights.importers.globalcit import VariableSpec
from migrights.law import gaps as gap_rules
from migrights.law.loading import agreement_provisions, declared, law_variables, meaning
from migrights.law.models import Agreement, LawValue
from migrights.lib import generations
from migrights.lib.memo import Latest, share_related
from migrights.lib.status import complete_on, status_on
from migrights.reference.models import Country, Instrument, Source, TreatyAction

LAW_COLUMNS = (
    "country",
    "year",
    "variable",
    "title",
    "value",
    "meaning",
    "carried_forward",
    "year_from",
    "year_to",
    "carried_to",
    "dataset",
    "source",
)
AGREEMENT_COLUMNS = (
    "key",
    "party_a",
    "party_b",
    "name_a",
    "name_b",
    "partner",
    "signed",
    "ratified",
    "listed_in",
    "title",
    "coded",
    "provisions",
    "note",
    "dataset",
    "source",
)
GAP_COLUMNS = (
    "country",
    "year",
    "instrument",
    "article",
    "variable",
    "state",
    "reason",
    "law_value",
    "law_carried_forward",
    "law_source",
    "treaty_source",
    "obligation",
    "obligation_source",
)


def dataset_meta(keys: Iterable[str]) -> list[dict[str, Any]]:
    """Licence and citation of each source, for the metadata beside the values."""
    return [_source_meta(s) for s in Source.objects.filter(key__in=set(keys)).order_by("key")]


def _source_meta(source: Source) -> dict[str, Any]:
    return {
        "key": source.key,
        "producer": source.producer,
        "title": source.title,
        "url": source.url,
        "licence": source.licence,
        "citation": source.citation,
    }


def _law_record(row: LawValue, year: int | None, variables: dict[str, VariableSpec]) -> dict[str, Any]:
    spec = variables.get(row.variable)
    carried = year is not None and row.carried_to is not None and row.year_to < year <= row.carried_to
    return {
        "country": row.country.code,
        "year": year,
        "variable": row.variable,
        "title": spec.title if spec else "",
        "value": row.value,
        "meaning": meaning(row.variable, row.value, variables) if spec else "",
        "carried_forward": carried,
        "year_from": row.year_from,
        "year_to": row.year_to,
        "carried_to": row.carried_to,
        "dataset": row.dataset,
        "source": row.source.key,
    }


def law_records(
    country: str | None = None, year: int | None = None, variable: str | None = None
) -> list[dict[str, Any]]:
    """Law values: with ``year``, one row per country and variable holding that year (observed, or carried
    forward and said so); without, one row per run of years."""
    rows = LawValue.objects.select_related("source", "country")
    if country:
        rows = rows.filter(country__code=country.upper())
    if variable:
        rows = rows.filter(variable=variable)
    if year is not None:
        rows = rows.filter(year_from__lte=year).filter(
            Q(year_to__gte=year) | Q(carried_to__isnull=False, carried_to__gte=year)
        )
    return _law_rows(rows.order_by("country__code", "variable", "year_from"), year)


def _holds(row: LawValue, year: int) -> bool:
    """The value holds in ``year``: observed then, or carried forward to it (``law_records``' filter, in Python)."""
    return row.year_from <= year and (row.year_to >= year or (row.carried_to is not None and row.carried_to >= year))


def _law_rows(rows: Iterable[LawValue], year: int | None) -> list[dict[str, Any]]:
    variables = law_variables()  # read once, not once per row
    return [_law_record(row, year, variables) for row in rows]


def agreement_record(row: Agreement, country: str | None = None) -> dict[str, Any]:
    """One agreement; with ``country`` (one of its parties), ``partner`` names the other party."""
    code = (country or "").upper()
    partner = row.party_b.code if row.party_a.code == code else row.party_a.code if row.party_b.code == code else None
    return {
        "key": row.key,
        "party_a": row.party_a.code,
        "party_b": row.party_b.code,
        "name_a": row.name_a,
        "name_b": row.name_b,
        "partner": partner,
        "signed": row.signed.iso() if row.signed else None,
        "ratified": row.ratified.iso() if row.ratified else None,
        "listed_in": row.listed_in,
        "title": row.title,
        "coded": row.coded,
        # coded: the provisions the text gives (the others it lacks); not coded: unknown (None)
        "provisions": row.provision_list if row.coded else None,
        "note": row.note,
        "dataset": row.dataset,
        "source": row.source.key,
    }


def agreements(
    country: str | None = None,
    partner: str | None = None,
    provision: str | None = None,
    decade: int | None = None,
) -> Any:
    """Agreements (a query set, in signing order) of a country, with a partner, giving a provision, or signed in
    a decade (e.g. 1990)."""
    rows = Agreement.objects.select_related("source", "party_a", "party_b")
    if country:
        code = country.upper()
        rows = rows.filter(Q(party_a__code=code) | Q(party_b__code=code))
    if partner:
        code = partner.upper()
        rows = rows.filter(Q(party_a__code=code) | Q(party_b__code=code))
    if provision:
        rows = rows.filter(coded=True, provisions__regex=rf"(^|;){provision}(;|$)")
    if decade is not None:
        rows = rows.filter(signed__gte=str(decade), signed__lt=str(decade + 10))
    return rows.order_by("signed", "key")


def provision_labels() -> dict[str, str]:
    return agreement_provisions()


def codebook() -> dict[str, Any]:
    """What the law datasets' variables, codes and coded provisions mean, and the documents that say so (for the
    codebook of the downloads): only codes a read document confirms are listed, and loaded."""
    variables = declared()["globalcit"]["variables"]
    return {
        "variables": [
            {
                "name": name,
                "title": entry["title"],
                "codes": {str(k): v for k, v in (entry.get("codes") or {}).items()},
                "numeric": bool(entry.get("numeric")),
                "basis": entry.get("basis", ""),
            }
            for name, entry in variables.items()
        ],
        "provisions": agreement_provisions(),
        "gap_rules": [
            {"instrument": r.instrument, "article": r.article, "variable": r.variable, "lacking": sorted(r.lacking)}
            | {"provided_by": {v: sorted(codes) for v, codes in r.provided_by}}
            | {"obligation": r.obligation, "source": r.source}
            for r in gap_rules_declared()
        ],
    }


def gap_rules_declared() -> tuple[gap_rules.GapRule, ...]:
    return gap_rules.rules_from(declared().get("gaps") or [])


def _treaty_knowledge(instruments: Iterable[str], countries: Iterable[str] | None) -> Any:
    """``(country, instrument, year) → (knowledge, source)`` on 1 January of the year, from the treaty actions and
    the instrument's declared completeness (``countries`` None: every country's)."""
    codes = set(instruments)
    known = {i.code: i for i in Instrument.objects.filter(code__in=codes).select_related("completeness_source")}
    acts: dict[tuple[str, str], list[TreatyAction]] = defaultdict(list)
    chosen = TreatyAction.objects.filter(instrument__code__in=codes)
    if countries is not None:
        chosen = chosen.filter(country__code__in=set(countries))
    for act in chosen.select_related("source", "instrument", "country"):
        acts[act.country.code, act.instrument.code].append(act)

    def knowledge(country: str, instrument: str, year: int) -> tuple[str, str | None]:
        record = known.get(instrument)
        if record is None:
            return gap_rules.UNKNOWN, None
        if country in record.closed_codes():
            return gap_rules.NOT_APPLICABLE, None
        on = dt.date(year, 1, 1)
        own = acts.get((country, instrument), [])
        status = status_on(own, on)
        complete = complete_on(record.complete_as_of, on)
        completeness = record.completeness_source.key if record.completeness_source else None
        if status.status == "party":
            act = next((a for a in own if a.date == status.since), None)
            if not complete:  # a party on partial data may have left unrecorded: not enough to state a gap
                return gap_rules.UNKNOWN, act.source.key if act else None
            return gap_rules.PARTY, act.source.key if act else None
        return (gap_rules.NOT_PARTY, completeness) if complete else (gap_rules.UNKNOWN, None)

    return knowledge


def gap_records(
    country: str | None = None,
    year: int | None = None,
    instrument: str | None = None,
    state: str | None = None,
) -> list[dict[str, Any]]:
    """Obligation-law gaps for the years the law data covers (see ``migrights.law.gaps``)."""
    rules = [r for r in gap_rules_declared() if instrument is None or r.instrument == instrument.upper()]
    values = LawValue.objects.filter(variable__in=_gap_variables(rules)).select_related("source", "country")
    if country:
        values = values.filter(country__code=country.upper())
    if country and year is not None:  # one country's year (its page): only the values holding then
        values = values.filter(year_from__lte=year)
    countries = None if country is None else {country.upper()}
    knowledge = _treaty_knowledge({r.instrument for r in rules}, countries)
    return _gaps(rules, values, country, year, state, knowledge)


def _gap_variables(rules: Iterable[gap_rules.GapRule]) -> set[str]:
    return {v for r in rules for v in (r.variable, *(name for name, _codes in r.provided_by))}


def _gaps(
    rules: list[gap_rules.GapRule],
    values: Iterable[LawValue],
    country: str | None,
    year: int | None,
    state: str | None,
    treaty: Any,
) -> list[dict[str, Any]]:
    """``gap_records`` from the law values of the rules' variables (one country's from ``year`` back, when both are
    given) and the treaty knowledge (``_treaty_knowledge``)."""
    law: dict[tuple[str, str, int], gap_rules.LawCell] = {}
    for row in values:
        last = row.carried_to or row.year_to
        if country and year is not None:
            if last >= year:
                law[row.country.code, row.variable, year] = gap_rules.LawCell(
                    row.value, year > row.year_to, row.source.key
                )
            continue
        for y in range(row.year_from, last + 1):
            law[row.country.code, row.variable, y] = gap_rules.LawCell(row.value, y > row.year_to, row.source.key)
    countries = {c for c, _v, _y in law}
    years = {y for _c, _v, y in law}
    if year is not None:
        years = {year} & years
    found = gap_rules.compute_gaps(rules, countries, years, law, treaty)
    return [vars(g) for g in found if state is None or g.state == state]


_LATEST_YEAR: Latest[int | None] = Latest()


def latest_law_year() -> int | None:
    """The last year the law data holds a value for (observed or carried forward), read once per state of the law
    data."""

    def read() -> int | None:
        found = LawValue.objects.aggregate(observed=Max("year_to"), carried=Max("carried_to"))
        known = [y for y in found.values() if y is not None]
        return max(known) if known else None

    return _LATEST_YEAR.get(generations.key("law"), read)


class _LawIndex:
    """Every country's law values, agreements and treaty knowledge on the gap rules' instruments, and the sources,
    read in a few queries once per state of the law and reference data (a few thousand rows) for the country
    profiles: each country's section is then built without a query."""

    def __init__(self) -> None:
        countries, sources = Country.objects.in_bulk(), Source.objects.in_bulk()
        self.values: dict[str, list[LawValue]] = defaultdict(list)
        values = LawValue.objects.order_by("country__code", "variable", "year_from")
        for row in share_related(values, country=countries, source=sources):
            self.values[row.country.code].append(row)
        self.agreements: dict[str, list[Agreement]] = defaultdict(list)
        chosen = Agreement.objects.order_by("signed", "key")  # as ``agreements``
        for agreement in share_related(chosen, party_a=countries, party_b=countries, source=sources):
            for code in dict.fromkeys((agreement.party_a.code, agreement.party_b.code)):
                self.agreements[code].append(agreement)
        self.sources = list(Source.objects.order_by("key"))
        self.rules = list(gap_rules_declared())
        self.gap_variables = _gap_variables(self.rules)
        self.treaty = _treaty_knowledge({r.instrument for r in self.rules}, None)


_LAW_INDEX: Latest[_LawIndex] = Latest()


def country_law(country: Country, on: dt.date) -> dict[str, Any]:
    """The country profile's law section: each citizenship-law value in force on 1 January of ``on``'s year (the
    latest year the data holds when ``on`` is later), the obligation-law gaps that year, the bilateral labour
    agreements (partner named), and the licence and citation of every dataset and text they come from: the
    records of ``law_records``, ``gap_records``, ``agreement_record`` and ``dataset_meta``, from ``_LawIndex``."""
    index = _LAW_INDEX.get(generations.key("law", "reference"), _LawIndex)
    latest = latest_law_year()
    year = min(on.year, latest) if latest is not None else on.year
    own = index.values.get(country.code, [])
    values = [
        {**row, "carried_from": row["year_to"] if row["carried_forward"] else None}
        for row in _law_rows((r for r in own if _holds(r, year)), year)
    ]
    held = [r for r in own if r.variable in index.gap_variables and r.year_from <= year]
    found = _gaps(index.rules, held, country.code, year, None, index.treaty)
    chosen = [agreement_record(a, country.code) for a in index.agreements.get(country.code, [])]
    keys = {r["source"] for r in values} | {a["source"] for a in chosen}
    keys |= {k for g in found for k in (g["law_source"], g["treaty_source"], g["obligation_source"]) if k}
    sources = [_source_meta(s) for s in index.sources if s.key in keys]
    return {"year": year, "values": values, "gaps": found, "agreements": chosen, "sources": sources}


def instrument_gaps(instrument: str, on: dt.date) -> dict[str, Any] | None:
    """An instrument page's "parties whose law lacks ..." section (None when no gap rule concerns the instrument):
    for each article the law data codes, the comparison in force on 1 January of ``on``'s year (the latest year the
    data holds when later), every country's state said as it is, and the licence and citation of every source."""
    rules = [r for r in gap_rules_declared() if r.instrument == instrument.upper()]
    if not rules:
        return None
    latest = latest_law_year()
    year = min(on.year, latest) if latest is not None else on.year
    found = gap_records(None, year, instrument)
    # parties the law dataset does not cover at all: unknown, listed with the others
    covered = {g["country"] for g in found}
    states = Country.objects.filter(kind=Country.Kind.STATE).exclude(code__in=covered)
    others = list(states.values_list("code", flat=True))
    knowledge = _treaty_knowledge({r.instrument for r in rules}, others)
    for code in others:
        treaty = knowledge(code, instrument.upper(), year)
        if treaty[0] == gap_rules.PARTY:
            found += [vars(gap_rules.gap_of(rule, code, year, None, treaty)) for rule in rules]
    articles = []
    for rule in rules:
        rows = [g for g in found if g["article"] == rule.article and g["variable"] == rule.variable]
        articles.append(
            {
                "article": rule.article,
                "variable": rule.variable,
                "title": law_variables()[rule.variable].title if rule.variable in law_variables() else "",
                "obligation": rule.obligation,
                "obligation_source": rule.source,
                "provided_by": [v for v, _codes in rule.provided_by],
                "counts": {state: sum(1 for g in rows if g["state"] == state) for state in gap_rules.STATES},
                **{key: [g for g in rows if g["state"] == state] for key, state in STATE_KEYS.items()},
            }
        )
    keys = {k for g in found for k in (g["law_source"], g["treaty_source"], g["obligation_source"]) if k}
    return {"year": year, "articles": articles, "sources": dataset_meta(keys | {r.source for r in rules})}


# the states an instrument's gap section lists country by country (the others are counted)
STATE_KEYS = {"gaps": gap_rules.GAP, "no_gaps": gap_rules.NO_GAP, "unknown": gap_rules.UNKNOWN}
