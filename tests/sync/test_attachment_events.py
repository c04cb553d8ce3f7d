"""A digitised paper's event travels like any other; its file is fetched by the other counter
only when opened (tests/sync/test_file_sync.py), and until then that counter's audit says so,
not "missing"."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from counter.db.events import state_of
from counter.domain.dossier import OTHER_LINE
from counter.services import attachments
from counter.services.workflow import load
from counter.sync import client, server
from counter.sync.client import RetryPolicy
from counter.sync.store import ServerStore
from tests.sync.conftest import Counter, LiveServer, enrol, intake

FAST = RetryPolicy(attempts=8, base_delay=0.01, max_delay=0.05, timeout=10)
PDF = b"%PDF-1.4\n% scanned\n%%EOF\n"


@pytest.fixture
def office(store: ServerStore) -> str:
    server.add_office(store, "000.00.12.H40", "UBND xã Tân Hưng")
    return "000.00.12.H40"


def test_an_attachment_event_reaches_the_other_counter_and_its_audit_passes(
    live: LiveServer, office: str, make_counter: Callable[..., Counter]
) -> None:
    a, b = make_counter("a"), make_counter("b")
    for counter in (a, b):
        enrol(live.store, counter, live.url)
    code = intake(a)
    attachments.attach(a.ctx, code, OTHER_LINE, PDF, 1, signed=True, signer="Nguyễn Thị Hoa")
    client.sync_now(a.ctx, policy=FAST)
    client.sync_now(b.ctx, policy=FAST)
    with b.ctx.db.session() as session:
        state = state_of(load(session, code))
    assert (state.attachments, state.signed_attachments) == (1, 1)
    [seen] = attachments.attachments_of(b.ctx, code)
    assert seen.signed and seen.signer == "Nguyễn Thị Hoa"
    here, there = attachments.verify_files(a.ctx), attachments.verify_files(b.ctx)
    assert (here.checked, here.elsewhere, here.problems) == (1, 0, ())
    assert (there.checked, there.elsewhere, there.problems) == (0, 1, ())
    # A file that is here is checked whoever scanned it.
    attachments.store(b.ctx).path(seen.file).parent.mkdir(parents=True)
    attachments.store(b.ctx).path(seen.file).write_bytes(b"%PDF- forged")
    assert attachments.verify_files(b.ctx).problems[0].reason == attachments.TAMPERED
