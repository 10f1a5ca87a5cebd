"""The crosswalk from documents to rights: checked as data, and what it finds for a right."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from migrights.documents.crosswalk import CROSSWALK_FILE, crosswalk, read_crosswalk
from migrights.documents.models import GC_PARAGRAPH, UPR_RECOMMENDATION, Passage
from migrights.documents.queries import NC_LICENCE, right_documents
from migrights.framework.definition import FRAMEWORKS_DIR, check_framework, read_framework
from migrights.lib.yamlfiles import DataFileError
from migrights.reference.models import Country

MRF_11 = FRAMEWORKS_DIR / "mrf-1.1.yaml"


def variant(tmp_path: Path, change, source: Path = CROSSWALK_FILE, name: str = "crosswalk.yaml") -> Path:
    document = yaml.safe_load(source.read_text())
    change(document)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    return path


def test_the_embedded_crosswalk_and_frameworks_are_sound():
    walk = crosswalk()
    assert walk.framework == "MRF"
    assert walk.link("DET").upr_issues == ("Detention", "Torture and other CID treatment")
    assert walk.link("XYZ").upr_issues == ()  # a category it does not name has nothing, never a guess
    definition = read_framework(MRF_11)
    assert check_framework(definition, where="mrf-1.1.yaml", require_predecessor=False) == []
    det = next(c for c in definition.categories if c.code == "DET")
    assert ("CMW/C/GC/2", "25") in det.documents
    assert definition.by_code["DET.1.P1"].documents == (("CMW/C/GC/2", "26"),)


def test_an_unknown_tag_or_label_is_named_with_the_file_and_entry(tmp_path):
    def bad(document):
        document["categories"]["LAB"]["upr_issues"].append("Labor")
        document["categories"]["CHI"]["groups"] = ["Kids"]

    path = variant(tmp_path, bad)
    with pytest.raises(DataFileError) as error:
        read_crosswalk(path)
    lines = str(error.value).splitlines()
    assert f"{path}: categories/LAB/upr_issues: unknown UPR issue tag 'Labor' (not in vocabulary.yaml)" in lines
    assert f"{path}: categories/CHI/groups: unknown concerned-group label 'Kids' (not in vocabulary.yaml)" in lines


def test_a_schema_break_is_refused_with_its_place(tmp_path):
    path = variant(tmp_path, lambda d: d["categories"]["DET"].pop("groups"))
    with pytest.raises(DataFileError, match=r"crosswalk\.yaml: categories/DET: 'groups' is a required property"):
        read_crosswalk(path)


def test_framework_check_refuses_an_unknown_category_in_the_crosswalk(tmp_path):
    path = variant(tmp_path, lambda d: d["categories"].update({"XYZ": {"upr_issues": ["Labour"], "groups": []}}))
    problems = check_framework(
        read_framework(MRF_11), where="mrf-1.1.yaml", require_predecessor=False, crosswalk=read_crosswalk(path)
    )
    assert problems == [f"{path}: categories/XYZ: unknown category XYZ (not in MRF 1.1)"]
    # another framework's categories are not the crosswalk's business
    other = variant(tmp_path, lambda d: d.update({"framework": "TINY"}))
    assert (
        check_framework(read_framework(MRF_11), where="f", require_predecessor=False, crosswalk=read_crosswalk(other))
        == []
    )


def test_framework_check_refuses_a_paragraph_or_document_the_corpus_lacks(tmp_path):
    def bad(document):
        det = next(c for c in document["categories"] if c["code"] == "DET")
        det["documents"] = [
            {"symbol": "CMW/C/GC/2", "paragraphs": [25, 999]},
            {"symbol": "CMW/C/GC/99", "paragraphs": [1]},
        ]

    path = variant(tmp_path, bad, MRF_11, "mrf-1.1.yaml")
    problems = check_framework(read_framework(path), where="f.yaml", require_predecessor=False)
    assert problems == [
        "f.yaml: categories/2/documents: CMW/C/GC/2 has no paragraph 999 in the treaty-body corpus",
        "f.yaml: categories/2/documents: no document CMW/C/GC/99 in the treaty-body corpus",
    ]


@pytest.mark.django_db
def test_a_right_has_its_cited_paragraphs_with_their_licence_and_its_recommendations(django_assert_max_num_queries):
    refs = (
        read_framework(MRF_11).by_code["DET.1.P1"].documents
        + next(c for c in read_framework(MRF_11).categories if c.code == "DET").documents
    )
    with django_assert_max_num_queries(4):
        found = right_documents("DET", refs)
    first = found["paragraphs"][0]
    assert (first["symbol"], first["paragraph"], first["committees"]) == ("CMW/C/GC/2", "26", ["CMW"])
    assert "individualized assessment" in first["text"]
    assert first["licence"] == NC_LICENCE and first["non_commercial"]
    assert found["licences"] == [NC_LICENCE]
    assert [p["paragraph"] for p in found["paragraphs"]][:5] == ["26", "23", "24", "25", "27"]
    # every recommendation counted is tagged with a detention tag and a migration tag, as the crosswalk says
    expected = [
        p
        for p in Passage.objects.filter(kind=UPR_RECOMMENDATION)
        if {"Detention", "Torture and other CID treatment"} & set(p.issues.split("|"))
        and {"Migrants", "Asylum-seekers - refugees", "Trafficking"} & set(p.issues.split("|"))
    ]
    upr = found["upr"]
    assert upr["count"] == len(expected) > 0
    assert upr["accepted"] + upr["noted"] <= upr["count"]
    assert upr["accepted"] == sum(1 for p in expected if p.response == "Accepted")
    assert len(upr["latest"]) == 5 and upr["search"] == {"kind": UPR_RECOMMENDATION, "issue": "Detention"}
    labelled = found["labelled"]
    assert labelled["count"] == sum(
        1
        for p in Passage.objects.filter(kind=GC_PARAGRAPH)
        if "Persons deprived of their liberty" in p.groups.split("|")
        and {"Migrants", "Refugees & asylum-seekers", "Non-citizens and stateless"} & set(p.groups.split("|"))
        and (p.symbol, p.paragraph) not in set(refs)
    )


@pytest.mark.django_db
def test_a_right_for_one_country_counts_only_what_it_received():
    malaysia = Country.objects.get(code="MYS")
    everyone = right_documents("LAB", ())
    found = right_documents("LAB", (), country=malaysia)
    assert 0 < found["upr"]["count"] < everyone["upr"]["count"]
    assert {r["state_under_review"] for r in found["upr"]["latest"]} == {"MYS"}
    assert found["upr"]["search"] == {"kind": UPR_RECOMMENDATION, "issue": "Labour", "state": "MYS"}
    # a right no UPR tag names has no recommendations and no search, never all of them
    assert right_documents("DOM", ())["upr"] == {
        "issues": [],
        "count": 0,
        "accepted": 0,
        "noted": 0,
        "latest": [],
        "search": None,
    }
