"""Spreadsheet safety: a cell that a spreadsheet would read as a formula is
neutralised with a leading apostrophe (OWASP CSV injection guidance)."""

from __future__ import annotations

import re

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what XLSX cannot hold


def safe_cell(value):
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
    return value


def safe_frame(frame):
    """A copy of a DataFrame with every text cell neutralised, ready for CSV/XLSX."""
    return frame.map(safe_cell) if hasattr(frame, "map") else frame.applymap(safe_cell)


def csv_bytes(frame) -> bytes:
    """CSV for spreadsheets (UTF-8 with BOM, so Excel reads the accents), formulas neutralised."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")
