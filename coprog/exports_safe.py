"""Spreadsheet safety: a cell that a spreadsheet would read as a formula is
neutralised with a leading apostrophe (OWASP CSV injection guidance)."""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
