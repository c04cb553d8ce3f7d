"""The procedure catalogue: loading the bundled list, looking up, completing and editing."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session, selectinload

from counter.db.models import Procedure, ProcedureDocument
from counter.domain.calendar import TimeUnit
from counter.domain.fees import FeeRule, rule_from_json, rule_of
from counter.domain.process import Step, check_steps, default_steps, steps_from_rows
from counter.domain.text import clean, fold
from counter.errors import NotFoundError, ValidationError
from counter.paths import get_asset
from counter.services import reference_log
from counter.services.context import Context, require_admin

UNIT_LABELS = {
    TimeUnit.WORKING_DAYS: "ngày làm việc",
    TimeUnit.WORKING_HOURS: "giờ làm việc",
    TimeUnit.SAME_DAY: "trong ngày",
}


@dataclass(frozen=True)
class RequiredDocument:
    name: str
    originals: int
    copies: int
    mandatory: bool


@dataclass(frozen=True)
class ProcedureInfo:
    code: str
    name: str
    field: str
    time_amount: int
    time_unit: TimeUnit
    fee: int
    fee_note: str = ""
    resolving_unit: str = ""
    result_name: str = ""
    documents: tuple[RequiredDocument, ...] = ()
    active: bool = True
    fee_rule: FeeRule | None = None  # None: `fee` per case, or free (domain/fees.rule_of)

    @property
    def rule(self) -> FeeRule:
        """How the fee is counted: the rule, or the base amount per case."""
        return self.fee_rule if self.fee_rule is not None else rule_of(self.fee, "")

    steps: tuple[Step, ...] = ()  # the internal process (quy trình nội bộ)

    @property
    def time_label(self) -> str:
        if self.time_unit is TimeUnit.SAME_DAY:
            return "Trong ngày"
        return f"{self.time_amount} {UNIT_LABELS[self.time_unit]}"

    def snapshot(self) -> dict[str, object]:
        """What a dossier keeps of its procedure (the catalogue may change later)."""
        return {
            "code": self.code,
            "name": self.name,
            "field": self.field,
            "time_amount": self.time_amount,
            "time_unit": self.time_unit.value,
            "fee": self.fee,
            "resolving_unit": self.resolving_unit,
            "result_name": self.result_name,
            "steps": [step.as_row() for step in self.steps],
        }


@dataclass
class ProcedureInput:
    code: str
    name: str
    field: str
    time_amount: int
    time_unit: str
    fee: int = 0
    fee_note: str = ""
    resolving_unit: str = ""
    result_name: str = ""
    documents: list[RequiredDocument] = dataclasses.field(default_factory=list)
    active: bool = True
    # How the fee is counted; None: `fee` per case (free when 0). The rule's amount wins.
    fee_rule: FeeRule | None = None
    # None keeps the steps a procedure has (or, for a new one, the default process).
    steps: list[Step] | None = None


def _info(row: Procedure) -> ProcedureInfo:
    return ProcedureInfo(
        code=row.code,
        name=row.name,
        field=row.field,
        time_amount=row.time_amount,
        time_unit=TimeUnit(row.time_unit),
        fee=row.fee,
        fee_note=row.fee_note,
        resolving_unit=row.resolving_unit,
        result_name=row.result_name,
        documents=tuple(
            RequiredDocument(d.name, d.originals, d.copies, d.mandatory) for d in row.documents
        ),
        active=row.active,
        fee_rule=rule_of(row.fee, row.fee_rule or ""),
        steps=steps_from_rows(json.loads(row.steps) if row.steps else ()),
    )


def list_procedures(session: Session, *, include_inactive: bool = False) -> list[ProcedureInfo]:
    query = (
        select(Procedure)
        .options(selectinload(Procedure.documents))
        .order_by(Procedure.field, Procedure.name)
    )
    if not include_inactive:
        query = query.where(Procedure.active)
    return [_info(r) for r in session.scalars(query)]


def get_procedure(session: Session, code: str) -> ProcedureInfo:
    row = session.scalar(
        select(Procedure)
        .options(selectinload(Procedure.documents))
        .where(Procedure.code == code.strip())
    )
    if row is None:
        raise NotFoundError(f"Không có thủ tục mã «{code}» trong danh mục.", field="procedure_code")
    return _info(row)


def _words(text: str) -> list[str]:
    """Folded words, punctuation around them dropped ("cha," → "cha"; a code keeps its dots)."""
    return [w for w in (raw.strip(",;:()«»\"'") for raw in fold(text).split()) if w]


def _in_order(words: list[str], tokens: list[str]) -> list[int] | None:
    """Where each typed word starts a word of `tokens`, each after the one before; None if the
    words cannot be found in that order. The earliest place of each (the closest phrase)."""
    places: list[int] = []
    start = 0
    for word in words:
        at = next((i for i in range(start, len(tokens)) if tokens[i].startswith(word)), None)
        if at is None:
            return None
        places.append(at)
        start = at + 1
    return places


def match_rank(proc: ProcedureInfo, text: str) -> tuple[int, ...] | None:
    """How closely `text` matches the procedure (smaller is closer), None when it does not.

    Every typed word must be found, accents and đ folded. Closest first: the code typed; the
    words found in the name in the order typed, each at the start of a word ("khai tu" is the
    «khai tử» of "đăng ký khai tử", not the «tục» of "thủ tục"), as whole words, next to each
    other; then the same in the field; then words found inside other words; shorter names
    first among equals."""
    words = _words(text)
    if not words:
        return None
    code = fold(proc.code)
    name = _words(proc.name)
    field = _words(proc.field)
    if code.startswith(words[0]) and len(words) == 1:
        return (0, 0, 0, 0, len(code))
    haystack = " ".join([code, *name, *field])
    if not all(w in haystack for w in words):
        return _initials_rank(proc, words[0]) if len(words) == 1 else None
    for tier, tokens in ((1, name), (2, [*name, *field])):
        places = _in_order(words, tokens)
        if places is not None:
            whole = sum(tokens[i] == w for i, w in zip(places, words, strict=True))
            gaps = places[-1] - places[0] - (len(places) - 1)
            return (tier, len(words) - whole, gaps, places[0], len(proc.name))
    starts = sum(any(t.startswith(w) for t in [*name, *field]) for w in words)
    return (3, len(words) - starts, 0, 0, len(proc.name))


def _initials_rank(proc: ProcedureInfo, word: str) -> tuple[int, ...] | None:
    """«ks» for «khai sinh», «dkkt» for «đăng ký khai tử»: the first letters of words next to
    each other in the name (after every other way of matching)."""
    if len(word) < 2 or not word.isalpha():
        return None
    initials = "".join(t[0] for t in _words(proc.name))
    at = initials.find(word)
    return None if at < 0 else (4, 0, 0, at, len(proc.name))


def complete(procedures: list[ProcedureInfo], text: str, limit: int = 20) -> list[ProcedureInfo]:
    """Accent-insensitive completion over code, name and field: every typed word must match;
    the closest match to the words typed, in their order, first (`match_rank`)."""
    if not _words(text):
        return procedures[:limit]
    scored = []
    for proc in procedures:
        rank = match_rank(proc, text)
        if rank is not None:
            scored.append((rank, proc.name, proc))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [p for _, _, p in scored[:limit]]


def most_received(session: Session, since: str, limit: int = 8) -> list[str]:
    """The codes of the procedures received most since `since` (ISO text), most first: what
    the intake offers on ↓ in its empty procedure field."""
    rows = session.execute(
        sql(
            "SELECT procedure_code FROM dossiers WHERE received_at >= :since "
            "GROUP BY procedure_code ORDER BY count(*) DESC, procedure_code LIMIT :limit"
        ),
        {"since": since, "limit": limit},
    )
    return [row[0] for row in rows]


def save_procedure(
    session: Session, data: ProcedureInput, *, ctx: Context | None = None
) -> ProcedureInfo:
    """Create or update a procedure by its code (catalogue editing, import).

    With `ctx` (every edit a person makes), the new value is recorded as a reference event
    stamped now, in this transaction, so sync orders concurrent edits by when they were made."""
    require_admin(ctx)
    code = clean(data.code)
    name = clean(data.name)
    if not code:
        raise ValidationError("Mã thủ tục không được để trống.", field="code")
    if not name:
        raise ValidationError("Tên thủ tục không được để trống.", field="name")
    for value, limit, label, key in (
        (code, 30, "Mã thủ tục", "code"),
        (name, 400, "Tên thủ tục", "name"),
        (clean(data.field), 100, "Lĩnh vực", "field"),
        (clean(data.resolving_unit), 200, "Cơ quan giải quyết", "resolving_unit"),
        (clean(data.result_name), 200, "Kết quả giải quyết", "result_name"),
        (clean(data.fee_note), 300, "Ghi chú phí, lệ phí", "fee_note"),
    ):
        if len(value) > limit:
            raise ValidationError(f"{label} dài quá {limit} ký tự.", field=key)
    try:
        unit = TimeUnit(data.time_unit)
    except ValueError as exc:
        raise ValidationError(
            "Đơn vị thời gian phải là working_days, working_hours hoặc same_day.", field="time_unit"
        ) from exc
    if data.time_amount < 0 or (unit is not TimeUnit.SAME_DAY and data.time_amount == 0):
        raise ValidationError("Thời hạn giải quyết phải lớn hơn 0.", field="time_amount")
    if data.fee < 0:
        raise ValidationError("Phí, lệ phí không được âm.", field="fee")
    rule = data.fee_rule if data.fee_rule is not None else rule_of(data.fee, "")
    row = session.scalar(select(Procedure).where(Procedure.code == code))
    if data.steps is not None:
        steps = check_steps(data.steps, data.time_amount, unit)
    elif (
        row is not None
        and row.steps
        and row.time_amount == data.time_amount
        and row.time_unit == unit.value
    ):
        steps = steps_from_rows(json.loads(row.steps))
    else:
        steps = default_steps(data.time_amount, unit)
    if row is None:
        row = Procedure(code=code, name=name, field="", time_amount=0, time_unit=unit.value)
        session.add(row)
    row.name = name
    row.field = clean(data.field)
    row.time_amount = data.time_amount
    row.time_unit = unit.value
    row.fee = rule.amount
    # A plain amount per case (or free) keeps the row as before rules: older counters read it.
    plain = rule == rule_of(rule.amount, "")
    row.fee_rule = "" if plain else rule.to_text()
    row.fee_note = clean(data.fee_note)
    row.resolving_unit = clean(data.resolving_unit)
    row.result_name = clean(data.result_name)
    row.active = data.active
    row.steps = json.dumps([step.as_row() for step in steps], ensure_ascii=False) if steps else ""
    row.documents.clear()
    session.flush()
    for position, doc in enumerate(data.documents):
        if not clean(doc.name):
            raise ValidationError("Tên giấy tờ không được để trống.", field="documents")
        if len(clean(doc.name)) > 400:
            raise ValidationError("Tên giấy tờ dài quá 400 ký tự.", field="documents")
        if doc.originals < 0 or doc.copies < 0:
            raise ValidationError("Số bản chính, bản sao không được âm.", field="documents")
        row.documents.append(
            ProcedureDocument(
                position=position,
                name=clean(doc.name),
                originals=doc.originals,
                copies=doc.copies,
                mandatory=doc.mandatory,
            )
        )
    session.flush()
    if ctx is not None:
        reference_log.stamp(session, ctx, reference_log.procedure_key(code))
    return _info(row)


def bundled_catalogue_path() -> Path:
    return get_asset("catalogue", "procedures.json")


def load_catalogue(
    session: Session, path: Path | None = None, *, ctx: Context | None = None
) -> int:
    """Import (create or update) procedures from a catalogue JSON file; returns the count.
    Pass `ctx` when a person imports a file (stamped as edits); the bundled defaults loaded
    into a new database are not edits and are left to the first sync."""
    data = json.loads((path or bundled_catalogue_path()).read_text(encoding="utf-8"))
    items = data["procedures"] if isinstance(data, dict) else data
    for item in items:
        save_procedure(
            session,
            ProcedureInput(
                code=item["code"],
                name=item["name"],
                field=item.get("field", ""),
                time_amount=int(item.get("time_amount", 0)),
                time_unit=item["time_unit"],
                fee=int(item.get("fee", 0)),
                fee_note=item.get("fee_note", ""),
                fee_rule=rule_from_json(item["fee_rule"]) if "fee_rule" in item else None,
                resolving_unit=item.get("resolving_unit", ""),
                result_name=item.get("result", item.get("result_name", "")),
                documents=[
                    RequiredDocument(
                        d["name"],
                        int(d.get("originals", 1)),
                        int(d.get("copies", 0)),
                        bool(d.get("mandatory", True)),
                    )
                    for d in item.get("documents", [])
                ],
                steps=list(steps_from_rows(item["steps"])) if "steps" in item else None,
            ),
            ctx=ctx,
        )
    return len(items)
