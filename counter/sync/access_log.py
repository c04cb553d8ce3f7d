"""The server's access log without query strings: a status link's query holds the dossier code
and its check value (`/tra-cuu?ma=…&k=…`), which together open the citizen's status page to
whoever reads the log. The path, method, status and client stay (enough to run the server)."""

from __future__ import annotations

import logging

ACCESS_LOGGER = "uvicorn.access"


class DropQueryStrings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple):
            record.args = tuple(
                value.split("?", 1)[0] + "?…" if isinstance(value, str) and "?" in value else value
                for value in args
            )
        return True


def install() -> None:
    """On uvicorn's access logger, once per process (each worker builds its app)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, DropQueryStrings) for f in logger.filters):
        logger.addFilter(DropQueryStrings())
