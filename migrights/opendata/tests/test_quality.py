"""The data-quality report (/sources/quality/ and `migrights data audit`): per instrument and per body."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict

import pytest
from typer.testing import CliRunner

from migrights.cli import app
from migrights.governance.models import Membership
from migrights.lib.status import status_on
from migrights.reference.models import Instrument, Source, TreatyAction

pytestmark = pytest.mark.django_db


def line_of(lines, key, value):
    return next(line for line in lines if line[key] == value)


def test_an_instrument_line_counts_what_the_rows_say(client):
    data = client.get("/sources/quality.json").json()["data"]
    icrmw = line_of(data["instruments"], "code", "ICRMW")
    acts = list(TreatyAction.objects.filter(instrument__code="ICRMW"))
    by_country = defaultdict(list)
    for act in acts:
        by_country[act.country_id].append(act)
    parties = sum(status_on(a, dt.date.today()).status == "party" for a in by_country.values())
    assert icrmw["rows"] == len(acts) > 90
    assert icrmw["parties"] == parties > 50
    # the UN core treaties come whole from the depositary's pages of 3 February 2026
    assert icrmw["complete_as_of"] == "2026-02-03" and icrmw["verified_share"] == 1.0
    assert icrmw["day_precision_share"] == round(sum(a.date.precision == "day" for a in acts) / len(acts), 4)
    assert icrmw["oldest_source"] == min(a.source.accessed for a in acts).isoformat()
    assert {line["code"] for line in data["instruments"]} == set(
        Instrument.objects.filter(ratifiable=True).values_list("code", flat=True)
    )


def test_rows_resting_on_an_unread_source_are_counted(client):
    act = TreatyAction.objects.filter(instrument__code="ICRMW").select_related("source").first()
    citing = TreatyAction.objects.filter(instrument__code="ICRMW", source=act.source).count()
    Source.objects.filter(pk=act.source_id).update(read=False)
    icrmw = line_of(client.get("/sources/quality.json").json()["data"]["instruments"], "code", "ICRMW")
    assert icrmw["unread_rows"] == citing > 0


def test_a_body_line_counts_members_and_dates(client):
    bodies = client.get("/sources/quality.json").json()["data"]["bodies"]
    held = list(Membership.objects.filter(body__slug="eu-free-movement"))
    members = [m for m in held if m.role == "member" and m.country_id]
    eu = line_of(bodies, "slug", "eu-free-movement")
    assert eu["members"] == len(members) > 20
    assert eu["members_with_start"] == sum(m.start is not None for m in members)
    assert eu["members_with_end"] == sum(m.end is not None for m in members) >= 1  # the United Kingdom left


def test_the_page_and_its_csv_twin(client):
    page = client.get("/sources/quality/").content.decode()
    assert 'href="/instruments/ICRMW/"' in page and "complete as of 2026-02-03" in page
    assert 'href="/bodies/eu-free-movement/"' in page
    assert 'href="/sources/quality/"' in client.get("/sources/").content.decode()
    rows = list(csv.DictReader(io.StringIO(client.get("/sources/quality.csv").content.decode())))
    assert len(rows) == Instrument.objects.filter(ratifiable=True).count()
    assert {"code", "parties", "stated_parties", "complete_as_of", "unread_rows"} <= set(rows[0])
    assert "complètes au 2026-02-03" in client.get("/fr/sources/quality/").content.decode()


def test_the_command_writes_the_same_report():
    result = CliRunner().invoke(app, ["data", "audit", "--format", "json", "--part", "bodies"])
    assert result.exit_code == 0, result.output
    bodies = json.loads(result.stdout)
    assert line_of(bodies, "slug", "eu-free-movement")["members"] > 20
    shown = CliRunner().invoke(app, ["data", "audit"])
    assert shown.exit_code == 0 and "ICRMW" in shown.stdout and "Governance bodies" in shown.stdout


def test_the_count_a_read_depositary_page_states_is_shown_beside_the_parties_held(client):
    lines = client.get("/sources/quality.json").json()["data"]["instruments"]
    trafficking = line_of(lines, "code", "UNTOC-TIP")
    # the UN status page as at 20 April 2024 states 182 parties; acts after 2013 are compiled by hand
    assert (trafficking["stated_parties"], trafficking["stated_as_of"]) == (182, "2024-04-20")
    assert trafficking["parties"] < 182 and trafficking["complete_as_of"] == "2013-12-13"
    assert line_of(lines, "code", "ICRMW")["stated_parties"] is None
