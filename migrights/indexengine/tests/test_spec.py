"""The IndexSpec: defaults, plain form, hash, and errors that name the field."""

import pytest

from migrights.indexengine import Aggregation, IndexSpec, SpecError

FILES = __import__("pathlib").Path(__file__).parent / "files"


def test_the_default_spec_is_the_documented_one():
    spec = IndexSpec()
    assert (spec.coders, spec.missing, spec.weights) == ("mean", "exclude", "equal")
    assert spec.aggregation == Aggregation("arithmetic", "arithmetic", "arithmetic", "arithmetic")
    assert spec.overall_dimensions == ("commitment", "protection", "implementation")
    assert IndexSpec.from_dict({}) == spec


def test_plain_form_round_trips_and_the_hash_follows_the_content():
    spec = IndexSpec.from_yaml(FILES / "spec_good.yaml")
    again = IndexSpec.from_dict(spec.to_dict())
    assert again == spec and again.hash() == spec.hash()
    assert spec.hash() != IndexSpec().hash()
    assert spec.aggregation.category == "geometric" and spec.uncertainty.aggregations[0].right == "harmonic"


def test_a_bad_spec_names_every_field_and_its_line():
    with pytest.raises(SpecError) as caught:
        IndexSpec.from_yaml(FILES / "spec_bad.yaml")
    located = {(p.column, p.row) for p in caught.value.problems}
    assert {
        ("coders", 2),
        ("aggregation.right", 4),
        ("min_coverage", 5),
        ("uncertainty.draws", 7),
        ("colour", 8),
    } <= located


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"weights": "user"}, "user_weights"),
        ({"overall_dimensions": ["law"]}, "overall_dimensions"),
        ({"aggregation": "generalised:x"}, "aggregation"),
        ({"uncertainty": {"missing": ["guess"]}}, "uncertainty.missing"),
        ({"goalposts": {"N": [5, 1]}}, "goalposts.N"),
        ({"rank_ties": "random"}, "rank_ties"),
    ],
)
def test_invalid_fields_are_named(data, field):
    with pytest.raises(SpecError) as caught:
        IndexSpec.from_dict(data)
    assert field in {p.column for p in caught.value.problems}


def test_generalised_mean_is_accepted_by_its_power():
    assert IndexSpec.from_dict({"aggregation": "generalised:0.5"}).aggregation.overall == "generalised:0.5"
