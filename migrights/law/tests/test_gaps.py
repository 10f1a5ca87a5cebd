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


IUS_SOLI = GapRule(
    "CRC", "7", "A03b_bin", frozenset({"0"}), "ensure a nationality...", "crc-art7-text",
    provided_by=(("A02a_cat", frozenset({"1"})),),
)  # fmt: skip


def test_unconditional_ius_soli_provides_the_safeguard_and_its_absence_must_be_known():
    """No specific safeguard (A03b_bin 0) is no gap where every child born in the territory is a national (A02a_cat
    1); a gap only where ius soli is known not to be unconditional; unknown where it is not known."""
    party = (PARTY, "untc")
    provided = gap_of(IUS_SOLI, "CAN", 2023, LACKING, party, {"A02a_cat": LawCell("1", False, "globalcit")})
    assert provided.state == NO_GAP and "A02a_cat = 1" in provided.reason
    conditional = gap_of(IUS_SOLI, "ALB", 2023, LACKING, party, {"A02a_cat": LawCell("2", False, "globalcit")})
    assert conditional.state == GAP
    assert gap_of(IUS_SOLI, "XXX", 2023, LACKING, party, {"A02a_cat": None}).state == UNKNOWN
    assert gap_of(IUS_SOLI, "XXX", 2023, PRESENT, party, {}).state == NO_GAP


def test_the_declared_rules_say_how_ius_soli_counts(db):
    from migrights.law.queries import gap_records, gap_rules_declared

    rules = {(r.instrument, r.article): r for r in gap_rules_declared()}
    assert rules["CRC", "7"].provided_by == (("A02a_cat", frozenset({"1"})),)
    assert rules["CRS61", "2"].provided_by == ()  # a foundling's birthplace is unknown: ius soli does not cover it
    # Canada (unconditional ius soli in GLOBALCIT v3.1, no specific safeguard coded) has no gap; Albania has one
    found = {g["country"]: g for g in gap_records(None, 2023, "CRC") if g["country"] in ("CAN", "ALB")}
    assert found["CAN"]["state"] == NO_GAP and found["ALB"]["state"] == GAP
