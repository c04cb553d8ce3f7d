"""Reading dossiers: by scanned code, by free text, the home figures, and one dossier's timeline."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from counter.db.events import events_of
from counter.db.models import Dossier, EventRow, User
from counter.domain.dossier import EVENT_LABELS, OTHER_LINE, Event, EventType, problem
from counter.domain.fees import counts_text
from counter.domain.forms import FORMS
from counter.domain.text import fold
from counter.errors import NotFoundError
from counter.services import catalogue, lateness, office
from counter.services.context import Context
from counter.services.views import SATISFACTION, DossierView, iso, view_of
from counter.services.workflow import normalize_code, supplement_papers

_TOKEN = re.compile(r"[0-9a-z]+")
# Lists read plain rows rather than ORM objects: building ORM instances cost ten times more
# than the query itself for a page of 50 dossiers. view_of reads attributes by column name.
DOSSIERS = Dossier.__table__


def find_by_code(ctx: Context, code: str) -> DossierView | None:
    """Exact code lookup: what a barcode scan gives."""
    with ctx.db.session() as session:
        row = session.execute(select(DOSSIERS).where(Dossier.code == normalize_code(code))).first()
        return view_of(row, ctx.now(), office.calendar(session)) if row else None


@dataclass(frozen=True)
class TextMatch:
    """How free text finds dossiers. Every word typed must be found, either in the dossier's
    code, applicant name or ID number (the full-text index), or in its procedure name.

    `fts` is the FTS5 query of all the words (empty when nothing can match there);
    `procedures` are (procedure code, procedure name, FTS5 query of the words that name does
    not contain — empty when it contains them all). Words before the last are complete
    (matched whole); the last is matched as a prefix unless the text ends with a space.
    """

    fts: str
    procedures: tuple[tuple[str, str, str], ...]


def _fts(tokens: list[tuple[str, bool]]) -> str:
    return " ".join(f'"{t}"*' if prefix else f'"{t}"' for t, prefix in tokens)


@lru_cache(maxsize=1024)
def _words(name: str) -> frozenset[str]:
    return frozenset(_TOKEN.findall(fold(name)))


def _covers(words: frozenset[str], token: str, prefix: bool) -> bool:
    return any(w.startswith(token) for w in words) if prefix else token in words


def text_match(session: Session, query: str) -> TextMatch | None:
    """The plan for free text, or None when it holds no word."""
    found = _TOKEN.findall(fold(query))
    if not found:
        return None
    last_prefix = query[-1:].isalnum()
    tokens = [(t, last_prefix and i == len(found) - 1) for i, t in enumerate(found)]
    procedures = []
    for code, name in session.execute(
        text("SELECT procedure_code, procedure_name FROM search_procedures")
    ):
        words = _words(name)
        rest = [(t, p) for t, p in tokens if not _covers(words, t, p)]
        if len(rest) < len(tokens):
            procedures.append((code, name, _fts(rest)))
    return TextMatch(_fts(tokens), tuple(procedures))


_BY_TEXT = text(
    "SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH :q ORDER BY rowid DESC LIMIT :n"
)
# The procedure index ends with `num`, so each of these reads the newest first and stops.
_BY_PROCEDURE = text(
    "SELECT num FROM dossiers WHERE procedure_code = :c AND procedure_name = :name "
    "ORDER BY num DESC LIMIT :n"
)
# CROSS JOIN keeps the index as the outer loop: SQLite 3.51 (bundled with SQLCipher) would
# otherwise run the full-text query once per dossier of the procedure (250 ms instead of 8).
# Each full-text match is checked in the procedure index (its entries end with the dossier's
# number), not by reading the dossier's row: a walk over thousands of matches ("khai s": every
# name with an s-word, for the one procedure whose name lacks one) then reads a few compact
# index pages instead of one row page per match, each page decrypted again whenever the cache
# had let it go (100,000 dossiers: encryption's CPU cost on the search p95 fell from +24–27 %
# to +9–13 %).
_BY_PROCEDURE_AND_TEXT = text(
    "SELECT d.num FROM dossier_fts CROSS JOIN dossiers d INDEXED BY ix_dossiers_procedure_code "
    "ON d.num = dossier_fts.rowid "
    "WHERE dossier_fts MATCH :q AND d.procedure_code = :c AND d.procedure_name = :name "
    "ORDER BY dossier_fts.rowid DESC LIMIT :n"
)


def search_nums(session: Session, query: str, limit: int = 50) -> list[int]:
    """Dossier numbers for free text, newest first: those whose name, ID number or code hold
    every word, then those that match through their procedure name."""
    match = text_match(session, query)
    if match is None:
        return []
    nums: list[int] = list(session.execute(_BY_TEXT, {"q": match.fts, "n": limit}).scalars())
    if len(nums) < limit and match.procedures:
        seen = set(nums)
        more: set[int] = set()
        for code, name, rest in match.procedures:
            params = {"c": code, "name": name, "q": rest, "n": limit}
            sql = _BY_PROCEDURE_AND_TEXT if rest else _BY_PROCEDURE
            more.update(n for n in session.execute(sql, params).scalars() if n not in seen)
        nums += sorted(more, reverse=True)[: limit - len(nums)]
    return nums


def search(ctx: Context, query: str, limit: int = 50) -> list[DossierView]:
    """Search as you type over names, ID numbers, codes and procedure names; newest first.

    Applicant names and ID numbers that match every word come first, so "nguyen van duc"
    lists Nguyễn Văn Đức before dossiers whose procedure name happens to contain "văn".
    """
    with ctx.db.session() as session:
        nums = search_nums(session, query, limit)
        if not nums:
            return []
        rows = {r.num: r for r in session.execute(select(DOSSIERS).where(Dossier.num.in_(nums)))}
        cal = office.calendar(session)
        return [view_of(rows[n], ctx.now(), cal) for n in nums if n in rows]


@dataclass(frozen=True)
class HomeCounts:
    due_today: int
    due_next_day: int
    overdue: int
    overdue_without_apology: int
    awaiting_supplement: int
    ready_to_return: int
    conflicts: int
    late_steps: int = 0  # past the deadline of the step they are at (internal process)


def home_counts(ctx: Context) -> HomeCounts:
    """The figures on the home screen, in one read."""
    now = ctx.now()
    with ctx.db.session() as session:
        next_day = office.calendar(session).next_working_day(now.date())
        params = {
            "today0": f"{now.date().isoformat()} 00:00:00",
            "today1": f"{now.date().isoformat()} 23:59:59",
            "next0": f"{next_day.isoformat()} 00:00:00",
            "next1": f"{next_day.isoformat()} 23:59:59",
            "now": iso(now),
        }

        def count(where: str, source: str = "dossiers") -> int:
            return int(
                session.execute(
                    text(f"SELECT count(*) FROM {source} WHERE {where}"), params
                ).scalar()
                or 0
            )

        # Without statistics SQLite walks every open dossier by status (0.1 s each at 1M);
        # the open dossiers' legal due index reads only the late ones, and holds their
        # apologies (0012_home): counting those without one reads no row (0.23 s at 1M).
        late = "dossiers INDEXED BY ix_dossiers_open_legal_due"

        return HomeCounts(
            due_today=count(lateness.due_between(first=":today0", last=":today1")),
            due_next_day=count(lateness.due_between(first=":next0", last=":next1")),
            overdue=count(lateness.overdue(), late),
            overdue_without_apology=count(f"{lateness.overdue()} AND apology_count = 0", late),
            awaiting_supplement=count("status = 5"),
            ready_to_return=count("status = 9"),
            conflicts=count("conflict = 1"),
            late_steps=count(
                lateness.step_overdue(), "dossiers INDEXED BY ix_dossiers_open_step_due"
            ),
        )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    label: str
    actor: str
    detail: str
    event_id: str
    in_conflict: bool


def _form_name(code: str) -> str:
    """A printed form as the history names it: «Mẫu 01» for the numbered forms, the title of
    the others (the slip, the fee receipt), never their internal code («Mẫu slip»)."""
    form = FORMS.get(code)
    return form.title if form is not None and not code.isdigit() else f"Mẫu {code}"


def _detail(event: Event) -> str:
    p = event.payload
    match event.type:
        case EventType.RECEIVED:
            outcome = {
                "accepted": "Tiếp nhận",
                "supplement": "Yêu cầu bổ sung",
                "refused": "Từ chối",
            }.get(p.get("outcome", ""), "")
            return f"{outcome}; mã {p.get('code', '')}"
        case EventType.TRANSFERRED:
            return f"{p.get('from_person', '')} → {_person(p.get('to_person', ''), p.get('to_unit', ''))}"
        case EventType.APOLOGY_ISSUED:
            new_due = datetime.fromisoformat(p["new_due_at"]).strftime("%H:%M ngày %d/%m/%Y")
            return f"Hẹn lại {new_due}. Lý do: {p.get('reason', '')}"
        case EventType.RETURNED:
            return f"Người nhận: {p.get('collected_by', '')}"
        case EventType.PAYMENT_RECORDED:
            return f"{p.get('amount', 0):,} đ".replace(",", ".")
        case EventType.PRINTED:
            return _form_name(str(p.get("form", ""))) + (
                " (bản in lại)" if p.get("reprint") else ""
            )
        case EventType.SUPPLEMENT_RECEIVED:
            return "; ".join(_paper_counts(doc) for doc in supplement_papers(p))
        case EventType.NOTE_ADDED:
            return str(p.get("text", ""))
        case EventType.SURVEY_RECORDED:
            rating = SATISFACTION.get(int(p.get("rating") or 0), "")
            comment = str(p.get("comment") or "")
            return f"{rating}. Ý kiến: {comment}" if comment else rating
        case EventType.ATTACHMENT_ADDED:
            line = "Giấy tờ khác" if p.get("line") == OTHER_LINE else p.get("line", "")
            if p.get("kind") == "result":
                line = "Kết quả điện tử"
            signed = f"đã ký số ({p.get('signer', '')})" if p.get("signed") else "chưa ký số"
            reused = f", tái sử dụng từ hồ sơ {p['reused_code']}" if p.get("reused_code") else ""
            return f"{line}: {p.get('pages', 0)} trang, {signed}{reused}"
        case _:
            return str(p.get("reason") or p.get("note") or "")


def _paper_counts(doc: dict[str, Any]) -> str:
    """ "Tờ khai (1 bản chính, 2 bản sao)": a paper and how many of it came."""
    counts = [
        f"{n} {what}"
        for n, what in ((doc["originals"], "bản chính"), (doc["copies"], "bản sao"))
        if n
    ]
    return f"{doc['name']} ({', '.join(counts)})" if counts else str(doc["name"])


def _person(name: str, unit: str = "") -> str:
    """ "Lê Văn Đạt (Công chức chuyên môn)": a person and, when known, their unit or title."""
    name, unit = str(name).strip(), str(unit).strip()
    if name and unit:
        return f"{name} ({unit})"
    return name or unit


@dataclass(frozen=True)
class Staff:
    full_name: str
    title: str


def _staff(session: Session) -> dict[str, Staff]:
    """Users by login, inactive ones too (their past events still name them)."""
    return {
        u.username: Staff(u.full_name, u.title)
        for u in session.execute(select(User.username, User.full_name, User.title))
    }


def _full_name(staff: dict[str, Staff], login: str) -> str:
    """A login as the person's full name; events synced from another counter may carry a
    user this database does not know: then the login itself."""
    known = staff.get(login)
    return known.full_name if known and known.full_name else login


def _label(event: Event) -> str:
    try:
        return EVENT_LABELS[EventType(event.type)]
    except ValueError:  # a newer release's event, kept in the log without being applied
        return f"Sự kiện «{event.type}»"


def _not_applied(event: Event) -> str:
    """What the timeline says of an event this release keeps but cannot apply."""
    found = problem(event)
    reason = f" ({found.field}: {found.reason})" if found is not None else ""
    return f"Không áp dụng được với phiên bản phần mềm này{reason}; cần cập nhật phần mềm."


def timeline(ctx: Context, code: str) -> list[TimelineEntry]:
    with ctx.db.session() as session:
        row = session.scalar(select(Dossier).where(Dossier.code == normalize_code(code)))
        if row is None:
            return []
        conflict_ids = (
            {c["event_id"] for c in json.loads(row.conflicts)} if row.conflicts else set()
        )
        staff = _staff(session)
        return [
            TimelineEntry(
                at=datetime.fromisoformat(e.wall_time),
                kind=e.type,
                label=_label(e),
                actor=_full_name(staff, e.actor),
                detail=_detail(e) if problem(e) is None else _not_applied(e),
                event_id=e.id,
                in_conflict=e.id in conflict_ids,
            )
            for e in events_of(session, row.id)
        ]


def dossier_events(ctx: Context, code: str) -> tuple[DossierView, list[Event]]:
    """A dossier and its events (for the forms: the intake payload, the hand-overs)."""
    with ctx.db.session() as session:
        row = session.scalar(select(Dossier).where(Dossier.code == normalize_code(code)))
        if row is None:
            raise NotFoundError(f"Không tìm thấy hồ sơ mã «{code}».", field="code")
        return view_of(row, ctx.now(), office.calendar(session)), events_of(session, row.id)


@dataclass(frozen=True)
class ReceivedPaper:
    """A document the counter holds: from intake (with its counts) or brought as a supplement."""

    name: str
    originals: int
    copies: int
    supplement_at: datetime | None = None  # brought later, as a supplement


@dataclass(frozen=True)
class DossierDetails:
    """What the dossier screen shows beyond the list row: contact, papers, who holds it."""

    address: str
    phone: str
    documents: tuple[ReceivedPaper, ...]
    holder: str  # full name, with the unit or title when known
    # How the intake's fee was counted ("bản chính 5 trang, 2 bản; sửa từ 14.000 đ: …") and
    # the fee receipts' numbers typed with the payments, in order.
    fee_basis: str = ""
    receipts: tuple[str, ...] = ()


def _papers(events: list[Event]) -> tuple[ReceivedPaper, ...]:
    papers: list[ReceivedPaper] = []
    for event in events:
        p = event.payload
        if event.type == EventType.RECEIVED:
            for doc in p.get("documents") or []:
                if isinstance(doc, dict):
                    papers.append(
                        ReceivedPaper(
                            str(doc.get("name", "")),
                            int(doc.get("originals") or 0),
                            int(doc.get("copies") or 0),
                        )
                    )
        elif event.type == EventType.SUPPLEMENT_RECEIVED:
            at = datetime.fromisoformat(str(p.get("at") or event.wall_time))
            papers.extend(
                ReceivedPaper(doc["name"], doc["originals"], doc["copies"], at)
                for doc in supplement_papers(p)
            )
    return tuple(papers)


def _holder(staff: dict[str, Staff], holder: str, events: list[Event]) -> str:
    """The holder as a full name: intake stores the clerk's login, a hand-over the name typed;
    the unit comes from the last hand-over to that person, else from the user's title."""
    if not holder:
        return ""
    name = _full_name(staff, holder)
    for event in reversed(events):
        p = event.payload
        if event.type == EventType.TRANSFERRED and p.get("to_person") == holder:
            return _person(name, p.get("to_unit", ""))
    known = staff.get(holder)
    return _person(name, known.title) if known is not None else name


def details(ctx: Context, code: str) -> DossierDetails | None:
    with ctx.db.session() as session:
        row = session.scalar(select(Dossier).where(Dossier.code == normalize_code(code)))
        if row is None:
            return None
        events = events_of(session, row.id)
        intake = next((e for e in events if e.type == EventType.RECEIVED), None)
        applicant = dict(intake.payload.get("applicant") or {}) if intake else {}
        return DossierDetails(
            address=str(applicant.get("address", "")),
            phone=str(applicant.get("phone", "")),
            documents=_papers(events),
            holder=_holder(_staff(session), row.holder, events),
            fee_basis=_fee_basis(dict(intake.payload.get("fee") or {}) if intake else {}),
            receipts=tuple(
                str(e.payload["receipt_no"])
                for e in events
                if e.type == EventType.PAYMENT_RECORDED and e.payload.get("receipt_no")
            ),
        )


def _fee_basis(fee: dict[str, Any]) -> str:
    text = counts_text(fee)
    if fee.get("reason"):
        computed = f"{int(fee.get('computed', 0)):,} đ".replace(",", ".")
        text += ("; " if text else "") + f"sửa từ {computed}: {fee['reason']}"
    return text


@dataclass(frozen=True)
class RequestedPaper:
    """A document the citizen was asked to bring, with the counts the catalogue expects."""

    name: str
    originals: int
    copies: int


def requested_papers(ctx: Context, code: str) -> list[RequestedPaper]:
    """What the open supplement request asks for: the latest request's list, else the papers
    missing at intake; counts from the procedure's catalogue entry (else one original)."""
    with ctx.db.session() as session:
        row = session.scalar(select(Dossier).where(Dossier.code == normalize_code(code)))
        if row is None:
            return []
        events = events_of(session, row.id)
        request = next(
            (e for e in reversed(events) if e.type == EventType.SUPPLEMENT_REQUESTED), None
        )
        intake = next((e for e in events if e.type == EventType.RECEIVED), None)
        source = request if request is not None else intake
        missing = [str(m) for m in (source.payload.get("missing") or [])] if source else []
        procedure = str(((intake.payload.get("procedure") or {}) if intake else {}).get("code", ""))
        try:
            known = {fold(d.name): d for d in catalogue.get_procedure(session, procedure).documents}
        except NotFoundError:
            known = {}  # a procedure since removed from the catalogue
    papers = []
    for name in missing:
        doc = known.get(fold(name))
        if doc is not None and (doc.originals or doc.copies):
            papers.append(RequestedPaper(name, doc.originals, doc.copies))
        else:
            papers.append(RequestedPaper(name, 1, 0))
    return papers


def earlier_reasons(
    ctx: Context, kind: str = EventType.APOLOGY_ISSUED, recent: int = 500
) -> list[str]:
    """The reasons this office gave for its last `recent` events of `kind` (an apology's
    "Lý do quá hạn"), the most often given first, each once."""
    with ctx.db.session() as session:
        payloads = session.scalars(
            select(EventRow.payload)
            .where(EventRow.type == kind)
            .order_by(EventRow.seq.desc())
            .limit(recent)
        ).all()
    counts: dict[str, int] = {}
    for payload in payloads:
        reason = " ".join(str(json.loads(payload).get("reason") or "").split())
        if reason:
            counts[reason] = counts.get(reason, 0) + 1
    return sorted(counts, key=lambda r: -counts[r])  # stable: the latest first among equals
