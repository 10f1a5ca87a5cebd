"""Commitment indicators derived from the embedded treaty actions and memberships."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from migrights.framework.commitments import derive_commitments
from migrights.framework.definition import read_framework
from migrights.framework.loading import load_framework_file
from migrights.framework.queries import commitment_answers, commitment_data

FILES = Path(__file__).parent / "files"
pytestmark = pytest.mark.django_db


def series(frame, country, indicator):
    rows = frame[(frame.country == country) & (frame.indicator == indicator)]
    return dict(zip(rows.year, rows.value, strict=True))


@pytest.fixture
def tiny():
    return load_framework_file(FILES / "tiny-1.0.yaml").framework


def test_philippines_is_party_to_the_1990_convention_from_1995(tiny):
    frame = commitment_answers(tiny, ["PHL"])
    party = series(frame, "PHL", "LAB.2.C1")
    assert party[1994] == 0 and party[1995] == 1 and party[2020] == 1
    assert min(party) == 1990 and max(party) == dt.date.today().year


def test_article_77_acceptance_and_reservations(tiny):
    frame = commitment_answers(tiny, ["MEX", "TUR", "FRA"])
    complaints = series(frame, "MEX", "LAB.2.C2")
    assert complaints[2007] == 0 and complaints[2008] == 1  # declaration deposited 15 September 2008
    reservation = series(frame, "TUR", "LAB.2.C3")
    assert reservation[2003] != reservation[2003]  # not a party yet: not applicable (NaN)
    assert reservation[2004] == 1
    na = frame[(frame.country == "FRA") & (frame.indicator == "LAB.2.C3")]
    assert na.not_applicable.all()  # France never became a party


def test_membership_of_a_regional_consultative_process(tiny):
    frame = commitment_answers(tiny, ["MEX"])
    rcp = series(frame, "MEX", "LAB.2.C4")
    assert rcp[1990] == 0 and rcp[2000] == 1  # Puebla Process, 1996


def test_former_states_stop_and_new_states_start():
    data = commitment_data(["SUHH", "SSD"])
    assert data.years["SUHH"] == range(1990, 1992)
    assert data.years["SSD"].start == 2011


def test_every_country_and_year_is_derived_fast_enough_to_be_real(tiny):
    definition = read_framework(FILES / "tiny-1.0.yaml")
    frame = derive_commitments(definition.indicators, commitment_data())
    assert frame.country.nunique() > 190
    assert set(frame.coder) == {"derived"}
    assert len(frame) == frame[["country", "year", "indicator"]].drop_duplicates().shape[0]


def test_every_derived_value_is_the_rule_on_its_year_reference_day(tiny):
    """A year takes the year before's values only where nothing the rules read changed (``change_days``): on the
    embedded acts and memberships of every state, each value is its rule's on the year's reference day."""
    from migrights.framework.commitments import derive_value, reference_day

    definition = read_framework(FILES / "tiny-1.0.yaml")
    data = commitment_data()
    frame = derive_commitments(definition.indicators, data)
    rules = {i.code: i.derived for i in definition.indicators if i.treaty_derived}
    expected = [
        derive_value(rules[indicator], country, reference_day(year), data)
        for country, year, indicator in zip(frame.country, frame.year, frame.indicator, strict=True)
    ]
    assert list(frame.not_applicable) == [value is None for value in expected]
    assert np.array_equal(frame.value.to_numpy(), np.array([np.nan if v is None else v for v in expected]), True)
    assert frame.groupby(["country", "indicator"]).value.nunique().max() > 1  # values that change over the years


def _value(instrument, country, year, data, rule="party"):
    from migrights.framework.commitments import derive_value

    return derive_value({"rule": rule, "instrument": instrument}, country, dt.date(year, 12, 31), data)


def test_not_bound_only_where_the_data_is_complete_and_unknown_elsewhere():
    data = commitment_data(["USA", "KEN", "GHA", "IND", "PHL", "XKX", "MAR", "SEN"])
    assert _value("ICRMW", "USA", 2020, data) == 0.0  # UN Treaty Collection page: complete, no act
    assert _value("ICRMW", "PHL", 2020, data) == 1.0
    # the 2014 scrape is complete up to 2014; later years read a partial, hand-compiled file
    assert _value("CSR51", "IND", 2010, data) == 0.0
    assert np.isnan(_value("CSR51", "IND", 2020, data))
    # ECOWAS free-movement protocol: hand-compiled, partial; open to ECOWAS members only
    assert np.isnan(_value("ECOWAS-FMP", "GHA", 2020, data))
    assert _value("ECOWAS-FMP", "KEN", 2020, data) is None
    # ILO C189: complete as of 2020-10-05 (the Swiss official list of States parties, 30 States), so a member
    # without an act is not bound in 2020 and unknown in later years; a party is a party whatever the year
    assert _value("ILO-C189", "PHL", 2020, data) == 1.0
    assert _value("ILO-C189", "USA", 2020, data) == 0.0
    assert np.isnan(_value("ILO-C189", "USA", 2022, data))
    assert _value("ILO-C189", "PHL", 2022, data) == 1.0


def test_states_that_cannot_join_are_not_applicable():
    data = commitment_data(["XKX", "MAR", "ZAF"])
    assert _value("ICRMW", "XKX", 2020, data) is None  # the UN depositary does not accept Kosovo
    assert _value("ICRMW", "XKX", 2020, data, rule="signed") is None
    assert _value("ILO-C029", "XKX", 2020, data) is None  # not an ILO member
    assert _value("ACHPR", "MAR", 2000, data) is None  # Morocco was outside the OAU/AU from 1984 to 2017
    assert np.isnan(_value("ACHPR", "MAR", 2020, data))  # a member again, partial data: unknown
    assert _value("ACHPR", "ZAF", 1992, data) is None  # South Africa joined the OAU in May 1994
    party_any = {"rule": "party-any", "instruments": ["ICRMW", "CRC"]}
    from migrights.framework.commitments import derive_value

    assert derive_value(party_any, "XKX", dt.date(2020, 12, 31), data) is None


def test_a_former_state_whose_ilo_membership_was_not_read_is_unknown_not_unbound():
    data = commitment_data(["SUHH", "CSHH", "XKX", "USA"])
    # ILO C029 is complete as of 2026 on NORMLEX's list of members, which has no former state: the USSR in
    # 1990 is neither "not bound" (it had ratified, under the Russian Federation's code) nor "cannot be party"
    assert np.isnan(_value("ILO-C029", "SUHH", 1990, data))
    assert np.isnan(_value("ILO-C029", "CSHH", 1991, data, rule="signed"))
    assert _value("ILO-C029", "XKX", 2020, data) is None  # a known non-member stays not applicable
    assert _value("ILO-C189", "USA", 2020, data) == 0.0  # a known member on complete data stays not bound


def test_eligibility_unknown_only_where_no_known_membership_holds():
    from migrights.framework.commitments import MEMBERSHIP_UNKNOWN, CommitmentData, Coverage, Span

    start = dt.date(1919, 1, 1)
    data = CommitmentData(
        acts={},
        memberships={},
        years={},
        coverage={"X": Coverage(complete_as_of=dt.date(2026, 1, 1), open_to="org")},
        eligibility={
            "AAA": [Span("org", MEMBERSHIP_UNKNOWN, start)],
            "BBB": [Span("org", MEMBERSHIP_UNKNOWN, start), Span("org", "eligibility", dt.date(2000, 1, 1))],
            "CCC": [Span("other", MEMBERSHIP_UNKNOWN, start)],
        },
    )
    on = dt.date(2010, 1, 1)
    assert data.knowledge("AAA", "X", on) == "unknown"
    assert data.knowledge("BBB", "X", on) == "none"  # a read membership holds: known not bound
    assert data.knowledge("BBB", "X", dt.date(1990, 1, 1)) == "unknown"
    assert data.knowledge("CCC", "X", on) == "not-applicable"  # unknown for another organisation only


def test_kosovo_commitments_are_mostly_not_applicable(tiny):
    frame = commitment_answers(tiny, ["XKX"])
    assert frame[frame.indicator.isin(["LAB.2.C1", "LAB.2.C2", "LAB.2.C3"])].not_applicable.all()


def test_the_api_gives_unknown_and_not_applicable_values_as_empty(client):
    response = client.get("/api/v1/commitments", {"country": "USA", "year": 2020, "page_size": 100})
    assert response.status_code == 200
    rows = {r["indicator"]: r for r in response.json()["data"]}
    assert rows["GOV.1.C1"]["value"] == 0 and not rows["GOV.1.C1"]["unknown"]  # ICRMW: complete data
    # ILO C189: complete as of 2020-10-05 (Swiss list of States parties), so 2020 is known, 2022 is not
    assert rows["DOM.1.C1"]["value"] == 0 and not rows["DOM.1.C1"]["unknown"]
    later = client.get("/api/v1/commitments", {"country": "USA", "year": 2022, "page_size": 100}).json()["data"]
    later_rows = {r["indicator"]: r for r in later}
    assert later_rows["DOM.1.C1"]["value"] is None and later_rows["DOM.1.C1"]["unknown"]
    assert not later_rows["DOM.1.C1"]["not_applicable"]
    kosovo = {
        r["indicator"]: r for r in client.get("/api/v1/commitments", {"country": "XKX", "year": 2020}).json()["data"]
    }
    assert kosovo["GOV.1.C1"]["not_applicable"] and kosovo["GOV.1.C1"]["value"] is None
