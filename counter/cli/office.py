"""`counter office setup FILE` (a real office on a counter with no server) and `counter office show`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from counter.cli.common import open_ctx, print_json


def read_json(source: str) -> Any:
    from counter.errors import ValidationError

    raw = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"JSON không hợp lệ (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}."
        ) from None


def cmd_office_setup(args: argparse.Namespace) -> int:
    from counter.services.setup import parse_office_file, set_up_office

    setup = parse_office_file(read_json(args.file))
    ctx = open_ctx(args)
    saved = set_up_office(ctx, setup)
    print(
        f"Đã thiết lập cơ quan «{saved.unit_name}» (mã định danh {saved.identifier}) "
        f"với tài khoản quản trị «{setup.admin.username}» tại {ctx.db.path}."
    )
    return 0


def cmd_office_show(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from counter.services import office

    ctx = open_ctx(args, require_office=True)
    with ctx.db.session() as session:
        print_json(asdict(office.get_settings(session)))
    return 0


def register(sub: Any, db: argparse.ArgumentParser) -> None:
    p = sub.add_parser("office", help="thông tin cơ quan của máy này", parents=[db])
    office_sub = p.add_subparsers(dest="office_command", metavar="LỆNH", required=True)
    p_setup = office_sub.add_parser(
        "setup",
        help="thiết lập cơ quan thật từ tệp JSON (máy không có máy chủ đồng bộ)",
        parents=[db],
    )
    p_setup.add_argument("file", help="tệp JSON thông tin cơ quan, hoặc - để đọc từ đầu vào chuẩn")
    p_setup.set_defaults(handler=cmd_office_setup)
    office_sub.add_parser("show", help="in thông tin cơ quan (JSON)", parents=[db]).set_defaults(
        handler=cmd_office_show
    )
