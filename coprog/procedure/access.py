"""Who is who: delegates' access codes and signed tokens, staff passwords,
and the brake on repeated wrong codes."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets as _secrets
import sqlite3
import time
import unicodedata

from itsdangerous import BadSignature, URLSafeTimedSerializer

from coprog.storage.db import Database, meta_get, meta_set
from coprog.texts import vocabulary
from coprog.texts.errors import NotAllowed

# 31 symbols with no look-alikes (no 0/O, 1/I/L): almost 5 bits each.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # three groups of four: ~59 bits, unguessable with the brake below
JOIN_CODE_LENGTH = 6

COOKIE_NAME = "coprog_id"
COOKIE_MAX_AGE = 60 * 60 * 24 * 120  # a process lasts months

# The brake: after FREE_FAILURES wrong codes, each further try from the same
# client waits 2, 4, 8 ... seconds (at most MAX_DELAY); it fades after FORGET_AFTER.
FREE_FAILURES = 5
MAX_DELAY = 300
FORGET_AFTER = 3600


def new_access_code() -> str:
    return "".join(_secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_join_code() -> str:
    return "".join(_secrets.choice(CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def format_code(code: str) -> str:
    """``K7QM4XPT9HRW`` -> ``K7QM-4XPT-9HRW`` (as printed on cards)."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalize_code(typed: str) -> str | None:
    """What a person typed -> the stored form, or None if it cannot be a code.

    Case, spaces and dashes do not matter, whichever a keyboard or a copy gives: an
    en dash from a phone's smart punctuation, a non-breaking hyphen or space, an
    invisible soft hyphen or zero-width space from a PDF or an e-mail, full-width
    letters (NFKC)."""
    cleaned = "".join(
        ch
        for ch in unicodedata.normalize("NFKC", typed or "")
        if not (ch.isspace() or ch in "_." or unicodedata.category(ch) in ("Pd", "Cf"))
    ).upper()
    if not cleaned or len(cleaned) > 40:
        return None
    if any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    return cleaned


# -- signed identity token (the cookie) ---------------------------------------


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="coprog-delegate")


def _code_fingerprint(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()[:16]


def sign_delegate(secret_key: str, delegate_id: int, access_code: str) -> str:
    """A token naming the delegate, bound to their current code: re-issuing or
    revoking the code invalidates old cookies."""
    return _serializer(secret_key).dumps({"d": delegate_id, "c": _code_fingerprint(access_code)})


def read_delegate_token(secret_key: str, token: str | None) -> tuple[int, str] | None:
    """(delegate_id, code fingerprint) from a valid token, else None."""
    if not token:
        return None
    try:
        data = _serializer(secret_key).loads(token, max_age=COOKIE_MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("d"), int):
        return None
    return data["d"], str(data.get("c", ""))


def token_matches(fingerprint: str, access_code: str) -> bool:
    return hmac.compare_digest(fingerprint, _code_fingerprint(access_code))


# -- the live page's watch (coprog/live/live.py) ------------------------------------

WATCH_MAX_AGE = 60 * 60 * 16  # a working day; a page open longer asks again after a reload


def sign_watch(secret_key: str, delegate_id: int, session_id: int) -> str:
    """The token in a delegate page's watch address: it names the delegate (their
    page is open) and the session; it opens nothing and reads nothing else."""
    return URLSafeTimedSerializer(secret_key, salt="coprog-watch").dumps([delegate_id, session_id])


def read_watch(secret_key: str, token: str | None) -> tuple[int, int] | None:
    """(delegate_id, session_id) from a valid watch token, else None."""
    if not token:
        return None
    try:
        data = URLSafeTimedSerializer(secret_key, salt="coprog-watch").loads(token, max_age=WATCH_MAX_AGE)
    except BadSignature:
        return None
    if not (isinstance(data, list) and len(data) == 2 and all(type(v) is int for v in data)):
        return None
    return data[0], data[1]


def sign_signal(secret_key: str, kind: str, session_id: int | None, process_id: int | None) -> str:
    """The token in a staff page's stream address: which value it follows (a
    board's version, a floor's queue, a room's counters); it opens nothing."""
    return URLSafeTimedSerializer(secret_key, salt="coprog-signal").dumps([kind, session_id, process_id])


def read_signal(secret_key: str, token: str | None) -> tuple[str, int | None, int | None] | None:
    """(kind, session_id, process_id) from a valid signal token, else None."""
    if not token:
        return None
    try:
        data = URLSafeTimedSerializer(secret_key, salt="coprog-signal").loads(token, max_age=WATCH_MAX_AGE)
    except BadSignature:
        return None
    ok = isinstance(data, list) and len(data) == 3 and isinstance(data[0], str)
    if not ok or not all(v is None or type(v) is int for v in data[1:]):
        return None
    return data[0], data[1], data[2]


# -- staff: a short-lived hand-off link, then a signed cookie -----------------

STAFF_COOKIE_NAME = "coprog_staff"
STAFF_COOKIE_MAX_AGE = 60 * 60 * 14  # one working day
HANDOFF_MAX_AGE = 60


def sign_staff(secret_key: str, role: str, facilitator_id: int | None = None, *, handoff: bool = False) -> str:
    salt = "coprog-staff-handoff" if handoff else "coprog-staff"
    return URLSafeTimedSerializer(secret_key, salt=salt).dumps({"r": role, "f": facilitator_id})


def read_staff_token(secret_key: str, token: str | None, *, handoff: bool = False) -> tuple[str, int | None] | None:
    """(role, facilitator id or None) from a valid token (a hand-off link lives
    one minute), else None."""
    if not token:
        return None
    salt, max_age = ("coprog-staff-handoff", HANDOFF_MAX_AGE) if handoff else ("coprog-staff", STAFF_COOKIE_MAX_AGE)
    try:
        data = URLSafeTimedSerializer(secret_key, salt=salt).loads(token, max_age=max_age)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("r") not in vocabulary.STAFF_ROLES:
        return None
    facilitator_id = data.get("f")
    return data["r"], facilitator_id if isinstance(facilitator_id, int) else None


def safe_return_path(value: str | None) -> str:
    """Where a sign-in link may send the browser back: one of this app's own
    addresses (``/`` or ``/proiettore``), never another site."""
    if value and re.fullmatch(r"/[a-z0-9\-]{0,40}", value):
        return value
    return "/"


# Streamlit's own one-word addresses and ours (their subpaths never match below)
_NOT_PAGES = frozenset({"esci", "media", "component", "static", "app", "healthz"})


def unknown_page(path: str, addresses) -> bool:
    """``/proiettre`` (a typo) is no page: the server sends it to the start.
    Only one-word lowercase addresses are judged; files and API paths pass."""
    match = re.fullmatch(r"/([a-z0-9\-]+)/?", path)
    return match is not None and match[1] not in addresses and match[1] not in _NOT_PAGES


# -- staff passwords ----------------------------------------------------------

PBKDF2_ITERATIONS = 600_000


def hash_password(password: str, *, iterations: int = PBKDF2_ITERATIONS) -> str:
    salt = _secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${digest.hex()}"


def verify_password(password: str, stored_hash: str | None) -> bool:
    if not password or not stored_hash:
        return False
    try:
        algorithm, rounds, salt, expected = stored_hash.split("$")
        iterations = int(rounds)
    except ValueError:
        return False
    if algorithm != "pbkdf2_sha256":
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return hmac.compare_digest(digest.hex(), expected)


# -- the brake on wrong codes -------------------------------------------------


def delay_for(failures: int) -> float:
    if failures < FREE_FAILURES:
        return 0.0
    return float(min(MAX_DELAY, 2 ** (failures - FREE_FAILURES + 1)))


def check_not_throttled(database: Database, client: str, now: float | None = None) -> None:
    """Raise NotAllowed('access.throttled', seconds=N) if the client must wait."""
    now = time.time() if now is None else now
    row = database.query_one("SELECT failures, last_failure_at FROM login_attempt WHERE client = ?", (client,))
    if not row or now - row["last_failure_at"] > FORGET_AFTER:
        return
    wait = row["last_failure_at"] + delay_for(row["failures"]) - now
    if wait > 0:
        raise NotAllowed("access.throttled", seconds=int(wait) + 1)


def record_failure(database: Database, client: str, now: float | None = None) -> None:
    now = time.time() if now is None else now
    with database.write() as db:
        db.execute(
            "INSERT INTO login_attempt (client, failures, last_failure_at) VALUES (?, 1, ?)"
            " ON CONFLICT(client) DO UPDATE SET"
            " failures = CASE WHEN ? - last_failure_at > ? THEN 1 ELSE failures + 1 END,"
            " last_failure_at = excluded.last_failure_at",
            (client, now, now, FORGET_AFTER),
        )


def record_success(database: Database, client: str) -> None:
    with database.write() as db:
        db.execute("DELETE FROM login_attempt WHERE client = ?", (client,))


def with_fresh_code(column: str, generate, write):
    """``write(code)`` with a freshly generated code, again with another one if
    the UNIQUE constraint on ``column`` says it is taken (astronomically rare)."""
    for _ in range(20):
        try:
            return write(generate())
        except sqlite3.IntegrityError as exc:
            if column not in str(exc):
                raise
    raise RuntimeError(f"no free {column} after 20 tries")


def cookie_secret(database: Database, configured: str | None = None) -> str:
    """The key that signs identity cookies: from the environment/secrets when
    set, otherwise generated once and kept in the database so every server
    process sharing the file agrees on it."""
    if configured:
        return configured
    value = meta_get(database, "cookie_secret")
    if value:
        return value
    with database.write() as db:
        row = db.execute("SELECT value FROM meta WHERE key = 'cookie_secret'").fetchone()
        if row:
            return row[0]
        value = _secrets.token_urlsafe(32)
        meta_set(db, "cookie_secret", value)
    return value
