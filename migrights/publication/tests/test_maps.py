"""Every country with a value is coloured on every map (issue 10, point 6).

The world-atlas 1:50m file draws Australia as two shapes with the same id (036: the mainland and the Ashmore
and Cartier Islands). A value → shape lookup keeps one shape per id, which left Australia grey on every map;
the maps join shape → value instead, so every shape with a valued code gets the value.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from migrights.lib import charts

pytestmark = pytest.mark.django_db

TOPOJSON = Path(__file__).resolve().parents[1] / "static" / "vendor" / "world-atlas" / "countries-50m.json"


def shapes() -> Counter:
    """How many shapes carry each join key (the M49 id, else the shape's name, as the maps compute it)."""
    geometries = json.loads(TOPOJSON.read_text())["objects"]["countries"]["geometries"]
    return Counter(g["id"] if g.get("id") is not None else g["properties"]["name"] for g in geometries)


def spec_of(html: str, chart_id: str = "map") -> dict:
    found = re.search(rf'<script id="{chart_id}-spec" type="application/json">(.*?)</script>', html, re.S)
    assert found, f"no {chart_id} specification on the page"
    return json.loads(found.group(1))


def joined_rows(spec: dict) -> list[dict]:
    """The rows a map's coloured layer joins to its shapes, checking that the shapes look the rows up."""
    layer = spec["layer"][1]
    assert layer["data"]["format"]["feature"] == "countries", "the coloured layer's data are the shapes"
    lookup = next(step for step in layer["transform"] if "lookup" in step)
    assert lookup["lookup"] == "shape" and lookup["from"]["key"] == "shape"
    return charts.map_rows(spec)


# States the map file cannot draw: they have a value but Natural Earth's 1:50m countries have no shape for them.
NOT_DRAWN = {"TUV": "Tuvalu: no shape in Natural Earth 1:50m (its islands are below the scale)"}


def current_states() -> set[str]:
    from migrights.reference.models import Country

    return set(
        Country.objects.filter(kind=Country.Kind.STATE, existed_until__isnull=True).values_list("code", flat=True)
    )


def assert_every_valued_country_is_drawn(rows: list[dict]) -> None:
    """Every current state with a value has a shape (former states have none on today's map)."""
    keys = shapes()
    assert rows
    states = current_states() - set(NOT_DRAWN)
    missing = [(row["country"], row["name"]) for row in rows if row["country"] in states and keys[row["shape"]] == 0]
    assert not missing, f"countries with a value but no shape on the map: {missing}"
    assert len({row["shape"] for row in rows}) == len(rows), "one row per shape key"


def test_the_map_file_shares_codes_between_shapes():
    assert shapes()["036"] == 2  # Australia and the Ashmore and Cartier Islands: why the join runs shape -> value


def test_the_home_map_colours_every_country_with_a_value_in_all_its_shapes(client):
    rows = joined_rows(spec_of(client.get("/?measure=core-treaties").content.decode()))
    assert_every_valued_country_is_drawn(rows)
    australia = next(row for row in rows if row["shape"] == "036")
    assert australia["name"] == "Australia" and australia["value"]
    with_values = client.get("/index.json?measure=core-treaties").json()["data"]["values"]
    drawn = {row["name"] for row in rows}
    assert {v["name"] for v in with_values} <= drawn


def test_kosovo_is_drawn_by_its_shape_name(client):
    # the shape has no M49 id; on a UN treaty's map Kosovo is drawn as a state that cannot become party
    rows = joined_rows(spec_of(client.get("/instruments/ICRMW/").content.decode()))
    kosovo = [row for row in rows if row["shape"] == "Kosovo"]
    assert kosovo and kosovo[0]["category"] == "Not applicable (cannot be party)"


def test_a_partial_instrument_map_shows_unknown_not_not_party(client):
    rows = joined_rows(spec_of(client.get("/instruments/EAC-CMP/").content.decode()))
    category = {row["country"]: row["category"] for row in rows}
    assert category["KEN"] == "Signatory"  # a recorded act (signed at Arusha, 20 Nov 2009, Uganda's EAC ministry)
    assert category["GHA"] == "Not applicable (cannot be party)"  # not an EAC member
    assert "Not party" not in category.values()
    # ECOWAS free-movement protocol: an ECOWAS resolution of 1984 says all members ratified, but gives no
    # dates per state, so no act is recorded and members are unknown, never non-parties
    ecowas = {
        row["country"]: row["category"]
        for row in joined_rows(spec_of(client.get("/instruments/ECOWAS-FMP/").content.decode()))
    }
    assert ecowas["GHA"] == "Unknown (data partial)"
    assert ecowas["KEN"] == "Not applicable (cannot be party)"  # not an ECOWAS member
    assert "Not party" not in ecowas.values()
    ilo = {
        row["country"]: row["category"]
        for row in joined_rows(spec_of(client.get("/instruments/ILO-C189/").content.decode()))
    }
    assert ilo["USA"] == "Unknown (data partial)"  # an ILO member with no act in a compiled, partial list
    assert ilo["XKX"] == "Not applicable (cannot be party)"  # not an ILO member
    assert "Not party" not in ilo.values()
    complete = {
        row["country"]: row["category"]
        for row in joined_rows(spec_of(client.get("/instruments/ICRMW/").content.decode()))
    }
    assert complete["USA"] == "Not party"


@pytest.mark.parametrize("page", ["/bodies/bali-process/", "/instruments/ICRMW/"])
def test_instrument_and_body_maps_colour_every_listed_country(client, page):
    html = client.get(page).content.decode()
    rows = joined_rows(spec_of(html, "members-map" if page.startswith("/bodies/") else "map"))
    assert_every_valued_country_is_drawn(rows)
    if "bali" in page:  # Australia co-chairs the Bali Process
        assert any(row["shape"] == "036" for row in rows)


def test_the_join_colours_duplicate_shapes():
    spec = charts.choropleth(
        [{"country": "AUS", "m49": "036", "name": "Australia", "value": 5, "url": "/countries/AUS/"}],
        topojson_url="/map.json",
        legend_title="Score",
    )
    layer = spec["layer"][1]
    assert layer["data"]["url"] == "/map.json" and "shape" not in layer["encoding"]
    assert next(step for step in layer["transform"] if "calculate" in step)["as"] == "shape"
