"""The background work helper over a long session: many thousands of tasks, reads and writes."""

from __future__ import annotations

from ui import tasks


def test_twenty_thousand_tasks_all_report_and_nothing_breaks(qtbot) -> None:
    """A clerk's day is thousands of reads and writes. With PySide6 6.12 a signal emitted (or a
    QRunnable run) from a worker thread corrupted Python's reference counts, and the process
    died after some thousands of them ('deallocating None'): the workers no longer touch Qt."""
    results: list[int] = []
    for n in range(20_000):
        tasks.Task(lambda n=n: n).success(results.append).run(write=n % 4 == 0)
        if n % 500 == 0:
            qtbot.wait(1)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=60_000)
    assert sorted(results) == list(range(20_000))
    # Writes keep their order on the one writer thread.
    order: list[int] = []
    for n in range(50):
        tasks.Task(lambda n=n: n).success(order.append).run(write=True)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)
    assert order == list(range(50))
