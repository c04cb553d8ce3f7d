"""The digitiser's PAdES signature through a PKCS#11 token (TT 01/2023/TT-VPCP Điều 8): the
token of a Vietnamese CA (VGCA, Viettel-CA, VNPT-CA…) is reached through the module its CA
ships, whose path is this counter's setting. The name and the time are drawn top left of
page 1. Without a configured token the counter saves unsigned scans, counted apart."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

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


def configure_token(ctx: Context, module: str, token_label: str = "") -> None:
    """Set (or, with an empty path, clear) the PKCS#11 module this counter signs with."""
    require_admin(ctx)
    module = module.strip()
    if module and not Path(module).is_file():
        raise ValidationError(
            f"Không tìm thấy tệp thư viện ký số «{module}»: cài phần mềm của nhà cung cấp chữ ký "
            "số rồi chọn lại.",
            field="module",
        )
    with ctx.db.unit_of_work() as session:
        for key, value in ((MODULE, module), (TOKEN_LABEL, token_label.strip())):
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=value))
            else:
                row.value = value


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
