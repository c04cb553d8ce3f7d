"""The period's figures (received, resolved, late, apologies, fees, satisfaction) by SQL aggregates."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from counter.domain.calendar import WorkCalendar
from counter.domain.codes import DEMO_IDENTIFIER
from counter.domain.text import fold
from counter.errors import ValidationError
from counter.reports.period import Period
from counter.services import lateness, office, process
from counter.services.context import Context
from counter.services.process import LateGroup, LateStep

# The ways a report groups its rows: the whole period, per field, per procedure.
GROUPS: tuple[str | None, ...] = (None, "field", "procedure")
CASHLESS_METHODS = ("transfer", "card", "online")


# --- figures -----------------------------------------------------------------------------


def _ratio(part: int | float, whole: int | float) -> float | None:
    return part / whole if whole else None


@dataclass
class Figures:
    """Counts of one row of the report (see README "Reports" for every definition)."""

    carried_over: int = 0  # received before the period, still unfinished at its start
    received_direct: int = 0
    received_postal: int = 0
    received_online: int = 0
    resolved_ahead: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    open_in_time: int = 0
    open_overdue: int = 0
    refused: int = 0
    stopped: int = 0
    withdrawn: int = 0
    returned: int = 0
    late_with_apology: int = 0
    apologies: int = 0  # apology letters (Mẫu 04) of the late dossiers
    processing_days: int = 0  # sum over the resolved dossiers, in working days
    fees_collected: int = 0
    paying: int = 0  # dossiers with a fee paid
    cashless_amount: int = 0
    cashless_paying: int = 0
    online_paying: int = 0
    surveys: int = 0
    satisfied: int = 0  # hài lòng + rất hài lòng
    # Digitisation (issue 18; README "Số hóa"): paper dossiers (direct, postal) received with
    # at least one digitised paper, the papers digitised, and those signed by the digitiser.
    digitised: int = 0
    digitised_components: int = 0
    signed_components: int = 0
    # QĐ 766 reuse and electronic results (README "Kết quả điện tử và tái sử dụng"): papers
    # reused from an earlier dossier of the same ID number (among the digitised components);
    # dossiers resolved in the period with an electronic result attached, and those signed.
    reused_components: int = 0
    electronic_results: int = 0
    signed_results: int = 0

    def add(self, other: Figures) -> None:
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if mine is None or theirs is None:
                setattr(self, f.name, mine if theirs is None else theirs)
            else:
                setattr(self, f.name, mine + theirs)

    @property
    def received(self) -> int:
        return self.received_direct + self.received_postal + self.received_online

    @property
    def handled(self) -> int:
        """Dossiers the office had to deal with in the period: carried over + received."""
        return self.carried_over + self.received

    @property
    def resolved(self) -> int:
        return self.resolved_ahead + self.resolved_on_time + self.resolved_late

    @property
    def open(self) -> int:
        return self.open_in_time + self.open_overdue

    @property
    def late(self) -> int:
        return self.resolved_late + self.open_overdue

    @property
    def late_without_apology(self) -> int:
        return self.late - self.late_with_apology

    @property
    def average_processing_days(self) -> float | None:
        return _ratio(self.processing_days, self.resolved)

    @property
    def on_time_rate(self) -> float | None:
        """QĐ 766 progress: (resolved ahead or on time + open in time) / (resolved + open)."""
        good = self.resolved_ahead + self.resolved_on_time + self.open_in_time
        return _ratio(good, self.resolved + self.open)

    @property
    def resolved_on_time_rate(self) -> float | None:
        return _ratio(self.resolved_ahead + self.resolved_on_time, self.resolved)

    @property
    def online_share(self) -> float | None:
        return _ratio(self.received_online, self.received)

    @property
    def postal_share(self) -> float | None:
        return _ratio(self.received_postal, self.received)

    @property
    def cashless_amount_share(self) -> float | None:
        return _ratio(self.cashless_amount, self.fees_collected)

    @property
    def cashless_paying_share(self) -> float | None:
        return _ratio(self.cashless_paying, self.paying)

    @property
    def online_paying_share(self) -> float | None:
        return _ratio(self.online_paying, self.paying)

    @property
    def satisfaction_rate(self) -> float | None:
        return _ratio(self.satisfied, self.surveys)

    @property
    def digitised_share(self) -> float | None:
        """Of the dossiers received on paper (online ones are not digitised: TT 03/2025 Điều 5)."""
        return _ratio(self.digitised, self.received_direct + self.received_postal)

    @property
    def signed_share(self) -> float | None:
        return _ratio(self.signed_components, self.digitised_components)

    @property
    def reuse_share(self) -> float | None:
        """Of the digitised components, those reused instead of asked for again on paper."""
        return _ratio(self.reused_components, self.digitised_components)

    @property
    def electronic_result_share(self) -> float | None:
        """Of the dossiers resolved in the period, those with an electronic result."""
        return _ratio(self.electronic_results, self.resolved)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = asdict(self)
        for name in DERIVED:
            data[name] = getattr(self, name)
        return data


DERIVED = (
    "received",
    "handled",
    "resolved",
    "open",
    "late",
    "late_without_apology",
    "average_processing_days",
    "on_time_rate",
    "resolved_on_time_rate",
    "online_share",
    "postal_share",
    "cashless_amount_share",
    "cashless_paying_share",
    "online_paying_share",
    "satisfaction_rate",
    "digitised_share",
    "signed_share",
    "reuse_share",
    "electronic_result_share",
)


@dataclass
class ReportRow:
    """One line of the report: a field, a procedure, or the total."""

    key: str
    label: str
    figures: Figures = field(default_factory=Figures)  # the period's flow (standard form)
    cohort: Figures = field(default_factory=Figures)  # only the dossiers received in the period


@dataclass(frozen=True)
class MonthPoint:
    month: str  # 'YYYY-MM'
    received_direct: int
    received_postal: int
    received_online: int
    resolved: int
    resolved_in_time: int  # ahead + on time
    late: int  # resolved late

    @property
    def label(self) -> str:
        return f"{self.month[5:]}/{self.month[:4]}"

    @property
    def on_time_rate(self) -> float | None:
        return _ratio(self.resolved_in_time, self.resolved)


@dataclass(frozen=True)
class LateDossier:
    code: str
    procedure_name: str
    applicant_name: str
    received_at: str
    legal_due_at: str
    resolved_at: str | None
    apology_count: int


@dataclass
class Report:
    period: Period
    by: str | None
    as_of: datetime  # the figures describe the dossiers at this moment (period end, or now)
    generated_at: datetime
    office_name: str
    total: ReportRow
    rows: list[ReportRow]
    months: list[MonthPoint]
    late_dossiers: list[LateDossier]  # every late dossier of the period, oldest first
    governing_body: str = ""  # form header: "UBND XÃ TÂN HƯNG" above the unit
    place_name: str = ""  # "Tân Hưng, ngày … tháng … năm …"
    demo: bool = False  # the demo office's figures: every export says so (DỮ LIỆU MẪU)
    # Dossiers whose current step of the internal process is past its own deadline, as of
    # when the report is made (the projection keeps the current step only, not its history).
    late_steps: list[LateStep] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """False while the period is still running: the figures are as of now."""
        return self.as_of >= datetime.fromisoformat(self.period.end)

    @property
    def without_apology(self) -> list[LateDossier]:
        return [d for d in self.late_dossiers if d.apology_count == 0]

    def late_by_procedure(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for d in self.late_dossiers:
            counts[d.procedure_name] = counts.get(d.procedure_name, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def to_json(self) -> dict[str, Any]:
        def row(r: ReportRow) -> dict[str, Any]:
            return {
                "key": r.key,
                "label": r.label,
                "figures": r.figures.to_json(),
                "cohort": r.cohort.to_json(),
            }

        return {
            "period": {
                "first": self.period.first.isoformat(),
                "last": self.period.last.isoformat(),
                "label": self.period.label,
            },
            "by": self.by,
            "as_of": self.as_of.isoformat(sep=" "),
            "complete": self.complete,
            "generated_at": self.generated_at.isoformat(sep=" ", timespec="seconds"),
            "office": self.office_name,
            "demo": self.demo,
            "total": row(self.total),
            "rows": [row(r) for r in self.rows],
            "months": [{**asdict(m), "on_time_rate": m.on_time_rate} for m in self.months],
            "late_dossiers": [asdict(d) for d in self.late_dossiers],
            "late_without_apology": [d.code for d in self.without_apology],
            "late_steps": [
                {
                    **asdict(s),
                    "step_due_at": s.step_due_at.isoformat(sep=" "),
                    "due_at": s.due_at.isoformat(sep=" ") if s.due_at else None,
                }
                for s in self.late_steps
            ],
            "late_steps_by_official": [asdict(g) for g in self.late_by("official")],
            "late_steps_by_body": [asdict(g) for g in self.late_by("body")],
        }

    def late_by(self, by: str) -> list[LateGroup]:
        """The late steps counted per official ('official') or per body ('body')."""
        return process.group_late(self.late_steps, by)


# --- queries -----------------------------------------------------------------------------

# Candidate dossiers: every one that can count in the period, found through indexes only
# (received_at, resolved_at, closed_at, status + due_at) so a quarter reads thousands of rows,
# not the whole table. Duplicates are removed by UNION. An accepted dossier always has a due
# moment; one never accepted has none.
_CANDIDATES = f"""
WITH cand(num) AS (
    SELECT num FROM dossiers WHERE received_at >= :start AND received_at < :end
    UNION SELECT num FROM dossiers WHERE resolved_at >= :start AND resolved_at < :end
    UNION SELECT num FROM dossiers WHERE closed_at >= :start AND closed_at < :end
    UNION SELECT num FROM dossiers
        WHERE status IN (1, 2, 4, 5, 6) AND due_at IS NOT NULL AND received_at < :start
    UNION SELECT num FROM dossiers WHERE resolved_at >= :asof AND received_at < :start
    -- "+status": search by closed_at; the status index would visit every refusal ever made.
    UNION SELECT num FROM dossiers
        WHERE closed_at >= :asof AND +status IN (3, 7, 8) AND received_at < :start
),
d AS (
    SELECT x.code, x.status, x.procedure_code, x.procedure_name, x.field, x.applicant_name,
        x.channel, x.received_at, x.original_due_at, x.resolved_at, x.closed_at,
        x.apology_count, x.paid_amount, x.payment_method, x.satisfaction,
        x.attachments, x.signed_attachments, x.reused_attachments, x.results, x.signed_results,
        x.received_at >= :start AND x.received_at < :end AS is_new,
        x.received_at < :end AND COALESCE(
            x.resolved_at, CASE WHEN x.status IN (3, 7, 8) THEN x.closed_at END, :end
        ) >= :start
        -- A dossier still waiting to be completed at intake (never accepted, so no deadline)
        -- counts in the period it was received only; completed, it counts from then.
        AND (x.accepted OR x.received_at >= :start) AS in_flow,
        coalesce(x.resolved_at < :asof, 0) AS is_res,
        x.status IN (3, 7, 8) AND coalesce(x.closed_at < :asof, 0) AS is_closed
    FROM dossiers x JOIN cand USING (num)
),
e AS (
    SELECT d.*,
        NOT is_res AND NOT is_closed AS is_open,
        is_res AND coalesce({lateness.resolved_late()}, 0) AS is_res_late,
        is_res AND coalesce({lateness.resolved_ahead()}, 0) AS is_res_ahead,
        -- Open at the as-of moment and past the legal due moment. A dossier open today is late
        -- only while its clock runs; one finished since then is judged by its due date.
        NOT is_res AND NOT is_closed AND {lateness.overdue(at=":asof", looking_back=True)}
            AS is_overdue
    FROM d
)
"""

# The candidates with their flags, computed once into a temporary table that the figures and
# the list of late dossiers both read.
_CASHLESS = "(" + ", ".join(f"'{m}'" for m in CASHLESS_METHODS) + ")"
_ROWS = _CANDIDATES + "SELECT * FROM e"
_ROWS_TABLE = "temp.report_rows"

# After the group columns and count(*), one column per name of _COUNT_FIELDS, in that order.
_FIGURES = f"""
SELECT procedure_code, max(procedure_name), max(field), is_new, in_flow,
    count(*),
    sum(channel = 'direct'), sum(channel = 'postal'), sum(channel = 'online'),
    sum(is_res_ahead),
    sum(is_res AND NOT is_res_late AND NOT is_res_ahead),
    sum(is_res_late),
    sum(is_open AND NOT is_overdue),
    sum(is_overdue),
    sum(is_closed AND status = 3), sum(is_closed AND status = 8), sum(is_closed AND status = 7),
    sum(status = 10 AND closed_at >= :start AND closed_at < :end AND closed_at < :asof),
    sum((is_res_late OR is_overdue) AND apology_count > 0),
    sum(CASE WHEN is_res_late OR is_overdue THEN apology_count ELSE 0 END),
    sum(paid_amount),
    sum(paid_amount > 0),
    sum(CASE WHEN payment_method IN {_CASHLESS} THEN paid_amount ELSE 0 END),
    sum(paid_amount > 0 AND payment_method IN {_CASHLESS}),
    sum(paid_amount > 0 AND payment_method = 'online'),
    sum(satisfaction IS NOT NULL),
    sum(satisfaction IN (2, 3)),
    sum(channel != 'online' AND attachments > 0),
    sum(attachments),
    sum(signed_attachments),
    sum(reused_attachments),
    sum(is_res AND results > 0),
    sum(is_res AND signed_results > 0)
FROM {_ROWS_TABLE}
GROUP BY procedure_code, is_new, in_flow
"""

_LATE = f"""
SELECT code, procedure_name, applicant_name, received_at, original_due_at,
    CASE WHEN is_res THEN resolved_at END, apology_count
FROM {_ROWS_TABLE}
WHERE in_flow AND (is_res_late OR is_overdue)
ORDER BY received_at, code
"""

# Received → resolved day pairs of the dossiers resolved in the period; the working days
# between them come from the office calendar in Python, once per distinct pair.
_PROCESSING = f"""
SELECT procedure_code, max(field), is_new,
    substr(received_at, 1, 10), substr(resolved_at, 1, 10), count(*)
FROM {_ROWS_TABLE}
WHERE is_res AND in_flow
GROUP BY 1, 3, 4, 5
"""

_MONTHS_RECEIVED = f"""
SELECT substr(received_at, 1, 7), channel, count(*)
FROM {_ROWS_TABLE}
WHERE is_new
GROUP BY 1, 2
"""

_MONTHS_RESOLVED = f"""
SELECT substr(resolved_at, 1, 7), count(*), sum(NOT is_res_late), sum(is_res_late)
FROM {_ROWS_TABLE}
WHERE is_res AND in_flow
GROUP BY 1
"""

_COUNT_FIELDS = [
    f.name for f in fields(Figures) if f.name not in ("carried_over", "processing_days")
]
# Figures that describe the dossiers received in the period, whatever their later fate.
_COHORT_ONLY = (
    "received_direct",
    "received_postal",
    "received_online",
    "fees_collected",
    "paying",
    "cashless_amount",
    "cashless_paying",
    "online_paying",
    "surveys",
    "satisfied",
    "digitised",
    "digitised_components",
    "signed_components",
    "reused_components",
)


def _working_day_counter(cal: WorkCalendar, first: date, last: date) -> dict[date, int]:
    """Working days in (first, d] for every d in [first, last]: a difference of two is a span."""
    counts = {}
    running = 0
    d = first
    while d <= last:
        if d > first and cal.is_working_day(d):
            running += 1
        counts[d] = running
        d += timedelta(days=1)
    return counts


def _group_key(by: str | None, procedure: str, name: str, field_name: str) -> tuple[str, str]:
    if by == "procedure":
        return procedure, f"{procedure} - {name}"
    if by == "field":
        return field_name, field_name or "(chưa phân lĩnh vực)"
    return "", "Tổng cộng"


def build_report(
    ctx: Context, period: Period | str, by: str | None = None, *, months: bool = True
) -> Report:
    """The figures of `period`, in total and per field or procedure (`by`)."""
    if isinstance(period, str):
        period = Period.parse(period)
    if by not in GROUPS:
        raise ValidationError("Chỉ nhóm được theo lĩnh vực (field) hoặc thủ tục (procedure).")
    now = ctx.now().replace(microsecond=0)
    if period.first > now.date():
        raise ValidationError(
            f"Kỳ báo cáo {period.label} chưa bắt đầu (hôm nay {now:%d/%m/%Y}).", field="period"
        )
    end = datetime.fromisoformat(period.end)
    as_of = min(end, now)
    params = {"start": period.start, "end": period.end, "asof": as_of.isoformat(sep=" ")}
    with ctx.db.session() as session:
        settings = office.get_settings(session)
        cal = office.calendar(session)
        session.execute(text(f"DROP TABLE IF EXISTS {_ROWS_TABLE}"))
        session.execute(text(f"CREATE TEMP TABLE {_ROWS_TABLE.split('.')[1]} AS {_ROWS}"), params)
        try:
            rows, total = _figures(session, params, by)
            late = [LateDossier(*r) for r in session.execute(text(_LATE)).all()]
            _add_processing_days(session, by, cal, rows, total)
            points = _months(session, period) if months else []
            steps = process.late_steps(session, now)
        finally:
            session.execute(text(f"DROP TABLE IF EXISTS {_ROWS_TABLE}"))
    # Vietnamese order near enough: Đ with D, before H (plain code points put it after Z).
    ordered = sorted(rows.values(), key=lambda r: (fold(r.label), r.label))
    return Report(
        period=period,
        by=by,
        as_of=as_of,
        generated_at=now,
        office_name=settings.unit_name,
        total=total,
        rows=ordered if by else [],
        months=points,
        late_dossiers=late,
        governing_body=settings.governing_body,
        place_name=settings.place_name,
        demo=settings.identifier == DEMO_IDENTIFIER,
        late_steps=steps,
    )


def _figures(
    session: Session, params: dict[str, str], by: str | None
) -> tuple[dict[str, ReportRow], ReportRow]:
    rows: dict[str, ReportRow] = {}
    total = ReportRow("", "Tổng cộng")
    for procedure, name, field_name, is_new, in_flow, n, *counts in session.execute(
        text(_FIGURES), params
    ):
        values = dict(zip(_COUNT_FIELDS, (int(c or 0) for c in counts), strict=True))
        flow = Figures(**values)
        if not in_flow:
            # Finished before the period: only a return within the period counts.
            flow = Figures(returned=values["returned"])
        elif not is_new:
            flow.carried_over = n
            for name_ in _COHORT_ONLY:
                setattr(flow, name_, 0)
        key, label = _group_key(by, procedure, name, field_name)
        row = rows.setdefault(key, ReportRow(key, label))
        for target in (row, total):
            target.figures.add(flow)
            if is_new:
                target.cohort.add(flow)
    return rows, total


def _add_processing_days(
    session: Session,
    by: str | None,
    cal: WorkCalendar,
    rows: dict[str, ReportRow],
    total: ReportRow,
) -> None:
    pairs = session.execute(text(_PROCESSING)).all()
    if not pairs:
        return
    first = min(date.fromisoformat(r[3]) for r in pairs)
    last = max(date.fromisoformat(r[4]) for r in pairs)
    counter = _working_day_counter(cal, min(first, last), max(first, last))
    for procedure, field_name, is_new, received, resolved, n in pairs:
        # Resolved on the day of receipt (or, by a clock error, before it) counts 0 days.
        days = max(0, counter[date.fromisoformat(resolved)] - counter[date.fromisoformat(received)])
        key, label = _group_key(by, procedure, procedure, field_name)
        group = rows.setdefault(key, ReportRow(key, label))
        for row in (group, total) if by else (total,):
            row.figures.processing_days += days * n
            if is_new:
                row.cohort.processing_days += days * n


def _months(session: Session, period: Period) -> list[MonthPoint]:
    received: dict[str, dict[str, int]] = {m: {} for m in period.months()}
    for month, channel, n in session.execute(text(_MONTHS_RECEIVED)):
        received.setdefault(month, {})[channel] = n
    resolved = {
        month: (n, int(ok or 0), int(bad or 0))
        for month, n, ok, bad in session.execute(text(_MONTHS_RESOLVED))
    }
    return [
        MonthPoint(
            month,
            by_channel.get("direct", 0),
            by_channel.get("postal", 0),
            by_channel.get("online", 0),
            *resolved.get(month, (0, 0, 0)),
        )
        for month, by_channel in sorted(received.items())
    ]
