"""Did recommendations to ratify lead to ratification? UPR recommendations that call on a State to ratify (or
accede to) an instrument, and what the State did after, from its treaty actions.

Which recommendation calls for which instrument is data (``migrights/data/documents/ratification-calls.yaml``,
rules in docs/decisions.md): a word of ratification, then a mention of the instrument, with no word of another act
between them. :func:`called_instruments` applies it to one text; :func:`ratification_calls` to the library, one
row per State under review, session and response, with the outcome:

- ``already-party``: the State was party on 1 January of the earliest year the session can have taken place;
- ``same-period``: its act falls within the years the session can have taken place: which came first is unknown;
- ``ratified``: its first consent (ratification, accession, succession...) dated after that period;
- ``not-party``: no consent recorded and the instrument's data complete as of a date (``not by`` that date);
- ``unknown``: no consent recorded, and the instrument's data is partial: never counted as a failure;
- ``not-applicable``: the instrument's depositary does not accept the State.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db.models import Q

from migrights.documents.models import UPR_RECOMMENDATION, Passage
from migrights.documents.queries import share_percent
from migrights.documents.vocabulary import upr_sessions
from migrights.lib import generations
from migrights.lib.memo import Latest
from migrights.lib.paths import EMBEDDED_DATA_DIR
from migrights.lib.status import status_on, takes_effect
from migrights.lib.vocabulary import CONSENT_ACTIONS
from migrights.lib.yamlfiles import load_yaml
from migrights.reference.models import Instrument, TreatyAction

RULES_FILE = EMBEDDED_DATA_DIR / "documents" / "ratification-calls.yaml"
WITHIN_YEARS = 5  # the figure's "ratified within 5 years of the review"
OUTCOMES = ("ratified", "not-party", "same-period", "already-party", "unknown", "not-applicable")
SOURCE = "upr-info-2008-2014"


@dataclass(frozen=True)
class Rules:
    verbs: re.Pattern[str]
    blockers: re.Pattern[str]
    joined: re.Pattern[str]
    after: re.Pattern[str]
    considering: re.Pattern[str]
    protocol_of: re.Pattern[str]
    instruments: dict[str, tuple[re.Pattern[str], ...]]
    sessions_until: int


@cache
def rules() -> Rules:
    raw = load_yaml(RULES_FILE)

    def compiled(pattern: str) -> re.Pattern[str]:
        return re.compile(pattern, re.IGNORECASE)

    return Rules(
        verbs=compiled(raw["verbs"]),
        blockers=compiled(raw["blockers"]),
        joined=compiled(raw["joined"]),
        after=compiled(raw["after"]),
        considering=compiled(raw["considering"]),
        protocol_of=compiled(raw["protocol_of"]),
        instruments={code: tuple(compiled(p) for p in patterns) for code, patterns in raw["instruments"].items()},
        sessions_until=int(raw["sessions_until"]),
    )


def instruments_matched() -> list[str]:
    """Codes of the instruments whose ratification calls are looked for."""
    return list(rules().instruments)


def _mentioned(text: str, patterns: Iterable[re.Pattern[str]], verbs: list[int], found: Rules) -> bool:
    for pattern in patterns:
        for mention in pattern.finditer(text):
            if found.protocol_of.search(text[: mention.start()]):
                continue  # "the Optional Protocol to ...": a protocol's mention, not the instrument's
            if found.after.search(text[mention.end() :]):
                return True  # "adhere to the principles of the ICRMW and consider its ratification"
            before = [end for end in verbs if end <= mention.start()]
            if not before:
                continue
            start = before[-1]
            if any(
                not found.joined.fullmatch(text, start, other.start())
                for other in found.blockers.finditer(text, start, mention.start())
            ):
                continue  # "ratify the CAT and implement the ICRMW": the nearest call is to implement
            return True
    return False


def called_instruments(text: str) -> list[str]:
    """Codes of the instruments ``text`` calls on its State to ratify or accede to (the rules' order)."""
    found = rules()
    text = " ".join(text.split())
    verbs = [m.end() for m in found.verbs.finditer(text)]
    if not verbs:
        return []
    return [code for code, patterns in found.instruments.items() if _mentioned(text, patterns, verbs, found)]


@cache
def session_years() -> dict[int, tuple[int, int]]:
    """Session → the years it can have taken place: its own where a read source dates it; else between the
    years of the dated sessions around it (after the last, up to the corpus's last year)."""
    sessions = upr_sessions()
    dated = {n: int(s["year"]) for n, s in sessions.items() if s.get("year")}
    years = {}
    for n in sessions:
        if n in dated:
            years[n] = (dated[n], dated[n])
            continue
        earlier = [y for m, y in dated.items() if m < n]
        later = [y for m, y in dated.items() if m > n]
        years[n] = (max(earlier) if earlier else min(dated.values()), min(later) if later else rules().sessions_until)
    return years


_CALLS: Latest[dict[str, list[dict[str, Any]]]] = Latest()


def _all_calls() -> dict[str, list[dict[str, Any]]]:
    """Instrument → the recommendations calling for it, matched once per state of the library."""
    state = generations.key("documents", "reference")  # the library and the states, as they are now

    def build() -> dict[str, list[dict[str, Any]]]:
        words = Q()
        for word in ("ratif", "acced", "accession", "adher", "adhesion", "party", "parties", "bound"):
            words |= Q(text__icontains=word)
        calls: dict[str, list[dict[str, Any]]] = {code: [] for code in instruments_matched()}
        rows = (
            Passage.objects.filter(words, kind=UPR_RECOMMENDATION, state_under_review__isnull=False)
            .order_by("session", "position")
            .values_list(
                "dataset",
                "key",
                "session",
                "cycle",
                "state_under_review__code",
                "state_under_review__name",
                "recommending_state__code",
                "recommending_state__name",
                "recommending_name",
                "response",
                "action",
                "text",
                "symbol",
            )
        )
        for dataset, key, session, cycle, state, name, by, by_name, by_words, response, action, text, symbol in rows:
            for code in called_instruments(text):
                calls[code].append(
                    {
                        "id": f"{dataset}:{key}",
                        "session": session,
                        "cycle": cycle,
                        "state": state,
                        "state_name": name,
                        "recommending_state": by,
                        "recommending_name": by_name or by_words or None,
                        "response": response,
                        "action": action,
                        "text": text,
                        "report_symbol": symbol or None,
                    }
                )
        return calls

    return _CALLS.get(state, build)


def _consents(acts: list[TreatyAction]) -> list[TreatyAction]:
    return sorted((a for a in acts if a.action in CONSENT_ACTIONS), key=takes_effect)


def outcome(
    acts: list[TreatyAction], years: tuple[int, int], complete_as_of: dt.date | None, closed: bool
) -> dict[str, Any]:
    """What a State did after a review held within ``years``, from its acts on the instrument."""
    low, high = years
    if closed:
        return {"outcome": "not-applicable", "date": None, "action": None, "years_after": None}
    before = status_on(acts, dt.date(low, 1, 1))
    if before.status == "party":
        return {"outcome": "already-party", "date": before.since.iso() if before.since else None, "action": None}
    for act in _consents(acts):
        if act.date.last.year < low:
            continue  # an earlier consent since ended (denounced): not an answer to this review
        kind = "same-period" if act.date.first.year <= high else "ratified"
        return {
            "outcome": kind,
            "date": act.date.iso(),
            "action": act.action,
            "years_after": act.date.first.year - low if kind == "ratified" else None,
        }
    if complete_as_of is not None:
        return {"outcome": "not-party", "date": complete_as_of.isoformat(), "action": None, "years_after": None}
    return {"outcome": "unknown", "date": None, "action": None, "years_after": None}


def ratification_calls(instrument: Instrument) -> dict[str, Any] | None:
    """The recommendations calling on a State to ratify ``instrument`` and what it did after, one row per State
    under review, session and response (oldest first); None where the rules do not look for the instrument."""
    if instrument.code not in rules().instruments:
        return None
    calls = _all_calls()[instrument.code]
    years = session_years()
    acts: dict[str, list[TreatyAction]] = {}
    for act in TreatyAction.objects.filter(instrument=instrument).select_related("country"):
        acts.setdefault(act.country.code, []).append(act)
    closed = set(instrument.closed_codes())
    groups: dict[tuple[str, int, str], list[dict[str, Any]]] = {}
    for call in calls:
        groups.setdefault((call["state"], call["session"], call["response"]), []).append(call)
    rows = []
    for (state, session, response), items in groups.items():
        low, high = years.get(session, (None, None))
        if low is None:
            continue  # a session vocabulary.yaml does not declare: the import refuses it, never here
        result = outcome(acts.get(state, []), (low, high), instrument.complete_as_of, state in closed)
        rows.append(
            {
                "state": state,
                "state_name": items[0]["state_name"],
                "session": session,
                "cycle": items[0]["cycle"],
                "report_symbol": items[0]["report_symbol"],  # the review's Working Group report, where one was read
                "year_from": low,
                "year_to": high,
                "response": response,
                "recommending_states": sorted({i["recommending_state"] or i["recommending_name"] for i in items}),
                "recommendations": len(items),
                "considering": sum(1 for i in items if rules().considering.search(i["text"])),
                **{"years_after": None, **result},
                "texts": [i["text"] for i in items],
                "ids": [i["id"] for i in items],
            }
        )
    rows.sort(key=lambda r: (r["session"], r["state_name"], r["response"]))
    return {
        "instrument": instrument.code,
        "complete_as_of": instrument.complete_as_of.isoformat() if instrument.complete_as_of else None,
        "within_years": WITHIN_YEARS,
        "rows": rows,
        "summary": summary(rows, instrument.complete_as_of),
        "source": SOURCE,
    }


def summary(rows: list[dict[str, Any]], complete_as_of: dt.date | None) -> list[dict[str, Any]]:
    """Per response: of the reviews whose State was not party before, how many ratified after, within
    :data:`WITHIN_YEARS` years and by the last date of the data; reviews whose outcome is unknown, or whose act
    may have come before the review, are counted apart, never as a success nor a failure."""
    result = []
    for response in ("Accepted", "Noted"):
        own = [r for r in rows if r["response"] == response]
        decided = [r for r in own if r["outcome"] in ("ratified", "not-party")]
        ratified = [r for r in decided if r["outcome"] == "ratified"]
        # within N years: known for a ratification, and for a non-party whose complete data reaches N years on
        within = [
            r
            for r in decided
            if r["outcome"] == "ratified"
            or (complete_as_of is not None and complete_as_of.year >= r["year_to"] + WITHIN_YEARS)
        ]
        within_yes = [r for r in within if r["outcome"] == "ratified" and r["years_after"] <= WITHIN_YEARS]
        result.append(
            {
                "response": response,
                "reviews": len(own),
                "already_party": sum(1 for r in own if r["outcome"] == "already-party"),
                "same_period": sum(1 for r in own if r["outcome"] == "same-period"),
                "unknown": sum(1 for r in own if r["outcome"] in ("unknown", "not-applicable")),
                "not_party_before": len(decided),
                "ratified": len(ratified),
                "ratified_share": share_percent(len(ratified), len(decided)),
                "within_known": len(within),
                "ratified_within": len(within_yes),
                "ratified_within_share": share_percent(len(within_yes), len(within)),
            }
        )
    return result


CSV_COLUMNS = (
    "instrument",
    "state",
    "state_name",
    "session",
    "cycle",
    "report_symbol",
    "year_from",
    "year_to",
    "response",
    "recommending_states",
    "recommendations",
    "considering",
    "outcome",
    "date",
    "action",
    "years_after",
    "texts",
)


def csv_rows(found: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows as one CSV table (lists joined by ``; ``, texts by `` | ``)."""
    return [
        {
            **row,
            "instrument": found["instrument"],
            "recommending_states": "; ".join(row["recommending_states"]),
            "texts": " | ".join(row["texts"]),
        }
        for row in found["rows"]
    ]
