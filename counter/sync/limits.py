"""Per-address failure limits of the sync server: enrolment codes and device tokens.

An address that made `max_failures` failed attempts within `window` seconds is refused (HTTP
429 with Retry-After) until the oldest of them leaves the window. Only failures count, so a
counter that enrols or syncs correctly never fills its own window. Kept in memory by each server
process: a restart forgets it, and with `--workers N` each worker counts on its own (an address
gets at most N times the limit), which is enough to turn guessing into a trickle.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

# Defaults: generous for a clerk who mistypes an enrolment code, tight for a script.
ENROL_FAILURES = 5
ENROL_WINDOW = 15 * 60.0
AUTH_FAILURES = 10
AUTH_WINDOW = 10 * 60.0
# The citizen status page: every look counts; a citizen looks a few times, a script thousands.
STATUS_HITS = 30
STATUS_WINDOW = 60.0
MAX_ADDRESSES = 50_000  # bounded memory under a flood of spoofed or rotating addresses


class FailureLimiter:
    """Counts failed attempts per client address in a sliding window."""

    def __init__(
        self,
        max_failures: int,
        window: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_addresses: int = MAX_ADDRESSES,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self.max_addresses = max_addresses
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str, now: float) -> deque[float] | None:
        times = self._failures.get(address)
        if times is None:
            return None
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[address]
            return None
        return times

    def retry_after(self, address: str) -> int:
        """Seconds until this address may try again; 0 when it is not blocked."""
        with self._lock:
            now = self.clock()
            times = self._recent(address, now)
            if times is None or len(times) < self.max_failures:
                return 0
            return max(1, math.ceil(times[-self.max_failures] + self.window - now))

    def fail(self, address: str) -> None:
        """Count one failed attempt of this address."""
        with self._lock:
            now = self.clock()
            times = self._recent(address, now)
            if times is None:
                if len(self._failures) >= self.max_addresses:
                    self._prune(now)
                times = self._failures[address] = deque(maxlen=self.max_failures)
            times.append(now)

    def _prune(self, now: float) -> None:
        for address in list(self._failures):
            self._recent(address, now)
        while len(self._failures) >= self.max_addresses:
            # Still full of live entries: forget the address whose last failure is oldest.
            oldest = min(self._failures, key=lambda a: self._failures[a][-1])
            del self._failures[oldest]
