"""The obligation-law gap, per provision: pure Python (no Django), over values the caller reads.

A gap is stated only where both sides are known: the state is a party to the instrument on 1 January of the year
(on treaty data complete on that day) and its law, in force the same day, has the value the rule calls lacking.
Everything else is said as it is: ``no-gap`` (the law provides it), ``not-bound`` (not a party, on complete data),
``not-applicable`` (the state cannot be party), ``unknown`` (treaty data partial, or no law value for the year).
Unknown is never a gap and never its absence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

GAP = "gap"
NO_GAP = "no-gap"
NOT_BOUND = "not-bound"
NOT_APPLICABLE = "not-applicable"
UNKNOWN = "unknown"
STATES = (GAP, NO_GAP, NOT_BOUND, NOT_APPLICABLE, UNKNOWN)

# what a treaty says of a state on a day: (knowledge, source key of the fact or of the completeness declaration)
PARTY, NOT_PARTY = "party", "not-party"


@dataclass(frozen=True)
class GapRule:
    instrument: str
    article: str
    variable: str
    lacking: frozenset[str]
    obligation: str
    source: str  # the text of the obligation, read
    # other (variable, codes) through which the law provides the same safeguard: unconditional ius soli gives every
    # child born in the territory its nationality, the otherwise stateless child included
    provided_by: tuple[tuple[str, frozenset[str]], ...] = ()


@dataclass(frozen=True)
class LawCell:
    """A law value for one year: its value, whether the year is carried forward, its source key."""

    value: str
    carried_forward: bool
    source: str


@dataclass(frozen=True)
class Gap:
    country: str
    year: int
    instrument: str
    article: str
    variable: str
    state: str
    reason: str
    law_value: str | None
    law_carried_forward: bool
    law_source: str | None
    treaty_source: str | None
    obligation: str
    obligation_source: str


def rules_from(entries: Iterable[Mapping[str, object]]) -> tuple[GapRule, ...]:
    """Rules as the variables file declares them."""
    return tuple(
        GapRule(
            instrument=str(e["instrument"]),
            article=str(e["article"]),
            variable=str(e["variable"]),
            lacking=frozenset(str(v) for v in e["lacking"]),  # type: ignore[attr-defined]
            obligation=str(e["obligation"]),
            source=str(e["source"]),
            provided_by=tuple(
                (str(variable), frozenset(str(v) for v in codes))
                for variable, codes in (e.get("provided_by") or {}).items()  # type: ignore[attr-defined]
            ),
        )
        for e in entries
    )


def gap_of(
    rule: GapRule,
    country: str,
    year: int,
    law: LawCell | None,
    treaty: tuple[str, str | None],
    others: Mapping[str, LawCell | None] | None = None,
) -> Gap:
    """The gap state of one rule for one country and year, with its reason; ``others`` holds that year's values of
    the variables through which the law may provide the safeguard otherwise (``rule.provided_by``)."""
    knowledge, treaty_source = treaty
    others = others or {}
    provided = [(variable, others.get(variable), codes) for variable, codes in rule.provided_by]
    through = next(((v, cell) for v, cell, codes in provided if cell is not None and cell.value in codes), None)
    missing = [v for v, cell, _codes in provided if cell is None]
    if knowledge == NOT_APPLICABLE:
        state, reason = NOT_APPLICABLE, f"the state cannot be party to {rule.instrument}"
    elif knowledge == UNKNOWN:
        state, reason = UNKNOWN, f"the treaty data of {rule.instrument} is partial on 1 January {year}"
    elif knowledge == NOT_PARTY:
        state, reason = NOT_BOUND, f"not a party to {rule.instrument} on 1 January {year}"
    elif law is None:
        state, reason = UNKNOWN, f"no value of {rule.variable} for {year}"
    elif law.value in rule.lacking and through is not None:
        state, reason = NO_GAP, f"the law provides it through {through[0]} = {through[1].value}"
    elif law.value in rule.lacking and missing:
        state = UNKNOWN
        reason = f"{rule.variable} = {law.value}, and no value of {', '.join(missing)} for {year}, which may provide it"
    elif law.value in rule.lacking:
        state, reason = GAP, f"a party to {rule.instrument} whose law has {rule.variable} = {law.value}"
    else:
        state, reason = NO_GAP, f"the law provides it ({rule.variable} = {law.value})"
    return Gap(
        country=country,
        year=year,
        instrument=rule.instrument,
        article=rule.article,
        variable=rule.variable,
        state=state,
        reason=reason,
        law_value=law.value if law else None,
        law_carried_forward=bool(law and law.carried_forward),
        law_source=law.source if law else None,
        treaty_source=treaty_source,
        obligation=rule.obligation,
        obligation_source=rule.source,
    )


def compute_gaps(
    rules: Iterable[GapRule],
    countries: Iterable[str],
    years: Iterable[int],
    law: Mapping[tuple[str, str, int], LawCell],
    treaty: Callable[[str, str, int], tuple[str, str | None]],
) -> list[Gap]:
    """Every rule for every country and year: ``law`` maps (country, variable, year) to its value;
    ``treaty(country, instrument, year)`` says whether the state was a party on 1 January of the year."""
    year_list = sorted(set(years))
    return [
        gap_of(
            rule,
            country,
            year,
            law.get((country, rule.variable, year)),
            treaty(country, rule.instrument, year),
            {variable: law.get((country, variable, year)) for variable, _codes in rule.provided_by},
        )
        for country in sorted(set(countries))
        for rule in rules
        for year in year_list
    ]
