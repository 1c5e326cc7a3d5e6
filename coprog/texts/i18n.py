"""The interface's texts in Italian and English, and the number/date formats of
each language.

The texts are gettext catalogues, one per language, in ``coprog/texts/locale``
(``it`` is the source, ``en`` its translation): each message's ``msgctxt`` is the
key the code asks for, its ``msgid`` the Italian text, counts have plural forms
(``msgid_plural``, ``msgstr[n]``) chosen by the catalogue's own rule. A translator
opens them in their usual tools (Poedit, Weblate, Lokalize); Babel compiles them
(``pybabel compile -d coprog/texts/locale -D coprog``, run by ``make``). The app
reads the compiled ``.mo``, or the ``.po`` itself while no fresh ``.mo`` exists.
``t()`` falls back to Italian, then to the key itself, so a missing text is
visible, never a crash (tests/unit/test_i18n.py: every key used exists in both,
none is unused).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LANGUAGES = {"it": "Italiano", "en": "English"}
DEFAULT_LANG = "it"
LOCALES = {"it": "it_IT", "en": "en_GB"}
TZ = ZoneInfo("Europe/Rome")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "coprog"


@dataclass(frozen=True)
class Catalogue:
    """One language's texts by key (a count's forms as a tuple) and its plural rule."""

    texts: dict[str, str | tuple[str, ...]]
    plural: Callable[[int], int]


def po_file(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalogue(lang: str) -> Catalogue:
    """The compiled catalogue when it is as new as its source, else the source."""
    po, mo = po_file(lang), po_file(lang).with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with open(mo, "rb") as f:
            read = read_mo(f)
    else:
        with open(po, "rb") as f:
            read = read_po(f, locale=lang, domain=DOMAIN)
    texts = {
        m.context: tuple(m.string) if isinstance(m.string, list | tuple) else m.string
        for m in read
        if m.id and m.context and m.string
    }
    return Catalogue(texts, gettext.c2py(read.plural_expr))


def keys(lang: str = DEFAULT_LANG) -> set[str]:
    return set(catalogue(lang).texts)


def _lookup(key: str, lang: str) -> str | tuple[str, ...] | None:
    found = catalogue(lang).texts.get(key) if lang in LANGUAGES else None
    return catalogue(DEFAULT_LANG).texts.get(key) if found is None else found


def columns(frame, lang: str = DEFAULT_LANG):
    """A copy of a table with its columns named in the language (files people download)."""
    known = catalogue(DEFAULT_LANG).texts
    return frame.rename(
        columns={c: t(f"col.{c}", lang) for c in frame.columns if isinstance(c, str) and f"col.{c}" in known}
    )


def _missing(key: str) -> str:
    if os.environ.get("COPROG_STRICT_TEXTS") == "1":  # the tests: a raw key on a page fails them
        raise KeyError(f"testo mancante nel catalogo: {key}")
    return key


def tn(key: str, n: int, lang: str = DEFAULT_LANG, **params) -> str:
    """The text for a count: the form the catalogue's plural rule picks for
    ``n`` (its ``Plural-Forms``); ``{n}`` is filled in."""
    source = lang if lang in LANGUAGES and key in catalogue(lang).texts else DEFAULT_LANG
    forms = catalogue(source).texts.get(key)
    if not isinstance(forms, tuple):
        return _missing(key)
    return _fill(forms[min(catalogue(source).plural(abs(n)), len(forms) - 1)], {"n": n, **params})


def t(key: str, lang: str = DEFAULT_LANG, **params) -> str:
    """The text for ``key`` in ``lang`` with ``{params}`` filled in. A key
    missing from the catalogue shows as itself, except under
    ``COPROG_STRICT_TEXTS=1`` (the tests), where it is an error."""
    text = _lookup(key, lang)
    if text is None or isinstance(text, tuple):
        return _missing(key)
    return _fill(text, params)


def _fill(text: str, params: dict) -> str:
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def quoted(params: dict, quote=None) -> dict:
    """``params`` with ``quote`` applied to each text (numbers kept as they are)."""
    if quote is None:
        return params
    return {name: quote(value) if isinstance(value, str) else value for name, value in params.items()}


def problem(field: str, key: str, params: dict, lang: str = DEFAULT_LANG, quote=None) -> str:
    """One (field, key, params) problem as a sentence; ``quote``, when given,
    is applied to each text parameter (a name, a file name: the UI escapes
    them for Markdown), not to the catalogue's own words."""
    field_label = t(f"field.{field}", lang) if field else ""
    return t(key, lang, field=field_label, **quoted(params, quote)).lstrip(": ")


def error_messages(exc, lang: str = DEFAULT_LANG, quote=None) -> list[str]:
    """Every message carried by a CoprogError (one per problem for ValidationError)."""
    problems = getattr(exc, "problems", None) or [("", exc.key, getattr(exc, "params", {}))]
    return [problem(field, key, params, lang, quote) for field, key, params in problems]


def number(value, lang: str = DEFAULT_LANG, digits: int | None = None) -> str:
    fmt = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=fmt, locale=LOCALES.get(lang, "it_IT"))


def local_when(value: str | None, lang: str = DEFAULT_LANG) -> str:
    """A wall-clock time in Milan as typed ('YYYY-MM-DDTHH:MM', e.g. a PEC's
    arrival or the avviso's deadline): formatted, never shifted by a time zone."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value)
    return format_datetime(
        moment, "dd/MM/yyyy HH:mm" if lang == "it" else "d MMM yyyy, HH:mm", locale=LOCALES.get(lang, "it_IT")
    )


def when(value, lang: str = DEFAULT_LANG, *, with_time: bool = True) -> str:
    """An ISO timestamp (UTC, as stored) or a date, in local Milan time."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        if len(value) == 10:
            value = date.fromisoformat(value)
        else:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    locale = LOCALES.get(lang, "it_IT")
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(TZ)
        if with_time:  # digits only, the same in every locale: strftime is ~20x cheaper than Babel
            return value.strftime("%d/%m/%Y %H:%M")
        value = value.date()
    if lang == "it":
        return value.strftime("%d/%m/%Y")
    return format_date(value, "d MMM yyyy", locale=locale)


def clock(lang: str = DEFAULT_LANG) -> str:
    return format_datetime(datetime.now(TZ), "HH:mm:ss", locale=LOCALES.get(lang, "it_IT"))
