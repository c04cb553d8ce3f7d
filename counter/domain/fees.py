"""Fees (phí, lệ phí) as the law counts them: a procedure's rule and the amount it gives for the
pages and copies counted at intake.

The rules the bundled catalogue needs (TT 226/2016/TT-BTC for certification): a fixed amount per
case ("10.000 đồng/trường hợp"), an amount per copy ("8.000 đồng/bản sao trích lục"), or an
amount per page of the original with a lower rate from a given page and a cap per copy
("2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, nhưng mức thu tối đa không quá
200.000 đồng/bản"). A rate set by the provincial council (HĐND tỉnh) is a fixed amount the
office must check against its province's resolution (`provincial`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from counter.domain.amount import format_money
from counter.errors import ValidationError

MAX_PAGES = 10_000
MAX_COPIES = 999


class FeeBasis(StrEnum):
    FREE = "free"  # không thu phí, lệ phí
    CASE = "case"  # a fixed amount per case (trường hợp, hợp đồng, lần)
    COPY = "copy"  # an amount per copy (bản)
    PAGE = "page"  # an amount per page of the original, per copy, with a tier and a cap


class FeeRuleError(ValidationError):
    """A rule that cannot be read or makes no sense, or counts out of range (in Vietnamese)."""


@dataclass(frozen=True)
class FeeRule:
    basis: FeeBasis
    amount: int = 0  # per case, per copy, or per page for the first pages
    from_page: int = 0  # PAGE: from this page on, a page costs `then_amount` (0: no tier)
    then_amount: int = 0
    cap: int = 0  # PAGE: at most this much per copy (0: no cap)
    provincial: bool = False  # the amount is the provincial council's: check its resolution
    online: int | None = None  # CASE/COPY: the amount instead when submitted online

    def __post_init__(self) -> None:
        if min(self.amount, self.from_page, self.then_amount, self.cap, self.online or 0) < 0:
            raise FeeRuleError("Mức phí, lệ phí không được âm.")
        if self.basis is FeeBasis.FREE and self.amount:
            raise FeeRuleError("Thủ tục miễn phí không có mức thu.")
        if self.basis is FeeBasis.PAGE and self.from_page == 1:
            raise FeeRuleError("Mức thu thứ hai phải bắt đầu từ trang thứ 2 trở đi.")

    @property
    def free(self) -> bool:
        return self.basis is FeeBasis.FREE

    @property
    def counts_pages(self) -> bool:
        return self.basis is FeeBasis.PAGE

    @property
    def counts_copies(self) -> bool:
        return self.basis in (FeeBasis.PAGE, FeeBasis.COPY)

    def per_copy(self, pages: int) -> int:
        """One copy of an original of `pages` pages (PAGE)."""
        if not self.from_page or pages < self.from_page:
            total = self.amount * pages
        else:
            first = self.from_page - 1
            total = self.amount * first + self.then_amount * (pages - first)
        return min(total, self.cap) if self.cap else total

    def compute(self, pages: int = 1, copies: int = 1, *, online: bool = False) -> int:
        """The amount due for `copies` copies of an original of `pages` pages (`online`: the
        dossier came through the portal)."""
        check_counts(pages, copies)
        amount = self.online if online and self.online is not None else self.amount
        match self.basis:
            case FeeBasis.FREE:
                return 0
            case FeeBasis.CASE:
                return amount
            case FeeBasis.COPY:
                return amount * copies
            case FeeBasis.PAGE:
                return self.per_copy(pages) * copies

    def describe(self) -> str:
        """The rule in the law's words, e.g. "2.000 đồng/trang; từ trang thứ 3 trở lên …"."""
        money = _dong
        if self.provincial and not self.amount and self.online is None and not self.free:
            return "Mức do HĐND tỉnh quy định (chưa nhập mức thu)"
        match self.basis:
            case FeeBasis.FREE:
                return "Miễn phí"
            case FeeBasis.CASE:
                text = f"{money(self.amount)}/trường hợp"
            case FeeBasis.COPY:
                text = f"{money(self.amount)}/bản"
            case FeeBasis.PAGE:
                text = f"{money(self.amount)}/trang"
                if self.from_page:
                    text += (
                        f"; từ trang thứ {self.from_page} trở lên {money(self.then_amount)}/trang"
                    )
                if self.cap:
                    text += f", tối đa không quá {money(self.cap)}/bản"
        if self.online is not None:
            text += (
                "; nộp trực tuyến: miễn"
                if self.online == 0
                else f"; nộp trực tuyến: {money(self.online)}"
            )
        if self.provincial:
            text += " (mức do HĐND tỉnh quy định)"
        return text

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"basis": self.basis.value, "amount": self.amount}
        for name in ("from_page", "then_amount", "cap"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        if self.provincial:
            data["provincial"] = True
        if self.online is not None:
            data["online"] = self.online
        return data

    def to_text(self) -> str:
        """The rule as the catalogue's row and reference event hold it (compact JSON)."""
        return json.dumps(self.to_json(), separators=(",", ":"))


def _dong(amount: int) -> str:
    return format_money(amount).replace(" đ", " đồng")


def check_counts(pages: int, copies: int) -> None:
    if not isinstance(pages, int) or not 1 <= pages <= MAX_PAGES:
        raise FeeRuleError(
            f"Số trang phải từ 1 đến {MAX_PAGES:,}.".replace(",", "."), field="fee_pages"
        )
    if not isinstance(copies, int) or not 1 <= copies <= MAX_COPIES:
        raise FeeRuleError(f"Số bản phải từ 1 đến {MAX_COPIES}.", field="fee_copies")


def rule_from_json(data: dict[str, Any]) -> FeeRule:
    try:
        return FeeRule(
            basis=FeeBasis(data["basis"]),
            amount=int(data.get("amount", 0)),
            from_page=int(data.get("from_page", 0)),
            then_amount=int(data.get("then_amount", 0)),
            cap=int(data.get("cap", 0)),
            provincial=bool(data.get("provincial", False)),
            online=None if data.get("online") is None else int(data["online"]),
        )
    except FeeRuleError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise FeeRuleError(f"Quy tắc tính phí không đọc được: {data!r}") from exc


def rule_of(fee: int, text: str) -> FeeRule:
    """A procedure's rule from its row: the stored rule, or (none stored: catalogues made before
    rules) a fixed amount per case, free when it is 0."""
    if text:
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise FeeRuleError(f"Quy tắc tính phí không đọc được: {text!r}") from exc
        if not isinstance(data, dict):
            raise FeeRuleError(f"Quy tắc tính phí không đọc được: {text!r}")
        return rule_from_json(data)
    return FeeRule(FeeBasis.CASE, fee) if fee > 0 else FeeRule(FeeBasis.FREE)


def payment_mismatch(fee: int, paid: int, amount: int) -> str | None:
    """Why a payment of `amount` needs a confirmation (None when it settles the fee exactly): the
    counter takes what the rule gives, and a different sum is a slip of the finger more often
    than a real partial payment."""
    owed = max(fee - paid, 0)
    if amount == owed:
        return None
    return (
        f"Số tiền thu {format_money(amount)} khác số phí, lệ phí còn phải nộp"
        f" {format_money(owed)} (phí, lệ phí {format_money(fee)}, đã thu {format_money(paid)})."
    )


def counts_text(fee: dict[str, Any]) -> str:
    """The counts an intake's fee was computed from, as printed and shown: "bản chính 5 trang,
    2 bản" (`fee`: the intake event's "fee"; "" when the rule read none)."""
    counts = []
    if fee.get("pages"):
        counts.append(f"bản chính {fee['pages']} trang")
    if fee.get("copies"):
        counts.append(f"{fee['copies']} bản")
    return ", ".join(counts)
