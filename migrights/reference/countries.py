"""Build the country registry from ISO 3166 (pycountry) and the UN M49 classification (country_converter)."""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pandas as pd
import pycountry

from migrights.lib.paths import EMBEDDED_DATA_DIR
from migrights.lib.yamlfiles import load_yaml
from migrights.reference.models import Country, Source

UN_OBSERVERS = {"VAT", "PSE"}  # non-member observer States of the General Assembly


@cache
def m49_table() -> pd.DataFrame:
    """country_converter's table, read as text ("NA" is Namibia, not a missing value)."""
    # found, not imported: importing country_converter builds its tables (tens of MB in every server process)
    path = Path(str(find_spec("country_converter").origin)).with_name("country_data.tsv")
    table = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    return table.set_index("ISO3")


def _region(continent: str) -> str:
    """country_converter says "America" where M49 says "Americas"."""
    return "Americas" if continent == "America" else continent


def country_rows() -> list[dict[str, Any]]:
    """One dict per country: every ISO 3166-1 entry, then predecessors and special codes."""
    table = m49_table()
    rows = []
    for entry in pycountry.countries:
        m49 = table.loc[entry.alpha_3] if entry.alpha_3 in table.index else None
        un_member = m49 is not None and m49["UNmember"].strip() not in ("", "nan")
        observer = entry.alpha_3 in UN_OBSERVERS
        rows.append(
            {
                "code": entry.alpha_3,
                "iso2": entry.alpha_2,
                "m49": entry.numeric,
                "name": getattr(entry, "common_name", None) or entry.name,
                "official_name": getattr(entry, "official_name", "") or "",
                "kind": Country.Kind.STATE if (un_member or observer) else Country.Kind.TERRITORY,
                "region": _region(m49["continent"]) if m49 is not None else "",
                "subregion": m49["UNregion"] if m49 is not None else "",
                "un_member_since": int(float(m49["UNmember"])) if un_member else None,
                "un_observer": observer,
                "existed_until": None,
                "successors": [],
            }
        )
    for extra in load_yaml(EMBEDDED_DATA_DIR / "countries.yaml"):
        historic = pycountry.historic_countries.get(alpha_4=extra["code"])
        name = extra.get("name") or (historic.name.split(",")[0] if historic else extra["code"])
        rows.append(
            {
                "code": extra["code"],
                "iso2": "",
                "m49": extra.get("m49", ""),
                "name": name,
                "official_name": historic.name if historic else "",
                "kind": extra["kind"],
                "region": extra.get("region", ""),
                "subregion": extra.get("subregion", ""),
                "un_member_since": None,
                "un_observer": False,
                "existed_until": extra.get("existed_until"),
                "successors": extra.get("successors", []),
            }
        )
    return rows


def load_countries() -> int:
    """Create or update every country; successor links last, once every code exists."""
    source = Source.objects.get(key="iso-3166-pycountry")
    rows = country_rows()
    by_code = {c.code: c for c in Country.objects.all()}
    for row in rows:
        values = {k: v for k, v in row.items() if k not in ("code", "successors")}
        country = by_code.get(row["code"])
        if country is None:
            by_code[row["code"]] = Country.objects.create(code=row["code"], source=source, **values)
        else:
            for name, value in values.items():
                setattr(country, name, value)
            country.save()
    for row in rows:
        if row["successors"]:
            by_code[row["code"]].successors.set([by_code[c] for c in row["successors"]])
    return len(rows)


@cache
def _iso_catalogue(language: str) -> Any:
    import gettext

    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def localized_country_name(code: str, name: str, language: str) -> str:
    """The country's short name in ``language`` from pycountry's ISO 3166 translations; ``name`` when none."""
    if language == "en":
        return name
    record = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    if record is None:
        return name
    translated = _iso_catalogue(language).gettext(record.name)
    return translated if translated != record.name else name
