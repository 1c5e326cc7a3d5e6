"""Checks shared by every entry point (pages, CLI, import): each problem is a
(field, catalogue key, params) triple, so messages come out in the user's language."""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import ValidationError as StdnumError

from coprog.texts import taxonomy
from coprog.texts.errors import ValidationError

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NAMED_ADDRESS = re.compile(r"[^<>@]*<([^<>]+)>")
_CONTROL = {"Cc", "Cf"}


class Problems(list):
    """Collects problems; ``raise_if_any()`` ends a validation."""

    def add(self, field: str, key: str, **params) -> None:
        self.append((field, key, params))

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(list(self))


def clean_text(value, *, multiline: bool = False) -> str:
    """Strip, normalise Unicode (NFC), drop control characters (newlines kept
    in multi-line text)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    value = unicodedata.normalize("NFC", value)
    kept = []
    for ch in value:
        if ch in "\n\t" and multiline:
            kept.append(ch)
        elif ch == "\r":
            continue
        elif unicodedata.category(ch) in _CONTROL:
            kept.append(" " if ch in "\n\t" else "")
        else:
            kept.append(ch)
    return "".join(kept).strip()


def text(
    problems: Problems,
    field: str,
    value,
    *,
    required: bool = True,
    min_len: int = 0,
    max_len: int,
    multiline: bool = False,
) -> str:
    cleaned = clean_text(value, multiline=multiline)
    if not cleaned:
        if required:
            problems.add(field, "validation.required")
        return ""
    if len(cleaned) < min_len:
        problems.add(field, "validation.too_short", min=min_len)
    elif len(cleaned) > max_len:
        problems.add(field, "validation.too_long", max=max_len, length=len(cleaned))
    return cleaned


def choice(problems: Problems, field: str, value, allowed, *, required: bool = True):
    if value in (None, ""):
        if required:
            problems.add(field, "validation.required")
        return None
    if value not in allowed:
        problems.add(field, "validation.unknown_value", value=str(value)[:40])
        return None
    return value


def integer(problems: Problems, field: str, value, *, low: int, high: int, required: bool = True):
    if value in (None, ""):
        if required:
            problems.add(field, "validation.required")
        return None
    try:
        number = int(value)
        if isinstance(value, float) and value != number:
            raise ValueError
        if isinstance(value, str) and not value.strip().lstrip("-").isdigit():
            raise ValueError
    except (TypeError, ValueError, OverflowError):
        problems.add(field, "validation.not_a_number", value=str(value)[:40])
        return None
    if not low <= number <= high:
        problems.add(field, "validation.out_of_range", low=low, high=high)
        return None
    return number


def email(problems: Problems, field: str, value, *, required: bool = False) -> str:
    """One e-mail address, as copied from a mail client or a link: «Anna Rossi
    <anna@alfa.it>», «<anna@alfa.it>» and «mailto:anna@alfa.it» give anna@alfa.it, a
    final dot goes; two addresses, or anything a relay would not take as one, are refused."""
    cleaned = clean_text(value)
    if not cleaned:
        if required:
            problems.add(field, "validation.required")
        return ""
    if cleaned.casefold().startswith("mailto:"):
        cleaned = cleaned[len("mailto:") :].strip()
    if named := _NAMED_ADDRESS.fullmatch(cleaned):  # a display name without an address in it
        cleaned = named[1].strip()
    cleaned = cleaned.rstrip(".")
    if len(cleaned) > 200 or not EMAIL_RE.match(cleaned) or any(c in cleaned for c in '<>,;:()[]\\"'):
        problems.add(field, "validation.email")
        return ""
    return cleaned


def as_list(value) -> list:
    """A field that holds several values: a list, or one value on its own."""
    if value in (None, ""):
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    return [value]


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}
_MUNICIPIO = re.compile(r"(?:(?:municipio|mun\.?|zona|m)\s*)?(\d+|[ivx]+)\s*[°º]?", re.IGNORECASE)


def municipio_number(value) -> int | None:
    """A Municipio as people write it: «3», «Municipio 3», «Mun. 3», «M3», «3°»,
    «Municipio III», «Zona 3» (the same numbers before 2016) -> 3; None otherwise."""
    match = _MUNICIPIO.fullmatch(str(value).strip())
    if not match:
        return None
    raw = match[1].lower()
    number = int(raw) if raw.isascii() and raw.isdigit() else _ROMAN.get(raw)
    return number if number is not None and 1 <= number <= 9 else None


def municipi(problems: Problems, field: str, values, *, required: bool = False) -> list[int]:
    """A list of Municipio numbers 1-9 (ints, or strings as municipio_number reads them)."""
    result = []
    for value in as_list(values):
        number = municipio_number(value)
        if number is None:
            problems.add(field, "validation.unknown_municipio", value=str(value).strip()[:20])
            return []
        if number not in result:
            result.append(number)
    if required and not result:
        problems.add(field, "validation.required")
    return sorted(result)


def nil(problems: Problems, field: str, value) -> int | None:
    """A NIL by number or as people write its name (taxonomy.match_nil); a name
    several NIL share, or none, is a problem that names the candidates or the guess."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value in taxonomy.nils():
            return value
        problems.add(field, "validation.unknown_nil", value=str(value)[:20])
        return None
    found = taxonomy.match_nil(value)
    if found.nil is not None:
        return found.nil.id
    shown = clean_text(value)[:40]
    if found.among:
        names = "; ".join(f"{n.name} ({n.id})" for n in found.among)
        problems.add(field, "validation.ambiguous_nil", value=shown, candidates=names)
    elif found.guess is not None:
        problems.add(field, "validation.unknown_nil_guess", value=shown, guess=f"{found.guess.name} ({found.guess.id})")
    else:
        problems.add(field, "validation.unknown_nil", value=shown[:20])
    return None


def territory(problems: Problems, municipi_value, nils_value, *, citywide: bool) -> tuple[list[int], list[int]]:
    """Where something happens: (Municipi, NIL). City-wide means neither; else at
    least one of them; a NIL must lie in one of the chosen Municipi; NIL alone
    bring their Municipi (the one holding most of each NIL's area)."""

    chosen = municipi(problems, "municipi", municipi_value)
    nil_ids: list[int] = []
    known = taxonomy.nils()
    for value in as_list(nils_value):
        nil_id = nil(problems, "nils", value)
        if nil_id is None:
            continue
        if nil_id not in nil_ids:
            nil_ids.append(nil_id)
    if citywide:
        return [], []
    if not chosen and not nil_ids and not any(f in ("municipi", "nils") for f, *_ in problems):
        problems.add("municipi", "validation.territory_required")  # unless a Municipio or NIL was refused
    for nil_id in nil_ids:
        if chosen and not set(known[nil_id].municipi) & set(chosen):
            problems.add("nils", "validation.nil_outside", nil=known[nil_id].name)
    if not chosen and nil_ids:  # NIL only: the Municipi follow from them
        chosen = sorted({known[n].municipi[0] for n in nil_ids})
    return chosen, sorted(nil_ids)


def _parse_date(value):
    from datetime import date, datetime

    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = clean_text(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw[:10], fmt).date() if len(raw) >= 8 else None
        except ValueError:
            continue
    return None


def date_value(problems: Problems, field: str, value, *, required: bool = False) -> str | None:
    """A calendar date (a ``date``, ISO or dd/mm/yyyy) -> 'YYYY-MM-DD'."""
    if value in (None, ""):
        if required:
            problems.add(field, "validation.required")
        return None
    parsed = _parse_date(value)
    raw = clean_text(value) if isinstance(value, str) else ""
    if parsed is None or (isinstance(value, str) and len(raw) > 10):
        problems.add(field, "validation.bad_date", value=str(value)[:30])
        return None
    return parsed.isoformat()


def datetime_value(problems: Problems, field: str, value, *, required: bool = False) -> str | None:
    """A local date and time (a ``datetime``, 'YYYY-MM-DD HH:MM', ISO with T,
    or 'dd/mm/yyyy hh:mm', also with «ore», a comma, dots or dashes in the date,
    a two-digit year; a date alone means 00:00) -> 'YYYY-MM-DDTHH:MM'
    (Europe/Rome wall-clock time, as the avviso states its deadline)."""
    from datetime import date, datetime

    if value in (None, ""):
        if required:
            problems.add(field, "validation.required")
        return None
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, date):
        return value.isoformat() + "T00:00"
    # «02/03/2026 ore 11:42», «02/03/2026, 11.42», «2.3.2026 11:42», as protocol registers write it
    raw = re.sub(r"(?<=\d)(?:\s*,\s*|\s+ore\s+|\s+)(?=\d)", " ", clean_text(value).replace("T", " "))
    raw = re.sub(r"^(\d{1,2})[.\-](\d{1,2})[.\-](\d{2,4})\b", r"\1/\2/\3", raw)
    for fmt in (
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y %H.%M",
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%y %H:%M",
        "%d/%m/%y %H.%M",
        "%Y-%m-%d",
        "%d/%m/%Y",
        "%d/%m/%y",
    ):
        try:
            return datetime.strptime(raw, fmt).strftime("%Y-%m-%dT%H:%M")
        except ValueError:
            continue
    problems.add(field, "validation.bad_datetime", value=str(value)[:30])
    return None


def yes_no(problems: Problems, field: str, value) -> int | None:
    """sì/no, yes/no, 1/0, x/blank -> 1, 0 or None when not given."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    raw = clean_text(value).casefold()
    if raw in ("sì", "si", "s", "yes", "y", "1", "x", "vero", "true"):
        return 1
    if raw in ("no", "n", "0", "falso", "false"):
        return 0
    problems.add(field, "validation.yes_no", value=raw[:20])
    return None


def person_fiscal_code(problems: Problems, field: str, value, *, required: bool = False) -> str:
    """A natural person's codice fiscale (16 characters, check character verified
    by python-stdnum): the legale rappresentante's."""
    from stdnum.it import codicefiscale

    cleaned = clean_text(value).upper().replace(" ", "")
    if not cleaned:
        if required:
            problems.add(field, "validation.required")
        return ""
    try:
        return codicefiscale.validate(cleaned)
    except StdnumError:
        problems.add(field, "validation.person_fiscal_code", value=cleaned[:20])
        return ""


def fiscal_code(problems: Problems, field: str, value) -> str:
    """An ETS's codice fiscale: 11 digits with a valid check digit. A
    16-character personal code is refused: the avviso excludes natural persons."""
    from stdnum.it import iva

    cleaned = clean_text(value).upper().replace(" ", "")
    if not cleaned:
        problems.add(field, "validation.required")
        return ""
    if len(cleaned) == 16:
        problems.add(field, "validation.fiscal_code_person", value=cleaned[:20])
        return ""
    try:
        return iva.validate(cleaned)
    except StdnumError:
        problems.add(field, "validation.fiscal_code", value=cleaned[:20])
        return ""
