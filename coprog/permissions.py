"""Who may do what: the one home of the rules on roles, admission and the
percorso's state. Every write in the core calls one of these before its
transaction (or inside it, for the rules that read the database); the database
repeats the participation rules in triggers (migration 5) for any caller that
bypasses the core. One test per rule: tests/unit/test_permissions.py.

Rules (rule: function; who may; the refusal's catalogue key):

- open a page: ``may_open_page``; the page's audience (everyone, admitted delegates,
  anyone signed in, staff, organisers); the sign-in page says why.
- organisers' work (percorso, ETS, staff, documents, seed items, undoing moderation,
  rewording a consolidated item):
  ``require_organiser``; organisers (and the system's own actor where asked: the demo);
  ``auth.organiser_only``.
- staff work outside a session: ``require_staff``; organisers, facilitators; ``auth.staff_only``.
- run a session (phases, switches, timer, moderation, ballots and their outcome, attendance,
  paper counts, notes, a plenary's consolidated lists): ``require_run``; organisers, a
  facilitator signed in with the shared password, a named facilitator on the sessions
  assigned to them; ``auth.staff_only``, ``auth.not_assigned``.
- take part (check in, contribute, vote, hold a delega): ``require_participation``; delegates
  of an admitted ETS while its percorso runs, in a session of that percorso;
  ``admission.refused_*``, ``process.closed``, ``process.archived``, ``process.other_process``.
- vote from a laptop: ``require_delegate``; delegates (staff enter paper counts instead);
  ``ballot.delegates_only``.
- edit or withdraw a contribution: ``require_own``; its delegate (staff: any); ``auth.not_yours``.
- edit a percorso's records: ``require_editable``; while it is not archived; ``process.archived``.
- react to an item and co-sign it (coprog/reactions.py): ``require_delegate`` and
  ``require_participation``, while the phase takes reactions, never on one's own ETS's item;
  ``reaction.delegates_only``, ``reaction.closed``, ``reaction.own`` (the database repeats
  the last two and the one-per-ETS rule, migration 10).
- ask for the floor (coprog/floor.py): ``require_delegate``, ``require_participation``,
  checked in to the session (a trigger); call and end turns: ``require_run``.
- observe the draft sintesi (coprog/drafts.py): ``require_delegate``, ``require_participation``
  in the draft's percorso, until the deadline (a trigger on the database's clock); publish
  and answer: ``require_organiser``.
"""

from __future__ import annotations

from . import vocabulary
from .audit import Actor
from .db import Database
from .errors import NotAllowed, NotFound

# Who may open a page (ui/pages.py gives each page one of these audiences).
PAGE_AUDIENCES = ("tutti", "delegati", "collegati", "staff", "organizzatori")


def may_open_page(audience: str, role: str | None, delegate_may_take_part: bool) -> bool:
    """A pure decision, used by the navigation (app.py) and by the server before
    any page loads (serve.py): ``role`` is the staff role or None; a delegate
    counts only when their ETS may take part now."""
    if audience == "tutti":
        return True
    if audience == "delegati":
        return role is None and delegate_may_take_part
    if audience == "collegati":
        return role is not None or delegate_may_take_part
    if audience == "staff":
        return role in ("facilitatore", "organizzatore")
    return audience == "organizzatori" and role == "organizzatore"


def require_staff(actor: Actor) -> None:
    if not actor.is_staff:
        raise NotAllowed("auth.staff_only")


def require_organiser(actor: Actor, *, system_too: bool = False) -> None:
    """Organisers only (``system_too``: also the system's own actor, e.g. the demo)."""
    if actor.kind != "organizzatore" and not (system_too and actor.kind == "sistema"):
        raise NotAllowed("auth.organiser_only")


def require_delegate(actor: Actor, key: str = "ballot.delegates_only") -> None:
    """A delegate signed in (with their ETS), not staff."""
    if actor.kind != "delegato" or actor.id is None or actor.organisation_id is None:
        raise NotAllowed(key)


def require_own(actor: Actor, delegate_id: int | None) -> None:
    """A delegate acts only on what they wrote; staff on anything."""
    if actor.kind == "delegato" and delegate_id != actor.id:
        raise NotAllowed("auth.not_yours")


def may_run(database: Database, actor: Actor, session_id: int) -> bool:
    """Organisers run every session; a facilitator signed in with the shared
    password too; a facilitator signed in by name only their assigned ones."""
    if actor.kind == "organizzatore" or (actor.kind == "facilitatore" and actor.id is None):
        return True
    if actor.kind != "facilitatore":
        return False
    return bool(
        database.scalar(
            "SELECT 1 FROM session_facilitator WHERE session_id = ? AND facilitator_id = ?", (session_id, actor.id)
        )
    )


def require_run(database: Database, actor: Actor, session_id: int) -> None:
    if not actor.is_staff:
        raise NotAllowed("auth.staff_only")
    if not may_run(database, actor, session_id):
        raise NotAllowed("auth.not_assigned")


def participation_refusal(admission: str | None, process_status: str | None) -> str | None:
    """Why an ETS may not take part now (a catalogue key), or None if it may:
    participation needs an admitted ETS in a running percorso.
    A pure decision: pages show it, the core raises it."""
    if admission != vocabulary.ADMITTED:
        return f"admission.refused_{admission or 'ricevuta'}"
    if process_status == "archiviato":
        return "process.archived"
    if process_status != vocabulary.RUNNING:
        return "process.closed"
    return None


def require_participation(db, organisation_id: int | None, session_id: int | None = None) -> None:
    """Inside a write transaction: the ETS is admitted, its percorso runs, and
    the session (if any) belongs to that percorso."""
    row = db.execute(
        "SELECT o.admission, o.process_id, p.status FROM organisation o JOIN process p ON p.id = o.process_id"
        " WHERE o.id = ?",
        [organisation_id],
    ).fetchone()
    if row is None:
        raise NotFound("organisation.unknown")
    refusal = participation_refusal(row["admission"], row["status"])
    if refusal:
        raise NotAllowed(refusal)
    if session_id is not None:
        session = db.execute("SELECT process_id FROM session WHERE id = ?", [session_id]).fetchone()
        if session is None:
            raise NotFound("session.unknown")
        if session["process_id"] != row["process_id"]:
            raise NotAllowed("process.other_process")


def require_editable(db, process_id: int) -> None:
    """Organisers' edits: refused once the percorso is archived (read-only)."""
    row = db.execute("SELECT status FROM process WHERE id = ?", [process_id]).fetchone()
    if row is None:
        raise NotFound("process.unknown")
    if row["status"] == "archiviato":
        raise NotAllowed("process.archived")


DB_ERRORS = {
    "ente_non_ammesso": "admission.refused_ricevuta",
    "percorso_diverso": "process.other_process",
    "percorso_chiuso": "process.closed",
    "percorso_archiviato": "process.archived",
    "cf_persona_fisica": "validation.fiscal_code_person",
    "reazione_da_ritirare": "reactions.withdraw_first",
    "ritiro_solo_ente": "offer.delegates_only",
    "delegato_altro_ente": "auth.not_yours",
}


def translate(exc: Exception, markers: dict[str, str] | None = None) -> Exception:
    """A database refusal -> NotAllowed with its catalogue key: the caller's own
    ``markers`` (a trigger's message or a constraint's name -> key) first, then
    the participation triggers'; else the error itself."""
    message = str(exc)
    for marker, key in {**(markers or {}), **DB_ERRORS}.items():
        if marker in message:
            return NotAllowed(key)
    return exc
