"""Subcommands: `counter server …` (the central server) and `counter register|sync` (a counter)."""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from counter.domain.numbers import format_count

ENV_SERVER_DB = "COUNTER_SERVER_DB"


def _server_store(args: argparse.Namespace) -> Any:
    from counter.paths import data_dir
    from counter.sync.store import ServerStore

    url = args.server_db or os.environ.get(ENV_SERVER_DB) or str(data_dir() / "server.sqlite3")
    return ServerStore(url, schema=args.schema)


@contextmanager
def _server(args: argparse.Namespace) -> Iterator[Any]:
    """The server's database for one operator command, closed after it (a PostgreSQL
    connection left open outlives the command in a test or a script that runs several)."""
    store = _server_store(args)
    try:
        yield store
    finally:
        store.close()


def cmd_server_run(args: argparse.Namespace) -> int:
    import uvicorn

    from counter.sync.app import create_app

    store = _server_store(args)  # creates or upgrades the schema once, before any worker
    print(f"Máy chủ đồng bộ đang chạy tại http://{args.host}:{args.port} ({store.engine.url!r}).")
    sys.stdout.flush()
    if args.workers > 1:
        # Worker processes share nothing but the database (the server is stateless).
        store.close()
        os.environ[ENV_SERVER_DB] = store.url
        os.environ["COUNTER_SERVER_SCHEMA"] = store.schema or ""
        os.environ["COUNTER_DEVICE_QUOTA_MB"] = str(args.device_quota_mb)
        os.environ["COUNTER_PARTIAL_DAYS"] = str(args.partial_days)
        uvicorn.run(
            "counter.sync.app:app_from_environment",
            factory=True,
            host=args.host,
            port=args.port,
            log_level=args.log_level,
            workers=args.workers,
            forwarded_allow_ips=args.forwarded_allow_ips,
        )
        return 0
    uvicorn.run(
        create_app(
            store,
            device_quota=args.device_quota_mb * 1024 * 1024,
            partial_days=args.partial_days,
        ),
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        forwarded_allow_ips=args.forwarded_allow_ips,
    )
    return 0


def cmd_office_add(args: argparse.Namespace) -> int:
    from counter.sync.server import add_office

    with _server(args) as store:
        info = add_office(store, args.identifier, args.name)
    print(f"Đã thêm cơ quan {info.identifier} — {info.name}.")
    return 0


def cmd_office_setup(args: argparse.Namespace) -> int:
    from counter.cli.office import read_json
    from counter.services.setup import parse_office_file
    from counter.sync.office_setup import set_up_office

    office_setup = parse_office_file(read_json(args.file))
    with _server(args) as store:
        info = set_up_office(store, office_setup)
    print(
        f"Đã thiết lập cơ quan {info.identifier} — {info.name} trên máy chủ, với tài khoản quản "
        f"trị «{office_setup.admin.username}» và danh mục thủ tục; các quầy đăng ký sẽ nhận "
        "những thông tin này trước khi tiếp nhận hồ sơ."
    )
    return 0


def cmd_office_admin(args: argparse.Namespace) -> int:
    from counter.cli.office import read_json
    from counter.services.setup import parse_admin
    from counter.sync.office_setup import set_up_authority

    admin = parse_admin(read_json(args.file))
    with _server(args) as store:
        set_up_authority(store, args.identifier, admin)
    print(
        f"Đã tạo quản trị viên gốc «{admin.username}» cho cơ quan {args.identifier.upper()}: từ "
        "nay chỉ thay đổi danh mục, cài đặt và tài khoản do quản trị viên ký mới được nhận. "
        "Các quầy đăng ký từ nay nhận khóa của quản trị viên này."
    )
    return 0


def cmd_office_list(args: argparse.Namespace) -> int:
    from counter.sync.server import list_offices, office_counts

    with _server(args) as store:
        for info in list_offices(store):
            counts = office_counts(store, info.identifier)
            print(
                f"{info.identifier}\t{info.name}\t{counts['devices']} quầy\t"
                f"{counts['events']} sự kiện\t{counts['code_clashes']} mã trùng"
            )
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    from counter.sync.server import create_enrolment

    with _server(args) as store:
        code = create_enrolment(store, args.identifier)
    print(f"Mã đăng ký: {code.code}")
    print(f"Số quầy: {code.counter_no}")
    print(f"Hết hạn: {_shown(str(code.expires_at))}")
    print(
        "Trên máy của quầy, chạy: counter register --server <địa chỉ máy chủ> --code " + code.code
    )
    return 0


def cmd_device_list(args: argparse.Namespace) -> int:
    from counter.sync.server import list_devices

    with _server(args) as store:
        devices = list_devices(store, args.identifier)
    for device in devices:
        # The server notes a counter's pushes, not its pulls: a counter that synced but had
        # nothing to send was listed "đồng bộ lần cuối —".
        seen = "chưa gửi dữ liệu"
        if device.last_seen:
            seen = f"gửi dữ liệu lần cuối {_shown(device.last_seen)}"
        state = "đã thu hồi" if device.revoked else seen
        if device.key == "enrolment":
            key = "khóa ký: có từ khi đăng ký"
        elif device.key:
            # A counter enrolled before device keys registered its key with its token: the
            # admin checks that it was this PC (SECURITY.md).
            key = f"khóa ký: đăng ký muộn lúc {device.key}, hãy xác nhận đúng máy này"
        else:
            key = "khóa ký: chưa có (phần mềm cũ)"
        # Before PCs sent their own name every one said "Quầy 1": not shown, it misleads.
        named = device.name and not re.fullmatch(r"Quầy \d+", device.name)
        name = f"máy {device.name}" if named else "—"
        print(f"Quầy {device.counter_no}\t{name}\t{device.id}\t{state}\t{key}")
    return 0


def cmd_device_revoke(args: argparse.Namespace) -> int:
    from counter.sync.server import revoke_device

    with _server(args) as store:
        count = revoke_device(store, args.identifier, args.counter_no)
    print(
        f"Đã thu hồi mã xác thực của quầy số {args.counter_no} ({count} máy). "
        "Quầy chỉ dùng lại được khi đăng ký bằng mã mới."
    )
    return 0


def cmd_register(args: argparse.Namespace) -> int:
    from counter.cli.common import open_ctx
    from counter.sync.client import RetryPolicy, SyncError, register

    ctx = open_ctx(args)
    try:
        done = register(ctx, args.server, args.code, policy=RetryPolicy(attempts=args.attempts))
    except SyncError as exc:
        # Refused by the server or not reached: a failure (exit 1), not a usage error.
        print(f"Đăng ký không thành công: {exc.message}", file=sys.stderr)
        return 1
    print(
        f"Đã đăng ký quầy số {done.counter_no} của {done.office_name} ({done.office_identifier})."
    )
    if done.office_received:
        print("Đã nhận thông tin cơ quan, tài khoản và danh mục thủ tục từ máy chủ.")
    else:
        from counter.services import office

        with ctx.db.session() as session:
            if not office.has_office(session):
                print(
                    "Máy chủ chưa có thông tin cơ quan này: quầy chưa tiếp nhận được hồ sơ. Nhờ "
                    "quản trị máy chủ chạy «counter server office setup TỆP.json», rồi đồng bộ.",
                    file=sys.stderr,
                )
    return 0


def _shown(moment: str) -> str:
    """A stored moment ("2026-12-02 21:17:16") as the clerk reads dates: 02/12/2026 21:17:16."""
    from datetime import datetime

    if not moment:
        return "chưa có"
    try:
        return datetime.fromisoformat(moment).strftime("%d/%m/%Y %H:%M:%S")
    except ValueError:
        return moment


def cmd_sync(args: argparse.Namespace) -> int:
    from counter.cli.common import open_ctx
    from counter.sync.client import RetryPolicy, SyncError, status, sync_now

    ctx = open_ctx(args)
    if args.status:
        info = status(ctx)
        print(f"Máy chủ: {info.server or 'chưa đăng ký'}")
        print(f"Lần đồng bộ thành công gần nhất: {_shown(info.last_success)}")
        print(f"Sự kiện chờ gửi: {info.waiting}")
        for partner in info.exchanges:
            name = f"quầy số {partner.counter_no}" if partner.counter_no else "máy chủ"
            print(
                f"Trao đổi bằng tệp (USB) với {name} gần nhất: {_shown(partner.last_file)}"
                + (
                    f"; quầy đó còn thiếu {partner.waiting} sự kiện của quầy này"
                    if partner.counter_no
                    else ""
                )
            )
        if info.recovering:
            print(RECOVERY_PENDING)
        if info.last_error:
            print(f"Lỗi gần nhất: {info.last_error}")
        if info.needs_update:
            print(info.needs_update)
        return 0
    if args.set_time:
        from counter.sync.schedule import set_schedule

        plan = set_schedule(ctx, args.set_time, args.jitter_minutes)
        print(
            f"Đồng bộ hằng đêm lúc {plan.at:%H:%M}, trễ ngẫu nhiên tối đa {plan.jitter_minutes} phút."
        )
        return 0
    if args.if_due:
        from counter.sync.schedule import is_due

        if not is_due(ctx):
            return 0
    if args.jitter > 0:
        # Spread a province's counters over a window instead of all at the scheduled minute.
        time.sleep(random.uniform(0, args.jitter))
    try:
        report = sync_now(ctx, policy=RetryPolicy(attempts=args.attempts))
    except SyncError as exc:
        print(f"Đồng bộ không thành công: {exc.message}", file=sys.stderr)
        if status(ctx).recovering:
            print(RECOVERY_PENDING, file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def cmd_sync_files(args: argparse.Namespace) -> int:
    from counter.cli.common import open_ctx
    from counter.sync import files

    ctx = open_ctx(args)
    if args.cap is not None:
        files.set_cap(ctx, args.cap)
    if args.prefetch is not None:
        files.set_prefetch(ctx, args.prefetch == "bat")
    if args.keep_months is not None:
        files.set_keep_months(ctx, args.keep_months)
    if args.bundle_mb is not None:
        files.set_bundle_mb(ctx, args.bundle_mb)
    with ctx.db.session() as session:
        bundle_mb = files.bundle_mb(session)
        cap = files.setting(session, files.CAP, "0") or "0"
        ahead = files.setting(session, files.PREFETCH, "0") == "1"
        months = files.setting(session, files.KEEP_MONTHS, "0") or "0"
    print(f"Giới hạn băng thông gửi/nhận tệp số hóa: {cap + ' kbit/s' if cap != '0' else 'không'}")
    print(f"Tải trước tệp của quầy khác khi đồng bộ: {'bật' if ahead else 'tắt'}")
    kept = f"{months} tháng sau khi đóng hồ sơ" if months != "0" else "giữ tất cả"
    print(f"Tệp của hồ sơ đã đóng chỉ còn trên máy chủ sau: {kept}")
    print(f"Tệp số hóa mang về trong một tệp trả lời (USB): tối đa {bundle_mb} MB")
    return 0


def cmd_sync_export(args: argparse.Namespace) -> int:
    from counter.cli.common import open_ctx
    from counter.sync.bundle import export

    done = export(open_ctx(args), args.file, with_files=not args.without_files)
    size = format_count(done.size)
    if done.events:
        print(
            f"Đã ghi {done.events} sự kiện chưa gửi của quầy này (số {done.first_seq}–"
            f"{done.last_seq} trong nhật ký của quầy) và {done.files} tệp số hóa vào "
            f"«{done.path}» ({size} byte)."
        )
    else:  # still worth carrying: the answer brings what this counter lacks
        print(
            f"Quầy này không có sự kiện nào chưa gửi. Đã ghi {done.files} tệp số hóa và yêu cầu "
            f"nhận phần quầy còn thiếu vào «{done.path}» ({size} byte)."
        )
    if done.files_left:
        print(
            f"{done.files_left} tệp số hóa không được ghi (--without-files): chúng sẽ được gửi "
            "lên máy chủ ở lần đồng bộ qua mạng tới."
        )
    print(
        "Mang tệp tới máy chủ (lệnh «counter server import TỆP») hoặc tới một quầy khác của cơ "
        "quan («counter sync import TỆP»), rồi mang tệp trả lời về và nhập ở đây bằng «counter "
        "sync import TỆP-TRẢ-LỜI»."
    )
    return 0


def cmd_sync_import(args: argparse.Namespace) -> int:
    from counter.cli.common import open_ctx
    from counter.sync.bundle import BundleRefused, import_file

    if args.server_db:
        # On the server: the same as `counter server --db URL import FILE`.
        return cmd_server_import(args)
    try:
        done = import_file(open_ctx(args), args.file, args.answer)
    except BundleRefused as exc:
        print(f"Không nhận tệp: {exc.message}", file=sys.stderr)
        return 1
    print(done.summary())
    return 0


def cmd_server_import(args: argparse.Namespace) -> int:
    from counter.sync.bundle import BundleRefused, import_on_server

    with _server(args) as store:
        try:
            done = import_on_server(store, args.file, args.answer, args.office or "")
        except BundleRefused as exc:
            print(f"Không nhận tệp: {exc.message}", file=sys.stderr)
            return 1
    print(done.summary())
    return 0


RECOVERY_PENDING = (
    "Dữ liệu vừa được khôi phục từ bản sao lưu: những gì quầy đã gửi lên máy chủ sau thời điểm "
    "sao lưu chưa được lấy lại. Hãy đồng bộ thành công trước khi tiếp nhận hồ sơ mới, để không "
    "cấp trùng mã hồ sơ."
)


def register(subparsers: Any, db_parent: argparse.ArgumentParser) -> None:
    def server_options(default: object) -> argparse.ArgumentParser:
        parent = argparse.ArgumentParser(add_help=False)
        parent.add_argument(
            "--db",
            dest="server_db",
            default=default,
            help="cơ sở dữ liệu của máy chủ: tệp SQLite hoặc postgresql+psycopg://… "
            f"(mặc định ${ENV_SERVER_DB} hoặc server.sqlite3 trong thư mục dữ liệu)",
        )
        parent.add_argument("--schema", default=default, help="schema PostgreSQL (tùy chọn)")
        return parent

    # `--db` is accepted before or after the sub-command; the inner parsers must not reset a
    # value given to the outer one (argparse applies sub-parser defaults last).
    server_parent = server_options(None)
    inner_parent = server_options(argparse.SUPPRESS)

    p_server = subparsers.add_parser(
        "server",
        help="máy chủ đồng bộ trung tâm (chạy, quản lý cơ quan, cấp mã đăng ký)",
        parents=[server_parent],
    )
    p_server.add_argument("--host", default="127.0.0.1")
    p_server.add_argument("--port", type=int, default=8765)
    p_server.add_argument("--log-level", default="warning")
    p_server.add_argument(
        "--workers",
        type=int,
        default=1,
        help="số tiến trình phục vụ (PostgreSQL: nên bằng số lõi CPU)",
    )
    p_server.add_argument(
        "--forwarded-allow-ips",
        default=None,
        help="địa chỉ của proxy ngược được tin để lấy địa chỉ thật của quầy từ X-Forwarded-For "
        "(mặc định 127.0.0.1); giới hạn số lần thử sai tính theo địa chỉ đó",
    )
    p_server.add_argument(
        "--device-quota-mb",
        type=int,
        default=16,
        help="dữ liệu mới tối đa một quầy được gửi mỗi ngày, MB (mặc định 16)",
    )
    p_server.add_argument(
        "--partial-days",
        type=float,
        default=7,
        help="xoá tệp số hóa gửi dở mà quầy bỏ dở quá số ngày này (mặc định 7; 0: không xoá)",
    )
    p_server.set_defaults(handler=cmd_server_run)
    server_sub = p_server.add_subparsers(dest="server_command", metavar="LỆNH")

    p_office = server_sub.add_parser("office", help="quản lý cơ quan", parents=[inner_parent])
    office_sub = p_office.add_subparsers(dest="office_command", metavar="LỆNH", required=True)
    p_add = office_sub.add_parser("add", help="thêm cơ quan", parents=[inner_parent])
    p_add.add_argument("identifier", help="mã định danh cơ quan, ví dụ 000.17.22.H56")
    p_add.add_argument("name", help="tên cơ quan")
    p_add.set_defaults(handler=cmd_office_add)
    p_setup = office_sub.add_parser(
        "setup",
        help="thiết lập cơ quan từ tệp JSON: thông tin, quản trị viên đầu tiên, danh mục thủ tục",
        parents=[inner_parent],
    )
    p_setup.add_argument("file", help="tệp JSON thông tin cơ quan (như «counter office setup»)")
    p_setup.set_defaults(handler=cmd_office_setup)
    p_admin = office_sub.add_parser(
        "admin",
        help="tạo quản trị viên gốc trên máy chủ cho cơ quan đã thêm trống (ký dữ liệu danh mục)",
        parents=[inner_parent],
    )
    p_admin.add_argument("identifier", help="mã định danh cơ quan")
    p_admin.add_argument(
        "file", help="tệp JSON của tài khoản: username, full_name, password, title (tùy chọn)"
    )
    p_admin.set_defaults(handler=cmd_office_admin)
    office_sub.add_parser("list", help="liệt kê các cơ quan", parents=[inner_parent]).set_defaults(
        handler=cmd_office_list
    )

    p_enroll = server_sub.add_parser(
        "enroll", help="cấp mã đăng ký dùng một lần cho một quầy mới", parents=[inner_parent]
    )
    p_enroll.add_argument("identifier", help="mã định danh cơ quan")
    p_enroll.set_defaults(handler=cmd_enroll)

    p_device = server_sub.add_parser(
        "device", help="các quầy đã đăng ký (liệt kê, thu hồi)", parents=[inner_parent]
    )
    device_sub = p_device.add_subparsers(dest="device_command", metavar="LỆNH", required=True)
    p_dlist = device_sub.add_parser("list", help="liệt kê các quầy", parents=[inner_parent])
    p_dlist.add_argument("identifier", help="mã định danh cơ quan")
    p_dlist.set_defaults(handler=cmd_device_list)
    p_revoke = device_sub.add_parser(
        "revoke",
        help="thu hồi mã xác thực của một quầy (máy bị mất, thay máy)",
        parents=[inner_parent],
    )
    p_revoke.add_argument("identifier", help="mã định danh cơ quan")
    p_revoke.add_argument("counter_no", type=int, help="số quầy")
    p_revoke.set_defaults(handler=cmd_device_revoke)

    p_import = server_sub.add_parser(
        "import",
        help="nhập tệp đồng bộ một quầy mang tới bằng USB; ghi tệp trả lời cho quầy",
        parents=[inner_parent],
    )
    p_import.add_argument("file", type=Path, help="tệp do «counter sync export» ghi ra")
    p_import.add_argument(
        "--answer", type=Path, default=None, help="tệp trả lời (mặc định: TỆP-tra-loi cạnh tệp)"
    )
    p_import.add_argument(
        "--office", default="", help="chỉ nhận tệp của cơ quan này (mã định danh)"
    )
    p_import.set_defaults(handler=cmd_server_import)

    p_register = subparsers.add_parser(
        "register", help="đăng ký quầy này với máy chủ đồng bộ", parents=[db_parent]
    )
    p_register.add_argument("--server", required=True, help="địa chỉ máy chủ, ví dụ https://…")
    p_register.add_argument("--code", required=True, help="mã đăng ký do quản trị cấp")
    p_register.add_argument("--attempts", type=int, default=3, help="số lần thử khi mạng lỗi")
    p_register.set_defaults(handler=cmd_register)

    p_sync = subparsers.add_parser(
        "sync", help="đồng bộ ngay với máy chủ (gửi và nhận sự kiện)", parents=[db_parent]
    )
    p_sync.add_argument("--status", action="store_true", help="chỉ in tình trạng đồng bộ")
    p_sync.add_argument(
        "--jitter", type=float, default=0, help="chờ ngẫu nhiên 0…N giây trước khi đồng bộ"
    )
    p_sync.add_argument("--attempts", type=int, default=6, help="số lần thử khi mạng lỗi")
    p_sync.add_argument(
        "--if-due",
        action="store_true",
        help="chỉ đồng bộ khi đã đến giờ đồng bộ hằng đêm (cho bộ lập lịch chạy mỗi vài phút)",
    )
    p_sync.add_argument("--set-time", metavar="HH:MM", help="đặt giờ đồng bộ hằng đêm rồi thoát")
    p_sync.add_argument(
        "--jitter-minutes",
        type=int,
        default=60,
        help="với --set-time: trễ ngẫu nhiên tối đa (phút)",
    )
    p_sync.set_defaults(handler=cmd_sync)
    # Without a network: a bundle on a USB stick (counter/sync/bundle.py).
    bundle_sub = p_sync.add_subparsers(dest="sync_command", metavar="LỆNH")
    p_files = bundle_sub.add_parser(
        "files",
        help="tệp số hóa trong đồng bộ: giới hạn băng thông, tải trước",
        parents=[db_parent],
    )
    p_files.add_argument("--cap", type=int, default=None, help="kbit/s; 0 là không giới hạn")
    p_files.add_argument(
        "--prefetch",
        choices=("bat", "tat"),
        default=None,
        help="«bat»: tải trước các tệp do quầy khác số hóa trong lần đồng bộ hằng đêm",
    )
    p_files.add_argument(
        "--keep-months",
        type=int,
        default=None,
        help="tệp của hồ sơ đã đóng quá N tháng chỉ giữ trên máy chủ (0: giữ tất cả trên máy)",
    )
    p_files.add_argument(
        "--bundle-mb",
        type=int,
        default=None,
        help="dung lượng tối đa (MB) của tệp số hóa mà một tệp trả lời (USB) mang về quầy này; "
        "tệp không vừa sẽ có ở lần sau",
    )
    p_files.set_defaults(handler=cmd_sync_files)
    p_export = bundle_sub.add_parser(
        "export",
        help="ghi các sự kiện máy chủ chưa có của quầy này ra tệp (mang đi bằng USB)",
        parents=[db_parent],
    )
    p_export.add_argument("file", type=Path, help="tệp sẽ ghi, ví dụ E:\\quay-1.dongbo")
    p_export.add_argument(
        "--without-files",
        action="store_true",
        help="không ghi tệp số hóa (ảnh chụp, bản quét) vào tệp đồng bộ, để tệp nhỏ",
    )
    p_export.set_defaults(handler=cmd_sync_export)
    p_bimport = bundle_sub.add_parser(
        "import",
        help="nhập tệp đồng bộ: tệp trả lời của máy chủ, hoặc tệp của một quầy khác",
        parents=[db_parent],
    )
    p_bimport.add_argument("file", type=Path)
    p_bimport.add_argument(
        "--answer",
        type=Path,
        default=None,
        help="với tệp của quầy khác: nơi ghi tệp trả lời (mặc định: TỆP-tra-loi cạnh tệp)",
    )
    p_bimport.add_argument(
        "--server-db",
        default=None,
        help="nhập trên máy chủ: cơ sở dữ liệu của máy chủ (như «counter server --db»)",
    )
    p_bimport.add_argument("--schema", default=None, help="với --server-db: schema PostgreSQL")
    p_bimport.add_argument(
        "--office", default="", help="với --server-db: chỉ nhận tệp của cơ quan này"
    )
    p_bimport.set_defaults(handler=cmd_sync_import)
