"""Fee rules against the law's figures (TT 226/2016/TT-BTC: certification of copies)."""

from __future__ import annotations

import pytest

from counter.domain.fees import FeeBasis, FeeRule, FeeRuleError, rule_from_json, rule_of

# "2.000 đồng/trang. Từ trang thứ ba trở lên thu 1.000 đồng/trang, nhưng mức thu tối đa không
# quá 200.000 đồng/bản. Trang là căn cứ để thu phí được tính theo trang của bản chính."
COPIES = FeeRule(FeeBasis.PAGE, 2000, from_page=3, then_amount=1000, cap=200_000)


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        (1, 2000),  # one page at 2.000
        (2, 4000),  # two pages at 2.000
        (5, 7000),  # 2 × 2.000 + 3 × 1.000
        (40, 42_000),  # 2 × 2.000 + 38 × 1.000
        (198, 200_000),  # exactly the cap
        (300, 200_000),  # capped per copy
    ],
)
def test_certified_copy_per_page_with_tier_and_cap(pages: int, expected: int) -> None:
    assert COPIES.compute(pages, 1) == expected


def test_the_cap_is_per_copy_and_copies_multiply() -> None:
    assert COPIES.compute(5, 3) == 21_000
    assert COPIES.compute(300, 2) == 400_000
    # The case: 5 copies of a one-page original are 10.000 đ, not 2.000 đ.
    assert COPIES.compute(1, 5) == 10_000


def test_fixed_per_case_per_copy_and_free() -> None:
    signature = FeeRule(FeeBasis.CASE, 10_000)
    assert signature.compute(7, 3) == 10_000  # pages and copies do not count
    extract = FeeRule(FeeBasis.COPY, 8000)
    assert extract.compute(1, 3) == 24_000
    assert FeeRule(FeeBasis.FREE).compute(40, 5) == 0


def test_online_amount_for_residence() -> None:
    # TT 75/2022/TT-BTC: đăng ký thường trú 20.000 đồng, 10.000 đồng nộp trực tuyến.
    residence = FeeRule(FeeBasis.CASE, 20_000, online=10_000)
    assert residence.compute() == 20_000
    assert residence.compute(online=True) == 10_000
    assert residence.describe() == "20.000 đồng/trường hợp; nộp trực tuyến: 10.000 đồng"
    assert rule_of(0, residence.to_text()) == residence


def test_describe_in_the_law_s_words() -> None:
    assert COPIES.describe() == (
        "2.000 đồng/trang; từ trang thứ 3 trở lên 1.000 đồng/trang,"
        " tối đa không quá 200.000 đồng/bản"
    )
    assert FeeRule(FeeBasis.CASE, 50_000).describe() == "50.000 đồng/trường hợp"
    assert FeeRule(FeeBasis.COPY, 8000).describe() == "8.000 đồng/bản"
    assert FeeRule(FeeBasis.FREE).describe() == "Miễn phí"
    assert "HĐND tỉnh" in FeeRule(FeeBasis.CASE, 100_000, provincial=True).describe()


def test_round_trip_and_rules_of_old_rows() -> None:
    assert rule_of(0, COPIES.to_text()) == COPIES
    assert rule_from_json(COPIES.to_json()) == COPIES
    assert rule_of(20_000, "") == FeeRule(FeeBasis.CASE, 20_000)
    assert rule_of(0, "") == FeeRule(FeeBasis.FREE)


@pytest.mark.parametrize(
    "bad",
    ['{"basis": "weekly"}', '{"basis": "page", "amount": -1}', "[1]", "{", '{"amount": 5}'],
)
def test_unreadable_rules_are_refused(bad: str) -> None:
    with pytest.raises(FeeRuleError):
        rule_of(0, bad)


@pytest.mark.parametrize(("pages", "copies"), [(0, 1), (1, 0), (10_001, 1), (1, 1000)])
def test_counts_out_of_range_are_refused(pages: int, copies: int) -> None:
    with pytest.raises(FeeRuleError):
        COPIES.compute(pages, copies)
