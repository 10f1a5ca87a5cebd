"""What a comparative brief says: a region or a group of states side by side, or one instrument across the world.

Like ``brief.gather``, these read the database and translate as they go: call them inside
``translation.override(language)``. Every sentence is a template of ``narrative`` or of this module, built from
the rows the brief's tables show.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from migrights.briefs import groups, narrative
from migrights.briefs.brief import COMMITMENT_GROUPS, UnknownCountry, cite, group_sources
from migrights.briefs.narrative import items, number, sentence, translated
from migrights.lib.labels import label
from migrights.lib.status import complete_on
from migrights.lib.vocabulary import ACTION_LABELS, CONSENT_ACTIONS, REGIONS, STATUS_LABELS
from migrights.reference.countries import localized_country_name

# a cell of the comparison table: what is known of a state and an instrument, in a few characters
CELL_MARKS = {"signatory": "s", "denounced": "d", "none": "\u2013", "unknown": "?", "not-applicable": "n/a"}
TOP_BODIES = 5


def _language() -> str:
    from django.utils.translation import get_language

    return get_language() or "en"


def _sources(keys: set[str]) -> list[dict[str, Any]]:
    from migrights.reference.models import Source
    from migrights.reference.queries import source_dict

    return group_sources(
        [source_dict(s) for s in Source.objects.filter(key__in={k for k in keys if k}).order_by("producer", "title")]
    )


def _edition() -> tuple[Any, dict[str, Any] | None, dict[str, Any] | None]:
    from migrights.assessments.public import release_dict
    from migrights.scores.editions import current_edition
    from migrights.scores.queries import edition_dict

    edition = current_edition()
    release = edition.release if edition is not None else None
    return (
        edition,
        edition_dict(edition) if edition is not None else None,
        release_dict(release) if release is not None else None,
    )


def latest_scores(edition: Any, codes: Sequence[str], measure: str) -> dict[str, tuple[int, float]]:
    """Each state's published ``measure`` score (``commitment``, ``overall``...) in its latest year with one."""
    if edition is None:
        return {}
    table = edition.table()
    rows = table[table["country"].isin(list(codes)) & (table["code"] == measure) & table["score"].notna()]
    out: dict[str, tuple[int, float]] = {}
    for row in rows.sort_values("year").itertuples(index=False):
        out[row.country] = (int(row.year), float(row.score))
    return out


def gather_group(
    codes: Sequence[str] | None = None, area: str | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """A comparative brief on the states of a UN M49 region or sub-region (``area``, in English) or on a list of
    states (``codes``); raises ``groups.UnknownArea`` or ``brief.UnknownCountry`` (naming the unknown codes)."""
    from migrights.governance.models import Membership
    from migrights.reference.models import Country, TreatyAction

    on = today or dt.date.today()
    language = _language()
    if area is not None:
        area_name, classification, states = groups.area_states(area)
        title = translated(area_name)
    else:
        wanted = list(dict.fromkeys(c.strip().upper() for c in codes or () if c.strip()))
        found = {c.code: c for c in Country.objects.filter(code__in=wanted)}
        missing = [c for c in wanted if c not in found]
        if missing or not wanted:
            raise UnknownCountry(", ".join(missing) or "(none)")
        states = [found[c] for c in wanted]
        classification, title = "", ""
    codes = [c.code for c in states]
    names = {c.code: localized_country_name(c.code, c.name, language) for c in states}
    states = sorted(states, key=lambda c: names[c.code])

    migrant = groups.facts_for(codes, narrative.MIGRANT_INSTRUMENTS, on)
    core_codes = COMMITMENT_GROUPS[0][2]
    core = groups.facts_for(codes, core_codes, on)
    info = groups.instrument_info(narrative.MIGRANT_INSTRUMENTS)
    instruments = [c for c in narrative.MIGRANT_INSTRUMENTS if c in info]
    edition, edition_data, release = _edition()
    measure = "overall" if release is not None else "commitment"
    scores = latest_scores(edition, codes, measure)

    rows = []
    for country in states:
        facts = migrant[country.code]
        rows.append(
            {
                "code": country.code,
                "name": names[country.code],
                "cells": [
                    {
                        "state": facts[c]["state"],
                        "mark": facts[c]["since"][:4]
                        if facts[c]["state"] == "party"
                        else CELL_MARKS[facts[c]["state"]],
                        "label": label(STATUS_LABELS, facts[c]["state"]),
                    }
                    for c in instruments
                ],
                "parties": groups.party_count(facts),
                "core": groups.party_count(core[country.code]),
                "score": scores.get(country.code),
            }
        )
    columns = [{"code": c, "title": translated(info[c].short_title)} for c in instruments]
    totals = [sum(1 for r in rows if r["cells"][i]["state"] == "party") for i in range(len(instruments))]

    # the narrative
    start = narrative.window_start(on)
    counts = {r["code"]: r["parties"] for r in rows}
    about: list[dict[str, Any]] = []
    if area is not None:
        text = ngettext(
            "This brief compares the %(count)d state of %(area)s (%(classification)s).",
            "This brief compares the %(count)d states of %(area)s (%(classification)s).",
            len(rows),
        ) % {"count": len(rows), "area": title, "classification": _(narrative.CLASSIFICATIONS[classification])}
    else:
        text = ngettext(
            "This brief compares %(count)d state: %(items)s.",
            "This brief compares %(count)d states: %(items)s.",
            len(rows),
        ) % {"count": len(rows), "items": items([r["name"] for r in rows])}
    about.append(sentence(text))

    committed = [group_count_sentence(rows, len(instruments))]
    if "ICRMW" in instruments:
        parties = [r for r in rows if r["cells"][instruments.index("ICRMW")]["state"] == "party"]
        committed.append(
            instrument_parties_sentence(
                translated(info["ICRMW"].short_title),
                [migrant[r["code"]]["ICRMW"] | {"name": r["name"]} for r in parties],
                len(rows),
            )
        )
    incomplete = groups.incomplete_titles(info, instruments, on)
    if incomplete:
        committed.append(narrative.incomplete_sentence(incomplete))

    recent = []
    for act in TreatyAction.objects.filter(country__code__in=codes, instrument__code__in=instruments).select_related(
        "country", "instrument", "source"
    ):
        if start <= act.date.first <= on:
            recent.append(
                {
                    "country": names[act.country.code],
                    "title": translated(act.instrument.short_title),
                    "act": _(ACTION_LABELS.get(act.action, act.action)),
                    "date": act.date.iso(),
                    "source": act.source.key,
                }
            )
    recent.sort(key=lambda a: (a["date"], a["country"]))
    changed = [group_recent_sentence(recent, start)]

    memberships = Membership.objects.filter(
        country__code__in=codes, role="member", body__kind__in=narrative.FORUM_KINDS
    )
    current = memberships.filter(Membership.current_on(on)).select_related("body", "source")
    per_body: Counter[str] = Counter()
    body_sources: dict[str, set[str]] = {}
    for m in current:
        per_body[str(m.body)] += 1
        body_sources.setdefault(str(m.body), set()).add(m.source.key)
    shared = sorted(per_body.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_BODIES]
    forums = [shared_bodies_sentence(shared, len(rows), body_sources)]

    scored = [(r["name"], r["score"]) for r in rows if r["score"] is not None]
    scoring = [group_score_sentence(scored, measure, release)]

    parts = [
        {"key": "group", "title": _("The group"), "sentences": about},
        {"key": "commitments", "title": _("Commitments"), "sentences": committed},
        {"key": "recent", "title": _("What changed recently"), "sentences": changed},
        {"key": "memberships", "title": _("Regional processes and forums"), "sentences": forums},
        {"key": "score", "title": _("Score"), "sentences": scoring},
    ]
    keys = {k for part in parts for s in part["sentences"] for k in s["sources"]}
    keys |= {k for facts in migrant.values() for f in facts.values() for k in f["sources"]}
    keys |= {info[c].completeness_source.key for c in instruments if info[c].completeness_source}
    lines = _sources(keys)
    return {
        "kind": "group",
        "title": title or _("Selected states"),
        "classification": _(narrative.CLASSIFICATIONS[classification]) if classification else "",
        "codes": codes,
        "language": language,
        "generated": on.isoformat(),
        "on": on.isoformat(),
        "columns": columns,
        "rows": rows,
        "totals": totals,
        "medians": {
            "parties": narrative.median(counts.values()),
            "core": narrative.median(r["core"] for r in rows),
            "score": narrative.median(r["score"][1] for r in rows if r["score"] is not None),
        },
        "core_total": len(core_codes),
        "measure": measure,
        "recent": recent,
        "shared_bodies": [{"body": b, "members": n} for b, n in shared],
        "edition": edition_data,
        "release": release,
        "narrative": cite(parts, lines),
        "source_lines": lines,
    }


def group_count_sentence(rows: Sequence[dict[str, Any]], total: int) -> dict[str, Any]:
    """The median count of migrant-specific instruments in the group, and the states at each end."""
    counts = [r["parties"] for r in rows]
    low, high = min(counts), max(counts)
    text = ngettext(
        "The median number of the %(total)d migrant-specific instrument a state of the group is party to is "
        "%(median)s, from %(low)d (%(low_states)s) to %(high)d (%(high_states)s).",
        "The median number of the %(total)d migrant-specific instruments a state of the group is party to is "
        "%(median)s, from %(low)d (%(low_states)s) to %(high)d (%(high_states)s).",
        total,
    ) % {
        "total": total,
        "median": number(narrative.median(counts)),
        "low": low,
        "low_states": items([r["name"] for r in rows if r["parties"] == low]),
        "high": high,
        "high_states": items([r["name"] for r in rows if r["parties"] == high]),
    }
    return sentence(text)


def instrument_parties_sentence(title: str, parties: Sequence[dict[str, Any]], states: int) -> dict[str, Any]:
    """Which states of the group are party to one instrument, with the act and its date."""
    if not parties:
        return sentence(_("No state of the group is recorded as party to the %(instrument)s.") % {"instrument": title})
    listed = items(
        [
            _("%(country)s (%(act)s, %(date)s)") % {"country": f["name"], "act": f["how"], "date": f["since"]}
            for f in parties
        ]
    )
    text = ngettext(
        "%(count)d of the %(states)d states is party to the %(instrument)s: %(items)s.",
        "%(count)d of the %(states)d states are party to the %(instrument)s: %(items)s.",
        len(parties),
    ) % {"count": len(parties), "states": states, "instrument": title, "items": listed}
    return sentence(text, (s for f in parties for s in f["sources"]))


def group_recent_sentence(acts: Sequence[dict[str, Any]], start: dt.date) -> dict[str, Any]:
    if not acts:
        return sentence(
            _("No act of the group's states on these instruments is recorded since %(start)s.")
            % {"start": start.isoformat()}
        )
    listed = items(
        [
            _("%(country)s, %(instrument)s: %(act)s, %(date)s")
            % {"country": a["country"], "instrument": a["title"], "act": a["act"], "date": a["date"]}
            for a in acts
        ]
    )
    text = ngettext(
        "Since %(start)s, %(count)d act on these instruments is recorded: %(items)s.",
        "Since %(start)s, %(count)d acts on these instruments are recorded: %(items)s.",
        len(acts),
    ) % {"start": start.isoformat(), "count": len(acts), "items": listed}
    return sentence(text, (a["source"] for a in acts))


def shared_bodies_sentence(
    shared: Sequence[tuple[str, int]], states: int, sources: dict[str, set[str]]
) -> dict[str, Any]:
    if not shared:
        return sentence(
            _("No membership of these states in a regional consultative process or migration forum is recorded.")
        )
    listed = items(
        [_("%(body)s (%(count)d of %(states)d)") % {"body": body, "count": n, "states": states} for body, n in shared]
    )
    text = _("The regional consultative processes and migration forums most of them belong to: %(items)s.") % {
        "items": listed
    }
    return sentence(text, (k for body, _n in shared for k in sources.get(body, ())))


def group_score_sentence(
    scored: Sequence[tuple[str, tuple[int, float]]], measure: str, release: dict[str, Any] | None
) -> dict[str, Any]:
    if not scored:
        return sentence(_("No state of the group has a published score."))
    low = min(scored, key=lambda s: s[1][1])
    high = max(scored, key=lambda s: s[1][1])
    values = {
        "median": number(narrative.median(s[1][1] for s in scored)),
        "count": len(scored),
        "low": number(low[1][1]),
        "low_state": low[0],
        "high": number(high[1][1]),
        "high_state": high[0],
    }
    if measure == "overall" and release is not None:
        text = ngettext(
            "From data release %(release)s, the median overall score of the %(count)d state scored is %(median)s "
            "out of 100, from %(low)s (%(low_state)s) to %(high)s (%(high_state)s).",
            "From data release %(release)s, the median overall score of the %(count)d states scored is %(median)s "
            "out of 100, from %(low)s (%(low_state)s) to %(high)s (%(high_state)s).",
            len(scored),
        ) % {**values, "release": release["version"]}
    else:
        text = (
            ngettext(
                "No assessment data has been released; the median commitment score, computed from treaty data "
                "alone, of the %(count)d state scored is %(median)s out of 100, "
                "from %(low)s (%(low_state)s) to %(high)s (%(high_state)s).",
                "No assessment data has been released; the median commitment score, computed from treaty data "
                "alone, of the %(count)d states scored is %(median)s out of 100, "
                "from %(low)s (%(low_state)s) to %(high)s (%(high_state)s).",
                len(scored),
            )
            % values
        )
    return sentence(text)


# ---- one instrument across the world ----------------------------------------------------------------------


def gather_instrument(code: str, today: dt.date | None = None) -> dict[str, Any]:
    """A global brief on one instrument: parties over time and by region, recent acts, signatories not yet
    parties and what the data held can say; raises ``groups.UnknownInstrument``."""
    from migrights.reference.queries import completeness_dict, consent_timeline, instrument_status

    on = today or dt.date.today()
    language = _language()
    instrument = groups.find_instrument(code)
    title = translated(instrument.short_title)
    statuses = instrument_status(instrument, on)
    states = {c.code: c for c in groups.current_states()}
    names = {s["country"]: localized_country_name(s["country"], s["country_name"], language) for s in statuses}
    complete = complete_on(instrument.complete_as_of, on)
    completeness = completeness_dict(instrument)
    parties = [s for s in statuses if s["status"] == "party"]
    signatories = sorted(
        ({**s, "name": names[s["country"]]} for s in statuses if s["status"] == "signatory"),
        key=lambda s: (s["since"] or "", s["name"]),
    )
    closed = set(instrument.closed_codes())

    by_region = []
    for region in REGIONS:
        members = [c for c, country in states.items() if country.region == region and c not in closed]
        if not members:
            continue
        count = sum(1 for s in parties if s["country"] in members)
        by_region.append({"region": _(region), "parties": count, "states": len(members)})

    timeline = consent_timeline(instrument)
    timeline = [r for r in timeline if r["year"] <= on.year]
    start = narrative.window_start(on)
    recent = []
    for act in instrument.actions.select_related("country", "source"):
        if start <= act.date.first <= on:
            recent.append(
                {
                    "country": localized_country_name(act.country.code, act.country.name, language),
                    "code": act.country.code,
                    "act": _(ACTION_LABELS.get(act.action, act.action)),
                    "action": act.action,
                    "date": act.date.iso(),
                    "source": act.source.key,
                }
            )
    recent.sort(key=lambda a: (a["date"], a["country"]))

    about = [instrument_count_sentence(title, instrument, len(parties), len(signatories), on)]
    data = [completeness_sentence(instrument, completeness, complete)]
    over_time = [growth_sentence(timeline)] if timeline else []
    regions = (
        [
            sentence(
                _("Parties by UN M49 region: %(items)s.")
                % {"items": items([_("%(region)s, %(parties)d of %(states)d states") % r for r in by_region])}
            )
        ]
        if by_region
        else []
    )
    consents = [a for a in recent if a["action"] in CONSENT_ACTIONS]
    changed = [instrument_recent_sentence(consents, len(recent), start)]
    signed = [signatories_sentence(signatories, complete)]

    parts = [
        {"key": "parties", "title": _("Parties"), "sentences": about + data},
        {"key": "time", "title": _("Over time"), "sentences": over_time + regions},
        {"key": "recent", "title": _("What changed recently"), "sentences": changed},
        {"key": "signatories", "title": _("Signatories not yet parties"), "sentences": signed},
    ]
    keys = {k for part in parts for s in part["sentences"] for k in s["sources"]}
    keys |= {a.source.key for a in instrument.actions.select_related("source")}
    keys |= {instrument.source.key}
    if instrument.completeness_source:
        keys.add(instrument.completeness_source.key)
    lines = _sources(keys)
    return {
        "kind": "instrument",
        "code": instrument.code,
        "title": title,
        "full_title": instrument.title if language == "en" else "",
        "organisation": instrument.organisation,
        "adopted": instrument.adopted.iso() if instrument.adopted else None,
        "entry_into_force": instrument.entry_into_force.iso() if instrument.entry_into_force else None,
        "language": language,
        "generated": on.isoformat(),
        "on": on.isoformat(),
        "parties": len(parties),
        "signatories": signatories,
        "complete": complete,
        "completeness": completeness,
        "by_region": by_region,
        "timeline": timeline,
        "milestones": [r for r in timeline if r["year"] % 5 == 0 or r is timeline[-1] or r is timeline[0]],
        "recent": recent,
        "narrative": cite(parts, lines),
        "source_lines": lines,
    }


def instrument_count_sentence(
    title: str, instrument: Any, parties: int, signatories: int, on: dt.date
) -> dict[str, Any]:
    text = ngettext(
        "On %(date)s, %(count)d state or other participant is party to the %(instrument)s (%(code)s).",
        "On %(date)s, %(count)d states or other participants are party to the %(instrument)s (%(code)s).",
        parties,
    ) % {"date": on.isoformat(), "count": parties, "instrument": title, "code": instrument.code}
    if instrument.adopted:
        text += " " + _("It was adopted on %(date)s.") % {"date": instrument.adopted.iso()}
    if instrument.entry_into_force:
        text += " " + _("It entered into force on %(date)s.") % {"date": instrument.entry_into_force.iso()}
    return sentence(text, [instrument.source.key])


def completeness_sentence(instrument: Any, completeness: dict[str, Any], complete: bool) -> dict[str, Any]:
    source = completeness["completeness_source"]
    if complete:
        text = _(
            "The acts held are complete up to %(date)s, as read from %(producer)s: a state without a recorded act is "
            "not party."
        ) % {"date": completeness["complete_as_of"], "producer": completeness["completeness_source_producer"]}
    elif completeness["complete_as_of"]:
        text = _(
            "The acts held are complete only up to %(date)s, as read from %(producer)s: later acts may be missing, "
            "so counts are of recorded acts and may be too low, and a state without a recorded act is not recorded, "
            "not known to be outside the instrument."
        ) % {"date": completeness["complete_as_of"], "producer": completeness["completeness_source_producer"]}
    else:
        text = _(
            "The acts held for this instrument are partial: counts are of recorded acts and may be too low, and a "
            "state without a recorded act is not recorded, not known to be outside the instrument."
        )
    return sentence(text, [source] if source else [])


def growth_sentence(timeline: Sequence[dict[str, Any]]) -> dict[str, Any]:
    first = next((r for r in timeline if r["parties"]), timeline[0])
    last = timeline[-1]
    busiest = max(timeline, key=lambda r: (r["consents"], -r["year"]))
    text = ngettext(
        "Parties numbered %(first)d at the end of %(first_year)d and %(last)d at the end of %(last_year)d.",
        "Parties numbered %(first)d at the end of %(first_year)d and %(last)d at the end of %(last_year)d.",
        last["parties"],
    ) % {"first": first["parties"], "first_year": first["year"], "last": last["parties"], "last_year": last["year"]}
    if busiest["consents"]:
        text += " " + ngettext(
            "The most consents in one year were recorded in %(year)d: %(count)d.",
            "The most consents in one year were recorded in %(year)d: %(count)d.",
            busiest["consents"],
        ) % {"year": busiest["year"], "count": busiest["consents"]}
    return sentence(text)


def instrument_recent_sentence(consents: Sequence[dict[str, Any]], acts: int, start: dt.date) -> dict[str, Any]:
    if not consents:
        text = ngettext(
            "No state has become party since %(start)s; %(count)d other act is recorded in that period.",
            "No state has become party since %(start)s; %(count)d other acts are recorded in that period.",
            acts,
        ) % {"start": start.isoformat(), "count": acts}
        return sentence(text)
    listed = items(
        [
            _("%(country)s (%(act)s, %(date)s)") % {"country": a["country"], "act": a["act"], "date": a["date"]}
            for a in consents
        ]
    )
    text = ngettext(
        "Since %(start)s, %(count)d state has become party: %(items)s.",
        "Since %(start)s, %(count)d states have become party: %(items)s.",
        len(consents),
    ) % {"start": start.isoformat(), "count": len(consents), "items": listed}
    return sentence(text, (a["source"] for a in consents))


def signatories_sentence(signatories: Sequence[dict[str, Any]], complete: bool) -> dict[str, Any]:
    if not signatories:
        return sentence(_("No state is recorded as having signed without becoming party."))
    listed = items([_("%(country)s (%(date)s)") % {"country": s["name"], "date": s["since"]} for s in signatories])
    if complete:
        text = ngettext(
            "%(count)d state has signed without becoming party: %(items)s.",
            "%(count)d states have signed without becoming party: %(items)s.",
            len(signatories),
        )
    else:
        text = ngettext(
            "%(count)d state signed and has no recorded ratification (the data are incomplete): %(items)s.",
            "%(count)d states signed and have no recorded ratification (the data are incomplete): %(items)s.",
            len(signatories),
        )
    return sentence(text % {"count": len(signatories), "items": listed})
