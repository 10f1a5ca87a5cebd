"""UNHCR refugee statistics: the parser on the real R data file, unknown names, the dry run, the API's field."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from migrights.corridors.importing import UNHCR_FILE, UNHCR_TOTALS_FILE, import_unhcr, succession_stand_in
from migrights.importers.unhcr import parse_population
from migrights.lib.paths import EMBEDDED_DATA_DIR
from migrights.reference.loading import ImportFailed

NAN = math.nan
NAMES = {"Kenya": "KEN", "Uganda": "UGA", "Unknown": "", "Stateless": "", "Russian Federation": "RUS", "Italy": "ITA"}


def frame(rows: list[tuple[object, ...]]) -> pd.DataFrame:
    columns = ["year", "coo_name", "coo_iso", "coa_name", "coa_iso", "refugees", "asylum_seekers", "oip"]
    return pd.DataFrame.from_records(rows, columns=columns)


ROWS = [
    (1990.0, "Russian Federation", "RUS", "Italy", "ITA", 781.0, 0.0, NAN),
    (1995.0, "Kenya", "KEN", "Uganda", "UGA", 10.0, 4.0, NAN),
    (1995.0, "Unknown", "UNK", "Uganda", "UGA", 7.0, 0.0, NAN),
    (1995.0, "Stateless", "XXA", "Kenya", "KEN", 3.0, 1.0, NAN),
    (1995.0, "Uganda", "UGA", "Uganda", "UGA", 2.0, 0.0, NAN),
]


def test_the_parser_keeps_corridors_apart_from_what_is_not_a_country_and_reads_former_states():
    parsed = parse_population(frame(ROWS), "population.rda", NAMES.get, succession_stand_in())
    assert not parsed.problems
    # the USSR's refugees are filed under RUS before 1992; asylum-seekers not counted anywhere before 1995 here
    assert parsed.cells[("SUHH", "ITA", 1990)] == {"refugees": 781, "asylum_seekers": None, "other_in_need": None}
    assert parsed.cells[("KEN", "UGA", 1995)] == {"refugees": 10, "asylum_seekers": 4, "other_in_need": None}
    assert len(parsed.cells) == 2  # unknown origin, stateless and same-country rows are never corridors
    refugees = parsed.totals[1995, "refugees"]
    assert refugees["published"] == 22 and refugees["corridors"] == 10
    assert (refugees["origin_unknown"], refugees["origin_stateless"], refugees["same_country"]) == (7, 3, 2)


def test_an_unknown_name_or_a_contradicted_code_is_a_problem_naming_file_row_and_field():
    rows = [
        *ROWS,
        (1995.0, "Kenya", "KEN", "Atlantis", "ATL", 1.0, 0.0, NAN),
        (1995.0, "Kenya", "UGA", "Uganda", "UGA", 1.0, 0.0, NAN),
    ]
    parsed = parse_population(frame(rows), "population.rda", NAMES.get, succession_stand_in())
    lines = [str(p) for p in parsed.problems]
    assert any("population.rda, row 6, column 'coa_name'" in line and "'Atlantis'" in line for line in lines)
    assert any("row 7, column 'coo_iso'" in line and "maps to KEN" in line for line in lines)


def test_an_import_with_an_unknown_name_refuses_the_file_and_writes_nothing(tmp_path):
    pyreadr = pytest.importorskip("pyreadr")
    folder = tmp_path / "unhcr"
    folder.mkdir()
    rows = [(2020.0, "Atlantis", "ATL", "Kenya", "KEN", 5.0, 0.0, NAN)]
    table = frame(rows).assign(coo="ATL", coa="KEN", coo_name=lambda f: f["coo_name"].astype(str))
    pyreadr.write_rdata(str(folder / "population.rda"), table, df_name="population")
    with pytest.raises(ImportFailed) as failure:
        import_unhcr(folder, output=tmp_path / "out")
    assert "row 1, column 'coo_name'" in str(failure.value.problems[0]) and "Atlantis" in str(failure.value.problems[0])
    assert not (tmp_path / "out").exists()


def test_the_real_file_gives_known_figures_and_the_committed_files(shared_file, tmp_path):
    folder = shared_file("unhcr/2025.12.1/population.rda").parent
    report = import_unhcr(folder, output=tmp_path)
    assert report.read == 138_893 and report.first_years == {
        "refugees": 1951,
        "asylum_seekers": 1993,
        "other_in_need": 2018,
    }
    derived = pd.read_csv(tmp_path / UNHCR_FILE, dtype={"origin": str, "destination": str}).set_index(
        ["origin", "destination", "year"]
    )
    # read in population.rda: Syrians in Germany at the end of 2024, Filipinos in the United States in 2019
    assert list(derived.loc[("SYR", "DEU", 2024), ["refugees", "asylum_seekers"]]) == [725_102, 62_959]
    assert list(derived.loc[("PHL", "USA", 2019), ["refugees", "asylum_seekers"]]) == [168, 1_510]
    assert ("RUS", "ITA", 1990) not in derived.index and derived.loc[("SUHH", "ITA", 1990), "refugees"] == 781
    totals = pd.read_csv(tmp_path / UNHCR_TOTALS_FILE).set_index(["year", "population"])
    assert totals.loc[(2024, "refugees"), "published"] == 30_958_200  # Global Trends 2024: 31.0 million
    assert totals.loc[(2023, "refugees"), "published"] == 31_637_408
    row = totals.loc[(2024, "refugees")]
    assert (
        row["published"]
        == row[["corridors", "origin_unknown", "origin_stateless", "origin_other"]].sum()
        + row[["asylum_unknown", "same_country"]].sum()
    )
    assert any(
        "2025 refugees: 28,461,306 in population.rda, 28,461,306 in demographics.rda (equal)" in n for n in report.notes
    )
    for name in (UNHCR_FILE, UNHCR_TOTALS_FILE):
        assert (tmp_path / name).read_bytes() == (EMBEDDED_DATA_DIR / "corridors" / name).read_bytes(), name


def test_a_dry_run_reports_what_would_change_and_writes_nothing(shared_file, tmp_path):
    folder = shared_file("unhcr/2025.12.1/population.rda").parent
    (tmp_path / UNHCR_FILE).write_text(
        "origin,destination,year,refugees,asylum_seekers,other_in_need\nSYR,DEU,2024,1,2,\nAAA,BBB,2000,1,,\n"
    )
    before = sorted((p.name, p.read_bytes()) for p in tmp_path.iterdir())
    report = import_unhcr(folder, output=tmp_path, dry_run=True)
    assert sorted((p.name, p.read_bytes()) for p in tmp_path.iterdir()) == before and report.written == []
    assert report.changes[UNHCR_FILE] == {"added": report.rows - 1, "removed": 1, "changed": 1}
    assert report.changes[UNHCR_TOTALS_FILE]["removed"] == 0


def test_the_names_file_maps_to_registered_codes_and_keeps_non_countries_out():
    import csv

    with (EMBEDDED_DATA_DIR / "names" / "unhcr.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    empty = {r["name"] for r in rows if not r["code"]}
    assert empty == {"Unknown", "Stateless", "Tibetan"}
    assert all(len(r["code"]) == 3 and r["code"].isupper() for r in rows if r["code"])


def test_the_command_line_dry_run_writes_nothing_and_a_bad_file_exits_with_the_problem(
    shared_file, tmp_path, loaded_data_folder
):
    import os
    import subprocess
    import sys
    from pathlib import Path

    pyreadr = pytest.importorskip("pyreadr")
    folder = shared_file("unhcr/2025.12.1/population.rda").parent
    # a data folder already loaded, as a user's is (on an empty one the command's first start would load it first)
    data = loaded_data_folder(tmp_path / "data")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"MIGRIGHTS_DATA_DIR": str(data)}
    command = [str(Path(sys.executable).with_name("migrights")), "import", "unhcr"]
    output = tmp_path / "out"
    result = subprocess.run(
        [*command, str(folder), "--output", str(output), "--dry-run"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr[-2000:]
    said = result.stdout + result.stderr  # the report goes to the console's stream
    assert "dry run: nothing written" in said and "would change: {'added': 130777" in said
    assert not output.exists()
    bad = tmp_path / "bad"
    bad.mkdir()
    table = frame([(2020.0, "Atlantis", "ATL", "Kenya", "KEN", 5.0, 0.0, NAN)])
    pyreadr.write_rdata(str(bad / "population.rda"), table, df_name="population")
    result = subprocess.run([*command, str(bad), "--output", str(output)], capture_output=True, text=True, env=env)
    assert result.returncode == 1 and "row 1, column 'coo_name'" in result.stdout + result.stderr
    assert "nothing was loaded" in result.stderr and not output.exists()
