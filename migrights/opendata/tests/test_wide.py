"""Data for non-programmers: the wide table (CSV, Stata), the codebook (Markdown, PDF), the citation everywhere."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path

import pandas as pd
import pytest
import yaml

from migrights.opendata.package import BY_NAME, write_table
from migrights.opendata.wide import STATA_NAME, variable_name

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def wide_files(django_db_setup, django_db_blocker, downloads_dir):
    """The commitments edition's package (the session's) with its Stata file and the codebook's PDF, built once
    for the module: the tests only read them."""
    from django.test import override_settings

    from migrights.opendata.downloads import download_file
    from migrights.opendata.tables import resolve

    with django_db_blocker.unblock(), override_settings(DATA_DIR=downloads_dir):
        edition = resolve("commitments")
        folder = download_file(edition, "wide.csv").parent
        download_file(edition, "wide.dta")
        download_file(edition, "codebook.pdf")
    return folder


def test_one_row_per_country_and_year_with_the_long_tables_values(wide_files):
    wide = pd.read_csv(wide_files / "wide.csv", keep_default_na=False, na_values=[""])
    scores = pd.read_csv(wide_files / "scores.csv", keep_default_na=False, na_values=[""])
    pairs = scores[["country", "year"]].drop_duplicates()
    assert len(wide) == len(pairs) and not wide.duplicated(["country", "year"]).any()
    dimension = scores[(scores["level"] == "dimension") & (scores["code"] == "commitment")].set_index(
        ["country", "year"]
    )
    joined = wide.set_index(["country", "year"]).join(dimension[["score", "rank", "coverage"]])
    pd.testing.assert_series_equal(joined["commitment"], joined["score"], check_names=False)
    pd.testing.assert_series_equal(joined["rank_commitment"], joined["rank"], check_names=False)
    pd.testing.assert_series_equal(joined["coverage_commitment"], joined["coverage"], check_names=False)
    gaps = pd.read_csv(wide_files / "gaps.csv", keep_default_na=False, na_values=[""])
    gap = gaps[gaps["gap"] == "commitment-protection"].set_index(["country", "year"])["value"]
    assert wide.set_index(["country", "year"])["gap_commitment_protection"].equals(gap.reindex(joined.index))
    philippines = wide[(wide["country"] == "PHL") & (wide["year"] == 2020)].iloc[0]
    assert philippines["country_name"] == "Philippines" and philippines["region"] == "Asia"
    # a withheld score is missing, never zero
    assert wide["overall"].isna().all() and scores.loc[scores["level"] == "overall", "score"].isna().all()


def test_every_variable_name_is_a_stata_name_and_the_codebook_maps_it(wide_files):
    package = json.loads((wide_files / "datapackage.json").read_text())
    fields = next(r for r in package["resources"] if r["name"] == "wide")["schema"]["fields"]
    names = [f["name"] for f in fields]
    assert all(STATA_NAME.match(name) for name in names) and len(set(names)) == len(names)
    mapping = {v["name"]: (v["level"], v["code"]) for v in package["migrights"]["wide"]}
    assert mapping["cat_nde"] == ("category", "NDE") and mapping["right_nde_1"] == ("right", "NDE.1")
    codebook = (wide_files / "codebook.md").read_text()
    for name in names:
        assert f"| {name} |" in codebook, name
    assert "| right_nde_1 | Score of the right NDE.1 (Equal protection of the law), from 0 to 100 |" in codebook


def test_the_stata_file_has_the_same_values_labels_and_regions(wide_files):
    wide = pd.read_csv(wide_files / "wide.csv", keep_default_na=False, na_values=[""])
    with pd.io.stata.StataReader(wide_files / "wide.dta") as reader:
        labels = reader.variable_labels()
        value_labels = reader.value_labels()
        stata = reader.read(convert_categoricals=False)
    assert list(stata.columns) == list(wide.columns)
    assert labels["cat_nde"].startswith("Category NDE: Non-discrimination") and labels["year"] == "Year"
    assert len(labels["right_nde_1"]) <= 80
    regions = value_labels["region"]
    assert "Asia" in regions.values() and stata.loc[stata["country"] == "PHL", "region"].map(regions).eq("Asia").all()
    pd.testing.assert_series_equal(stata["commitment"], wide["commitment"], check_dtype=False)
    assert stata["rank_commitment"].isna().sum() == wide["rank_commitment"].isna().sum()


def test_the_codebook_describes_every_column_and_comes_as_a_pdf(wide_files):
    import pypdf

    package = json.loads((wide_files / "datapackage.json").read_text())
    codebook = (wide_files / "codebook.md").read_text()
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            assert f"| {field['name']} |" in codebook, (resource["name"], field["name"])
    levels = "| level | string | Level of aggregation | one of: indicator, right, category, dimension, overall |"
    assert levels in codebook
    assert "never zero" in codebook and "Suggested citation" in codebook and "min_coverage" not in codebook
    assert "less than 0.5 of its applicable indicators" in codebook  # the spec's rule, in words
    assert "| NDE.1.C1 |" in codebook  # every indicator, with its levels
    pdf = pypdf.PdfReader(wide_files / "codebook.pdf")
    text = "".join(page.extract_text() for page in pdf.pages[:3])
    assert "Codebook" in text and "Suggested citation" in text and len(pdf.pages) > 5
    numbers = [page.extract_text().split()[-1] for page in pdf.pages]
    assert numbers == [str(n) for n in range(1, len(pdf.pages) + 1)]  # numbered on across the two parts
    outline = pdf.outline  # one title bookmark, every heading of both parts under it
    assert outline[0].title.startswith("Codebook") and len(outline) == 2
    assert any(not isinstance(item, list) and item.title == "Indicators" for item in outline[1])


def test_a_second_edition_reuses_the_codebooks_kept_part_and_names_its_own_edition(
    wide_files, settings, tmp_path, monkeypatch
):
    import pypdf

    from migrights.lib import pdf as pdf_module
    from migrights.opendata.downloads import codebook_cache, write_codebook_pdf

    settings.DATA_DIR = wide_files.parent.parent
    kept = sorted(codebook_cache().glob("*.pdf"))
    assert kept  # the commitments edition's, laid out with it
    second = tmp_path / "second"
    second.mkdir()
    package = json.loads((wide_files / "datapackage.json").read_text())
    package["version"], package["created"] = "2027.1", "2027-01-15T09:00:00+00:00"
    package["title"] = package["title"].replace("commitments edition", "edition 2027.1")
    package["migrights"]["release"] = "2027.1"
    package["migrights"]["citation"] = "Migrant Rights Observatory (2027). Edition 2027.1"
    package["migrights"].setdefault("edition", {})["spec_hash"] = "feedbeef"
    (second / "datapackage.json").write_text(json.dumps(package))
    (second / BY_NAME["indicators"].path).write_bytes((wide_files / BY_NAME["indicators"].path).read_bytes())

    laid_out: list[str] = []
    layout = pdf_module.html_to_pdf_pages
    monkeypatch.setattr(pdf_module, "html_to_pdf_pages", lambda html: laid_out.append(html) or layout(html))
    write_codebook_pdf(second, second / "codebook.pdf")
    assert len(laid_out) == 1 and "2027.1" in laid_out[0]  # the edition's own part only: the kept parts reused
    assert sorted(codebook_cache().glob("*.pdf")) == kept
    first = pypdf.PdfReader(wide_files / "codebook.pdf")
    again = pypdf.PdfReader(second / "codebook.pdf")
    assert again.metadata.title == "Codebook: " + package["title"] and "2027.1" in again.metadata.title
    page = again.pages[0].extract_text()
    assert "2027.1" in page and "2027-01-15" in page and "feedbeef" in page and "commitments edition" not in page
    assert [p.extract_text() for p in again.pages[1:]] == [p.extract_text() for p in first.pages[1:]]

    # one source fewer: only the last kept part (the law codes and the sources) is laid out again
    third = tmp_path / "third"
    third.mkdir()
    package["sources"] = package["sources"][:-1]
    (third / "datapackage.json").write_text(json.dumps(package))
    (third / BY_NAME["indicators"].path).write_bytes((wide_files / BY_NAME["indicators"].path).read_bytes())
    laid_out.clear()
    write_codebook_pdf(third, third / "codebook.pdf")
    assert len(laid_out) == 2 and f"rest on {len(package['sources'])} sources" in laid_out[1]
    assert "Indicators" not in laid_out[1] and len(list(codebook_cache().glob("*.pdf"))) == len(kept) + 1
    pages = pypdf.PdfReader(third / "codebook.pdf").pages
    assert [page.extract_text().split()[-1] for page in pages] == [str(n) for n in range(1, len(pages) + 1)]


def test_a_suggested_citation_in_every_download(wide_files):
    package = json.loads((wide_files / "datapackage.json").read_text())
    citation = package["migrights"]["citation"]
    assert citation.startswith("Migrant Rights Observatory (20") and "version commitments" in citation
    assert "CC BY 4.0" in citation and "doi" not in citation.lower()
    assert citation in (wide_files / "README.md").read_text()
    assert citation in (wide_files / "codebook.md").read_text()


def test_long_tables_written_from_a_frame_match_the_row_by_row_path():
    spec = BY_NAME["scores"]
    rows = [
        {"country": "PHL", "year": 2020, "level": "overall", "code": "overall", "score": 45.333, "coverage": 1 / 3,
         "rank": 3.0, "flagged": False, "rank_low": None, "score_low": float("nan")},
        {"country": "=1+2", "year": 2021, "level": "dimension", "code": "-1+2", "score": None, "coverage": 0.0,
         "rank": None, "flagged": True, "change_year": -12.5},
    ]  # fmt: skip
    by_rows, by_frame = io.StringIO(), io.StringIO()
    write_table(spec, rows, by_rows)
    write_table(spec, pd.DataFrame(rows), by_frame)
    assert by_frame.getvalue() == by_rows.getvalue()
    written = list(csv.DictReader(io.StringIO(by_frame.getvalue())))
    assert written[1]["country"] == "'=1+2" and written[0]["rank"] == "3" and written[1]["change_year"] == "-12.5"


def test_a_code_that_cannot_be_a_stata_name_is_refused():
    assert variable_name("right", "NDE.1") == "right_nde_1"
    with pytest.raises(ValueError, match="cannot name the measure"):
        variable_name("right", "A" * 40)


def test_citation_cff_is_valid_cff_1_2_and_agrees_with_the_project():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert cff["cff-version"] == "1.2.0"
    assert {"cff-version", "message", "title", "authors"} <= set(cff)
    assert cff["license"] == project["license"]["text"] and cff["version"] == project["version"]
    assert all("name" in a or "family-names" in a for a in cff["authors"])
    assert "doi" not in cff and "identifiers" not in cff  # no invented identifier
