"""MRF 1.1's protection indicators derived from GLOBALCIT (``derived: {rule: law}``): the rule, its checks and real
country-years (values read from ``migrights/data/law/globalcit-v3.1.csv``)."""

from __future__ import annotations

import copy
import math

import pytest

from migrights.framework.definition import FRAMEWORKS_DIR, check_framework, load_framework, parse_framework
from migrights.framework.lawrules import LawCell, derive_law_value

MRF_10 = FRAMEWORKS_DIR / "mrf-1.0.yaml"
MRF_11 = FRAMEWORKS_DIR / "mrf-1.1.yaml"
YEARS = {"levels": {"0": 100, "1": 50, "2": 50, "3": 0}, "rule": "law", "dataset": "globalcit", "variable": "A06b_cat"}
NATURALISATION = {
    "rule": "law",
    "dataset": "globalcit",
    "variable": "A06a_yrs_cat",
    "number": True,
    "cases": [{"variable": "A06_bin", "codes": ["0"], "value": 15}],
}


@pytest.fixture(scope="module")
def frameworks():
    before = load_framework(MRF_10)
    return before, load_framework(MRF_11, predecessor=before, require_predecessor=True)


def test_framework_11_maps_every_10_indicator_and_derives_four_protection_indicators(frameworks):
    before, after = frameworks
    assert after.predecessor == "1.0" and after.counts()["indicators"] == 165
    derived = {i.code: i.derived for i in after.indicators if i.law_derived}
    assert sorted(derived) == ["NAT.1.P3", "NAT.1.P5", "NAT.2.P3", "NAT.2.P5"]
    assert all(after.by_code[code].dimension == "protection" and after.by_code[code].coded for code in derived)
    # identity kept where the question is unchanged: 161 of 1.0's 162 indicators are `same`, under their own code
    same = [i for i in after.indicators if i.relation == "same"]
    assert len(same) == 161 and all(i.predecessors == (i.code,) for i in same)
    split = [i.code for i in after.indicators if i.relation == "split"]
    assert split == ["NAT.1.P3", "NAT.1.P4"] and after.by_code["NAT.1.P3"].predecessors == ("NAT.1.P2",)
    assert {i.code for i in after.indicators if i.relation == "new"} == {"NAT.1.P5", "NAT.2.P5"}
    # commitment indicators are still derived from treaty data, never coded
    assert [i.code for i in after.indicators if i.treaty_derived] == [i.code for i in before.indicators if i.derived]


def _problems(document: dict) -> list[str]:
    definition = parse_framework(document)
    return check_framework(definition, where="f", predecessor=load_framework(MRF_10), require_translations=False)


def _with_rule(document: dict, code: str, rule: dict | None, **changes: object) -> dict:
    changed = copy.deepcopy(document)
    for category in changed["categories"]:
        for right in category["rights"]:
            for indicator in right["indicators"]:
                if indicator["code"] == code:
                    if rule is None:
                        indicator.pop("derived", None)
                    else:
                        indicator["derived"] = rule
                    indicator.update(changes)
    return changed


@pytest.mark.parametrize(
    ("code", "rule", "reason"),
    [
        # code 9 of A06b_cat is not named in any document read: it may not be mapped
        ("NAT.2.P5", {**YEARS, "levels": {**YEARS["levels"], "9": 0}}, "code 9 of A06b_cat has no confirmed meaning"),
        ("NAT.2.P5", {**YEARS, "levels": {"0": 75}}, "75 is not a level of the scale"),
        ("NAT.2.P5", {**YEARS, "variable": "A99_bin"}, "A99_bin is not a declared variable of globalcit"),
        ("NAT.2.P5", {**YEARS, "dataset": "bla"}, "bla codes no variable of a country's law per year"),
        ("NAT.2.P5", {**YEARS, "dataset": "mipex"}, "mipex is not a dataset of data/law/variables.yaml"),
        ("NAT.2.P5", {**YEARS, "levels": {}}, "map each code used to a level"),
        ("NAT.2.P5", {**NATURALISATION}, "a number is read into a numeric scale only"),
        ("NAT.2.P3", {**NATURALISATION, "variable": "A06_bin"}, "A06_bin is not a number in its dataset"),
        ("NAT.2.P3", {**NATURALISATION, "cases": [{"variable": "A06_bin", "codes": ["0"], "value": 20}]}, "outside"),
        ("NAT.2.C1", YEARS, "only protection indicators (rights in national law) are derived from a law dataset"),
        ("NAT.2.C1", None, "needs a `derived` rule"),
        ("NAT.2.P1", {"rule": "party", "instrument": "CSSP54"}, "only commitment indicators are derived from treaty"),
    ],
)
def test_a_law_rule_resting_on_no_confirmed_meaning_is_refused_where_it_is(frameworks, code, rule, reason):
    document = frameworks[1].document
    assert _problems(document) == []
    problems = _problems(_with_rule(document, code, rule))
    assert any(reason in p for p in problems), problems


def test_the_rule_reads_the_dataset_row_of_the_next_1_january_and_never_invents_a_value():
    data = {
        ("DEU", "A06b_cat"): {1999: LawCell("3"), 2000: LawCell("2"), 2024: LawCell("2", carried=True)},
        ("DEU", "A06_bin"): {2023: LawCell("1")},
        ("DEU", "A06a_yrs_cat"): {2023: LawCell("8")},
        ("CHN", "A06_bin"): {2023: LawCell("0")},
        ("BHR", "A06a_yrs_cat"): {2023: LawCell("25")},
        ("XXX", "A06b_cat"): {2023: LawCell("9")},
    }
    value = lambda rule, country, year: derive_law_value(rule, country, year, data, 0, 15)  # noqa: E731
    assert value(YEARS, "DEU", 1998).value == 0  # 1 January 1999: renunciation required (3)
    assert value(YEARS, "DEU", 1999).value == 50  # the 2000 reform, in force on 1 January 2000 (2)
    carried = value(YEARS, "DEU", 2023)
    assert carried.value == 50 and carried.carried_forward and math.isnan(carried.engine_value)
    assert math.isnan(value(YEARS, "XXX", 2022).value)  # a code without a confirmed level: unknown, never zero
    assert math.isnan(value(YEARS, "DEU", 2030).value)  # a year the dataset does not hold: unknown
    assert value(NATURALISATION, "DEU", 2022).value == 8
    assert value(NATURALISATION, "CHN", 2022).value == 15  # no naturalisation after residence: the scale's top
    assert value(NATURALISATION, "BHR", 2022).value == 15  # 25 years, capped where the guidance caps it
    assert math.isnan(value(NATURALISATION, "DEU", 2021).value)


@pytest.mark.django_db
def test_real_country_years_derived_from_the_loaded_globalcit_values():
    from migrights.framework.models import Framework
    from migrights.framework.queries import law_answers

    framework = Framework.objects.get(code="MRF", version="1.1")
    years = {"DEU": [1998, 1999, 2018, 2019, 2022, 2023], "PHL": [2022], "FRA": [2022], "CHN": [2022], "BHR": [2022]}
    frame = law_answers(framework, years)
    got = {(r.country, r.year, r.indicator): r for r in frame.itertuples()}

    def value(country: str, year: int, indicator: str) -> float | None:
        row = got.get((country, year, indicator))
        return None if row is None else row.value

    # DEU,A06b_cat,1960,1999,,3 and DEU,A06b_cat,2000,2023,2024,2: renunciation required, then with major exceptions
    assert value("DEU", 1998, "NAT.2.P5") == 0 and value("DEU", 1999, "NAT.2.P5") == 50
    # DEU,A06a_yrs_cat,2020,2023,2024,8: eight years from the row of 1 January 2020 (framework year 2019) on
    assert value("DEU", 2019, "NAT.2.P3") == 8 and value("DEU", 2018, "NAT.2.P3") is None
    # 2024 repeats 2023: shown with its value, marked, and unknown to the engine (not a 2024 observation)
    carried = got[("DEU", 2023, "NAT.2.P5")]
    assert carried.carried_forward and carried.law_value == 50 and math.isnan(carried.value)
    assert carried.variable == "A06b_cat" and carried.dataset_year == 2024 and carried.source == "globalcit-v3-1"
    # PHL,A03b_bin,...,0 and PHL,A03a_bin,...,0; FRA,A03b_bin,...,1 and FRA,A06b_cat,1960,2023,2024,0
    assert value("PHL", 2022, "NAT.1.P3") == 0 and value("PHL", 2022, "NAT.1.P5") == 0
    assert value("PHL", 2022, "NAT.2.P3") == 10 and value("PHL", 2022, "NAT.2.P5") == 100
    assert value("FRA", 2022, "NAT.1.P3") == 1 and value("FRA", 2022, "NAT.2.P3") == 5
    # CHN,A06_bin,2020,2023,2024,0 and BHR,A06a_yrs_cat,2020,2023,2024,25
    assert value("CHN", 2022, "NAT.2.P3") == 15 and value("BHR", 2022, "NAT.2.P3") == 15
    assert set(frame.coder) == {"derived"} and not frame.not_applicable.any()
