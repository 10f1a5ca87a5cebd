"""A participant's status on an instrument on a given date, derived from its acts.

Pure functions over action tuples: the database never stores a status.
Rule (see docs/decisions.md): an act counts from the last day of its known period (a
ratification known only by its year counts from 31 December of that year), or from its
``effective`` date when one is recorded; the latest act that counts decides.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Protocol

from migrights.lib.dates import PartialDate
from migrights.lib.vocabulary import CONSENT_ACTIONS, EXIT_ACTIONS

Status = Literal["party", "signatory", "denounced", "none"]
STATUSES: tuple[Status, ...] = ("party", "signatory", "denounced", "none")


class ActLike(Protocol):
    action: str
    date: PartialDate
    effective: PartialDate | None


@dataclass(frozen=True)
class StatusOn:
    status: Status
    since: PartialDate | None  # date of the act that gave this status


NONE = StatusOn("none", None)


def _same_day_order(action: str) -> int:
    """On the same day, a denunciation comes before a re-accession (Guyana, ICCPR-OP1, 1999)."""
    return 0 if action == "signature" else 1 if action in EXIT_ACTIONS else 2


def takes_effect(act: ActLike) -> dt.date:
    """The first day on which an act certainly counts."""
    if act.effective is not None:
        return act.effective.last
    return act.date.last


def status_on(acts: Iterable[ActLike], on: dt.date) -> StatusOn:
    """Status of one participant on one instrument on date ``on``."""
    counted = sorted(
        (a for a in acts if takes_effect(a) <= on), key=lambda a: (takes_effect(a), _same_day_order(a.action))
    )
    status: StatusOn = NONE
    for act in counted:
        if act.action in CONSENT_ACTIONS:
            status = StatusOn("party", act.date)
        elif act.action in EXIT_ACTIONS:
            if status.status == "party":
                status = StatusOn("denounced", act.date)
        elif act.action == "signature" and status.status == "none":
            status = StatusOn("signatory", act.date)
    return status


class StatusTimeline:
    """``status_on`` of one participant's acts on many days: the acts sorted once, each day found by bisection.

    The acts counted on a day are a prefix of them all in ``status_on``'s order (by the day each takes effect),
    so the status after each act is the status on every day from that act's to the next one's.
    """

    __slots__ = ("days", "first", "statuses")

    def __init__(self, acts: Iterable[ActLike]) -> None:
        counted = sorted(acts, key=lambda a: (takes_effect(a), _same_day_order(a.action)))
        self.days: list[dt.date] = []
        self.statuses: list[StatusOn] = []
        self.first: dt.date | None = min((a.date.first for a in counted), default=None)  # the earliest act's day
        status = NONE
        for act in counted:
            if act.action in CONSENT_ACTIONS:
                status = StatusOn("party", act.date)
            elif act.action in EXIT_ACTIONS:
                if status.status == "party":
                    status = StatusOn("denounced", act.date)
            elif act.action == "signature" and status.status == "none":
                status = StatusOn("signatory", act.date)
            self.days.append(takes_effect(act))
            self.statuses.append(status)

    def on(self, day: dt.date) -> StatusOn:
        """The status on ``day``: ``status_on(acts, day)``."""
        counted = bisect_right(self.days, day)
        return self.statuses[counted - 1] if counted else NONE


def parties_on(acts_by_participant: dict[str, list[ActLike]], on: dt.date) -> set[str]:
    """Participants that are party on ``on``."""
    return {p for p, acts in acts_by_participant.items() if status_on(acts, on).status == "party"}


def complete_on(complete_as_of: dt.date | None, on: dt.date) -> bool:
    """Whether data complete as of ``complete_as_of`` (None: partial) says a state without an act is not bound on
    ``on``. The year of the as-of date counts as covered (docs/decisions.md): a reference day of that year
    (31 December, or today in the running year) still reads the data as last read; later years do not."""
    return complete_as_of is not None and on.year <= complete_as_of.year
