"""`counter scan …`: digitise a paper of a dossier from the scanner, the scan folder or files;
list a dossier's digitised papers; list the scanners; set the signing token (issue 18)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from counter.cli.common import open_ctx
from counter.domain.numbers import format_count

PIN_ENV = "COUNTER_TOKEN_PIN"  # never a command-line argument: `ps` would show it


def cmd_devices(args: argparse.Namespace) -> int:
    from counter.services import scanning

    found = scanning.scanners()
    for name, label in found:
        print(f"{name}\t{label}")
    if not found:
        print("Không thấy máy quét nào (SANE).")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from counter.errors import ValidationError
    from counter.services import attachments, scanning
    from counter.services.context import Actor

    ctx = open_ctx(args, require_office=True)
    if args.by:
        ctx = ctx.as_user(Actor("cli", args.by, "clerk"))
    source: scanning.ScanSource
    if args.scanner:
        source = scanning.default_scanner(args.scanner, args.colour)
    elif args.folder:
        source = scanning.FolderSource(Path(args.folder))
    elif args.files:
        source = scanning.FileSource([Path(f) for f in args.files])
    else:
        raise ValidationError("Chọn nguồn: --scanner THIẾT_BỊ, --folder THƯ_MỤC hoặc --files TỆP…")
    pages = source.acquire()
    if not pages and isinstance(source, scanning.FolderSource):
        # "Chưa có trang nào để lưu" would leave the clerk wondering where the copier's file is.
        raise ValidationError(
            f"Thư mục quét «{args.folder}» chưa có tệp ảnh hoặc PDF nào quét xong (tệp đang "
            "được ghi thì chờ ghi xong rồi lấy); các tệp đã lấy nằm trong thư mục con "
            f"«{scanning.TAKEN}». Hãy quét rồi chạy lại lệnh.",
            field="folder",
        )
    added = attachments.digitise(
        ctx,
        args.code,
        args.line,
        pages,
        colour=args.colour,
        pin=os.environ.get(PIN_ENV, ""),
        source=source.kind,
    )
    if isinstance(source, scanning.FolderSource):
        source.release()
    signed = f"đã ký số ({added.signer})" if added.signed else "KHÔNG ký (chưa cấu hình chữ ký số)"
    size = format_count(added.size)
    print(f"Đã lưu «{added.line_label}»: {added.pages} trang, {size} byte, {signed}.")
    print(f"Tệp: {attachments.store(ctx).path(added.file)}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from counter.services import attachments

    ctx = open_ctx(args)
    for a in attachments.attachments_of(ctx, args.code):
        signed = "đã ký" if a.signed else "chưa ký"
        reused = f"\ttái sử dụng từ {a.reused_code}" if a.reused else ""
        print(f"{_shown(a.wall_time)}\t{a.line_label}\t{a.pages} trang\t{signed}\t{a.file}{reused}")
    return 0


def _shown(moment: str) -> str:
    """An event's stored moment as the clerk reads dates: 02/03/2026 09:00."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(moment).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return moment


def cmd_validity(args: argparse.Namespace) -> int:
    from counter.services import attachments

    attachments.set_validity_months(open_ctx(args), args.months)
    print(
        f"Bản số hóa được tái sử dụng trong {args.months} tháng."
        if args.months
        else "Bản số hóa được tái sử dụng không thời hạn."
    )
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    from counter.services import signing

    signing.configure_token(open_ctx(args), args.module, args.label)
    print(
        f"Quầy ký bản số hóa bằng {args.module}."
        if args.module
        else "Đã bỏ chữ ký số: bản số hóa sẽ lưu không ký."
    )
    return 0


def register(sub: Any, db: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("scan", help="số hóa giấy tờ của hồ sơ", parents=[db])
    scan_sub = parser.add_subparsers(dest="scan_command", metavar="LỆNH", required=True)
    scan_sub.add_parser("devices", help="liệt kê máy quét", parents=[db]).set_defaults(
        handler=cmd_devices
    )
    add = scan_sub.add_parser(
        "add",
        help=f"số hóa một giấy tờ (mã PIN chữ ký số lấy từ biến môi trường {PIN_ENV})",
        parents=[db],
    )
    add.add_argument("code", metavar="MÃ_HỒ_SƠ")
    add.add_argument(
        "--line", required=True, metavar="TÊN_GIẤY_TỜ", help="dòng giấy tờ của hồ sơ, hoặc other"
    )
    add.add_argument("--scanner", metavar="THIẾT_BỊ", help="máy quét (xem «counter scan devices»)")
    add.add_argument("--folder", metavar="THƯ_MỤC", help="thư mục máy quét lưu tệp vào")
    add.add_argument("--files", nargs="+", metavar="TỆP", help="tệp ảnh hoặc PDF")
    add.add_argument("--colour", action="store_true", help="lưu màu (mặc định: thang xám)")
    add.add_argument("--by", metavar="HỌ_TÊN", help="người số hóa")
    add.set_defaults(handler=cmd_add)
    listing = scan_sub.add_parser("list", help="các bản số hóa của hồ sơ", parents=[db])
    listing.add_argument("code", metavar="MÃ_HỒ_SƠ")
    listing.set_defaults(handler=cmd_list)
    token = scan_sub.add_parser("token", help="đặt thư viện PKCS#11 của chữ ký số", parents=[db])
    token.add_argument("module", metavar="THƯ_VIỆN.so|.dll", help='để trống "" để bỏ')
    token.add_argument("--label", default="", help="nhãn token (khi cắm nhiều token)")
    token.set_defaults(handler=cmd_token)
    validity = scan_sub.add_parser(
        "validity", help="thời hạn tái sử dụng bản số hóa (tháng)", parents=[db]
    )
    validity.add_argument("months", type=int, metavar="SỐ_THÁNG", help="0: không thời hạn")
    validity.set_defaults(handler=cmd_validity)
