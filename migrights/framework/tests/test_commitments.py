"""Commitment indicators derived from the embedded treaty actions and memberships."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
