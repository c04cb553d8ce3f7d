"""The internal process of a dossier: the deadline of each step as the office calendar counts it,
what a hand-over writes of the step it starts, and which steps are late now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from counter.domain.calendar import TimeUnit, WorkCalendar
from counter.domain.dossier import DossierState
from counter.domain.process import COUNTER_BODY, Step, office_body, step_deadlines, steps_from_rows
from counter.services import lateness
from counter.services.office import OfficeSettings
from counter.services.views import iso, parse_moment


@dataclass(frozen=True)
class PlannedStep:
    number: int  # 1-based, as Mẫu 06 and the screens count
    step: Step
    body: str  # the office's own name of the body ("Lãnh đạo UBND xã Tân Hưng")
    due_at: datetime


def plan(
    calendar: WorkCalendar, received: datetime, snapshot: dict[str, Any], settings: OfficeSettings
) -> list[PlannedStep]:
    """The steps of a dossier's procedure (as its intake kept them) with their deadlines."""
    steps = steps_from_rows(snapshot.get("steps"))
    if not steps:
        return []
    amount, unit = int(snapshot.get("time_amount") or 0), TimeUnit(snapshot["time_unit"])
    dues = step_deadlines(calendar, received, steps, amount, unit)
    return [
        PlannedStep(i, step, body_of(step.body, settings), due)
        for i, (step, due) in enumerate(zip(steps, dues, strict=True), 1)
    ]


def body_of(text_: str, settings: OfficeSettings) -> str:
    return office_body(text_, settings.governing_body, settings.place_name)


def first_step_due(
    calendar: WorkCalendar, received: datetime, snapshot: dict[str, Any], settings: OfficeSettings
) -> str | None:
    """The first step's deadline as an intake stores it (None without a process)."""
    steps = plan(calendar, received, snapshot, settings)
    return iso(steps[0].due_at) if steps else None


def hand_over_fields(
    calendar: WorkCalendar,
    state: DossierState,
    snapshot: dict[str, Any],
    settings: OfficeSettings,
    number: int | None = None,
) -> dict[str, Any]:
    """What a hand-over (TRANSFERRED) writes of the process: the body that gives, and the step
    the receiver starts with its deadline (the next one by default; `number` to name one)."""
    # The holder's body: the step's, or the unit named when it was handed to them.
    giver = state.step_body or body_of(COUNTER_BODY, settings)
    received = parse_moment(state.received_at)
    steps = plan(calendar, received, snapshot, settings) if received else []
    if not steps:
        return {"from_unit": giver}
    wanted = number if number is not None else state.step + 1
    chosen = steps[max(1, min(wanted, len(steps))) - 1]
    return {
        "from_unit": giver,
        "step": chosen.number,
        "step_name": chosen.step.name,
        "step_body": chosen.body,
        "step_due_at": iso(chosen.due_at),
    }


# --- late steps ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LateStep:
    code: str
    procedure_name: str
    applicant_name: str
    step: int
    step_name: str
    body: str
    official: str
    step_due_at: datetime
    due_at: datetime | None


def late_steps(session: Session, now: datetime, limit: int | None = None) -> list[LateStep]:
    """The dossiers whose current step is past its deadline now, the longest late first."""
    # The holder is a user name at intake and the receiver's full name after a hand-over.
    sql = (
        "SELECT d.code, d.procedure_name, d.applicant_name, d.step, d.step_name, d.step_body, "
        "COALESCE(u.full_name, d.holder), d.step_due_at, d.original_due_at FROM dossiers d "
        # Read in the open steps' index order (deadline, then the row's number: the order
        # of intake), so the home's first few stop early instead of sorting every late step
        # (17,718 of them took 0.2 s on a million dossiers).
        "INDEXED BY ix_dossiers_open_step_due "
        f"LEFT JOIN users u ON u.username = d.holder WHERE {lateness.step_overdue('d')} "
        "ORDER BY d.step_due_at, d.num"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = session.execute(text(sql), {"now": iso(now)})
    return [
        LateStep(
            code=r[0],
            procedure_name=r[1],
            applicant_name=r[2],
            step=r[3],
            step_name=r[4],
            body=r[5] or "—",
            official=r[6] or "—",
            step_due_at=datetime.fromisoformat(r[7]),
            due_at=parse_moment(r[8]),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class LateGroup:
    """Late steps counted under one official or one body."""

    name: str
    count: int
    codes: tuple[str, ...]


def group_late(steps: list[LateStep], by: str) -> list[LateGroup]:
    """`by` = 'official' or 'body': the most late first, then by name."""
    groups: dict[str, list[str]] = {}
    for step in steps:
        groups.setdefault(step.official if by == "official" else step.body, []).append(step.code)
    return sorted(
        (LateGroup(name, len(codes), tuple(codes)) for name, codes in groups.items()),
        key=lambda g: (-g.count, g.name),
    )
