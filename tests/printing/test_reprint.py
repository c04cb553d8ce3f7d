"""A reprint (bản in lại) is recognised the same way whichever path printed the form before."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from counter.cli import main
from counter.db.events import ingest
from counter.domain.dossier import EventType
from counter.printing import render
from counter.services import workflow
from counter.services.context import Context
from counter.services.eventstore import new_event
from tests.printing.conftest import Dossiers, pdf_text, printed_events

MARK = "BẢN IN LẠI"
Print = Callable[[Context, str, Path], None]


def _render(ctx: Context, code: str, tmp_path: Path) -> None:
    render(ctx, code, "01")


def _window(ctx: Context, code: str, tmp_path: Path) -> None:
    # The window previews without recording, then records the print it sent to the printer.
    render(ctx, code, "01", record=False)
    workflow.record_print(ctx, code, "01", "a4")


def _command(ctx: Context, code: str, tmp_path: Path) -> None:
    out = tmp_path / "cli.pdf"
    assert main(["print", code, "--form", "01", "--db", str(ctx.db.path), "-o", str(out)]) == 0


def _recorded(ctx: Context, code: str) -> list[object]:
    """The reprint flag of each print of Mẫu 01, in the order they were stored."""
    return [e["reprint"] for e in printed_events(ctx, code) if e["form"] == "01"]


def _every_next_print_is_a_reprint(ctx: Context, code: str, tmp_path: Path) -> None:
    before = len(_recorded(ctx, code))
    assert MARK in pdf_text(render(ctx, code, "01", record=False), tmp_path)[0]  # the preview
    assert MARK in pdf_text(render(ctx, code, "01"), tmp_path)[0]
    workflow.record_print(ctx, code, "01", "a4")
    _command(ctx, code, tmp_path)
    assert MARK in pdf_text((tmp_path / "cli.pdf").read_bytes(), tmp_path)[0]
    assert _recorded(ctx, code)[before:] == [True, True, True]


@pytest.mark.parametrize("first", [_render, _window, _command], ids=["render", "window", "cli"])
def test_a_reprint_is_recognised_the_same_way_on_every_path(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path, first: Print
) -> None:
    code = dossiers.accepted
    assert MARK not in pdf_text(render(bank_ctx, code, "01", record=False), tmp_path)[0]
    first(bank_ctx, code, tmp_path)
    assert _recorded(bank_ctx, code) == [False]
    _every_next_print_is_a_reprint(bank_ctx, code, tmp_path)


def test_a_print_synced_from_another_counter_makes_the_next_one_a_reprint(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path
) -> None:
    """Another counter's PRINTED event is stored as its JSON text came (here with spaces and
    another key order): the print recorded next is a reprint, as the page says."""
    code = dossiers.accepted
    with bank_ctx.db.unit_of_work() as session:
        row = workflow.load(session, code)
        payload = {"form": "01", "paper": "a4", "reprint": False}
        event = replace(
            new_event(bank_ctx, row.id, EventType.PRINTED, payload), device=str(uuid.uuid4())
        )
        text = '{"reprint": false, "paper": "a4", "form": "01"}'
        assert ingest(session, [event], texts={event.id: text}) == [event]
    _every_next_print_is_a_reprint(bank_ctx, code, tmp_path)


def test_other_forms_are_not_reprints_of_this_one(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path
) -> None:
    code = dossiers.accepted
    workflow.record_print(bank_ctx, code, "slip", "80mm")
    workflow.record_print(bank_ctx, code, "06", "a4")
    assert MARK not in pdf_text(render(bank_ctx, code, "01"), tmp_path)[0]
    assert _recorded(bank_ctx, code) == [False]


def test_a_print_is_recorded_only_for_a_dossiers_form_on_its_paper(
    bank_ctx: Context, dossiers: Dossiers
) -> None:
    from counter.errors import ValidationError

    code = dossiers.accepted
    with pytest.raises(ValidationError, match="Khổ giấy «80mm» không dùng cho Mẫu 01"):
        workflow.record_print(bank_ctx, code, "01", "80mm")
    with pytest.raises(ValidationError, match="Mẫu in không hợp lệ"):
        workflow.record_print(bank_ctx, code, "07")  # the register is not a dossier's paper
    assert _recorded(bank_ctx, code) == []
