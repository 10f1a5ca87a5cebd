"""The sentences that open a brief, built from the data: each a translated template with its sources.

Pure functions (plain rows in, sentences out), called inside ``translation.override(language)``. A sentence is
``{"text": ..., "sources": [source keys]}``; the template numbers the sources. The honest-numbers rules hold: a
state is *party* (a recorded act binds it), *not party* (the data are complete on the brief's date and hold no
binding act), or its status is *not recorded* (the data are partial, or complete only up to an earlier year,
and hold no binding act); a state the depositary does not accept cannot become party. Counts of parties are
counts of recorded acts. Sentences are whole templates with gettext plurals: no English words are joined here.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from migrights.lib.status import complete_on

# The migrant-specific instruments a narrative speaks of, in this order.
MIGRANT_INSTRUMENTS = (
    "ICRMW",
    "ILO-C097",
    "ILO-C143",
    "ILO-C189",
    "ILO-C181",
    "CSR51",
    "PSR67",
    "UNTOC-TIP",
    "UNTOC-SOM",
)
RECENT_YEARS = 5  # "what changed recently": acts in the five years before the brief's date
# governance bodies a narrative names as forums, and as mobility regimes
FORUM_KINDS = ("rcp", "irf", "global-process")
REGIME_KINDS = ("mobility-regime",)
CLASSIFICATIONS = {
    "subregion": gettext_noop("UN M49 sub-region"),
    "region": gettext_noop("UN M49 region"),
}

Sentence = dict[str, Any]


def translated(text: str | None) -> str:
    """A registry label in the active language; unmarked labels come back unchanged."""
    return _(text) if text else ""


def sentence(text: str, sources: Iterable[str] = ()) -> Sentence:
    return {"text": text, "sources": sorted({s for s in sources if s})}


def items(texts: Sequence[str]) -> str:
    """A list inside a sentence: ``a; b; c`` (items carry commas of their own; no conjunction to translate)."""
    return "; ".join(texts)


def number(value: float | int | None) -> str:
    """A count or a median in the active language's format (``2.5``, ``2,5``); whole values without decimals."""
    if value is None:
        return "\u2013"  # an en dash
    if float(value).is_integer():
        return number_format(int(value))
    return number_format(round(float(value), 1), decimal_pos=1)


def knowledge(status: str, complete_as_of: dt.date | None, closed: bool, on: dt.date) -> str:
    """What is known of a state and an instrument on ``on``: ``party``, ``signatory``, ``denounced``, ``none``
    (complete data, no binding act), ``unknown`` (incomplete data, no binding act) or ``not-applicable``.

    The same rule as ``framework.commitments.CommitmentData.knowledge``, on one row a brief already holds.
    """
    if status == "party":
        return "party"
    if closed:
        return "not-applicable"
    return status if complete_on(complete_as_of, on) else "unknown"


def fact(row: dict[str, Any], complete_as_of: dt.date | None, on: dt.date) -> dict[str, Any]:
    """One instrument for one state (a row of ``brief.commitment_row`` with its acts' sources): what is known."""
    return {
        **row,
        "state": knowledge(row["status"], complete_as_of, row.get("closed", False), on),
        "complete_as_of": complete_as_of,
    }


def _unknown_item(f: dict[str, Any]) -> str:
    if f["complete_as_of"] is None:
        return _("%(instrument)s (data partial)") % {"instrument": f["title"]}
    return _("%(instrument)s (data complete only up to %(date)s)") % {
        "instrument": f["title"],
        "date": f["complete_as_of"].isoformat(),
    }


def commitment_sentences(country: str, facts: Sequence[dict[str, Any]]) -> list[Sentence]:
    """What ``country`` has committed to among the migrant-specific instruments (``facts`` from ``fact``)."""
    total = len(facts)
    by_state: dict[str, list[dict[str, Any]]] = {}
    for f in facts:
        by_state.setdefault(f["state"], []).append(f)
    out = []
    parties = by_state.get("party", [])
    if parties:
        listed = items(
            [
                _("%(instrument)s (%(act)s, %(date)s)")
                % {"instrument": f["title"], "act": f["how"], "date": f["since"]}
                for f in parties
            ]
        )
        text = ngettext(
            "%(country)s is party to %(count)d of the %(total)d migrant-specific instruments followed here: %(items)s.",
            "%(country)s is party to %(count)d of the %(total)d migrant-specific instruments followed here: %(items)s.",
            len(parties),
        ) % {"country": country, "count": len(parties), "total": total, "items": listed}
    else:
        text = ngettext(
            "No ratification or accession by %(country)s is recorded for the %(total)d migrant-specific instrument "
            "followed here.",
            "No ratification or accession by %(country)s is recorded for any of the %(total)d migrant-specific "
            "instruments followed here.",
            total,
        ) % {"country": country, "total": total}
    out.append(sentence(text, (s for f in parties for s in f["sources"])))

    signed = by_state.get("signatory", [])
    if signed:
        listed = items(
            [_("%(instrument)s (%(date)s)") % {"instrument": f["title"], "date": f["signed"]} for f in signed]
        )
        text = ngettext(
            "It has signed %(count)d of them without becoming party: %(items)s.",
            "It has signed %(count)d of them without becoming party: %(items)s.",
            len(signed),
        ) % {"count": len(signed), "items": listed}
        out.append(sentence(text, (s for f in signed for s in f["sources"])))
    # signed, but the data cannot tell whether a ratification followed
    signed_unknown = [f for f in by_state.get("unknown", []) if f["signed"]]
    if signed_unknown:
        listed = items(
            [_("%(instrument)s (%(date)s)") % {"instrument": f["title"], "date": f["signed"]} for f in signed_unknown]
        )
        text = ngettext(
            "It signed %(items)s; no ratification is recorded, but the data for this instrument are incomplete.",
            "It signed %(items)s; no ratification is recorded, but the data for these instruments are incomplete.",
            len(signed_unknown),
        ) % {"items": listed}
        out.append(sentence(text, (s for f in signed_unknown for s in f["sources"])))
    denounced = by_state.get("denounced", [])
    if denounced:
        listed = items(
            [_("%(instrument)s (%(date)s)") % {"instrument": f["title"], "date": f["since"]} for f in denounced]
        )
        text = ngettext(
            "It has denounced or withdrawn from %(items)s.",
            "It has denounced or withdrawn from %(items)s.",
            len(denounced),
        ) % {"items": listed}
        out.append(sentence(text, (s for f in denounced for s in f["sources"])))
    none = by_state.get("none", [])
    if none:
        text = ngettext(
            "It is not party to %(items)s (records complete on the brief's date).",
            "It is not party to %(count)d of them (records complete on the brief's date): %(items)s.",
            len(none),
        ) % {"count": len(none), "items": items([f["title"] for f in none])}
        out.append(sentence(text, (f.get("completeness_source") for f in none)))
    unknown = [f for f in by_state.get("unknown", []) if not f["signed"]]
    if unknown:
        text = ngettext(
            "Its status under %(items)s is not recorded: no act by %(country)s is held and the data are incomplete.",
            "Its status under %(count)d of them is not recorded: no act by %(country)s is held and the data are "
            "incomplete: %(items)s.",
            len(unknown),
        ) % {"count": len(unknown), "country": country, "items": items([_unknown_item(f) for f in unknown])}
        out.append(sentence(text))
    closed = by_state.get("not-applicable", [])
    if closed:
        text = ngettext(
            "It cannot become party to %(items)s: the depositary does not accept it.",
            "It cannot become party to %(items)s: the depositaries do not accept it.",
            len(closed),
        ) % {"items": items([f["title"] for f in closed])}
        out.append(sentence(text))
    return out


def former_state_sentence(country: str, year: int) -> Sentence:
    text = _("%(country)s ceased to exist in %(year)d: what follows describes it at the end of that year.")
    return sentence(text % {"country": country, "year": year})


def core_sentence(parties: int, unknown: int, total: int) -> Sentence:
    """The core UN human rights treaties in one sentence."""
    text = ngettext(
        "Of the %(total)d core UN human rights treaty or protocol, it is party to %(count)d.",
        "Of the %(total)d core UN human rights treaties and protocols, it is party to %(count)d.",
        total,
    ) % {"total": total, "count": parties}
    if unknown:
        text += " " + ngettext(
            "Its status under %(count)d of them is not recorded (data incomplete).",
            "Its status under %(count)d of them is not recorded (data incomplete).",
            unknown,
        ) % {"count": unknown}
    return sentence(text)


def median(values: Iterable[float | int]) -> float | None:
    present = list(values)
    return statistics.median(present) if present else None


def region_sentences(
    country: str, own: int, total: int, areas: Sequence[dict[str, Any]], incomplete: Sequence[str]
) -> list[Sentence]:
    """The country's count of migrant-specific instruments against the median of its areas.

    ``areas``: ``{"name", "classification" ("subregion"/"region"), "counts" (one per state)}``; ``incomplete``:
    titles of the instruments whose data are incomplete on the date (counts of recorded acts may be low).
    """
    out = []
    medians = [
        _("%(median)s among the %(states)d states of %(area)s (%(classification)s)")
        % {
            "median": number(median(a["counts"])),
            "states": len(a["counts"]),
            "area": a["name"],
            "classification": _(CLASSIFICATIONS[a["classification"]]),
        }
        for a in areas
        if a["counts"]
    ]
    if not medians:
        return out
    text = ngettext(
        "%(country)s is party to %(count)d of the %(total)d migrant-specific instruments; the median is %(medians)s.",
        "%(country)s is party to %(count)d of the %(total)d migrant-specific instruments; the median is %(medians)s.",
        own,
    ) % {"country": country, "count": own, "total": total, "medians": items(medians)}
    out.append(sentence(text))
    if incomplete:
        out.append(incomplete_sentence(incomplete))
    return out


def incomplete_sentence(titles: Sequence[str]) -> Sentence:
    text = ngettext(
        "Counts are of recorded acts: the data for %(items)s are incomplete, so a count may be too low.",
        "Counts are of recorded acts: the data for %(items)s are incomplete, so a count may be too low.",
        len(titles),
    ) % {"items": items(titles)}
    return sentence(text)


def window_start(on: dt.date, years: int = RECENT_YEARS) -> dt.date:
    """The first day of the ``years`` before ``on``."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def recent_sentences(
    country: str, acts: Sequence[dict[str, Any]], joined: Sequence[dict[str, Any]], start: dt.date
) -> list[Sentence]:
    """Acts since ``start`` (``{"title", "act" (translated), "date", "source"}``, in date order), and bodies
    joined since then (``{"body", "start", "source"}``)."""
    out = []
    if acts:
        listed = items(
            [
                _("%(instrument)s: %(act)s, %(date)s") % {"instrument": a["title"], "act": a["act"], "date": a["date"]}
                for a in acts
            ]
        )
        text = ngettext(
            "Since %(start)s, %(count)d treaty act by %(country)s is recorded: %(items)s.",
            "Since %(start)s, %(count)d treaty acts by %(country)s are recorded: %(items)s.",
            len(acts),
        ) % {"start": start.isoformat(), "count": len(acts), "country": country, "items": listed}
        out.append(sentence(text, (a["source"] for a in acts)))
    else:
        text = _("No treaty act by %(country)s is recorded since %(start)s.") % {
            "country": country,
            "start": start.isoformat(),
        }
        out.append(sentence(text))
    if joined:
        listed = items([_("%(body)s (%(date)s)") % {"body": m["body"], "date": m["start"]} for m in joined])
        text = ngettext(
            "In that period it joined %(items)s.",
            "In that period it joined %(count)d governance bodies: %(items)s.",
            len(joined),
        ) % {"count": len(joined), "items": listed}
        out.append(sentence(text, (m["source"] for m in joined)))
    return out


def _body_item(m: dict[str, Any]) -> str:
    if m["start"]:
        return _("%(body)s (since %(date)s)") % {"body": m["body_name"], "date": m["start"]}
    return m["body_name"]


def membership_sentences(country: str, memberships: Sequence[dict[str, Any]]) -> list[Sentence]:
    """Current memberships (``governance.queries.membership_dict`` with body, current on the brief's date)."""
    out = []
    forums = [m for m in memberships if m["kind"] in FORUM_KINDS and m["role"] == "member"]
    if forums:
        text = ngettext(
            "%(country)s is a member of %(count)d regional consultative process or migration forum: %(items)s.",
            "%(country)s is a member of %(count)d regional consultative processes and migration forums: %(items)s.",
            len(forums),
        ) % {"country": country, "count": len(forums), "items": items([_body_item(m) for m in forums])}
        out.append(sentence(text, (m["source"] for m in forums)))
    else:
        text = _("No membership of %(country)s in a regional consultative process or migration forum is recorded.")
        out.append(sentence(text % {"country": country}))
    observed = [m for m in memberships if m["kind"] in FORUM_KINDS and m["role"] != "member"]
    if observed:
        text = ngettext(
            "It takes part in %(items)s in another role (observer, partner or associate).",
            "It takes part in %(count)d others in another role (observer, partner or associate): %(items)s.",
            len(observed),
        ) % {"count": len(observed), "items": items([m["body_name"] for m in observed])}
        out.append(sentence(text, (m["source"] for m in observed)))
    regimes = [m for m in memberships if m["kind"] in REGIME_KINDS and m["role"] == "member"]
    if regimes:
        text = ngettext(
            "It belongs to the regional mobility regime %(items)s.",
            "It belongs to %(count)d regional mobility regimes: %(items)s.",
            len(regimes),
        ) % {"count": len(regimes), "items": items([_body_item(m) for m in regimes])}
        out.append(sentence(text, (m["source"] for m in regimes)))
    return out


def score_sentences(scores: dict[str, Any] | None, release: dict[str, Any] | None) -> list[Sentence]:
    """The score where a public release exists; before one, what is and is not scored (``brief`` scores section)."""
    if scores is None:
        return [sentence(_("No score has been computed for this country."))]
    overall = scores["overall"]
    commitment = next((d for d in scores["dimensions"] if d["code"] == "commitment"), None)
    if release is not None and overall["score"] is not None:
        text = _(
            "Its overall score in %(year)s is %(score)s out of 100 (90 %% interval %(low)s to %(high)s), "
            "from data release %(release)s of %(date)s."
        ) % {
            "year": overall["year"],
            "score": number(overall["score"]),
            "low": number(overall["low"]),
            "high": number(overall["high"]),
            "release": release["version"],
            "date": release["date"],
        }
        return [sentence(text)]
    if release is not None:
        return [
            sentence(
                _("Data release %(release)s does not support an overall score for it: too few dimensions are scored.")
                % {"release": release["version"]}
            )
        ]
    if commitment is not None and commitment["score"] is not None:
        text = _(
            "No assessment data has been released, so protection and implementation are not scored; its commitment "
            "score in %(year)s, computed from treaty data alone, is %(score)s out of 100."
        ) % {"year": commitment["year"], "score": number(commitment["score"])}
        return [sentence(text)]
    return [sentence(_("No assessment data has been released and no score is published for it."))]


# What the brief says of each citizenship-law code (GLOBALCIT's meanings, confirmed in data/law/variables.yaml); a
# code not listed here (an unconfirmed one) is not described.
RENUNCIATION = {
    "0": gettext_noop("It did not require immigrants who naturalise to give up their previous nationality."),
    "1": gettext_noop(
        "It required immigrants who naturalise to give up their previous nationality, with major exceptions."
    ),
    "2": gettext_noop(
        "It required immigrants who naturalise to give up their previous nationality, with major exceptions."
    ),
    "3": gettext_noop("It required immigrants who naturalise to give up their previous nationality."),
}
IUS_SOLI = {
    "0": gettext_noop("Birth on its territory did not by itself make a child a national (no ius soli)."),
    "1": gettext_noop("Every child born on its territory became a national (unconditional ius soli)."),
    "2": gettext_noop(
        "A child born on its territory became a national only where the parents were resident (conditional ius soli)."
    ),
}
STATELESS_SAFEGUARD = {
    "0": gettext_noop("It had no safeguard for a child born on its territory who would otherwise be stateless."),
    "1": gettext_noop("It had a safeguard for a child born on its territory who would otherwise be stateless."),
}


def law_sentences(country: str, law: dict[str, Any] | None, titles: dict[str, str]) -> list[Sentence]:
    """What its citizenship law says (``law.queries.country_law``: the values in force on 1 January of the year, the
    obligation-law gaps), each sentence citing the dataset; ``titles`` names the instruments of the gaps."""
    values = {v["variable"]: v for v in (law or {}).get("values", [])}
    if not values:
        return [
            sentence(
                _("No published dataset read by the observatory codes the citizenship law of %(country)s.")
                % {"country": country}
            )
        ]
    year = law["year"]
    out = []
    years = values.get("A06a_yrs_cat")
    if years and years["value"].isdigit():
        text = _(
            "On 1 January %(year)s, the citizenship law of %(country)s asked immigrants for %(years)s years of "
            "residence before they could naturalise."
        ) % {"year": year, "country": country, "years": years["value"]}
        out.append(sentence(text, [years["source"]]))
    else:
        text = _("The citizenship law of %(country)s on 1 January %(year)s, as a published dataset codes it:")
        out.append(sentence(text % {"country": country, "year": year}))
    for variable, texts in (("A06b_cat", RENUNCIATION), ("A02a_cat", IUS_SOLI), ("A03b_bin", STATELESS_SAFEGUARD)):
        row = values.get(variable)
        if row and row["value"] in texts:
            out.append(sentence(_(texts[row["value"]]), [row["source"]]))
    carried = sorted({v["year_to"] for v in values.values() if v["carried_forward"]})
    if carried:
        text = _("The dataset repeats its %(years)s values for %(year)s: they are not a new observation.") % {
            "years": items([str(y) for y in carried]),
            "year": year,
        }
        out.append(sentence(text))
    gaps = [g for g in (law or {}).get("gaps", []) if g["state"] == "gap"]
    if gaps:
        named = items(
            sorted(
                {
                    _("%(title)s, art. %(article)s")
                    % {"title": titles.get(g["instrument"], g["instrument"]), "article": g["article"]}
                    for g in gaps
                }
            )
        )
        text = ngettext(
            "Its law lacks what %(items)s requires of a party: a gap between an obligation accepted and the law.",
            "Its law lacks what %(items)s require of a party: gaps between obligations accepted and the law.",
            len({(g["instrument"], g["article"]) for g in gaps}),
        ) % {"items": named}
        keys = [k for g in gaps for k in (g["law_source"], g["treaty_source"], g["obligation_source"]) if k]
        out.append(sentence(text, keys))
    return out
