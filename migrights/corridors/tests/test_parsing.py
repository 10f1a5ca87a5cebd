"""The UN DESA parser on small tables: aggregates are never areas, names must be known, totals reconcile."""

from __future__ import annotations

import csv
import io

from migrights.corridors.importing import STOCK_COLUMNS, STOCKS_FILE, TOTALS_FILE, aggregates, parse_directory
from migrights.importers.undesa import parse_undesa
from migrights.lib.paths import EMBEDDED_DATA_DIR

NAMES = {"Kenya": "KEN", "Uganda": "UGA", "France": "FRA", "Channel Islands": ""}
AGGREGATES = {
    n: "aggregate"
    for n in ("WORLD", "Sustainable Development Goal (SDG) regions", "SUB-SAHARAN AFRICA", "Eastern Africa")
} | {"EUROPE AND NORTHERN AMERICA": "aggregate", "Western Europe": "aggregate", "Northern Europe": "aggregate"}
HEADER = "Year,Destination,Total,Other South,Other North,Channel Islands,France,Kenya,Uganda"
ROWS = [
    "2019,WORLD,1135,100,10,5,320,600,100",
    "2019,Sustainable Development Goal (SDG) regions,..,..,..,..,..,..,..",
    "2019,SUB-SAHARAN AFRICA,800,90,0,0,10,100,600",
    "2019,Eastern Africa,800,90,0,0,10,100,600",
    "2019,Kenya,500,40,,,10,,450",
    "2019,Uganda,300,50,,,..,250,",
    "2019,EUROPE AND NORTHERN AMERICA,335,10,10,5,310,500,0",
    "2019,Northern Europe,20,0,0,0,20,0,0",
    "2019,Channel Islands,20,0,0,0,20,0,0",
    "2019,Western Europe,315,10,10,5,290,500,0",
    "2019,France,315,10,10,5,-,290,0",
]
ANNEX = (
    "Destination,More Developed Regions,Less Developed Regions,Least developed countries\n"
    "WORLD,,,\nKenya,,1.0,\nUganda,,1.0,1.0\nChannel Islands,1.0,,\nFrance,1.0,,\n"
)


def parse(rows: list[str] = ROWS, names: dict[str, str] = NAMES, annex: str = ANNEX):
    table = (HEADER + "\n" + "\n".join(rows) + "\n").encode()
    return parse_undesa({"total": (table, "total.csv")}, (annex.encode(), "annex.csv"), names.get, AGGREGATES)


def test_areas_get_their_region_from_the_row_order_and_their_group_from_the_annex():
    parsed = parse()
    assert not parsed.problems
    assert set(parsed.areas) == {"KEN", "UGA", "FRA"}  # aggregates and the Channel Islands are never areas
    uganda = parsed.areas["UGA"]
    assert (uganda.sdg_region, uganda.subregion, uganda.development_group, uganda.least_developed) == (
        "SUB-SAHARAN AFRICA",
        "Eastern Africa",
        "south",
        True,
    )
    assert parsed.areas["FRA"].subregion == "Western Europe" and parsed.areas["FRA"].development_group == "north"


def test_only_cells_with_migrants_are_corridors_and_the_totals_reconcile():
    parsed = parse()
    assert parsed.stocks == {
        ("UGA", "KEN", 2019): {"total": 450},
        ("KEN", "UGA", 2019): {"total": 250},
        ("FRA", "KEN", 2019): {"total": 10},
        ("KEN", "FRA", 2019): {"total": 290},
    }
    assert parsed.cells["not available (..)"] == 1 and parsed.cells["nil (-)"] == 1
    totals = parsed.totals[2019]
    # 1135 = 1000 in corridors + 100 + 10 whose origin is a group only + 25 in or from the Channel Islands
    assert (totals["corridors"], totals["excluded_areas"], totals["unexplained"]) == (1000, 25, 0)


def test_an_unknown_name_or_an_area_without_a_group_is_a_problem_naming_file_row_and_column():
    parsed = parse(names={k: v for k, v in NAMES.items() if k != "Uganda"})
    lines = [str(p) for p in parsed.problems]
    assert any("total.csv" in line and "column 'Uganda'" in line and "not in undesa.csv" in line for line in lines)
    assert any("total.csv" in line and "row 7" in line and "'Uganda'" in line for line in lines)
    parsed = parse(annex=ANNEX.replace("Kenya,,1.0,", "Kenya,,,"))
    assert any("annex.csv" in str(p) and "exactly one development group" in str(p) for p in parsed.problems)
    assert not parsed.notes  # nothing is reconciled from a refused file


def test_the_committed_files_are_what_the_importer_derives_from_the_real_files(shared_file, tmp_path):
    folder = shared_file("undesa/2019/migrants_by_origin_and_destination_total.csv").parent
    parsed = parse_directory(folder)
    assert not parsed.problems
    assert len(parsed.areas) == 231 and len({(o, d) for o, d, _ in parsed.stocks}) == 11463
    assert parsed.totals[2019]["published"] == 271_642_105
    assert parsed.totals[2019]["unexplained"] == 16  # the WORLD row's Other South is 16 below its areas' sum
    with (EMBEDDED_DATA_DIR / "corridors" / STOCKS_FILE).open(encoding="utf-8") as handle:
        committed = list(csv.reader(handle))
    assert tuple(committed[0]) == STOCK_COLUMNS and len(committed) - 1 == len(parsed.stocks)
    first = sorted(parsed.stocks)[0]
    assert committed[1][:4] == [first[0], first[1], str(first[2]), str(parsed.stocks[first]["total"])]
    totals = (EMBEDDED_DATA_DIR / "corridors" / TOTALS_FILE).read_text(encoding="utf-8")
    assert "2019,271642105,260180560,7950425,3407920,103184,16" in totals
    assert "WORLD" in aggregates() and "Channel Islands" not in aggregates()


def test_the_names_file_maps_every_area_to_a_registered_code():
    with (EMBEDDED_DATA_DIR / "names" / "undesa.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    codes = [r["code"] for r in rows if r["code"]]
    assert len(rows) == 284 and len(codes) == 232  # 231 areas, and Yemen's misnamed annex row
    assert all(len(code) == 3 and code.isupper() for code in codes)


def matrix(rows: list[list[object]], sheet: str = "Bilateral_Migration_2017") -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = sheet
    book.active.append(["Bilateral Estimates of Migrant Stocks in 2017"])
    for row in rows:
        book.active.append(row)
    book.create_sheet("countries-comparison").append(["not read"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


WB_NAMES = {"Kenya": "KEN", "Uganda": "UGA", "Channel Islands": "", "Other South": "", "World": ""}
WB_AGGREGATES = {"Other South": "aggregate", "World": "aggregate"}
WB_ROWS = [
    ["destination (across) / origin (down) ", "Kenya", "Uganda", "Channel Islands", "World"],
    ["Kenya", 0, 120, 3, 123],
    ["Uganda", 450, 0, "-", 450],
    ["Other South", 40, 50, 0, 90],
    ["World", 490, 170, 3, 665],
    [None],
    ["Notes:"],
]


def test_a_world_bank_matrix_keeps_pairs_and_its_world_total_and_refuses_unknown_names():
    from migrights.importers.worldbank import parse_matrix

    parsed = parse_matrix(matrix(WB_ROWS), "wb.xlsx", "migration", WB_NAMES.get, WB_AGGREGATES)
    assert not parsed.problems
    assert parsed.cells == {("KEN", "UGA"): 120.0, ("UGA", "KEN"): 450.0}
    assert (parsed.published_total, parsed.left_out) == (665.0, 93.0)  # 570 + 93 + 2 unexplained
    bad = [*WB_ROWS[:2], ["Atlantis", 1, 2, 0, 3], ["Uganda", "n/a", 0, 0, 0], *WB_ROWS[4:]]
    lines = [str(p) for p in parse_matrix(matrix(bad), "wb.xlsx", "migration", WB_NAMES.get, WB_AGGREGATES).problems]
    assert any("row 4, column 'A'" in line and "'Atlantis'" in line for line in lines)
    assert any("row 5, column 'B'" in line and "not a number" in line for line in lines)


def test_the_committed_world_bank_file_is_what_the_importer_derives(shared_file, tmp_path):
    from migrights.corridors.importing import WORLDBANK_FILE, import_worldbank

    folder = shared_file("worldbank/2017/WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx").parent
    parsed, written = import_worldbank(folder, output=tmp_path)
    assert round(parsed["remittances"].published_total) == 613_466
    assert parsed["migration"].published_total == 266_143_792
    assert written[0].read_bytes() == (EMBEDDED_DATA_DIR / "corridors" / WORLDBANK_FILE).read_bytes()
