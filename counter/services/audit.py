"""Tamper evidence: each device's events form a hash chain; verification reports any break."""

from __future__ import annotations

import json
import zlib
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import LargeBinary, cast, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from counter.db.codec import link_of, payload_out
from counter.db.events import state_columns, state_of
from counter.db.models import Dossier, EventRow, Setting
from counter.db.wire import FIELDS, chain_hash, from_row
from counter.domain.dossier import Event, fold, intake
from counter.domain.validity import REFERENCE_PREFIX
from counter.services import authority, reference_log
from counter.services.backup import BRANCH_ENDS, FORK_POINTS
from counter.services.context import Context


@dataclass(frozen=True)
class ChainBreak:
    device: str
    event_id: str
    seq: int
    reason: str


@dataclass(frozen=True)
class AuditReport:
    events: int
    devices: int
    breaks: tuple[ChainBreak, ...]

    @property
    def ok(self) -> bool:
        return not self.breaks


# The event's fields but the payload, read as they are; the payload is read as its stored bytes.
_READ = tuple(name for name in FIELDS if name != "payload")


def _intact(
    prev: str, digest: str, values: dict[str, str], stored_as: str, raw: bytes | None
) -> bool:
    try:
        body = payload_out(bytes(raw or b"")) if stored_as == "blob" else bytes(raw or b"").decode()
    except (ValueError, zlib.error):  # not a payload any more (UnicodeDecodeError is a ValueError)
        return False
    return digest == chain_hash(prev, Event(**values, payload={}), body)


EDITED = "Nội dung sự kiện đã bị sửa sau khi ghi."
FORKED = (
    "Sự kiện nối vào một sự kiện cũ hơn của quầy đó chứ không vào sự kiện liền trước: chuỗi "
    "sự kiện của quầy đó đã rẽ hai nhánh (máy hoặc dữ liệu của quầy bị sao chép "
    "sang máy khác, hoặc khôi phục từ bản sao lưu rồi làm tiếp). Hãy báo quản trị kiểm tra quầy "
    "đó (counter server device list)."
)


LOOK_BACK = 5000  # earlier events of the device tried as the branch point (bounded cost)


def _continues_earlier(
    ctx: Context,
    device: str,
    seq: int,
    digest: str,
    values: dict[str, str],
    stored_as: str,
    raw: bytes | None,
) -> bool:
    """An event that fails its link here but is intact on an earlier event of its device: a
    second branch of that device's chain (a cloned PC pushing with the same key and token),
    not an edit. Looked for only at a break, among the device's last LOOK_BACK events, so the
    walk keeps no list of hashes."""
    with ctx.db.session() as session:
        earlier = session.scalars(
            select(EventRow.hash)
            .where(EventRow.device == device, EventRow.seq < seq)
            .order_by(EventRow.seq.desc())
            .limit(LOOK_BACK)
        )
        return any(_intact(h or "", digest, values, stored_as, raw) for h in earlier) or _intact(
            "", digest, values, stored_as, raw
        )


def _fork_points(session: Session) -> dict[str, dict[bytes, str]]:
    """Device → {link: hash} of the points where a restore forked its chain (backup.FORK_POINTS)."""
    row = session.get(Setting, FORK_POINTS)
    points: dict[str, dict[bytes, str]] = defaultdict(dict)
    for line in (row.value if row else "").splitlines():
        device, _, head = line.partition(" ")
        if head:
            points[device][link_of(head)] = head
    return points


def _branch_ends(session: Session) -> dict[str, set[str]]:
    """Device → last hashes of branches worked offline after a restore (backup.BRANCH_ENDS)."""
    row = session.get(Setting, BRANCH_ENDS)
    ends: dict[str, set[str]] = defaultdict(set)
    for line in (row.value if row else "").splitlines():
        device, _, head = line.partition(" ")
        if head:
            ends[device].add(head)
    return ends


# Settings kept by sync (counter/sync/signing.py; services do not import sync).
_CERT, _HEADS = "cert:", "heads:"


class _Signatures:
    """Every other device's events must be covered by its signature: walked in chain order,
    each must be followed by a hash the device signed at a push (a head, checked with the key
    the server certified) or the hash up to which the server vouches for it (`since`). An
    event of another device edited here and its chain re-hashed, or a forged one added,
    is left uncovered."""

    def __init__(self, session: Session, ctx: Context) -> None:
        self.covered: dict[str, set[str]] = {}
        self.pending: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self.breaks: list[ChainBreak] = []
        server_key = session.get(Setting, authority.SERVER_KEY)
        office_row = session.get(Setting, authority.OFFICE_SETTING)
        if server_key is None or not server_key.value:
            return  # not enrolled with a server that certifies devices
        office = office_row.value if office_row else ""
        heads: dict[str, list[str]] = {}
        certs: dict[str, str] = {}
        for row in session.scalars(
            select(Setting).where(Setting.key.startswith(_CERT) | Setting.key.startswith(_HEADS))
        ):
            if row.key.startswith(_CERT):
                certs[row.key[len(_CERT) :]] = row.value
            else:
                heads[row.key[len(_HEADS) :]] = row.value.splitlines()
        for device, text in certs.items():
            if device == ctx.device_id:
                continue
            try:
                key, since, sig = (str(v) for v in json.loads(text))
            except ValueError:
                key, since, sig = "", "", ""
            if not authority.verify(
                server_key.value, authority.device_text(office, device, key, since), sig
            ):
                self.breaks.append(
                    ChainBreak(
                        device,
                        "",
                        0,
                        f"Chứng nhận của máy chủ cho quầy {device} đã bị sửa (sai chữ ký): "
                        "không kiểm tra được chữ ký các sự kiện của quầy đó.",
                    )
                )
                continue
            covered = {since} if since else set()
            for line in heads.get(device, []):
                prev, _, rest = line.partition(" ")
                digest, _, signature = rest.partition(" ")
                # A head the key does not verify (signed with an earlier key) covers nothing.
                if key and authority.verify(
                    key, authority.push_text(office, device, prev, digest), signature
                ):
                    covered.add(digest)
            self.covered[device] = covered

    def see(self, device: str, ident: str, seq: int, digest: str) -> None:
        covered = self.covered.get(device)
        if covered is None:
            return
        if digest in covered:
            self.pending[device].clear()
        else:
            self.pending[device].append((ident, seq))

    def found(self) -> list[ChainBreak]:
        found = list(self.breaks)
        for device, events in self.pending.items():
            if events:
                ident, seq = events[0]
                more = f" và {len(events) - 1} sự kiện sau nó" if len(events) > 1 else ""
                found.append(
                    ChainBreak(
                        device,
                        ident,
                        seq,
                        f"Sự kiện {ident}{more} của quầy {device} không được quầy đó ký khi "
                        "gửi: đã bị sửa (và tính lại mã băm) hoặc bị thêm vào trên máy này. "
                        "Máy chủ giữ bản gốc.",
                    )
                )
        return found


def verify_chain(ctx: Context) -> AuditReport:
    """Walk every device's events in arrival order and check each link and each hash."""
    heads: dict[str, str] = defaultdict(str)
    breaks: list[ChainBreak] = []
    count = 0
    with ctx.db.session() as session:
        forks = _fork_points(session)
        branch_ends = _branch_ends(session)
        signatures = _Signatures(session, ctx)
        # The recorded hashes each device's walk must pass: fork points and branch ends.
        wanted: dict[str, set[str]] = defaultdict(set)
        for device, points in forks.items():
            wanted[device].update(points.values())
        for device, ends in branch_ends.items():
            wanted[device].update(ends)
        passed: dict[str, set[str]] = defaultdict(set)
        rows = session.execute(
            select(
                EventRow.seq,
                EventRow.prev_link,
                EventRow.hash,
                # The stored bytes as they are: an edit with an SQLite tool can leave anything.
                func.typeof(EventRow.payload),
                cast(EventRow.payload, LargeBinary),
                *(getattr(EventRow, name) for name in _READ),
            )
            .order_by(EventRow.seq)
            .execution_options(yield_per=2000)
        )
        for seq, link, digest, stored_as, raw, *rest in rows:
            values = dict(zip(_READ, rest, strict=True))
            ident, device = values["id"], values["device"]
            count += 1
            # The stored link is the start of the previous hash this event was chained to: a
            # different one means the event before it on its device is gone or was replaced.
            prev = heads[device]
            fork = forks.get(device, {}).get(link)
            if link != link_of(prev) and fork is not None and fork in passed[device]:
                # A restore's fork point, which the walk has passed: the work done after the
                # restore and the events taken back from the server both continue from there.
                prev = fork
            if link != link_of(prev):
                breaks.append(
                    ChainBreak(
                        device,
                        ident,
                        seq,
                        "Mắt xích bị đứt: sự kiện trước đó đã bị xóa hoặc thay đổi.",
                    )
                )
            elif not _intact(prev, digest, values, stored_as, raw):
                forked = _continues_earlier(ctx, device, seq, digest, values, stored_as, raw)
                breaks.append(ChainBreak(device, ident, seq, FORKED if forked else EDITED))
            heads[device] = digest
            signatures.see(device, ident, seq, digest)
            if digest in wanted[device]:
                passed[device].add(digest)
    # The end of a branch worked offline after a restore is linked to by nothing: it must still
    # be there (deleting the whole branch would otherwise leave no trace).
    for device, ends in branch_ends.items():
        breaks.extend(
            ChainBreak(
                device,
                "",
                0,
                "Thiếu các sự kiện làm sau khi khôi phục sao lưu: nhánh đó đã bị xóa.",
            )
            for _end in ends - passed[device]
        )
    with ctx.db.session() as session:
        breaks.extend(signatures.found())
        breaks.extend(_check_receipt(session, ctx))
        breaks.extend(_check_reference(session))
        breaks.extend(_check_projection(session))
    return AuditReport(count, len(heads), tuple(breaks))


def _check_receipt(session: Session, ctx: Context) -> list[ChainBreak]:
    """The server's last receipt (sync/signing.py) names the newest event of this counter it
    stored: that event must still be here, and the receipt's signature hold."""
    stored = session.get(Setting, authority.RECEIPT)
    if stored is None or not stored.value:
        return []
    receipt = json.loads(stored.value)
    office = session.get(Setting, authority.OFFICE_SETTING)
    server_key = session.get(Setting, authority.SERVER_KEY)
    if (
        server_key is not None
        and server_key.value
        and not authority.verify(
            server_key.value,
            authority.receipt_text(office.value if office else "", ctx.device_id, receipt["head"]),
            receipt["sig"],
        )
    ):
        return [ChainBreak(ctx.device_id, "", 0, "Biên nhận của máy chủ đã bị sửa (sai chữ ký).")]
    found = session.scalar(
        select(EventRow.seq).where(
            EventRow.device == ctx.device_id, EventRow.hash == receipt["head"]
        )
    )
    if found is None:
        return [
            ChainBreak(
                ctx.device_id,
                "",
                0,
                "Thiếu các sự kiện mới nhất của quầy này mà máy chủ đã ký nhận: chúng đã bị xóa "
                "hoặc chuỗi đã bị tính lại.",
            )
        ]
    return []


def _check_reference(session: Session) -> list[ChainBreak]:
    """With an office root of trust, every reference event must be signed by an admin."""
    allowed = reference_log.authorised_ids(session)
    if allowed is None:
        return []
    rows = session.scalars(select(EventRow).where(EventRow.type.startswith(REFERENCE_PREFIX)))
    return [
        ChainBreak(
            row.device,
            row.id,
            row.seq,
            "Thay đổi dữ liệu danh mục không có chữ ký hợp lệ của quản trị viên (không được áp "
            "dụng).",
        )
        for row in rows
        if row.id not in allowed
    ]


def _check_projection(session: Session) -> list[ChainBreak]:
    """Each `dossiers` row must be the fold of its dossier's events (an edit of the table, a
    name or a due date, shows here)."""
    by_dossier: dict[str, list[Event]] = defaultdict(list)
    try:
        for row in session.scalars(
            select(EventRow)
            .where(~EventRow.type.startswith(REFERENCE_PREFIX))
            .execution_options(yield_per=2000)
        ):
            by_dossier[row.dossier_id].append(from_row(row))
    except (DBAPIError, ValueError, zlib.error):
        # A payload that no longer reads: the chain walk has reported that event already.
        session.rollback()
        return []
    breaks = []
    for dossier in session.scalars(select(Dossier)):
        stored = sorted(by_dossier.get(dossier.id, []), key=lambda e: e.order_key)
        if intake(stored) is None:
            breaks.append(
                ChainBreak("", dossier.id, 0, f"Hồ sơ {dossier.code} không có sự kiện tiếp nhận.")
            )
            continue
        expected = state_columns(fold(stored))
        actual = state_columns(state_of(dossier))
        # A code settled after a clash (events._settle_code) is the row's own.
        differ = sorted(
            name
            for name, value in expected.items()
            if name not in _SETTLED and actual.get(name) != value
        )
        if differ:
            breaks.append(
                ChainBreak(
                    "",
                    dossier.id,
                    0,
                    f"Bảng hồ sơ {dossier.code} khác với nhật ký sự kiện (đã bị sửa trực tiếp): "
                    + ", ".join(differ)
                    + ".",
                )
            )
    return breaks


_SETTLED = frozenset({"code", "conflicts", "conflict"})
