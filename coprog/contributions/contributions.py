"""Needs and proposals: validate, store, edit, withdraw, list.

A need carries structured fields (area, target group, territory, intensity,
trend, evidence); strategies, principles, quality criteria and governance
tools carry a title and a text. Writes check the phase inside the same
``BEGIN IMMEDIATE`` transaction, and the database triggers refuse a closed
phase whatever the caller.
"""

from __future__ import annotations

import json
import sqlite3

from coprog.procedure import permissions
from coprog.storage import audit, edits
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts import taxonomy, vocabulary
from coprog.texts.errors import NotAllowed, NotFound
from coprog.texts.validation import Problems, choice, integer, territory, text
from coprog.texts.vocabulary import (  # noqa: F401 - used as contributions.X
    APPROVED,
    BODY_MAX,
    EVIDENCE_MAX,
    NEED,
    NEW,
    PENDING,
    PROPOSAL_TYPES,
    TITLE_MAX,
    WITHDRAWN,
)


def validate(kind: str, fields: dict) -> dict:
    """Clean a contribution of type ``kind``; raise ValidationError listing every problem."""
    problems = Problems()
    choice(problems, "type", kind, taxonomy.codes("contribution_type"))
    clean = {
        "title": text(problems, "title", fields.get("title"), min_len=3, max_len=TITLE_MAX),
        "body": text(problems, "body", fields.get("body"), required=kind != NEED, max_len=BODY_MAX, multiline=True),
    }
    if kind == NEED:
        clean.update(_validate_need(problems, fields))
    problems.raise_if_any()
    return clean


def _validate_need(problems: Problems, fields: dict) -> dict:
    clean = {
        "area": choice(problems, "area", fields.get("area"), taxonomy.codes("area")),
        "target_group": choice(problems, "target_group", fields.get("target_group"), taxonomy.codes("target_group")),
        "intensity": integer(problems, "intensity", fields.get("intensity"), low=1, high=5),
        "trend": choice(problems, "trend", fields.get("trend"), taxonomy.codes("trend")),
        "evidence": text(
            problems, "evidence", fields.get("evidence"), required=False, max_len=EVIDENCE_MAX, multiline=True
        ),
        "evidence_source": choice(
            problems, "evidence_source", fields.get("evidence_source"), taxonomy.codes("evidence_source")
        ),
        "citywide": bool(fields.get("citywide")),
    }
    clean["municipi"], clean["nils"] = territory(
        problems, fields.get("municipi"), fields.get("nils"), citywide=clean["citywide"]
    )
    return clean


def _translate_db_error(exc: sqlite3.IntegrityError) -> Exception:
    message = str(exc)
    if "fase_chiusa" in message:
        return NotAllowed("contribution.phase_closed")
    if "delegato_non_valido" in message:
        return NotAllowed("auth.not_yours")
    return permissions.translate(exc)


def create(
    database: Database,
    actor: Actor,
    session_id: int,
    kind: str,
    fields: dict,
    *,
    source: str = vocabulary.ONLINE,
    organisation_id: int | None = None,
) -> int:
    """Store one contribution in the session's current phase (one transaction).

    Delegates write from their laptop for their own organisation; staff write
    on behalf of an organisation (``source`` one of ``vocabulary.ENTERED_SOURCES``)."""
    if source == vocabulary.ONLINE:
        permissions.require("contribute", actor)
        if organisation_id not in (None, actor.organisation_id):
            raise NotAllowed("auth.staff_only")  # for another ETS: staff write on its behalf
        organisation_id = actor.organisation_id
    else:
        permissions.require("contribute_for_ets", actor)
        if source not in vocabulary.ENTERED_SOURCES or organisation_id is None:
            raise NotAllowed("contribution.on_behalf_needs_org")
    clean = validate(kind, fields)
    try:
        with database.write() as db:
            session = db.execute(
                "SELECT s.moderated, s.current_phase_id, p.contributions_open, p.contribution_types"
                " FROM session s LEFT JOIN phase p ON p.id = s.current_phase_id WHERE s.id = ?",
                [session_id],
            ).fetchone()
            if session is None:
                raise NotFound("session.unknown")
            permissions.require_participation(db, organisation_id, session_id)
            allowed = (session["contribution_types"] or "").split(",")
            if source == vocabulary.ONLINE and (not session["contributions_open"] or kind not in allowed):
                raise NotAllowed("contribution.phase_closed")
            row = {
                "session_id": session_id,
                "phase_id": session["current_phase_id"],
                "type": kind,
                "organisation_id": organisation_id,
                "delegate_id": actor.delegate_id,
                "last_editor": "delegato" if actor.delegate_id else "staff",
                "source": source,
                "status": "nuovo" if session["moderated"] else "approvato",
                "title": clean["title"],
                "body": clean["body"],
            }
            if kind == NEED:
                row.update(
                    {k: clean[k] for k in ("area", "target_group", "intensity", "trend", "evidence", "evidence_source")}
                )
                row["citywide"] = int(clean["citywide"])
            contribution_id = db.insert_row("contribution", row)
            db["contribution_author"].insert(
                {
                    "contribution_id": contribution_id,
                    "organisation_id": organisation_id,
                    "delegate_id": row["delegate_id"],
                }
            )
            if kind == NEED:
                _write_territory(db, contribution_id, clean)
            audit.log(
                db,
                actor,
                "crea",
                "contribution",
                contribution_id,
                source=source,
                organisation_id=organisation_id,
                after=_public(row, clean),
            )
    except sqlite3.IntegrityError as exc:
        raise _translate_db_error(exc) from exc
    return contribution_id


def _write_territory(db, contribution_id: int, clean: dict) -> None:
    db.execute("DELETE FROM contribution_municipio WHERE contribution_id = ?", [contribution_id])
    db.execute("DELETE FROM contribution_nil WHERE contribution_id = ?", [contribution_id])
    db["contribution_municipio"].insert_all(
        [{"contribution_id": contribution_id, "municipio": m} for m in clean["municipi"]]
    )
    db["contribution_nil"].insert_all([{"contribution_id": contribution_id, "nil": n} for n in clean["nils"]])


def _public(row: dict, clean: dict) -> dict:
    data = {
        k: v
        for k, v in row.items()
        if k
        in (
            "title",
            "body",
            "area",
            "target_group",
            "intensity",
            "trend",
            "evidence",
            "evidence_source",
            "citywide",
            "status",
        )
    }
    if "municipi" in clean:
        data["municipi"] = clean["municipi"]
        data["nils"] = clean["nils"]
    return data


def _own_open_contribution(db, actor: Actor, contribution_id: int):
    row = db.execute(
        "SELECT c.*, p.contributions_open FROM contribution c JOIN phase p ON p.id = c.phase_id WHERE c.id = ?",
        [contribution_id],
    ).fetchone()
    if row is None:
        raise NotFound("contribution.unknown")
    permissions.require("edit_contribution", actor, owner=row["delegate_id"])
    if row["status"] == vocabulary.WITHDRAWN:
        raise NotAllowed("contribution.withdrawn")
    if row["merged_into"] is not None:
        raise NotAllowed("contribution.merged")
    if permissions.may("contribute", actor):  # a delegate, not staff: their ETS takes part, the phase is open
        permissions.require_participation(db, actor.organisation_id, row["session_id"])
        if not row["contributions_open"]:
            raise NotAllowed("contribution.phase_closed")
    return row


def stored_territory(db, contribution_id: int) -> dict:
    """A contribution's Municipi and NIL, as stored (in a transaction's ``db``)."""
    return {
        "municipi": [
            r[0]
            for r in db.execute(
                "SELECT municipio FROM contribution_municipio WHERE contribution_id = ? ORDER BY 1", [contribution_id]
            )
        ],
        "nils": [
            r[0]
            for r in db.execute(
                "SELECT nil FROM contribution_nil WHERE contribution_id = ? ORDER BY 1", [contribution_id]
            )
        ],
    }


# what the author's editor saves (coprog/storage/edits.py)
TEXT_EDITED = ("title", "body")
NEED_EDITED = (*TEXT_EDITED, "area", "target_group", "intensity", "trend", "evidence", "evidence_source", "citywide",
               "municipi", "nils")  # fmt: skip


# the audit log's actions that write those fields: the author's edit, the moderator's correction,
# categories, approval of an edit, merge and undo (a reaction or a pin is logged on the contribution too)
WRITES = ("modifica", "corregge", "ricategorizza", "approva_modifica", "unisce", "annulla")


def edited(kind: str) -> tuple[str, ...]:
    """The fields of a contribution of this type its author's form edits."""
    return NEED_EDITED if kind == NEED else TEXT_EDITED


def update(database: Database, actor: Actor, contribution_id: int, fields: dict, based_on: str | None = None) -> str:
    """The author edits their contribution while its phase is open. In a
    moderated session an approved contribution keeps its public text: the edit
    waits for a moderator (returns "in_attesa"); otherwise it applies ("salvata").
    ``based_on``: the version the author's form started from (a moderator's
    correction made meanwhile is not overwritten unseen)."""
    try:
        with database.write() as db:
            row = _own_open_contribution(db, actor, contribution_id)
            current = {**dict(row), **stored_territory(db, contribution_id)}
            edits.require_unchanged(db, based_on, current, edited(row["type"]), "contribution", contribution_id, WRITES)
            clean = validate(row["type"], fields)
            before = dict(row)
            changes = _changes(row["type"], clean)
            moderated = db.execute("SELECT moderated FROM session WHERE id = ?", [row["session_id"]]).fetchone()[0]
            pending = bool(moderated) and row["status"] == vocabulary.APPROVED  # the moderator decides
            if pending:
                db.execute(
                    f"DELETE FROM contribution_revision WHERE contribution_id = ? AND decision = '{PENDING}'",
                    [contribution_id],
                )
                db.execute(
                    "INSERT INTO contribution_revision (contribution_id, delegate_id, fields) VALUES (?, ?, ?)",
                    [contribution_id, actor.id, json.dumps(_public(changes, clean), ensure_ascii=False)],
                )
            else:
                changes["last_editor"] = "delegato"
                sets = ", ".join(f"{k} = ?" for k in changes)
                db.execute(
                    f"UPDATE contribution SET {sets}, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
                    [*changes.values(), contribution_id],
                )
                if row["type"] == NEED:
                    _write_territory(db, contribution_id, clean)
            action = "propone_modifica" if pending else "modifica"
            audit.log(db, actor, action, "contribution", contribution_id, before=_public(before, {}),
                      after=_public(changes, clean))  # fmt: skip
    except sqlite3.IntegrityError as exc:
        raise _translate_db_error(exc) from exc
    return "in_attesa" if pending else "salvata"


def _changes(kind: str, clean: dict) -> dict:
    changes = {"title": clean["title"], "body": clean["body"]}
    if kind == NEED:
        changes.update(
            {k: clean[k] for k in ("area", "target_group", "intensity", "trend", "evidence", "evidence_source")}
        )
        changes["citywide"] = int(clean["citywide"])
    return changes


def pending_revision(database: Database, contribution_id: int) -> dict | None:
    """The author's edit waiting for a moderator, if any (fields as stored)."""
    row = database.query_one(
        f"SELECT * FROM contribution_revision WHERE contribution_id = ? AND decision = '{PENDING}'", (contribution_id,)
    )
    if row:
        row["fields"] = json.loads(row["fields"])
    return row


def withdraw(database: Database, actor: Actor, contribution_id: int) -> None:
    """The author withdraws their contribution while its phase is open."""
    with database.write() as db:
        row = _own_open_contribution(db, actor, contribution_id)
        db.execute(
            f"UPDATE contribution SET status = '{WITHDRAWN}',"
            " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
            [contribution_id],
        )
        audit.log(
            db,
            actor,
            "ritira",
            "contribution",
            contribution_id,
            before={"status": row["status"]},
            after={"status": "ritirato"},
        )


_SELECT = (
    "SELECT c.*, o.name AS organisation, p.name AS phase_name, p.contributions_open,"
    " (SELECT group_concat(name, '; ') FROM (SELECT ao.name FROM contribution_author a"
    "   JOIN organisation ao ON ao.id = a.organisation_id WHERE a.contribution_id = c.id"
    "   ORDER BY ao.name)) AS authors,"
    " (SELECT group_concat(municipio) FROM (SELECT municipio FROM contribution_municipio m"
    "   WHERE m.contribution_id = c.id ORDER BY municipio)) AS municipi,"
    " (SELECT group_concat(nil) FROM (SELECT nil FROM contribution_nil n"
    "   WHERE n.contribution_id = c.id ORDER BY nil)) AS nils"
    " FROM contribution c JOIN organisation o ON o.id = c.organisation_id"
    " JOIN phase p ON p.id = c.phase_id"
)


def _with_lists(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["municipi"] = sorted(int(x) for x in (row["municipi"] or "").split(",") if x)
        row["nils"] = sorted(int(x) for x in (row["nils"] or "").split(",") if x)
    return rows


def get(database: Database, contribution_id: int) -> dict:
    rows = _with_lists(database.query(_SELECT + " WHERE c.id = ?", (contribution_id,)))
    if not rows:
        raise NotFound("contribution.unknown")
    return rows[0]


def for_delegate(
    database: Database, session_id: int, delegate_id: int, *, silent: bool, limit: int = 10
) -> tuple[list[dict], int]:
    """What a delegate's page lists (newest first, at most ``limit``) and how many
    there are in all: the session's approved contributions plus the delegate's
    own still awaiting moderation (only they see those, marked); in a silent
    round only their own."""
    where = (
        f"c.delegate_id = ? AND c.status IN ('{NEW}', '{APPROVED}')"
        if silent
        else f"(({PUBLIC}) OR (c.delegate_id = ? AND c.status = '{NEW}'))"
    )
    condition = f" WHERE c.session_id = ? AND c.merged_into IS NULL AND {where}"
    total = database.scalar("SELECT count(*) FROM contribution c" + condition, (session_id, delegate_id))
    rows = database.query(
        _SELECT + condition + f" ORDER BY c.pinned DESC, c.id DESC LIMIT {int(limit)}", (session_id, delegate_id)
    )
    return _with_lists(rows), total or 0


def by_delegate(database: Database, delegate_id: int, session_id: int | None = None) -> list[dict]:
    sql = _SELECT + f" WHERE c.delegate_id = ? AND c.status != '{WITHDRAWN}'"
    params: tuple = (delegate_id,)
    if session_id is not None:
        sql += " AND c.session_id = ?"
        params += (session_id,)
    return _with_lists(database.query(sql + " ORDER BY c.id DESC", params))


def last_saved(database: Database, delegate_id: int, session_id: int, kind: str) -> dict | None:
    """The delegate's latest contribution of this type in the session: what the
    page shows so the delegate knows it was saved, even if the confirmation was
    lost with a dropped connection."""
    return database.query_one(
        "SELECT id, title, created_at FROM contribution WHERE delegate_id = ? AND session_id = ? AND type = ?"
        f" AND status != '{WITHDRAWN}' ORDER BY id DESC LIMIT 1",
        (delegate_id, session_id, kind),
    )


# The one rule for what is public: only approved contributions (in open mode
# every contribution is approved as it arrives) leave the app, in boards, the
# projector, documents and open data. Hidden and pending ones appear only as
# counts, with the reasons, in the verbale.
PUBLIC = f"c.status = '{APPROVED}'"


def withheld(database: Database, session_id: int) -> list[dict]:
    """What the session did not publish: counts by status and reason (no text)."""
    return database.query(
        "SELECT c.status, c.hidden_reason AS reason, count(*) AS n FROM contribution c"
        f" WHERE c.session_id = ? AND NOT ({PUBLIC}) AND c.status != '{WITHDRAWN}'"
        " GROUP BY 1, 2 ORDER BY 1, 2",
        (session_id,),
    )


def visible(
    database: Database, session_id: int | None = None, kind: str | None = None, limit: int | None = None
) -> list[dict]:
    """Approved contributions (what everyone may see), newest first."""
    sql, params = _SELECT + f" WHERE {PUBLIC} AND c.merged_into IS NULL", list[object]()
    if session_id is not None:
        sql += " AND c.session_id = ?"
        params.append(session_id)
    if kind is not None:
        sql += " AND c.type = ?"
        params.append(kind)
    sql += " ORDER BY c.pinned DESC, c.id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return _with_lists(database.query(sql, tuple(params)))
