"""The obligation-law gap rule, pure: a gap needs a known party and a known lacking law; unknown stays unknown."""

from __future__ import annotations

from migrights.law.gaps import (
    GAP,
    NO_GAP,
    NOT_APPLICABLE,
    NOT_BOUND,
    NOT_PARTY,
    PARTY,
    UNKNOWN,
    GapRule,
    LawCell,
    compute_gaps,
    gap_of,
)

RULE = GapRule("CRS61", "1", "A03b_bin", frozenset({"0"}), "grant its nationality...", "crs61-text")
LACKING = LawCell("0", False, "globalcit")
PRESENT = LawCell("1", False, "globalcit")


def state(law, treaty):
    return gap_of(RULE, "AAA", 2021, law, treaty).state


def test_a_gap_needs_a_party_and_a_lacking_law():
    assert state(LACKING, (PARTY, "untc")) == GAP
    assert state(PRESENT, (PARTY, "untc")) == NO_GAP


def test_unknown_treaty_data_or_a_missing_law_value_is_unknown_never_a_gap():
    assert state(LACKING, (UNKNOWN, None)) == UNKNOWN
    assert state(None, (PARTY, "untc")) == UNKNOWN


def test_not_bound_and_not_applicable_are_said_as_such():
    assert state(LACKING, (NOT_PARTY, "untc")) == NOT_BOUND
    assert state(LACKING, (NOT_APPLICABLE, None)) == NOT_APPLICABLE


def test_a_gap_names_instrument_article_variable_and_both_sources():
    gap = gap_of(RULE, "AAA", 2021, LawCell("0", True, "globalcit"), (PARTY, "untc-crs61"))
    assert (gap.instrument, gap.article, gap.variable) == ("CRS61", "1", "A03b_bin")
    assert (gap.law_source, gap.treaty_source, gap.obligation_source) == ("globalcit", "untc-crs61", "crs61-text")
    assert gap.law_carried_forward


def test_compute_gaps_covers_every_country_rule_and_year():
    law = {("AAA", "A03b_bin", 2020): LACKING, ("BBB", "A03b_bin", 2020): PRESENT}
    treaty = {("AAA", 2020): (PARTY, "s"), ("BBB", 2020): (PARTY, "s"), ("AAA", 2021): (PARTY, "s")}
    found = compute_gaps([RULE], ["BBB", "AAA"], [2021, 2020], law, lambda c, i, y: treaty.get((c, y), (UNKNOWN, None)))
    assert [(g.country, g.year, g.state) for g in found] == [
        ("AAA", 2020, GAP), ("AAA", 2021, UNKNOWN), ("BBB", 2020, NO_GAP), ("BBB", 2021, UNKNOWN),
    ]  # fmt: skip
