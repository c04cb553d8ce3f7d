"""The FastAPI application of the sync server (HTTP/JSON with gzip, bearer device tokens)."""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware

from counter.db.wire import FIELDS, HASH
from counter.errors import CounterError, NotFoundError, PermissionDenied, ValidationError
from counter.sync import access_log, server
from counter.sync.file_server import (
    CHUNK,
    MAX_CHUNK,
    PARTIAL_DAYS,
    PartialSweeper,
    ServerFiles,
    SyncedOfficeFiles,
    default_dir,
    partial_days_from_environment,
)
from counter.sync.limits import (
    AUTH_FAILURES,
    AUTH_WINDOW,
    ENROL_FAILURES,
    ENROL_WINDOW,
    STATUS_HITS,
    STATUS_WINDOW,
    FailureLimiter,
)
from counter.sync.protocol import (
    MAX_BATCH,
    MAX_BODY,
    PROTOCOL_VERSION,
    PULL_PAGE,
    BodyTooLarge,
    read_json,
    storable,
)
from counter.sync.result_files import OfficeFiles
from counter.sync.status_page import RESULT_PAGE, render_status, result_download, too_many
from counter.sync.store import ServerStore


class JSONBytes(Response):
    media_type = "application/json"


# --- the documented wire format (OpenAPI); bodies are parsed by hand (gzip, limits) ----------


class ErrorAnswer(BaseModel):
    detail: str = Field(description="Lý do, bằng tiếng Việt, để hiện cho người dùng")


class HealthAnswer(BaseModel):
    ok: bool
    protocol: int


class EnrolRequest(BaseModel):
    code: str = Field(max_length=100, description="mã đăng ký dùng một lần")
    device_id: str = Field(min_length=1, max_length=36)
    name: str = Field(default="", max_length=100)
    nonce: str = Field(
        default="",
        max_length=100,
        description="số ngẫu nhiên của quầy cho yêu cầu này: mọi bản sao của yêu cầu nhận cùng một mã truy cập",
    )
    protocol: int = PROTOCOL_VERSION
    public_key: str = Field(
        default="", max_length=60, description="khóa công khai Ed25519 của quầy (base64)"
    )


class KeyRequest(BaseModel):
    public_key: str = Field(max_length=60, description="khóa công khai Ed25519 của quầy (base64)")


class DeviceCert(BaseModel):
    key: str
    since: str
    sig: str


class KeyAnswer(BaseModel):
    cert: DeviceCert


class OfficeAnswer(BaseModel):
    identifier: str
    name: str


class EnrolAnswer(BaseModel):
    token: str
    counter_no: int
    office: OfficeAnswer
    status_key: str
    authority: str = Field(
        default="", description="quản trị viên gốc của cơ quan: {tên: khóa công khai}, JSON"
    )
    server_key: str = Field(default="", description="khóa công khai ký biên nhận của máy chủ")


class Clash(BaseModel):
    code: str
    dossier_id: str
    event_id: str


class Receipt(BaseModel):
    head: str
    sig: str


class PushAnswer(BaseModel):
    accepted: int
    repeated: int
    clashes: list[Clash]
    receipt: Receipt | None = None


# An event on the wire (counter/db/wire.py): its fields in order, then its hash.
WIRE_EVENT: dict[str, Any] = {
    "type": "array",
    "minItems": len(FIELDS),
    "maxItems": len(FIELDS) + 1,
    "description": f"[{', '.join((*FIELDS, HASH))}]",
}
PUSH_BODY: dict[str, Any] = {
    "type": "object",
    "required": ["events"],
    "properties": {"events": {"type": "array", "maxItems": MAX_BATCH, "items": WIRE_EVENT}},
}
TRUST_FIELDS: dict[str, Any] = {
    "heads": {
        "type": "array",
        "description": "signed push heads stored in the page: [device, prev, hash, sig]",
        "items": {"type": "array", "items": {"type": "string"}},
    },
    "devices": {
        "type": "object",
        "description": "the server's certificate of each device in the page: "
        "{device: [public key, since hash, signature]}",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
}
PULL_ANSWER: dict[str, Any] = {
    "type": "object",
    "required": ["cursor", "more", "events"],
    "properties": {
        "cursor": {"type": "integer"},
        "more": {"type": "boolean"},
        "own": {
            "type": "boolean",
            "description": "present (true) when the caller's own events were included",
        },
        "authority": {
            "type": "string",
            "description": "the office's root admin for reference data ({username: key}, JSON)",
        },
        "events": {"type": "array", "items": WIRE_EVENT},
        **TRUST_FIELDS,
    },
}
TRUST_ANSWER: dict[str, Any] = {"type": "object", "properties": TRUST_FIELDS}


TOKEN: dict[str, Any] = {"security": [{"deviceToken": []}]}
API_NOTE = (
    "Nightly exchange of events between the counters of an office and its central server. "
    "Request bodies may be sent gzip-compressed (Content-Encoding: gzip); a body over the size "
    "limit, as sent or once inflated, is answered 413. Failed enrolments and failed "
    "authentications are limited per client address (429 with Retry-After)."
)


UNREADABLE = "Dữ liệu gửi lên không đọc được (hỏng, bị cắt cụt hoặc không phải JSON)."


def _json_body(schema: dict[str, Any] | type[BaseModel]) -> dict[str, Any]:
    if isinstance(schema, type):
        schema = schema.model_json_schema()
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    answers: dict[int | str, dict[str, Any]] = {
        code: {"model": ErrorAnswer, "description": _REASONS[code]} for code in codes
    }
    if 429 in answers:
        answers[429]["headers"] = {
            "Retry-After": {
                "description": "số giây phải chờ",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
            }
        }
    return answers


_REASONS = {
    400: "Dữ liệu gửi lên không đọc được hoặc không hợp lệ",
    401: "Thiếu hoặc sai mã xác thực của quầy",
    403: "Không được phép",
    404: "Không có (tệp số hóa chưa có trên máy chủ hoặc không thuộc cơ quan)",
    413: "Dữ liệu gửi lên quá lớn",
    422: "Tham số không hợp lệ",
    429: "Quá nhiều lần thử sai từ địa chỉ này (xem Retry-After)",
}


class TooLarge(CounterError):
    """A body over the server's limit (HTTP 413)."""


class TooManyFailures(CounterError):
    """An address over its failure limit (HTTP 429 with Retry-After)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"Có quá nhiều lần thử sai từ địa chỉ này. Hãy thử lại sau {retry_after} giây."
        )
        self.retry_after = retry_after


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status, headers=headers)


def _token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _address(request: Request) -> str:
    # uvicorn puts the real client here, also behind a reverse proxy it trusts
    # (--forwarded-allow-ips; 127.0.0.1 by default).
    return request.client.host if request.client else ""


def create_app(
    store: ServerStore,
    *,
    max_body: int = MAX_BODY,
    enrol_limiter: FailureLimiter | None = None,
    auth_limiter: FailureLimiter | None = None,
    device_quota: int | None = None,
    status_limiter: FailureLimiter | None = None,
    files_dir: Path | None = None,
    files: OfficeFiles | None = None,
    partial_days: float = PARTIAL_DAYS,
) -> FastAPI:
    """The server. `max_body` bounds a request body as sent and once inflated; the limiters
    count failed enrolments and failed authentications per client address. `partial_days`: a
    partial file upload no chunk reached for that long is removed (0: never)."""
    access_log.install()  # no status-link check values in the access log
    app = FastAPI(
        title="counter sync",
        version=str(PROTOCOL_VERSION),
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # not served; `app.openapi()` gives it to tests and tools
    )
    app.add_middleware(GZipMiddleware, minimum_size=800, compresslevel=6)
    app.state.store = store
    enrolments = enrol_limiter or FailureLimiter(ENROL_FAILURES, ENROL_WINDOW)
    tokens = auth_limiter or FailureLimiter(AUTH_FAILURES, AUTH_WINDOW)
    app.state.enrol_limiter = enrolments
    app.state.auth_limiter = tokens
    looks = status_limiter or FailureLimiter(STATUS_HITS, STATUS_WINDOW)
    app.state.status_limiter = looks

    def openapi() -> dict[str, Any]:
        # The bearer device token, declared so tools (and the fuzz tests) know where it goes.
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, routes=app.routes, description=API_NOTE
            )
            schema.setdefault("components", {})["securitySchemes"] = {
                "deviceToken": {"type": "http", "scheme": "bearer"}
            }
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.exception_handler(CounterError)
    async def _counter_error(_request: Request, exc: CounterError) -> JSONResponse:
        if isinstance(exc, TooManyFailures):
            return _error(429, exc.message, {"Retry-After": str(exc.retry_after)})
        if isinstance(exc, TooLarge | server.QuotaExceeded):
            return _error(413, exc.message)
        if isinstance(exc, PermissionDenied):
            return _error(403 if isinstance(exc, server.Forbidden) else 401, exc.message)
        if isinstance(exc, NotFoundError):
            return _error(404, exc.message)
        return _error(400, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _bad_parameters(_request: Request, exc: RequestValidationError) -> JSONResponse:
        names = sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")})
        return _error(422, "Tham số không hợp lệ: " + ", ".join(names) + ".")

    async def _body(request: Request) -> Any:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_body:
            raise TooLarge(_too_large(max_body))
        raw = await _limited(request, max_body)
        try:
            return read_json(raw, request.headers.get("content-encoding"), max_body)
        except BodyTooLarge as exc:
            raise TooLarge(_too_large(max_body)) from exc
        except (OSError, EOFError, ValueError, zlib.error) as exc:
            raise CounterError(UNREADABLE) from exc

    async def _caller(request: Request) -> server.Caller:
        """The device the bearer token belongs to. A valid token is always served; a bad one
        counts against its address, and past the limit is answered 429."""
        address = _address(request)
        try:
            return await run_in_threadpool(server.authenticate, store, _token(request))
        except PermissionDenied:
            wait = tokens.retry_after(address)
            if wait:
                raise TooManyFailures(wait) from None
            tokens.fail(address)
            raise

    @app.get("/v1/health", response_model=HealthAnswer)
    async def health() -> dict[str, Any]:
        return {"ok": True, "protocol": PROTOCOL_VERSION}

    @app.post(
        "/v1/enroll",
        response_model=EnrolAnswer,
        openapi_extra=_json_body(EnrolRequest),
        responses=_errors(400, 401, 403, 413, 429),
    )
    async def enroll(request: Request) -> dict[str, Any]:
        address = _address(request)
        wait = enrolments.retry_after(address)
        if wait:
            raise TooManyFailures(wait)
        try:
            data = await _body(request)
            if not isinstance(data, dict):
                raise ValidationError("Yêu cầu đăng ký không hợp lệ.")
            fields = [
                data.get(name, "") for name in ("code", "device_id", "name", "nonce", "public_key")
            ]
            if not all(isinstance(f, str) and storable(f) for f in fields):
                raise ValidationError("Yêu cầu đăng ký không hợp lệ.")
            done = await run_in_threadpool(server.enroll_device, store, *fields)
        except CounterError:
            # A wrong or used code, and an unreadable or oversized body, all count.
            enrolments.fail(address)
            raise
        return {
            "token": done.token,
            "counter_no": done.counter_no,
            "office": {"identifier": done.office_identifier, "name": done.office_name},
            "status_key": done.status_key,
            "authority": done.authority,
            "server_key": done.server_key,
        }

    @app.post(
        "/v1/push",
        response_model=PushAnswer,
        response_model_exclude_none=True,  # no receipt for a client that signed no head
        openapi_extra={**_json_body(PUSH_BODY), **TOKEN},
        responses=_errors(400, 401, 403, 413, 429),
    )
    async def push(request: Request) -> dict[str, Any]:
        caller = await _caller(request)
        data = await _body(request)
        return await run_in_threadpool(server.handle_push, store, caller, data, device_quota)

    @app.get(
        "/v1/pull",
        openapi_extra=TOKEN,
        responses={
            200: {"content": {"application/json": {"schema": PULL_ANSWER}}, "description": "OK"},
            **_errors(401, 422, 429),
        },
    )
    async def pull(
        request: Request,
        after: int = Query(0, ge=0, le=2**62),
        limit: int = Query(PULL_PAGE, ge=1, le=5000),
        own: bool = Query(
            False,
            description="include the caller's own events (a counter restored from a backup "
            "takes back what it sent after the backup)",
        ),
    ) -> Response:
        caller = await _caller(request)
        body = await run_in_threadpool(
            lambda: server.pull_answer(store, caller, after, limit, own=own)
        )
        return JSONBytes(body)

    @app.post(
        "/v1/device-key",
        response_model=KeyAnswer,
        openapi_extra={**_json_body(KeyRequest), **TOKEN},
        responses=_errors(400, 401, 403, 413, 429),
    )
    async def device_key(request: Request) -> dict[str, Any]:
        """A counter enrolled before device keys registers its key, once (`server.register_key`)."""
        caller = await _caller(request)
        data = await _body(request)
        key = data.get("public_key") if isinstance(data, dict) else None
        if not isinstance(key, str) or not storable(key) or len(key) > 60:
            raise ValidationError("Khóa công khai của quầy không hợp lệ.")
        return await run_in_threadpool(server.register_key, store, caller, key)

    @app.get(
        "/v1/trust",
        openapi_extra=TOKEN,
        responses={
            200: {"content": {"application/json": {"schema": TRUST_ANSWER}}, "description": "OK"},
            **_errors(401, 422, 429),
        },
    )
    async def trust(request: Request, upto: int = Query(0, ge=0, le=2**62)) -> dict[str, Any]:
        """Certificates and signed heads up to `upto`, for a counter that pulled before pulls
        carried them (`server.trust_answer`)."""
        caller = await _caller(request)
        return await run_in_threadpool(server.trust_answer, store, caller, upto)

    @app.get(
        "/tra-cuu",
        response_class=HTMLResponse,
        responses={
            404: {"content": {"text/html": {}}, "description": "Không tìm thấy hồ sơ"},
            429: {"content": {"text/html": {}}, "description": "Tra cứu quá nhiều lần"},
        },
    )
    async def status_page(request: Request, ma: str = "", k: str = "") -> HTMLResponse:
        address = _address(request)
        wait = looks.retry_after(address)
        if wait:
            return HTMLResponse(too_many(wait), status_code=429, headers={"Retry-After": str(wait)})
        looks.fail(address)  # every look counts (a rate, not a failure count)
        html, status = await run_in_threadpool(render_status, store, ma, k)
        return HTMLResponse(html, status_code=status)

    server_files = ServerFiles(store, files_dir or default_dir(store))
    app.state.partial_sweeper = PartialSweeper(server_files, partial_days)
    file_routes(app, server_files, _caller, app.state.partial_sweeper)
    # The status page serves the electronic results the counters uploaded (`sync/files.py`).
    office_files = files if files is not None else SyncedOfficeFiles(server_files)
    app.state.office_files = office_files

    @app.post(
        RESULT_PAGE,
        response_class=Response,
        responses={
            200: {"content": {"application/pdf": {}}, "description": "Kết quả điện tử"},
            404: {"content": {"text/html": {}}, "description": "Không tải được kết quả"},
            429: {"content": {"text/html": {}}, "description": "Tra cứu quá nhiều lần"},
        },
    )
    async def result_page(request: Request) -> Response:
        """The electronic result: the status link's code and check value plus the second
        factor, posted by the status page's form (not in the address: not logged)."""
        address = _address(request)
        wait = looks.retry_after(address)
        if wait:
            return HTMLResponse(too_many(wait), status_code=429, headers={"Retry-After": str(wait)})
        looks.fail(address)  # every try counts, as a look at the status page does
        raw = await request.body()
        try:
            form = parse_qs(raw[:4096].decode("utf-8", "replace"), max_num_fields=5)
        except ValueError:
            form = {}

        def field(name: str) -> str:
            return (form.get(name) or [""])[0]

        data, html, status = await run_in_threadpool(
            result_download, store, office_files, field("ma"), field("k"), field("so")
        )
        if data is None:
            return HTMLResponse(html, status_code=status)
        name = "ket-qua-" + "".join(c for c in field("ma") if c.isalnum() or c in "-.") + ".pdf"
        return Response(
            data,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'attachment; filename="{name}"',
                "Cache-Control": "no-store",
            },
        )

    return app


def file_routes(
    app: FastAPI, files: ServerFiles, caller: Any, sweeper: PartialSweeper | None = None
) -> None:
    """Digitised files (sync.file_server): which the server has, upload and download by chunk."""

    @app.post("/v1/files/check", openapi_extra=TOKEN, responses=_errors(400, 401, 429))
    async def check_files(request: Request) -> dict[str, Any]:
        who = await caller(request)
        try:
            data = json.loads(await _limited(request, MAX_BODY) or b"{}")
        except ValueError as exc:  # a 400 in words, as for every other body, never a 500
            raise CounterError(UNREADABLE) from exc
        hashes = data.get("hashes") if isinstance(data, dict) else None
        if not isinstance(hashes, list) or not all(isinstance(h, str) for h in hashes):
            raise CounterError("Danh sách mã tệp không hợp lệ.")
        if sweeper is not None:  # abandoned partial uploads, at most hourly
            await run_in_threadpool(sweeper.maybe)
        return await run_in_threadpool(files.check, who, hashes)

    @app.put("/v1/files/{file_hash}", openapi_extra=TOKEN, responses=_errors(400, 401, 404, 429))
    async def upload_file(
        request: Request,
        file_hash: str,
        offset: int = Query(ge=0, le=2**40),
        size: int = Query(ge=1, le=2**40),
    ) -> dict[str, Any]:
        who = await caller(request)
        chunk = await _limited(request, MAX_CHUNK)
        return await run_in_threadpool(files.upload, who, file_hash, offset, size, chunk)

    @app.get("/v1/files/{file_hash}", openapi_extra=TOKEN, responses=_errors(400, 401, 404, 429))
    async def download_file(
        request: Request,
        file_hash: str,
        offset: int = Query(0, ge=0, le=2**40),
        length: int = Query(CHUNK, ge=1, le=MAX_CHUNK),
    ) -> Response:
        who = await caller(request)
        body, size = await run_in_threadpool(files.download, who, file_hash, offset, length)
        return Response(
            body, media_type="application/octet-stream", headers={"X-File-Size": str(size)}
        )


async def _limited(request: Request, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for piece in request.stream():
        size += len(piece)
        if size > limit:
            raise TooLarge(_too_large(limit))
        chunks.append(piece)
    return b"".join(chunks)


def _too_large(limit: int) -> str:
    return (
        f"Dữ liệu gửi lên quá lớn (tối đa {limit // (1024 * 1024) or 1} MB); "
        "hãy gửi thành nhiều lần nhỏ hơn."
    )


def app_from_environment() -> FastAPI:
    """The app for `uvicorn --factory` worker processes (`counter server --workers N`): each
    worker opens the database named in $COUNTER_SERVER_DB (and $COUNTER_SERVER_SCHEMA)."""
    import os

    schema = os.environ.get("COUNTER_SERVER_SCHEMA") or None
    quota = os.environ.get("COUNTER_DEVICE_QUOTA_MB", "")
    return create_app(
        ServerStore(os.environ["COUNTER_SERVER_DB"], schema=schema),
        device_quota=int(quota) * 1024 * 1024 if quota.isdigit() else None,
        partial_days=partial_days_from_environment(),
    )
