"""The register of the dossiers received in a period (Sổ theo dõi hồ sơ, Mẫu 07)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from counter.db.models import Dossier, EventRow
from counter.domain.address import full_address
from counter.domain.dossier import EventType
from counter.reports.period import Period
from counter.services.context import Context


@dataclass(frozen=True)
class RegisterLine:
    """One dossier received in the period, with the columns of Mẫu 07."""

    code: str
    procedure_name: str
    applicant_name: str
    address: str
    phone: str
    resolving_unit: str
    received_at: str
    due_at: str | None  # the current appointment (after an apology, the new date)
    resolved_at: str | None
    returned_at: str | None
    delivery: str  # counter | postal
    status: int
    register_book: str = ""  # the entry given at intake, as on Mẫu 01 ("01/2026", 37)
    register_no: int = 0


_REGISTER = """
SELECT d.code, d.procedure_name, d.applicant_name, coalesce(a.address, ''),
    coalesce(a.commune, ''), coalesce(a.province, ''), coalesce(a.phone, ''), coalesce(p.resolving_unit, ''), d.received_at, d.due_at,
    d.resolved_at, d.returned_at, d.delivery, d.status, d.register_book, d.register_no
FROM dossiers d
LEFT JOIN applicants a ON a.id = d.applicant_id
LEFT JOIN procedures p ON p.code = d.procedure_code
WHERE d.received_at >= :start AND d.received_at < :end
ORDER BY d.received_at, d.code
"""


def _received_contacts(session: Session, period: Period) -> dict[str, tuple[str, str]]:
    """The address and phone each dossier of `period` was received with, by code: its intake
    payload, which the forms and the dossier screen print. The applicants row holds only the
    person's latest address. One query for the whole register, however many lines."""
    rows = session.execute(
        select(Dossier.code, EventRow.hlc, EventRow.id, EventRow.payload)
        .join(Dossier, Dossier.id == EventRow.dossier_id)
        .where(
            EventRow.type == EventType.RECEIVED.value,
            Dossier.received_at >= period.start,
            Dossier.received_at < period.end,
        )
    )
    first: dict[str, tuple[tuple[str, str], str]] = {}
    for code, hlc, event_id, payload in rows:
        # Two intakes of one dossier (a sync conflict): the first one counts, as on the screen.
        if code not in first or (hlc, event_id) < first[code][0]:
            first[code] = ((hlc, event_id), payload)
    contacts = {}
    for code, (_order, payload) in first.items():
        applicant = json.loads(payload).get("applicant") or {}
        contacts[code] = (str(applicant.get("address") or ""), str(applicant.get("phone") or ""))
    return contacts


def register_lines(ctx: Context, period: Period | str) -> list[RegisterLine]:
    """The register of the dossiers received in `period`, in the order they were received.

    The address and phone are those the dossier was received with, as on its forms: the same
    person coming back later with a new address does not change the earlier lines."""
    if isinstance(period, str):
        period = Period.parse(period)
    with ctx.db.session() as session:
        contacts = _received_contacts(session, period)
        rows = session.execute(text(_REGISTER), {"start": period.start, "end": period.end})
        lines = []
        for code, name, applicant, street, commune, province, phone, *rest in rows:
            address, phone = contacts.get(code) or (full_address(street, commune, province), phone)
            lines.append(RegisterLine(code, name, applicant, address, phone, *rest))
        return lines
