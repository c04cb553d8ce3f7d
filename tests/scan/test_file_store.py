"""The digitised files at rest: encrypted (no PDF bytes in the store), named by the plaintext's
hash, plain files of an earlier release encrypted on first read, and in the backups."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from counter.cli import main
from counter.db import keys
from counter.db.engine import Database
from counter.domain.dossier import OTHER_LINE
from counter.paths import data_dir
from counter.services import attachments, backup, files
from counter.services.context import Context
from tests.services.helpers import receive

PDF = b"%PDF-1.4\n% a scanned page of a birth certificate\n%%EOF\n"


def _all_bytes(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())


def test_the_store_holds_no_plaintext_and_the_audit_checks_by_decrypting(ctx: Context) -> None:
    code = receive(ctx).dossier.code
    added = attachments.attach(ctx, code, OTHER_LINE, PDF, 1, signed=False)
    store = attachments.store(ctx)
    assert added.file == files.digest(PDF)  # named by the plaintext: dedup and audit work
    raw = _all_bytes(store.root)
    assert b"%PDF" not in raw and b"birth certificate" not in raw
    assert raw.startswith(files.MAGIC)
    assert store.read(added.file) == PDF
    assert attachments.verify_files(ctx).problems == ()
    # One flipped bit of the ciphertext: the audit says tampered, reading refuses it.
    blob = bytearray(store.path(added.file).read_bytes())
    blob[-1] ^= 1
    store.path(added.file).write_bytes(bytes(blob))
    [problem] = attachments.verify_files(ctx).problems
    assert problem.reason == attachments.TAMPERED


def test_another_pcs_key_cannot_read_the_files(ctx: Context) -> None:
    code = receive(ctx).dossier.code
    added = attachments.attach(ctx, code, OTHER_LINE, PDF, 1, signed=False)
    other = files.FileStore(attachments.store(ctx).root, files.files_key(b"\x01" * 32))
    assert not other.intact(added.file)


def test_a_plain_file_of_an_earlier_release_is_read_then_encrypted_in_place(
    ctx: Context,
) -> None:
    code = receive(ctx).dossier.code
    added = attachments.attach(ctx, code, OTHER_LINE, PDF, 1, signed=False)
    store = attachments.store(ctx)
    store.path(added.file).write_bytes(PDF)  # as the previous release stored it
    assert store.intact(added.file)
    assert store.read(added.file) == PDF
    assert store.path(added.file).read_bytes().startswith(files.MAGIC)
    assert store.read(added.file) == PDF


def test_backups_copy_only_new_files_and_a_restore_brings_them_back(
    ctx: Context, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    code = receive(ctx).dossier.code
    first = attachments.attach(ctx, code, OTHER_LINE, PDF, 1, signed=False)
    taken = backup.backup_now(ctx.db.path, directory=folder, now=datetime(2026, 3, 2, 17))
    assert taken.files == 1
    second = attachments.attach(ctx, code, OTHER_LINE, PDF + b"2", 1, signed=False)
    later = backup.backup_now(ctx.db.path, directory=folder, now=datetime(2026, 3, 3, 17))
    assert later.files == 1  # the first file is in the backup folder already
    kept = folder / files.BACKUP_FOLDER
    assert sorted(files.FileStore(kept).names()) == sorted([first.file, second.file])
    assert b"%PDF" not in _all_bytes(kept)
    # The PC's files are lost; the restore brings them back, readable and intact.
    ctx.db.close()
    store = files.FileStore(files.store_dir(ctx.db.path))
    for name in (first.file, second.file):
        store.path(name).unlink()
    backup.restore(ctx.db.path, later.path)
    assert store.read(first.file) == PDF and store.read(second.file) == PDF + b"2"
    # A second copy elsewhere (a USB stick) takes the files too.
    usb = tmp_path / "usb"
    backup.copy_to(later, usb)
    assert len(files.FileStore(usb / files.BACKUP_FOLDER).names()) == 2


def test_a_key_import_re_encrypts_the_files_and_a_restore_on_the_new_pc_reads_the_old_ones(
    ctx: Context,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = receive(ctx).dossier.code
    old = attachments.attach(ctx, code, OTHER_LINE, PDF, 1, signed=False)
    saved = backup.backup_now(ctx.db.path, directory=tmp_path / "usb").path
    assert main(["key", "export"]) == 0
    recovery = capsys.readouterr().out.strip().splitlines()[-1].strip()
    ctx.db.close()
    # The new PC made its own key and stored a file under it before the import.
    monkeypatch.setenv("COUNTER_HOME", str(tmp_path / "newpc"))
    monkeypatch.setenv(keys.ENV_KEY_FILE, str(tmp_path / "newpc" / keys.KEY_FILE))
    new_db = data_dir() / "counter.sqlite3"
    Database(new_db).close()
    here = files.FileStore(files.store_dir(new_db))
    made_here = here.put(PDF + b"new pc")
    assert main(["key", "import", recovery, "--yes"]) == 0
    assert "1 tệp số hóa" in capsys.readouterr().out
    assert main(["backup", "restore", str(saved), "--yes"]) == 0
    store = files.FileStore(files.store_dir(new_db))  # the imported key, read afresh
    assert store.read(old.file) == PDF
    assert store.read(made_here) == PDF + b"new pc"
