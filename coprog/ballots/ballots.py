"""Prioritisation, a ballot's life: seed items, the approved items of a phase as
candidates, a ballot opened on them (method, budget, cap, dimensions), cast by
organisations (or delegates) and changed until the close (the budget, the cap
and the ranks checked in ``_checked_entries``), paper ballots and shows of hands,
closed with its outcome and frozen in a snapshot of its figures (computed in
coprog/ballots/tallying.py).

The database enforces the rules too (see migration 3): one vote row per voter,
budget and cap, valid ratings and ranks, nothing after the close, nothing
changed once a vote exists, snapshots that cannot be rewritten.
"""

from __future__ import annotations

import json
import sqlite3

from coprog.ballots import consensus
from coprog.ballots.tallying import accepts_hand_counts, choices_of, get, results
from coprog.contributions.consolidation import SHOWN
from coprog.procedure import permissions
from coprog.storage import audit
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts import i18n, vocabulary
from coprog.texts.errors import EditConflict, NotAllowed, NotFound
from coprog.texts.validation import Problems, integer, text
from coprog.texts.vocabulary import APPROVED, BALLOT_CLOSED, BALLOT_OPEN, BALLOT_PREPARED

METHODS = vocabulary.BALLOT_METHODS
DIMENSIONS = vocabulary.BALLOT_DIMENSIONS
PROPOSAL_TYPES = vocabulary.PROPOSAL_TYPES

_DB_ERRORS = {
    "scheda_gia_votata": "ballot.already_voted_laptop",
    "delega_mancante": "ballot.no_delegation",
    "votazione_chiusa": "ballot.closed",
    "votazione_non_aperta": "ballot.not_open_yet",
    "budget_superato": "ballot.budget_exceeded",
    "tetto_superato": "ballot.cap_exceeded",
    "valore_non_valido": "ballot.bad_value",
    "ordine_non_valido": "ballot.bad_ranking",
    "voce_estranea": "ballot.unknown_item",
    "votazione_bloccata": "ballot.locked",
    "risultati_congelati": "ballot.frozen",
    "esito_mancante": "ballot.outcome_missing",
}


def _db_error(exc: sqlite3.IntegrityError):
    for marker, key in _DB_ERRORS.items():
        if marker in str(exc):
            return NotAllowed(key)
    if "ballot_one_open" in str(exc) or "ballot.session_id" in str(exc):
        return NotAllowed("ballot.already_open")
    return permissions.translate(exc)


# -- seed items -----------------------------------------------------------------


def add_seed(database: Database, actor: Actor, session_id: int, kind: str, title: str, body: str = "") -> int:
    permissions.require("prepare", actor)
    problems = Problems()
    if kind not in PROPOSAL_TYPES:
        problems.add("type", "validation.unknown_value", value=str(kind)[:30])
    title = text(problems, "title", title, min_len=3, max_len=vocabulary.TITLE_MAX)
    body = text(problems, "body", body, required=False, max_len=vocabulary.BODY_MAX, multiline=True)
    problems.raise_if_any()
    with database.write() as db:
        seed_id = db.insert_row("seed_item", {"session_id": session_id, "type": kind, "title": title, "body": body})
        audit.log(db, actor, "crea", "seed_item", seed_id, title=title, type=kind)
    return seed_id


def seeds(database: Database, session_id: int) -> list[dict]:
    return database.query("SELECT * FROM seed_item WHERE session_id = ? ORDER BY id", (session_id,))


def candidate_items(database: Database, session_id: int, list_type: str | None = None) -> list[dict]:
    """What a ballot opened now would list: the approved, unmerged contributions
    of the current phase's types, then the organisers' seed items of those
    types; or, with ``list_type``, the session's consolidated list of that type
    (a plenary's items promoted from the tables, needs included)."""
    if list_type is not None:
        return database.query(
            "SELECT contribution_id, NULL AS seed_id, id AS consolidated_id, title FROM consolidated_item"
            f" WHERE session_id = ? AND type = ? AND merged_into IS NULL AND {SHOWN} ORDER BY id",
            (session_id, list_type),
        )
    session = database.query_one(
        "SELECT p.contribution_types FROM session s JOIN phase p ON p.id = s.current_phase_id WHERE s.id = ?",
        (session_id,),
    )
    kinds = [k for k in ((session or {}).get("contribution_types") or "").split(",") if k in PROPOSAL_TYPES]
    if not kinds:
        return []
    marks = ",".join("?" * len(kinds))
    found = database.query(
        f"SELECT id AS contribution_id, NULL AS seed_id, NULL AS consolidated_id, title FROM contribution"
        f" WHERE session_id = ? AND type IN ({marks}) AND status = '{APPROVED}' AND merged_into IS NULL"
        " ORDER BY pinned DESC, id",
        (session_id, *kinds),
    )
    found += database.query(
        f"SELECT NULL AS contribution_id, id AS seed_id, NULL AS consolidated_id, title FROM seed_item"
        f" WHERE session_id = ? AND type IN ({marks}) ORDER BY id",
        (session_id, *kinds),
    )
    return found


# -- opening, reading, closing ---------------------------------------------------


def open_ballot(
    database: Database,
    actor: Actor,
    session_id: int,
    method: str,
    *,
    per_delegate: bool = False,
    budget=vocabulary.BALLOT_BUDGET,
    cap=vocabulary.BALLOT_CAP,
    dimensions=(vocabulary.BALLOT_DIMENSION,),
    top_k=None,
    list_type: str | None = None,
    prepare: bool = False,
) -> int:
    """Open a ballot on the current phase's items, or (``list_type``) on one of
    the session's consolidated lists. ``prepare``: its items are fixed now and
    the delegates' pages draw it hidden; ``start`` opens it, and every page shows
    it the moment it learns so, without drawing anything (``discard`` drops it)."""
    permissions.require("run_session", actor, database=database, session_id=session_id)
    problems = Problems()
    if method not in METHODS:
        problems.add("method", "validation.unknown_value", value=str(method)[:20])
    if list_type is not None and list_type not in vocabulary.CONTRIBUTION_TYPES:
        problems.add("list_type", "validation.unknown_value", value=str(list_type)[:30])
    budget = integer(problems, "budget", budget, low=1, high=100)
    cap = integer(problems, "cap", cap, low=1, high=100)
    if budget and cap and method == "punti" and cap > budget:
        problems.add("cap", "ballot.cap_over_budget")
    dims = [d for d in dict.fromkeys(dimensions or ()) if d]
    if method == "valutazione" and (not dims or any(d not in DIMENSIONS for d in dims)):
        problems.add("dimensions", "validation.unknown_value", value=",".join(dims)[:40])
    if top_k not in (None, ""):
        top_k = integer(problems, "top_k", top_k, low=1, high=100)
    else:
        top_k = None
    problems.raise_if_any()
    items = candidate_items(database, session_id, list_type)
    if not items:
        raise NotAllowed("ballot.no_items")
    try:
        with database.write() as db:
            phase_id = db.execute("SELECT current_phase_id FROM session WHERE id = ?", [session_id]).fetchone()[0]
            ballot_id = db.insert_row(
                "ballot",
                {
                    "session_id": session_id,
                    "phase_id": phase_id,
                    "method": method,
                    "per_delegate": int(per_delegate),
                    "budget": budget,
                    "cap": cap,
                    "dimensions": ",".join(dims) if method == "valutazione" else vocabulary.BALLOT_DIMENSION,
                    "top_k": min(top_k, len(items)) if (method == "ordinamento" and top_k) else None,
                    "list_type": list_type,
                    "status": BALLOT_PREPARED if prepare else BALLOT_OPEN,
                },
            )
            if not prepare:
                db.execute("UPDATE phase SET voting_open = 1 WHERE id = ?", [phase_id])
            db["ballot_item"].insert_all(
                [
                    {
                        "ballot_id": ballot_id,
                        "position": n,
                        "contribution_id": item["contribution_id"],
                        "seed_id": item["seed_id"],
                        "consolidated_id": item["consolidated_id"],
                        "title": item["title"],
                    }
                    for n, item in enumerate(items, start=1)
                ]
            )
            audit.log(
                db,
                actor,
                "prepara_votazione" if prepare else "apre_votazione",
                "ballot",
                ballot_id,
                method=method,
                items=len(items),
                list_type=list_type,
            )
    except sqlite3.IntegrityError as exc:
        raise _db_error(exc) from exc
    return ballot_id


def start(database: Database, actor: Actor, ballot_id: int) -> None:
    """Open a prepared ballot: from now on it takes votes (its opening time is now)."""
    ballot = get(database, ballot_id)
    permissions.require("run_session", actor, database=database, session_id=ballot["session_id"])
    try:
        with database.write() as db:
            _require_prepared(db, ballot_id)
            db.execute(
                f"UPDATE ballot SET status = '{BALLOT_OPEN}', opened_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
                " WHERE id = ?",
                [ballot_id],
            )
            db.execute("UPDATE phase SET voting_open = 1 WHERE id = ?", [ballot["phase_id"]])
            audit.log(db, actor, "apre_votazione", "ballot", ballot_id, method=ballot["method"], prepared=True)
    except sqlite3.IntegrityError as exc:
        raise _db_error(exc) from exc


def discard(database: Database, actor: Actor, ballot_id: int) -> None:
    """Drop a prepared ballot that will not open (its items go with it; nobody voted)."""
    ballot = get(database, ballot_id)
    permissions.require("run_session", actor, database=database, session_id=ballot["session_id"])
    with database.write() as db:
        _require_prepared(db, ballot_id)
        # the audit row first: its percorso is read from the ballot, which goes next
        audit.log(db, actor, "annulla_votazione", "ballot", ballot_id, method=ballot["method"])
        db.execute("DELETE FROM ballot WHERE id = ?", [ballot_id])


def _in_session(database: Database, session_id: int, status: str) -> dict | None:
    row = database.query_one("SELECT id FROM ballot WHERE session_id = ? AND status = ?", (session_id, status))
    return get(database, row["id"]) if row else None


def open_in_session(database: Database, session_id: int) -> dict | None:
    return _in_session(database, session_id, BALLOT_OPEN)


def prepared_in_session(database: Database, session_id: int) -> dict | None:
    """The ballot prepared in this session, not open yet, if any."""
    return _in_session(database, session_id, BALLOT_PREPARED)


def latest_in_session(database: Database, session_id: int) -> dict | None:
    """The session's latest ballot that opened (a prepared one has no turnout or results yet)."""
    row = database.query_one(
        f"SELECT id FROM ballot WHERE session_id = ? AND status != '{BALLOT_PREPARED}' ORDER BY id DESC LIMIT 1",
        (session_id,),
    )
    return get(database, row["id"]) if row else None


def _status(db, ballot_id: int) -> str:
    """Inside a write: the ballot's status as it is now."""
    return db.execute("SELECT status FROM ballot WHERE id = ?", [ballot_id]).fetchone()[0]


def _require_prepared(db, ballot_id: int) -> None:
    """Inside a write: the ballot is still prepared (not opened, not dropped meanwhile)."""
    if _status(db, ballot_id) != BALLOT_PREPARED:
        raise NotAllowed("ballot.not_prepared")


def require_open(db, ballot_id: int) -> None:
    """Inside a write: the ballot takes votes and counts (not prepared, not closed)."""
    state = _status(db, ballot_id)
    if state == BALLOT_PREPARED:
        raise NotAllowed("ballot.not_open_yet")
    if state != BALLOT_OPEN:
        raise NotAllowed("ballot.closed")


# a ballot as the lists show it: with its session's title and its ballots cast
_LISTED = (
    "SELECT b.*, s.title AS session, (SELECT count(*) FROM vote v WHERE v.ballot_id = b.id) AS votes"
    " FROM ballot b JOIN session s ON s.id = b.session_id"
)


def ballots(database: Database, process_id: int) -> list[dict]:
    """Every ballot of one percorso, newest first."""
    return database.query(f"{_LISTED} WHERE s.process_id = ? ORDER BY b.id DESC", (process_id,))


def closed_in_session(database: Database, session_id: int) -> list[dict]:
    """The closed ballots of one session, newest first (as ``ballots``)."""
    return database.query(
        f"{_LISTED} WHERE b.session_id = ? AND b.status = ? ORDER BY b.id DESC", (session_id, BALLOT_CLOSED)
    )


def set_show_live(database: Database, actor: Actor, ballot_id: int, show: bool) -> None:
    ballot = get(database, ballot_id)
    permissions.require("run_session", actor, database=database, session_id=ballot["session_id"])
    with database.write() as db:
        db.execute("UPDATE ballot SET show_live = ? WHERE id = ?", [int(show), ballot_id])
        audit.log(db, actor, "mostra_voto_live" if show else "nasconde_voto_live", "ballot", ballot_id)


OUTCOME_PARTS = ("decided", "open", "dissent")  # what was decided (required), what stays open, dissent
OUTCOME_MAX = 2000


def validate_outcome(outcome: dict | None) -> dict:
    """The outcome statement of a ballot: what was decided (required, at least
    3 characters), what stays open and the dissent worth recording (optional)."""
    outcome = outcome or {}
    problems = Problems()
    clean = {
        part: text(
            problems,
            f"outcome_{part}",
            outcome.get(part, ""),
            required=part == "decided",
            min_len=3 if part == "decided" else 0,
            max_len=OUTCOME_MAX,
            multiline=True,
        )
        for part in OUTCOME_PARTS
    }
    problems.raise_if_any()
    return clean


def close(database: Database, actor: Actor, ballot_id: int, outcome: dict, *, at: str | None = None) -> dict:
    """Close the ballot with its outcome statement (``validate_outcome``) and
    freeze a time-stamped snapshot of its results (``at``: the closing time of
    a ballot recorded after the fact, e.g. the demo's)."""
    ballot = get(database, ballot_id)
    permissions.require("run_session", actor, database=database, session_id=ballot["session_id"])
    clean = validate_outcome(outcome)
    try:
        with database.write() as db:
            require_open(db, ballot_id)
            closed_at = at or db.execute("SELECT strftime('%Y-%m-%dT%H:%M:%fZ','now')").fetchone()[0]
            frozen = results(database, ballot_id, conn=db.conn)
            frozen["closed_at"] = closed_at
            frozen["outcome"] = clean
            db.execute(
                f"UPDATE ballot SET status = '{BALLOT_CLOSED}', closed_at = ?, snapshot = ?, outcome_decided = ?,"
                " outcome_open = ?, outcome_dissent = ? WHERE id = ?",
                [
                    closed_at,
                    json.dumps(frozen, ensure_ascii=False),
                    clean["decided"],
                    clean["open"],
                    clean["dissent"],
                    ballot_id,
                ],
            )
            db.execute("UPDATE phase SET voting_open = 0 WHERE id = ?", [ballot["phase_id"]])
            audit.log(db, actor, "chiude_votazione", "ballot", ballot_id, voters=frozen["voters"], outcome=clean)
    except sqlite3.IntegrityError as exc:
        raise _db_error(exc) from exc
    return frozen


def outcome(ballot: dict) -> dict:
    """A ballot row's outcome statement ({} while open or when none was written)."""
    found = {part: ballot.get(f"outcome_{part}") or "" for part in OUTCOME_PARTS}
    return found if any(found.values()) else {}


def snapshot(database: Database, ballot_id: int) -> dict | None:
    raw = database.scalar("SELECT snapshot FROM ballot WHERE id = ?", (ballot_id,))
    return json.loads(raw) if raw else None


# -- casting ------------------------------------------------------------------------


def voter_key(ballot: dict, actor: Actor) -> str:
    return f"del:{actor.id}" if ballot["per_delegate"] else f"org:{actor.organisation_id}"


def _entries(ballot: dict, item_ids: set[int], choices) -> list[tuple[int, str, int | None]]:
    """Validate a ballot's choices in the core; return (item, dimension, value) rows.
    Anything malformed (wrong shape, not numbers) is refused with a clear message."""
    try:
        return _checked_entries(ballot, item_ids, choices)
    except (TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise NotAllowed("ballot.bad_value") from exc


def _checked_entries(ballot: dict, item_ids: set[int], choices) -> list[tuple[int, str, int | None]]:
    method = ballot["method"]
    rows: list[tuple[int, str, int | None]] = []
    if method == "punti":
        used = 0
        for item, points in (choices or {}).items():
            item = int(item)
            if item not in item_ids:
                raise NotAllowed("ballot.unknown_item")
            if isinstance(points, bool) or not isinstance(points, int) or points < 0:
                raise NotAllowed("ballot.bad_value")
            if points > ballot["cap"]:
                raise NotAllowed("ballot.cap_exceeded", cap=ballot["cap"])
            used += points
            if points:
                rows.append((item, "", points))
        if used > ballot["budget"]:
            raise NotAllowed("ballot.budget_exceeded", budget=ballot["budget"], used=used)
    elif method == "valutazione":
        dims = ballot["dimension_list"]
        for item, ratings in (choices or {}).items():
            item = int(item)
            if item not in item_ids:
                raise NotAllowed("ballot.unknown_item")
            for dim, value in (ratings or {}).items():
                if dim not in dims:
                    raise NotAllowed("ballot.bad_value")
                if value is not None and (isinstance(value, bool) or value not in consensus.SCALE):
                    raise NotAllowed("ballot.bad_value")
                rows.append((item, dim, value))
    elif method == "ordinamento":
        order = [int(i) for i in (choices or [])]
        if any(i not in item_ids for i in order):
            raise NotAllowed("ballot.unknown_item")
        if len(set(order)) != len(order):
            raise NotAllowed("ballot.bad_ranking")
        limit = ballot["top_k"] or len(item_ids)
        if len(order) > limit:
            raise NotAllowed("ballot.too_many_ranked", k=limit)
        rows = [(item, "", rank) for rank, item in enumerate(order, start=1)]
    else:  # approvazione
        approved = [int(i) for i in dict.fromkeys(choices or [])]
        if any(i not in item_ids for i in approved):
            raise NotAllowed("ballot.unknown_item")
        rows = [(item, "", 1) for item in approved]
    return rows


def version(vote: dict | None) -> str:
    """The version of a voter's ballot a form saw: "" when none was cast yet."""
    return "" if vote is None else f"{vote['id']}.{vote['changes']}"


def _require_seen(db, ballot_id: int, key: str, seen: str | None, actor: Actor) -> None:
    """Refuse a vote sent from a form that saw another version of this voter's
    ballot (``seen``) than the one stored now: a colleague of the same ETS, the
    same delegate on another device or the facilitator's paper entry cast it
    meanwhile. Named, with the time; the form then shows it, and a vote sent
    again, having seen it, replaces it (the last one counts)."""
    if seen is None:
        return
    row = db.execute(
        "SELECT v.id, v.changes, v.cast_at, v.source, v.entered_by, v.delegate_id, d.name AS cast_by,"
        " o.name AS organisation FROM vote v JOIN organisation o ON o.id = v.organisation_id"
        " LEFT JOIN delegate d ON d.id = v.delegate_id WHERE v.ballot_id = ? AND v.voter = ?",
        [ballot_id, key],
    ).fetchone()
    if row is None or version(dict(row)) == seen:  # none cast (or one removed meanwhile): nothing to replace
        return
    when = i18n.when(row["cast_at"])
    if row["source"] == vocabulary.PAPER:
        raise EditConflict("ballot.cast_meanwhile.paper", who=row["entered_by"] or "–", when=when)
    if row["delegate_id"] == actor.id:
        raise EditConflict("ballot.cast_meanwhile.self", when=when)
    raise EditConflict("ballot.cast_meanwhile", who=row["cast_by"] or "–", organisation=row["organisation"], when=when)


def cast(
    database: Database,
    actor: Actor,
    ballot_id: int,
    choices,
    *,
    for_organisation: int | None = None,
    seen: str | None = None,
) -> dict:
    """Cast or replace the ballot of the actor's organisation (or the delegate's
    own, for per-delegate ballots), or, with ``for_organisation``, the ballot of
    the ETS whose delega the delegate holds in this session. The last one counts,
    but not unseen: with ``seen`` (the :func:`version` the delegate's form
    showed), a ballot cast meanwhile by someone else is not replaced
    (:class:`EditConflict`, nothing written). One transaction."""
    permissions.require("vote", actor)
    assert actor.id is not None and actor.organisation_id is not None  # for the type checker: the rule saw it
    organisation_id, proxy = actor.organisation_id, False
    if for_organisation is not None and for_organisation != actor.organisation_id:
        organisation_id, proxy = for_organisation, True
    try:
        with database.write() as db:
            ballot = get(database, ballot_id)
            require_open(db, ballot_id)
            permissions.require_participation(db, actor.organisation_id, ballot["session_id"])
            if proxy:
                if ballot["per_delegate"]:
                    raise NotAllowed("ballot.no_proxy_per_delegate")
                if delegation(db, ballot["session_id"], actor.id) != organisation_id:
                    raise NotAllowed("ballot.no_delegation")
                permissions.require_participation(db, organisation_id, ballot["session_id"])
            item_ids = {r[0] for r in db.execute("SELECT id FROM ballot_item WHERE ballot_id = ?", [ballot_id])}
            rows = _entries(ballot, item_ids, choices)
            key = f"del:{actor.id}" if ballot["per_delegate"] else f"org:{organisation_id}"
            _require_seen(db, ballot_id, key, seen, actor)
            if _store(db, ballot_id, key, organisation_id, actor.id, rows, source=vocabulary.ONLINE, proxy=proxy):
                audit.log(db, actor, "vota", "ballot", ballot_id, voter=key, entries=len(rows), proxy=proxy)
    except sqlite3.IntegrityError as exc:
        raise _db_error(exc) from exc
    stored = current_vote(database, ballot_id, actor, for_organisation=organisation_id if proxy else None)
    assert stored is not None  # just written in the transaction above
    return stored


def _store(
    db,
    ballot_id: int,
    key: str,
    organisation_id: int,
    delegate_id: int | None,
    rows,
    *,
    source: str,
    proxy: bool = False,
    replaced_laptop: bool = False,
    entered_by: str = "",
) -> bool:
    """One voter's ballot, inserted or replacing the previous one; False when the
    ballot stored is this one already (the same choices, cast the same way): it
    is left as it is, its time and its count of changes too. A double click on
    «Vota», or the same ballot sent again, is not a change of mind in the
    organisers' table of ballots."""
    same = db.execute(
        "SELECT id FROM vote WHERE ballot_id = ? AND voter = ? AND delegate_id IS ? AND source = ? AND proxy = ?"
        " AND replaced_laptop = ? AND entered_by = ?",
        [ballot_id, key, delegate_id, source, int(proxy), int(replaced_laptop), entered_by],
    ).fetchone()
    if same is not None:
        stored = {
            tuple(r)
            for r in db.execute("SELECT item_id, dimension, value FROM vote_entry WHERE vote_id = ?", [same[0]])
        }
        if stored == {(item, dim, value) for item, dim, value in rows}:
            return False
    db.execute(
        "INSERT INTO vote (ballot_id, voter, organisation_id, delegate_id, source, proxy, replaced_laptop, entered_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(ballot_id, voter) DO UPDATE SET delegate_id = excluded.delegate_id, source = excluded.source,"
        " proxy = excluded.proxy, replaced_laptop = excluded.replaced_laptop, entered_by = excluded.entered_by,"
        " cast_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'), changes = changes + 1",
        [ballot_id, key, organisation_id, delegate_id, source, int(proxy), int(replaced_laptop), entered_by],
    )
    vote_id = db.execute("SELECT id FROM vote WHERE ballot_id = ? AND voter = ?", [ballot_id, key]).fetchone()[0]
    db.execute("DELETE FROM vote_entry WHERE vote_id = ?", [vote_id])
    db.conn.executemany(
        "INSERT INTO vote_entry (vote_id, item_id, dimension, value) VALUES (?, ?, ?, ?)",
        [(vote_id, item, dim, value) for item, dim, value in rows],
    )
    return True


def delegation(db, session_id: int, delegate_id: int) -> int | None:
    """The ETS whose delega this delegate holds in the session now (checked in, not out)."""
    row = db.execute(
        "SELECT represents_organisation_id FROM attendance WHERE session_id = ? AND delegate_id = ?"
        " AND checked_out_at IS NULL",
        [session_id, delegate_id],
    ).fetchone()
    return row[0] if row else None


def delegation_of(database: Database, session_id: int, delegate_id: int) -> int | None:
    """The ETS whose delega a delegate holds in the session now, if any."""
    with database.read() as conn:
        return delegation(conn, session_id, delegate_id)


def organisation_name(database: Database, organisation_id: int) -> str:
    return database.scalar("SELECT name FROM organisation WHERE id = ?", (organisation_id,)) or ""


def cast_from_laptop(database: Database, ballot_id: int, organisation_id: int) -> bool:
    """Whether the ETS's ballot that counts now was cast from a laptop (a paper
    ballot entered for it would replace it: the facilitator must say so)."""
    return (
        database.scalar(
            "SELECT source FROM vote WHERE ballot_id = ? AND voter = ?", (ballot_id, f"org:{organisation_id}")
        )
        == vocabulary.ONLINE
    )


def cast_paper(
    database: Database, actor: Actor, ballot_id: int, organisation_id: int, choices, *, replace: bool = False
) -> dict:
    """A paper ballot of one ETS, entered by the facilitator: any method, the
    same rules as a laptop ballot. An ETS that already voted on a laptop keeps
    that ballot unless ``replace`` says so explicitly (audited): the database
    refuses a paper ballot over a laptop one otherwise."""
    ballot = get(database, ballot_id)
    permissions.require("run_session", actor, database=database, session_id=ballot["session_id"])
    if ballot["per_delegate"]:
        raise NotAllowed("ballot.paper_per_organisation")
    try:
        with database.write() as db:
            require_open(db, ballot_id)
            permissions.require_participation(db, organisation_id, ballot["session_id"])
            item_ids = {r[0] for r in db.execute("SELECT id FROM ballot_item WHERE ballot_id = ?", [ballot_id])}
            rows = _entries(ballot, item_ids, choices)
            key = f"org:{organisation_id}"
            existing = db.execute(
                "SELECT source, replaced_laptop FROM vote WHERE ballot_id = ? AND voter = ?", [ballot_id, key]
            ).fetchone()
            replacing = bool(existing and existing["source"] == vocabulary.ONLINE)
            if replacing and not replace:
                raise NotAllowed("ballot.already_voted_laptop")
            if _store(
                db,
                ballot_id,
                key,
                organisation_id,
                None,
                rows,
                source=vocabulary.PAPER,
                # a paper ballot entered again over one that replaced a laptop ballot keeps saying so
                replaced_laptop=replacing or bool(existing and existing["replaced_laptop"]),
                entered_by=actor.label,
            ):
                audit.log(
                    db,
                    actor,
                    "scheda_su_carta",
                    "ballot",
                    ballot_id,
                    organisation_id=organisation_id,
                    entries=len(rows),
                    replaced_laptop=replacing,
                )
    except sqlite3.IntegrityError as exc:
        raise _db_error(exc) from exc
    return database.one("SELECT * FROM vote WHERE ballot_id = ? AND voter = ?", (ballot_id, key))


def current_vote(
    database: Database, ballot_id: int, actor: Actor, *, for_organisation: int | None = None
) -> dict | None:
    """The ballot that counts now for the actor's organisation (or the delegate,
    or the ETS they hold the delega of), with who cast it last, how and when."""
    ballot = get(database, ballot_id)
    key = f"org:{for_organisation}" if for_organisation else voter_key(ballot, actor)
    row = database.query_one(
        "SELECT v.*, d.name AS cast_by, o.name AS cast_by_organisation FROM vote v"
        " LEFT JOIN delegate d ON d.id = v.delegate_id LEFT JOIN organisation o ON o.id = d.organisation_id"
        " WHERE v.ballot_id = ? AND v.voter = ?",
        (ballot_id, key),
    )
    if row is None:
        return None
    entries = database.query("SELECT item_id, dimension, value FROM vote_entry WHERE vote_id = ?", (row["id"],))
    row["choices"] = choices_of(ballot["method"], entries)
    return row


def add_paper(
    database: Database,
    actor: Actor,
    ballot_id: int,
    item_id: int,
    value,
    source: str = vocabulary.SHOW_OF_HANDS,
    note: str = "",
) -> int:
    """Points or approvals counted by a show of hands: anonymous, so they cannot
    be checked against the ballots; kept with their source and shown apart,
    never added to the ballots' totals. (Paper ballots are entered per ETS.)"""
    ballot = get(database, ballot_id)
    permissions.require("run_session", actor, database=database, session_id=ballot["session_id"])
    if not accepts_hand_counts(ballot["method"]):
        raise NotAllowed("ballot.paper_methods")
    problems = Problems()
    value = integer(problems, "count", value, low=0, high=100000)
    if source != vocabulary.SHOW_OF_HANDS:  # paper ballots are entered per ETS (cast_paper)
        problems.add("source", "validation.unknown_value", value=str(source)[:20])
    note = text(problems, "note", note, required=False, max_len=300)
    problems.raise_if_any()
    with database.write() as db:
        if not db.execute("SELECT 1 FROM ballot_item WHERE id = ? AND ballot_id = ?", [item_id, ballot_id]).fetchone():
            raise NotFound("ballot.unknown_item")
        require_open(db, ballot_id)
        paper_id = db.insert_row(
            "ballot_paper", {"ballot_id": ballot_id, "item_id": item_id, "value": value, "source": source, "note": note}
        )
        audit.log(db, actor, "voto_su_carta", "ballot", ballot_id, item_id=item_id, value=value, source=source)
    return paper_id


# -- turnout and results -------------------------------------------------------------


def stored_summary(ballot: dict, choices, titles: dict[int, str]) -> list[tuple[str, object]]:
    """What a ballot holds, in words a delegate can check: (item title, value)
    pairs in a readable order: points given (most first), ratings per item
    (value per dimension, None = "non so"), positions in the ranking, approvals."""
    method = ballot["method"]
    if not choices:
        return []
    if method == "punti":
        given = sorted(((p, i) for i, p in choices.items() if p), key=lambda x: (-x[0], x[1]))
        return [(titles.get(i, str(i)), p) for p, i in given]
    if method == "valutazione":
        return [(titles.get(i, str(i)), dict(choices[i])) for i in titles if i in choices]
    if method == "ordinamento":
        return [(titles.get(i, str(i)), rank) for rank, i in enumerate(choices, start=1)]
    return [(titles.get(i, str(i)), True) for i in choices]


def ranking_from_positions(positions: dict[int, int | None]) -> tuple[list[int], list[int]]:
    """A ranking from per-item positions (item -> 1, 2, … or None for "not
    ranked"): the items in position order, and the positions given to more
    than one item (a ranking only when that list is empty). Gaps close up."""
    given = {i: p for i, p in positions.items() if p}
    counts: dict[int, int] = {}
    for p in given.values():
        counts[p] = counts.get(p, 0) + 1
    return [i for i, _ in sorted(given.items(), key=lambda x: (x[1], x[0]))], sorted(
        p for p, n in counts.items() if n > 1
    )
