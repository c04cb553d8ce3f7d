"""The form printed after an action is the forms registry's (counter.domain.forms), read for
the action's event: the window names no form of its own."""

from __future__ import annotations

from dataclasses import replace

import pytest

from counter.domain import forms
from counter.domain.actions import RULES, ActionKey
from counter.domain.dossier import EventType
from ui.dialogs.actions import ACTIONS, BY_KEY

pytestmark = pytest.mark.gui


def test_each_action_prints_the_form_the_registry_names_for_its_event() -> None:
    for action in ACTIONS:
        after = forms.printed_after(RULES[action.key].event)
        assert action.form == (after.code if after else None), action.key
    assert BY_KEY[ActionKey.TRANSFER].form == BY_KEY[ActionKey.TAKE_BACK].form == "06"
    assert BY_KEY[ActionKey.APOLOGISE].form == "04"
    assert BY_KEY[ActionKey.RETURN_RESULT].form is None


def test_a_form_added_to_the_registry_is_printed_after_its_action(monkeypatch) -> None:
    # A result notice after "Đã có kết quả": one line in the registry, nothing in the window.
    control = forms.FORMS["06"]
    widened = replace(control, after=(*control.after, EventType.RESOLVED))
    monkeypatch.setitem(forms.FORMS, "06", widened)
    assert BY_KEY[ActionKey.RESOLVE].form == "06"
