"""`counter report`: the period's figures as Excel, PDF or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

FORMATS = ("xlsx", "pdf", "json")


def register(subparsers: Any, db_parent: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "report",
        help="báo cáo kết quả giải quyết hồ sơ của một kỳ (Excel, PDF, JSON)",
        parents=[db_parent],
    )
    p.add_argument(
        "--period",
        required=True,
        help="kỳ báo cáo: 2026-Q3 (quý), 2026-09 (tháng), 2026 (năm), 2026-07-01..2026-09-30",
    )
    p.add_argument("--by", choices=["field", "procedure"], help="nhóm theo lĩnh vực hoặc thủ tục")
    p.add_argument("--format", choices=FORMATS, help="mặc định: theo đuôi tệp, hoặc json")
    p.add_argument("-o", "--output", type=Path, help="tệp kết quả (mặc định: JSON ra màn hình)")
    p.add_argument(
        "--register",
        type=Path,
        metavar="TỆP.pdf",
        help="ghi thêm Sổ theo dõi hồ sơ (Mẫu 07) của cùng kỳ ra tệp PDF này",
    )
    p.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from counter.cli.common import open_ctx
    from counter.errors import ValidationError
    from counter.reports.figures import build_report

    fmt = args.format
    if fmt is None:
        suffix = args.output.suffix.lower().lstrip(".") if args.output else ""
        fmt = suffix if suffix in FORMATS else "json"
    if fmt != "json" and args.output is None:
        raise ValidationError(f"Báo cáo dạng {fmt} cần tệp kết quả: thêm -o TỆP.", field="output")
    ctx = open_ctx(args)
    report = build_report(ctx, args.period, args.by)
    if fmt == "xlsx":
        from counter.reports.excel import write_xlsx
        from counter.reports.register import register_lines

        write_xlsx(report, args.output, register_lines(ctx, report.period))
    elif fmt == "pdf":
        from counter.reports.pdf import render_pdf

        render_pdf(report, args.output)
    else:
        text = json.dumps(report.to_json(), ensure_ascii=False, indent=2)
        if args.output is None:
            print(text)
            _write_register(ctx, report.period, args.register)
            return 0
        args.output.write_text(text + "\n", encoding="utf-8")
    _write_register(ctx, report.period, args.register)
    print(f"Đã ghi báo cáo {report.period.label} vào {args.output}.", file=sys.stderr)
    return 0


def _write_register(ctx: Any, period: Any, path: Path | None) -> None:
    """Mẫu 07 for the report's period, from the printing layer."""
    if path is None:
        return
    from counter.printing import render_register

    path.write_bytes(render_register(ctx, period.first, period.last))
    print(f"Đã ghi Sổ theo dõi hồ sơ (Mẫu 07) {period.label} vào {path}.", file=sys.stderr)
