"""The law layer's public pages: the country page's law section, the agreements list and detail, their twins."""

from __future__ import annotations

import csv
import io

import pytest

pytestmark = pytest.mark.django_db


def section(html: str) -> str:
    start = html.index('<section id="law"')
    return html[start : html.index("</section>", start)]


def test_the_country_page_shows_citizenship_law_values_gaps_agreements_and_dataset_citations(client):
    law = section(client.get("/countries/DEU/").content.decode())
    # GLOBALCIT v3.1: Germany requires 8 years of residence (observed to 2023, repeated for 2024 unobserved)
    assert "Citizenship law on 1 January 2024" in law
    assert "8 years" in law and "carried forward from 2023" in law and "A06a_yrs_cat" in law
    assert "GLOBALCIT Citizenship Law Dataset, v3.1" in law and "CC BY 4.0" in law and "Vink, Maarten" in law
    assert "/agreements/?country=DEU" in law and "Chilton" in law  # the agreements' dataset is cited too
    # an earlier year on ?on= is observed, not carried forward
    earlier = section(client.get("/countries/DEU/?on=2022-06-01").content.decode())
    assert "Citizenship law on 1 January 2022" in earlier and "carried forward" not in earlier


def test_the_country_page_states_a_known_gap_and_the_twin_carries_the_section(client):
    from migrights.law.queries import gap_records

    [known] = gap_records("ALB", 2022, "CRC")
    assert known["state"] == "gap"  # a party to the CRC whose law (GLOBALCIT A03b_bin = 0) lacks the safeguard
    law = section(client.get("/countries/ALB/?on=2022-03-01").content.decode())
    assert "Obligation\N{EN DASH}law gaps on 1 January 2022" in law
    row = next(r for r in law.split("<tr>") if '/instruments/CRC/"' in r)
    assert "<strong>gap</strong>" in row and "A03b_bin" in row and "<td>7</td>" in row
    data = client.get("/countries/ALB.json?on=2022-03-01").json()["data"]["law"]
    assert data["year"] == 2022 and any(g["instrument"] == "CRC" for g in data["gaps"])
    french = section(client.get("/fr/countries/ALB/?on=2022-03-01").content.decode())
    assert "Droits dans la loi" in french


def test_the_agreements_list_filters_pages_and_has_twins(client):
    html = client.get("/agreements/").content.decode()
    assert "1222 agreements" in html and 'aria-label="Pages of the agreements"' in html
    philippines = client.get("/agreements.json?country=PHL").json()
    assert len(philippines["data"]["agreements"]) == 79  # as the API counts them
    assert philippines["meta"]["sources"][0]["citation"].startswith("Chilton")
    found = client.get("/agreements.json?country=PHL&provision=passport&decade=2010").json()["data"]["agreements"]
    # the dataset codes a passport protection in the Philippines' 2018 agreements with Jordan and Kuwait
    assert {r["key"]: r["partner"] for r in found} == {"742": "JOR", "757": "KWT"}
    assert all("passport" in r["provisions"] and r["signed"].startswith("201") for r in found)
    assert [r["key"] for r in client.get("/agreements.json?country=PHL&partner=QAT").json()["data"]["agreements"]] == [
        "772",
        "773",
        "774",
    ]
    table = list(csv.DictReader(io.StringIO(client.get("/agreements.csv?country=PHL&partner=QAT").content.decode())))
    assert table and {r["partner"] for r in table} == {"QAT"}
    page = client.get("/agreements/?country=PHL&partner=QAT").content.decode()
    assert 'href="/agreements.csv?country=PHL&amp;partner=QAT"' in page
    second = client.get("/agreements/?page=2").content.decode()
    assert 'aria-current="page">51\N{EN DASH}100<' in second


def test_bad_filters_are_400_and_an_unknown_agreement_is_404(client):
    assert client.get("/agreements/?country=XYZ").status_code == 400
    assert client.get("/agreements.json?provision=nope").json()["error"]["status"] == 400
    assert client.get("/agreements/?decade=1234").status_code == 400
    missing = client.get("/agreements/999999/")
    assert missing.status_code == 404 and "999999" in missing.content.decode()
    assert client.get("/agreements/999999.json").status_code == 404


def test_an_agreement_page_shows_its_parties_and_coded_protections(client):
    html = client.get("/agreements/1/").content.decode()
    assert "Canada" in html and "1947-05-19" in html and "absent" in html and "Chilton" in html
    assert client.get("/agreements/1.json").json()["data"]["party_b"] == "CAN"


def gap_section(html: str) -> str:
    start = html.index('<section id="law-gaps"')
    return html[start : html.index("</section>", start)]


def test_the_crc_page_lists_parties_whose_law_lacks_the_safeguard_with_both_sources(client):
    law = gap_section(client.get("/instruments/CRC/?on=2023-06-01").content.decode())
    assert "Parties whose law lacks the safeguard of article 7 on 1 January 2023" in law
    gaps_table = law[law.index('id="law-gaps-7-table"') : law.index("</table>", law.index('id="law-gaps-7-table"'))]
    # Albania: a party to the CRC whose law (GLOBALCIT v3.1, A03b_bin 0, no unconditional ius soli) lacks it
    albania = next(r for r in gaps_table.split("<tr>") if '/countries/ALB/"' in r)
    assert "<td>2023</td>" in albania and "A03b_bin = 0" in albania and "carried forward" not in albania
    assert "GLOBALCIT Citizenship Law Dataset, v3.1" in albania and "Status of Treaties, IV-11" in albania
    # Canada's unconditional ius soli gives the safeguard: listed among the parties whose law provides it
    assert '/countries/CAN/"' not in gaps_table
    provided = law[law.index("parties whose law provides it") :]
    assert '/countries/CAN/"' in provided.split("</details>")[0]
    assert "gap: <strong>" in law and "no gap: <strong>" in law and "unknown: <strong>" in law
    assert "Vink, Maarten" in law and "CC BY 4.0" in law  # the dataset's licence and citation
    # the twin carries the same comparison
    data = client.get("/instruments/CRC.json?on=2023-06-01").json()["data"]["law_gaps"]
    [article] = data["articles"]
    assert data["year"] == 2023 and "ALB" in {g["country"] for g in article["gaps"]}
    assert article["counts"]["gap"] == len(article["gaps"])


def test_the_1961_convention_page_says_unknown_where_the_treaty_data_is_partial(client):
    law = gap_section(client.get("/instruments/CRS61/").content.decode())
    assert 'id="law-gaps-1"' in law and 'id="law-gaps-2"' in law and "A03a_bin" in law
    # the 1961 Convention's parties are recorded from partial sources: no gap is stated, none is denied
    assert "No gap can be stated for 2024" in law and "states whose gap is unknown" in law
    assert 'id="law-gaps-1-table"' not in law
    french = gap_section(client.get("/fr/instruments/CRS61/").content.decode())
    assert "Parties whose law lacks" not in french and "Article 1" in french
    spanish = gap_section(client.get("/es/instruments/CRC/?on=2023-06-01").content.decode())
    assert "Parties whose law lacks" not in spanish and "/es/countries/ALB/" in spanish


def test_an_instrument_without_a_gap_rule_has_no_gap_section(client):
    assert 'id="law-gaps"' not in client.get("/instruments/ICRMW/").content.decode()
    assert "law_gaps" not in client.get("/instruments/ICRMW.json").json()["data"]


def test_a_countrys_agreement_partners_on_a_map_with_a_table(client):
    import json
    import re

    from migrights.lib.charts import map_rows

    html = client.get("/agreements/?country=PHL").content.decode()
    start = html.index('<section id="partners"')
    partners = html[start : html.index("</section>", start)]
    assert 'data-grapher="partners-map"' in partners and 'data-tab="table"' in partners  # the chart block
    assert "Source: Adam Chilton and Bartosz Woda" in partners and 'href="/agreements.csv?country=PHL"' in partners
    script = re.search(r'<script id="partners-map-spec" type="application/json">(.*?)</script>', html)
    spec = json.loads(script.group(1))
    drawn = {r["country"]: r for r in map_rows(spec)}
    # the Philippines' three agreements with Qatar (772, 773, 774), opening the list of them on click
    assert drawn["QAT"]["value"] == 3 and drawn["QAT"]["url"] == "/agreements/?country=PHL&partner=QAT"
    assert "PHL" not in drawn
    table = partners[partners.index('id="partners-table"') :]
    qatar = next(r for r in table.split("<tr>") if "partner=QAT" in r)
    assert '<td class="num">3</td>' in qatar
    # the numbers add up to the country's agreements, former states (not drawn) included in the table
    counts = [int(n) for n in re.findall(r'<td class="num">(\d+)</td><td class="num">\d+</td>', table)]
    assert sum(counts) == 79
    assert "Cite as:" in partners and "Chilton, Adam S." in partners  # the dataset's terms beside the map
    assert 'id="partners"' not in client.get("/agreements/").content.decode()  # only for one country
    french = client.get("/fr/agreements/?country=PHL").content.decode()
    assert "Partenaires des accords" in french and "/fr/agreements/?country=PHL&amp;partner=QAT" in french
    germany = client.get("/agreements/?country=DEU").content.decode()
    assert "Not on the map (former states" in germany and "Czechoslovakia" in germany
