"""The compact storage of events: every value reads back byte for byte, in the same order."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter.db import codec
from counter.domain.hlc import Timestamp, uuid7
from counter.paths import get_asset

# A stored payload names its dictionary; changing a dictionary would make every payload
# compressed with it unreadable. A better dictionary is a new version, never an edit.
PINNED = {
    "payload-1.zdict": "53d4eb0a3a9b9d169c10f0f3bff206c0eb331e4581cb9ff767f45aa5422e162b",
    "payload-2.zdict": "43025d8f0befdfde35dfaebc2e9ca19a2957b1f7c80e4eee6a89b13d31cb6db4",
}


def _sha(name: str) -> str:
    return hashlib.sha256(get_asset("storage", name).read_bytes()).hexdigest()


def test_the_payload_dictionaries_never_change() -> None:
    assert {name: _sha(name) for name in PINNED} == PINNED


def test_ids_hashes_and_clocks_are_stored_small_and_read_back() -> None:
    ident = uuid7()
    assert isinstance(codec.uuid_in(ident), bytes) and len(codec.uuid_in(ident)) == 16
    assert codec.uuid_out(codec.uuid_in(ident)) == ident
    digest = hashlib.sha256(b"x").hexdigest()
    assert codec.hash_out(codec.hash_in(digest)) == digest and len(codec.hash_in(digest)) == 32
    hlc = Timestamp(1772413200123, 42).encode()
    assert codec.hlc_in(hlc) == 1772413200123 * 1_000_000 + 42
    assert codec.hlc_out(codec.hlc_in(hlc)) == hlc
    assert codec.wall_out(codec.wall_in("2026-03-02 09:15:07")) == "2026-03-02 09:15:07"
    assert codec.link_of(digest) == bytes.fromhex(digest[:8]) and codec.link_of("") == b""


@pytest.mark.parametrize(
    "value",
    [
        "ref:procedure:1.001193",  # reference keys are not UUIDs
        "E1",
        "01A209CD-137E-7CAB-B140-68CD372C8AA0",  # upper case would not read back the same
        "01a209cd137e7cabb14068cd372c8aa0xxxx",
        "",
    ],
)
def test_values_not_in_canonical_shape_are_kept_as_text(value: str) -> None:
    assert codec.uuid_in(value) == value and codec.uuid_out(value) == value
    assert codec.hash_in(value) == value
    assert codec.hlc_in(value) == value
    assert codec.wall_in(value) == value


@pytest.mark.parametrize(
    "wall",
    ["2026-02-30 10:00:00", "2026-03-02T09:15:07", "2026-03-02 24:00:00", "２026-03-02 09:15:07"],
)
def test_wall_times_that_are_not_plain_moments_stay_text(wall: str) -> None:
    assert codec.wall_in(wall) == wall and codec.wall_out(wall) == wall


@given(
    st.integers(0, 10**15 - 1),
    st.integers(0, 999_999),
    st.integers(0, 10**15 - 1),
    st.integers(0, 999_999),
)
def test_integer_clocks_sort_like_their_text(m1: int, l1: int, m2: int, l2: int) -> None:
    a, b = Timestamp(m1, l1).encode(), Timestamp(m2, l2).encode()
    assert (a < b) == (codec.hlc_in(a) < codec.hlc_in(b))  # type: ignore[operator]


def test_uuid_bytes_sort_like_their_text() -> None:
    ids = [uuid7(ms) for ms in (5, 1_000, 1_772_413_200_000, 1_772_413_200_000, 2**47)]
    assert sorted(ids) == [codec.uuid_out(b) for b in sorted(codec.uuid_in(i) for i in ids)]  # type: ignore[type-var]


def _payloads() -> list[str]:
    from counter.db.wire import payload_json

    catalogue = json.loads(get_asset("catalogue", "procedures.json").read_text("utf-8"))
    proc = catalogue["procedures"][3]
    received = {
        "applicant": {"full_name": "Nguyễn Văn Đức", "id_number": "079090001234", "id": ""},
        "channel": "direct",
        "code": "000.00.12.H40-260302-0001",
        "documents": [
            {"copies": d["copies"], "name": d["name"], "originals": 1} for d in proc["documents"]
        ],
        "procedure": {"code": proc["code"], "name": proc["name"], "field": proc["field"]},
        "received_at": "2026-03-02 09:00:00",
    }
    unknown = dict(received, procedure={"code": "9.999999", "name": "Thủ tục riêng của tỉnh"})
    return [
        payload_json(received),
        payload_json(unknown),
        payload_json(
            {
                "at": "2026-03-02 09:00:00",
                "from_person": "Trần Thị Thu Hà",
                "to_person": "Lê Văn Đạt",
                "to_unit": "Công chức chuyên môn",
            }
        ),
        payload_json({"form": "01", "paper": "a4", "reprint": False}),
        payload_json({"rating": 3}),
        payload_json({"text": 'Ghi chú — “ngoặc kép” \\ " \u0000 😀'}),
        "{}",
        "not json at all, kept as it is",
    ]


@pytest.mark.parametrize("text", _payloads())
def test_payloads_read_back_byte_for_byte(text: str) -> None:
    stored = codec.payload_in(text)
    assert codec.payload_out(stored) == text
    if isinstance(stored, bytes):
        assert stored[0] in (1, 2) and len(stored) < len(text.encode())


def test_an_intake_is_stored_in_a_fraction_of_its_json() -> None:
    text = _payloads()[0]
    stored = codec.payload_in(text)
    assert isinstance(stored, bytes) and stored[0] == 2  # its procedure's dictionary segment
    assert len(stored) * 4 < len(text.encode())


@given(st.text(max_size=400))
def test_any_text_reads_back(text: str) -> None:
    assert codec.payload_out(codec.payload_in(text)) == text


def test_an_unknown_payload_format_is_refused() -> None:
    with pytest.raises(ValueError):
        codec.payload_out(b"\x09abc")
    with pytest.raises(ValueError):
        codec.payload_out(b"")
