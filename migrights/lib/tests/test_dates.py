import datetime as dt

import pytest

from migrights.lib.dates import PartialDate


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2007-06-05", "day", dt.date(2007, 6, 5), dt.date(2007, 6, 5)),
        ("2008-02", "month", dt.date(2008, 2, 1), dt.date(2008, 2, 29)),
        ("1958", "year", dt.date(1958, 1, 1), dt.date(1958, 12, 31)),
    ],
)
def test_the_written_form_is_the_precision(text, precision, first, last):
    date = PartialDate.parse(text)
    assert (date.precision, date.first, date.last) == (precision, first, last)
    assert date.iso() == text


@pytest.mark.parametrize("text", ["1958-13", "58", "1958-1-1", "5 Jun 2007", "2007-02-30", ""])
def test_malformed_dates_are_refused(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_un_treaty_collection_dates():
    assert PartialDate.parse_un("5 Jun 2007") == PartialDate(dt.date(2007, 6, 5))
    assert PartialDate.parse_un("05 Feb 2008") == PartialDate(dt.date(2008, 2, 5))
    with pytest.raises(ValueError):
        PartialDate.parse_un("5 Juin 2007")


def test_a_year_date_cannot_carry_an_invented_day():
    with pytest.raises(ValueError):
        PartialDate(dt.date(1958, 3, 1), "year")
