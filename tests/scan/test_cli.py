"""`counter scan …` from a script: files in, a signed paper on the dossier, listed."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from PIL import Image

from counter.cli import main
from counter.cli.scan import PIN_ENV
from counter.errors import ValidationError
from counter.services import attachments
from counter.services.context import Context
from tests.scan.conftest import SANE_TEST, Token
from tests.services.helpers import receive


def test_scan_add_signs_with_the_configured_token_and_lists_it(
    ctx: Context, token: Token, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    code = receive(ctx).dossier.code
    page = tmp_path / "cccd.png"
    Image.new("L", (1654, 2339), 255).save(page, dpi=(200, 200))
    db = ["--db", str(ctx.db.path)]
    assert main([*db, "scan", "token", token.module, "--label", token.label]) == 0
    monkeypatch.setenv(PIN_ENV, token.pin)
    assert main([*db, "scan", "add", code, "--line", "other", "--files", str(page),
                 "--by", "Trần Văn Bình"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert f"đã ký số ({token.signer})" in out
    [added] = attachments.attachments_of(ctx, code)
    # The size as Vietnamese writes it (it once read "30,129 byte": 30 and a decimal).
    assert f"{added.size:,} byte".replace(",", ".") in out
    assert added.signed and added.digitised_by == "Trần Văn Bình"
    assert main([*db, "scan", "list", code]) == 0
    listed = capsys.readouterr().out
    assert added.file in listed
    # The moment as the clerk reads dates (it printed the stored ISO form).
    assert re.match(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}\t", listed), listed
    assert main([*db, "scan", "devices"]) == 0
    assert SANE_TEST in capsys.readouterr().out


def test_scan_add_with_a_bad_line_says_so(
    ctx: Context, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = receive(ctx).dossier.code
    page = tmp_path / "p.png"
    Image.new("L", (1654, 2339), 255).save(page, dpi=(200, 200))
    argv = ["--db", str(ctx.db.path), "scan", "add", code, "--line", "Sổ đỏ", "--files", str(page)]
    assert main(argv) == 2
    assert "không có trong danh mục" in capsys.readouterr().err


def test_scan_add_from_a_folder_with_nothing_finished_says_where_to_look(
    ctx: Context, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The copier's file still being written (or none yet): the clerk is told about the folder,
    not "Chưa có trang nào để lưu"; the file is taken once it has settled."""
    code = receive(ctx).dossier.code
    folder = tmp_path / "quet"
    folder.mkdir()
    db = ["--db", str(ctx.db.path)]
    assert main([*db, "scan", "add", code, "--line", "other", "--folder", str(folder)]) == 2
    err = capsys.readouterr().err
    assert f"Thư mục quét «{folder}» chưa có tệp ảnh hoặc PDF nào quét xong" in err
    page = folder / "scan001.png"
    Image.new("L", (1654, 2339), 255).save(page, dpi=(200, 200))
    os.utime(page, (time.time() - 5, time.time() - 5))  # written a few seconds ago
    assert main([*db, "scan", "add", code, "--line", "other", "--folder", str(folder)]) == 0
    assert "1 trang" in capsys.readouterr().out
    assert (folder / "đã lấy" / "scan001.png").exists()


def test_a_missing_folder_or_result_file_is_said_in_vietnamese(
    ctx: Context, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The system's own error text («No such file or directory») once ended these messages."""
    code = receive(ctx).dossier.code
    db = ["--db", str(ctx.db.path)]
    missing = tmp_path / "khong-co"
    assert main([*db, "scan", "add", code, "--line", "other", "--folder", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "không có tệp hoặc thư mục này" in err and "No such" not in err
    assert main([*db, "intake", str(missing / "ho-so.json")]) == 2
    err = capsys.readouterr().err
    assert "không có tệp hoặc thư mục này" in err and "No such" not in err
    with pytest.raises(ValidationError) as refused:
        attachments.resolve_with_result(ctx, code, result_path=str(missing / "ket-qua.pdf"))
    assert refused.value.message.endswith("không có tệp hoặc thư mục này.")
