"""Hybrid logical clock and time-ordered ids, so a wrong PC clock cannot reorder history."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Timestamp:
    millis: int
    logical: int

    def encode(self) -> str:
        # Fixed width so that string order is time order (SQL ORDER BY works on it).
        return f"{self.millis:015d}.{self.logical:06d}"

    @classmethod
    def decode(cls, text: str) -> Timestamp:
        millis, logical = text.split(".")
        return cls(int(millis), int(logical))


class HybridClock:
    """HLC (Kulkarni et al.): never goes backwards, and moves past every timestamp it has seen."""

    def __init__(
        self,
        wall_millis: Callable[[], int] | None = None,
        resume: Callable[[], Timestamp | None] | None = None,
    ) -> None:
        """`resume` returns the newest timestamp already used (None: nothing yet); the clock
        calls it once, before its first reading, so a slow lookup (the newest of millions of
        events) costs nothing until a timestamp is needed, or runs early in the background
        through `resume_now`."""
        self._wall = wall_millis or (lambda: time.time_ns() // 1_000_000)
        self._last = Timestamp(0, 0)
        self._lock = threading.Lock()
        self._resume = resume

    def resume_now(self) -> None:
        """Run the `resume` lookup now (any thread) if it has not run yet."""
        with self._lock:
            self._resumed()

    def _resumed(self) -> None:
        # Called with the lock held.
        if self._resume is not None:
            newest = self._resume()
            self._resume = None
            if newest is not None:
                self._merge(newest)

    def now(self) -> Timestamp:
        with self._lock:
            self._resumed()
            wall = self._wall()
            if wall > self._last.millis:
                self._last = Timestamp(wall, 0)
            else:
                self._last = Timestamp(self._last.millis, self._last.logical + 1)
            return self._last

    def observe(self, remote: Timestamp) -> None:
        """Merge a timestamp received from another counter."""
        with self._lock:
            self._resumed()
            self._merge(remote)

    def _merge(self, remote: Timestamp) -> None:
        # Called with the lock held.
        wall = self._wall()
        top = max(wall, self._last.millis, remote.millis)
        if top == self._last.millis == remote.millis:
            logical = max(self._last.logical, remote.logical) + 1
        elif top == self._last.millis:
            logical = self._last.logical + 1
        elif top == remote.millis:
            logical = remote.logical + 1
        else:
            logical = 0
        self._last = Timestamp(top, logical)

    @property
    def last(self) -> Timestamp:
        with self._lock:
            self._resumed()
            return self._last


def uuid7(millis: int | None = None) -> str:
    """A UUIDv7 (RFC 9562) string: time-ordered, random in the low bits."""
    ms = time.time_ns() // 1_000_000 if millis is None else millis
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 68) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
