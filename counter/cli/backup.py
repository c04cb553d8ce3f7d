"""`counter backup …` and `counter audit verify` subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def _backup_now(args: argparse.Namespace) -> int:
    from counter.cli.common import db_path, open_ctx
    from counter.services.backup import backup_now

    open_ctx(args)  # create or migrate first
    info = backup_now(db_path(args), directory=args.dir)
    print(f"Đã sao lưu {info.dossiers} hồ sơ vào {info.path} ({info.size / 1024:.0f} KB).")
    return 0


def _backup_list(args: argparse.Namespace) -> int:
    from counter.services.backup import list_backups

    backups = list_backups(args.dir)
    if not backups:
        print("Chưa có bản sao lưu nào.")
        return 0
    for b in backups:
        print(f"{b.taken_at:%d/%m/%Y %H:%M:%S}  {b.size / 1024:>8.0f} KB  {b.path}")
    return 0


def _backup_restore(args: argparse.Namespace) -> int:
    from counter.cli.common import db_path
    from counter.errors import ValidationError
    from counter.services.backup import recovery_pending, restore, verify

    count = verify(args.file)
    if not args.yes:
        raise ValidationError(
            f"Khôi phục sẽ thay cơ sở dữ liệu hiện tại bằng bản sao lưu ({count} hồ sơ). "
            "Đóng cửa sổ phần mềm rồi chạy lại lệnh với --yes để xác nhận."
        )
    kept = restore(db_path(args), args.file)
    print(f"Đã khôi phục {count} hồ sơ từ {args.file}. Cơ sở dữ liệu cũ được giữ tại {kept}.")
    if recovery_pending(db_path(args)):
        print(
            "Quầy đã đăng ký đồng bộ: hãy chạy «counter sync» trước khi tiếp nhận hồ sơ mới, để "
            "lấy lại từ máy chủ những gì quầy đã gửi sau thời điểm sao lưu."
        )
    return 0


def _audit_verify(args: argparse.Namespace) -> int:
    from counter.cli.common import open_ctx
    from counter.services.attachments import verify_files
    from counter.services.audit import verify_chain

    ctx = open_ctx(args)
    report = verify_chain(ctx)
    files = verify_files(ctx)
    if report.ok:
        print(
            f"Nhật ký toàn vẹn: {report.events} sự kiện của {report.devices} quầy, không có chỗ bị sửa."
        )
    else:
        print(
            f"PHÁT HIỆN {len(report.breaks)} chỗ bất thường trong nhật ký ({report.events} sự kiện):"
        )
        for b in report.breaks:
            where = (
                f"sự kiện {b.event_id} (số {b.seq}, quầy {b.device[:8]})"
                if b.seq
                else (f"hồ sơ {b.event_id}" if b.event_id else f"quầy {b.device[:8]}")
            )
            print(f"  {where}: {b.reason}")
    elsewhere = (
        f"; {files.elsewhere} tệp do quầy khác số hóa chưa có ở máy này" if files.elsewhere else ""
    )
    if files.on_server:
        elsewhere += f"; {files.on_server} tệp của hồ sơ đã đóng chỉ còn trên máy chủ"
    if not files.problems:
        print(f"Tệp số hóa toàn vẹn: {files.checked} tệp{elsewhere}.")
    else:
        print(
            f"PHÁT HIỆN {len(files.problems)} tệp số hóa bất thường ({files.checked} tệp{elsewhere}):"
        )
        for f in files.problems:
            print(
                f"  hồ sơ {f.dossier_code}, tệp {f.file[:12]}… (sự kiện {f.event_id}): {f.reason}"
            )
    return 0 if report.ok and not files.problems else 1


def register(sub: Any, db: argparse.ArgumentParser) -> None:
    p_backup = sub.add_parser("backup", help="sao lưu và khôi phục cơ sở dữ liệu", parents=[db])
    backup_sub = p_backup.add_subparsers(dest="backup_command", metavar="LỆNH", required=True)
    for name, helptext, handler in (
        ("now", "sao lưu ngay", _backup_now),
        ("list", "liệt kê các bản sao lưu", _backup_list),
    ):
        p = backup_sub.add_parser(name, help=helptext, parents=[db])
        p.add_argument(
            "--dir",
            type=Path,
            default=None,
            help="thư mục sao lưu (mặc định: trong thư mục dữ liệu)",
        )
        p.set_defaults(handler=handler)
    p_restore = backup_sub.add_parser("restore", help="khôi phục từ một bản sao lưu", parents=[db])
    p_restore.add_argument("file", type=Path)
    p_restore.add_argument(
        "--yes", action="store_true", help="xác nhận thay cơ sở dữ liệu hiện tại"
    )
    p_restore.set_defaults(handler=_backup_restore)

    p_audit = sub.add_parser(
        "audit", help="kiểm tra tính toàn vẹn của nhật ký sự kiện", parents=[db]
    )
    audit_sub = p_audit.add_subparsers(dest="audit_command", metavar="LỆNH", required=True)
    audit_sub.add_parser(
        "verify", help="kiểm tra chuỗi băm của nhật ký", parents=[db]
    ).set_defaults(handler=_audit_verify)
