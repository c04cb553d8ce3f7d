"""The counter's HTTP to the sync server: one authorised gzip client, retried with backoff."""

from __future__ import annotations

import json
import random
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from counter.errors import CounterError

if TYPE_CHECKING:
    import httpx


class SyncError(CounterError):
    """Sync did not finish; the message says why in plain words. Safe to run again."""

    status: int = 0  # the server's HTTP status when it refused the request


@dataclass
class RetryPolicy:
    attempts: int = 6
    base_delay: float = 1.0  # seconds; doubles each time, with jitter
    max_delay: float = 60.0
    timeout: float = 30.0
    sleep: Callable[[float], None] = time.sleep


_SSL: list[ssl.SSLContext] = []


def ssl_context() -> ssl.SSLContext:
    """One verifying TLS context for the process: loading the CA bundle costs ~0.1 s, too much
    to repeat for every sync run (the window's "Đồng bộ ngay", tests)."""
    if not _SSL:
        _SSL.append(ssl.create_default_context())
    return _SSL[0]


class _Transient(Exception):
    """A failure worth retrying: no connection, timeout, dropped answer, 5xx, 429."""

    def __init__(self, message: str, wait: float = 0.0) -> None:
        super().__init__(message)
        self.wait = wait  # the server's Retry-After, at least this long before the next try


def explain(exc: BaseException) -> str:
    """A network failure in plain Vietnamese, as a sync records it for the clerk."""
    import httpx  # with its CLI's rich and click: imported when a sync runs, not at start

    if isinstance(exc, httpx.TimeoutException):
        return "Máy chủ không trả lời kịp (hết thời gian chờ). Đường truyền có thể đang chậm."
    if isinstance(exc, httpx.ConnectError):
        return "Không kết nối được tới máy chủ đồng bộ. Hãy kiểm tra mạng Internet."
    if isinstance(exc, httpx.TransportError):
        return "Kết nối tới máy chủ bị ngắt giữa chừng."
    return str(exc) or "Lỗi không xác định khi đồng bộ."


class HttpSession:
    """One sync run's HTTP client: authorised, gzip both ways, retried with backoff. Safe to
    call from two threads at once (the files' uploads keep two requests in flight, each on its
    own connection of the pool); the counters are kept under a lock."""

    def __init__(
        self,
        base_url: str,
        token: str,
        policy: RetryPolicy,
        transport: httpx.BaseTransport | None,
    ) -> None:
        import httpx

        self.policy = policy
        headers = {"Accept-Encoding": "gzip"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers=headers,
            verify=ssl_context(),
            timeout=policy.timeout,
            transport=transport,
        )
        self.requests = 0
        self.bytes_sent = 0
        self.bytes_received = 0
        self.retries = 0
        self._count = threading.Lock()

    def close(self) -> None:
        self.http.close()

    def call(self, method: str, url: str, *, raw: bool = False, **kwargs: Any) -> Any:
        """The answer's JSON; with `raw`, the httpx response itself (its body read)."""
        return self.call_counted(method, url, raw=raw, **kwargs)[0]

    def call_counted(
        self, method: str, url: str, *, raw: bool = False, **kwargs: Any
    ) -> tuple[Any, int]:
        """As `call`, with how many times this request was sent again after a failure (the
        session's `retries` adds up those of every thread)."""
        message = "Đồng bộ thất bại."
        wait = 0.0
        for attempt in range(self.policy.attempts):
            if attempt:
                with self._count:
                    self.retries += 1
                delay = min(self.policy.max_delay, self.policy.base_delay * 2 ** (attempt - 1))
                self.policy.sleep(max(wait, delay * (0.5 + random.random() / 2)))
            try:
                return self._once(method, url, raw, **kwargs), attempt
            except _Transient as exc:
                message = str(exc)
                wait = exc.wait
        raise SyncError(message)

    def _once(self, method: str, url: str, raw: bool, **kwargs: Any) -> Any:
        import httpx

        with self._count:
            self.requests += 1
        try:
            response = self.http.request(method, url, **kwargs)
            body = response.read()
        except (httpx.TransportError, OSError) as exc:
            raise _Transient(explain(exc)) from exc
        with self._count:
            self.bytes_sent += len(kwargs.get("content", b""))
            self.bytes_received += int(response.num_bytes_downloaded)
        if response.status_code == 429:
            # Too many failed attempts from this address (see SECURITY.md): say so, and do not
            # keep knocking when the server asks for a longer wait than a retry would give.
            message = _detail(body) or "Máy chủ đồng bộ tạm thời từ chối vì có quá nhiều yêu cầu."
            wait = response.headers.get("retry-after", "")
            if wait.isdigit() and int(wait) > self.policy.max_delay:
                raise SyncError(message)
            raise _Transient(message, float(wait) if wait.isdigit() else 0.0)
        if response.status_code >= 500:
            raise _Transient(f"Máy chủ đồng bộ đang gặp sự cố (mã {response.status_code}).")
        if raw and response.status_code < 400:
            return response
        try:
            data = json.loads(body) if body else {}
        except ValueError as exc:
            raise _Transient("Máy chủ trả về dữ liệu không đọc được.") from exc
        if response.status_code >= 400:
            if response.status_code in (401, 403):
                refused = SyncError(
                    data.get("detail") or "Máy chủ từ chối quầy này; hãy đăng ký lại."
                )
            else:
                refused = SyncError(
                    data.get("detail") or f"Máy chủ từ chối yêu cầu (mã {response.status_code})."
                )
            refused.status = response.status_code
            raise refused
        return data


def _detail(body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return ""
    detail = data.get("detail") if isinstance(data, dict) else None
    return detail if isinstance(detail, str) else ""
