"""The citizen's status link: the `/tra-cuu` address with a dossier's code and check value `k`.

Built here only: the counter prints it (offline: enrolment gave it the office's key), and the
server's status page checks a link it is asked for against the same check value.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import urlencode, urlsplit, urlunsplit

from sqlalchemy.orm import Session

from counter.db.models import Setting
from counter.services import office
from counter.services.context import Context

# Keys of the `settings` table, written at enrolment (counter/sync/client.py).
SERVER = "sync.server"
STATUS_KEY = "sync.status_key"
PAGE = "/tra-cuu"


def check_value(secret: str, code: str) -> str:
    """The check value a status-page link carries: HMAC of the code under the office's key, so
    codes (which are sequential) cannot be enumerated. 72 bits, URL-safe."""
    digest = hmac.new(secret.encode(), code.strip().upper().encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:9]).decode()


def status_link(base_url: str, code: str, secret: str) -> str:
    """The address the QR code on the slip opens: the status page under `base_url`.

    An office address written as a lookup link (`…/tra-cuu?ma=`, as a portal shows it) gives
    its site and path only: the link's own query is this one's."""
    parts = urlsplit(base_url.strip())
    base = urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")).rstrip("/")
    if not base.endswith(PAGE):
        base += PAGE
    return f"{base}?{urlencode({'ma': code, 'k': check_value(secret, code)})}"


def _setting(session: Session, key: str) -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else ""


def dossier_status_link(ctx: Context, code: str) -> str | None:
    """This counter's link for a dossier: under the office's status address, else the sync
    server's; None before enrolment (no key to sign it with)."""
    with ctx.db.session() as session:
        key = _setting(session, STATUS_KEY)
        base = office.get_settings(session).status_url if office.has_office(session) else ""
        base = base or _setting(session, SERVER)
    if not key or not base:
        return None
    return status_link(base, code, key)
