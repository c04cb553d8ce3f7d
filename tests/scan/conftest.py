"""SANE's own `test` backend (a real driver, no hardware) as the scanner of these tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.scan.softhsm import Token, make_token

__all__ = ["SANE_TEST", "Token"]

SANE_TEST = "test:0"


@pytest.fixture(scope="session", autouse=True)
def _sane_test_backend(tmp_path_factory: pytest.TempPathFactory) -> None:
    # libsane reads its configuration once, at the first init: only the test backend is
    # listed, so no network or USB probing happens in the tests.
    config = tmp_path_factory.mktemp("sane")
    (config / "dll.conf").write_text("test\n")
    system = Path("/etc/sane.d/test.conf")
    if system.exists():
        (config / "test.conf").write_text(system.read_text())
    os.environ["SANE_CONFIG_DIR"] = str(config)


@pytest.fixture(scope="session")
def token(tmp_path_factory: pytest.TempPathFactory) -> Token:
    """A SoftHSM2 token holding a key and a self-signed certificate, made for these tests."""
    return make_token(tmp_path_factory.mktemp("softhsm"))
