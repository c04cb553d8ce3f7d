"""Personal data at rest: the database, its WAL and its backups are encrypted; plain databases
are encrypted on open (atomically); a wrong or missing key is a plain message and destroys
nothing; the files are private to the account; the key can be carried to a new PC."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter.cli import main
from counter.db import encryption, keys
from counter.db.engine import SOFT_HEAP_LIMIT, Database, needs_upgrade
from counter.db.models import Dossier
from counter.errors import StorageError, ValidationError
from counter.paths import data_dir
from counter.services import backup, intake
from counter.services.context import Context
from tests.services.helpers import MARITAL, all_documents

NAME = "Phạm Thị Bích Ngọc"
ID_NUMBER = "079190123456"
PHONE = "0912345678"
ADDRESS = "Số 12 đường Rạch Gốc"
# Every form in which a citizen's data could sit in the file: as typed (NFC UTF-8), folded for
# search, and the numbers.
SECRETS = (
    NAME.encode(),
    b"pham thi bich ngoc",
    b"Ngoc",
    ID_NUMBER.encode(),
    PHONE.encode(),
    ADDRESS.encode(),
    "Rạch Gốc".encode(),
)


def _receive_known_citizen(ctx: Context) -> str:
    applicant = intake.ApplicantInput(NAME, ID_NUMBER, phone=PHONE, address=ADDRESS)
    request = intake.IntakeRequest(MARITAL, applicant, all_documents(ctx, MARITAL))
    return intake.receive(ctx, request).dossier.code


def _found(data: bytes) -> list[bytes]:
    lowered = data.lower()
    return [s for s in SECRETS if s.lower() in lowered]


def _files(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(f"{path.name}*") if p.is_file())


def _plain_copy(source: Path, target: Path) -> None:
    """The decrypted content as a plain SQLite file (what the file held before encryption)."""
    conn = encryption.connect(source)
    conn.execute(f"ATTACH DATABASE '{target}' AS plain KEY ''")
    conn.execute("SELECT sqlcipher_export('plain')")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.execute(f"PRAGMA plain.user_version = {version}")
    conn.execute("DETACH DATABASE plain")
    conn.close()


def _count(path: Path) -> int:
    db = Database(path)
    try:
        with db.session() as s:
            return s.scalar(select(func.count()).select_from(Dossier)) or 0
    finally:
        db.close()


def test_no_personal_data_in_the_database_its_wal_or_a_backup(ctx: Context, tmp_path: Path) -> None:
    _receive_known_citizen(ctx)
    path = ctx.db.path
    # While open (data may still be in the WAL file) and after closing.
    assert Path(f"{path}-wal").exists()
    assert _found(_files(path)) == []
    saved = backup.backup_now(path, directory=tmp_path / "bk").path
    assert _found(saved.read_bytes()) == []
    ctx.db.close()
    assert _found(_files(path)) == []
    # The same data decrypted does hold them: the search above can find what it looks for.
    plain = tmp_path / "plain.sqlite3"
    _plain_copy(path, plain)
    assert encryption.is_plaintext(plain) and not encryption.is_plaintext(path)
    assert len(_found(plain.read_bytes())) >= 4
    assert backup.verify(saved) == 1


def test_a_plain_database_is_encrypted_when_opened(ctx: Context, tmp_path: Path) -> None:
    code = _receive_known_citizen(ctx)
    ctx.db.close()
    plain = tmp_path / "old.sqlite3"
    _plain_copy(ctx.db.path, plain)
    assert _found(plain.read_bytes())
    db = Database(plain)
    with db.session() as s:
        assert s.scalar(select(Dossier.code)) == code
    db.close()
    assert not encryption.is_plaintext(plain)
    assert _found(_files(plain)) == []
    assert not list(tmp_path.glob("*.encrypting*"))


def test_a_crash_while_encrypting_leaves_the_old_file_usable(
    ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _receive_known_citizen(ctx)
    ctx.db.close()
    plain = tmp_path / "old.sqlite3"
    _plain_copy(ctx.db.path, plain)
    before = hashlib.sha256(plain.read_bytes()).hexdigest()
    # The rename that puts the encrypted copy in place fails (power cut just before it).
    real_replace = Path.replace

    def fail(self: Path, target: Path) -> Path:
        if self.name.endswith(".encrypting"):
            raise OSError(5, "Input/output error")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", fail)
    with pytest.raises(StorageError):
        Database(plain)
    assert hashlib.sha256(plain.read_bytes()).hexdigest() == before
    # A half-written copy left by a real crash is not taken for anything: next open redoes it.
    monkeypatch.setattr(Path, "replace", real_replace)
    (tmp_path / "old.sqlite3.encrypting").write_bytes(b"half written" * 1000)
    assert _count(plain) == 1
    assert not encryption.is_plaintext(plain)
    assert not (tmp_path / "old.sqlite3.encrypting").exists()


def _use_key_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setenv(keys.ENV_KEY_FILE, str(path))


def test_a_wrong_key_is_a_plain_message_and_destroys_nothing(
    ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _receive_known_citizen(ctx)
    path = ctx.db.path
    saved = backup.backup_now(path, directory=tmp_path / "bk").path
    ctx.db.close()
    before = {p: p.read_bytes() for p in (path, saved)}
    # Another PC's key (or this one's, lost and made anew).
    _use_key_file(monkeypatch, tmp_path / "other.key")
    keys.save_key(os.urandom(32))
    with pytest.raises(StorageError) as opened:
        Database(path)
    assert "khoá" in opened.value.message and "counter key import" in opened.value.message
    with pytest.raises(ValidationError) as verified:
        backup.verify(saved)
    assert "khoá" in verified.value.message and saved.name in verified.value.message
    assert main(["--db", str(path), "backup", "restore", str(saved), "--yes"]) == 2
    assert {p: p.read_bytes() for p in (path, saved)} == before
    assert not list(path.parent.glob("*.truoc-khoi-phuc-*"))


def test_a_missing_key_is_not_made_anew_for_an_encrypted_database(
    ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = ctx.db.path
    ctx.db.close()
    missing = tmp_path / "lost.key"
    _use_key_file(monkeypatch, missing)
    with pytest.raises(StorageError) as info:
        Database(path)
    assert "counter key import" in info.value.message
    with pytest.raises(ValidationError, match="counter key import"):
        backup.verify(path)
    assert not needs_upgrade(path)
    assert not missing.exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes; Windows: the profile's ACL")
def test_files_and_folders_are_private_to_the_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COUNTER_HOME", str(tmp_path / "home"))
    _use_key_file(monkeypatch, tmp_path / "home" / keys.KEY_FILE)
    old = os.umask(0o022)
    try:
        home = data_dir()
        path = home / "counter.sqlite3"
        db = Database(path)
        with db.session() as s:  # the WAL and shared-memory files exist while open
            s.scalar(select(func.count()).select_from(Dossier))
            info = backup.backup_now(path)
            modes = {
                p.name: stat.S_IMODE(p.stat().st_mode)
                for p in [home, *home.iterdir(), *info.path.parent.iterdir()]
            }
        db.close()
    finally:
        os.umask(old)
    assert modes[home.name] == 0o700
    assert modes["backups"] == 0o700
    assert modes[keys.KEY_FILE] == 0o600
    assert modes["counter.sqlite3"] == 0o600
    assert modes["counter.sqlite3-wal"] == 0o600
    assert modes[info.path.name] == 0o600
    assert set(modes.values()) <= {0o700, 0o600}, modes


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_an_existing_open_folder_and_database_are_narrowed(
    ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "open"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    path = folder / "counter.sqlite3"
    ctx.db.close()
    shutil.copyfile(ctx.db.path, path)
    path.chmod(0o644)
    Database(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # The data directory itself (not any folder a --db points into) is made private.
    monkeypatch.setenv("COUNTER_HOME", str(folder))
    assert stat.S_IMODE(data_dir().stat().st_mode) == 0o700


def test_recovery_code_round_trip_and_typos() -> None:
    key = os.urandom(32)
    code = keys.recovery_code(key)
    assert len(code.split("-")) == 11 and code.upper() == code
    assert keys.parse_recovery_code(code) == key
    assert keys.parse_recovery_code(code.lower().replace("-", " ")) == key
    typo = code[:3] + ("A" if code[3] != "A" else "B") + code[4:]
    with pytest.raises(ValidationError, match="Mã khôi phục không đúng"):
        keys.parse_recovery_code(typo)
    with pytest.raises(ValidationError):
        keys.parse_recovery_code("ABC")


def test_key_file_outside_windows_holds_the_key_and_refuses_a_windows_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "counter.key"
    key = keys.load_key(path)
    assert path.read_text().split()[:2] == ["counter-key-v1", "file"]
    assert keys.load_key(path, create=False) == key
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # A key sealed by DPAPI on a Windows PC cannot be unsealed here: said plainly.
    path.write_text("counter-key-v1 dpapi AAAA\n")
    with pytest.raises(StorageError, match="counter key import"):
        keys.load_key(path)
    path.write_text("garbage")
    with pytest.raises(StorageError, match="bị hỏng"):
        keys.load_key(path)


def test_a_dead_pc_is_recovered_with_the_code_and_a_backup(
    ctx: Context,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = _receive_known_citizen(ctx)
    saved = backup.backup_now(ctx.db.path, directory=tmp_path / "usb").path
    assert main(["key", "export"]) == 0
    recovery = capsys.readouterr().out.strip().splitlines()[-1].strip()
    ctx.db.close()
    # The new PC: the program was started once (its own key, an empty database, a backup).
    monkeypatch.setenv("COUNTER_HOME", str(tmp_path / "newpc"))
    _use_key_file(monkeypatch, tmp_path / "newpc" / keys.KEY_FILE)
    new_db = data_dir() / "counter.sqlite3"
    Database(new_db).close()
    fresh_backup = backup.backup_now(new_db).path
    assert main(["backup", "restore", str(saved), "--yes"]) == 2
    assert "counter key import" in capsys.readouterr().err
    # A different key is there: confirmation asked first.
    assert main(["key", "import", recovery]) == 2
    assert "--yes" in capsys.readouterr().err
    assert main(["key", "import", recovery, "--yes"]) == 0
    out = capsys.readouterr().out
    assert str(new_db) in out and str(fresh_backup) in out
    assert backup.verify(fresh_backup) == 0  # re-encrypted under the imported key
    assert main(["backup", "restore", str(saved), "--yes"]) == 0
    db = Database(new_db)
    with db.session() as s:
        assert s.scalar(select(Dossier.code)) == code
    db.close()
    # The database the restore replaced is kept beside it, encrypted and private too.
    (replaced,) = new_db.parent.glob("counter.truoc-khoi-phuc-*")
    assert not encryption.is_plaintext(replaced) and backup.verify(replaced) == 0
    if os.name == "posix":
        assert stat.S_IMODE(replaced.stat().st_mode) == 0o600
    # The replaced key is kept (nothing it encrypted becomes unreadable), private.
    (kept,) = (tmp_path / "newpc").glob(f"{keys.KEY_FILE}.cu-*")
    if os.name == "posix":
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert main(["key", "import", recovery]) == 0
    assert "không cần làm gì" in capsys.readouterr().out


def test_sigkill_while_encrypting_leaves_one_whole_database(ctx: Context, tmp_path: Path) -> None:
    """The power cut for real: a process opening a plain database (so encrypting it) is killed
    at random moments; each time the file is either the old plain one or the new encrypted one,
    whole, with every row."""
    import random
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    _receive_known_citizen(ctx)
    ctx.db.close()
    original = tmp_path / "original.sqlite3"
    _plain_copy(ctx.db.path, original)
    pad = sqlite3.connect(original)  # some weight, so the copy takes a while
    with pad:
        pad.execute("CREATE TABLE pad (b BLOB)")
        pad.executemany("INSERT INTO pad VALUES (randomblob(4000))", [()] * 6000)
    pad.close()
    path = tmp_path / "counter.sqlite3"
    root = Path(__file__).resolve().parents[2]
    script = "import sys; from counter.db.engine import Database; Database(sys.argv[1]).close()"
    rng = random.Random(15)
    outcomes = set()
    for _ in range(6):
        for extra in tmp_path.glob("counter.sqlite3*"):
            extra.unlink()
        shutil.copyfile(original, path)
        worker = subprocess.Popen(
            [sys.executable, "-c", script, str(path)],
            env={**os.environ, "PYTHONPATH": str(root)},
        )
        # Imports take ~0.3-1 s, the copy about as long: kill before, during or after it.
        time.sleep(rng.uniform(0.4, 3.0))
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        midway = (tmp_path / "counter.sqlite3.encrypting").exists()
        outcomes.add(("plain" if encryption.is_plaintext(path) else "encrypted", midway))
        conn = encryption.connect(path, readonly=True)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT count(*) FROM pad").fetchone()[0] == 6000
            assert conn.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 1
        finally:
            conn.close()
        assert _count(path) == 1  # and it opens (encrypting it now if it was still plain)
        assert not encryption.is_plaintext(path)
    assert outcomes  # which moments were hit depends on the machine's speed


def test_a_plain_database_of_another_program_is_never_touched(tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "contacts.sqlite3"
    conn = sqlite3.connect(other)
    with conn:
        conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO contacts VALUES (?, ?)", (NAME, PHONE))
    conn.close()
    before = other.read_bytes()
    with pytest.raises(StorageError, match="chương trình khác"):
        Database(other)
    assert other.read_bytes() == before
    assert not needs_upgrade(other)


def test_opening_a_plain_database_is_announced_as_an_upgrade(ctx: Context, tmp_path: Path) -> None:
    ctx.db.close()
    plain = tmp_path / "old.sqlite3"
    _plain_copy(ctx.db.path, plain)  # at the newest schema, only not encrypted
    assert needs_upgrade(plain)
    Database(plain).close()
    assert not needs_upgrade(plain)


def test_a_database_open_elsewhere_is_not_replaced_under_it(ctx: Context, tmp_path: Path) -> None:
    """Encrypting (or re-keying) renames a new file over the database: never while another
    connection (the window, another command) has it open and could go on writing to the old."""
    _receive_known_citizen(ctx)
    path = ctx.db.path
    with ctx.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Dossier)) == 1
    before = path.read_bytes()
    with pytest.raises(StorageError, match="đang được mở ở nơi khác"):
        encryption.encrypt_in_place(path, os.urandom(32), old_key=keys.load_key())
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.encrypting*"))
    _receive_known_citizen(ctx)  # the open database goes on working
    ctx.db.close()
    assert _count(path) == 2


def test_a_key_import_that_cannot_finish_changes_nothing(
    ctx: Context, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = backup.backup_now(ctx.db.path).path  # in the data directory's backups
    old = keys.load_key()
    recovery = keys.recovery_code(os.urandom(32))
    # The window still has the database open: the backups are re-keyed first, then the import
    # meets the open database and stops.
    with ctx.db.session() as s:
        s.scalar(select(func.count()).select_from(Dossier))
        code = main(["--db", str(ctx.db.path), "key", "import", recovery, "--yes"])
    assert code == 2 and "đang được mở ở nơi khác" in capsys.readouterr().err
    assert keys.load_key() == old
    assert backup.verify(first) == 0  # put back under the key this PC keeps
    ctx.db.close()
    assert _count(ctx.db.path) == 0


def test_two_processes_starting_together_share_one_key(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "home" / keys.KEY_FILE
    script = "import sys; from counter.db.keys import load_key; print(load_key().hex())"
    env = {**os.environ, keys.ENV_KEY_FILE: str(path), "PYTHONPATH": str(Path(__file__).parents[2])}
    workers = [
        subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
        for _ in range(4)
    ]
    made = {w.communicate(timeout=60)[0].strip() for w in workers}
    assert made == {keys.load_key(path).hex()}
    assert [p.name for p in path.parent.iterdir()] == [keys.KEY_FILE]


def test_a_plain_backup_from_before_encryption_restores_encrypted(
    ctx: Context, tmp_path: Path
) -> None:
    code = _receive_known_citizen(ctx)
    old_backup = tmp_path / "counter-20261101-170000.sqlite3"
    _plain_copy(ctx.db.path, old_backup)  # as an older version wrote its backups
    ctx.db.close()
    assert backup.verify(old_backup) == 1
    backup.restore(ctx.db.path, old_backup)
    assert not encryption.is_plaintext(ctx.db.path)
    assert _found(_files(ctx.db.path)) == []
    db = Database(ctx.db.path)
    with db.session() as s:
        assert s.scalar(select(Dossier.code)) == code
    db.close()


def test_what_sqlcipher_does_per_connection_and_per_page_stays_cheap(db: Database) -> None:
    """The settings that make encryption cost little, pinned (a new SQLCipher wheel could
    change a default): the key is given raw (no PBKDF2 of 256,000 iterations on each
    connection), no locked and wiped memory for every buffer, cipher pages the size of SQLite's
    pages, temporary tables in memory."""
    assert re.fullmatch(r"x'[0-9a-f]{64}'", db.engine.url.password or "")
    with db.engine.connect() as conn:

        def pragma(name: str) -> str:
            return str(conn.exec_driver_sql(f"PRAGMA {name}").scalar())

        assert pragma("cipher_memory_security") == "0"
        assert pragma("cipher_page_size") == pragma("page_size") == "4096"
        assert pragma("cipher_plaintext_header_size") == "0"  # the header is encrypted too
        options = {r[0] for r in conn.exec_driver_sql("PRAGMA compile_options")}
        assert pragma("temp_store") == "0" and "TEMP_STORE=2" in options  # 0: the default, memory
        assert pragma("soft_heap_limit") == str(SOFT_HEAP_LIMIT)
