"""`counter key export|import`: the recovery code of the database key, for a dead PC."""

from __future__ import annotations

import argparse
from typing import Any

EXPORT_NOTE = (
    "Đây là MÃ KHÔI PHỤC khoá mã hoá dữ liệu của máy này. Chép tay ra giấy (hoặc in) và cất "
    "trong tủ khoá của cơ quan, KHÔNG lưu trên máy tính, không gửi qua mạng. Khi máy hỏng: cài "
    "phần mềm trên máy mới, chạy «counter key import MÃ», rồi khôi phục bản sao lưu "
    "(«counter backup restore TỆP --yes»). Không có mã này thì không đọc được bản sao lưu trên "
    "máy khác."
)


def _export(_args: argparse.Namespace) -> int:
    from counter.db.keys import has_key, load_key, recovery_code

    if not has_key():
        # First run: the key is made now, so the code can be written down before any data.
        load_key()
    print(EXPORT_NOTE)
    print()
    print(f"    {recovery_code(load_key(create=False))}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from counter.cli.common import db_path
    from counter.db.encryption import replace_key
    from counter.db.keys import has_key, load_key, parse_recovery_code
    from counter.errors import ValidationError
    from counter.paths import backups_dir, demo_db_path
    from counter.services import files
    from counter.services.backup import list_backups

    key = parse_recovery_code(args.code)
    if has_key() and load_key(create=False) == key:
        print("Mã khôi phục trùng với khoá đang dùng trên máy này: không cần làm gì thêm.")
        return 0
    if has_key() and not args.yes:
        raise ValidationError(
            "Máy này đã có khoá mã hoá khác. Nhập mã khôi phục sẽ mã hoá lại cơ sở dữ liệu và "
            "các bản sao lưu của máy này theo khoá mới (khoá cũ được giữ lại bên cạnh). Đóng "
            "cửa sổ phần mềm rồi chạy lại lệnh với --yes để xác nhận."
        )
    databases = [*(b.path for b in list_backups(backups_dir())), demo_db_path(), db_path(args)]
    old_key = load_key(create=False) if has_key() else None
    moved = replace_key(key, databases)
    print("Đã nhập khoá mã hoá từ mã khôi phục.")
    for path in moved:
        print(f"  đã mã hoá lại theo khoá mới: {path}")
    if old_key is not None:  # the digitised files too (their key derives from this one)
        stores = [files.store_dir(demo_db_path()), files.store_dir(db_path(args))]
        stores.append(backups_dir() / files.BACKUP_FOLDER)
        count = sum(files.rekey(root, old_key, key) for root in stores)
        if count:
            print(f"  đã mã hoá lại {count} tệp số hóa theo khoá mới")
    return 0


def register(sub: Any, db: argparse.ArgumentParser) -> None:
    p_key = sub.add_parser("key", help="khoá mã hoá dữ liệu: mã khôi phục", parents=[db])
    key_sub = p_key.add_subparsers(dest="key_command", metavar="LỆNH", required=True)
    key_sub.add_parser(
        "export", help="in mã khôi phục khoá (chép ra giấy, cất trong tủ khoá)", parents=[db]
    ).set_defaults(handler=_export)
    p_import = key_sub.add_parser(
        "import",
        help="nhập mã khôi phục của máy cũ (trước khi khôi phục bản sao lưu)",
        parents=[db],
    )
    p_import.add_argument("code", help="mã khôi phục, các nhóm ký tự (có hoặc không có dấu -)")
    p_import.add_argument(
        "--yes", action="store_true", help="xác nhận thay khoá đang có trên máy này"
    )
    p_import.set_defaults(handler=_import)
