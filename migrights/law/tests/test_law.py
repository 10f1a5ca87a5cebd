"""Citizenship law and agreements through the one loader, the embedded derived files, gaps, API and Python."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from migrights.law.importing import bla_rows, globalcit_rows, import_bla, import_globalcit
from migrights.law.models import Agreement, LawValue
from migrights.lib.paths import EMBEDDED_DATA_DIR
from migrights.reference.loading import ImportFailed
from migrights.reference.models import Source

pytestmark = pytest.mark.django_db
LAW_DIR = EMBEDDED_DATA_DIR / "law"
COLUMNS = (
    "iso2,iso3,country,region,year,"
    + ",".join(f"{m}_bin,{m}_cat" for m in ("A02a", "A02b", "A03a", "A03b", "A06", "A08", "L02", "L05", "L07"))
    + ",A06a_yrs_cat,A06b_cat,dualcit_comb"
)


def globalcit_file(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "country-year.csv"
    path.write_text(COLUMNS + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def row(country: str, iso3: str, year: int, a03b: str = "1", years: str = "8") -> str:
    pairs = ["1,1", "0,0", "1,1", f"{a03b},{a03b}", "1,1", "1,1", "0,0", "1,2", "1,1"]
    # A06b_cat 2 (renunciation required) and L05_cat 2 (loss on naturalising abroad): dualcit_comb 0
    return f"XX,{iso3},{country},Europe,{year}," + ",".join(pairs) + f",{years},2,0"


def test_the_embedded_derived_files_are_loaded_at_first_start():
    with (LAW_DIR / "globalcit-v3.1.csv").open(encoding="utf-8") as handle:
        assert LawValue.objects.filter(dataset="globalcit").count() == sum(1 for _ in csv.DictReader(handle))
    assert Agreement.objects.filter(dataset="bla").count() == 1222
    germany = LawValue.objects.get(dataset="globalcit", country__code="DEU", variable="A06a_yrs_cat", year_to=2023)
    assert (germany.value, germany.carried_to, germany.source.licence) == ("8", 2024, "CC BY 4.0")


def test_a_dry_run_shows_the_changes_and_writes_nothing(tmp_path):
    before = LawValue.objects.count()
    path = globalcit_file(tmp_path, [row("Germany", "DEU", 2023), row("Germany", "DEU", 2024, years="5")])
    report = import_globalcit(path, dry_run=True, allow_removals=True)
    assert report.dry_run and report.plan.added and report.plan.removed
    assert any("not a copy" in note for note in report.notes)  # 2024 differs from 2023: an observation
    assert LawValue.objects.count() == before
    assert not Source.objects.filter(key__startswith="globalcit-v3-1-").exists()


def test_an_import_replaces_the_dataset_and_cites_a_new_source_with_licence_and_citation(tmp_path):
    path = globalcit_file(tmp_path, [row("Germany", "DEU", 2022), row("Soviet Union", "SUN", 1990, a03b="NA")])
    with pytest.raises(ImportFailed, match="problem"):  # removing most of the dataset needs --allow-removals
        import_globalcit(path)
    import_globalcit(path, allow_removals=True)
    assert set(LawValue.objects.filter(dataset="globalcit").values_list("country__code", flat=True)) == {"DEU", "SUHH"}
    source = LawValue.objects.filter(dataset="globalcit").first().source
    assert source.key.startswith("globalcit-v3-1-") and source.licence == "CC BY 4.0" and "Vink" in source.citation
    assert not LawValue.objects.filter(country__code="SUHH", variable="A03b_bin").exists()  # NA is unknown


def test_bad_cells_and_unknown_names_load_nothing_and_name_file_row_column(tmp_path):
    before = LawValue.objects.count()
    path = globalcit_file(tmp_path, [row("Germany", "DEU", 2022, a03b="7"), row("Atlantis", "ATL", 2022)])
    with pytest.raises(ImportFailed) as failure:
        import_globalcit(path, allow_removals=True)
    lines = [str(p) for p in failure.value.problems]
    assert any("row 2, column 'A03b_bin'" in line and "not 0, 1 or NA" in line for line in lines)
    assert any("row 3, column 'country'" in line and "'Atlantis'" in line for line in lines)
    assert LawValue.objects.count() == before


def stata(frame: pd.DataFrame, labels: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    frame.to_stata(buffer, write_index=False, variable_labels=labels or {}, version=118)
    return buffer.getvalue()


def bla_files(tmp_path: Path, names: tuple[str, str], year: int) -> tuple[Path, Path]:
    from migrights.law.loading import agreement_provisions

    provisions = agreement_provisions()
    formation = pd.DataFrame(
        {
            "treatyID": [1], "countryA": [names[0]], "countryB": [names[1]], "codeA": [255], "codeB": [345],
            "year": [year], "datesigned": [""], "ratified": [""], "dataset_original": ["CPW (2017)"],
        }
    )  # fmt: skip
    coding = pd.DataFrame(
        {"treatyID": [1], "agreement_title": ["A"], **{p: [int(p == "passport")] for p in provisions}}
    )
    paths = tmp_path / "formation.dta", tmp_path / "coding.dta"
    paths[0].write_bytes(stata(formation))
    paths[1].write_bytes(stata(coding, provisions))
    return paths


def test_historical_parties_follow_the_succession_rules(tmp_path):
    formation, coding = bla_files(tmp_path, ("West Germany", "Yugoslavia"), 1995)
    rows, problems, _ = bla_rows(formation.read_bytes(), "f", coding.read_bytes(), "c", "bla-chilton-woda-2022")
    assert problems == []
    # West Germany is Germany; Yugoslavia in 1995 is the Federal Republic (Serbia and Montenegro)
    assert (rows[0][1]["party_a"], rows[0][1]["party_b"], rows[0][1]["provisions"]) == ("DEU", "CSXX", "passport")
    formation, coding = bla_files(tmp_path, ("West Germany", "Yugoslavia"), 1975)
    rows, _, _ = bla_rows(formation.read_bytes(), "f", coding.read_bytes(), "c", "bla-chilton-woda-2022")
    assert rows[0][1]["party_b"] == "YUCS"


def test_an_unknown_agreement_party_refuses_the_import(tmp_path):
    formation, coding = bla_files(tmp_path, ("West Germany", "Ruritania"), 1975)
    with pytest.raises(ImportFailed) as failure:
        import_bla(formation, coding, allow_removals=True)
    assert any("row 1, column 'countryB'" in str(p) and "'Ruritania'" in str(p) for p in failure.value.problems)
    assert Agreement.objects.count() == 1222


def test_gaps_use_three_states_of_knowledge():
    from migrights.law.queries import gap_records

    crc = {(g["country"], g["year"]): g for g in gap_records(instrument="CRC")}
    gap = next(g for g in crc.values() if g["state"] == "gap")
    assert gap["law_value"] == "0" and gap["law_source"] == "globalcit-v3-1" and gap["treaty_source"]
    # the 1961 Convention's data is partial after 2014: a party in 2021 is unknown, never a gap
    crs = gap_records(instrument="CRS61", year=2021)
    assert crs and {g["state"] for g in crs} <= {"unknown", "not-applicable"}


def test_api_law_agreements_and_gaps_carry_licence_and_citation(client):
    answer = client.get("/api/v1/law?country=DEU&year=2023").json()
    values = {row["variable"]: row for row in answer["data"]}
    assert values["A06a_yrs_cat"]["value"] == "8" and not values["A06a_yrs_cat"]["carried_forward"]
    [source] = answer["meta"]["sources"]
    assert source["licence"] == "CC BY 4.0" and "GLOBALCIT" in source["citation"]
    carried = client.get("/api/v1/law?country=DEU&year=2024&variable=A03b_bin").json()["data"]
    assert [(r["value"], r["carried_forward"], r["year_to"]) for r in carried] == [("1", True, 2023)]
    agreements = client.get("/api/v1/agreements?country=PHL&page_size=500").json()
    assert agreements["meta"]["count"] == 79 and "passport" in agreements["meta"]["provisions"]
    partners = {a["partner"] for a in agreements["data"]}
    assert partners >= {"QAT", "USA"} and "PHL" not in partners
    assert agreements["meta"]["sources"][0]["citation"].startswith("Chilton")
    gaps = client.get("/api/v1/law/gaps?instrument=CRC&state=gap&page_size=5").json()
    assert gaps["data"] and {s["key"] for s in gaps["meta"]["sources"]} >= {"globalcit-v3-1", "crc-art7-text"}
    assert client.get("/api/v1/law?variable=nope").status_code == 404
    assert client.get("/api/v1/law/gaps?state=maybe").status_code == 404
    assert client.get("/api/v1/agreements?country=XYZ").status_code == 404


def test_python_access_returns_dataframes_with_their_sources():
    from migrights import data

    frame = data.law(country="DEU", year=2023)
    assert set(frame["variable"]) >= {"A03b_bin", "L05_cat"} and frame["year_to"].dtype == "Int64"
    assert frame.attrs["sources"][0]["licence"] == "CC BY 4.0"
    agreements = data.agreements(country="PHL", provision="passport")
    assert len(agreements) and all("passport" in p for p in agreements["provisions"])
    assert set(data.law_gaps(country="ALB", instrument="CRC")["state"]) <= {"gap", "no-gap", "unknown"}


@pytest.mark.slow
def test_the_committed_files_are_what_the_importers_derive_from_the_real_files(shared_file):
    """Derived data is recomputed from the raw files: the committed files must be exactly the importers' output."""
    raw = shared_file("globalcit/v3.1/data_v3.1_country-year.csv").read_bytes()
    rows, problems, _ = globalcit_rows(raw, "globalcit", "globalcit-v3-1")
    assert problems == []
    with (LAW_DIR / "globalcit-v3.1.csv").open(encoding="utf-8", newline="") as handle:
        assert [values for _row, values in rows] == list(csv.DictReader(handle))
    formation = shared_file("bla/chilton-woda-2022/BLAs_Formation_Data.dta").read_bytes()
    coding = shared_file("bla/chilton-woda-2022/BLAs_Coding_Data.dta").read_bytes()
    rows, problems, _ = bla_rows(formation, "formation", coding, "coding", "bla-chilton-woda-2022")
    assert problems == []
    with (LAW_DIR / "bla-chilton-woda-2022.csv").open(encoding="utf-8", newline="") as handle:
        assert [values for _row, values in rows] == list(csv.DictReader(handle))


def test_dual_citizenship_acceptance_is_loaded_with_the_meaning_its_authors_give_it():
    from migrights.law.queries import law_records

    # Germany before its 2024 reform: naturalising immigrants renounce, emigrants naturalising abroad lose theirs
    [germany] = law_records("DEU", 2020, "dualcit_comb")
    assert (germany["value"], germany["meaning"]) == ("0", "no dual citizenship acceptance")
    # the variable is coded from 1960 (the dataset's longitudinal modes)
    assert law_records("DEU", 1960, "dualcit_comb")[0]["value"] in {"0", "1", "2", "3"}


@pytest.mark.slow
def test_dualcit_comb_is_the_combination_of_renunciation_and_loss_its_authors_describe(shared_file):
    """The meaning of dualcit_comb rests on its authors' rule (migrights/data/sources/law.yaml): no effective
    renunciation requirement for immigrants (A06b_cat 0 or 1) and no general loss for emigrants (L05_cat 0, 3, 6)
    give 3, neither gives 0, only the emigrants' 1, only the immigrants' 2. It must hold for every coded value."""
    reader = csv.DictReader(io.StringIO(shared_file("globalcit/v3.1/data_v3.1_country-year.csv").read_text("utf-8")))
    checked = 0
    for row in reader:
        immigrants = {"0": 1, "1": 1, "2": 0, "3": 0, "9": 0}.get(row["A06b_cat"])
        emigrants = {"0": 1, "3": 1, "6": 1, "1": 0, "2": 0, "4": 0, "5": 0}.get(row["L05_cat"])
        if immigrants is None or emigrants is None:
            assert row["dualcit_comb"] == "NA", (row["iso3"], row["year"])
            continue
        assert row["dualcit_comb"] == str(2 * immigrants + emigrants), (row["iso3"], row["year"])
        checked += 1
    assert checked == 10_855
