"""The narrative's sentences follow the data: a ratification is said with its date, incomplete data say "not
recorded" (never "not party"), and the sentences read as French and Spanish sentences, plurals included."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from migrights.briefs import narrative

ON = dt.date(2026, 6, 30)
COMPLETE = dt.date(2026, 2, 3)  # as the UN Treaty Collection was read


def fact(code, title, status, complete_as_of=COMPLETE, since=None, how="", signed=None, closed=False):
    row = {
        "code": code,
        "title": title,
        "status": status,
        "since": since,
        "how": how,
        "signed": signed,
        "closed": closed,
        "sources": [f"src-{code}"] if since or signed else [],
        "completeness_source": "untc" if complete_as_of else None,
    }
    return narrative.fact(row, complete_as_of, ON)


def test_knowledge_has_three_states_and_not_applicable():
    assert narrative.knowledge("party", None, False, ON) == "party"  # a party is a party on partial data
    assert narrative.knowledge("none", COMPLETE, False, ON) == "none"
    assert narrative.knowledge("none", None, False, ON) == "unknown"
    assert narrative.knowledge("none", dt.date(2014, 10, 26), False, ON) == "unknown"  # complete only up to 2014
    assert narrative.knowledge("signatory", None, False, ON) == "unknown"
    assert narrative.knowledge("none", COMPLETE, True, ON) == "not-applicable"


def test_a_ratification_is_said_with_its_act_and_date():
    facts = [
        fact("ICRMW", "Migrant Workers Convention", "party", since="1999-03-08", how="ratification"),
        fact("ILO-C097", "Migration for Employment Convention", "none", complete_as_of=None),
    ]
    first = narrative.commitment_sentences("Mexico", facts)[0]
    assert first["text"] == (
        "Mexico is party to 1 of the 2 migrant-specific instruments followed here: "
        "Migrant Workers Convention (ratification, 1999-03-08)."
    )
    assert first["sources"] == ["src-ICRMW"]


def test_partial_data_give_not_recorded_and_complete_data_not_party():
    facts = [
        fact("ILO-C097", "Migration for Employment Convention", "none", complete_as_of=None),
        fact("CSR51", "1951 Refugee Convention", "none", complete_as_of=dt.date(2014, 10, 26)),
        fact("ICRMW", "Migrant Workers Convention", "none"),
    ]
    texts = [s["text"] for s in narrative.commitment_sentences("Japan", facts)]
    assert texts[0].startswith("No ratification or accession by Japan is recorded")
    not_party = next(t for t in texts if t.startswith("It is not party"))
    assert "Migrant Workers Convention" in not_party and "Migration for Employment" not in not_party
    unknown = next(t for t in texts if "not recorded" in t)
    assert "Migration for Employment Convention (data partial)" in unknown
    assert "1951 Refugee Convention (data complete only up to 2014-10-26)" in unknown
    assert "Refugee" not in not_party


def test_a_signature_without_ratification_depends_on_completeness():
    complete = [fact("ICRMW", "Migrant Workers Convention", "signatory", signed="2004-09-27")]
    partial = [fact("ILO-C143", "C143", "signatory", None, signed="1990")]
    assert "It has signed 1 of them without becoming party: Migrant Workers Convention (2004-09-27)." in [
        s["text"] for s in narrative.commitment_sentences("Cambodia", complete)
    ]
    said = " ".join(s["text"] for s in narrative.commitment_sentences("X", partial))
    assert "no ratification is recorded, but the data for this instrument are incomplete" in said
    assert "without becoming party" not in said


def test_the_region_sentence_names_the_classification_and_warns_of_incomplete_counts():
    areas = [{"name": "South-eastern Asia", "classification": "subregion", "counts": [1, 2, 2, 8]}]
    sentences = narrative.region_sentences("Philippines", 8, 9, areas, ["Domestic Workers Convention"])
    assert sentences[0]["text"] == (
        "Philippines is party to 8 of the 9 migrant-specific instruments; the median is 2 among the 4 states of "
        "South-eastern Asia (UN M49 sub-region)."
    )
    assert "Domestic Workers Convention are incomplete" in sentences[1]["text"]
    assert narrative.region_sentences("X", 0, 9, [{**areas[0], "counts": []}], []) == []


def test_recent_acts_and_memberships():
    start = narrative.window_start(ON)
    assert start == dt.date(2021, 6, 30)
    acts = [{"title": "Domestic Workers Convention", "act": "ratification", "date": "2023-01-05", "source": "ilo"}]
    said = narrative.recent_sentences("Mexico", acts, [], start)
    assert said[0]["text"] == (
        "Since 2021-06-30, 1 treaty act by Mexico is recorded: Domestic Workers Convention: ratification, 2023-01-05."
    )
    assert narrative.recent_sentences("Mexico", [], [], start)[0]["text"] == (
        "No treaty act by Mexico is recorded since 2021-06-30."
    )
    members = [
        {"kind": "rcp", "role": "member", "body_name": "Colombo Process", "start": "2003", "source": "cp"},
        {"kind": "irf", "role": "member", "body_name": "Bali Process", "start": None, "source": "bp"},
        {"kind": "mobility-regime", "role": "member", "body_name": "ASEAN", "start": "1967-08-08", "source": "as"},
    ]
    said = narrative.membership_sentences("Philippines", members)
    assert said[0]["text"] == (
        "Philippines is a member of 2 regional consultative processes and migration forums: "
        "Colombo Process (since 2003); Bali Process."
    )
    assert said[1]["text"] == "It belongs to the regional mobility regime ASEAN (since 1967-08-08)."
    assert narrative.membership_sentences("Chad", [])[0]["text"].startswith("No membership of Chad")


def test_the_score_is_the_release_s_where_one_exists():
    overall = {"code": "overall", "year": 2026, "score": 61.25, "low": 55.0, "high": 66.5}
    scores = {"overall": overall, "dimensions": [{"code": "commitment", "year": 2026, "score": 80.0}]}
    release = {"version": "2026.1", "date": "2026-11-01"}
    assert narrative.score_sentences(scores, release)[0]["text"] == (
        "Its overall score in 2026 is 61.2 out of 100 (90 % interval 55 to 66.5), from data release 2026.1 of "
        "2026-11-01."
    )
    before = narrative.score_sentences({**scores, "overall": {**overall, "score": None}}, None)[0]["text"]
    assert "No assessment data has been released" in before and "80 out of 100" in before


def test_french_and_spanish_sentences_with_plurals_and_decimal_commas():
    facts = [
        fact("ICRMW", "Convention", "party", since="1999-03-08", how="ratification"),
        fact("ILO-C097", "C097", "none", complete_as_of=None),
        fact("ILO-C143", "C143", "none", complete_as_of=None),
    ]
    areas = [{"name": "Amérique centrale", "classification": "subregion", "counts": [1, 2, 3, 4]}]
    with translation.override("fr"):
        texts = [s["text"] for s in narrative.commitment_sentences("Mexique", facts)]
        assert texts[0].startswith("Mexique est partie à 1 des 3 instruments propres aux migrants")
        assert texts[1].startswith("Le statut de l'État au regard de 2 d'entre eux n'est pas enregistré")
        region = narrative.region_sentences("Mexique", 1, 3, areas, [])[0]["text"]
        assert "la médiane est de 2,5 parmi les 4 États" in region and "sous-région M49 des Nations Unies" in region
    with translation.override("es"):
        texts = [s["text"] for s in narrative.commitment_sentences("México", facts)]
        assert texts[0].startswith("México es parte en 1 de los 3 instrumentos específicos sobre migrantes")
        assert texts[1].startswith("Su situación respecto de 2 de ellos no consta")
        single = [s["text"] for s in narrative.commitment_sentences("México", facts[:2])]
        assert single[1].startswith("Su situación respecto del siguiente instrumento no consta")


def law_value(variable, value, carried=False, year_to=2024):
    return {"variable": variable, "value": value, "carried_forward": carried, "year_to": year_to, "source": "gc"}


def test_what_its_law_says_follows_the_codes_and_names_the_gap():
    law = {
        "year": 2024,
        "values": [
            law_value("A06a_yrs_cat", "8", carried=True, year_to=2023),
            law_value("A06b_cat", "3"),
            law_value("A02a_cat", "2"),
            law_value("A03b_bin", "0"),
            law_value("A06b_cat_unused", "9"),
        ],
        "gaps": [
            {
                "state": "gap",
                "instrument": "CRC",
                "article": "7",
                "law_source": "gc",
                "treaty_source": "untc",
                "obligation_source": "crc-text",
            },
            {
                "state": "no-gap",
                "instrument": "CRS61",
                "article": "1",
                "law_source": "gc",
                "treaty_source": "untc",
                "obligation_source": "crs-text",
            },
        ],
    }
    said = narrative.law_sentences("Ruritania", law, {"CRC": "Convention on the Rights of the Child"})
    texts = [s["text"] for s in said]
    assert texts[0] == (
        "On 1 January 2024, the citizenship law of Ruritania asked immigrants for 8 years of residence before they "
        "could naturalise."
    )
    assert "It required immigrants who naturalise to give up their previous nationality." in texts
    assert any("only where the parents were resident (conditional ius soli)" in t for t in texts)
    assert any(t.startswith("It had no safeguard") for t in texts)
    assert "The dataset repeats its 2023 values for 2024: they are not a new observation." in texts
    gap = texts[-1]
    assert gap.startswith("Its law lacks what Convention on the Rights of the Child, art. 7 requires of a party")
    assert "CRS61" not in gap  # a state with no gap is not named
    assert set(said[-1]["sources"]) == {"gc", "untc", "crc-text"} and said[0]["sources"] == ["gc"]
    with translation.override("fr"):
        french = [s["text"] for s in narrative.law_sentences("la Ruritanie", law, {})]
    assert french[0].startswith("Au 1er janvier 2024, la législation sur la nationalité de la Ruritanie exigeait")
    nothing = narrative.law_sentences("Ruritania", {"year": 2024, "values": [], "gaps": []}, {})
    assert [s["text"] for s in nothing] == [
        "No published dataset read by the observatory codes the citizenship law of Ruritania."
    ]
