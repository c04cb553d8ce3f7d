"""WIA (Windows) behind the scanner interface, driven on Linux through a fake of the WIA
automation layer's COM objects (DeviceManager → DeviceInfo → Device → Item → ImageFile): the
properties set, the transfers made, and the COM errors worded for the clerk. Never run against
a real Windows scanner."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import pytest
from PIL import Image

from counter.services import scanning
from counter.services.scanning import ScanError, WiaScanner


class ComError(Exception):
    """As pywintypes.com_error: (hresult, text, excepinfo, argerr)."""


DISP_E_EXCEPTION = -2147352567  # 0x80020009, a dispatch call whose object raised


def com_error(code: int) -> ComError:
    scode = code - (1 << 32)  # signed, as pywin32 gives it
    return ComError(DISP_E_EXCEPTION, "Exception occurred.", (0, "WIA", "", None, 0, scode), None)


@dataclass
class Prop:
    PropertyID: int
    Name: str
    value: Any = 0
    refuse: Exception | None = None
    writes: list[Any] = field(default_factory=list)

    @property
    def Value(self) -> Any:
        return self.value

    @Value.setter
    def Value(self, value: Any) -> None:
        if self.refuse is not None:
            raise self.refuse
        self.writes.append(value)
        self.value = value


def _png(colour: bool, shade: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB" if colour else "L", (1654, 2339), (shade,) * 3 if colour else shade).save(
        out, "PNG"
    )
    return out.getvalue()


class ImageFile:
    def __init__(self, data: bytes) -> None:
        self.FileData = type("Vector", (), {"BinaryData": memoryview(data)})()


class Item:
    def __init__(self, pages: list[bytes | Exception], *, refuse_dpi: bool = False) -> None:
        self.Properties = [
            Prop(scanning.WIA_INTENT, "Current Intent"),
            Prop(scanning.WIA_DATATYPE, "Data Type"),
            Prop(scanning.WIA_DEPTH, "Bits Per Pixel"),
            Prop(scanning.WIA_XRES, "Horizontal Resolution", 100),
            Prop(scanning.WIA_YRES, "Vertical Resolution", 100),
        ]
        if refuse_dpi:
            self.Properties[3].refuse = com_error(0x8021000C)
        self.pages = list(pages)
        self.formats: list[str] = []

    def prop(self, pid: int) -> Prop:
        return next(p for p in self.Properties if p.PropertyID == pid)

    def Transfer(self, fmt: str) -> ImageFile:
        self.formats.append(fmt)
        if not self.pages:
            raise com_error(scanning.WIA_PAPER_EMPTY)
        page = self.pages.pop(0)
        if isinstance(page, Exception):
            raise page
        return ImageFile(page)


class Device:
    def __init__(self, item: Item) -> None:
        self.item = item
        self.Properties = [
            Prop(scanning.WIA_DOCUMENT_HANDLING_SELECT, "Document Handling Select"),
            Prop(scanning.WIA_PAGES, "Pages", 1),
        ]
        self.asked: list[int] = []

    def Items(self, index: int) -> Item:
        self.asked.append(index)
        return self.item


class Info:
    def __init__(self, device_id: str, name: str, device: Device | None, kind: int = 1) -> None:
        self.DeviceID = device_id
        self.Type = kind
        self.Properties = [Prop(7, "Name", name)]
        self.device = device

    def Connect(self) -> Device:
        if self.device is None:
            raise com_error(0x80210005)  # offline
        return self.device


class Manager:
    def __init__(self, *infos: Info) -> None:
        self.DeviceInfos = list(infos)


def test_a_flatbed_page_in_grey_at_200_dpi() -> None:
    item = Item([_png(False, 200), _png(False, 100)])
    device = Device(item)
    camera = Info("{cam}\\0001", "Webcam", None, kind=2)  # not a scanner: skipped
    manager = Manager(camera, Info("{6BDD1FC6}\\0000", "Canon LiDE 300", device))
    assert scanning.wia_scanners(lambda: manager) == [("{6BDD1FC6}\\0000", "Canon LiDE 300")]
    pages = WiaScanner(manager=lambda: manager).acquire()
    assert len(pages) == 1 and pages[0].dpi == 200 and pages[0].image.mode == "L"
    assert pages[0].origin == "Máy quét, trang 1"
    assert device.asked == [1]
    assert item.prop(scanning.WIA_INTENT).writes == [scanning.INTENT_GREY]
    assert item.prop(scanning.WIA_DATATYPE).writes == [scanning.DATA_GREY]
    assert item.prop(scanning.WIA_DEPTH).writes == [8]
    assert item.prop(scanning.WIA_XRES).writes == [200]
    assert item.prop(scanning.WIA_YRES).writes == [200]
    assert item.formats == [scanning.WIA_FORMAT_PNG]  # one page from the flatbed
    handling = device.Properties[0]
    assert handling.writes == [scanning.FLATBED]
    # The pages go on to the PDF as any scanner's.
    assert scanning.to_pdf(pages, colour=False).startswith(b"%PDF")


def test_the_feeder_in_colour_takes_every_page_until_it_is_empty() -> None:
    item = Item([_png(True, 200), _png(True, 150), _png(True, 100)])
    device = Device(item)
    manager = Manager(Info("a", "HP ScanJet", Device(Item([]))), Info("b", "Fujitsu", device))
    scanner = WiaScanner("b", colour=True, resolution=300, feeder=True, manager=lambda: manager)
    pages = scanner.acquire()
    assert [p.origin for p in pages] == [f"Máy quét, trang {n}" for n in (1, 2, 3)]
    assert all(p.image.mode == "RGB" and p.dpi == 300 for p in pages)
    assert len(item.formats) == 4  # the fourth transfer found the feeder empty
    assert item.prop(scanning.WIA_INTENT).writes == [scanning.INTENT_COLOUR]
    assert item.prop(scanning.WIA_DEPTH).writes == [24]
    assert [p.writes for p in device.Properties] == [[scanning.FEEDER], [0]]


@pytest.mark.parametrize(
    ("where", "code", "words"),
    [
        ("first", scanning.WIA_PAPER_EMPTY, "không có giấy"),
        ("first", 0x80210002, "Giấy bị kẹt"),
        ("first", 0x80210016, "Nắp máy quét đang mở"),
        ("first", 0x80210006, "đang bận"),
        ("second", 0x80210002, "Giấy bị kẹt"),
        ("first", 0x80AB0001, "0x80AB0001"),
    ],
)
def test_com_errors_are_said_in_vietnamese(where: str, code: int, words: str) -> None:
    pages: list[bytes | Exception] = [com_error(code)]
    if where == "second":
        pages.insert(0, _png(False, 200))
    manager = Manager(Info("a", "Epson", Device(Item(pages))))
    with pytest.raises(ScanError, match=words):
        WiaScanner(feeder=True, manager=lambda: manager).acquire()


def test_no_scanner_an_offline_one_and_a_refused_resolution() -> None:
    with pytest.raises(ScanError, match="Không thấy máy quét nào"):
        WiaScanner(manager=lambda: Manager()).acquire()
    manager = Manager(Info("a", "Epson", Device(Item([]))))
    with pytest.raises(ScanError, match="Không thấy máy quét «z»"):
        WiaScanner("z", manager=lambda: manager).acquire()
    with pytest.raises(ScanError, match="đang tắt hoặc mất kết nối"):
        WiaScanner(manager=lambda: Manager(Info("a", "Epson", None))).acquire()
    refusing = Manager(Info("a", "Epson", Device(Item([_png(False, 1)], refuse_dpi=True))))
    with pytest.raises(ScanError, match=r"không quét được ở 200 dpi.*không nhận thiết lập"):
        WiaScanner(manager=lambda: refusing).acquire()
    garbled = Manager(Info("a", "Epson", Device(Item([b"not an image"]))))
    with pytest.raises(ScanError, match="không đọc được"):
        WiaScanner(manager=lambda: garbled).acquire()


def test_the_error_code_is_read_as_pywin32_gives_it() -> None:
    assert scanning.wia_error_code(com_error(0x80210003)) == 0x80210003
    direct = ComError(0x80210015 - (1 << 32), "No device", None, None)
    assert scanning.wia_error_code(direct) == 0x80210015
    assert scanning.wia_error_code(ValueError("x")) is None


def test_windows_picks_wia_and_linux_sane(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scanning.sys, "platform", "win32")
    assert isinstance(scanning.default_scanner("dev", True), WiaScanner)
    monkeypatch.setattr(scanning.sys, "platform", "linux")
    assert isinstance(scanning.default_scanner("test:0"), scanning.SaneScanner)
