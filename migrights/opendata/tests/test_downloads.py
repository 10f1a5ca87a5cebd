"""Download addresses: content types, files, the cache, and never a draft value."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import zipfile

import frictionless
import pandas as pd
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from migrights.assessments import workflow
from migrights.assessments.tests.builders import answer_all, build_cast
from migrights.opendata import downloads
from migrights.opendata.downloads import file_names
from migrights.opendata.package import BY_NAME, LONG_TABLES, TABLE_NAMES, read_csv_table, read_parquet_table
from migrights.opendata.tests.test_package import cut_package
from migrights.reference.models import Country

pytestmark = pytest.mark.django_db

RELEASED = "Labor Code of the Philippines, article 3"
DRAFTED = "Draft decree on domestic work, not reviewed"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_data_page_lists_every_download_and_its_twins(client, shared_downloads):
    page = client.get("/data/").content.decode()
    assert 'href="/data/commitments/countries.csv"' in page and "/data/commitments/datapackage.zip" in page
    assert "No assessment release has been published yet" in page and "/api/v1/docs" in page
    for name in ("wide.csv", "wide.dta", "codebook.pdf", "codebook.md", "README.md"):
        assert f'href="/data/commitments/{name}"' in page, name
    listing = client.get("/data.json").json()["data"]
    assert [e["edition"] for e in listing["editions"]] == ["commitments"]
    assert listing["editions"][0]["tables"][0]["csv"] == "/data/commitments/countries.csv"
    rows = list(csv.DictReader(io.StringIO(client.get("/data.csv").content.decode())))
    formats = {"csv", "csv-gzip", "parquet", "json", "xlsx", "datapackage-zip", "datapackage-json"}
    assert {r["format"] for r in rows} == formats
    assert len([r for r in rows if r["format"] == "csv"]) == len(TABLE_NAMES)
    long = {spec.name for spec in LONG_TABLES}
    assert long == {"scores", "commitments", "corridors"}
    assert {r["table"] for r in rows if r["format"] == "parquet"} == long
    assert {r["table"] for r in rows if r["format"] == "csv-gzip"} == long
    assert not long & {r["table"] for r in rows if r["format"] == "json"}  # paged by the API, never one file
    for name in ("scores.parquet", "scores.csv.gz", "corridors.parquet"):
        assert f'href="/data/commitments/{name}"' in page, name
    assert 'href="/api/v1/scores"' in page and 'href="/api/v1/corridors"' in page
    for language, heading in (("fr", "Données et API"), ("es", "Datos y API")):
        assert heading in client.get(f"/{language}/data/").content.decode()


def test_a_table_as_csv_and_json(client, shared_downloads):
    response = client.get("/data/latest/countries.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="migrights-commitments-countries.csv"'
    assert response["X-Data-Edition"] == "commitments"
    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    assert rows[0].keys() >= {"code", "name", "kind", "region", "un_member_since"}
    assert len(rows) == Country.objects.count()
    assert next(r for r in rows if r["code"] == "PHL")["name"] == "Philippines"

    response = client.get("/data/commitments/countries.json")
    assert response["Content-Type"] == "application/json"
    envelope = json.loads(body(response))
    philippines = next(r for r in envelope["data"] if r["code"] == "PHL")
    assert philippines["un_member_since"] == 1945 and philippines["un_observer"] is False
    assert envelope["meta"]["count"] == len(rows) and envelope["meta"]["edition"] == "commitments"


def test_the_package_zip_holds_the_descriptor_and_every_csv(client, shared_downloads):
    response = client.get("/data/commitments/datapackage.zip")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    assert archive.namelist()[:3] == ["datapackage.json", "README.md", "codebook.md"]
    assert set(archive.namelist()) == {
        "datapackage.json",
        "README.md",
        "codebook.md",
        "wide.csv",
        *(f"{name}.csv" for name in TABLE_NAMES),
    }
    assert json.loads(archive.read("datapackage.json"))["version"] == "commitments"
    assert "Suggested citation" in archive.read("README.md").decode()


def test_files_are_built_once(client, shared_downloads, monkeypatch):
    assert client.get("/data/commitments/gaps.csv").status_code == 200

    def refuse(*args, **kwargs):
        raise AssertionError("the package was built again")

    monkeypatch.setattr(downloads, "write_package", refuse)
    assert client.get("/data/commitments/gaps.csv").status_code == 200
    assert client.get("/data/latest/instruments.csv").status_code == 200


def test_a_file_several_builders_read_is_read_once_until_written_again(tmp_path):
    """``_read_back``: the wide table, the indicators and the descriptor are read once for the files built from them
    in a row; a file written again (another size or time) is read again, and ``prepare_downloads`` lets go."""
    path = tmp_path / "wide.csv"
    path.write_text("a\n1\n", "utf-8")
    reads = []

    def read(at):
        reads.append(at)
        return pd.read_csv(at)

    first = downloads._read_back(path, "wide", read)
    assert downloads._read_back(path, "wide", read) is first and len(reads) == 1
    path.write_text("a\n1\n2\n", "utf-8")
    assert len(downloads._read_back(path, "wide", read)) == 2 and len(reads) == 2
    downloads._KEPT["wide"].clear()
    downloads._read_back(path, "wide", read)
    assert len(reads) == 3


def test_an_edition_is_built_only_once_every_file_is_there(small_scores):
    from migrights.opendata.tables import resolve

    assert not downloads.downloads_built("commitments")  # nothing written yet: `migrights up` queues the build
    folder = downloads.package_folder(resolve("commitments"))
    assert not downloads.downloads_built("commitments")  # the package, not yet the workbook, PDF, ZIP...
    names = [name for name in file_names("commitments") if not (folder / name).exists()]
    assert "codebook.pdf" in names
    for name in names:
        (folder / name).touch()  # stand-ins: only their presence is asked
    assert downloads.downloads_built("commitments")  # a start then queues no job
    (folder / names[-1]).unlink()
    assert not downloads.downloads_built("commitments")


def _count_shared_gathering(monkeypatch) -> list[str]:
    """The shared tables' rows counted as they are gathered (``package_tables``)."""
    from migrights.opendata import tables

    gathered: list[str] = []
    for registry in (tables.TABLE_ROWS, tables.TABLE_FRAMES):
        for name in tables.SHARED_TABLES:
            if name in registry:
                rows = registry[name]
                monkeypatch.setitem(
                    registry, name, lambda edition, name=name, rows=rows: gathered.append(name) or rows(edition)
                )
    return gathered


def test_an_edition_built_on_the_same_data_reuses_the_shared_tables_files_labelled_as_its_own(
    small_scores, monkeypatch, tmp_path
):
    """A release built on the data of the edition before it (here: another edition of the same scores) copies the
    files of the tables every edition shares rather than gathering them again; each long one's Parquet file names
    its own edition, and its descriptor describes the files it holds. A change to the data has them written anew."""
    from migrights.lib import generations
    from migrights.opendata.tables import SHARED_TABLES, DataEdition, resolve, shared_state

    gathered = _count_shared_gathering(monkeypatch)
    commitments = resolve("commitments")
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    downloads.write_package(commitments, first)
    assert sorted(gathered) == sorted(SHARED_TABLES)

    gathered.clear()
    package = downloads.write_package(DataEdition("2099.1", None, commitments.scores), second)
    assert gathered == []  # copied from the kept files, not gathered
    resources = {r["name"]: r for r in package["resources"]}
    for name in SHARED_TABLES:
        spec = BY_NAME[name]
        assert (second / spec.path).read_bytes() == (first / spec.path).read_bytes()
        assert resources[name]["hash"] == "sha256:" + hashlib.sha256((second / spec.path).read_bytes()).hexdigest()
        if spec.long:
            assert (second / spec.gzip_path).read_bytes() == (first / spec.gzip_path).read_bytes()
            metadata = pq.read_schema(second / spec.parquet_path).metadata
            assert metadata[b"edition"] == b"2099.1"
            assert pq.read_schema(first / spec.parquet_path).metadata[b"edition"] == b"commitments"  # left as it was
            rows = [read_parquet_table(spec, folder / spec.parquet_path) for folder in (first, second)]
            pd.testing.assert_frame_equal(*rows)
            formats = {f["path"]: f for f in resources[name]["formats"]}
            parquet = (second / spec.parquet_path).read_bytes()
            assert formats[spec.parquet_path]["hash"] == "sha256:" + hashlib.sha256(parquet).hexdigest()

    state = shared_state(commitments)
    generations.changed("reference")  # an import: the shared tables rest on another state, whose files are not kept
    assert shared_state(commitments) != state
    assert not (downloads.shared_tables_cache() / shared_state(commitments)).exists()


def test_the_shared_tables_state_names_the_code_that_wrote_them(db, monkeypatch):
    from migrights.opendata import tables

    edition = tables.resolve("commitments")
    state = tables.shared_state(edition)
    assert tables.shared_state(edition) == state
    monkeypatch.setattr(tables, "code_digest", lambda: "another version")
    assert tables.shared_state(edition) != state


def test_a_folder_written_before_the_wide_table_is_written_again(client, small_scores):
    from migrights.opendata.tables import resolve

    folder = downloads.package_folder(resolve("commitments"))
    for name in ("README.md", "codebook.md", "wide.csv"):  # as a folder of the previous version was
        (folder / name).unlink()
    response = client.get("/data/commitments/wide.csv")
    assert response.status_code == 200 and body(response).startswith(b"country,country_name,region,year,")
    assert (folder / "README.md").exists() and (folder / "codebook.md").exists()


def test_the_long_tables_as_parquet_and_gzip_csv_the_same_rows_as_their_csv(client, package_dir):
    package = json.loads((package_dir / "datapackage.json").read_text())
    resources = {r["name"]: r for r in package["resources"]}
    for spec in LONG_TABLES:
        csv_bytes = (package_dir / spec.path).read_bytes()
        parquet = client.get(f"/data/commitments/{spec.parquet_path}")
        assert parquet["Content-Type"] == "application/vnd.apache.parquet"
        assert f"migrights-commitments-{spec.parquet_path}" in parquet["Content-Disposition"]
        typed = read_parquet_table(spec, io.BytesIO(body(parquet)))
        pd.testing.assert_frame_equal(typed, read_csv_table(spec, package_dir / spec.path))
        packed = client.get(f"/data/latest/{spec.gzip_path}")
        assert packed["Content-Type"] == "application/gzip"
        assert gzip.decompress(body(packed)) == csv_bytes  # the CSV itself, gzipped
        # the descriptor lists both under the table, with the files' own size and hash
        formats = {f["format"]: f for f in resources[spec.name]["formats"]}
        assert formats["parquet"]["path"] == spec.parquet_path and formats["csv"]["compression"] == "gz"
        for entry in formats.values():
            content = (package_dir / entry["path"]).read_bytes()
            assert entry["bytes"] == len(content) and entry["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        # the Parquet file carries its licence, citation and source
        metadata = pq.read_schema(package_dir / spec.parquet_path).metadata
        assert b"Creative Commons" in metadata[b"licence"] and metadata[b"edition"] == b"commitments"
        assert metadata[b"citation"].startswith(b"Migrant Rights Observatory (") and metadata[b"source"]
        # no JSON file of a long table: its rows are paged by the API
        assert client.get(f"/data/commitments/{spec.name}.json").status_code == 404
    codebook = (package_dir / "codebook.md").read_text()
    assert "Also on the download page as scores.parquet (Parquet" in codebook and "/api/v1/scores" in codebook
    assert "`scores.parquet`" in (package_dir / "README.md").read_text()


def test_unknown_releases_and_files_are_404(client, shared_downloads):
    assert client.get("/data/1999.1/countries.csv").status_code == 404
    assert client.get("/data/commitments/nothing.csv").status_code == 404
    assert client.get("/data/commitments/datapackage.exe").status_code == 404


def test_the_workbook_holds_the_wide_table_the_codebook_and_the_reference_tables(client, shared_downloads):
    response = client.get("/data/latest/migrights-latest.xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "migrights-commitments.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(body(response)), read_only=True)
    assert book.sheetnames == ["About", "data", "codebook", *downloads.WORKBOOK_TABLES]
    about = [row for row in book["About"].iter_rows(values_only=True)]
    assert any(row[0] == "Licence" and "Creative Commons" in row[1] for row in about if row and row[0])
    citation = next(n for n, row in enumerate(about) if row and row[0] == "Suggested citation")
    assert about[citation + 1][0].startswith("Migrant Rights Observatory (") and "commitments" in about[citation + 1][0]
    sources = list(book["sources"].iter_rows(values_only=True))
    assert sources[0][:3] == ("key", "producer", "title") and len(sources) > 100
    data = list(book["data"].iter_rows(values_only=True))
    header = data[0]
    assert header[:5] == ("country", "country_name", "region", "year", "overall")
    # overall and dimension scores with their ranks and coverage, and the gaps; category and right scores in wide.csv
    assert {"rank_commitment", "coverage_commitment", "gap_commitment_protection"} <= set(header)
    assert not [name for name in header if name.startswith(("cat_", "right_"))]
    files = {row[0]: row[1] for row in about if row and row[0] and len(row) > 1}
    assert files[BY_NAME["scores"].title] == "scores.csv, scores.csv.gz, scores.parquet"
    assert files["Scores by country and year (wide)"] == "wide.csv, wide.dta"
    philippines = next(row for row in data[1:] if row[0] == "PHL" and row[3] == 2020)
    scores = {(r["level"], r["code"]): r for r in data_scores(client, "PHL", 2020)}
    assert philippines[header.index("commitment")] == scores[("dimension", "commitment")]["score"]
    assert isinstance(philippines[header.index("commitment")], float)
    # no sheet of millions of cells: the long tables are in the wide sheet and their CSV files
    cells = {sheet.title: sum(len(row) for row in sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
    assert max(cells.values()) < 1_000_000, cells
    codebook = [row[0] for row in book["codebook"].iter_rows(values_only=True) if row and row[0]]
    assert set(header) <= set(codebook)


def data_scores(client, country: str, year: int) -> list[dict]:
    return client.get(f"/api/v1/scores?country={country}&year={year}&level=dimension").json()["data"]


def all_download_text(client, version: str) -> str:
    texts = []
    for name in file_names(version):
        if name.endswith((".xlsx", ".dta", ".pdf")):
            continue  # the workbook, the Stata file and the codebook's PDF are made from the same CSV files
        response = client.get(f"/data/{version}/{name}")
        assert response.status_code == 200, name
        content = body(response)
        if name.endswith(".zip"):
            archive = zipfile.ZipFile(io.BytesIO(content))
            content = b"".join(archive.read(member) for member in archive.namelist())
        elif name.endswith(".gz"):
            content = gzip.decompress(content)
        elif name.endswith(".parquet"):
            content = pd.read_parquet(io.BytesIO(content)).to_csv(index=False).encode()
        texts.append(content.decode())
    return "\n".join(texts)


def test_drafts_never_appear_in_any_download(client, small_scores, tmp_path):
    cast = build_cast()
    answer_all(cast.expert, cast.assessment, citation=RELEASED)
    assert RELEASED not in all_download_text(client, "latest")  # a draft
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    workflow.create_release(cast.coordinator, "2026.1")
    workflow.reopen(cast.coordinator, cast.assessment, "new decree on domestic work")
    current = cast.assessment.answers.get(indicator__code="LAB.1.P1")
    workflow.add_evidence(cast.expert, current, workflow.EvidenceInput("legal-citation", citation=DRAFTED))

    released = all_download_text(client, "2026.1")
    assert RELEASED in released and DRAFTED not in released
    assert DRAFTED not in all_download_text(client, "commitments")
    answers = list(csv.DictReader(io.StringIO(body(client.get("/data/latest/answers.csv")).decode())))
    assert {(a["release"], a["country"], a["indicator"], a["value_label"]) for a in answers} == {
        ("2026.1", "PHL", "LAB.1.P1", "Yes"),
        ("2026.1", "PHL", "LAB.1.P2", "Partial"),
        ("2026.1", "PHL", "LAB.1.I1", "12.5%"),
    }
    listing = client.get("/data.json").json()["data"]
    assert [e["edition"] for e in listing["editions"]] == ["2026.1", "commitments"]

    from django.conf import settings

    # the release's package is valid; its corridors, the same for every edition (test_package reads every row of
    # them), are cut to the corridors from three countries
    release_dir, few = settings.DATA_DIR / "downloads" / "2026.1", {"PHL", "FRA", "MEX"}
    kept = cut_package(release_dir, tmp_path / "2026.1", {"corridors": lambda row: row["origin"] in few})
    assert {row["origin"] for row in kept["corridors"]} == few
    report = frictionless.validate(tmp_path / "2026.1" / "datapackage.json")
    assert report.valid, [e.message for task in report.tasks for e in task.errors[:3]]
