"""The commitment rules on small, hand-made facts (no database): each boundary of each rule.

Three states of knowledge are never merged: 1 when a fact says so, 0 only where the instrument's data is
complete on the day, unknown (NaN) otherwise; ``None`` (not applicable) where the state could not be party.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from migrights.framework.commitments import (
    COMPLETE,
    Act,
    CommitmentData,
    Coverage,
    Span,
    country_years,
    derive_commitments,
    derive_value,
    reference_day,
)
from migrights.framework.definition import IndicatorDef
from migrights.lib.dates import PartialDate

DAY = dt.date(2020, 12, 31)
PARTIAL = Coverage(complete_as_of=None)


def act(action: str, date: str, effective: str | None = None, **kwargs) -> Act:
    return Act(action, PartialDate.parse(date), PartialDate.parse(effective) if effective else None, **kwargs)


def data(acts=None, coverage=None, memberships=None, eligibility=None, years=None) -> CommitmentData:
    return CommitmentData(
        acts=acts or {},
        memberships=memberships or {},
        years=years or {},
        coverage=coverage or {},
        eligibility=eligibility or {},
    )


def value(rule: dict, facts: CommitmentData, country: str = "AAA", on: dt.date = DAY) -> float | None:
    return derive_value(rule, country, on, facts)


def is_unknown(result: float | None) -> bool:
    return result is not None and math.isnan(result)


# ---- memberships and who may join -----------------------------------------------------------------------


def test_a_membership_holds_from_its_first_day_until_the_day_before_its_end():
    span = Span("au", "organisation", dt.date(2000, 5, 1), dt.date(2010, 5, 1))
    assert not span.holds_on(dt.date(2000, 4, 30))
    assert span.holds_on(dt.date(2000, 5, 1)) and span.holds_on(dt.date(2010, 4, 30))
    assert not span.holds_on(dt.date(2010, 5, 1))
    assert Span("au", "organisation", dt.date(2000, 5, 1)).holds_on(dt.date(2100, 1, 1))


def test_an_instrument_without_declared_coverage_is_complete_and_open_to_all():
    facts = data()
    assert facts.coverage_of("X") == COMPLETE
    assert facts.eligible("AAA", "X", DAY)
    assert facts.knowledge("AAA", "X", DAY) == "none"


def test_a_state_the_depositary_refuses_may_not_join_unless_an_act_proves_it_did():
    closed = {"X": Coverage(complete_as_of=dt.date.max, closed_to=frozenset({"KKK"}))}
    assert not data(coverage=closed).eligible("KKK", "X", DAY)
    assert data(coverage=closed).eligible("AAA", "X", DAY)
    signed = {("KKK", "X"): [act("signature", "2020-12-31")]}
    assert data(signed, closed).eligible("KKK", "X", DAY)  # an act on the day itself proves it
    assert not data(signed, closed).eligible("KKK", "X", dt.date(2020, 12, 30))


def test_an_instrument_open_to_an_organisations_members_needs_membership_on_the_day():
    open_to = {"X": Coverage(complete_as_of=dt.date.max, open_to="au")}
    spans = {
        "AAA": [Span("au", "organisation", dt.date(1994, 5, 23))],
        "BBB": [Span("ecowas", "organisation", dt.date(1975, 1, 1))],
        "CCC": [Span("au", "organisation", dt.date(1963, 5, 25), dt.date(1984, 11, 12))],
    }
    facts = data(coverage=open_to, eligibility=spans)
    assert facts.eligible("AAA", "X", DAY) and not facts.eligible("AAA", "X", dt.date(1994, 5, 22))
    assert not facts.eligible("BBB", "X", DAY)  # a member of another organisation
    assert not facts.eligible("CCC", "X", DAY) and facts.eligible("CCC", "X", dt.date(1980, 1, 1))
    assert not facts.eligible("DDD", "X", DAY)  # a member of nothing
    assert value({"rule": "party", "instrument": "X"}, facts, "BBB") is None


# ---- what is known of a state's status ----------------------------------------------------------------


def test_a_party_is_known_whatever_the_data_and_the_rest_only_where_complete():
    acts = {("PPP", "X"): [act("ratification", "2001-03-04")], ("SSS", "X"): [act("signature", "2001")]}
    partial = data(acts, {"X": PARTIAL})
    assert partial.knowledge("PPP", "X", DAY) == "party"
    assert partial.knowledge("SSS", "X", DAY) == "unknown"
    assert partial.knowledge("AAA", "X", DAY) == "unknown"
    complete = data(acts)
    assert complete.knowledge("SSS", "X", DAY) == "signatory" and complete.knowledge("AAA", "X", DAY) == "none"
    closed = data(acts, {"X": Coverage(None, closed_to=frozenset({"KKK"}))})
    assert closed.knowledge("KKK", "X", DAY) == "not-applicable"


def test_data_complete_as_of_a_day_answers_for_that_year_and_not_later():
    facts = data(coverage={"X": Coverage(complete_as_of=dt.date(2020, 10, 5))})
    assert value({"rule": "party", "instrument": "X"}, facts) == 0.0
    assert is_unknown(value({"rule": "party", "instrument": "X"}, facts, on=dt.date(2021, 12, 31)))


def test_the_reference_day_is_the_last_of_the_year_or_today_in_the_running_year():
    today = dt.date(2026, 3, 9)
    assert reference_day(2025, today) == dt.date(2025, 12, 31)
    assert reference_day(2026, today) == today
    assert reference_day(1990) == dt.date(1990, 12, 31)


# ---- the rules ----------------------------------------------------------------------------------------


def test_party_counts_from_entry_into_force_and_ends_with_a_denunciation():
    acts = {("AAA", "X"): [act("ratification", "2005-01-10", "2005-04-10"), act("denunciation", "2015-06-01")]}
    facts = data(acts)
    rule = {"rule": "party", "instrument": "X"}
    assert value(rule, facts, on=dt.date(2005, 4, 9)) == 0.0
    assert value(rule, facts, on=dt.date(2005, 4, 10)) == 1.0
    assert value(rule, facts, on=dt.date(2015, 6, 1)) == 0.0
    assert is_unknown(value(rule, data(coverage={"X": PARTIAL})))


def test_party_to_any_is_one_when_any_is_and_unknown_only_among_applicable_instruments():
    acts = {("AAA", "Y"): [act("accession", "1999")]}
    partial_y = {"Y": PARTIAL}
    closed = Coverage(complete_as_of=dt.date.max, closed_to=frozenset({"AAA"}))
    rule = {"rule": "party-any", "instruments": ["X", "Y"]}
    assert value(rule, data(acts, partial_y)) == 1.0
    assert value(rule, data()) == 0.0
    assert is_unknown(value(rule, data(coverage=partial_y)))
    assert value(rule, data(coverage={"X": closed, "Y": closed})) is None  # none applies
    assert value(rule, data(coverage={"X": closed})) == 0.0  # Y applies and is known: not a party
    assert is_unknown(value(rule, data(coverage={"X": closed, "Y": PARTIAL})))


def test_a_signature_is_a_fact_whatever_the_completeness_and_a_party_has_signed_too():
    rule = {"rule": "signed", "instrument": "X"}
    signed = {("AAA", "X"): [act("signature", "2010-02-01")]}
    assert value(rule, data(signed, {"X": PARTIAL})) == 1.0
    assert value(rule, data(signed), on=dt.date(2010, 1, 31)) == 0.0
    assert value(rule, data({("AAA", "X"): [act("accession", "2010")]}, {"X": PARTIAL})) == 1.0
    assert value(rule, data()) == 0.0
    assert is_unknown(value(rule, data(coverage={"X": PARTIAL})))
    closed = {"X": Coverage(complete_as_of=dt.date.max, closed_to=frozenset({"AAA"}))}
    assert value(rule, data(coverage=closed)) is None


def test_a_procedure_counts_for_a_party_whose_acceptance_of_that_article_took_effect():
    rule = {"rule": "procedure", "instrument": "X", "article": 77}
    party = act("ratification", "2001-01-01")
    accepted = act("procedure-acceptance", "2008-09-15", articles=("76", "77"))
    other_article = act("procedure-acceptance", "2008-09-15", articles=("76",))
    facts = data({("AAA", "X"): [party, accepted]})
    assert value(rule, facts, on=dt.date(2008, 9, 15)) == 1.0
    assert value(rule, facts, on=dt.date(2008, 9, 14)) == 0.0
    assert value(rule, data({("AAA", "X"): [party, other_article]})) == 0.0
    assert is_unknown(value(rule, data({("AAA", "X"): [party]}, {"X": PARTIAL})))
    assert value(rule, data({("AAA", "X"): [party, accepted]}, {"X": PARTIAL})) == 1.0
    # not a party: the procedure is not accepted (0) where known, unknown where not, not applicable if barred
    assert value(rule, data({("AAA", "X"): [accepted]})) == 0.0
    assert value(rule, data({("AAA", "X"): [act("signature", "2000")]})) == 0.0
    assert is_unknown(value(rule, data(coverage={"X": PARTIAL})))
    closed = {"X": Coverage(complete_as_of=dt.date.max, closed_to=frozenset({"AAA"}))}
    assert value(rule, data(coverage=closed)) is None


def test_a_reservation_is_asked_of_parties_only_and_read_from_their_consent_or_signature():
    party = act("ratification", "2004-01-01")
    reserved = act("ratification", "2004-01-01", reservation=True, articles=("92",))
    at_signature = act("signature", "2003-05-01", reservation=True)
    rule = {"rule": "reservation", "instrument": "X"}
    assert value(rule, data({("AAA", "X"): [reserved]})) == 1.0
    assert value(rule, data({("AAA", "X"): [party, at_signature]})) == 1.0
    assert value(rule, data({("AAA", "X"): [party]})) == 0.0
    assert is_unknown(value(rule, data({("AAA", "X"): [party]}, {"X": PARTIAL})))
    # a reservation made with an act other than consent or signature does not count
    objection = act("procedure-acceptance", "2005-01-01", reservation=True)
    assert value(rule, data({("AAA", "X"): [party, objection]})) == 0.0
    # a reservation taking effect after the day does not count yet
    late = act("accession", "2004-01-01", "2021-01-01", reservation=True)
    assert value(rule, data({("AAA", "X"): [party, late]})) == 0.0
    # on one article: the article must be among the act's
    assert value({**rule, "article": 92}, data({("AAA", "X"): [reserved]})) == 1.0
    assert value({**rule, "article": 77}, data({("AAA", "X"): [reserved]})) == 0.0
    # not a party: not applicable where known, unknown where the data cannot tell
    assert value(rule, data({("AAA", "X"): [at_signature]})) is None
    assert value(rule, data()) is None
    assert is_unknown(value(rule, data(coverage={"X": PARTIAL})))


def test_membership_of_a_body_and_of_a_kind_of_body_on_the_day():
    spans = {"AAA": [Span("puebla", "rcp", dt.date(1996, 3, 13)), Span("gfmd", "forum", dt.date(2007, 7, 9))]}
    facts = data(memberships=spans)
    assert value({"rule": "member", "body": "puebla"}, facts) == 1.0
    assert value({"rule": "member", "body": "puebla"}, facts, on=dt.date(1996, 3, 12)) == 0.0
    assert value({"rule": "member", "body": "bali"}, facts) == 0.0
    assert value({"rule": "member-kind", "body_kind": "rcp"}, facts) == 1.0
    assert value({"rule": "member-kind", "body_kind": "rcp"}, facts, on=dt.date(1990, 12, 31)) == 0.0
    assert value({"rule": "member-kind", "body_kind": "treaty-body"}, facts) == 0.0
    assert value({"rule": "member", "body": "puebla"}, facts, country="BBB") == 0.0


def test_an_unknown_rule_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown derivation rule 'votes'"):
        value({"rule": "votes", "instrument": "X"}, data())


# ---- every derived indicator for every country and year ---------------------------------------------


def indicator(code: str, derived: dict | None) -> IndicatorDef:
    return IndicatorDef(
        code, "C", "C.1", "", "", "commitment", "binary", (), None, "higher", 1.0, (), False, (), derived, "", (), 0
    )


def test_the_derived_table_has_one_row_per_country_year_and_derived_indicator():
    acts = {("AAA", "X"): [act("ratification", "1992-06-01")]}
    closed = {"X": Coverage(complete_as_of=dt.date.max, closed_to=frozenset({"KKK"}))}
    facts = data(acts, closed, years={"AAA": range(1991, 1994), "KKK": range(1993, 1994)})
    indicators = [indicator("C.1.C1", {"rule": "party", "instrument": "X"}), indicator("C.1.P1", None)]
    frame = derive_commitments(indicators, facts, today=dt.date(2026, 1, 1))
    assert list(frame.columns) == ["country", "year", "indicator", "coder", "value", "not_applicable"]
    rows = [tuple(r) for r in frame.itertuples(index=False)]
    assert rows[:3] == [
        ("AAA", 1991, "C.1.C1", "derived", 0.0, False),
        ("AAA", 1992, "C.1.C1", "derived", 1.0, False),
        ("AAA", 1993, "C.1.C1", "derived", 1.0, False),
    ]
    (kosovo,) = rows[3:]
    assert kosovo[:4] == ("KKK", 1993, "C.1.C1", "derived") and math.isnan(kosovo[4]) and kosovo[5] is True
    only = derive_commitments(indicators, facts, countries=["KKK", "ZZZ"], today=dt.date(2026, 1, 1))
    assert list(only.country) == ["KKK"]


def test_the_years_of_a_country_run_from_1990_or_its_start_to_its_end_or_this_year():
    today = dt.date(2026, 5, 1)
    years = country_years({"OLD": 1950, "NEW": 2011, "GONE": 1950}, {"GONE": 1991, "OLD": None}, today)
    assert years == {"OLD": range(1990, 2027), "NEW": range(2011, 2027), "GONE": range(1990, 1992)}
    assert country_years({"FUT": 2020}, {"FUT": 2030}, today)["FUT"] == range(2020, 2027)
    assert country_years({"NOW": 2000}, {})["NOW"][-1] == dt.date.today().year


def test_the_running_year_is_read_on_the_day_given_as_today():
    facts = data({("AAA", "X"): [act("ratification", "2000-06-01")]}, years={"AAA": range(2000, 2001)})
    indicators = [indicator("C.1.C1", {"rule": "party", "instrument": "X"})]
    assert list(derive_commitments(indicators, facts, today=dt.date(2000, 3, 1)).value) == [0.0]
    assert list(derive_commitments(indicators, facts, today=dt.date(2000, 6, 1)).value) == [1.0]


def test_a_table_of_not_applicable_values_only_is_still_a_table_of_numbers():
    closed = {"X": Coverage(complete_as_of=dt.date.max, closed_to=frozenset({"KKK"}))}
    facts = data(coverage=closed, years={"KKK": range(2008, 2010)})
    frame = derive_commitments([indicator("C.1.C1", {"rule": "party", "instrument": "X"})], facts, today=DAY)
    assert frame["value"].dtype == float and frame["value"].isna().all() and frame["not_applicable"].all()


def test_a_reservation_counts_from_the_day_it_takes_effect():
    acts = [act("ratification", "2004-01-01"), act("signature", "2020-12-31", reservation=True)]
    rule = {"rule": "reservation", "instrument": "X"}
    assert value(rule, data({("AAA", "X"): acts})) == 1.0
    assert value(rule, data({("AAA", "X"): acts}), on=dt.date(2020, 12, 30)) == 0.0


def test_a_year_reuses_the_year_before_only_where_nothing_the_rules_read_changed_in_between():
    """``derive_commitments`` derives a year again only where a change day fell since the year before: each year's
    values are those ``derive_value`` gives on its reference day, for every kind of rule and every kind of change
    (an act known by its year, one taking effect later, one opening an instrument to a state otherwise unable to
    join, a membership ending, eligibility starting, data complete only up to a year)."""
    acts = {
        ("AAA", "X"): [
            act("signature", "1995"),
            act("ratification", "1997-03-01", effective="1998-06-01", reservation=True),
            act("procedure-acceptance", "2003-05-05", articles=("77",)),
            act("denunciation", "2009-10-01"),
        ],
        ("BBB", "Y"): [act("accession", "2001-07-01")],
        # not a member of the organisation, yet able to join once it acted: from its act's first day, a year before
        # the act takes effect
        ("CCC", "Y"): [act("signature", "2003-05-01", effective="2004-06-01")],
    }
    coverage = {"X": Coverage(complete_as_of=dt.date(2005, 6, 30)), "Y": Coverage(open_to="eu")}
    memberships = {"AAA": [Span("rcp", "rcp", dt.date(1996, 2, 1), dt.date(2004, 1, 1))]}
    eligibility = {"BBB": [Span("eu", "eligibility", dt.date(1999, 5, 1)), Span("eu", "membership-unknown", DAY)]}
    facts = data(
        acts, coverage, memberships, eligibility, years={code: range(1990, 2013) for code in ("AAA", "BBB", "CCC")}
    )
    rules = {
        "P": {"rule": "party", "instrument": "X"},
        "A": {"rule": "party-any", "instruments": ["X", "Y"]},
        "S": {"rule": "signed", "instrument": "X"},
        "C": {"rule": "procedure", "instrument": "X", "article": "77"},
        "R": {"rule": "reservation", "instrument": "X"},
        "M": {"rule": "member", "body": "rcp"},
        "K": {"rule": "member-kind", "body_kind": "rcp"},
        "E": {"rule": "party", "instrument": "Y"},
    }
    frame = derive_commitments([indicator(f"C.1.{code}", rule) for code, rule in rules.items()], facts, today=DAY)
    assert len(frame) == 3 * 23 * len(rules)
    changed = set()
    for row in frame.itertuples(index=False):
        expected = derive_value(rules[row.indicator[-1]], row.country, reference_day(row.year, DAY), facts)
        assert row.not_applicable == (expected is None), row
        assert (math.isnan(row.value) and (expected is None or math.isnan(expected))) or row.value == expected, row
        changed.add((row.country, row.indicator, row.value if row.value == row.value else "NaN"))
    assert len(changed) > 3 * len(rules)  # the values do change over the years: the reuse is put to the test
