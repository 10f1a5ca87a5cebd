"""Comparative briefs from the embedded data: a sub-region, a list of countries and one instrument, in the three
languages, from the command line (PDF and HTML) and from the site; the country brief's narrative."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from typer.testing import CliRunner

from migrights.briefs import compare, groups
from migrights.briefs.brief import UnknownCountry, gather
from migrights.cli import app

ON = dt.date(2026, 6, 30)  # the embedded UN data are complete as of 2026-02-03: non-parties are known in 2026


def said(data) -> str:
    return " ".join(s["text"] for part in data["narrative"] for s in part["sentences"])


@pytest.mark.django_db
def test_the_country_narrative_says_what_mexico_ratified_and_what_is_not_recorded():
    data = gather("MEX", ON)
    text = said(data)
    assert "Migrant Workers Convention (ratification, 1999-03-08)" in text
    # ILO C097 has partial data and no act by Mexico: not recorded, never "not party"
    assert "Migration for Employment Convention (data partial)" in text
    assert "is not party to Migration for Employment" not in text
    assert "Central America (UN M49 sub-region)" in text and "Americas (UN M49 region)" in text
    assert "RCM (Puebla Process) (since 1996-03-13)" in text
    commitments = data["narrative"][0]["sentences"][0]
    assert commitments["notes"], "the ratifications cite their numbered sources"
    assert max(commitments["notes"]) <= len(data["source_lines"])


@pytest.mark.django_db
def test_a_former_state_is_described_at_its_end_and_without_acts_is_not_recorded():
    text = said(gather("CSHH", ON))
    assert text.startswith("Czechoslovakia ceased to exist in 1992: what follows describes it at the end of that year.")
    assert "1951 Refugee Convention (data partial)" in text and "is not party to" not in text
    assert "Since 1987-12-31" in text  # the acts of its last five years


@pytest.mark.django_db
def test_a_subregion_brief_compares_its_states():
    with translation.override("en"):
        data = compare.gather_group(area="south-eastern asia", today=ON)
    assert data["title"] == "South-eastern Asia" and data["classification"] == "UN M49 sub-region"
    assert {"PHL", "IDN", "MYS", "THA"} <= set(data["codes"])
    phl = next(r for r in data["rows"] if r["code"] == "PHL")
    icrmw = [c["code"] for c in data["columns"]].index("ICRMW")
    assert phl["cells"][icrmw]["mark"] == "1995" and phl["cells"][icrmw]["state"] == "party"
    assert "Philippines (ratification, 1995-07-05)" in said(data)
    assert data["totals"][icrmw] == sum(1 for r in data["rows"] if r["cells"][icrmw]["state"] == "party")


@pytest.mark.django_db
def test_a_group_brief_in_french_and_unknown_subjects_are_refused():
    with translation.override("fr"):
        data = compare.gather_group(codes=["phl", "IDN", "MYS"], today=ON)
    assert data["codes"] == ["PHL", "IDN", "MYS"]
    text = said(data)
    assert text.startswith("Cette note compare 3 États : ")
    assert "Philippines (ratification, 1995-07-05)" in text and "sont parties à l'instrument" in text
    with pytest.raises(UnknownCountry, match="XXX"):
        compare.gather_group(codes=["PHL", "XXX"], today=ON)
    with pytest.raises(groups.UnknownArea):
        compare.gather_group(area="Narnia", today=ON)
    with pytest.raises(groups.UnknownInstrument):
        compare.gather_instrument("NOPE", ON)


@pytest.mark.django_db
def test_an_instrument_brief_in_spanish_counts_parties_by_region_and_signatories():
    from migrights.reference.models import Instrument
    from migrights.reference.queries import instrument_status

    with translation.override("es"):
        data = compare.gather_instrument("icrmw", ON)
    statuses = instrument_status(Instrument.objects.get(code="ICRMW"), ON)
    assert data["parties"] == sum(1 for s in statuses if s["status"] == "party")
    assert sum(r["parties"] for r in data["by_region"]) <= data["parties"]
    assert {s["country"] for s in data["signatories"]} == {s["country"] for s in statuses if s["status"] == "signatory"}
    assert data["complete"] is True
    text = said(data)
    assert "son parte en el instrumento «Convención sobre los Trabajadores Migratorios» (ICRMW)" in text
    assert "Los actos registrados están completos hasta el 2026-02-03" in text
    assert [r["year"] for r in data["timeline"]][-1] == 2026  # parties over time, up to the brief's year


@pytest.mark.django_db
def test_an_instrument_with_partial_data_says_counts_may_be_low():
    with translation.override("en"):
        data = compare.gather_instrument("C097", ON)  # ILO-C097: partial
    assert data["code"] == "ILO-C097" and data["complete"] is False
    assert "The acts held for this instrument are partial" in said(data)


def test_the_command_line_writes_pdf_and_html_briefs(restore_embedded, django_db_blocker, tmp_path):
    with django_db_blocker.unblock():
        restore_embedded()
        pdf = tmp_path / "sea.pdf"
        result = CliRunner().invoke(app, ["brief", "--region", "South-eastern Asia", "-o", str(pdf)])
        assert result.exit_code == 0, result.output
        assert pdf.read_bytes().startswith(b"%PDF")
        html = tmp_path / "group.html"
        result = CliRunner().invoke(app, ["brief", "--countries", "PHL,IDN,MYS", "--lang", "es", "-o", str(html)])
        assert result.exit_code == 0, result.output
        page = html.read_text()
        assert '<html lang="es">' in page and "Informe comparativo" in page and "Filipinas" in page
        result = CliRunner().invoke(app, ["brief", "--instrument", "ICRMW", "--lang", "fr", "-o", str(html)])
        assert result.exit_code == 0, result.output
        assert "Note sur un instrument" in html.read_text() and "<svg" in html.read_text()
        result = CliRunner().invoke(app, ["brief", "PHL", "--region", "Asia", "-o", str(html)])
        assert result.exit_code == 1 and "name one subject" in result.output
        result = CliRunner().invoke(app, ["brief", "--region", "Narnia", "-o", str(tmp_path / "n.pdf")])
        assert result.exit_code == 1 and "South-eastern Asia" in result.output  # the names it accepts
        assert not (tmp_path / "n.pdf").exists()


@pytest.mark.django_db
def test_the_site_serves_comparative_briefs_in_the_address_language(client):
    page = client.get("/fr/briefs/countries/PHL,IDN.html")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "Note comparative" in page.content.decode()
    page = client.get("/es/briefs/region/south-eastern-asia.html")
    assert page.status_code == 200 and "Asia sudoriental" in page.content.decode()
    button = render_to_string("briefs/comparative_button.html", {"kind": "region", "key": "Western Africa"})
    link = re.search(r'href="([^"]+\.html)"', button).group(1)
    assert link == "/briefs/region/Western%20Africa.html"
    assert "Western Africa" in client.get(link).content.decode()
    assert client.get("/briefs/region/narnia.pdf").status_code == 404
    assert client.get("/briefs/countries/PHL,XXX.pdf").status_code == 404
    assert client.get("/briefs/instrument/NOPE.html").status_code == 404
    assert client.get("/briefs/countries/" + ",".join(["PHL"] * 31) + ".pdf").status_code == 404
