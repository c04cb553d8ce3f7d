"""Helpers to receive dossiers in tests through the real services."""

from __future__ import annotations

from datetime import datetime

from counter.services import catalogue, intake
from counter.services.context import Context

CERTIFY = "2.000815"  # same day, 2.000 đ/trang
MARITAL = "1.004873"  # xác nhận tình trạng hôn nhân: 3 working days
LAND = "1.013978"  # 20 working days


def all_documents(ctx: Context, code: str) -> list[intake.ReceivedDocument]:
    with ctx.db.session() as session:
        proc = catalogue.get_procedure(session, code)
    return [intake.ReceivedDocument(d.name, max(d.originals, 1), d.copies) for d in proc.documents]


def receive(
    ctx: Context,
    code: str = MARITAL,
    name: str = "Nguyễn Văn Đức",
    id_number: str = "079090001234",
    *,
    complete: bool = True,
    at: datetime | None = None,
    **kwargs: object,
) -> intake.IntakeResult:
    documents = all_documents(ctx, code) if complete else []
    request = intake.IntakeRequest(
        code,
        intake.ApplicantInput(name, id_number),
        documents,
        received_at=at,
        **kwargs,  # type: ignore[arg-type]
    )
    return intake.receive(ctx, request)
