import datetime as dt
from dataclasses import dataclass

from migrights.lib.dates import PartialDate
from migrights.lib.status import StatusOn, StatusTimeline, parties_on, status_on


@dataclass
class Act:
    action: str
    date: PartialDate
    effective: PartialDate | None = None


def act(action: str, date: str, effective: str | None = None) -> Act:
    return Act(action, PartialDate.parse(date), PartialDate.parse(effective) if effective else None)


def test_signature_then_ratification():
    acts = [act("signature", "1990-05-01"), act("ratification", "1995-03-02")]
    assert status_on(acts, dt.date(1989, 1, 1)).status == "none"
    assert status_on(acts, dt.date(1990, 5, 1)).status == "signatory"
    on_1996 = status_on(acts, dt.date(1996, 1, 1))
    assert on_1996.status == "party"
    assert on_1996.since == PartialDate.parse("1995-03-02")


def test_denunciation_counts_from_its_effective_date_and_reaccession_restores():
    acts = [
        act("accession", "1980-11-14"),
        act("denunciation", "1998-05-26", "1998-08-26"),
        act("accession", "1998-08-26"),
    ]
    assert status_on(acts, dt.date(1998, 6, 1)).status == "party"
    assert status_on(acts, dt.date(1998, 8, 26)).status == "party"  # re-accession the same day
    acts = acts[:2]
    assert status_on(acts, dt.date(1998, 8, 25)).status == "party"
    assert status_on(acts, dt.date(1998, 8, 26)).status == "denounced"


def test_a_year_precision_act_counts_only_once_certain():
    acts = [act("ratification", "1958"), act("denunciation", "1990")]
    assert status_on(acts, dt.date(1958, 6, 30)).status == "none"
    assert status_on(acts, dt.date(1958, 12, 31)).status == "party"
    assert status_on(acts, dt.date(1990, 6, 30)).status == "party"
    assert status_on(acts, dt.date(1991, 1, 1)).status == "denounced"


def test_a_signature_after_consent_does_not_lower_the_status():
    acts = [act("ratification", "2000-01-01"), act("signature", "2001-01-01")]
    assert status_on(acts, dt.date(2002, 1, 1)).status == "party"


def test_parties_on_selects_parties_only():
    acts = {
        "A": [act("ratification", "2000-01-01")],
        "B": [act("signature", "2000-01-01")],
        "C": [act("accession", "2001-01-01"), act("withdrawal", "2003-01-01")],
    }
    assert parties_on(acts, dt.date(2002, 1, 1)) == {"A", "C"}
    assert parties_on(acts, dt.date(2004, 1, 1)) == {"A"}


def test_a_same_day_denunciation_and_reaccession_end_party_whatever_order_the_acts_come_in():
    # the depositary lists Guyana's re-accession before the denunciation it followed: the day's order decides
    for acts in (
        [act("accession", "1999-04-05"), act("denunciation", "1999-04-05")],
        [act("denunciation", "1999-04-05"), act("accession", "1999-04-05")],
    ):
        on = status_on([act("accession", "1993-02-15"), *acts], dt.date(1999, 4, 5))
        assert on == StatusOn("party", PartialDate.parse("1999-04-05"))


def test_a_status_gives_the_date_of_the_act_that_decided_it():
    signed = [act("signature", "1990-05-01")]
    assert status_on(signed, dt.date(1991, 1, 1)) == StatusOn("signatory", PartialDate.parse("1990-05-01"))
    left = [act("ratification", "1992"), act("denunciation", "2001-03-04", "2002-03-04")]
    assert status_on(left, dt.date(2003, 1, 1)) == StatusOn("denounced", PartialDate.parse("2001-03-04"))
    assert status_on([], dt.date(2003, 1, 1)) == StatusOn("none", None)


def test_a_timeline_gives_status_on_of_every_day():
    """The sorted acts answer any day as ``status_on`` does: same-day order, effective dates, re-accession."""
    acts = [
        act("signature", "1990-05"),
        act("ratification", "1995", "1996-01-15"),
        act("denunciation", "1999-03-01", "2000-03-01"),
        act("accession", "2000-03-01"),
        act("signature", "2003-07-07"),
    ]
    timeline = StatusTimeline(reversed(acts))
    day = dt.date(1989, 1, 1)
    while day < dt.date(2005, 1, 1):
        assert timeline.on(day) == status_on(acts, day), day
        day += dt.timedelta(days=11)
    assert timeline.first == dt.date(1990, 5, 1)
    assert StatusTimeline([]).on(dt.date(2000, 1, 1)) == StatusOn("none", None)
    assert StatusTimeline([]).first is None
