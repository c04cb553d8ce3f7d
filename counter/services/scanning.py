"""Where digitised pages come from, and how they become one compact PDF.

Every source gives page images through one interface (`ScanSource.acquire`): a scanner through
SANE (Linux) or WIA (Windows; written and tested against a fake COM object tree only, never
against a real Windows scanner), a "scan to folder" directory most office copiers write to, or
image and PDF files the clerk picks.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import img2pdf
from PIL import Image, ImageSequence, UnidentifiedImageError

from counter.errors import CounterError, ValidationError, os_reason

# TT 02/2019/TT-BNV (via TT 01/2023 Điều 8): at least 200 dpi.
MIN_DPI = 200
A4_SHORT_INCHES = 210 / 25.4
# A stored page is JPEG 2000 at this compression ratio: a dense A4 text page at 200 dpi is
# ~95 KB grey with every diacritic legible, where baseline JPEG needed ~250 KB for the same
# (bench/bench_scan.py). Pillow's wheels carry OpenJPEG on every platform.
RATIO = 40
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp"})
PDF_SUFFIX = ".pdf"


class ScanError(CounterError):
    """The scanner or a file could not give pages: the message says what to do."""


@dataclass
class Page:
    """One scanned page: its image as acquired, turned by `rotation` degrees clockwise."""

    image: Image.Image
    origin: str = ""  # where it came from (a file name, the scanner), shown in the list
    rotation: int = 0
    dpi: int = 0  # as the scanner or the file declares it; 0 if unknown

    def rotated(self) -> Image.Image:
        turns = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180}
        turns[270] = Image.Transpose.ROTATE_90
        move = turns.get(self.rotation % 360)
        return self.image.transpose(move) if move is not None else self.image


class ScanSource(Protocol):
    """Anything that gives pages: `acquire` blocks (run it off the GUI thread)."""

    kind: str  # "scanner" | "folder" | "files"

    def acquire(self) -> list[Page]: ...


# ---- SANE (Linux) --------------------------------------------------------------------------

_sane_lock = threading.Lock()  # libsane is not re-entrant: one scan at a time in a process
_sane_ready = False


def _sane():  # type: ignore[no-untyped-def]
    global _sane_ready
    try:
        import sane  # type: ignore[import-not-found]
    except ImportError as exc:  # pragma: no cover - python-sane is a dependency on Linux
        raise ScanError("Máy này chưa cài thư viện máy quét SANE (python-sane).") from exc
    if not _sane_ready:
        sane.init()
        _sane_ready = True
    return sane


def scanners() -> list[tuple[str, str]]:
    """(device name, label) of the scanners SANE (WIA on Windows) sees."""
    if sys.platform == "win32":
        return wia_scanners()
    with _sane_lock:
        devices = _sane().get_devices()
    return [(name, f"{vendor} {model} ({name})".strip()) for name, vendor, model, _kind in devices]


@dataclass
class SaneScanner:
    """A scanner through SANE: one page from the flatbed, or every page in the feeder."""

    device: str
    colour: bool = False
    resolution: int = MIN_DPI
    feeder: bool = False
    # Options of SANE's own `test` backend and of real drivers alike, set when the device has
    # them (e.g. {"test_picture": "Grid"}, or a page size as br_x/br_y in mm).
    options: dict[str, object] = field(default_factory=dict)
    kind: str = "scanner"

    def acquire(self) -> list[Page]:
        with _sane_lock:
            sane = _sane()
            try:
                dev = sane.open(self.device)
            except Exception as exc:  # _sane.error: the driver's words, usually English
                raise ScanError(
                    f"Không mở được máy quét «{self.device}»: kiểm tra máy đã bật và cắm cáp ({exc})."
                ) from exc
            try:
                self._configure(dev)
                images = list(dev.multi_scan()) if self.feeder else [dev.scan()]
            except Exception as exc:
                raise ScanError(f"Máy quét báo lỗi: {exc}. Kiểm tra giấy rồi quét lại.") from exc
            finally:
                dev.close()
        return [
            Page(im, origin=f"Máy quét, trang {n}", dpi=self.resolution)
            for n, im in enumerate(images, 1)
        ]

    def _configure(self, dev) -> None:  # type: ignore[no-untyped-def]
        wanted: dict[str, object] = {
            "mode": "Color" if self.colour else "Gray",
            "resolution": self.resolution,
            **self.options,
        }
        if self.feeder:
            wanted.setdefault("source", "Automatic Document Feeder")
        for name, value in wanted.items():
            if name in dev.opt:
                setattr(dev, name, value)


# ---- WIA (Windows) -------------------------------------------------------------------------
# Windows Image Acquisition through its automation layer (wiaaut.dll, on every Windows since
# Vista) reached with pywin32's COM client, imported only on Windows when a scan starts. The
# property ids and error codes are those of Microsoft's wiadef.h. Tested on Linux with a fake
# COM object tree only (tests/scan/test_wia.py): never run against a real Windows scanner.

WIA_SCANNER = 1  # DeviceInfo.Type of a scanner
# Device properties
WIA_DOCUMENT_HANDLING_SELECT = 3088  # 1: feeder, 2: flatbed
WIA_PAGES = 3096  # pages to take from the feeder, 0: all
FEEDER, FLATBED = 1, 2
# Item properties
WIA_DATATYPE = 4103  # 2: grey, 3: colour
WIA_DEPTH = 4104  # bits per pixel
WIA_INTENT = 6146  # 1: colour, 2: grey
WIA_XRES, WIA_YRES = 6147, 6148
INTENT_COLOUR, INTENT_GREY = 1, 2
DATA_GREY, DATA_COLOUR = 2, 3
WIA_FORMAT_PNG = "{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}"  # lossless, what Pillow reads

WIA_PAPER_EMPTY = 0x80210003
WIA_ERRORS = {
    0x80210001: "Máy quét báo lỗi chung. Tắt máy quét, bật lại rồi quét lại.",
    0x80210002: "Giấy bị kẹt trong máy quét. Gỡ giấy kẹt rồi quét lại.",
    WIA_PAPER_EMPTY: "Khay nạp giấy của máy quét không có giấy. Đặt giấy vào rồi quét lại.",
    0x80210004: "Máy quét báo lỗi giấy (giấy lệch, gấp hoặc sai khổ). Kiểm tra giấy rồi quét lại.",
    0x80210005: "Máy quét đang tắt hoặc mất kết nối. Kiểm tra máy đã bật và cắm cáp.",
    0x80210006: "Máy quét đang bận với chương trình khác. Đóng chương trình đó hoặc chờ rồi "
    "quét lại.",
    0x80210007: "Máy quét đang khởi động. Chờ một lát rồi quét lại.",
    0x80210008: "Máy quét cần người xử lý (xem màn hình hoặc đèn báo của máy).",
    0x8021000A: "Không liên lạc được với máy quét. Kiểm tra cáp, bật lại máy quét rồi quét lại.",
    0x8021000C: "Máy quét không nhận thiết lập này (độ phân giải hoặc chế độ màu).",
    0x8021000D: "Máy quét đang bị chương trình khác giữ. Đóng chương trình đó rồi quét lại.",
    0x80210015: "Không thấy máy quét nào: kiểm tra máy đã bật, cắm cáp và cài driver.",
    0x80210016: "Nắp máy quét đang mở. Đóng nắp rồi quét lại.",
    0x80210017: "Đèn máy quét đang tắt. Bật đèn (hoặc chờ máy khởi động) rồi quét lại.",
    0x80210020: "Máy quét kéo nhiều tờ một lúc. Xếp lại giấy rồi quét lại.",
}


def wia_error_code(exc: BaseException) -> int | None:
    """The HRESULT a COM call failed with (pywintypes.com_error: args = (hresult, text,
    excepinfo, argerr); a dispatch exception carries the driver's own code in excepinfo[5]),
    as an unsigned 32-bit number; None for an error that is not COM's."""
    args = getattr(exc, "args", ())
    if not args or not isinstance(args[0], int):
        return None
    code = args[0] & 0xFFFFFFFF
    info = args[2] if len(args) > 2 else None
    if isinstance(info, tuple) and len(info) > 5 and isinstance(info[5], int) and info[5]:
        code = info[5] & 0xFFFFFFFF
    return code


def _wia_message(exc: BaseException) -> str:
    code = wia_error_code(exc)
    if code in WIA_ERRORS:
        return WIA_ERRORS[code]
    shown = f"0x{code:08X}" if code is not None else type(exc).__name__
    return f"Máy quét báo lỗi ({shown}). Kiểm tra máy quét và giấy rồi quét lại."


def _wia_manager() -> Any:  # pragma: no cover - Windows only
    try:
        import pythoncom  # type: ignore[import-not-found]
        import win32com.client  # type: ignore[import-not-found]
    except ImportError as exc:
        raise ScanError(
            "Máy này chưa cài thư viện pywin32 để dùng máy quét (WIA). Hãy cài lại phần mềm, "
            "hoặc cho máy quét lưu vào thư mục rồi chọn nguồn «Thư mục quét»."
        ) from exc
    pythoncom.CoInitialize()  # this worker thread's COM apartment
    return win32com.client.Dispatch("WIA.DeviceManager")


def _props(holder: Any) -> dict[int, Any]:
    return {int(p.PropertyID): p for p in holder.Properties}


def _prop_name(info: Any) -> str:
    for p in info.Properties:
        if p.Name == "Name":
            return str(p.Value)
    return str(info.DeviceID)


def wia_scanners(manager: Callable[[], Any] = _wia_manager) -> list[tuple[str, str]]:
    """(DeviceID, name) of the scanners WIA sees."""
    try:
        infos = list(manager().DeviceInfos)
    except ScanError:
        raise
    except Exception as exc:
        raise ScanError(_wia_message(exc)) from exc
    return [(str(i.DeviceID), _prop_name(i)) for i in infos if int(i.Type) == WIA_SCANNER]


@dataclass
class WiaScanner:
    """A scanner through WIA: one page from the flatbed, or every page in the feeder. Colour or
    grey is set by the item's intent and data type; the resolution by its X/Y resolution."""

    device: str = ""  # WIA DeviceID; "": the first scanner
    colour: bool = False
    resolution: int = MIN_DPI
    feeder: bool = False
    manager: Callable[[], Any] = _wia_manager
    kind: str = "scanner"

    def acquire(self) -> list[Page]:
        manager = self.manager()
        try:
            infos = [i for i in manager.DeviceInfos if int(i.Type) == WIA_SCANNER]
        except Exception as exc:
            raise ScanError(_wia_message(exc)) from exc
        chosen = [i for i in infos if not self.device or str(i.DeviceID) == self.device]
        if not chosen:
            raise ScanError(
                f"Không thấy máy quét «{self.device}»: kiểm tra máy đã bật, cắm cáp và cài driver."
                if self.device
                else WIA_ERRORS[0x80210015]
            )
        try:
            device = chosen[0].Connect()
        except Exception as exc:
            raise ScanError(_wia_message(exc)) from exc
        try:
            self._configure_device(device)
            item = device.Items(1)
            self._configure_item(item)
            images = self._transfer(item)
        except ScanError:
            raise
        except Exception as exc:
            raise ScanError(_wia_message(exc)) from exc
        return [
            Page(im, origin=f"Máy quét, trang {n}", dpi=self.resolution)
            for n, im in enumerate(images, 1)
        ]

    def _configure_device(self, device: Any) -> None:
        props = _props(device)
        if WIA_DOCUMENT_HANDLING_SELECT in props:
            props[WIA_DOCUMENT_HANDLING_SELECT].Value = FEEDER if self.feeder else FLATBED
        if self.feeder and WIA_PAGES in props:
            props[WIA_PAGES].Value = 0

    def _configure_item(self, item: Any) -> None:
        props = _props(item)
        wanted = {
            WIA_INTENT: INTENT_COLOUR if self.colour else INTENT_GREY,
            WIA_DATATYPE: DATA_COLOUR if self.colour else DATA_GREY,
            WIA_DEPTH: 24 if self.colour else 8,
            WIA_XRES: self.resolution,
            WIA_YRES: self.resolution,
        }
        for pid, value in wanted.items():
            if pid not in props:
                continue
            try:
                props[pid].Value = value
            except Exception as exc:
                if pid in (WIA_XRES, WIA_YRES):
                    raise ScanError(
                        f"Máy quét không quét được ở {self.resolution} dpi ({_wia_message(exc)})"
                    ) from exc
                raise

    def _transfer(self, item: Any) -> list[Image.Image]:
        images: list[Image.Image] = []
        while True:
            try:
                image_file = item.Transfer(WIA_FORMAT_PNG)
            except Exception as exc:
                # The feeder ran out after at least one page: the batch is done.
                if images and wia_error_code(exc) == WIA_PAPER_EMPTY:
                    break
                raise
            data = bytes(image_file.FileData.BinaryData)
            try:
                with Image.open(io.BytesIO(data)) as im:
                    im.load()
                    images.append(im.copy())
            except (UnidentifiedImageError, OSError) as exc:
                raise ScanError(
                    "Máy quét trả về dữ liệu ảnh không đọc được. Quét lại trang này."
                ) from exc
            if not self.feeder:
                break
        return images


def default_scanner(device: str, colour: bool = False) -> ScanSource:
    return WiaScanner(device, colour) if sys.platform == "win32" else SaneScanner(device, colour)


# ---- files and the scan-to-folder directory ------------------------------------------------


def _pdf_pages(path: Path) -> list[Page]:
    """A PDF's pages as images at 200 dpi (poppler's pdftoppm), so they are reordered, turned
    and stored like scanned ones."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise ScanError("Máy này thiếu công cụ đọc PDF (pdftoppm của poppler).")
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [tool, "-r", str(MIN_DPI), "-png", str(path), str(Path(tmp) / "p")],
            capture_output=True,
            timeout=300,
        )
        if done.returncode != 0:
            raise ScanError(f"Không đọc được tệp PDF «{path.name}»: tệp hỏng hoặc có mật khẩu.")
        pages = []
        for n, png in enumerate(sorted(Path(tmp).glob("p*.png"), key=_page_no), 1):
            with Image.open(png) as im:
                im.load()
                pages.append(Page(im.copy(), origin=f"{path.name}, trang {n}", dpi=MIN_DPI))
    return pages


def _page_no(path: Path) -> int:
    return int(path.stem.rpartition("-")[2])


def pages_of_file(path: Path) -> list[Page]:
    """The pages an image (every frame of a TIFF) or a PDF holds."""
    if path.suffix.lower() == PDF_SUFFIX:
        return _pdf_pages(path)
    try:
        with Image.open(path) as im:
            declared = im.info.get("dpi", (0, 0))[0]
            frames = [frame.copy() for frame in ImageSequence.Iterator(im)]
    except (UnidentifiedImageError, OSError) as exc:
        raise ScanError(f"«{path.name}» không phải ảnh hay PDF đọc được.") from exc
    return [
        Page(
            frame,
            origin=path.name if len(frames) == 1 else f"{path.name}, trang {n}",
            dpi=round(declared),
        )
        for n, frame in enumerate(frames, 1)
    ]


@dataclass
class FileSource:
    """Image or PDF files the clerk picked or dropped on the dossier."""

    paths: Sequence[Path]
    kind: str = "files"

    def acquire(self) -> list[Page]:
        pages: list[Page] = []
        for path in self.paths:
            pages.extend(pages_of_file(Path(path)))
        return pages


TAKEN = "đã lấy"  # sub-folder the files taken from a scan folder are moved to


@dataclass
class FolderSource:
    """A "scan to folder" directory: the files a copier has finished writing there, oldest
    first. A file acquired is held (not acquired again by this source) and moves to the
    folder's «đã lấy» sub-folder once its pages are saved (`release`), so each is attached
    once, and a dialog closed without saving leaves the files where the copier put them."""

    folder: Path
    # A file still growing is not taken: its size must stay put this long.
    settle: float = 1.0
    kind: str = "folder"
    held: list[Path] = field(default_factory=list)

    def ready(self) -> list[Path]:
        try:
            entries = [
                p
                for p in Path(self.folder).iterdir()
                if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES | {PDF_SUFFIX}
            ]
        except OSError as exc:
            raise ScanError(
                f"Không mở được thư mục quét «{self.folder}»: {os_reason(exc)}."
            ) from exc
        now = time.time()
        settled = [p for p in entries if now - p.stat().st_mtime >= self.settle]
        return sorted(settled, key=lambda p: (p.stat().st_mtime, p.name))

    def acquire(self) -> list[Page]:
        files = [p for p in self.ready() if p not in self.held]
        pages = FileSource(files).acquire()
        self.held.extend(files)
        return pages

    def release(self) -> None:
        """The held files' pages are saved: move them out of the way of the next scans."""
        taken = Path(self.folder) / TAKEN
        taken.mkdir(exist_ok=True)
        for path in self.held:
            if path.exists():
                os.replace(path, taken / path.name)
        self.held.clear()


# ---- the pages before saving, and the PDF --------------------------------------------------


@dataclass
class PageList:
    """The pages of one paper before it is saved: reordered, turned, removed or rescanned."""

    pages: list[Page] = field(default_factory=list)

    def add(self, pages: Iterable[Page]) -> None:
        self.pages.extend(pages)

    def move(self, index: int, to: int) -> None:
        page = self.pages.pop(index)
        self.pages.insert(max(0, min(to, len(self.pages))), page)

    def rotate(self, index: int, degrees: int = 90) -> None:
        self.pages[index].rotation = (self.pages[index].rotation + degrees) % 360

    def remove(self, index: int) -> None:
        del self.pages[index]

    def replace(self, index: int, pages: Sequence[Page]) -> None:
        """A rescan: the new page(s) take the old one's place."""
        self.pages[index : index + 1] = list(pages)


def _effective_dpi(page: Page, image: Image.Image) -> int:
    if page.dpi:
        return page.dpi
    return int(min(image.size) / A4_SHORT_INCHES)


def to_pdf(pages: Sequence[Page], *, colour: bool) -> bytes:
    """One PDF of the pages in order, each a JPEG 2000 image at its own resolution (grey or
    colour), embedded as it is (img2pdf does not re-encode)."""
    if not pages:
        raise ValidationError("Chưa có trang nào để lưu.", field="pages")
    jpegs: list[bytes] = []
    dpis: list[int] = []
    for n, page in enumerate(pages, 1):
        image = page.rotated()
        dpi = _effective_dpi(page, image)
        if dpi < MIN_DPI and min(image.size) < MIN_DPI * A4_SHORT_INCHES:
            raise ValidationError(
                f"Trang {n} ({page.origin}) có độ phân giải thấp ({dpi} dpi): cần tối thiểu "
                f"{MIN_DPI} dpi. Quét lại trang này ở {MIN_DPI} dpi.",
                field="pages",
            )
        image = image.convert("RGB" if colour else "L")
        out = io.BytesIO()
        image.save(
            out,
            "JPEG2000",
            quality_mode="rates",
            quality_layers=[RATIO],
            irreversible=True,
            no_jp2=False,
        )
        dpis.append(dpi)
        jpegs.append(out.getvalue())
    return bytes(img2pdf.convert(jpegs, layout_fun=_at_dpis(dpis)))


def _at_dpis(dpis: list[int]) -> Callable[[int, int, tuple[float, float]], Any]:
    """img2pdf's page layout, each page at its own resolution (JPEG 2000 carries none)."""
    pending = iter(dpis)

    def layout(width: int, height: int, _declared: tuple[float, float]) -> Any:
        dpi = next(pending)
        return img2pdf.default_layout_fun(width, height, (dpi, dpi))

    return layout
