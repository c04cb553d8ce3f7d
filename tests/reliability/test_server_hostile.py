"""The sync server under malformed and hostile requests, on a real server on loopback.

Every request here gets a clear 4xx with a Vietnamese message, never a 500, and the store is
checked after each: no event of a refused batch is stored, not even its valid part."""

from __future__ import annotations

import gzip
import json
import socket
from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from counter.sync import server
from counter.sync.app import create_app
from counter.sync.protocol import MAX_BODY
from counter.sync.store import ServerEvent, ServerStore
from tests.sync.conftest import LiveServer, received_payload

OFFICE = "000.00.12.H40"
DEVICE = "0190f000-0000-7000-8000-00000000000a"


SMALL_LIMIT = 64 * 1024


@pytest.fixture
def live(store: ServerStore) -> Iterator[LiveServer]:
    server.add_office(store, OFFICE, "UBND xã Tân Hưng")
    running = LiveServer(store).start()
    yield running
    running.stop()


@pytest.fixture
def http(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=30) as client:
        yield client


def _token(store: ServerStore, device: str = DEVICE) -> str:
    code = server.create_enrolment(store, OFFICE)
    return server.enroll_device(store, code.code, device, "Quầy").token


def _event(n: int, device: str = DEVICE) -> list[object]:
    return [
        f"0190f000-0000-7000-8000-{n:012d}",
        f"d{n}",
        "note_added",
        f"{1_772_000_000_000 + n:015d}.000000",
        "2026-03-02 09:00:00",
        device,
        "motcua",
        json.dumps({"text": f"ghi chú {n}"}, ensure_ascii=False),
        "",
    ]


def _stored(store: ServerStore) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(ServerEvent)) or 0)


def _push(http: httpx.Client, token: str, body: bytes, **headers: str) -> httpx.Response:
    return http.post(
        "/v1/push",
        content=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            **headers,
        },
    )


def _refused(response: httpx.Response, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert words in detail, detail


def _batch(count: int = 3) -> bytes:
    return json.dumps({"events": [_event(n) for n in range(1, count + 1)]}).encode()


def test_truncated_and_corrupt_gzip_store_nothing(live: LiveServer, http: httpx.Client) -> None:
    token = _token(live.store)
    whole = gzip.compress(_batch())
    # Cut in the trailer: the data inflates completely to valid JSON, but the CRC and length
    # were never checked, so this is not the batch that was sent.
    for cut in (whole[:-4], whole[:-8], whole[: len(whole) // 2], whole[:10]):
        _refused(_push(http, token, cut, **{"Content-Encoding": "gzip"}), 400, "không đọc được")
    corrupt = bytearray(whole)
    corrupt[len(corrupt) // 2] ^= 0xFF
    _refused(
        _push(http, token, bytes(corrupt), **{"Content-Encoding": "gzip"}), 400, "không đọc được"
    )
    # Trailing bytes after a complete stream, and a body that is not gzip at all.
    _refused(_push(http, token, whole + b"xyz", **{"Content-Encoding": "gzip"}), 400, "không")
    _refused(_push(http, token, _batch(), **{"Content-Encoding": "gzip"}), 400, "không")
    assert _stored(live.store) == 0
    # The same batch, whole, is stored.
    response = _push(http, token, whole, **{"Content-Encoding": "gzip"})
    assert response.status_code == 200 and response.json()["accepted"] == 3
    assert _stored(live.store) == 3


def test_invalid_json_inside_valid_gzip(live: LiveServer, http: httpx.Client) -> None:
    token = _token(live.store)
    deep = b"[" * 100_000 + b"]" * 100_000  # deeper than the parser can go
    bodies = [
        b'{"events": [',
        b"\xff\xfe not utf-8",
        b"null",
        b'{"events": {"a": 1}}',
        deep,
        json.dumps({"events": [[*_event(1)[:7], "{not json", ""]]}).encode(),
        json.dumps({"events": [_event(1), ["too", "short"]]}).encode(),
    ]
    for body in bodies:
        response = _push(http, token, gzip.compress(body), **{"Content-Encoding": "gzip"})
        assert response.status_code == 400, (body[:40], response.text)
        assert response.json()["detail"]
    assert _stored(live.store) == 0


def test_a_batch_with_one_bad_event_is_refused_whole(live: LiveServer, http: httpx.Client) -> None:
    token = _token(live.store)
    good = [_event(n) for n in range(1, 500)]
    bad_ones = [
        [*_event(900)[:3], "not-a-clock", *_event(900)[4:]],
        [*_event(901)[:6], "motcua\x00", *_event(901)[7:]],  # NUL: PostgreSQL refuses it
        [*_event(902)[:6], "motcua\ud800", *_event(902)[7:]],  # a lone surrogate
        [*_event(903)[:7], '{"text": "a\\u0000b"}', ""],  # escaped NUL in payload: fine
        _event(904, device="0190f000-0000-7000-8000-0000000000ff"),  # another device's
    ]
    statuses = []
    for bad in bad_ones:
        before = _stored(live.store)
        body = json.dumps({"events": [*good, bad]}).encode()
        response = _push(http, token, gzip.compress(body), **{"Content-Encoding": "gzip"})
        statuses.append(response.status_code)
        if response.status_code != 200:
            assert _stored(live.store) == before, bad
    assert statuses == [400, 400, 400, 200, 403]
    assert _stored(live.store) == 500


def test_oversized_bodies_before_and_after_gunzip(store: ServerStore) -> None:
    server.add_office(store, OFFICE, "UBND xã Tân Hưng")
    token = _token(store)
    running = LiveServer(store, app=create_app(store, max_body=SMALL_LIMIT)).start()
    try:
        with httpx.Client(base_url=running.url, timeout=60) as http:
            over = json.dumps({"events": [_event(1)], "pad": "x" * SMALL_LIMIT}).encode()
            _refused(_push(http, token, over), 413, "quá lớn")
            # Compressed it is small, inflated it is over the limit.
            packed = gzip.compress(over)
            assert len(packed) < SMALL_LIMIT
            _refused(_push(http, token, packed, **{"Content-Encoding": "gzip"}), 413, "quá lớn")
            # Incompressible bytes over the limit as sent, streamed without a length.
            noise = gzip.compress(bytes(range(256)) * 10)
            chunks = iter([noise] * (SMALL_LIMIT // len(noise) + 2))
            response = http.post(
                "/v1/push",
                content=chunks,
                headers={"Authorization": f"Bearer {token}", "Content-Encoding": "gzip"},
            )
            _refused(response, 413, "quá lớn")
            # Just under the limit is fine.
            fine = json.dumps({"events": [_event(2)], "pad": "x" * (SMALL_LIMIT // 2)}).encode()
            assert _push(http, token, fine).status_code == 200
    finally:
        running.stop()
    with store.session() as session:
        ids = session.scalars(select(ServerEvent.dossier_id)).all()
    assert ids == ["d2"]


def test_gzip_bomb_at_the_real_limit(live: LiveServer, http: httpx.Client) -> None:
    token = _token(live.store)
    bomb = gzip.compress(
        b'{"events": [' + json.dumps(_event(1)).encode() + b"]," + b" " * (MAX_BODY + 1) + b"}",
        compresslevel=9,
    )
    assert len(bomb) < MAX_BODY // 500  # a few tens of kB on the wire
    _refused(_push(http, token, bomb, **{"Content-Encoding": "gzip"}), 413, "quá lớn")
    # A declared length over the limit is answered before the body is sent at all.
    with socket.create_connection(("127.0.0.1", live.port), timeout=10) as raw:
        raw.sendall(
            b"POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + f"Authorization: Bearer {token}\r\nContent-Length: {MAX_BODY + 1}\r\n\r\n".encode()
        )
        received = b""
        while not received.endswith(b"}"):
            chunk = raw.recv(65536)
            if not chunk:
                break
            received += chunk
        answer = received.decode(errors="replace")
    assert answer.startswith("HTTP/1.1 413"), answer
    assert "quá lớn" in answer
    assert _stored(live.store) == 0


def test_replayed_and_revoked_tokens(live: LiveServer, http: httpx.Client) -> None:
    store = live.store
    code = server.create_enrolment(store, OFFICE)
    first = server.enroll_device(store, code.code, DEVICE, "Quầy", "nonce-1").token
    # A copy of the same request (a proxy's resend): the same token, nothing changes.
    assert server.enroll_device(store, code.code, DEVICE, "Quầy", "nonce-1").token == first
    # The counter gave up on that attempt and tries again: a new token, the old one void.
    second = server.enroll_device(store, code.code, DEVICE, "Quầy", "nonce-2").token
    assert second != first
    body = gzip.compress(_batch(2))
    _refused(_push(http, first, body, **{"Content-Encoding": "gzip"}), 401, "đăng ký lại")
    assert _stored(store) == 0
    response = _push(http, second, body, **{"Content-Encoding": "gzip"})
    assert response.json() == {"accepted": 2, "repeated": 0, "clashes": []}
    # A replayed request changes nothing.
    response = _push(http, second, body, **{"Content-Encoding": "gzip"})
    assert response.json() == {"accepted": 0, "repeated": 2, "clashes": []}
    assert _stored(store) == 2
    # Revoked: push and pull refused, nothing stored.
    assert server.revoke_device(store, OFFICE, code.counter_no) == 1
    assert server.revoke_device(store, OFFICE, code.counter_no) == 0
    assert [d.revoked for d in server.list_devices(store, OFFICE)] == [True]
    _refused(_push(http, second, gzip.compress(_batch(4)), **{"Content-Encoding": "gzip"}), 401, "")
    pulled = http.get("/v1/pull", headers={"Authorization": f"Bearer {second}"})
    assert pulled.status_code == 401
    assert _stored(store) == 2
    # Headers that are not a bearer token.
    headers: list[str | bytes] = ["", "Bearer", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 5000]
    headers.append("Bearer \xfc".encode("latin-1"))
    for header in headers:
        response = http.get("/v1/pull", headers={"Authorization": header})
        assert response.status_code in (401, 429), response.text


def test_replayed_enrolment_code(live: LiveServer, http: httpx.Client) -> None:
    store = live.store
    code = server.create_enrolment(store, OFFICE).code

    def enrol(device: str, code: str = code) -> httpx.Response:
        return http.post("/v1/enroll", json={"code": code, "device_id": device, "name": "Quầy"})

    first = enrol(DEVICE)
    assert first.status_code == 200
    # Another machine replaying the code.
    _refused(enrol("0190f000-0000-7000-8000-0000000000bb"), 401, "máy khác")
    # The same machine once it has synced with its token: the code is spent.
    token = first.json()["token"]
    assert _push(http, token, _batch(1)).status_code == 200
    _refused(enrol(DEVICE), 401, "đã được dùng")
    assert len(server.list_devices(store, OFFICE)) == 1
    # Malformed enrolment requests: clear 4xx, nothing enrolled.
    bad = [
        {"code": code, "device_id": "x" * 37},
        {"code": code, "device_id": ""},
        {"code": code, "device_id": "dev\x00"},
        {"code": ["list"], "device_id": "dev"},
        {"code": code, "device_id": "dev", "name": "\ud800"},
    ]
    for payload in bad:
        response = http.post(
            "/v1/enroll",
            content=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code in (400, 401, 403, 429), (payload, response.text)
    assert len(server.list_devices(store, OFFICE)) == 1
    assert _stored(store) == 1


def test_an_expired_replay_window_spends_the_code(
    live: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = live.store
    code = server.create_enrolment(store, OFFICE).code
    server.enroll_device(store, code, DEVICE, "Quầy")
    later = datetime.now() + timedelta(minutes=server.REPLAY_MINUTES + 1)
    monkeypatch.setattr(server, "_now", lambda: later.replace(microsecond=0).isoformat(sep=" "))
    with pytest.raises(server.PermissionDenied, match="đã được dùng"):
        server.enroll_device(store, code, DEVICE, "Quầy")


def test_status_page_with_hostile_parameters(live: LiveServer, http: httpx.Client) -> None:
    code = f"{OFFICE}-260302-0001"
    for ma, k in [
        (code, "ü"),  # non-ASCII check value: hmac.compare_digest refuses str like that
        (code, "\x00"),
        (code + "\x00", "abc"),
        (f"{OFFICE}-260302-" + "9" * 5000, "abc"),  # past Python's int-from-text limit
    ]:
        response = http.get("/tra-cuu", params={"ma": ma, "k": k})
        assert response.status_code == 404, (ma[:30], response.text[:200])
        assert "Không tìm thấy hồ sơ" in response.text
    raw = http.get("/tra-cuu?ma=%ED%A0%80%00&k=%FF")  # not UTF-8 once decoded
    assert raw.status_code == 404
    response = http.get("/v1/pull", params={"after": 10**30}, headers={"Authorization": "Bearer x"})
    assert response.status_code == 422 and "after" in response.json()["detail"]


def test_received_events_with_oversized_codes_or_ids(live: LiveServer, http: httpx.Client) -> None:
    """A dossier's code and id go into the server's code table: sizes a counter never makes
    are refused, not passed on to the database (PostgreSQL would refuse them mid-batch)."""
    token = _token(live.store)

    def received(n: int, dossier_id: str, code: object) -> list[object]:
        event = _event(n)
        event[1] = dossier_id
        event[2] = "received"
        event[7] = json.dumps(received_payload(code))
        return event

    for bad in (
        received(1, "d" * 50, "000.00.12.H40-260302-0001"),
        received(2, "d2", "C" * 61),
        received(3, "d3", ["not", "text"]),
        received(4, "d4", ""),
    ):
        body = json.dumps({"events": [_event(10), bad]}).encode()
        response = _push(http, token, body)
        assert response.status_code == 400, response.text
        assert _stored(live.store) == 0
    fine = received(5, "0190f000-0000-7000-8000-000000000005", "000.00.12.H40-260302-0001")
    assert _push(http, token, json.dumps({"events": [fine]}).encode()).status_code == 200


_TEXT = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=80),
    st.sampled_from(
        ["", "received", "note_added", "ref.user", "\x00", "\ud800", "a" * 61, "ẞ" * 37]
    ),
)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)


@st.composite
def _own_events(draw: st.DrawFn) -> list[list[object]]:
    """Events from the caller's own device (so they get past authorisation) whose other fields
    are anything: odd Unicode, NUL, surrogates, sizes past every column, odd payloads."""
    events = []
    for n in range(draw(st.integers(1, 4))):
        event = _event(draw(st.integers(1, 10**6)) * 10 + n)
        for index in draw(st.sets(st.sampled_from([0, 1, 2, 3, 4, 6, 8]), max_size=3)):
            event[index] = draw(_TEXT)
        if draw(st.booleans()):
            event[2] = "received"
        if draw(st.booleans()):
            payload = draw(st.dictionaries(_TEXT, _JSON, max_size=4))
            if draw(st.booleans()):
                payload["code"] = draw(_JSON)
            event[7] = payload if draw(st.booleans()) else json.dumps(payload)
        events.append(event)
    return events


def test_fuzzed_events_from_the_callers_own_device(live: LiveServer, http: httpx.Client) -> None:
    token = _token(live.store)
    seen: dict[int, int] = {}

    @settings(
        max_examples=120,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(events=_own_events())
    def push(events: list[list[object]]) -> None:
        before = _stored(live.store)
        body = json.dumps({"events": events}).encode()  # lone surrogates travel escaped
        response = _push(http, token, gzip.compress(body), **{"Content-Encoding": "gzip"})
        seen[response.status_code] = seen.get(response.status_code, 0) + 1
        assert response.status_code in (200, 400), response.text
        assert response.json()["detail" if response.status_code == 400 else "accepted"] is not None
        if response.status_code == 400:
            assert _stored(live.store) == before  # nothing of a refused batch
        else:
            assert _stored(live.store) == before + response.json()["accepted"]

    push()
    assert seen.get(200) and seen.get(400)  # both outcomes were reached


def test_copies_of_one_enrolment_request_arriving_together_give_one_working_token(
    live: LiveServer,
) -> None:
    """A proxy resending the request while the first copy runs: every copy gets the token the
    server keeps (before, the second copy voided the token the counter was given)."""
    import threading

    store = live.store
    code = server.create_enrolment(store, OFFICE).code
    body = {"code": code, "device_id": DEVICE, "name": "Quầy", "nonce": "n" * 32}
    answers: list[httpx.Response] = []
    start = threading.Barrier(4)

    def send() -> None:
        with httpx.Client(base_url=live.url, timeout=30) as client:
            start.wait()
            answers.append(client.post("/v1/enroll", json=body))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [200] * 4, [a.text for a in answers]
    tokens = {a.json()["token"] for a in answers}
    assert len(tokens) == 1
    with httpx.Client(base_url=live.url, timeout=30) as client:
        assert _push(client, tokens.pop(), _batch(1)).status_code == 200
    assert len(server.list_devices(store, OFFICE)) == 1
