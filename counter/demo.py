"""A realistic demo office: header, users, catalogue and N dossiers in every state.

Used by the newcomer's first start and by the benchmarks (up to 1,000,000 dossiers), so the
dossiers are written in bulk, but every one is the fold of real events (the same `apply`).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select, text

from counter.db import fts
from counter.db.events import INSERT_EVENT, dossier_record, event_record, state_columns
from counter.db.models import DayOverride as DayOverrideRow
from counter.db.models import Device, Setting, User
from counter.db.wire import chain_hash, payload_json
from counter.domain import register
from counter.domain.calendar import OverrideKind, TimeUnit, WorkCalendar
from counter.domain.codes import DEMO_IDENTIFIER, format_code, sequence_number
from counter.domain.dossier import OTHER_LINE, Event, EventType, apply
from counter.domain.forms import printed_after
from counter.domain.hlc import uuid7
from counter.errors import ValidationError
from counter.paths import get_asset
from counter.services import catalogue, office, process, users
from counter.services.backup import SYNC_TOKEN
from counter.services.catalogue import ProcedureInfo
from counter.services.context import Context
from counter.services.views import iso

DEMO_USERS = (
    ("admin", "Nguyễn Quản Trị", "admin", "admin123", "Quản trị hệ thống"),
    ("motcua", "Trần Thị Thu Hà", "clerk", "motcua123", "Công chức Bộ phận Một cửa"),
    ("chuyenvien", "Lê Văn Đạt", "specialist", "chuyenvien123", "Công chức Tư pháp - Hộ tịch"),
    ("lanhdao", "Phạm Minh Đức", "leader", "lanhdao123", "Phó Chủ tịch UBND xã"),
)


def is_demo(ctx: Context) -> bool:
    """True when this database holds the demo office, or no office yet on a counter that is not
    enrolled with a server."""
    with ctx.db.session() as session:
        if session.get(Setting, SYNC_TOKEN) is not None:
            return False
        if not office.has_office(session):
            return True
        return office.get_settings(session).identifier == DEMO_IDENTIFIER


def require_demo(ctx: Context) -> None:
    """Demo dossiers go only into a demo database: never into a real office's, whose next sync
    would send them to the office's server."""
    if is_demo(ctx):
        return
    with ctx.db.session() as session:
        name = (
            f"«{office.get_settings(session).unit_name}»"
            if office.has_office(session)
            else "đã đăng ký với máy chủ đồng bộ"
        )
    raise ValidationError(
        f"Cơ sở dữ liệu này là của cơ quan thật ({name}): không tạo dữ liệu mẫu trong đó. "
        "Dùng một tệp khác (--db)."
    )


def ensure_office(ctx: Context) -> bool:
    """Create the demo office, users and catalogue when the database has no office yet."""
    with ctx.db.unit_of_work() as session:
        if office.has_office(session):
            return False
        place = json.loads(get_asset("demo", "provinces.json").read_text(encoding="utf-8"))[
            "demo_office"
        ]
        office.save_settings(
            session,
            office.OfficeSettings(
                identifier=DEMO_IDENTIFIER,
                governing_body=place["governing_body"],
                unit_name=place["unit"],
                place_name=place["place"],
                address=f"{place['commune']}, {place['province']}",
                phone="0252 3860 123",
                email="motcua.hamthuannam@lamdong.gov.vn",
                province=place["province"],
                bank_bin="970436",
                bank_account="0123456789",
                bank_account_name="UBND XA HAM THUAN NAM",
                signer_power="KT. CHỦ TỊCH",
                signer_title="PHÓ CHỦ TỊCH",
                signer_name="Nguyễn Văn Bình",
            ),
        )
        # The holidays package adds 24/11 (Ngày Văn hóa Việt Nam) from 2026; no legal text
        # found makes it a day off, so the demo office works that day (DOMAIN.md).
        for year in range(2026, 2031):
            session.add(
                DayOverrideRow(
                    day=date(year, 11, 24),
                    kind=OverrideKind.NOT_DAY_OFF.value,
                    note="Ngày Văn hóa Việt Nam: không phải ngày nghỉ theo Bộ luật Lao động",
                )
            )
        for username, full_name, role, password, title in DEMO_USERS:
            if session.scalar(select(User).where(User.username == username)) is None:
                users.create_user(session, username, full_name, role, password, title)
        catalogue.load_catalogue(session)
    return True


@dataclass
class _People:
    family: list[str]
    family_weights: list[float]
    middle: dict[bool, list[str]]
    given: dict[bool, list[str]]
    places: list[str]
    communes: list[str]
    province: str


def _people() -> _People:
    data = json.loads(get_asset("demo", "people.json").read_text(encoding="utf-8"))
    provinces = json.loads(get_asset("demo", "provinces.json").read_text(encoding="utf-8"))
    demo = provinces["demo_office"]
    short = next(iter(provinces["communes"]))
    return _People(
        family=[f["name"] for f in data["family_names"]],
        family_weights=[float(f["weight"]) for f in data["family_names"]],
        middle={True: data["middle_names_male"], False: data["middle_names_female"]},
        given={True: data["given_names_male"], False: data["given_names_female"]},
        places=data["streets_or_hamlets"],
        communes=provinces["communes"][short],
        province=demo["province"],
    )


# Weights of the procedures a commune counter sees most (certification dominates).
_WEIGHT = {
    "2.000815": 30,
    "2.000884": 8,
    "1.001193": 10,
    "1.000656": 3,
    "1.000894": 4,
    "1.004873": 8,
}


def generate(
    ctx: Context,
    count: int,
    *,
    seed: int = 1,
    end: datetime | None = None,
    progress: Callable[[int], None] | None = None,
    scans: float = 0.0,
) -> int:
    """Add `count` dossiers received over the months before `end` (default: now). `scans`:
    digitised papers (`attachment_added` events, as `attachments.attach` writes them) per
    dossier on average, all on the dossiers received on paper (online ones are not digitised);
    their files are not written (the store stays empty). Drawn from their own random sequence,
    so the dossiers are the same with or without them."""
    ensure_office(ctx)
    rng = random.Random(seed)
    people = _people()
    end = (end or ctx.now()).replace(microsecond=0)
    with ctx.db.session() as session:
        procedures = catalogue.list_procedures(session)
        cal = office.calendar(session)
        settings = office.get_settings(session)
        staff = [(u.username, u.full_name) for u in users.list_users(session)]
        device = session.get(Device, ctx.device_id)
        chain = device.chain_head if device else ""
        start_seq: dict[str, int] = dict(
            session.execute(
                text("SELECT day, last FROM daily_sequences WHERE counter_no = :n"),
                {"n": ctx.counter_no},
            ).all()
        )
    weights = [_WEIGHT.get(p.code, 2) for p in procedures]
    # Spread: at most ~150 dossiers a working day, at least half a year.
    days_back = max(182, int(count / 150 * 7 / 5))
    work_days = [
        d
        for d in (end.date() - timedelta(days=i) for i in range(days_back, -1, -1))
        if cal.is_working_day(d)
    ]
    per_day = [0] * len(work_days)
    for _ in range(count):
        per_day[rng.randrange(len(work_days))] += 1
    seq_state: dict[str, int] = {str(k): int(v) for k, v in start_seq.items()}
    with ctx.db.session() as session:
        books: dict[str, int] = {
            str(b): int(n)
            for b, n in session.execute(
                text("SELECT register_book, max(register_no) FROM dossiers GROUP BY register_book")
            ).all()
        }
    dirty: set[str] = set()

    clerk = next((s for s in staff if s[0] == "motcua"), staff[0])
    specialist = next((s for s in staff if s[0] == "chuyenvien"), staff[0])
    leader = next((s for s in staff if s[0] == "lanhdao"), staff[0])
    writer = _BulkWriter(ctx)
    made = 0
    hlc_logical = 0
    scan_rng = random.Random(f"scans-{seed}")
    per_paper = scans / _PAPER_SHARE
    for day, n in zip(work_days, per_day, strict=True):
        if n == 0:
            continue
        moments = sorted(
            datetime.combine(day, time(7, 0)) + timedelta(minutes=rng.randrange(0, 600))
            for _ in range(n)
        )
        for received in moments:
            if received.time() >= time(11, 30) and received.time() < time(13, 30):
                received += timedelta(hours=2)
            if received > end:
                received = end - timedelta(minutes=1)
            proc = rng.choices(procedures, weights)[0]
            key = day.isoformat()
            seq_state[key] = seq_state.get(key, 0) + 1
            dirty.add(key)
            code = format_code(
                settings.identifier,
                day,
                sequence_number(ctx.counter_no, seq_state[key], settings.sequence_slice),
            )
            book = register.book(ctx.counter_no, day.year)
            books[book] = books.get(book, 0) + 1
            story = _story(rng, proc, received, end, cal, clerk, specialist, leader, people, code)
            story[0][3].update(register_book=book, register_no=books[book])
            _with_steps(story, process.plan(cal, received, proc.snapshot(), settings))
            if per_paper:
                _with_scans(story, scan_rng, per_paper, clerk)
            state = None
            for kind, at, actor, payload in story:
                hlc_logical += 1
                millis = int(at.timestamp() * 1000)
                event = Event(
                    id=uuid7(millis),
                    dossier_id=story.dossier_id,
                    type=kind,
                    hlc=f"{millis:015d}.{hlc_logical % 1000000:06d}",
                    wall_time=iso(at) or "",
                    device=ctx.device_id,
                    actor=actor,
                    payload=payload,
                )
                state = apply(state, event)
                body = payload_json(payload)
                digest = chain_hash(chain, event, body)
                writer.event(event, body, chain, digest)
                chain = digest
            assert state is not None
            writer.dossier(state_columns(state))
            made += 1
            if made % 5000 == 0:
                writer.flush({k: seq_state[k] for k in dirty}, chain)
                dirty.clear()
                if progress:
                    progress(made)
    writer.flush({k: seq_state[k] for k in dirty}, chain)
    if progress:
        progress(made)
    return made


class _Story(list[tuple[str, datetime, str, dict[str, Any]]]):
    dossier_id: str = ""


# Dossiers received on paper (direct 80 + postal 8 of 100 in `_story`): the ones digitised.
_PAPER_SHARE = 0.88


def _with_scans(story: _Story, rng: random.Random, mean: float, clerk: tuple[str, str]) -> None:
    """The papers the clerk digitised right after the intake (within 50 s, before the receipt
    is printed), as `attachments.attach` records them: one file each, by its hash."""
    kind, received, _actor, intake = story[0]
    if kind != EventType.RECEIVED or intake.get("channel") == "online":
        return
    count = int(mean) + (rng.random() < mean - int(mean))
    lines = [d["name"] for d in intake.get("documents", [])] or [OTHER_LINE]
    code = str(intake["code"])
    for i in range(count):
        at = received + timedelta(seconds=50 * (i + 1) / (count + 1))
        pages = rng.choice((1, 1, 2, 3))
        signed = rng.random() < 0.9
        payload: dict[str, Any] = {
            "line": lines[i % len(lines)],
            "file": hashlib.sha256(f"{code}/{i}".encode()).hexdigest(),
            "pages": pages,
            "size": pages * rng.randrange(90_000, 150_000),
            "digitised_by": clerk[1],
            "signed": signed,
            "colour": False,
            "at": iso(at),
            "code": code,
        }
        if signed:
            payload["signer"] = clerk[1]
        story.insert(1 + i, (EventType.ATTACHMENT_ADDED, at, clerk[0], payload))


def _with_steps(story: _Story, steps: list[process.PlannedStep]) -> None:
    """The internal process on a demo dossier, as the services write it: the first step's
    deadline at intake, the specialist's step at the hand-over, the counter's last step when
    the result comes back."""
    if not steps:
        return
    transfers = 0
    for kind, _at, _actor, payload in story:
        if kind == EventType.RECEIVED and payload.get("outcome", "accepted") == "accepted":
            payload["step_due_at"] = iso(steps[0].due_at)
        elif kind == EventType.TRANSFERRED:
            transfers += 1
            chosen = steps[min(transfers, len(steps) - 1)] if transfers == 1 else steps[-1]
            payload["from_unit"] = steps[0].body if transfers == 1 else steps[1].body
            payload.update(
                step=chosen.number,
                step_name=chosen.step.name,
                step_body=chosen.body,
                step_due_at=iso(chosen.due_at),
            )


def _story(
    rng: random.Random,
    proc: ProcedureInfo,
    received: datetime,
    end: datetime,
    cal: WorkCalendar,
    clerk: tuple[str, str],
    specialist: tuple[str, str],
    leader: tuple[str, str],
    people: _People,
    code: str,
) -> _Story:
    """One dossier's plausible life up to `end`: the older it is, the further it got."""
    story = _Story()
    story.dossier_id = uuid7(int(received.timestamp() * 1000))
    male = rng.random() < 0.5
    name = f"{rng.choices(people.family, people.family_weights)[0]} {rng.choice(people.middle[male])} {rng.choice(people.given[male])}"
    birth_year = rng.randint(1950, 2006)
    province = rng.choice(["079", "068", "060", "001", "048", "092"])
    century_digit = (0 if birth_year < 2000 else 2) + (0 if male else 1)
    id_number = f"{province}{century_digit}{birth_year % 100:02d}{rng.randrange(10**6):06d}"
    channel = rng.choices(["direct", "postal", "online"], [80, 8, 12])[0]
    delivery = "postal" if channel == "postal" or rng.random() < 0.05 else "counter"
    outcome = rng.choices(["accepted", "supplement", "refused"], [95, 4, 1])[0]
    due = (
        cal.due(received, proc.time_amount, TimeUnit(proc.time_unit)).due_at
        if outcome == "accepted"
        else None
    )
    documents = [
        {"name": d.name, "originals": d.originals, "copies": d.copies}
        for d in proc.documents
        if d.mandatory
    ]
    payload: dict[str, Any] = {
        "code": code,
        "outcome": outcome,
        "procedure": proc.snapshot(),
        "applicant": {
            "id": "",
            "full_name": name,
            "id_number": id_number,
            "phone": f"09{rng.randrange(10**8):08d}",
            "address": f"{rng.choice(people.places)}, {rng.choice(people.communes)}, {people.province}",
        },
        "documents": documents,
        "sets": 1,
        "channel": channel,
        "delivery": delivery,
        "received_at": iso(received),
        "due_at": iso(due),
    }
    rule = proc.rule
    fee = rule.compute(online=channel == "online")
    # What the forms need beyond the catalogue's base amount (the online rate; a provincial
    # rate not entered, which is not "free"); the demo's papers have one page and one copy.
    if fee != proc.fee:
        payload["fee"] = {"amount": fee}
    elif rule.provincial and not fee:
        payload["fee"] = {"amount": fee, "rule": rule.describe()}
    if outcome == "supplement":
        payload["missing"] = [proc.documents[-1].name] if proc.documents else []
        payload["supplement_reason"] = "Hồ sơ còn thiếu giấy tờ bắt buộc."
    if outcome == "refused":
        payload["refuse_reason"] = "Thủ tục không thuộc thẩm quyền giải quyết của UBND xã."
    story.append((EventType.RECEIVED, received, clerk[0], payload))
    form = printed_after(EventType.RECEIVED, outcome)
    if form is not None:  # every intake outcome has its form (Mẫu 01, 02, 03)
        story.append(
            (
                EventType.PRINTED,
                received + timedelta(minutes=1),
                clerk[0],
                {"form": form.code, "paper": form.default_paper, "reprint": False},
            )
        )
    if outcome != "accepted" or due is None:
        return story
    if proc.fee and not rule.provincial:
        method = rng.choices(["cash", "transfer", "online", "card"], [60, 25, 12, 3])[0]
    elif fee:
        # A provincial rate is an example an office replaces: its draw is kept off the shared
        # sequence, so the demo's other stories stay as they were with or without it.
        method = random.Random(code).choices(
            ["cash", "transfer", "online", "card"], [60, 25, 12, 3]
        )[0]
    if fee:
        story.append(
            (
                EventType.PAYMENT_RECORDED,
                received + timedelta(minutes=2),
                clerk[0],
                {"amount": fee, "method": method},
            )
        )
    handed = received + timedelta(minutes=rng.randrange(10, 120))
    # Some of the last days' dossiers still wait at the counter to be handed over (status 2).
    if handed > end or (end - received < timedelta(days=3) and rng.random() < 0.3):
        return story
    story.append(
        (
            EventType.TRANSFERRED,
            handed,
            clerk[0],
            {
                "from_person": clerk[1],
                "to_person": specialist[1],
                "to_unit": "Công chức chuyên môn",
                "at": iso(handed),
            },
        )
    )
    if rng.random() < 0.01:
        stop_at = handed + timedelta(hours=3)
        if stop_at < end:
            kind = rng.choice([EventType.STOPPED, EventType.WITHDRAWN])
            story.append(
                (
                    kind,
                    stop_at,
                    clerk[0],
                    {"reason": "Công dân đề nghị dừng giải quyết hồ sơ.", "at": iso(stop_at)},
                )
            )
        return story
    late = rng.random() < 0.03
    span = max(due - received, timedelta(hours=2))
    if late:
        finish = due + timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 3))
        notice = due - timedelta(days=1) if rng.random() < 0.85 else None
        if notice is not None and notice > received and notice < end:
            new_due = datetime.combine(cal.add_working_days(due.date(), 5), due.time())
            story.append(
                (
                    EventType.APOLOGY_ISSUED,
                    notice,
                    leader[0],
                    {
                        "reason": "Cần xác minh thêm thông tin với cơ quan liên quan.",
                        "previous_due_at": iso(due),
                        "new_due_at": iso(new_due),
                        "override": False,
                        "at": iso(notice),
                    },
                )
            )
    else:
        finish = received + span * rng.uniform(0.3, 0.98)
    # Resolved after it was handed over: the story's order is its clock's (the audit folds the
    # events in clock order and compares with the `dossiers` row).
    finish = max(finish, handed + timedelta(minutes=20))
    if finish > end:
        return story
    story.append(
        (
            EventType.RESOLVED,
            finish,
            specialist[0],
            {"approved": True, "note": "", "at": iso(finish)},
        )
    )
    back = finish + timedelta(minutes=30)
    if back > end:
        return story
    story.append(
        (
            EventType.TRANSFERRED,
            back,
            clerk[0],
            {
                "from_person": specialist[1],
                "to_person": clerk[1],
                "to_unit": "Bộ phận Một cửa",
                "at": iso(back),
            },
        )
    )
    collected = back + timedelta(hours=rng.randint(1, 48))
    if collected > end or rng.random() < 0.04:
        return story
    story.append(
        (
            EventType.RETURNED,
            collected,
            clerk[0],
            {
                "collected_by": "Người nộp hồ sơ" if delivery == "counter" else "Bưu điện",
                "method": delivery,
                "at": iso(collected),
            },
        )
    )
    if rng.random() < 0.4:
        rating = rng.choices([3, 2, 1], [55, 43, 2])[0]
        story.append(
            (
                EventType.SURVEY_RECORDED,
                collected + timedelta(minutes=1),
                clerk[0],
                {"rating": rating},
            )
        )
    return story


class _BulkWriter:
    """Buffers rows and writes them with executemany, bypassing the ORM for speed."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.events: list[tuple[Any, ...]] = []
        self.dossiers: list[dict[str, Any]] = []

    def event(self, event: Event, body: str, prev: str, digest: str) -> None:
        self.events.append(event_record(event, body, prev, digest))

    def dossier(self, columns: dict[str, Any]) -> None:
        self.dossiers.append(dossier_record(columns))

    def flush(self, seq_state: dict[str, int], chain: str) -> None:
        if not self.events and not self.dossiers:
            return
        with self.ctx.db.unit_of_work() as session:
            conn = session.connection().connection.driver_connection
            assert conn is not None
            conn.executemany(INSERT_EVENT, self.events)
            if self.dossiers:
                columns = list(self.dossiers[0])
                fts.insert_dossiers(
                    session.connection(), columns, [[d[c] for c in columns] for d in self.dossiers]
                )
            conn.executemany(
                "INSERT INTO daily_sequences (day, counter_no, last) VALUES (?, ?, ?) "
                "ON CONFLICT(day, counter_no) DO UPDATE SET last = excluded.last",
                [(day, self.ctx.counter_no, last) for day, last in seq_state.items()],
            )
            conn.execute(
                "UPDATE devices SET chain_head = ? WHERE id = ?", (chain, self.ctx.device_id)
            )
        self.events.clear()
        self.dossiers.clear()
