"""What "late" (quá hạn) means, as the SQL every count, list and report of dossiers reads.

A dossier is late against its legal due moment, `original_due_at`: an apology (Mẫu 04) gives the
citizen a new appointment (`due_at`) but does not make the dossier less late (QĐ 766 counts it
late). `counter.services.views.timeliness` is the same rule for one dossier in Python.
"""

from __future__ import annotations

from counter.domain.dossier import CLOCK_RUNNING

_RUNNING_CODES = ", ".join(str(int(s)) for s in sorted(CLOCK_RUNNING))


def running(alias: str = "") -> str:
    """SQL: the dossier's clock runs now (accepted or in progress)."""
    return f"{_column(alias, 'status')} IN ({_RUNNING_CODES})"


def overdue(alias: str = "", at: str = ":now", *, looking_back: bool = False) -> str:
    """SQL: the dossier is late at the moment `at` (a bound parameter or an SQL expression):
    its clock runs and its legal due moment has passed.

    `looking_back`: `at` may lie in the past (a report's as-of moment) and the caller has
    already kept only the dossiers still open then; a dossier resolved or closed since counts
    as running at `at`, since its status now no longer tells."""
    past_due = f"{_column(alias, 'original_due_at')} < {at}"
    if not looking_back:
        return f"{running(alias)} AND {past_due}"
    finished_since = (
        f"{_column(alias, 'resolved_at')} IS NOT NULL OR {_column(alias, 'closed_at')} IS NOT NULL"
    )
    return (
        f"{_column(alias, 'original_due_at')} IS NOT NULL AND {past_due} "
        f"AND ({running(alias)} OR {finished_since})"
    )


def step_overdue(alias: str = "", at: str = ":now") -> str:
    """SQL: the dossier's clock runs and the step it is at has passed its own deadline
    (counter.services.process), whether or not the dossier as a whole is late yet. A resolved
    result waiting for the citizen is not late at the counter."""
    return f"{running(alias)} AND {_column(alias, 'step_due_at')} < {at}"


def due_between(alias: str = "", first: str = ":day0", last: str = ":day1") -> str:
    """SQL: the clock runs and the current appointment (after any apology) falls between the
    moments `first` and `last`, both included: what the counter must return that day."""
    return f"{running(alias)} AND {_column(alias, 'due_at')} BETWEEN {first} AND {last}"


def resolved_late(alias: str = "") -> str:
    """SQL: resolved on a later day than its legal due moment (NULL when either is missing)."""
    return f"substr({_column(alias, 'resolved_at')}, 1, 10) > {_due_day(alias)}"


def resolved_ahead(alias: str = "") -> str:
    """SQL: resolved on an earlier day than its legal due moment (NULL when either is missing)."""
    return f"substr({_column(alias, 'resolved_at')}, 1, 10) < {_due_day(alias)}"


def _due_day(alias: str) -> str:
    return f"substr({_column(alias, 'original_due_at')}, 1, 10)"


def _column(alias: str, name: str) -> str:
    return f"{alias}.{name}" if alias else name
