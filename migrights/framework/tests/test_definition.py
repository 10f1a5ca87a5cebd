"""Framework files: what `framework check` accepts and refuses, and the engine's flat table."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from migrights.framework.definition import load_framework, read_framework
from migrights.lib.yamlfiles import DataFileError

FILES = Path(__file__).parent / "files"


def write_variant(tmp_path: Path, change) -> Path:
    document = yaml.safe_load((FILES / "tiny-1.0.yaml").read_text())
    change(document)
    path = tmp_path / "variant.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def indicators(document):
    return [i for c in document["categories"] for r in c["rights"] for i in r["indicators"]]


def test_tiny_framework_is_sound_and_flattens_for_the_engine():
    definition = load_framework(FILES / "tiny-1.0.yaml")
    table = definition.indicator_table()
    assert list(table.columns) == [
        "indicator",
        "right",
        "category",
        "dimension",
        "scale",
        "direction",
        "weight",
        "min",
        "max",
        "right_weight",
        "category_weight",
    ]
    rows = table.set_index("indicator")
    assert rows.loc["LAB.1.P2", "scale"] == "ordinal:0|50|100"
    assert rows.loc["LAB.1.I1", ["scale", "min", "max"]].tolist() == ["percentage", 0, 100]
    assert rows.loc["LAB.2.C3", "direction"] == "-"
    assert definition.counts() == {
        "categories": 1,
        "rights": 2,
        "indicators": 8,
        "commitment": 5,
        "protection": 2,
        "implementation": 1,
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: indicators(d)[1].update(code="LAB.1.P1"), "code LAB.1.P1 is used twice"),
        (lambda d: indicators(d)[0]["provisions"][0].update(instrument="NOPE"), "unknown instrument NOPE"),
        (lambda d: indicators(d)[3].pop("derived"), "needs a `derived` rule"),
        (lambda d: indicators(d)[0].update(derived={"rule": "party", "instrument": "ICRMW"}), "only commitment"),
        (
            lambda d: indicators(d)[6].update(derived={"rule": "member", "body": "atlantis-process"}),
            "unknown governance body",
        ),
        (lambda d: indicators(d)[1]["scale"]["levels"][1].update(value=0), "two levels share a value"),
        (lambda d: indicators(d)[0].update(maps_from={"relation": "same", "codes": ["X"]}), "none is named"),
        (
            lambda d: indicators(d)[2]["translations"].pop("es"),
            "categories/0/rights/0/indicators/2/translations/es/wording: no es text for this indicator's wording",
        ),
        (
            lambda d: indicators(d)[0]["translations"]["es"].pop("guidance"),
            "categories/0/rights/0/indicators/0/translations/es/guidance: no es text for this indicator's guidance",
        ),
        (
            lambda d: indicators(d)[1]["scale"]["levels"][2]["translations"].pop("fr"),
            "categories/0/rights/0/indicators/1/scale/levels/2/translations/fr/label: no fr text for this level's "
            "label",
        ),
        (
            lambda d: d["categories"][0]["translations"]["fr"].pop("title"),
            "categories/0/translations/fr/title: no fr text for this category's title",
        ),
        (
            lambda d: d["categories"][0]["rights"][1].pop("translations"),
            "categories/0/rights/1/translations/fr/title: no fr text for this right's title",
        ),
    ],
)
def test_check_refuses_and_says_where(tmp_path, change, message):
    path = write_variant(tmp_path, change)
    with pytest.raises(DataFileError) as error:
        load_framework(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)


def test_schema_errors_name_the_path(tmp_path):
    path = write_variant(tmp_path, lambda d: indicators(d)[0].update(dimension="aspiration"))
    with pytest.raises(DataFileError, match=r"categories/0/rights/0/indicators/0/dimension"):
        load_framework(path)


def test_mapping_to_the_predecessor_is_checked():
    old = read_framework(FILES / "tiny-1.0.yaml")
    new = load_framework(FILES / "tiny-1.1.yaml", predecessor=old, require_predecessor=True)
    relations = {i.code: (i.relation, i.predecessors) for i in new.indicators}
    assert relations["LAB.1.I1A"] == ("split", ("LAB.1.I1",))
    assert relations["LAB.2.C1"] == ("merged", ("LAB.2.C1", "LAB.2.C2"))
    assert [d["code"] for d in new.dropped] == ["LAB.2.C5"]


def test_an_unaccounted_predecessor_indicator_is_refused(tmp_path):
    document = yaml.safe_load((FILES / "tiny-1.1.yaml").read_text())
    document["framework"]["dropped"] = []
    path = tmp_path / "tiny-1.1.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    with pytest.raises(DataFileError, match=r"LAB\.2\.C5 of TINY 1\.0 is neither mapped"):
        load_framework(path, predecessor=read_framework(FILES / "tiny-1.0.yaml"))
    with pytest.raises(DataFileError, match=r"version 1\.0 is not known"):
        load_framework(path, require_predecessor=True)


def test_rights_and_categories_declare_weights_for_the_engine(tmp_path):
    def change(document):
        document["categories"][0]["weight"] = 2
        document["categories"][0]["rights"][1]["weight"] = 0.5

    rows = load_framework(write_variant(tmp_path, change)).indicator_table().set_index("indicator")
    assert rows.loc["LAB.2.C1", ["right_weight", "category_weight"]].tolist() == [0.5, 2]
    assert rows.loc["LAB.1.P1", ["right_weight", "category_weight"]].tolist() == [1, 2]


def test_answer_values_follow_the_scale():
    definition = read_framework(FILES / "tiny-1.0.yaml")
    ordinal = definition.by_code["LAB.1.P2"].scale
    assert ordinal.parse("partial") == 50
    assert ordinal.parse("100") == 100
    with pytest.raises(ValueError, match="not one of 0 \\(None\\), 50 \\(Partial\\), 100 \\(Full\\)"):
        ordinal.parse("75")
    percentage = definition.by_code["LAB.1.I1"].scale
    assert percentage.parse("12.5%") == 12.5
    with pytest.raises(ValueError, match="above the maximum 100"):
        percentage.parse("120")
    assert definition.by_code["LAB.1.P1"].scale.parse("Yes") == 1


def test_the_framework_reference_is_generated_from_the_schema():
    from migrights.framework.schema_doc import render
    from migrights.lib.paths import EMBEDDED_DATA_DIR

    document = EMBEDDED_DATA_DIR.parent.parent / "docs" / "framework-format.md"
    assert document.read_text() == render(), "run: python -m migrights.framework.schema_doc > docs/framework-format.md"


def test_the_shipped_framework_meets_the_issue_minimums():
    from migrights.framework.definition import FRAMEWORKS_DIR

    definition = load_framework(FRAMEWORKS_DIR / "mrf-1.0.yaml")
    counts = definition.counts()
    assert counts["categories"] >= 17 and counts["indicators"] >= 90
    assert counts["protection"] >= 65 and counts["implementation"] >= 20 and counts["commitment"] >= 5
    assert all(i.type in ("process", "outcome") for i in definition.indicators if i.dimension == "implementation")
    derived = {
        (i.derived["rule"], i.derived.get("instrument"), str(i.derived.get("article")))
        for i in definition.indicators
        if i.derived
    }
    assert ("party", "ICRMW", "None") in derived and ("party", "ILO-C189", "None") in derived
    assert ("procedure", "ICRMW", "77") in derived


def test_a_researchers_framework_may_be_in_one_language(tmp_path):
    """``migrights compute`` reads a framework written in English only; publishing one needs every translation."""
    path = write_variant(tmp_path, lambda d: [i.pop("translations") for i in indicators(d)])
    assert len(load_framework(path, require_translations=False).indicators) == len(
        indicators(yaml.safe_load(path.read_text()))
    )
    with pytest.raises(DataFileError, match="no fr text"):
        load_framework(path)
