"""What moves on a delegate's screen during a live session, as short
fingerprints: the browser asks for them every few seconds (a plain HTTP
request, no page run) and redraws only the part whose fingerprint changed.

Parts (each a fragment of the participant page):

- ``status``: the current phase, the types it collects, a silent round;
- ``forms``: the types the phase collects (a form appears or is closed);
- ``ballot``: the open ballot, if any, with its banner and the tab's title
  (it opens, closes, turns live results on); ``p`` and its number while one is
  prepared: the pages draw it hidden, and show it when this moves to the open
  ballot's value, without a run (ui/live.py);
- ``results``: the ballot's results a delegate may see: live ones while it is
  open with live results on, the frozen snapshot once closed and revealed;
- ``votes``: the votes cast, only while live results are on (they redraw ``results``);
- ``list``: the session's contributions (a new one, a moderation, an edit,
  a merge, a pin), and whether the phase takes reactions (the list then
  carries a reaction per item);
- ``floor``: the speaking queue (a request, a withdrawal, a call, a turn's end).

With hundreds of votes a minute, the browser redraws live results at most
every ``RESULTS_EVERY`` seconds (see ui/live.py)."""

from __future__ import annotations

import time

from coprog.live import attendance, floor
from coprog.procedure import delegates, sessions
from coprog.storage.db import Database
from coprog.texts import vocabulary
from coprog.texts.vocabulary import BALLOT_OPEN, BALLOT_PREPARED, NEED

PARTS = ("status", "forms", "ballot", "results", "votes", "list", "floor")
POLL_MS = 1500  # the browser asks every 1.5 s: a change shows within ~2 s (+ the cache, + one fragment run)
RESULTS_EVERY = 10  # live results redraw at most this often (seconds), so a vote burst costs little
FIRST_EVENT_MS = 3000  # a pushed stream whose first event takes longer is held by a proxy: the page polls
ACCESS_TTL = 5.0  # a delegate excluded meanwhile sees it within this many seconds (+ one poll)
# the parts whose redraw changes what a delegate can do now: redrawn as soon as a person's own action
# (ui/runtime.py); the others (what the rest of the room wrote or voted) wait their turn after them
AT_ONCE = frozenset({"access", "status", "forms", "ballot", "floor"})


def fingerprints(database: Database, session_id: int) -> dict[str, str] | None:
    """The fingerprint of each part, or None when the session is gone. Each
    moves only when what its fragment draws moves: a ballot opening moves
    ``ballot`` alone (banner, ballot and "results at the close" are drawn there)."""
    row = database.query_one(
        "SELECT s.current_phase_id AS phase, s.show_results, coalesce(p.contributions_open, 0) AS open,"
        " coalesce(p.contribution_types, '') AS types, coalesce(p.silent, 0) AS silent,"
        " s.contents_version AS list,"
        " b.id AS ballot_id, b.status AS ballot_status, b.show_live, b.phase_id AS ballot_phase,"
        " (SELECT count(*) || '.' || coalesce(sum(v.changes), 0) FROM vote v WHERE v.ballot_id = b.id) AS votes,"
        f" coalesce(p.reactions_open, 0) AS reactions, {floor.FINGERPRINT_SQL} AS floor,"
        f" (SELECT id FROM ballot WHERE session_id = s.id AND status = '{BALLOT_PREPARED}') AS prepared"
        " FROM session s LEFT JOIN phase p ON p.id = s.current_phase_id"
        " LEFT JOIN ballot b ON b.id ="
        f" (SELECT max(id) FROM ballot WHERE session_id = s.id AND status != '{BALLOT_PREPARED}')"
        " WHERE s.id = ?",
        (session_id,),
    )
    if row is None:
        return None
    types = row["types"] if row["open"] else ""
    latest = (
        None
        if row["ballot_id"] is None
        else {"status": row["ballot_status"], "show_live": row["show_live"], "phase_id": row["ballot_phase"]}
    )
    view = results_view(latest, bool(row["show_results"]), row["phase"])
    shown = view in ("live", "frozen", "wait")
    return {
        "status": f"{row['phase']}|{types}|{row['silent']}",
        "forms": types,
        "ballot": (
            f"{row['ballot_id']}.{row['show_live']}"
            if view in ("live", "hidden")
            else f"p{row['prepared']}"
            if row["prepared"]
            else "-"
        ),
        "results": f"{view}|{row['ballot_id']}" if shown else "-",
        "votes": row["votes"] if view == "live" else "-",
        "list": f"{row['list']}|{row['silent']}|{row['reactions']}",
        "floor": row["floor"],
    }


def pace(watchers: int) -> dict[str, int]:
    """How the pages of a session spread their redraws when many watch it (one
    server process's share; a fragment run costs it ~5-10 ms of CPU):
    ``spread``: each page waits a random 0..spread ms before redrawing, so the
    ballot's opening does not land on the server within the same poll;
    ``list_every``: the list of contributions redraws at most this often,
    which during a burst of arrivals keeps its cost bounded. Two delegates:
    8 ms and every poll; 150 on one process: 600 ms and every 2.25 s."""
    return {"spread": min(1000, watchers * 4), "list_every": max(POLL_MS, min(6000, watchers * 15))}


LIST_MS_PER_PAGE = 30  # pushed: the list's redraw interval grows by this much per page following it


def push_pace(followers: int) -> dict[str, int]:
    """The same with pushed pages, which all learn of a change within the same few
    milliseconds: a spread of 1 ms per page of this process, at most 300 ms (the
    bench measured it against the time the ballot takes to reach the screens);
    the list of contributions redraws at most every 30 ms per page of this
    process (at least the poll's 1.5 s, at most 10 s). Set when a list redraw
    was a page run (~7 ms of CPU each: at 300 delegates on 2 processes, with the
    poll's pace, pages redrew the list 8,777 times and waited 1.3 s for each);
    now the page's script fetches the list (ui/live_list.py: made once per
    version, each answer one small query), and the pace bounds the bursts of
    those answers while needs pour in. The sender sees their own contribution
    in the list at once. ``held``: the spread of a prepared ballot's hidden draw."""
    return {
        "spread": min(300, followers),
        "list_every": max(POLL_MS, min(10_000, followers * LIST_MS_PER_PAGE)),
        "held": min(HELD_MS_MAX, followers * HELD_MS_PER_PAGE),
    }


# A prepared ballot is drawn in every page, hidden, before it opens (ui/live.held_until_open):
# nothing waits for that draw, so the pages spread it wider, 20 ms per page of the process
# (at most 8 s), and its opening cuts the wait short (the page's script, ui/live.py)
HELD_MS_PER_PAGE, HELD_MS_MAX = 20, 8_000


def check_pages(database: Database, pages: list[tuple[int, int]], now: float | None = None) -> set[int]:
    """The open pages (delegate, session) of one server process, all at once: the
    delegates who may no longer take part (one query), and a heartbeat for the
    others' pages (one write, those not seen for a while)."""
    if not pages:
        return set()
    ids = sorted({delegate_id for delegate_id, _ in pages})
    refused = set(ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in database.query(
            "SELECT d.id, d.revoked, o.admission, p.status AS process_status FROM delegate d"
            " JOIN organisation o ON o.id = d.organisation_id JOIN process p ON p.id = o.process_id"
            f" WHERE d.id IN ({','.join('?' * len(chunk))})",
            tuple(chunk),
        ):
            if not row["revoked"] and delegates.participation_refusal(row) is None:
                refused.discard(row["id"])
    attendance.heartbeats(database, [(d, s) for d, s in pages if d not in refused], now)
    return refused


def phase_ballot(session: dict, ballot: dict | None) -> dict | None:
    """The session's latest ballot if it belongs to the current phase (its
    turnout and results are this phase's), else None."""
    return ballot if ballot is not None and ballot["phase_id"] == session["current_phase_id"] else None


def projector_view(session: dict, ballot: dict | None, slot: str, consolidated: bool = False) -> str | None:
    """What the projector shows of one session below its counters, in this order
    of precedence: the open ballot's turnout (``turnout_live`` with its live
    results), the frozen results once revealed (``frozen``), a silent round's
    notice (``silent``), the opinion groups and consensus (``opinion``, while
    the phase takes reactions, ``reactions_open``, or when the facilitator chose that view), the
    board of needs (``needs``, unless the rotation's ``slot`` is the list), the
    latest contributions once revealed (``list``), a "results at the
    facilitator's word" notice (``hidden``); when the phase collects nothing, a
    plenary's consolidated lists (``consolidated``, when it has any), else None."""
    kinds = sessions.phase_types(session)
    current = phase_ballot(session, ballot)
    if current is not None:
        if current["status"] == BALLOT_OPEN:
            return "turnout_live" if current["show_live"] else "turnout"
        if session["show_results"]:
            return "frozen"
    if session["silent"]:
        return "silent"
    if session.get("reactions_open") or slot == "opinione":
        return "opinion"
    if NEED in kinds and slot != "contributi":
        return "needs"
    if kinds and session["show_results"]:
        return "list"
    if kinds:
        return "hidden"
    return "consolidated" if consolidated else None


def forms_on_screen(shown: list[str], open_types: list[str], typed=frozenset()) -> tuple[list[str], list[str]]:
    """The forms a delegate's page draws, in order, and those of them whose
    collection closed meanwhile: the types the phase collects, in its order,
    then each form already on screen whose collection closed and that holds
    text the delegate typed (``typed``): it stays, marked, until sent or closed
    by the delegate, so nothing typed is thrown away. A closed form with
    nothing typed in it goes."""
    stale = [k for k in shown if k not in open_types and k in typed]
    return [*open_types, *stale], stale


def tabs_default(labels: list[str], kinds: list[str], open_types=()) -> str:
    """The tab the delegate's forms open on: the first open type's form (a
    closed form kept for its typed text is never the one selected). Only
    where the browser has no tab of its own to keep: on the first drawing, or
    when the tab the delegate had open is gone (its collection closed)."""
    return next((labels[n] for n, k in enumerate(kinds) if k in open_types), labels[0])


def results_view(ballot: dict | None, show_results: bool, current_phase_id: int | None) -> str | None:
    """What a delegate's page shows of the session's latest ballot's results:
    ``live`` (open, live results on), ``hidden`` (open, shown at the close),
    ``frozen`` (closed and revealed by the facilitator: the snapshot), ``wait``
    (closed in this phase, not revealed yet), or None."""
    if ballot is None:
        return None
    if ballot["status"] == vocabulary.BALLOT_OPEN:
        return "live" if ballot["show_live"] else "hidden"
    if show_results:
        return "frozen"
    return "wait" if ballot["phase_id"] == current_phase_id else None


class Watch:
    """Answers the browsers' question for one server process. Fingerprints are
    kept ``ttl`` seconds per session, with the pace (300 delegates asking every
    1.5 s cost two queries a second, not 200); whether the delegate may still take part is
    read every ``ACCESS_TTL`` s; the heartbeat that marks their page as open
    (the projector's "connected") is written at most once per
    ``attendance.HEARTBEAT_EVERY`` s."""

    def __init__(self, database, ttl: float = 0.5):
        self.database, self.ttl = database, ttl
        self._sessions: dict[int, tuple[float, dict | None, dict]] = {}
        self._access: dict[int, tuple[float, bool]] = {}
        self._beats: dict[tuple[int, int], float] = {}
        self._asked: dict[int, dict[int, float]] = {}  # session -> delegate -> when they last asked

    def watchers(self, session_id: int, now: float) -> int:
        """The pages of this session that asked this process in the last two polls
        (those that stopped asking are forgotten)."""
        asked = self._asked.get(session_id, {})
        for delegate_id, when in list(asked.items()):
            if now - when > 2 * POLL_MS / 1000:
                asked.pop(delegate_id, None)
        return len(asked)

    def may_take_part(self, delegate_id: int, now: float) -> bool:
        """Whether the delegate may still take part (read again every ``ACCESS_TTL`` s)."""
        stamp, allowed = self._access.get(delegate_id, (0.0, False))
        if now - stamp > ACCESS_TTL:
            delegate = delegates.get_delegate(self.database, delegate_id)
            allowed = (
                delegate is not None and not delegate["revoked"] and delegates.participation_refusal(delegate) is None
            )
            self._access[delegate_id] = (now, allowed)
        return allowed

    def allowed(self, delegate_id: int, session_id: int, now: float) -> bool:
        """The same, the page's heartbeat written when due (the poll's answer)."""
        allowed = self.may_take_part(delegate_id, now)
        if allowed and now - self._beats.get((delegate_id, session_id), 0) >= attendance.HEARTBEAT_EVERY:
            self._beats[(delegate_id, session_id)] = now
            attendance.heartbeat(self.database, delegate_id, session_id, now)
        return allowed

    def answer(self, delegate_id: int, session_id: int, now: float | None = None) -> dict | None:
        """The fingerprints plus ``access`` ("ok" or "no") and the ``pace``; None
        for a session that is gone."""
        now = time.time() if now is None else now
        self._asked.setdefault(session_id, {})[delegate_id] = now
        allowed = self.allowed(delegate_id, session_id, now)
        stamp, found, paced = self._sessions.get(session_id, (0.0, None, {}))
        if now - stamp > self.ttl:
            found, paced = fingerprints(self.database, session_id), pace(self.watchers(session_id, now))
            self._sessions[session_id] = (now, found, paced)
        if found is None:
            return None
        return {**found, "access": "ok" if allowed else "no", "pace": paced}
