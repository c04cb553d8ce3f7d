"""Subcommands on this counter's database: `db upgrade`, `demo-data`, `intake`, `find`, `due-date`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from counter.cli.common import db_path, open_ctx, print_json


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from counter.db.engine import Database, current_revision

    db = Database(db_path(args))
    print(f"Cơ sở dữ liệu {db.path} ở phiên bản {current_revision(db.engine)}.")
    return 0


def cmd_demo_data(args: argparse.Namespace) -> int:
    import time as _time

    from counter.demo import generate, require_demo

    ctx = open_ctx(args)
    require_demo(ctx)
    started = _time.perf_counter()
    last = [started]

    def progress(done: int) -> None:
        now = _time.perf_counter()
        if now - last[0] > 2 or done == args.dossiers:
            print(f"  {done:,} / {args.dossiers:,} hồ sơ".replace(",", "."), file=sys.stderr)
            last[0] = now

    end = None
    if args.end:
        from counter.errors import ValidationError

        try:
            end = datetime.strptime(args.end, "%Y-%m-%d %H:%M")
        except ValueError:
            raise ValidationError('--end phải có dạng "YYYY-MM-DD HH:MM".', field="end") from None
    made = generate(
        ctx, args.dossiers, seed=args.seed, end=end, progress=progress, scans=args.scans
    )
    elapsed = _time.perf_counter() - started
    rate = made / elapsed if elapsed else 0
    print(
        f"Đã tạo {made} hồ sơ mẫu trong {elapsed:.1f} s ({rate:,.0f} hồ sơ/giây) tại {ctx.db.path}."
    )
    return 0


def _parse_intake(data: Any) -> Any:
    from counter.errors import ValidationError
    from counter.services.intake import ApplicantInput, IntakeRequest, ReceivedDocument

    if not isinstance(data, dict):
        raise ValidationError("Dữ liệu hồ sơ phải là một đối tượng JSON.")
    _refuse_lone_surrogates(data, "")

    def need(obj: dict[str, Any], key: str, where: str, kind: type = str) -> Any:
        if key not in obj:
            raise ValidationError(f"Thiếu trường «{where}{key}».", field=f"{where}{key}")
        value = obj[key]
        if not isinstance(value, kind):
            raise ValidationError(
                f"Trường «{where}{key}» có kiểu không đúng.", field=f"{where}{key}"
            )
        return value

    def opt(obj: dict[str, Any], key: str, where: str, kind: type = str, default: Any = "") -> Any:
        if obj.get(key) is None:
            return default
        value = obj[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            raise ValidationError(
                f"Trường «{where}{key}» có kiểu không đúng.", field=f"{where}{key}"
            )
        return value

    def parse_date(value: str | None, field: str) -> date | None:
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValidationError(
                f"Trường «{field}» phải là ngày dạng YYYY-MM-DD.", field=field
            ) from None

    applicant = need(data, "applicant", "", dict)
    sex = opt(applicant, "sex", "applicant.", str, "")
    male = {"nam": True, "nữ": False, "nu": False, "": None}.get(sex.strip().lower())
    if male is None and sex.strip():
        raise ValidationError(
            "Trường «applicant.sex» phải là «Nam» hoặc «Nữ».", field="applicant.sex"
        )
    documents = []
    for i, item in enumerate(opt(data, "documents", "", list, [])):
        if isinstance(item, str):
            documents.append(ReceivedDocument(item))
        elif isinstance(item, dict):
            where = f"documents[{i}]."
            documents.append(
                ReceivedDocument(
                    need(item, "name", where),
                    opt(item, "originals", where, int, 1),
                    opt(item, "copies", where, int, 0),
                )
            )
        else:
            raise ValidationError(
                f"Trường «documents[{i}]» phải là tên giấy tờ hoặc đối tượng.", field="documents"
            )
    received_at = None
    if data.get("received_at"):
        try:
            received_at = datetime.fromisoformat(need(data, "received_at", ""))
        except ValueError:
            raise ValidationError(
                "Trường «received_at» phải có dạng YYYY-MM-DD HH:MM.", field="received_at"
            ) from None
        if received_at.tzinfo is not None:
            # Refused, not converted: the counter's times are the office's local time, and a
            # time written for another zone is more likely a mistake than a wish to convert.
            raise ValidationError(
                "Trường «received_at» không được kèm múi giờ (như +07:00 hoặc Z); hãy ghi giờ "
                "địa phương dạng YYYY-MM-DD HH:MM.",
                field="received_at",
            )
    # The counts the fee rule reads and the clerk's corrected amount with its reason.
    fee = opt(data, "fee", "", dict, {})
    fee_amount = opt(fee, "amount", "fee.", int, None)
    return IntakeRequest(
        procedure_code=need(data, "procedure_code", ""),
        applicant=ApplicantInput(
            full_name=need(applicant, "full_name", "applicant."),
            id_number=opt(applicant, "id_number", "applicant."),
            birth_date=parse_date(
                opt(applicant, "birth_date", "applicant.", str, None), "applicant.birth_date"
            ),
            male=male,
            phone=opt(applicant, "phone", "applicant."),
            email=opt(applicant, "email", "applicant."),
            address=opt(applicant, "address", "applicant."),
            province=opt(applicant, "province", "applicant."),
            commune=opt(applicant, "commune", "applicant."),
        ),
        documents=documents,
        channel=opt(data, "channel", "", str, "direct"),
        delivery=opt(data, "delivery", "", str, "counter"),
        received_at=received_at,
        sets=opt(data, "sets", "", int, 1),
        note=opt(data, "note", ""),
        refuse_reason=opt(data, "refuse_reason", ""),
        supplement_reason=opt(data, "supplement_reason", ""),
        payment_method=opt(data, "payment_method", ""),
        receipt_no=opt(data, "receipt_no", ""),
        fee_pages=opt(fee, "pages", "fee.", int, 1),
        fee_copies=opt(fee, "copies", "fee.", int, 1),
        fee_amount=fee_amount,
        fee_reason=opt(fee, "reason", "fee."),
    )


def _refuse_lone_surrogates(value: Any, where: str) -> None:
    """A lone UTF-16 surrogate ("\\ud800" escaped in JSON) is no character: no database can
    store it, so the field holding it is named and the intake refused."""
    from counter.errors import ValidationError

    if isinstance(value, str):
        try:
            value.encode()
        except UnicodeEncodeError:
            raise ValidationError(
                f"Trường «{where or 'dữ liệu'}» chứa ký tự không hợp lệ (nửa cặp UTF-16 đứng "
                "một mình, như \\ud800).",
                field=where,
            ) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_lone_surrogates(key, where)
            _refuse_lone_surrogates(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_lone_surrogates(item, f"{where}[{index}]")


def cmd_intake(args: argparse.Namespace) -> int:
    from counter.errors import ValidationError
    from counter.services.intake import receive

    raw = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    try:
        request = _parse_intake(json.loads(raw))
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"JSON không hợp lệ (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}."
        ) from None
    except RecursionError:
        raise ValidationError(
            "JSON lồng nhau quá sâu: một hồ sơ chỉ có vài tầng đối tượng và danh sách."
        ) from None
    ctx = open_ctx(args, require_office=True)
    result = receive(ctx, request)
    out = result.dossier.to_json()
    out.update(
        outcome=result.outcome,
        form=result.form,
        missing=list(result.missing),
        warnings=list(result.warnings),
        due_explanation=result.due_explanation,
    )
    print_json(out)
    return 0


def cmd_pay(args: argparse.Namespace) -> int:
    """Record a fee paid; a sum other than what is owed is refused without --allow-mismatch."""
    from counter.services.workflow import record_payment

    ctx = open_ctx(args, require_office=True)
    result = record_payment(
        ctx,
        args.code,
        args.amount,
        args.method,
        args.receipt_no,
        allow_mismatch=args.allow_mismatch,
    )
    print_json(result.dossier.to_json())
    return 0


def cmd_find(args: argparse.Namespace) -> int:
    from counter.services.queries import find_by_code, search

    ctx = open_ctx(args)
    exact = find_by_code(ctx, args.query)
    found = [exact] if exact else search(ctx, args.query, limit=args.limit)
    if args.json:
        print_json([d.to_json() for d in found])
        return 0
    if not found:
        print("Không tìm thấy hồ sơ nào.")
        return 1
    for d in found:
        due = d.due_at.strftime("%d/%m/%Y %H:%M") if d.due_at else "—"
        print(f"{d.code}  {d.applicant_name}  {d.procedure_name[:40]}  {d.status_label}  hẹn {due}")
    return 0


def cmd_due_date(args: argparse.Namespace) -> int:
    from counter.errors import ValidationError
    from counter.services import office

    try:
        received = datetime.strptime(args.received, "%Y-%m-%d %H:%M")
    except ValueError:
        raise ValidationError(
            '--received phải có dạng "YYYY-MM-DD HH:MM".', field="received"
        ) from None
    ctx = open_ctx(args, require_office=True)
    with ctx.db.session() as session:
        due = office.calendar(session).due(received, args.amount, args.unit)
    print(due.due_at.strftime("%Y-%m-%d %H:%M"))
    if args.explain and due.explanation():
        print(due.explanation())
    return 0


def register(sub: Any, db: argparse.ArgumentParser) -> None:
    p_db = sub.add_parser("db", help="quản lý cơ sở dữ liệu", parents=[db])
    db_sub = p_db.add_subparsers(dest="db_command", metavar="LỆNH", required=True)
    db_sub.add_parser("upgrade", help="tạo hoặc nâng cấp cơ sở dữ liệu", parents=[db]).set_defaults(
        handler=cmd_db_upgrade
    )

    p_demo = sub.add_parser("demo-data", help="tạo cơ quan mẫu và N hồ sơ mẫu", parents=[db])
    p_demo.add_argument("--dossiers", type=int, default=300, help="số hồ sơ (mặc định 300)")
    p_demo.add_argument("--seed", type=int, default=1)
    p_demo.add_argument(
        "--end",
        default="",
        help='hồ sơ mới nhất nhận trước thời điểm này, "YYYY-MM-DD HH:MM" (mặc định: bây giờ); '
        "cùng --seed và --end cho cùng một bộ dữ liệu",
    )
    p_demo.add_argument(
        "--scans",
        type=float,
        default=0.0,
        help="số bản số hóa trung bình mỗi hồ sơ (chỉ sự kiện, không tạo tệp; mặc định 0)",
    )
    p_demo.set_defaults(handler=cmd_demo_data)

    p_intake = sub.add_parser(
        "intake", help="tiếp nhận hồ sơ mô tả bằng JSON (tệp hoặc -)", parents=[db]
    )
    p_intake.add_argument("file", help="tệp JSON, hoặc - để đọc từ đầu vào chuẩn")
    p_intake.set_defaults(handler=cmd_intake)

    p_pay = sub.add_parser("pay", help="ghi nhận thu phí, lệ phí của một hồ sơ", parents=[db])
    p_pay.add_argument("code", help="mã hồ sơ")
    p_pay.add_argument("amount", type=int, help="số tiền (đồng)")
    p_pay.add_argument("--method", default="cash", choices=["cash", "transfer", "card", "online"])
    p_pay.add_argument("--receipt-no", default="", help="số biên lai thu phí, lệ phí")
    p_pay.add_argument(
        "--allow-mismatch",
        action="store_true",
        help="thu số tiền khác số phí, lệ phí còn phải nộp (đã kiểm tra với người nộp)",
    )
    p_pay.set_defaults(handler=cmd_pay)

    p_find = sub.add_parser(
        "find", help="tìm hồ sơ theo mã, tên, số định danh, thủ tục", parents=[db]
    )
    p_find.add_argument("query")
    p_find.add_argument("--json", action="store_true")
    p_find.add_argument("--limit", type=int, default=50)
    p_find.set_defaults(handler=cmd_find)

    p_due = sub.add_parser(
        "due-date", help="tính thời điểm hẹn trả theo lịch làm việc", parents=[db]
    )
    p_due.add_argument("--received", required=True, help='"YYYY-MM-DD HH:MM"')
    p_due.add_argument("--amount", type=int, required=True)
    p_due.add_argument(
        "--unit", required=True, choices=["working_days", "working_hours", "same_day"]
    )
    p_due.add_argument("--explain", action="store_true", help="in thêm lý do (ngày nghỉ đã bỏ qua)")
    p_due.set_defaults(handler=cmd_due_date)
