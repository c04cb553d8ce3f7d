"""Dates as the clerk types them: dd/mm/yyyy, the card's ddmmyyyy, two-digit years."""

from __future__ import annotations

from datetime import date

import pytest

from ui.format import money, parse_day

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("05/09/1990", date(1990, 9, 5)),
        ("5/9/1990", date(1990, 9, 5)),
        ("05.09.1990", date(1990, 9, 5)),
        ("05-09-1990", date(1990, 9, 5)),
        ("05091990", date(1990, 9, 5)),  # as the ID card's QR carries it
        ("01/02/90", date(1990, 2, 1)),  # was year 0090
        ("01/02/05", date(2005, 2, 1)),
        ("01/02/26", date(2026, 2, 1)),
        ("01/02/27", date(1927, 2, 1)),  # never a birth date in the future
        ("22/11/26", date(2026, 11, 22)),
        ("24/11/26", date(1926, 11, 24)),  # tomorrow: a century ago, not next week
        ("", None),
        ("31/02/1990", None),
        ("01/02/190", None),
        ("01/02/0090", None),
        ("1990", None),
        ("ngày 5", None),
    ],
)
def test_typed_dates(typed: str, expected: date | None) -> None:
    assert parse_day(typed, today=TODAY) == expected


def test_money_is_written_the_vietnamese_way() -> None:
    assert money(50_000) == "50.000 đ" and money(0) == "0 đ"


def test_a_stored_moment_shows_time_first_and_never_as_nothing() -> None:
    from ui.format import stamp

    assert stamp("2026-03-02 21:37:05") == "21:37 02/03/2026"
    assert stamp("") == ""
    assert stamp("không rõ") == "không rõ"  # an odd stored text is shown, not dropped
