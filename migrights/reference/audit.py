"""How good the treaty data is, per instrument: the data-quality report (`migrights data audit`).

Parties held against the count a read source states, completeness, the share of rows verified in
a read source, the share of day-precision dates, the oldest access date of the sources cited, and
the rows that rest on a source nobody read (there should be none: a test keeps it so).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from migrights.lib.status import parties_on
from migrights.reference.models import Instrument, Source, TreatyAction


@dataclass(frozen=True)
class InstrumentAudit:
    code: str
    title: str
    organisation: str
    rows: int
    parties: int  # on the audit date, from the rows held
    stated_parties: int | None  # the count a read source states, where the data records one
    stated_as_of: str | None
    complete_as_of: str | None  # None: partial
    completeness_source: str | None
    completeness_note: str  # for partial data, why
    verified_share: float | None  # None without rows
    day_precision_share: float | None
    oldest_source: str | None  # the oldest access date of the sources its rows cite
    unread_rows: int  # rows citing a source marked as not read

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def instrument_audit(on: dt.date | None = None) -> list[InstrumentAudit]:
    """One line per ratifiable instrument, in code order."""
    on = on or dt.date.today()
    sources = {s.pk: s for s in Source.objects.only("pk", "accessed", "read")}
    acts_by_instrument: dict[int, list[TreatyAction]] = defaultdict(list)
    for act in TreatyAction.objects.only(
        "instrument_id", "country_id", "action", "date", "effective", "verified", "source_id"
    ).iterator():
        acts_by_instrument[act.instrument_id].append(act)
    lines = []
    for instrument in Instrument.objects.filter(ratifiable=True).select_related("completeness_source"):
        acts = acts_by_instrument.get(instrument.pk, [])
        by_country: dict[int, list[TreatyAction]] = defaultdict(list)
        for act in acts:
            by_country[act.country_id].append(act)
        cited = [sources[a.source_id] for a in acts]
        stated = instrument.stated_parties
        lines.append(
            InstrumentAudit(
                code=instrument.code,
                title=instrument.short_title,
                organisation=instrument.organisation,
                rows=len(acts),
                parties=len(parties_on(by_country, on)),
                stated_parties=stated,
                stated_as_of=instrument.stated_parties_as_of.isoformat() if instrument.stated_parties_as_of else None,
                complete_as_of=instrument.complete_as_of.isoformat() if instrument.complete_as_of else None,
                completeness_source=instrument.completeness_source.key if instrument.completeness_source else None,
                completeness_note=instrument.completeness_note,
                verified_share=_share(sum(a.verified for a in acts), len(acts)),
                day_precision_share=_share(sum(a.date.precision == "day" for a in acts), len(acts)),
                oldest_source=min(s.accessed for s in cited).isoformat() if cited else None,
                unread_rows=sum(s.read is False for s in cited),
            )
        )
    return lines
