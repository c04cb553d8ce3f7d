"""`counter server …`, `counter register`, `counter sync`, and the nightly schedule."""

from __future__ import annotations

import platform
import re
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from counter.cli import main
from counter.errors import ValidationError
from counter.sync.schedule import Schedule, get_schedule, set_schedule
from counter.sync.store import ServerStore
from tests.sync.conftest import LiveServer, intake, new_counter


def test_server_commands_register_and_sync(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server_db = str(tmp_path / "server.sqlite3")
    assert (
        main(["server", "--db", server_db, "office", "add", "000.00.12.h40", "UBND xã Tân Hưng"])
        == 0
    )
    assert "Đã thêm cơ quan 000.00.12.H40" in capsys.readouterr().out
    assert main(["server", "--db", server_db, "enroll", "000.00.12.H40"]) == 0
    out = capsys.readouterr().out
    code = re.search(r"Mã đăng ký: (\S+)", out)
    assert code and "Số quầy: 1" in out
    # Dates as the office reads them (dd/mm/yyyy), here and in «sync --status» below.
    assert re.search(r"Hết hạn: \d\d/\d\d/\d{4} \d\d:\d\d:\d\d\n", out), out
    counter_db = tmp_path / "counter.sqlite3"
    counter = new_counter(counter_db)
    intake(counter)
    counter.ctx.db.close()
    live = LiveServer(ServerStore(server_db)).start()
    try:
        assert (
            main(["register", "--db", str(counter_db), "--server", live.url, "--code", code[1]])
            == 0
        )
        assert "Đã đăng ký quầy số 1" in capsys.readouterr().out
        assert main(["sync", "--db", str(counter_db)]) == 0
        assert "Đã gửi 24 sự kiện" in capsys.readouterr().out
        assert main(["server", "--db", server_db, "office", "list"]) == 0
        assert "1 quầy" in capsys.readouterr().out
        # The admin's list names the PC (it said "Quầy 1" for every counter), dates dd/mm/yyyy.
        assert main(["server", "--db", server_db, "device", "list", "000.00.12.H40"]) == 0
        listed = capsys.readouterr().out
        assert listed.startswith(f"Quầy 1\tmáy {platform.node()}\t"), listed
        assert re.search(r"gửi dữ liệu lần cuối \d\d/\d\d/\d{4} ", listed), listed
    finally:
        live.stop()
    # The server is gone: a short, plain message and a non-zero exit for the scheduler's log.
    assert main(["sync", "--db", str(counter_db), "--attempts", "1"]) == 1
    assert "Không kết nối được" in capsys.readouterr().err
    assert main(["sync", "--db", str(counter_db), "--status"]) == 0
    out = capsys.readouterr().out
    assert "Lỗi gần nhất: Không kết nối được" in out
    assert re.search(r"thành công gần nhất: \d\d/\d\d/\d{4} \d\d:\d\d:\d\d\n", out), out
    assert "Trao đổi bằng tệp (USB) với máy chủ gần nhất: chưa có" in out
    # A malformed address is a usage error; a server that cannot be reached is a failure.
    assert main(["register", "--db", str(counter_db), "--server", "ftp://x", "--code", "X"]) == 2
    assert "http://" in capsys.readouterr().err
    args = ["register", "--db", str(counter_db), "--server", live.url, "--code", "X"]
    assert main([*args, "--attempts", "1"]) == 1
    assert "Đăng ký không thành công: Không kết nối được" in capsys.readouterr().err


def test_a_wrong_code_and_a_revoked_counter_fail_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server_db = str(tmp_path / "server.sqlite3")
    main(["server", "--db", server_db, "office", "add", "000.00.12.H40", "UBND xã Tân Hưng"])
    main(["server", "--db", server_db, "enroll", "000.00.12.H40"])
    code = re.search(r"Mã đăng ký: (\S+)", capsys.readouterr().out)
    assert code
    counter_db = tmp_path / "counter.sqlite3"
    new_counter(counter_db).ctx.db.close()
    live = LiveServer(ServerStore(server_db)).start()
    try:
        register = ["register", "--db", str(counter_db), "--server", live.url]
        assert main([*register, "--code", "AAAA-BBBB-CCCC"]) == 1
        assert "Mã đăng ký không đúng" in capsys.readouterr().err
        assert main([*register, "--code", code[1]]) == 0
        assert main(["sync", "--db", str(counter_db)]) == 0
        capsys.readouterr()
        assert main(["server", "--db", server_db, "device", "list", "000.00.12.H40"]) == 0
        assert "Quầy 1" in capsys.readouterr().out
        assert main(["server", "--db", server_db, "device", "revoke", "000.00.12.H40", "1"]) == 0
        assert "Đã thu hồi" in capsys.readouterr().out
        assert main(["sync", "--db", str(counter_db), "--attempts", "1"]) == 1
        assert "hãy đăng ký lại" in capsys.readouterr().err
        assert main(["server", "--db", server_db, "device", "list", "000.00.12.H40"]) == 0
        assert "đã thu hồi" in capsys.readouterr().out
    finally:
        live.stop()


def test_nightly_schedule_spreads_counters_and_catches_up(tmp_path: Path) -> None:
    plan = Schedule(time(21, 30), 60)
    evening = datetime(2026, 3, 2, 12, 0)
    moments = {plan.planned(f"device-{n}", evening) for n in range(50)}
    assert len(moments) > 40  # spread over the hour
    assert all(datetime(2026, 3, 2, 21, 30) <= m < datetime(2026, 3, 2, 22, 30) for m in moments)
    assert plan.planned("device-1", evening) == plan.planned("device-1", evening)  # stable
    mine = plan.planned("device-1", evening)
    assert not plan.is_due("device-1", mine - timedelta(seconds=1), mine - timedelta(days=1))
    assert plan.is_due("device-1", mine, mine - timedelta(days=1))
    assert not plan.is_due("device-1", mine + timedelta(minutes=5), mine + timedelta(minutes=1))
    # The PC was off last night: next morning the missed sync is due at once.
    assert plan.is_due("device-1", datetime(2026, 3, 3, 7, 0), mine - timedelta(hours=2))
    counter = new_counter(tmp_path / "c.sqlite3")
    assert get_schedule(counter.ctx) == Schedule()
    assert (
        set_schedule(counter.ctx, "22:15", 30)
        == get_schedule(counter.ctx)
        == Schedule(time(22, 15), 30)
    )
    with pytest.raises(ValidationError):
        set_schedule(counter.ctx, "25:00")
    counter.ctx.db.close()


def test_if_due_syncs_only_after_tonights_moment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from counter.sync import client, schedule, server

    store = ServerStore(str(tmp_path / "server.sqlite3"))
    server.add_office(store, "000.00.12.H40", "UBND xã Tân Hưng")
    live = LiveServer(store).start()
    try:
        counter = new_counter(tmp_path / "c.sqlite3")
        assert not schedule.is_due(counter.ctx)  # not registered: never due
        code = server.create_enrolment(store, "000.00.12.H40").code
        client.register(counter.ctx, live.url, code)
        set_schedule(counter.ctx, "21:30", 0)
        counter.clock.set(datetime(2026, 3, 2, 21, 29))
        assert schedule.is_due(counter.ctx)  # never synced: last night's sync is missing
        client.sync_now(counter.ctx)
        assert not schedule.is_due(counter.ctx)
        counter.clock.set(datetime(2026, 3, 2, 21, 31))
        assert schedule.is_due(counter.ctx)
        counter.ctx.db.close()
        assert main(["sync", "--db", str(tmp_path / "c.sqlite3"), "--if-due"]) == 0
        assert "Đã gửi" in capsys.readouterr().out
    finally:
        live.stop()
        store.close()
