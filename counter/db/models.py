"""SQLAlchemy 2 models of the counter's local database (and the shapes the server mirrors)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from counter.db.codec import HashType, HlcType, PayloadType, UuidType, WallType

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Office(Base):
    """The office this counter belongs to: the form header, hours, calendar and paper settings."""

    __tablename__ = "office"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identifier: Mapped[str] = mapped_column(String(35))  # agency identifier in the dossier code
    governing_body: Mapped[str] = mapped_column(String(200))  # "UBND XÃ TÂN HƯNG"
    unit_name: Mapped[str] = mapped_column(String(200))  # "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
    place_name: Mapped[str] = mapped_column(String(100))  # "Tân Hưng, ngày … tháng … năm …"
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    province: Mapped[str] = mapped_column(String(100), default="")
    # Office hours as "07:00-11:30,13:30-17:00"; weekdays as "0,1,2,3,4" (Monday = 0).
    hours: Mapped[str] = mapped_column(String(100), default="07:00-11:30,13:30-17:00")
    workdays: Mapped[str] = mapped_column(String(20), default="0,1,2,3,4")
    cutoff: Mapped[str] = mapped_column(String(5), default="15:00")
    # JSON {"01": "a4", "slip": "80mm", ...}
    paper: Mapped[str] = mapped_column(Text, default="{}")
    bank_bin: Mapped[str] = mapped_column(String(6), default="")
    bank_account: Mapped[str] = mapped_column(String(19), default="")
    bank_account_name: Mapped[str] = mapped_column(String(100), default="")
    status_url: Mapped[str] = mapped_column(String(300), default="")
    sequence_slice: Mapped[int] = mapped_column(Integer, default=1000)
    # Who signs the letters of the governing body (Mẫu 04, Mẫu 05): the power ("KT. CHỦ
    # TỊCH", empty when the head signs), the title ("PHÓ CHỦ TỊCH") and the name (migration 0006).
    signer_power: Mapped[str] = mapped_column(String(100), default="")
    signer_title: Mapped[str] = mapped_column(String(100), default="")
    signer_name: Mapped[str] = mapped_column(String(100), default="")
    updated_hlc: Mapped[str] = mapped_column(String(30), default="")


class Device(Base):
    """A counter (PC) of the office. The local one has `is_local`; its number slices the codes."""

    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    counter_no: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str] = mapped_column(String(100), default="")
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    # Hash of the last event this device wrote: the tamper-evident chain continues from it.
    chain_head: Mapped[str] = mapped_column(String(64), default="")


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    full_name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(20))  # clerk | specialist | leader | admin
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_hlc: Mapped[str] = mapped_column(String(30), default="")
    # Ed25519 key pair (services/authority.py): the public key, and the private key sealed
    # under the user's password; an admin signs reference changes with it.
    public_key: Mapped[str] = mapped_column(String(60), default="")
    secret_key: Mapped[str] = mapped_column(String(200), default="")


class Procedure(Base):
    """An administrative procedure of the catalogue (thủ tục hành chính)."""

    __tablename__ = "procedures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)  # national code, e.g. 1.001193
    name: Mapped[str] = mapped_column(String(400))
    field: Mapped[str] = mapped_column(String(100))
    time_amount: Mapped[int] = mapped_column(Integer)
    time_unit: Mapped[str] = mapped_column(String(20))  # working_days | working_hours | same_day
    fee: Mapped[int] = mapped_column(Integer, default=0)
    fee_note: Mapped[str] = mapped_column(String(300), default="")
    # The rule behind `fee` (domain/fees.py, compact JSON); "" = `fee` per case, or free.
    fee_rule: Mapped[str] = mapped_column(String(200), default="", server_default="")
    resolving_unit: Mapped[str] = mapped_column(String(200), default="")
    result_name: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_hlc: Mapped[str] = mapped_column(String(30), default="")
    # The internal process (quy trình nội bộ): JSON [[step, body, share], …] (migration 0007).
    steps: Mapped[str] = mapped_column(Text, default="")

    documents: Mapped[list[ProcedureDocument]] = relationship(
        back_populates="procedure",
        order_by="ProcedureDocument.position",
        cascade="all, delete-orphan",
    )


class ProcedureDocument(Base):
    """A document the procedure requires, with how many originals and copies."""

    __tablename__ = "procedure_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure_id: Mapped[int] = mapped_column(
        ForeignKey("procedures.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(400))
    originals: Mapped[int] = mapped_column(Integer, default=1)
    copies: Mapped[int] = mapped_column(Integer, default=0)
    mandatory: Mapped[bool] = mapped_column(Boolean, default=True)

    procedure: Mapped[Procedure] = relationship(back_populates="documents")


class Applicant(Base):
    """A citizen or organisation who submits dossiers; reused to prefill by ID number."""

    __tablename__ = "applicants"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    id_number: Mapped[str] = mapped_column(String(12), default="", index=True)
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    male: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    province: Mapped[str] = mapped_column(String(100), default="")
    commune: Mapped[str] = mapped_column(String(100), default="")


class Dossier(Base):
    """The projection of a dossier's events (see counter.domain.dossier.fold)."""

    __tablename__ = "dossiers"

    # An integer key that VACUUM never renumbers: the full-text index refers to it.
    num: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Stored as 16 bytes (migration 0003; the column keeps its declared type, SQLite stores the
    # blob as it is), like `last_event_id` and the event log's ids.
    id: Mapped[str] = mapped_column(UuidType, unique=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    status: Mapped[int] = mapped_column(Integer)
    procedure_code: Mapped[str] = mapped_column(String(30), index=True)
    procedure_name: Mapped[str] = mapped_column(String(400))
    field: Mapped[str] = mapped_column(String(100), default="")
    applicant_id: Mapped[str] = mapped_column(String(36), default="", index=True)
    applicant_name: Mapped[str] = mapped_column(String(200))
    id_number: Mapped[str] = mapped_column(String(12), default="")
    channel: Mapped[str] = mapped_column(String(10), default="direct")
    delivery: Mapped[str] = mapped_column(String(10), default="counter")
    received_at: Mapped[str | None] = mapped_column(String(19), nullable=True, index=True)
    due_at: Mapped[str | None] = mapped_column(String(19), nullable=True)
    original_due_at: Mapped[str | None] = mapped_column(String(19), nullable=True)
    resolved_at: Mapped[str | None] = mapped_column(String(19), nullable=True)
    returned_at: Mapped[str | None] = mapped_column(String(19), nullable=True)
    closed_at: Mapped[str | None] = mapped_column(String(19), nullable=True)
    apology_count: Mapped[int] = mapped_column(Integer, default=0)
    fee: Mapped[int] = mapped_column(Integer, default=0)
    paid_amount: Mapped[int] = mapped_column(Integer, default=0)
    payment_method: Mapped[str] = mapped_column(String(10), default="")
    satisfaction: Mapped[int | None] = mapped_column(Integer, nullable=True)
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    holder: Mapped[str] = mapped_column(String(50), default="")
    # The dossier's entry in the register (Sổ theo dõi hồ sơ, Mẫu 07): the book of its counter
    # and year and its number there, given at intake (migration 0006).
    register_book: Mapped[str] = mapped_column(String(20), default="")
    register_no: Mapped[int] = mapped_column(Integer, default=0)
    # The step of the internal process the holder is doing, and when it must be handed on.
    step: Mapped[int] = mapped_column(Integer, default=0)
    step_name: Mapped[str] = mapped_column(String(200), default="")
    step_body: Mapped[str] = mapped_column(String(200), default="")
    step_due_at: Mapped[str | None] = mapped_column(String(19), nullable=True)
    accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    # The last event folded in, so a later event is applied incrementally and an earlier one
    # (arriving by sync) triggers a re-fold of the dossier's events.
    last_hlc: Mapped[str] = mapped_column(String(30), default="")
    last_event_id: Mapped[str] = mapped_column(UuidType, default="")
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    conflicts: Mapped[str] = mapped_column(Text, default="")  # JSON list, empty when none
    # Digitised papers attached, and the signed ones among them (migration 0009_scan).
    attachments: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    signed_attachments: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Reused papers among them, and electronic results with the signed ones (0011_reuse).
    reused_attachments: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    results: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    signed_results: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (
        # The home lists: open dossiers by due moment.
        Index("ix_dossiers_open_due", "due_at", sqlite_where=text("status IN (2, 4)")),
        # Lateness is measured against the legal due moment, which an apology does not move.
        # With the apologies, so the late without one are counted from the index (0012_home).
        Index(
            "ix_dossiers_open_legal_due",
            "original_due_at",
            "apology_count",
            sqlite_where=text("status IN (2, 4)"),
        ),
        Index("ix_dossiers_status_due", "status", "due_at"),
        # The late steps of the internal process (home screen, leader's report).
        Index("ix_dossiers_open_step_due", "step_due_at", sqlite_where=text("status IN (2, 4)")),
        # The home figure of sync conflicts (migration 0008): none to count reads no row.
        Index("ix_dossiers_conflict", "num", sqlite_where=text("conflict = 1")),
        # Reports (migration 0002): what was resolved or closed within a period, and what an
        # old period carried past its end, read from the index alone.
        Index("ix_dossiers_resolved_received", "resolved_at", "received_at"),
        Index("ix_dossiers_closed_status_received", "closed_at", "status", "received_at"),
        # The next number of a register book (intake).
        Index("ix_dossiers_register", "register_book", "register_no"),
        # The papers digitised before for an ID number, offered at intake (migration 0011).
        Index("ix_dossiers_id_number", "id_number", sqlite_where=text("attachments + results > 0")),
    )


class EventRow(Base):
    """The append-only event log. `seq` is the local arrival order (the push cursor).

    Stored compactly (migration 0003, counter/db/codec.py): ids as 16 bytes, hashes as 32, the
    HLC and wall time as integers, the payload deflated with a preset dictionary. The
    attributes read and compare as the strings the rest of the app knows.
    """

    __tablename__ = "events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(UuidType, unique=True)
    dossier_id: Mapped[str] = mapped_column(UuidType)
    type: Mapped[str] = mapped_column(String(30))
    hlc: Mapped[str] = mapped_column(HlcType)
    wall_time: Mapped[str] = mapped_column(WallType)
    device: Mapped[str] = mapped_column(UuidType)
    actor: Mapped[str] = mapped_column(String(50))
    payload: Mapped[str] = mapped_column(PayloadType)
    # The first 4 bytes of the previous event's hash on this device (codec.link_of): the hash
    # covers the whole previous hash, read from that event when the chain is verified.
    prev_link: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    hash: Mapped[str] = mapped_column(HashType, default="")

    __table_args__ = (Index("ix_events_dossier", "dossier_id"), Index("ix_events_hlc", "hlc"))


class SearchProcedure(Base):
    """Every distinct procedure (code, name) the dossiers carry, kept by triggers (migration
    0003): free-text search matches procedure names here rather than in the full-text index,
    then reads those dossiers by procedure code."""

    __tablename__ = "search_procedures"

    procedure_code: Mapped[str] = mapped_column(String(30), primary_key=True)
    procedure_name: Mapped[str] = mapped_column(String(400), primary_key=True)


class DayOverride(Base):
    """An office decision on one day: extra day off, statutory day not observed, make-up workday."""

    __tablename__ = "day_overrides"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(200), default="")


class DailySequence(Base):
    """The last sequence number this counter issued on a day."""

    __tablename__ = "daily_sequences"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    counter_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Setting(Base):
    """Small key/value state that is not office configuration (sync cursors, last backup…)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


__all__ = [
    "Applicant",
    "Base",
    "DailySequence",
    "DayOverride",
    "Device",
    "Dossier",
    "EventRow",
    "Office",
    "Procedure",
    "ProcedureDocument",
    "SearchProcedure",
    "Setting",
    "User",
]
