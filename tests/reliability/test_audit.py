"""The event log is tamper-evident: `counter audit verify` finds any edit or deletion."""

from __future__ import annotations

import pytest

from counter.cli import main
from counter.db import encryption
from counter.services import workflow
from counter.services.audit import verify_chain
from counter.services.context import Context
from tests.services.helpers import receive


def _tamper(path: str, sql: str) -> None:
    # Someone with the file and an SQLite tool: drops the append-only trigger and edits.
    conn = encryption.connect(path)
    conn.executescript(f"DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; {sql};")
    conn.close()


def test_an_intact_log_verifies(ctx: Context, capsys: pytest.CaptureFixture[str]) -> None:
    code = receive(ctx).dossier.code
    workflow.record_print(ctx, code, "01")
    workflow.record_print(ctx, code, "01")  # reprints are in the log too
    report = verify_chain(ctx)
    assert report.ok and report.events == 3 and report.devices == 1
    assert main(["--db", str(ctx.db.path), "audit", "verify"]) == 0
    assert "không có chỗ bị sửa" in capsys.readouterr().out


def test_an_edited_event_is_found(ctx: Context, capsys: pytest.CaptureFixture[str]) -> None:
    code = receive(ctx).dossier.code
    workflow.transfer(ctx, code, "Lê Văn Đạt")
    ctx.db.close()
    _tamper(
        str(ctx.db.path), "UPDATE events SET payload = replace(payload, 'Lê Văn Đạt', 'Người Khác')"
    )
    assert main(["--db", str(ctx.db.path), "audit", "verify"]) == 1
    assert "bị sửa sau khi ghi" in capsys.readouterr().out


def test_a_deleted_event_is_found(ctx: Context) -> None:
    code = receive(ctx).dossier.code
    workflow.transfer(ctx, code, "Lê Văn Đạt")
    workflow.resolve(ctx, code)
    ctx.db.close()
    _tamper(str(ctx.db.path), "DELETE FROM events WHERE type = 'transferred'")
    from counter.db.engine import Database

    report = verify_chain(Context(Database(ctx.db.path)))
    assert not report.ok
    assert any("Mắt xích bị đứt" in b.reason for b in report.breaks)


def test_an_edit_written_back_in_the_stored_format_is_found(ctx: Context) -> None:
    """Someone who knows the storage format decodes a payload, edits it and stores it again
    compressed: the chain hash still gives it away."""
    from counter.db import codec

    code = receive(ctx).dossier.code
    workflow.transfer(ctx, code, "Lê Văn Đạt")
    ctx.db.close()
    conn = encryption.connect(ctx.db.path)
    conn.executescript("DROP TRIGGER events_no_update;")
    seq, stored = conn.execute("SELECT seq, payload FROM events WHERE type = 'received'").fetchone()
    text = codec.payload_out(stored)
    assert isinstance(stored, bytes) and "Nguyễn Văn Đức" in text  # compressed on disk
    edited = codec.payload_in(text.replace("Nguyễn Văn Đức", "Nguyễn Văn Đực"))
    conn.execute("UPDATE events SET payload = ? WHERE seq = ?", (edited, seq))
    conn.commit()
    conn.close()
    from counter.db.engine import Database

    report = verify_chain(Context(Database(ctx.db.path)))
    reasons = [b.reason for b in report.breaks]
    assert reasons[0] == "Nội dung sự kiện đã bị sửa sau khi ghi."
    # and the dossiers table, which still has the name as received, differs from the log
    assert reasons[1:] and "applicant_name" in reasons[1]
