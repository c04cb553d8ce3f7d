"""The dossier's entry in the register (Sổ theo dõi hồ sơ, Mẫu 07), cited on Mẫu 01.

A book per counter and year ("Quyển số 01/2026": counter 1, 2026), numbered from 1 by the
counter that keeps it: no two counters share a book, so the entry is unique offline, and it is
written into the intake event, so it never changes and travels with the dossier.
"""

from __future__ import annotations


def book(counter_no: int, year: int) -> str:
    """'01/2026': the book of counter 1 for 2026."""
    return f"{counter_no:02d}/{year}"


def number_text(number: int) -> str:
    """How the number is printed on Mẫu 01 and Mẫu 07 (the same on both)."""
    return f"{number:04d}" if number else ""
