"""Who is using this browser tab, in which language, on which database."""

from __future__ import annotations

import functools
import os
import threading

import streamlit as st

from coprog import config, firstrun
from coprog.hosting import imap, smtp
from coprog.procedure import access, delegates, permissions, processes, staff
from coprog.storage.audit import Actor
from coprog.storage.db import Database, meta_get
from coprog.texts import i18n, vocabulary

_handles: dict[str, Database] = {}
_handles_lock = threading.Lock()


def _database_for(path: str) -> Database:
    handle = _handles.get(path)
    if handle is None:
        with _handles_lock:  # two first runs at once open (and migrate) it once
            handle = _handles.get(path) or _handles.setdefault(path, Database(path))
    return handle


def database() -> Database:
    """The process-wide database handle (migrated on first use). A plain dict,
    not ``st.cache_resource``: a page run asks for it 5-10 times and the cache's
    bookkeeping cost ~0.3 ms each (profiled with yappi, issue 15)."""
    return _database_for(str(config.db_path()))


def _secrets() -> dict:
    try:
        return dict(st.secrets)
    except Exception:  # no secrets.toml: the environment is enough
        return {}


@functools.lru_cache(maxsize=8)
def _cookie_secret(db_path: str, configured: str | None) -> str:
    return access.cookie_secret(_database_for(db_path), configured)


def cookie_secret() -> str:
    """The signing key: read once per process (every page run needs it; parsing
    the secrets and asking the database each time cost ~10% of a run under load)."""
    return _cookie_secret(str(config.db_path()), config.secret("COPROG_SECRET_KEY", _secrets_once()))


@functools.lru_cache(maxsize=1)
def _secrets_once() -> dict:
    return _secrets()


def mail_relay():
    """The Comune's SMTP relay as the environment or secrets.toml describe it, or None."""
    return smtp.relay(_secrets())


def pec_mailbox():
    """The percorso's PEC box (IMAPS) as the environment or secrets.toml describe it, or None."""
    return imap.mailbox(_secrets())


def base_url() -> str:
    """The address links and QR codes carry on this page (coprog/hosting/network.py):
    ``COPROG_BASE_URL``, else the address this page was reached at, else this
    machine's network address and the port it serves on."""
    from coprog.hosting import network

    headers = st.context.headers or {}
    configured = os.environ.get("COPROG_BASE_URL")
    return network.public_base_url(
        configured,
        headers.get("Host"),
        [] if configured else lan_addresses(),
        config.port(st.get_option("server.port")),
        headers.get("X-Forwarded-Proto"),
    )


@st.cache_data(ttl=60, show_spinner=False)
def lan_addresses() -> list[str]:
    from coprog.hosting import network

    return network.lan_addresses()


# -- language -----------------------------------------------------------------


def lang() -> str:
    return st.session_state.get("lang", i18n.DEFAULT_LANG)


def t(key: str, **params) -> str:
    return i18n.t(key, lang(), **params)


def tn(key: str, n: int, **params) -> str:
    """A text for a count, with the language's plural rules."""
    return i18n.tn(key, n, lang(), **params)


def language_picker() -> None:
    options = list(i18n.LANGUAGES)
    current = lang()
    choice = st.sidebar.selectbox(
        i18n.t("app.language", current),
        options,
        index=options.index(current),
        format_func=i18n.LANGUAGES.get,
        key="lang_picker",
    )
    if choice != current:
        st.session_state["lang"] = choice
        st.rerun()


# -- identity -----------------------------------------------------------------


def client_key() -> str:
    """A key for the brake on wrong codes: the client's address."""
    ip = getattr(st.context, "ip_address", None)
    if not ip:
        forwarded = st.context.headers.get("X-Forwarded-For", "") if st.context.headers else ""
        ip = forwarded.split(",")[0].strip() or "sconosciuto"
    return f"ip:{ip}"


def current_delegate() -> dict | None:
    """The delegate of this tab: signed in here, or carried by the invite cookie."""
    handle = database()
    delegate_id = st.session_state.get("delegate_id")
    if delegate_id:
        delegate = delegates.get_delegate(handle, delegate_id)
        if delegate and not delegate["revoked"] and delegate["access_code"] == st.session_state.get("delegate_code"):
            return delegate
        st.session_state.pop("delegate_id", None)
    if st.session_state.get("ignore_cookie"):
        return None
    token = st.context.cookies.get(access.COOKIE_NAME) if st.context.cookies else None
    delegate = delegates.delegate_from_token(handle, cookie_secret(), token)
    if delegate:
        remember_delegate(delegate)
    return delegate


def remember_delegate(delegate: dict) -> None:
    st.session_state["delegate_id"] = delegate["id"]
    st.session_state["delegate_code"] = delegate["access_code"]
    st.session_state.pop("ignore_cookie", None)


def staff_role() -> str | None:
    """The staff role of this tab: signed in here, or carried by the staff cookie."""
    role = st.session_state.get("staff_role")
    if role in vocabulary.STAFF_ROLES:
        facilitator_id = st.session_state.get("facilitator_id") if role == vocabulary.FACILITATOR else None
        if facilitator_id and staff.get_facilitator(database(), facilitator_id) is None:  # revoked since
            sign_out()
            return None
        return role
    if st.session_state.get("ignore_cookie") or not st.context.cookies:
        return None
    found = access.read_staff_token(cookie_secret(), st.context.cookies.get(access.STAFF_COOKIE_NAME))
    if not found:
        return None
    role, facilitator_id = found
    if facilitator_id is not None:
        person = staff.get_facilitator(database(), facilitator_id)
        if person is None:  # revoked since
            return None
        remember_facilitator(person)
    else:
        st.session_state["staff_role"] = role
    return role


def remember_facilitator(person: dict) -> None:
    st.session_state["staff_role"] = vocabulary.FACILITATOR
    st.session_state["facilitator_id"] = person["id"]
    st.session_state["facilitator_name"] = person["name"]


def staff_actor() -> Actor | None:
    role = staff_role()
    if role is None:
        return None
    facilitator_id = st.session_state.get("facilitator_id") if role == vocabulary.FACILITATOR else None
    label = st.session_state.get("facilitator_name") if facilitator_id else t(f"role.{role}")
    return Actor(role, facilitator_id, label)


def staff_handoff_link() -> str:
    """A one-minute link that sets the staff cookie on this device."""
    actor = staff_actor()
    return "/staff/" + access.sign_staff(cookie_secret(), actor.kind, actor.id, handoff=True)


def staff_password_hashes() -> dict[str, str]:
    """Role -> password hash, from the environment or secrets.toml; the demo's
    own hash only when the database holds the demo and nothing is configured."""
    secrets = _secrets()
    hashes = {}
    organiser = config.secret("COPROG_ADMIN_PASSWORD", secrets)
    facilitator = config.secret("COPROG_FACILITATOR_PASSWORD", secrets)
    if organiser:
        hashes[vocabulary.ORGANISER] = organiser
    if facilitator:
        hashes[vocabulary.FACILITATOR] = facilitator
    if not hashes and os.environ.get("COPROG_PRODUCTION") != "1":
        local_hash = meta_get(database(), firstrun.LOCAL_HASH)  # made by `make run` on this machine
        if local_hash:
            hashes[vocabulary.ORGANISER] = local_hash
    return hashes


def staff_sign_in(password: str) -> str | None:
    for role, stored in staff_password_hashes().items():
        if access.verify_password(password, stored):
            st.session_state["staff_role"] = role
            return role
    return None


def sign_out() -> None:
    for key in (
        "delegate_id",
        "delegate_code",
        "staff_role",
        "facilitator_id",
        "facilitator_name",
        "session_id",
        "process_id",
    ):
        st.session_state.pop(key, None)
    st.session_state["ignore_cookie"] = True


# -- the percorso of this tab ------------------------------------------------------


def current_process() -> dict | None:
    """The percorso this tab works on: a delegate's is their ETS's; staff work
    on the one an organiser picked in this tab, else the current one."""
    if not staff_role():
        delegate = current_delegate()
        return processes.get(database(), delegate["process_id"]) if delegate else None
    process = processes.current(database(), st.session_state.get("process_id"))
    if process and st.session_state.get("process_id") not in (None, process["id"]):
        st.session_state.pop("process_id", None)  # the one picked was deleted
    return process


def choose_process(process_id: int | None) -> None:
    """An organiser switches this tab to another percorso (the session choice goes)."""
    if process_id != st.session_state.get("process_id"):
        st.session_state["process_id"] = process_id
        for key in ("staff_session_id", "sessione", "session_id", "process_picker", "projector_process"):
            st.session_state.pop(key, None)


def actor() -> Actor | None:
    if staff_role():
        return staff_actor()
    delegate = current_delegate()
    return delegates.delegate_actor(delegate) if delegate else None


def may_take_part(delegate: dict) -> bool:
    return delegates.participation_refusal(delegate) is None


def require_delegate() -> dict:
    """Stop the page unless a delegate of an admitted ETS is signed in."""
    delegate = current_delegate()
    if delegate is None:
        st.warning(t("auth.delegate_only"))
        st.stop()
    refusal = delegates.participation_refusal(delegate)
    if refusal:
        st.error(t(refusal))
        st.stop()
    return delegate


def require_staff(action: str = "staff_work") -> Actor:
    """Stop the page unless this tab's staff may do ``action`` (coprog's
    permissions table; any staff by default)."""
    actor = staff_actor()
    if not permissions.may(action, actor):
        st.error(t("auth.staff_only"))
        st.stop()
    return actor
