"""`counter print`: a form of a dossier, or the register (Mẫu 07), to a PDF file."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from counter.domain.forms import DOSSIER_FORMS, PAPERS
from counter.errors import ValidationError

FORM_CHOICES = tuple(form.code for form in DOSSIER_FORMS)


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{option} phải là ngày dạng YYYY-MM-DD.", field=option) from None


def cmd_print(args: argparse.Namespace) -> int:
    from counter.cli.common import open_ctx

    if args.target == "register":
        if not (args.start and args.end):
            raise ValidationError("In sổ theo dõi cần --from YYYY-MM-DD và --to YYYY-MM-DD.")
        from counter.printing import render_register

        ctx = open_ctx(args)
        pdf = render_register(ctx, _day(args.start, "--from"), _day(args.end, "--to"))
        what = "Sổ theo dõi hồ sơ (Mẫu 07)"
    else:
        if not args.form:
            raise ValidationError(f"Hãy chọn mẫu cần in: --form {'|'.join(FORM_CHOICES)}.")
        from counter.printing import render

        ctx = open_ctx(args)
        pdf = render(ctx, args.target, args.form, paper=args.paper, record=not args.no_record)
        what = (
            f"Mẫu {args.form} của hồ sơ {args.target}"
            if args.form != "slip"
            else (f"Phiếu hẹn của hồ sơ {args.target}")
        )
    output = Path(args.output)
    output.write_bytes(pdf)
    print(f"Đã ghi {what} vào {output} ({len(pdf) // 1024 + 1} KB).")
    return 0


def register(subparsers: Any, db_parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "print",
        help="in một mẫu của hồ sơ ra tệp PDF, hoặc sổ theo dõi hồ sơ (register)",
        parents=[db_parent],
        description=(
            f"counter print MÃ_HỒ_SƠ --form {'|'.join(FORM_CHOICES)} [--paper …] -o TỆP.pdf\n"
            "counter print register --from YYYY-MM-DD --to YYYY-MM-DD -o TỆP.pdf"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("target", metavar="MÃ_HỒ_SƠ|register")
    parser.add_argument("--form", choices=FORM_CHOICES, help="mẫu cần in")
    parser.add_argument(
        "--paper", choices=tuple(PAPERS), help="khổ giấy (mặc định: theo cài đặt của cơ quan)"
    )
    parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="sổ theo dõi: từ ngày")
    parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="sổ theo dõi: đến ngày")
    parser.add_argument(
        "--no-record",
        action="store_true",
        help="không ghi lần in vào nhật ký hồ sơ (chỉ để xem thử)",
    )
    parser.add_argument("-o", "--output", required=True, metavar="TỆP.pdf", help="tệp PDF ghi ra")
    parser.set_defaults(handler=cmd_print)
