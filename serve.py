"""The server: the Streamlit app (``app.py``) plus two small HTTP routes that
set or clear the delegate's signed, HttpOnly identity cookie.

Run with ``streamlit run serve.py`` (``make run`` does it).
"""

import threading
import time

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, StreamingResponse
from starlette.routing import Route
from streamlit.runtime.pages_manager import PagesManager

from coprog import config
from coprog.hosting import assets, sockets
from coprog.live import live, push
from coprog.procedure import access, delegates, permissions
from coprog.procedure import staff as staff_registry
from coprog.storage.db import Database
from coprog.texts import vocabulary
from coprog.texts.errors import CoprogError
from ui import live_list, runtime, state
from ui.pages import ADDRESSES, AUDIENCE, BY_ADDRESS

# app.py registers its pages with st.navigation, but Streamlit only learns
# that once app.py has run: until then, on a fresh server, a deep link such as
# /conduzione would run pages/conduzione.py directly in the legacy "pages
# directory" mode, bypassing the role-based navigation. Declare it up front.
PagesManager.uses_pages_directory = False


# Imported after Streamlit bound its socket and before it accepts anything:
# Nagle's algorithm off for every browser (see coprog/hosting/sockets.py).
sockets.no_delay_on_listening_sockets()
# Each page run's new_session message: its theme and config built once per process (ui/runtime.py).
runtime.reuse_session_settings()
# A few page runs at once, the others waiting their turn, a person's before a redraw;
# each run's thread started off the event loop (ui/runtime.py).
runtime.limit_runs(config.concurrent_runs())
runtime.start_runs_off_the_loop()

_watch: live.Watch | None = None


def _db() -> Database:
    return state.database()  # the pages' own handle: one per process


def _secret() -> str:
    """The same signing key as the app's pages (environment, secrets.toml or the
    database's own), read once per process."""
    return state.cookie_secret()


def _set_cookie(response, request: Request, name: str, value: str, max_age: int | None, samesite: str = "lax") -> None:
    """Identity cookies: signed, HttpOnly, Secure behind HTTPS; no caching, no referrer."""
    # behind the HTTPS reverse proxy (README, "In sala") the scheme arrives as X-Forwarded-Proto
    https = request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite=samesite, secure=https, path="/")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"


async def join(request: Request) -> RedirectResponse:
    """``/join/K7QM-4XPT-9HRW``: the invite link or QR. A valid code sets the
    cookie and opens the participant page; a wrong one goes back to sign-in."""
    client = f"ip:{request.client.host if request.client else 'sconosciuto'}"
    try:
        kind, person = delegates.identify_person(_db(), request.path_params["code"], client)
    except CoprogError:
        return RedirectResponse("/?accesso=errore", status_code=303)
    # a delegate lands on their page directly (the start page "/" would cost a second run)
    response = RedirectResponse("/partecipa" if kind == vocabulary.DELEGATE else "/", status_code=303)
    if kind == vocabulary.DELEGATE:
        _set_cookie(
            response,
            request,
            access.COOKIE_NAME,
            access.sign_delegate(_secret(), person["id"], person["access_code"]),
            access.COOKIE_MAX_AGE,
        )
    else:  # a facilitator's personal link: a staff cookie for the working day
        _set_cookie(
            response,
            request,
            access.STAFF_COOKIE_NAME,
            access.sign_staff(_secret(), vocabulary.FACILITATOR, person["id"]),
            access.STAFF_COOKIE_MAX_AGE,
        )
    return response


async def staff(request: Request) -> RedirectResponse:
    """``/staff/TOKEN``: the one-minute link a signed-in facilitator or organiser
    opens (by itself right after signing in, ui/signin.py) so that every tab and
    window of this browser is signed in too: the cookie lasts the browser session,
    or the working day with ``?resta=1`` ("Resta collegato su questo dispositivo")."""
    staff_id = access.read_staff_token(_secret(), request.path_params["token"], handoff=True)
    response = RedirectResponse(access.safe_return_path(request.query_params.get("next")), status_code=303)
    if staff_id:
        keep = request.query_params.get("resta") == "1"
        _set_cookie(
            response,
            request,
            access.STAFF_COOKIE_NAME,
            access.sign_staff(_secret(), *staff_id),
            access.STAFF_COOKIE_MAX_AGE if keep else None,
            samesite="strict",
        )
    return response


async def leave(request: Request) -> RedirectResponse:
    """``/esci``: forget whoever was signed in on this device."""
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(access.COOKIE_NAME, path="/")
    response.delete_cookie(access.STAFF_COOKIE_NAME, path="/")
    return response


_changes: push.Changes | None = None
STREAM_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}  # nginx: do not buffer this response


_live_lock = threading.Lock()


def _live() -> tuple[push.Changes, live.Watch]:
    """This process's watch (the poll's answers) and watcher (the pushes), made once."""
    global _watch, _changes
    with _live_lock:
        if _watch is None:
            _watch = live.Watch(_db())
        if _changes is None:
            _changes = push.Changes(_db())
        return _changes, _watch


async def stream(request: Request):
    """``/vivo/TOKEN/flusso``: the same answer pushed, as server-sent events, the
    moment it moves (coprog/live/push.py). nginx is told not to buffer it; a
    proxy that buffers anyway starves the page's first event, and the page falls
    back to asking ``/vivo/TOKEN`` (ui/live.py)."""
    found = access.read_watch(_secret(), request.path_params["token"])
    if not found:
        return JSONResponse({"access": "no"}, status_code=403, headers={"Cache-Control": "no-store"})
    changes, watcher = await run_in_threadpool(_live)
    events = push.stream(changes, watcher, *found, run_blocking=run_in_threadpool)
    return StreamingResponse(events, media_type="text/event-stream", headers=STREAM_HEADERS)


async def signal(request: Request):
    """``/segnale/TOKEN/flusso``: a staff page's value (board, floor, counters) pushed when it moves."""
    found = access.read_signal(_secret(), request.path_params["token"])
    if not found or found[0] not in push.SIGNALS:
        return JSONResponse({"access": "no"}, status_code=403, headers={"Cache-Control": "no-store"})
    changes, _ = await run_in_threadpool(_live)
    events = push.signal_stream(changes, *found, run_blocking=run_in_threadpool)
    return StreamingResponse(events, media_type="text/event-stream", headers=STREAM_HEADERS)


def watch(request: Request) -> JSONResponse:
    """``/vivo/TOKEN``: what a delegate's open page asks every 1.5 s (coprog/live/live.py).
    A plain function: Starlette runs it in its thread pool, off the event loop."""
    found = access.read_watch(_secret(), request.path_params["token"])
    answer = _live()[1].answer(*found) if found else None
    response = JSONResponse(answer if answer else {"access": "no"}, status_code=200 if found else 403)
    response.headers["Cache-Control"] = "no-store"
    return response


async def listed(request: Request) -> JSONResponse:
    """``/vivo/TOKEN/elenco``: the session's contributions as the delegate's page
    draws them (ui/live_list.py), asked when the watch says the contents moved;
    the same list for everyone is made once per version (coprog/contributions/listing.py).
    On the event loop, not in the thread pool: a tenth of a millisecond once the
    list is made (one small query), and the 250 pages of a process that ask at the
    same moment do not become 40 threads fighting the page runs for the
    interpreter (bench/load.py at 500: a vote's p50 1.3 s in the pool, 0.3 s here)."""
    found = access.read_watch(_secret(), request.path_params["token"])
    allowed = bool(found) and _live()[1].may_take_part(found[0], time.time())  # no heartbeat: the stream's
    answer = live_list.listings(_db()).get(*found, request.query_params.get("lingua", "")) if allowed else None
    status = 200 if answer else 403 if not allowed else 404
    response = JSONResponse(answer if answer else {"access": "no" if not allowed else "gone"}, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _who(cookies: dict) -> tuple[str | None, bool]:
    """The staff role and whether a delegate who may take part, from this
    browser's signed cookies (checked against the database: revoked people,
    excluded ETS and closed percorsi do not pass)."""
    found = access.read_staff_token(_secret(), cookies.get(access.STAFF_COOKIE_NAME))
    if found:
        role, facilitator_id = found
        if facilitator_id is None or staff_registry.get_facilitator(_db(), facilitator_id):
            return role, False
    delegate = delegates.delegate_from_token(_db(), _secret(), cookies.get(access.COOKIE_NAME))
    return None, bool(delegate) and delegates.participation_refusal(delegate) is None


class PageDoor:
    """Before a page loads: an address that is no page (a typo, an old link) goes
    to the start; a page this browser may not open (a staff page in a delegate's
    browser, any page but sign-in in one not signed in) goes to the sign-in page,
    which says which page it was and opens it after signing in. The same rule
    as the navigation (coprog/permissions.may_open_page): no Streamlit "Page not
    found", in English, in front of anyone."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            path = scope["path"]
            target = None
            if access.unknown_page(path, ADDRESSES):
                target = "/"
            elif (audience := AUDIENCE.get(BY_ADDRESS.get(path.strip("/")), "tutti")) != "tutti":
                role, delegate_ok = await run_in_threadpool(_who, Request(scope).cookies)
                if not permissions.may_open_page(audience, role, delegate_ok):
                    target = f"/accesso?pagina={path.strip('/')}"
            if target:
                await RedirectResponse(target, status_code=303)(scope, receive, send)
                return
        await self.app(scope, receive, send)


app = st.App(
    "app.py",
    routes=[
        Route("/join/{code}", join),
        Route("/staff/{token}", staff),
        Route("/esci", leave),
        Route("/vivo/{token}", watch),
        Route("/vivo/{token}/flusso", stream),
        Route("/vivo/{token}/elenco", listed),
        Route("/segnale/{token}/flusso", signal),
    ],
    # the components' files answered 304 when the browser has them (coprog/hosting/assets.py)
    middleware=[Middleware(PageDoor), Middleware(assets.RevalidatedAssets)],
)
