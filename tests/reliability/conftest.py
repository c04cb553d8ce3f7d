"""The server tests here share the sync tests' server store: SQLite, and PostgreSQL in CI."""

from tests.sync.conftest import store  # noqa: F401
