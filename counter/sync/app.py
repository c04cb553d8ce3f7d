"""The FastAPI application of the sync server (HTTP/JSON with gzip, bearer device tokens)."""

from __future__ import annotations

import zlib
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware

from counter.errors import CounterError, NotFoundError, PermissionDenied
from counter.sync import server
from counter.sync.protocol import (
    MAX_BATCH,
    PROTOCOL_VERSION,
    decode_event,
    dumps,
    read_json,
)
from counter.sync.status_page import render_status
from counter.sync.store import ServerStore


class JSONBytes(Response):
    media_type = "application/json"


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


def _token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


async def _body(request: Request) -> Any:
    raw = await request.body()
    try:
        return read_json(raw, request.headers.get("content-encoding"))
    except (OSError, EOFError, ValueError, zlib.error) as exc:
        raise CounterError("Dữ liệu gửi lên không đọc được (hỏng hoặc không phải JSON).") from exc


def create_app(store: ServerStore) -> FastAPI:
    app = FastAPI(title="counter sync", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(GZipMiddleware, minimum_size=800, compresslevel=6)
    app.state.store = store

    @app.exception_handler(CounterError)
    async def _counter_error(_request: Request, exc: CounterError) -> JSONResponse:
        if isinstance(exc, PermissionDenied):
            return _error(403 if "chỉ được" in exc.message else 401, exc.message)
        if isinstance(exc, NotFoundError):
            return _error(404, exc.message)
        return _error(400, exc.message)

    @app.get("/v1/health")
    async def health() -> dict[str, Any]:
        return {"ok": True, "protocol": PROTOCOL_VERSION}

    @app.post("/v1/enroll")
    async def enroll(request: Request) -> dict[str, Any]:
        data = await _body(request)
        if not isinstance(data, dict):
            raise CounterError("Yêu cầu đăng ký không hợp lệ.")
        done = await run_in_threadpool(
            server.enroll_device,
            store,
            str(data.get("code", "")),
            str(data.get("device_id", "")),
            str(data.get("name", "")),
        )
        return {
            "token": done.token,
            "counter_no": done.counter_no,
            "office": {"identifier": done.office_identifier, "name": done.office_name},
            "status_key": done.status_key,
        }

    @app.post("/v1/push")
    async def push(request: Request) -> dict[str, Any]:
        caller = await run_in_threadpool(server.authenticate, store, _token(request))
        data = await _body(request)
        items = data.get("events") if isinstance(data, dict) else None
        if not isinstance(items, list) or len(items) > MAX_BATCH:
            raise CounterError(f"Một lần gửi phải là danh sách tối đa {MAX_BATCH} sự kiện.")
        try:
            decoded = [decode_event(item) for item in items]
        except ValueError as exc:
            raise CounterError(f"Sự kiện không hợp lệ: {exc}.") from exc
        events = [event for event, _, _ in decoded]
        hashes = {event.id: digest for event, digest, _ in decoded if digest}
        texts = {event.id: text for event, _, text in decoded if text is not None}
        result = await run_in_threadpool(server.push_events, store, caller, events, hashes, texts)
        return {
            "accepted": result.accepted,
            "repeated": result.repeated,
            "clashes": result.clashes,
        }

    @app.get("/v1/pull")
    async def pull(request: Request, after: int = 0, limit: int = 1000) -> Response:
        caller = await run_in_threadpool(server.authenticate, store, _token(request))
        page = await run_in_threadpool(server.pull_events, store, caller, after, limit)
        # Payloads go as the JSON text stored (and hashed by the origin), never re-encoded.
        parts = [
            dumps(
                [
                    e.id,
                    e.dossier_id,
                    e.type,
                    e.hlc,
                    e.wall_time,
                    e.device,
                    e.actor,
                    e.payload,
                    e.hash,
                ]
            )
            for e in page.events
        ]
        head = dumps({"cursor": page.cursor, "more": page.more})[:-1]
        return JSONBytes(head + b',"events":[' + b",".join(parts) + b"]}")

    @app.get("/tra-cuu", response_class=HTMLResponse)
    async def status_page(ma: str = "", k: str = "") -> HTMLResponse:
        html, status = await run_in_threadpool(render_status, store, ma, k)
        return HTMLResponse(html, status_code=status)

    return app


def app_from_environment() -> FastAPI:
    """The app for `uvicorn --factory` worker processes (`counter server --workers N`): each
    worker opens the database named in $COUNTER_SERVER_DB (and $COUNTER_SERVER_SCHEMA)."""
    import os

    schema = os.environ.get("COUNTER_SERVER_SCHEMA") or None
    return create_app(ServerStore(os.environ["COUNTER_SERVER_DB"], schema=schema))
