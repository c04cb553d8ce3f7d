"""Hybrid logical clock and UUIDv7 ids."""

import uuid

import pytest

from counter.domain.hlc import HybridClock, Timestamp, uuid7


def test_clock_never_goes_backwards_when_the_pc_clock_does() -> None:
    wall = [1_000_000]
    clock = HybridClock(lambda: wall[0])
    first = clock.now()
    wall[0] = 500_000  # someone set the PC clock back
    second = clock.now()
    assert second > first
    assert second.millis == first.millis and second.logical == first.logical + 1


def test_clock_moves_past_a_remote_timestamp_from_the_future() -> None:
    clock = HybridClock(lambda: 1_000)
    clock.observe(Timestamp(86_401_000, 3))  # a counter whose clock is a day ahead
    assert clock.now() > Timestamp(86_401_000, 3)


def test_encoding_sorts_like_timestamps() -> None:
    stamps = [Timestamp(5, 10), Timestamp(5, 9), Timestamp(40, 0), Timestamp(1_000_000_000_000, 1)]
    assert sorted(s.encode() for s in stamps) == [s.encode() for s in sorted(stamps)]
    assert Timestamp.decode(Timestamp(123, 45).encode()) == Timestamp(123, 45)


def test_uuid7_is_version_7_and_time_ordered() -> None:
    ids = [uuid7(ms) for ms in (1_000, 2_000, 3_000)]
    assert all(uuid.UUID(i).version == 7 for i in ids)
    assert ids == sorted(ids)
    assert len({uuid7(1_000) for _ in range(1000)}) == 1000


def test_resume_runs_once_before_the_first_reading() -> None:
    calls: list[int] = []

    def newest() -> Timestamp:
        calls.append(1)
        return Timestamp(5_000, 7)  # an event stored by a counter whose clock ran ahead

    clock = HybridClock(lambda: 1_000, resume=newest)
    assert calls == []  # constructing the clock reads nothing
    first = clock.now()
    assert first > Timestamp(5_000, 7)
    assert clock.now() > first
    clock.observe(Timestamp(10, 0))
    assert calls == [1]


def test_resume_now_runs_the_lookup_early_and_once() -> None:
    calls: list[int] = []
    clock = HybridClock(lambda: 1_000, resume=lambda: calls.append(1) or None)
    clock.resume_now()
    clock.resume_now()
    assert calls == [1]
    assert clock.now() == Timestamp(1_000, 0)  # nothing stored: the wall clock


def test_a_failed_resume_is_tried_again() -> None:
    attempts: list[int] = []

    def flaky() -> Timestamp:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("disk busy")
        return Timestamp(9_000, 0)

    clock = HybridClock(lambda: 1_000, resume=flaky)
    with pytest.raises(OSError):
        clock.now()
    assert clock.now() > Timestamp(9_000, 0)
    assert len(attempts) == 2
