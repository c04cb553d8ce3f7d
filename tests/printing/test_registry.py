"""The forms registry: every paper it allows for a form prints; what each form follows."""

from __future__ import annotations

import pytest

from counter.domain.dossier import EventType
from counter.domain.forms import DOSSIER_FORMS, FORMS, printed_after
from counter.printing import render, renderer
from counter.services import workflow
from counter.services.context import Context
from tests.conftest import Clock
from tests.printing.conftest import Dossiers, apologise

# A dossier each form fits (Dossiers' fields).
FITS = {
    "01": "accepted",
    "02": "supplement",
    "03": "refused",
    "04": "accepted",
    "05": "stopped",
    "06": "accepted",
    "slip": "accepted",
    "BL": "accepted",  # after its payment
}


def test_every_paper_a_form_allows_prints_it(
    bank_ctx: Context, dossiers: Dossiers, clock: Clock
) -> None:
    apologise(bank_ctx, clock, dossiers.accepted)
    workflow.record_payment(bank_ctx, dossiers.accepted, 50_000, "cash", "0000042")
    assert set(FITS) == {form.code for form in DOSSIER_FORMS}
    for form in DOSSIER_FORMS:
        code = getattr(dossiers, FITS[form.code])
        for paper in form.papers:
            pdf = render(bank_ctx, code, form.code, paper=paper, record=False)
            assert pdf.startswith(b"%PDF"), (form.code, paper)


@pytest.mark.parametrize(
    ("done", "outcome", "form"),
    [
        (EventType.RECEIVED, "accepted", "01"),
        (EventType.RECEIVED, "supplement", "02"),
        (EventType.RECEIVED, "refused", "03"),
        (EventType.SUPPLEMENT_RECEIVED, "", "01"),
        (EventType.SUPPLEMENT_REQUESTED, "", "02"),
        (EventType.REFUSED, "", "03"),
        (EventType.APOLOGY_ISSUED, "", "04"),
        (EventType.STOPPED, "", "05"),
        (EventType.TRANSFERRED, "", "06"),
        (EventType.PAYMENT_RECORDED, "", "BL"),
        (EventType.RESOLVED, "", None),
        (EventType.RETURNED, "", None),
    ],
)
def test_the_form_printed_after_each_step(done: EventType, outcome: str, form: str | None) -> None:
    found = printed_after(done, outcome)
    assert (found.code if found else None) == form


def test_each_form_has_a_default_paper_and_something_that_draws_it() -> None:
    for form in FORMS.values():
        assert form.default_paper == form.papers[0]
        module = renderer(form)
        assert callable(module.build)
        assert not form.per_dossier or callable(module.check)
