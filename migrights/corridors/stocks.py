"""The committed corridor files (``migrights/data/corridors/``), read on demand and kept for the process.

They are not loaded into the database at first start: 76,369 stock rows that never change between releases of
the source, read whole by every computation (docs/decisions.md). Reading them takes about a tenth of a second.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from migrights.corridors.importing import (
    AREAS_FILE,
    DERIVED_DIR,
    STOCKS_FILE,
    TOTALS_FILE,
    UNHCR_FILE,
    UNHCR_TOTALS_FILE,
    WORLDBANK_FILE,
)
from migrights.importers.unhcr import POPULATIONS
from migrights.lib.memo import one_copy_each

SOURCE_KEY = "undesa-ims-2019"
WORLDBANK_SOURCE_KEY = "worldbank-bilateral-2017"
UNHCR_SOURCE_KEY = "unhcr-refugee-statistics-2025-12-1"


@cache
def stock_table(directory: Path = DERIVED_DIR) -> pd.DataFrame:
    """origin, destination, year, total, male, female (``<NA>``: the publisher gives no split)."""
    dtypes = {"origin": "string", "destination": "string", "year": "int16", "total": "int64"}
    frame = pd.read_csv(directory / STOCKS_FILE, dtype={**dtypes, "male": "Int64", "female": "Int64"})
    return frame


@cache
def area_table(directory: Path = DERIVED_DIR) -> pd.DataFrame:
    """code, name, development_group (north/south), least_developed, sdg_region, subregion (UN DESA annex)."""
    return pd.read_csv(directory / AREAS_FILE, dtype=str, keep_default_na=False)


@cache
def totals_table(directory: Path = DERIVED_DIR) -> pd.DataFrame:
    """Per year, the publisher's world total beside the corridor sum and what separates them."""
    return pd.read_csv(directory / TOTALS_FILE)


def stock_years(directory: Path = DERIVED_DIR) -> list[int]:
    return list(_stock_years(directory))


@cache
def _stock_years(directory: Path) -> tuple[int, ...]:  # read once, like the table (a committed file)
    return tuple(sorted(int(y) for y in stock_table(directory)["year"].unique()))


@cache
def area_codes(directory: Path = DERIVED_DIR) -> frozenset[str]:
    """The codes of ``area_table``: UN DESA's areas of origin and destination."""
    return frozenset(area_table(directory)["code"])


@cache
def worldbank_table(directory: Path = DERIVED_DIR) -> pd.DataFrame:
    """The World Bank/KNOMAD 2017 matrix as committed: origin, destination, migrants (``Int64``) and
    remittances_usd_millions (US$ millions sent home from the destination; missing where it gives no figure)."""
    return pd.read_csv(directory / WORLDBANK_FILE, dtype={"origin": str, "destination": str, "migrants": "Int64"})


@cache
def worldbank_pairs(directory: Path = DERIVED_DIR) -> dict[tuple[str, str], dict[str, float | int | None]]:
    """(origin, destination) → World Bank/KNOMAD 2017 migrants and estimated remittances (US$ millions) sent
    home from the destination; None where the matrix gives no figure."""
    frame = worldbank_table(directory)
    pairs: dict[tuple[str, str], dict[str, float | int | None]] = {}
    for origin, destination, migrants, remittances in frame.itertuples(index=False):
        pairs[origin, destination] = {
            "migrants": None if pd.isna(migrants) else int(migrants),
            "remittances_usd_millions": None if pd.isna(remittances) else float(remittances),
        }
    return pairs


@cache
def refugee_table(directory: Path = DERIVED_DIR) -> pd.DataFrame:
    """UNHCR: origin, destination (the country of asylum), year (end of year, 1951-2025), refugees,
    asylum_seekers, other_in_need (``<NA>``: not collected that year, or not recorded). Never added to stocks."""
    dtypes = {"origin": "string", "destination": "string", "year": "int16"}
    return pd.read_csv(directory / UNHCR_FILE, dtype={**dtypes, **dict.fromkeys(POPULATIONS, "Int64")})


@cache
def refugee_pairs(directory: Path = DERIVED_DIR) -> dict[tuple[str, str, int], tuple[int | None, ...]]:
    """(origin, destination, year) → the UNHCR figures in the order of ``POPULATIONS`` (``queries.REFUGEE_COLUMNS``),
    for the corridor records (the stock years only). Tuples and one string per code: every server process keeps it
    (about 18 MB as a dictionary per corridor with new strings per row; about a third of that so)."""
    frame = refugee_table(directory)
    frame = frame[frame["year"].isin(stock_years(directory))]
    codes = one_copy_each([*frame["origin"].tolist(), *frame["destination"].tolist()])  # a code's one string
    origins, destinations = codes[: len(frame)], codes[len(frame) :]
    keys = zip(origins, destinations, frame["year"].astype(int).tolist(), strict=True)
    columns = [frame[name].astype(object).where(frame[name].notna(), None).tolist() for name in POPULATIONS]
    return dict(zip(keys, zip(*columns, strict=True), strict=True))


@cache
def refugee_totals(directory: Path = DERIVED_DIR) -> pd.DataFrame:
    """Per year and population, the file's total (UNHCR's global figure) and what the corridors leave out."""
    return pd.read_csv(directory / UNHCR_TOTALS_FILE)
