"""Dossier codes: official shape and per-counter slices that never collide."""

from datetime import date

import pytest

from counter.domain.codes import (
    counter_of_sequence,
    format_code,
    parse_code,
    sequence_number,
    validate_agency,
)
from counter.errors import ValidationError


def test_official_shape() -> None:
    assert format_code("000.17.22.H56", date(2021, 5, 31), 1) == "000.17.22.H56-210531-0001"
    # TT 04/2025 lets the sequence grow past four digits.
    assert format_code("H40", date(2026, 1, 2), 12345) == "H40-260102-12345"


def test_each_counter_owns_a_slice() -> None:
    assert [sequence_number(1, n) for n in (1, 2, 999)] == [1, 2, 999]
    assert [sequence_number(2, n) for n in (1, 2, 999)] == [1001, 1002, 1999]
    assert sequence_number(10, 1) == 9001


def test_busy_day_overflows_far_above_every_slice() -> None:
    # The 1000th dossier of counter 1 on one day continues in a block above all slices.
    assert sequence_number(1, 1000) == 1_000_001
    assert sequence_number(2, 1000) == 1_001_001


def test_two_counters_never_issue_the_same_number() -> None:
    issued = {}
    for counter in (1, 2, 3, 17):
        for nth in range(1, 2500):
            seq = sequence_number(counter, nth)
            assert seq not in issued, (counter, nth, issued.get(seq))
            issued[seq] = (counter, nth)
            assert counter_of_sequence(seq) == counter


def test_parse_code_round_trip_and_scanner_noise() -> None:
    parsed = parse_code(" 000.17.22.h56-210531-0001 ")
    assert parsed is not None
    assert (parsed.agency, parsed.day, parsed.sequence) == ("000.17.22.H56", date(2021, 5, 31), 1)
    assert parse_code("000.17.22.H56-211331-0001") is None  # month 13
    assert parse_code("Nguyễn Văn A") is None


@pytest.mark.parametrize("bad", ["", "abc def", "X" * 36, "000-17"])
def test_agency_identifier_validated(bad: str) -> None:
    with pytest.raises(ValidationError):
        validate_agency(bad)


def test_agency_identifier_upper_cased() -> None:
    assert validate_agency(" 000.17.22.h56 ") == "000.17.22.H56"


def test_counter_number_range() -> None:
    with pytest.raises(ValidationError):
        sequence_number(0, 1)
