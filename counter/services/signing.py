"""The digitiser's PAdES signature through a PKCS#11 token (TT 01/2023/TT-VPCP Điều 8): the
token of a Vietnamese CA (VGCA, Viettel-CA, VNPT-CA…) is reached through the module its CA
ships, whose path is this counter's setting. The name and the time are drawn top left of
page 1. Without a configured token the counter saves unsigned scans, counted apart."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from counter.db.models import Setting
from counter.errors import CounterError, ValidationError
from counter.paths import get_asset
from counter.services.context import Context, require_admin

# Local settings: the module is installed on this PC, not the office's to share.
MODULE = "signing.pkcs11_module"
TOKEN_LABEL = "signing.token_label"
FIELD = "SoHoa"
# The stamp's box: top left of page 1, in points from the page's top-left corner.
MARGIN, WIDTH, HEIGHT = 14, 230, 46
FONT = ("fonts", "LiberationSans-Regular.ttf")  # has every Vietnamese letter
FONT_SIZE = 8
FONT_NAME = "CounterStampSans"


class SigningError(CounterError):
    """The token could not sign: not plugged in, wrong PIN, no certificate."""


@dataclass(frozen=True)
class TokenSettings:
    module: str = ""
    token_label: str = ""

    @property
    def configured(self) -> bool:
        return bool(self.module)


def token_settings(session: Session) -> TokenSettings:
    module, label = session.get(Setting, MODULE), session.get(Setting, TOKEN_LABEL)
    return TokenSettings(module.value if module else "", label.value if label else "")


def configure_token(
    ctx: Context, module: str, token_label: str = "", *, session: Session | None = None
) -> None:
    """Set (or, with an empty path, clear) the PKCS#11 module this counter signs with (in
    `session`'s transaction when given). The PIN is never stored."""
    require_admin(ctx)
    module = module.strip()
    if module and not Path(module).is_file():
        raise ValidationError(
            f"Không tìm thấy tệp thư viện ký số «{module}»: cài phần mềm của nhà cung cấp chữ ký "
            "số rồi chọn lại.",
            field="module",
        )
    if session is None:
        with ctx.db.unit_of_work() as own:
            _store_token(own, module, token_label.strip())
    else:
        _store_token(session, module, token_label.strip())


def _store_token(session: Session, module: str, label: str) -> None:
    for key, value in ((MODULE, module), (TOKEN_LABEL, label)):
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=value))
        else:
            row.value = value


# Where the CAs' installers usually put their PKCS#11 module, offered in the settings as
# suggestions only (the admin picks the file the CA's software installed): names as seen in
# the CAs' signing tools, not checked against every version of their installers.
KNOWN_MODULES: dict[str, tuple[tuple[str, str], ...]] = {
    "win32": (
        ("VNPT-CA", r"C:\Windows\System32\vnpt-ca_csp11.dll"),
        ("Viettel-CA", r"C:\Windows\System32\viettel-ca_v6.dll"),
        ("Viettel-CA (cũ)", r"C:\Windows\System32\viettel-ca_v5.dll"),
        ("VGCA (Ban Cơ yếu Chính phủ)", r"C:\Windows\System32\vgca_csp11.dll"),
        ("BkavCA", r"C:\Windows\System32\BkavCA.dll"),
        ("Token ePass2003 (nhiều CA dùng)", r"C:\Windows\System32\eps2003csp11.dll"),
        ("SafeNet eToken", r"C:\Windows\System32\eTPKCS11.dll"),
    ),
    "linux": (
        ("VNPT-CA", "/usr/lib/libvnpt-ca_csp11.so"),
        ("Viettel-CA", "/usr/lib/libviettel-ca_v6.so"),
        ("VGCA (Ban Cơ yếu Chính phủ)", "/usr/lib/libvgca_csp11.so"),
        ("Token ePass2003 (nhiều CA dùng)", "/usr/lib/libeps2003csp11.so"),
        ("SafeNet eToken", "/usr/lib/libeTPkcs11.so"),
        ("OpenSC (thẻ, token chuẩn)", "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"),
        ("SoftHSM2 (thử nghiệm)", "/usr/lib/softhsm/libsofthsm2.so"),
    ),
}


def suggested_modules(platform: str = sys.platform) -> list[tuple[str, str, bool]]:
    """(CA, path, whether the file is on this PC) for this platform, those present first."""
    known = KNOWN_MODULES["win32" if platform == "win32" else "linux"]
    found = [(name, path, Path(path).is_file()) for name, path in known]
    return sorted(found, key=lambda item: not item[2])


@dataclass(frozen=True)
class TokenCertificate:
    subject: str  # the holder's name (CN)
    issuer: str  # the CA's name (CN or organisation)
    valid_until: datetime | None


@dataclass(frozen=True)
class TokenFound:
    label: str
    manufacturer: str
    certificates: tuple[TokenCertificate, ...]


@dataclass(frozen=True)
class TokenCheck:
    """What «Kiểm tra token» found: the module's own description and its tokens."""

    module: str
    description: str
    tokens: tuple[TokenFound, ...]
    pin_checked: bool  # a PIN was given and the token took it


def _name_of(name: Any) -> str:
    from cryptography.x509.oid import NameOID

    for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME):
        found = name.get_attributes_for_oid(oid)
        if found:
            return str(found[0].value)
    return name.rfc4514_string()


def _certificates(session: Any) -> tuple[TokenCertificate, ...]:
    from cryptography import x509
    from pkcs11 import Attribute, ObjectClass

    found = []
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        try:
            cert = x509.load_der_x509_certificate(bytes(obj[Attribute.VALUE]))
        except ValueError:
            continue
        found.append(
            TokenCertificate(
                _name_of(cert.subject), _name_of(cert.issuer), cert.not_valid_after_utc
            )
        )
    return tuple(found)


def check_token(module: str, pin: str = "", token_label: str = "") -> TokenCheck:
    """Load the PKCS#11 `module` and list its tokens and their certificates; with a `pin`,
    log in to the token (the chosen one, or the first) to check the PIN. Nothing is stored.
    Raises SigningError (or ValidationError for a wrong PIN) with what to do."""
    import pkcs11
    from pkcs11 import TokenFlag
    from pkcs11.exceptions import PKCS11Error

    module = module.strip()
    if not module:
        raise ValidationError("Chọn tệp thư viện ký số (PKCS#11) trước.", field="module")
    if not Path(module).is_file():
        raise SigningError(
            f"Không tìm thấy tệp «{module}»: cài phần mềm của nhà cung cấp chữ ký số (VNPT-CA, "
            "Viettel-CA, Ban Cơ yếu…) rồi chọn lại tệp thư viện."
        )
    try:
        lib = pkcs11.lib(module)
        slots = lib.get_slots(token_present=True)
        description = f"{lib.manufacturer_id} {lib.library_description}".strip()
    except (PKCS11Error, OSError) as exc:
        raise SigningError(
            f"Tệp «{Path(module).name}» không phải thư viện ký số PKCS#11 (hoặc không chạy được "
            "trên máy này): chọn tệp .dll/.so mà phần mềm của nhà cung cấp chữ ký số đã cài."
        ) from exc
    tokens: list[TokenFound] = []
    checked = False
    for slot in slots:
        try:
            token = slot.get_token()
        except PKCS11Error:
            continue
        if TokenFlag.TOKEN_INITIALIZED not in token.flags:
            continue  # an empty slot (SoftHSM2 always shows one): nothing to sign with
        label = str(token.label).strip()
        chosen = not checked and (not token_label or label == token_label.strip())
        try:
            if pin and chosen:
                with token.open(user_pin=pin) as session:
                    certs = _certificates(session)
                checked = True
            else:
                with token.open() as session:
                    certs = _certificates(session)
        except PKCS11Error as exc:
            name = type(exc).__name__
            if name in {"PinIncorrect", "PinInvalid", "PinLenRange"}:
                raise ValidationError(
                    "Mã PIN không đúng. Lưu ý: nhập sai nhiều lần liên tiếp sẽ khóa token.",
                    field="pin",
                ) from exc
            if name == "PinLocked":
                raise SigningError("Token đã bị khóa do nhập sai PIN nhiều lần.") from exc
            raise SigningError(f"Không đọc được token «{label}»: {name}.") from exc
        tokens.append(TokenFound(label, str(token.manufacturer_id).strip(), certs))
    if not tokens:
        raise SigningError(
            "Thư viện ký số đã nạp được nhưng chưa thấy USB token nào: cắm token vào máy (đèn "
            "token sáng) rồi bấm «Kiểm tra token» lại."
        )
    if token_label.strip() and not any(t.label == token_label.strip() for t in tokens):
        raise SigningError(
            f"Không thấy token tên «{token_label.strip()}»; các token đang cắm: "
            + ", ".join(f"«{t.label}»" for t in tokens)
            + "."
        )
    return TokenCheck(module, description, tuple(tokens), checked)


DIGITISER = "Người số hóa"
RESULT_SIGNER = "Người ký kết quả"


def stamp(pdf: bytes, name: str, when: datetime, role: str = DIGITISER) -> bytes:
    """Page 1 with the digitiser's name and the time in its top-left corner, inside the box
    the signature's widget will frame. The page is extended upwards by a band that holds them,
    so nothing of the scanned paper is covered; they are page content, so the signature covers
    them (pyHanko's own text stamp spaced Vietnamese letters apart in poppler)."""
    import pikepdf
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(get_asset(*FONT))))
    band = HEIGHT + 2 * MARGIN
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        first = doc.pages[0]
        x0, y0, x1, y1 = (float(v) for v in first.mediabox)
        first.mediabox = pikepdf.Array([x0, y0, x1, y1 + band])
        if "/CropBox" in first.obj:
            del first.obj["/CropBox"]
        overlay = io.BytesIO()
        canvas = Canvas(overlay, pagesize=(x1 - x0, band))
        left, top = MARGIN, band - MARGIN
        canvas.setFont(FONT_NAME, FONT_SIZE)
        lines = (
            f"{role}: {name}",
            f"Thời gian: {when.strftime('%H:%M:%S ngày %d/%m/%Y')}",
            "Đã ký số (TT 01/2023/TT-VPCP)",
        )
        for n, line in enumerate(lines):
            canvas.drawString(left + 5, top - 13 - n * (FONT_SIZE + 4), line)
        canvas.showPage()
        canvas.save()
        with pikepdf.open(io.BytesIO(overlay.getvalue())) as mark:
            first.add_overlay(mark.pages[0], pikepdf.Rectangle(x0, y1, x1, y1 + band))
            out = io.BytesIO()
            doc.save(out)
    return out.getvalue()


def _first_ready_token(module: str) -> str:
    """The label of the first initialised token the module sees ("" if none): a module may
    also list empty slots (SoftHSM2 always shows one), which cannot sign."""
    from pkcs11 import TokenFlag
    from pyhanko.sign.pkcs11 import p11_lib

    for slot in p11_lib(module).get_slots(token_present=True):
        found = slot.get_token()
        if TokenFlag.TOKEN_INITIALIZED in found.flags:
            return str(found.label)
    return ""


@dataclass(frozen=True)
class Signed:
    pdf: bytes
    signer: str  # the certificate's subject name (CN)


def sign(
    pdf: bytes, token: TokenSettings, pin: str, when: datetime, role: str = DIGITISER
) -> Signed:
    """Sign `pdf` (PAdES baseline B) with the token's first certificate and its key, and draw
    the signer's name and `when` top left of page 1."""
    # pyHanko loads the PKCS#11 and font machinery it needs only when signing.
    from pkcs11 import Attribute, ObjectClass
    from pkcs11.exceptions import PKCS11Error
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
    from pyhanko.stamp import TextStampStyle

    if not pin:
        raise ValidationError("Nhập mã PIN của chữ ký số.", field="pin")
    if not Path(token.module).is_file():
        raise SigningError(
            f"Không tìm thấy chữ ký số: thiếu thư viện «{token.module}» của nhà cung cấp."
        )
    try:
        label = token.token_label or _first_ready_token(token.module)
        criteria = TokenCriteria(label=label) if label else None
        session = open_pkcs11_session(token.module, token_criteria=criteria, user_pin=pin)
    except PKCS11Error as exc:
        name = type(exc).__name__
        if name in {"PinIncorrect", "PinInvalid", "PinLenRange"}:
            raise ValidationError("Mã PIN không đúng.", field="pin") from exc
        if name == "PinLocked":
            raise SigningError("Chữ ký số đã bị khóa do nhập sai PIN nhiều lần.") from exc
        raise SigningError(f"Không mở được chữ ký số (USB token): {name}.") from exc
    except (OSError, RuntimeError) as exc:  # no module, no token plugged in
        raise SigningError(f"Không tìm thấy chữ ký số: cắm USB token rồi thử lại ({exc}).") from exc
    try:
        certs = list(session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}))
        if not certs:
            raise SigningError("Chữ ký số không chứa chứng thư số nào.")
        key_id = certs[0][Attribute.ID]
        signer = PKCS11Signer(session, cert_id=key_id, key_id=key_id)
        name = signer.signing_cert.subject.native.get("common_name", "")
        stamped = stamp(pdf, name, when, role)
        reader = PdfFileReader(io.BytesIO(stamped))
        box = reader.root["/Pages"]["/Kids"][0].get_object()["/MediaBox"]
        top = round(float(box[3]))
        # The widget only frames the words drawn on the page (no text of its own).
        style = TextStampStyle(stamp_text="", border_width=1)
        pdf_signer = signers.PdfSigner(
            signers.PdfSignatureMetadata(
                field_name=FIELD,
                subfilter=fields.SigSeedSubFilter.PADES,
                name=name,
                reason="Số hóa hồ sơ theo TT 01/2023/TT-VPCP",
            ),
            signer=signer,
            stamp_style=style,
            new_field_spec=fields.SigFieldSpec(
                FIELD,
                on_page=0,
                box=(MARGIN, top - MARGIN - HEIGHT, MARGIN + WIDTH, top - MARGIN),
            ),
        )
        out = pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(stamped)))
        return Signed(out.getvalue(), name)
    except PKCS11Error as exc:
        raise SigningError(f"Chữ ký số từ chối ký: {type(exc).__name__}.") from exc
    finally:
        session.close()
