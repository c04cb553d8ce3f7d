"""What a form is printed from: the dossier, its events, the intake payload and the office."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from counter.db.models import User
from counter.domain import forms
from counter.domain.codes import DEMO_IDENTIFIER
from counter.domain.dossier import Event, EventType
from counter.errors import NotFoundError
from counter.services import catalogue, office, queries, status_link
from counter.services.catalogue import RequiredDocument
from counter.services.context import Context
from counter.services.office import OfficeSettings
from counter.services.views import DossierView


@dataclass(frozen=True)
class FormData:
    dossier: DossierView
    events: tuple[Event, ...]
    office: OfficeSettings
    names: dict[str, str]  # username → full name, for the signature blocks
    printed_at: datetime
    required: tuple[RequiredDocument, ...] = ()  # the catalogue's list, for Mẫu 02's table
    # The citizen's signed status-page link (its QR on Mẫu 01 and the slip); None before the
    # counter is enrolled with a server (nothing to sign it with).
    status_link: str | None = None

    @property
    def demo(self) -> bool:
        """Printed for the demo office: every page says so (DỮ LIỆU MẪU)."""
        return self.office.identifier == DEMO_IDENTIFIER

    @property
    def intake(self) -> dict[str, Any]:
        """The RECEIVED event's payload (procedure snapshot, applicant, documents…)."""
        return self.first(EventType.RECEIVED).payload

    @property
    def applicant(self) -> dict[str, Any]:
        return dict(self.intake.get("applicant", {}))

    @property
    def procedure(self) -> dict[str, Any]:
        return dict(self.intake.get("procedure", {}))

    def of_type(self, *kinds: EventType) -> list[Event]:
        wanted = {str(k) for k in kinds}
        return [e for e in self.events if e.type in wanted]

    def first(self, kind: EventType) -> Event:
        return self.of_type(kind)[0]

    def latest(self, *kinds: EventType) -> Event | None:
        found = self.of_type(*kinds)
        return found[-1] if found else None

    def name_of(self, username: str) -> str:
        return self.names.get(username, username)

    def printed_before(self, form: str) -> bool:
        return forms.printed_before(self.events, form)

    @property
    def accepted(self) -> bool:
        """Passed intake: accepted at the counter, or completed later with a supplement."""
        return self.intake.get("outcome", "accepted") == "accepted" or bool(
            self.of_type(EventType.SUPPLEMENT_RECEIVED)
        )


def load(ctx: Context, code: str) -> FormData:
    view, events = queries.dossier_events(ctx, code)
    with ctx.db.session() as session:
        settings = office.get_settings(session)
        actors = {e.actor for e in events}
        names = {
            username: full_name
            for username, full_name in session.execute(
                select(User.username, User.full_name).where(User.username.in_(actors))
            )
        }
        try:
            required = catalogue.get_procedure(session, view.procedure_code).documents
        except NotFoundError:
            required = ()  # a procedure since removed from the catalogue: names only
    link = status_link.dossier_status_link(ctx, view.code)
    return FormData(view, tuple(events), settings, names, ctx.now(), required, link)


def event_time(event: Event) -> datetime:
    """When it happened as the clerk saw it: the payload's 'at' when given, else the wall time."""
    return datetime.fromisoformat(str(event.payload.get("at") or event.wall_time))
