"""Rights in law in the downloads: law values, agreements and obligation-law gaps, with each dataset's licence and
citation in the descriptor, the codebook, the tables' JSON and the workbook's About sheet."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from migrights.opendata import downloads

pytestmark = pytest.mark.django_db


def read_rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_package_holds_law_values_agreements_and_gaps_with_their_datasets_licence(package_dir):
    package = json.loads((package_dir / "datapackage.json").read_text())
    resources = {r["name"]: r for r in package["resources"]}
    [globalcit] = resources["law_values"]["sources"]
    assert globalcit["key"] == "globalcit-v3-1" and globalcit["licence"] == "CC BY 4.0"
    assert globalcit["citation"].startswith("Vink, Maarten")
    [bla] = resources["agreements"]["sources"]
    assert bla["citation"].startswith("Chilton") and bla["licence"].startswith("MIT")
    gap_sources = {s["key"] for s in resources["law_gaps"]["sources"]}
    assert {"globalcit-v3-1", "crc-art7-text", "crs61-text"} <= gap_sources
    # the package's own list of sources carries every citation too
    assert next(s for s in package["sources"] if s["key"] == "globalcit-v3-1")["citation"].startswith("Vink")

    germany = next(
        r for r in read_rows(package_dir / "law_values.csv") if (r["country"], r["variable"]) == ("DEU", "A06a_yrs_cat")
    )
    # observed to 2023 with 8 years of residence, repeated unobserved for 2024 (carried forward, not an observation)
    assert (germany["value"], germany["year_to"], germany["carried_to"]) == ("8", "2023", "2024")
    agreements = read_rows(package_dir / "agreements.csv")
    assert len(agreements) == 1222
    first = next(a for a in agreements if a["key"] == "1")
    assert (first["party_a"], first["party_b"], first["coded"], first["provisions"]) == ("USA", "CAN", "true", "")
    uncoded = [a for a in agreements if a["coded"] == "false"]
    assert uncoded and all(a["provisions"] == "" for a in uncoded)  # unknown, said by coded=false
    gaps = read_rows(package_dir / "law_gaps.csv")
    albania = next(g for g in gaps if (g["country"], g["year"], g["instrument"]) == ("ALB", "2022", "CRC"))
    assert (albania["state"], albania["article"], albania["variable"], albania["law_value"]) == (
        "gap",
        "7",
        "A03b_bin",
        "0",
    )
    assert {g["state"] for g in gaps} >= {"gap", "no-gap", "unknown"}


def test_the_codebook_says_what_the_codes_mean_and_how_to_cite_the_datasets(package_dir):
    codebook = (package_dir / "codebook.md").read_text()
    assert "### law_values.csv" in codebook and "### agreements.csv" in codebook and "### law_gaps.csv" in codebook
    assert "Licence and citation of the data in this table" in codebook
    assert "| CC BY 4.0 | Vink, Maarten" in codebook and "Chilton, Adam S. and Bartosz Woda (2022)" in codebook
    assert "## Law variables (law_values.csv)" in codebook
    assert "| A03b_bin | Safeguard for a child born in the territory" in codebook
    assert "0=no provision; 1=provision exists" in codebook
    assert "| passport | (14) Prohibition of Confiscation of Travel Documents |" in codebook
    assert "| CRC | 7 | A03b_bin | 0 | A02a_cat = 1 |" in codebook


def test_the_law_tables_json_and_workbook_carry_the_licence(client, shared_downloads):
    envelope = json.loads(body(client.get("/data/commitments/law_values.json")))
    assert envelope["meta"]["sources"][0]["licence"] == "CC BY 4.0"
    assert envelope["meta"]["sources"][0]["citation"].startswith("Vink")
    assert any(r["country"] == "DEU" and r["variable"] == "A06a_yrs_cat" for r in envelope["data"])
    gaps = json.loads(body(client.get("/data/commitments/law_gaps.json")))
    assert any(s["key"] == "crc-art7-text" for s in gaps["meta"]["sources"])

    # the workbook keeps small sheets: the law tables are named on its About sheet with their files, and the
    # datasets' licences and citations are among its sources
    book = load_workbook(io.BytesIO(body(client.get("/data/commitments/migrights-commitments.xlsx"))), read_only=True)
    assert not {"law_values", "agreements", "law_gaps"} & set(book.sheetnames)
    about = [row for row in book["About"].iter_rows(values_only=True) if row and row[0]]
    globalcit = next(row for row in about if row[0] == "globalcit-v3-1")
    assert globalcit[3] == "CC BY 4.0" and globalcit[5].startswith("Vink, Maarten")
    files = {row[0]: row[1] for row in about if len(row) > 1}
    for name in ("law_values", "agreements", "law_gaps"):
        assert files[downloads.BY_NAME[name].title] == f"{name}.csv, {name}.json", name
    codebook = [row[0] for row in book["codebook"].iter_rows(values_only=True) if row and row[0]]
    assert "Law variables (law_values.csv)" in codebook


def test_the_data_page_lists_the_law_tables(client, shared_downloads):
    page = client.get("/data/").content.decode()
    for name in ("law_values", "agreements", "law_gaps"):
        assert f'href="/data/commitments/{name}.csv"' in page, name
    assert "Citizenship law (published dataset)" in page
    french = client.get("/fr/data/").content.decode()
    assert "Citizenship law (published dataset)" not in french
