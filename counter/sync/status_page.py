"""The citizen's status page `/tra-cuu`: one dossier, found by code and check value, masked."""

from __future__ import annotations

import hmac
import unicodedata
from datetime import datetime
from html import escape

from sqlalchemy import select

from counter.db.wire import from_row
from counter.domain.codes import parse_code
from counter.domain.dossier import KIND_RESULT, Event, EventType, fold, intake, problem
from counter.services.status_link import check_value
from counter.sync.protocol import storable
from counter.sync.result_files import OfficeFiles
from counter.sync.store import DossierCode, ServerEvent, ServerOffice, ServerStore

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;
background:#f4f6f8;color:#1d2433;line-height:1.5}
main{max-width:36rem;margin:0 auto;padding:1rem}
h1{font-size:1.25rem;margin:.5rem 0 1rem}
.card{background:#fff;border-radius:.75rem;padding:1rem 1.25rem;box-shadow:0 1px 3px #0002}
dl{margin:0}dt{font-size:.85rem;color:#5a6475;margin-top:.75rem}dd{margin:0;font-size:1.05rem}
.status{display:inline-block;padding:.2rem .6rem;border-radius:1rem;background:#e3f1e8;
color:#17603a;font-weight:600}
.updated{font-size:.85rem;color:#5a6475;margin-top:1rem}
form{margin-top:1rem;border-top:1px solid #e3e6ea;padding-top:1rem}
label{display:block;font-size:.95rem;margin-bottom:.4rem}
input{font-size:1.2rem;width:6rem;padding:.4rem;letter-spacing:.2rem;text-align:center}
button{font-size:1rem;padding:.5rem 1rem;margin-left:.5rem;border:0;border-radius:.5rem;
background:#17603a;color:#fff}
"""


def mask_name(full_name: str) -> str:
    """'Nguyễn Văn An' → 'N***** V** A*': enough for the citizen to recognise, no more."""
    words = unicodedata.normalize("NFC", full_name).split()
    return " ".join(w[0] + "*" * (len(w) - 1) for w in words)


def _when(text: str | None) -> str:
    if not text:
        return "—"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return escape(text)
    if moment.hour == 0 and moment.minute == 0:
        return f"ngày {moment:%d/%m/%Y}"
    return f"{moment:%H:%M} ngày {moment:%d/%m/%Y}"


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


NOT_FOUND = _page(
    "Không tìm thấy hồ sơ",
    "<h1>Tra cứu hồ sơ</h1><div class='card'><p>Không tìm thấy hồ sơ. Hãy quét lại mã QR trên "
    "giấy hẹn trả kết quả, hoặc liên hệ Bộ phận Một cửa.</p></div>",
)


def too_many(retry_after: int) -> str:
    """The page for an address that looked too often (HTTP 429)."""
    return _page(
        "Tra cứu quá nhiều lần",
        "<p>Bạn đã tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau "
        f"{retry_after} giây.</p>",
    )


def _pending(office: ServerOffice, code: str) -> str:
    """A genuine link (its check value is right) to a dossier the server has not received yet:
    the counter that issued it syncs at night, or its line is down."""
    body = (
        f"<h1>Tra cứu hồ sơ — {escape(office.name)}</h1><div class='card' id='pending'>"
        f"<p>Hồ sơ <b>{escape(code.strip().upper())}</b> đã được tiếp nhận nhưng "
        "<b>chưa được cập nhật lên hệ thống tra cứu</b>: máy tiếp nhận gửi dữ liệu về máy chủ "
        "vào cuối ngày làm việc.</p><p>Vui lòng quét lại mã QR sau; cần gấp, hãy liên hệ Bộ "
        "phận Một cửa.</p></div>"
    )
    return _page("Hồ sơ chưa được cập nhật", unicodedata.normalize("NFC", body))


def _events(
    store: ServerStore, code: str, check: str
) -> tuple[ServerOffice, list[Event]] | ServerOffice | None:
    """The office and the dossier's events; the office alone for a genuine link to a dossier
    not synced yet; None for anything else (the same answer: no oracle to probe)."""
    if len(code) > 60 or len(check) > 40 or not storable(code) or not storable(check):
        return None
    parsed = parse_code(code)
    if parsed is None or not check:
        return None
    with store.session() as session:
        office = session.scalar(
            select(ServerOffice).where(ServerOffice.identifier == parsed.agency)
        )
        # The same answer for a wrong check value as for an unknown code: no oracle to probe.
        if office is None or not hmac.compare_digest(
            check_value(office.secret, code).encode(), check.encode()
        ):
            return None
        holder = session.get(DossierCode, (office.id, code.strip().upper()))
        if holder is None:
            return office
        rows = session.scalars(
            select(ServerEvent).where(
                ServerEvent.office_id == office.id, ServerEvent.dossier_id == holder.dossier_id
            )
        )
        return office, [from_row(r) for r in rows]


def render_status(store: ServerStore, code: str, check: str) -> tuple[str, int]:
    """The page and its HTTP status."""
    found = _events(store, code, check)
    if found is None:
        return NOT_FOUND, 404
    if isinstance(found, ServerOffice):
        return _pending(found, code), 404
    office, stored = found
    # An event this release cannot apply (stored before the server checked every event) is
    # left out, as the fold leaves it out: the page still answers.
    events = [e for e in stored if problem(e) is None]
    try:
        state = fold(events)
    except ValueError:
        return NOT_FOUND, 404
    updated = max(e.wall_time for e in events)
    rows = [
        ("Mã hồ sơ", escape(state.code)),
        ("Thủ tục", escape(state.procedure_name)),
        ("Người nộp", escape(mask_name(state.applicant_name))),
        ("Ngày tiếp nhận", _when(state.received_at)),
        ("Hẹn trả kết quả", _when(state.due_at)),
    ]
    if state.returned_at:
        rows.append(("Đã trả kết quả", _when(state.returned_at)))
    items = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    download = _download_form(code, check) if _result(events) and _factor(events) else ""
    body = (
        f"<h1>Tra cứu hồ sơ — {escape(office.name)}</h1><div class='card'>"
        f"<p>Trạng thái: <span class='status' id='status'>{escape(state.status.label)}</span></p>"
        f"<dl>{items}</dl>{download}"
        f"<p class='updated'>Cập nhật lúc {_when(updated)}</p></div>"
    )
    return _page(f"Hồ sơ {state.code}", unicodedata.normalize("NFC", body)), 200


# The electronic result (TT 01/2023 Điều 4): downloaded with the link and a second factor, the
# last digits of the applicant's ID number (of the phone when the dossier has no ID number),
# which the slip's QR code does not carry.
RESULT_PAGE = "/tra-cuu/ket-qua"
FACTOR_DIGITS = 4

RESULT_REFUSED = _page(
    "Không tải được kết quả",
    "<h1>Tải kết quả điện tử</h1><div class='card' id='refused'><p>Không tải được kết quả. "
    f"Hãy kiểm tra {FACTOR_DIGITS} chữ số cuối của số định danh cá nhân (hoặc của số điện "
    "thoại, nếu hồ sơ không ghi số định danh) rồi quét lại mã QR để thử lại, hoặc liên hệ Bộ "
    "phận Một cửa.</p></div>",
)

NOT_UPLOADED = _page(
    "Kết quả chưa sẵn sàng",
    "<h1>Tải kết quả điện tử</h1><div class='card' id='not-uploaded'><p>Kết quả điện tử "
    "của hồ sơ <b>chưa được gửi lên hệ thống tra cứu</b>: máy tiếp nhận gửi tệp về máy chủ "
    "vào cuối ngày làm việc. Vui lòng thử lại sau.</p></div>",
)


def _download_form(code: str, check: str) -> str:
    return (
        f"<form method='post' action='{RESULT_PAGE}' id='download'>"
        f"<input type='hidden' name='ma' value='{escape(code, quote=True)}'>"
        f"<input type='hidden' name='k' value='{escape(check, quote=True)}'>"
        f"<label for='so'>Kết quả điện tử đã có. Nhập {FACTOR_DIGITS} chữ số cuối của số định "
        "danh cá nhân (hoặc số điện thoại nếu hồ sơ không có số định danh) để tải về:</label>"
        f"<input id='so' name='so' inputmode='numeric' autocomplete='off' "
        f"maxlength='{FACTOR_DIGITS}' pattern='[0-9]{{{FACTOR_DIGITS}}}' required>"
        "<button type='submit'>Tải kết quả (PDF)</button></form>"
    )


def _result(events: list[Event]) -> str:
    """The hash of the dossier's latest electronic result; "" when it has none."""
    found = ""
    for event in sorted(events, key=lambda e: e.order_key):
        p = event.payload
        if event.type == EventType.ATTACHMENT_ADDED and p.get("kind") == KIND_RESULT:
            found = str(p["file"])
    return found


def _factor(events: list[Event]) -> str:
    first = intake(events)
    applicant = first.payload.get("applicant", {}) if first is not None else {}
    for key in ("id_number", "phone"):
        digits = "".join(ch for ch in str(applicant.get(key) or "") if ch.isdigit())
        if len(digits) >= FACTOR_DIGITS:
            return digits[-FACTOR_DIGITS:]
    return ""


def result_download(
    store: ServerStore, files: OfficeFiles | None, code: str, check: str, digits: str
) -> tuple[bytes | None, str, int]:
    """The result's PDF, or the page and HTTP status saying why not. A wrong link, a wrong
    factor and a dossier without a result get the same page: nothing to probe."""
    found = _events(store, code, check)
    if not isinstance(found, tuple):
        return None, RESULT_REFUSED, 404
    office, stored = found
    events = [e for e in stored if problem(e) is None]
    file_hash, factor = _result(events), _factor(events)
    digits = digits.strip()
    if not file_hash or not factor or len(digits) != FACTOR_DIGITS:
        return None, RESULT_REFUSED, 404
    if not hmac.compare_digest(factor.encode(), digits.encode()):
        return None, RESULT_REFUSED, 404
    data = files.get(office.identifier, file_hash) if files is not None else None
    if data is None:
        return None, NOT_UPLOADED, 404
    return data, "", 200
