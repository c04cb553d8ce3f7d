"""Numbers as Vietnamese writes them: a dot between thousands (12.345), a decimal comma (14,5)."""

from __future__ import annotations

MIB = 1024 * 1024


def format_count(value: int) -> str:
    """12345 → '12.345'."""
    return f"{value:,}".replace(",", ".")


def format_decimal(value: float | None, digits: int = 1) -> str:
    """14.5 → '14,5'; None (nothing to show) → '—'."""
    if value is None:
        return "—"
    return f"{value:.{digits}f}".replace(".", ",")


def format_mb(size: int) -> str:
    """A size in bytes in megabytes, one decimal: '14,5 MB'."""
    return f"{format_decimal(size / MIB)} MB"


def format_size(size: int) -> str:
    """A size as a clerk reads it: KB under a megabyte (at least 1 KB), else MB."""
    if size < MIB:
        return f"{max(1, round(size / 1024))} KB"
    return format_mb(size)
