"""A known quarter built through the real services, shared by the report tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest

from counter.db.engine import Database
from counter.services import catalogue, office, workflow
from counter.services.context import Actor, Context
from tests.conftest import TEST_OFFICE, Clock
from tests.services.helpers import CERTIFY, LAND, MARITAL, receive

RESIDENCE = "1.004222"  # đăng ký thường trú: 7 working days, 20.000 đ


@dataclass
class Scenario:
    ctx: Context
    clock: Clock
    codes: dict[str, str] = field(default_factory=dict)
    steps: list[tuple[datetime, int, Callable[[], object]]] = field(default_factory=list)

    def at(self, moment: datetime, action: Callable[[], object]) -> None:
        self.steps.append((moment, len(self.steps), action))

    def dossier(
        self, name: str, procedure: str, received: datetime, **kwargs: object
    ) -> Callable[..., None]:
        """Receive `name` at `received`; returns a helper scheduling later actions on it."""

        def do() -> None:
            self.codes[name] = receive(
                self.ctx, procedure, name=name, id_number="", **kwargs
            ).dossier.code

        self.at(received, do)

        def then(moment: datetime, action: str, *args: object, **kw: object) -> None:
            fn = getattr(workflow, action)
            self.at(moment, lambda: fn(self.ctx, self.codes[name], *args, **kw))

        return then

    def run(self, until: datetime) -> None:
        for moment, _, action in sorted(self.steps, key=lambda s: (s[0], s[1])):
            self.clock.set(moment)
            action()
        self.clock.set(until)


def make_context(path: Path, start: datetime) -> tuple[Context, Clock]:
    clock = Clock(start)
    ctx = Context(Database(path), Actor("motcua", "Trần Thị Thu Hà", "clerk"), now=clock.now)
    with ctx.db.unit_of_work() as session:
        office.save_settings(session, TEST_OFFICE)
        catalogue.load_catalogue(session)
    return ctx, clock


def D(day: int, month: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute)


@pytest.fixture(scope="module")
def quarter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    """Q3 2026 (1/7–30/9): 3 dossiers carried over, 11 received, and some outside the period.

    Due dates (office calendar): MARITAL 3 working days, LAND 20, RESIDENCE 7, CERTIFY same
    day; Quốc khánh 31/8–2/9/2026 is off.
    """
    ctx, clock = make_context(tmp_path_factory.mktemp("q3") / "counter.sqlite3", D(1, 6))
    s = Scenario(ctx, clock)
    # C1: received Fri 26/6, due Wed 1/7 09:00, resolved 1/7 10:00 → on time, 3 days.
    c1 = s.dossier("C1", MARITAL, D(26, 6))
    c1(D(1, 7, 10), "resolve")
    c1(D(2, 7), "return_result", "Chủ hồ sơ")
    # C2: received Mon 1/6, legal due Mon 29/6, resolved Thu 9/7 → late, 28 days, no apology.
    c2 = s.dossier("C2", LAND, D(1, 6))
    c2(D(2, 6), "transfer", "Lê Văn Đạt")
    c2(D(9, 7), "resolve")
    # C3: resolved in June (outside), returned 2/7: counts only as returned.
    c3 = s.dossier("C3", MARITAL, D(1, 6, 10))
    c3(D(3, 6), "resolve")
    c3(D(2, 7, 10), "return_result", "Chủ hồ sơ")
    # C4: received Mon 15/6, legal due Mon 13/7, apology on 10/7, still open: overdue.
    c4 = s.dossier("C4", LAND, D(15, 6))
    c4(D(16, 6), "transfer", "Lê Văn Đạt")
    c4(D(10, 7), "apologise", "Chờ xác minh thực địa", date(2026, 7, 24))
    # X2: same day after the 15:00 cut-off on 30/6, resolved and returned that evening.
    x2 = s.dossier("X2", CERTIFY, D(30, 6, 16))
    x2(D(30, 6, 16, 30), "resolve")
    x2(D(30, 6, 16, 40), "return_result", "Chủ hồ sơ")

    # N1: same day, resolved within the hour (on time), 2.000 đ cash, very satisfied.
    n1 = s.dossier("N1", CERTIFY, D(1, 7, 8))
    n1(D(1, 7, 8, 10), "record_payment", 2000, "cash")
    n1(D(1, 7, 8, 30), "resolve")
    n1(D(1, 7, 9), "return_result", "Chủ hồ sơ")
    n1(D(1, 7, 9, 1), "record_survey", 3)
    # N2 online: received Mon 24/8, due Thu 27/8, resolved Wed 26/8 → ahead, 2 days.
    n2 = s.dossier("N2", MARITAL, D(24, 8), channel="online")
    n2(D(26, 8), "resolve")
    # N3 postal: received Fri 28/8, holidays 31/8–2/9, due Mon 7/9 10:00, resolved 7/9 16:00
    # → on time (the same day), 3 days.
    n3 = s.dossier("N3", MARITAL, D(28, 8, 10), channel="postal")
    n3(D(7, 9, 16), "resolve")
    # N4: received Mon 14/9, due Wed 23/9, apology 22/9, resolved Fri 25/9 → late, 9 days.
    n4 = s.dossier("N4", RESIDENCE, D(14, 9))
    n4(D(14, 9, 9, 5), "record_payment", 20000, "transfer")
    n4(D(22, 9), "apologise", "Chờ xác minh nơi ở", date(2026, 9, 25))
    n4(D(25, 9), "resolve")
    n4(D(28, 9), "return_result", "Chủ hồ sơ")
    n4(D(28, 9, 9, 5), "record_survey", 2)
    # N5 online: received Tue 22/9, due Thu 1/10 09:00: open in time at the end of September;
    # resolved 2/10 (after the period) and paid online then.
    n5 = s.dossier("N5", RESIDENCE, D(22, 9), channel="online")
    n5(D(2, 10), "resolve")
    n5(D(2, 10, 10), "record_payment", 10000, "online")  # online: 10.000 đ (TT 75/2022)
    # N6: received Mon 7/9, due Thu 10/9, never resolved, no apology: overdue.
    n6 = s.dossier("N6", MARITAL, D(7, 9))
    n6(D(7, 9, 10), "transfer", "Lê Văn Đạt")
    # N7 refused at intake; N8 withdrawn; N9 stopped.
    s.dossier("N7", CERTIFY, D(8, 9), refuse_reason="Giấy tờ không thuộc thẩm quyền chứng thực")
    s.dossier("N8", MARITAL, D(9, 9))(D(10, 9), "withdraw", "Công dân đề nghị rút")
    s.dossier("N9", MARITAL, D(9, 9, 10))(D(11, 9), "stop", "Công dân đề nghị dừng")
    # N10: incomplete at intake, waiting for the citizen: open, not late.
    s.dossier("N10", LAND, D(28, 9), complete=False)
    # N11: received 30/9 16:00, resolved 16:30 → ahead (due 5/10), 0 days, returned 16:35,
    # not satisfied (a survey is taken when the result is handed over).
    n11 = s.dossier("N11", MARITAL, D(30, 9, 16))
    n11(D(30, 9, 16, 30), "resolve")
    n11(D(30, 9, 16, 35), "return_result", "Chủ hồ sơ")
    n11(D(30, 9, 16, 40), "record_survey", 1)
    # X1: received after the period.
    s.dossier("X1", MARITAL, D(1, 10, 8))
    s.run(until=D(15, 10))
    yield s
    ctx.db.close()
