"""The docs/forms samples can be made again: every form, small grey PNGs."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from counter.printing import samples


def test_samples_are_written_small_and_grey(tmp_path: Path) -> None:
    written = samples.main(tmp_path)
    names = {p.name for p in written}
    assert {f"mau-0{n}.png" for n in range(2, 7)} <= names
    assert {"mau-01-a4-lien-1.png", "mau-07-trang-2.png", "phieu-hen-80mm.png"} <= names
    assert "mau-06-trang-2.png" in names  # the process's later hand-overs
    assert "bien-lai-thu-phi-a5.png" in names  # the fee receipt (biên lai thu phí, lệ phí)
    for path in written:
        assert path.stat().st_size < 250_000
        with Image.open(path) as image:
            assert image.mode == "P" and len(image.getcolors() or []) <= 16
    with Image.open(tmp_path / "mau-01-a4-lien-1.png") as a4:
        assert a4.size == (1241, 1754)  # A4 at 150 dpi: readable
