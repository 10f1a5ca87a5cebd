"""The embedded data: valid, sourced, rebuilt identically from the raw files, faithful to the pages."""

import datetime as dt
from pathlib import Path

import pytest

from migrights.importers.untc_html import parse_untc_html
from migrights.lib.paths import EMBEDDED_DATA_DIR
from migrights.lib.yamlfiles import load_yaml
from migrights.reference.build import UNTC_2026, build_embedded
from migrights.reference.models import Country, Instrument, Source, TreatyAction
from migrights.reference.queries import instrument_status

pytestmark = pytest.mark.django_db


def parties_on(instrument: Instrument, on: dt.date) -> set[str]:
    return {row["country"] for row in instrument_status(instrument, on) if row["status"] == "party"}


PAGE_DATE = dt.date(2026, 2, 3)

REQUIRED_CODES = [
    "ICERD",
    "ICESCR",
    "ICESCR-OP",
    "ICCPR",
    "ICCPR-OP1",
    "ICCPR-OP2",
    "CEDAW",
    "CEDAW-OP",
    "CAT",
    "OPCAT",
    "CRC",
    "CRC-OPAC",
    "CRC-OPSC",
    "CRC-OPIC",
    "ICRMW",
    "CRPD",
    "CRPD-OP",
    "CPED",
    "CSR51",
    "PSR67",
    "CSSP54",
    "CRS61",
    "UNTOC",
    "UNTOC-TIP",
    "UNTOC-SOM",
    "ILO-C029",
    "ILO-P029",
    "ILO-C087",
    "ILO-C098",
    "ILO-C100",
    "ILO-C105",
    "ILO-C111",
    "ILO-C138",
    "ILO-C182",
    "ILO-C155",
    "ILO-C187",
    "ILO-C097",
    "ILO-C143",
    "ILO-C181",
    "ILO-C189",
    "ILO-C118",
    "ILO-C157",
    "ILO-R086",
    "ILO-R151",
    "ILO-R200",
    "ILO-R201",
]


def test_every_yaml_file_passes_its_schema():
    for name, schema in [("instruments.yaml", "instruments"), ("bodies.yaml", "bodies")]:
        load_yaml(EMBEDDED_DATA_DIR / name, schema)
    for path in (EMBEDDED_DATA_DIR / "sources").glob("*.yaml"):
        load_yaml(path, "sources")
    for path in (EMBEDDED_DATA_DIR / "provisions").glob("*.yaml"):
        load_yaml(path, "provisions")


def test_the_contract_codes_exist_and_recommendations_have_no_acts():
    codes = set(Instrument.objects.values_list("code", flat=True))
    assert set(REQUIRED_CODES) <= codes
    assert not TreatyAction.objects.filter(instrument__ratifiable=False).exists()


def test_countries_cover_the_un_and_the_predecessor_states():
    members = Country.objects.filter(un_member_since__isnull=False)
    assert members.count() == 193
    assert set(Country.objects.filter(un_observer=True).values_list("code", flat=True)) == {"VAT", "PSE"}
    assert not members.filter(region="").exists() and not members.filter(m49="").exists()
    for code, successor in [("CSHH", "SVK"), ("SUHH", "RUS"), ("YUCS", "HRV"), ("DDDE", "DEU")]:
        assert Country.objects.get(code=code).successors.filter(code=successor).exists()


def test_every_fact_has_a_source_with_an_address():
    assert not Source.objects.filter(url="", citation="").filter(treatyaction__isnull=False).exists()
    assert TreatyAction.objects.filter(source__isnull=True).count() == 0


def test_rebuilding_from_the_raw_files_gives_the_committed_files(shared_data, tmp_path):
    (tmp_path / "treaty_actions").mkdir()
    (tmp_path / "sources").mkdir()
    build_embedded(shared_data, tmp_path)
    for relative in [
        "treaty_actions/untc.csv",
        "treaty_actions/normlex.csv",
        "sources/untc.yaml",
        "sources/normlex.yaml",
    ]:
        assert (tmp_path / relative).read_text() == (EMBEDDED_DATA_DIR / relative).read_text(), (
            f"{relative} is stale: run `migrights data build`"
        )


@pytest.mark.parametrize("stem", sorted(UNTC_2026))
def test_parties_in_the_database_agree_with_each_untc_page(shared_data, stem):
    """The loaded data gives, on the page's date, the party count the page itself states."""
    page = parse_untc_html((shared_data / "untc" / "2026-02-03" / f"{stem}.html").read_text(encoding="utf-8"), stem)
    instrument = Instrument.objects.get(code=UNTC_2026[stem])
    current_states = {c.code for c in Country.objects.exclude(kind=Country.Kind.PREDECESSOR)}
    parties = {code for code in parties_on(instrument, PAGE_DATE) if code in current_states}
    assert len(parties) == int(page.stated["parties"])


def test_the_migrant_workers_convention_timeline():
    icrmw = Instrument.objects.get(code="ICRMW")
    # it entered into force on 1 July 2003, three months after the 20th ratification or accession
    assert len(parties_on(icrmw, dt.date(2003, 3, 31))) >= 20
    assert len(parties_on(icrmw, dt.date(1995, 1, 1))) < 20


def test_normlex_year_precision_is_kept():
    act = TreatyAction.objects.get(country__code="ALB", instrument__code="ILO-C087", action="ratification")
    assert act.date.iso() == "1957" and act.date.precision == "year"
    malaysia = TreatyAction.objects.filter(country__code="MYS", instrument__code="ILO-C105")
    assert {a.action for a in malaysia} == {"ratification", "denunciation"}


def test_importing_a_page_again_changes_nothing(shared_data):
    from migrights.reference.importing import import_publisher

    report = import_publisher(
        "untc", shared_data / "untc" / "2026-02-03" / "cmw.html", instrument="ICRMW", dry_run=True
    )
    assert report.plan.is_empty and report.plan.unchanged > 90


def test_importing_an_edited_page_shows_exactly_what_changed(shared_data, tmp_path):
    from migrights.reference.importing import import_publisher

    html = (shared_data / "untc" / "2026-02-03" / "cmw.html").read_text(encoding="utf-8")
    row = html.index("Philippines<br>")
    assert "5 Jul\t 1995" in html[row : row + 200]  # the Philippines' ratification, as the page writes it
    edited = tmp_path / "cmw.html"
    edited.write_text(html[:row] + html[row:].replace("5 Jul\t 1995", "6 Jul\t 1995", 1), encoding="utf-8")
    report = import_publisher("untc", edited, instrument="ICRMW")
    lines = report.plan.describe()
    assert len(report.plan.added) == 1 and len(report.plan.removed) == 1, lines
    assert "+ PHL ICRMW ratification 1995-07-06" in lines and "- PHL ICRMW ratification 1995-07-05" in lines
    source = TreatyAction.objects.get(country__code="PHL", instrument__code="ICRMW", action="ratification").source
    assert source.checksum.startswith("sha256:") and source.raw_file
    assert Path(source.raw_file).name.startswith(source.checksum[7:])


def test_every_ratifiable_instrument_declares_its_completeness():
    ratifiable = Instrument.objects.filter(ratifiable=True)
    assert ratifiable.exists()
    for instrument in ratifiable:
        assert instrument.is_complete == (instrument.completeness_source is not None), instrument.code
        assert instrument.is_complete or instrument.completeness_note, instrument.code
    assert Instrument.objects.get(code="ICRMW").complete_as_of == dt.date(2026, 2, 3)
    assert Instrument.objects.get(code="ILO-C029").complete_as_of == dt.date(2026, 6, 4)
    assert Instrument.objects.get(code="CSR51").complete_as_of == dt.date(2014, 10, 26)
    for code in ("ECOWAS-FMP", "EAC-CMP", "MERCOSUR-RA", "ARCHR", "KAMPALA", "ILO-C181"):
        assert not Instrument.objects.get(code=code).is_complete, code
    # C189: the Swiss official list of States parties on 5 October 2020 (ilomig-ch-sr-c189-scope-2020), 30 States
    assert Instrument.objects.get(code="ILO-C189").complete_as_of == dt.date(2020, 10, 5)
    assert Instrument.objects.get(code="ECHR").open_to == "coe"
    assert "XKX" in Instrument.objects.get(code="ICRMW").closed_codes()


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ("", "completeness"),  # a ratifiable instrument must declare its completeness
        ("  completeness:\n    complete_as_of: '2026-02-31'\n    source: untc-chapter-iv\n", "complete_as_of"),
        ("  completeness:\n    complete_as_of: '2026-02-03'\n    source: nowhere\n", "completeness/source"),
        ("  completeness:\n    partial: compiled\n  open_to: nobody\n", "open_to"),
        ("  completeness:\n    complete_as_of: '2026-02-03'\n", "0/completeness"),
    ],
)
def test_a_bad_declaration_is_refused_with_file_and_field(tmp_path, declaration, message):
    from migrights.lib.yamlfiles import DataFileError
    from migrights.reference.embedded import load_instruments

    path = tmp_path / "instruments.yaml"
    path.write_text(
        "- code: TEST-X\n  title: Test\n  short_title: Test\n  kind: treaty\n  binding: true\n  ratifiable: true\n"
        "  scope: global\n  organisation: UN\n  source: untc-chapter-iv\n" + declaration,
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as error:
        load_instruments(path)
    assert str(path) in str(error.value) and message in str(error.value)
    assert not Instrument.objects.filter(code="TEST-X").exists()


def test_instrument_pages_show_their_completeness(client):
    html = client.get("/instruments/ICRMW/").content.decode()
    assert "Complete as of 3 February 2026 (United Nations, Office of Legal Affairs" in html
    assert "Complet au 3 février 2026" in client.get("/fr/instruments/ICRMW/").content.decode()
    html = client.get("/instruments/ECOWAS-FMP/").content.decode()
    assert "Partial:" in html and "unknown, not non-parties" in html and "the list is partial" in html
    data = client.get("/instruments/ECOWAS-FMP.json").json()["data"]
    assert data["completeness"] == "partial" and data["open_to"] == "ecowas"
    data = client.get("/api/v1/instruments/ICRMW").json()
    data = data.get("data", data)
    assert data["completeness"] == "complete" and data["complete_as_of"] == "2026-02-03"
    assert data["completeness_source"] == "untc-icrmw-2026-02-03" and data["closed_to"] == ["XKX"]


def test_kosovo_page_explains_why_it_is_not_ranked_on_un_treaties(client):
    html = client.get("/countries/XKX/").content.decode()
    assert 'id="not-eligible"' in html and "cannot become party" in html and "without a rank" in html
    assert "not-eligible" not in client.get("/countries/FRA/").content.decode()
