"""The `counter` command: what scripts and the other issues build on."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter.cli import main
from counter.db.engine import MIGRATIONS, Database
from counter.db.models import Dossier, EventRow, Procedure, User
from counter.services import office
from tests.conftest import OFFICE_FILE

GOOD = {
    "procedure_code": "2.000815",
    "applicant": {
        "full_name": "Nguyễn Văn Đức",
        "id_number": "079090001234",
        "birth_date": "1990-05-17",
        "sex": "Nam",
        "phone": "0912345678",
        "address": "Thôn 2, Xã Hàm Thuận Nam",
    },
    "documents": [
        "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao",
        {
            "name": "Bản sao cần chứng thực (người yêu cầu tự chụp hoặc cơ quan chụp)",
            "originals": 0,
            "copies": 2,
        },
    ],
    "channel": "direct",
    "received_at": "2026-11-23 09:15",
}


def _office(
    capsys: pytest.CaptureFixture[str], db: Path, **changes: object
) -> tuple[int, str, str]:
    source = db.parent / "office.json"
    source.write_text(json.dumps({**OFFICE_FILE, **changes}, ensure_ascii=False), encoding="utf-8")
    return _run(capsys, "--db", str(db), "office", "setup", str(source))


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _count(db: Path) -> tuple[int, int]:
    database = Database(db)
    with database.session() as s:
        result = (
            s.scalar(select(func.count()).select_from(Dossier)) or 0,
            s.scalar(select(func.count()).select_from(EventRow)) or 0,
        )
    database.close()
    return result


def test_db_upgrade_creates_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "x" / "c.sqlite3"
    code, out, _ = _run(capsys, "db", "upgrade", "--db", str(db))
    # The newest migration, whichever it is: later issues add migrations.
    newest = sorted((MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))[-1].name[:4]
    assert code == 0 and db.exists() and f"phiên bản {newest}" in out


def test_intake_prints_the_stored_dossier(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "c.sqlite3"
    _office(capsys, db)
    source = tmp_path / "in.json"
    source.write_text(json.dumps(GOOD, ensure_ascii=False), encoding="utf-8")
    code, out, err = _run(capsys, "--db", str(db), "intake", str(source))
    assert code == 0, err
    data = json.loads(out)
    assert data["code"] == "000.00.12.H40-261123-0001"  # the office's own identifier
    assert data["status"] == 2 and data["status_label"] == "Được tiếp nhận"
    assert data["due_at"] == "2026-11-23 17:00"  # same day, before the cut-off
    assert data["applicant_name"] == "Nguyễn Văn Đức"
    assert data["form"] == "01"
    assert _count(db) == (1, 1)


def test_intake_reads_standard_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "c.sqlite3"
    _office(capsys, db)
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(GOOD)))
    code, out, _ = _run(capsys, "intake", "-", "--db", str(db))
    assert code == 0 and json.loads(out)["procedure_code"] == "2.000815"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "JSON không hợp lệ"),
        ("[]", "đối tượng JSON"),
        (json.dumps({**GOOD, "procedure_code": 12}), "procedure_code"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "applicant"}), "applicant"),
        (json.dumps({**GOOD, "applicant": {**GOOD["applicant"], "full_name": ""}}), "Họ và tên"),
        (
            json.dumps({**GOOD, "applicant": {**GOOD["applicant"], "birth_date": "17/05/1990"}}),
            "applicant.birth_date",
        ),
        (json.dumps({**GOOD, "applicant": {**GOOD["applicant"], "sex": "X"}}), "applicant.sex"),
        (json.dumps({**GOOD, "received_at": "hôm qua"}), "received_at"),
        (json.dumps({**GOOD, "documents": [{"originals": 1}]}), "documents[0].name"),
        (
            json.dumps({**GOOD, "documents": [{"name": "a", "copies": "hai"}]}),
            "documents[0].copies",
        ),
        (json.dumps({**GOOD, "procedure_code": "0.000000"}), "Không có thủ tục"),
        (json.dumps({**GOOD, "sets": True}), "sets"),
        # The edges of issue #15: refused with exit 2 and a message, never a traceback.
        (json.dumps({**GOOD, "received_at": "2026-11-23T09:15:00+07:00"}), "múi giờ"),
        (json.dumps({**GOOD, "received_at": "2026-11-23T02:15:00Z"}), "múi giờ"),
        (json.dumps({**GOOD, "received_at": "1900-01-01 08:00"}), "từ năm 2000"),
        (
            json.dumps({**GOOD, "applicant": {**GOOD["applicant"], "birth_date": "1850-01-01"}}),
            "từ năm 1900",
        ),
        (  # an escaped lone surrogate (json.dumps escapes it as \ud800)
            json.dumps({**GOOD, "applicant": {**GOOD["applicant"], "full_name": "An\ud800"}}),
            "applicant.full_name",
        ),
        (json.dumps({**GOOD, "procedure_code": "\udc00"}), "procedure_code"),
        ('{"applicant": ' + "[" * 100_000 + "]" * 100_000 + "}", "lồng nhau quá sâu"),
        # Near the parser's own limit: refused one way or the other, never a traceback.
        ('{"applicant": ' + "[" * 990 + "]" * 990 + "}", "Lỗi: "),
    ],
)
def test_bad_intake_names_the_field_exits_2_and_stores_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, words: str
) -> None:
    db = tmp_path / "c.sqlite3"
    _office(capsys, db)
    source = tmp_path / "in.json"
    source.write_text(text, encoding="utf-8")
    code, out, err = _run(capsys, "--db", str(db), "intake", str(source))
    assert code == 2
    assert words in err and err.startswith("Lỗi: ")
    assert "Traceback" not in err and out == ""
    if db.exists():
        assert _count(db) == (0, 0)


def test_intake_strips_bidirectional_and_control_characters_from_names_and_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """U+202E would print a name backwards on the forms and show other text in the lists than
    what is stored; a NUL between words is a space, not nothing."""
    db = tmp_path / "c.sqlite3"
    _office(capsys, db)
    applicant = {
        **GOOD["applicant"],  # type: ignore[dict-item]
        "full_name": "Nguyễn\x00Văn \u202eĐức\u202c",
        "address": "Thôn\u2066 2\u2069, Xã\u200f Hàm Thuận Nam\x07",
    }
    source = tmp_path / "in.json"
    source.write_text(json.dumps({**GOOD, "applicant": applicant}), encoding="utf-8")
    code, out, err = _run(capsys, "--db", str(db), "intake", str(source))
    assert code == 0, err
    assert json.loads(out)["applicant_name"] == "Nguyễn Văn Đức"
    database = Database(db)
    with database.session() as s:
        (payload,) = s.scalars(select(EventRow.payload)).all()
    database.close()
    stored = json.loads(payload)["applicant"]
    assert stored["full_name"] == "Nguyễn Văn Đức"
    assert stored["address"].startswith("Thôn 2, Xã Hàm Thuận Nam")
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in payload)


def test_missing_intake_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(
        capsys, "--db", str(tmp_path / "c.sqlite3"), "intake", str(tmp_path / "none.json")
    )
    assert code == 2 and "không đọc/ghi được tệp" in err


def test_find_by_code_and_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "c.sqlite3"
    _office(capsys, db)
    source = tmp_path / "in.json"
    source.write_text(json.dumps(GOOD), encoding="utf-8")
    _run(capsys, "--db", str(db), "intake", str(source))
    code, out, _ = _run(capsys, "--db", str(db), "find", "nguyen van duc", "--json")
    found = json.loads(out)
    assert code == 0 and [d["applicant_name"] for d in found] == ["Nguyễn Văn Đức"]
    dossier_code = found[0]["code"]
    code, out, _ = _run(capsys, "--db", str(db), "find", dossier_code.lower())
    assert code == 0 and out.startswith(dossier_code)
    code, out, _ = _run(capsys, "--db", str(db), "find", "không có ai")
    assert code == 1 and "Không tìm thấy" in out


@pytest.mark.parametrize(
    ("received", "amount", "unit", "due"),
    [
        ("2026-02-13 10:00", 1, "working_days", "2026-02-23 10:00"),  # over Tết
        ("2026-03-02 12:00", 2, "working_days", "2026-03-04 13:30"),  # lunch → afternoon opening
        ("2026-03-02 10:30", 4, "working_hours", "2026-03-02 16:30"),
        ("2026-03-06 16:00", 2, "working_hours", "2026-03-09 08:00"),  # over the weekend
        ("2026-03-02 14:59", 0, "same_day", "2026-03-02 17:00"),
        ("2026-03-02 15:00", 0, "same_day", "2026-03-03 17:00"),
        ("2026-08-21 10:00", 1, "working_days", "2026-08-22 10:00"),  # Sat 22/8 is worked
        ("2026-08-28 10:00", 1, "working_days", "2026-09-03 10:00"),  # Quốc khánh 31/8–2/9
        ("2026-11-23 10:00", 1, "working_days", "2026-11-24 10:00"),  # the demo office works 24/11
    ],
)
def test_due_date(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    received: str,
    amount: int,
    unit: str,
    due: str,
) -> None:
    _run(capsys, "--db", str(tmp_path / "c.sqlite3"), "demo-data", "--dossiers", "0")
    code, out, err = _run(
        capsys,
        "--db",
        str(tmp_path / "c.sqlite3"),
        "due-date",
        "--received",
        received,
        "--amount",
        str(amount),
        "--unit",
        unit,
    )
    assert code == 0, err
    assert out.strip() == due


def test_due_date_rejects_a_bad_moment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _office(capsys, tmp_path / "c.sqlite3")
    code, _, err = _run(
        capsys,
        "--db",
        str(tmp_path / "c.sqlite3"),
        "due-date",
        "--received",
        "23/11/2026",
        "--amount",
        "1",
        "--unit",
        "same_day",
    )
    assert code == 2 and "YYYY-MM-DD HH:MM" in err


def test_demo_data_makes_dossiers_in_every_state(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "c.sqlite3"
    code, out, _ = _run(capsys, "--db", str(db), "demo-data", "--dossiers", "600", "--seed", "3")
    assert code == 0 and "600" in out
    database = Database(db)
    with database.session() as s:
        statuses = set(s.scalars(select(Dossier.status).distinct()))
        late_apologised = s.scalar(select(func.count()).where(Dossier.apology_count > 0)) or 0
        postal = s.scalar(select(func.count()).where(Dossier.delivery == "postal")) or 0
        conflicts = s.scalar(select(func.count()).where(Dossier.conflict)) or 0
        codes = s.scalar(select(func.count(Dossier.code.distinct()))) or 0
    database.close()
    assert {2, 3, 4, 5, 9, 10} <= statuses
    assert late_apologised > 0 and postal > 0
    assert conflicts == 0 and codes == 600


def test_a_database_with_no_office_is_refused_not_given_the_demo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A command never invents an office: the demo office (its accounts, its identifier) would
    reach the real office's server at the next sync."""
    db = tmp_path / "c.sqlite3"
    source = tmp_path / "in.json"
    source.write_text(json.dumps(GOOD), encoding="utf-8")
    code, out, err = _run(capsys, "--db", str(db), "intake", str(source))
    assert code == 2 and out == ""
    assert "chưa có cơ quan" in err and "counter office setup" in err and "Traceback" not in err
    code, _, err = _run(
        capsys, "--db", str(db), "due-date", "--received", "2026-03-02 10:00",
        "--amount", "1", "--unit", "working_days",
    )  # fmt: skip
    assert code == 2 and "chưa có cơ quan" in err
    database = Database(db)
    with database.session() as s:
        assert not office.has_office(s)
        assert s.scalar(select(func.count()).select_from(User)) == 0
    database.close()
    assert _count(db) == (0, 0)


def test_office_setup_from_a_file_gives_a_working_real_office(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "c.sqlite3"
    code, out, err = _office(capsys, db)
    assert code == 0, err
    assert "000.00.12.H40" in out and "quantri" in out
    code, out, _ = _run(capsys, "--db", str(db), "office", "show")
    shown = json.loads(out)
    assert shown["identifier"] == "000.00.12.H40" and shown["unit_name"].startswith("BỘ PHẬN")
    database = Database(db)
    with database.session() as s:
        admins = list(s.scalars(select(User.username).where(User.role == "admin")))
        procedures = s.scalar(select(func.count()).select_from(Procedure)) or 0
    database.close()
    assert admins == ["quantri"]  # no demo account
    assert procedures >= 20  # the bundled catalogue of commune procedures
    # A second setup would mix two offices: refused, nothing changed.
    code, _, err = _office(capsys, db, identifier="000.00.99.H99")
    assert code == 2 and "đã có cơ quan" in err
    # Demo dossiers never go into a real office's database.
    code, _, err = _run(capsys, "--db", str(db), "demo-data", "--dossiers", "5")
    assert code == 2 and "cơ quan thật" in err
    assert _count(db) == (0, 0)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"identifier": ""}, "«identifier»"),
        ({"identifier": "000.21.36.H36"}, "cơ quan mẫu"),
        ({"admin": None}, "«admin»"),
        ({"admin": {"username": "quantri", "full_name": "Q"}}, "«admin.password»"),
        ({"hours": "sáng"}, "Giờ làm việc"),
        ({"phone": 123}, "«phone»"),
        ({"fax": "0290"}, "«fax»"),
    ],
)
def test_a_bad_office_file_names_the_mistake_and_sets_up_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], changes: dict[str, object], words: str
) -> None:
    db = tmp_path / "c.sqlite3"
    code, out, err = _office(capsys, db, **changes)
    assert code == 2 and out == "" and err.startswith("Lỗi: ")
    assert words in err, err
    database = Database(db)
    with database.session() as s:
        assert not office.has_office(s)
        assert s.scalar(select(func.count()).select_from(User)) == 0
    database.close()
