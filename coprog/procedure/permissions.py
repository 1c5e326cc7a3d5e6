"""Who may do what: the one home of the rules on roles, admission and the
percorso's state.

``ACTIONS`` is the table of what people do: for each action, who may (the roles of
the vocabulary), the refusal's catalogue key, and whether it is bound to a session
(a facilitator signed in by name: only the sessions assigned to them) or to what the
actor owns (a delegate: what they wrote, or their ETS's). One function decides,
``refusal``; the core calls ``require`` before its transaction, the pages call
``may`` to decide what to show. The state rules follow the table: taking part needs
an admitted ETS in a running percorso (``require_participation``), an archived
percorso is read-only (``require_editable``); the database repeats the participation
rules in triggers for any caller that bypasses the core. ARCHITECTURE.md and
tests/unit/test_permissions.py loop over the table: a row without a test fails there.
"""

from __future__ import annotations

from dataclasses import dataclass

from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts import vocabulary
from coprog.texts.errors import NotAllowed, NotFound
from coprog.texts.vocabulary import DELEGATE, FACILITATOR, ORGANISER, STAFF_ROLES, SYSTEM


@dataclass(frozen=True)
class Action:
    """One row of the table: who may, the refusal's key, what it covers."""

    who: tuple[str, ...]
    refusal: str
    covers: str
    session: bool = False  # facilitators signed in by name: only their assigned sessions («auth.not_assigned»)
    own: str | None = None  # "delegate": a delegate acts on what they wrote; "organisation": on their ETS's


ACTIONS: dict[str, Action] = {
    "prepare": Action(
        (ORGANISER,),
        "auth.organiser_only",
        "organisers' work: the percorso, its sessions, ETS and admission, delegates, facilitators, documents "
        "and the sintesi, the draft and its answers, the offer's check, seed items, undoing moderation, "
        "rewording a consolidated item, the mail out",
    ),
    "open_percorso": Action((ORGANISER, SYSTEM), "auth.organiser_only", "create a percorso (the demo's own actor too)"),
    "staff_work": Action(
        STAFF_ROLES, "auth.staff_only", "staff work outside a session: a delegate's code reissued or revoked"
    ),
    "run_session": Action(
        STAFF_ROLES,
        "auth.staff_only",
        "run a session: phases, switches, timer, moderation, ballots and their outcome, attendance, paper "
        "counts, notes, the floor's queue, input for an ETS without a laptop, a plenary's consolidated lists",
        session=True,
    ),
    "contribute": Action(
        (DELEGATE,),
        "contribution.on_behalf_needs_org",
        "write a need or a proposal from one's laptop, for one's own ETS (staff write on an ETS's behalf)",
    ),
    "contribute_for_ets": Action(
        STAFF_ROLES, "auth.staff_only", "write a contribution on behalf of an ETS (from paper, or typed for it)"
    ),
    "edit_contribution": Action(
        (DELEGATE, *STAFF_ROLES), "auth.not_yours", "edit or withdraw a contribution (staff: any)", own="delegate"
    ),
    "vote": Action((DELEGATE,), "ballot.delegates_only", "vote from a laptop (staff enter paper counts instead)"),
    "react": Action((DELEGATE,), "reaction.delegates_only", "react to an item and co-sign it"),
    "ask_floor": Action((DELEGATE,), "floor.delegates_only", "ask for the floor and withdraw the request"),
    "observe_draft": Action((DELEGATE,), "draft.delegates_only", "send an observation on the draft sintesi"),
    "declare_service": Action((DELEGATE,), "offer.delegates_only", "declare a service of one's ETS"),
    "withdraw_service": Action(
        (DELEGATE,), "offer.delegates_only", "withdraw a service of one's ETS", own="organisation"
    ),
}


def refusal(
    action: str,
    actor: Actor | None,
    *,
    database: Database | None = None,
    session_id: int | None = None,
    owner: int | None = None,
) -> str | None:
    """Why ``actor`` may not do ``action`` (a catalogue key), or None if they may.
    ``session_id`` for the actions bound to a session (with the ``database`` that
    says who is assigned); ``owner`` for those bound to what the actor owns (the
    delegate's id, or the ETS's)."""
    rule = ACTIONS[action]
    if actor is None or actor.kind not in rule.who:
        return rule.refusal
    if actor.kind == DELEGATE and (actor.id is None or actor.organisation_id is None):
        return rule.refusal
    if rule.session and not _assigned(database, actor, session_id):
        return "auth.not_assigned"
    if rule.own and actor.kind == DELEGATE:
        mine = actor.id if rule.own == "delegate" else actor.organisation_id
        if owner != mine:
            return "auth.not_yours"
    return None


def require(action: str, actor: Actor, **scope) -> None:
    """The core's check: NotAllowed with the refusal's key, or nothing."""
    key = refusal(action, actor, **scope)
    if key:
        raise NotAllowed(key)


def may(action: str, actor: Actor | None, **scope) -> bool:
    """The pages' question: show the control for ``action``?"""
    return refusal(action, actor, **scope) is None


def _assigned(database: Database | None, actor: Actor, session_id: int | None) -> bool:
    """Organisers run every session; a facilitator signed in with the shared
    password too; a facilitator signed in by name only their assigned ones."""
    if actor.kind == ORGANISER or (actor.kind == FACILITATOR and actor.id is None):
        return True
    if database is None or session_id is None:
        return False
    return bool(
        database.scalar(
            "SELECT 1 FROM session_facilitator WHERE session_id = ? AND facilitator_id = ?", (session_id, actor.id)
        )
    )


TABLE_START = "<!-- generated from coprog.procedure.permissions.ACTIONS by `python -m coprog schema`: do not edit -->"
TABLE_END = "<!-- end of the permissions table -->"


def markdown() -> str:
    """The table as ARCHITECTURE.md shows it (tests/unit/test_permissions.py keeps it true)."""
    lines = [TABLE_START, "", "| action | who may | bound to | refused with | covers |", "|---|---|---|---|---|"]
    for name, rule in ACTIONS.items():
        owned = {"delegate": "what the delegate wrote (staff: any)", "organisation": "what the delegate's ETS owns"}
        bound = "a facilitator's assigned sessions" if rule.session else owned.get(rule.own or "", "")
        who = ", ".join(rule.who)
        lines.append(f"| `{name}` | {who} | {bound} | `{rule.refusal}` | {rule.covers} |")
    return "\n".join([*lines, "", TABLE_END])


def replace_table(text: str) -> str:
    """ARCHITECTURE.md's text with the table regenerated."""
    start, end = text.index(TABLE_START), text.index(TABLE_END) + len(TABLE_END)
    return text[:start] + markdown() + text[end:]


def may_run(database: Database, actor: Actor, session_id: int) -> bool:
    """May this actor run this session (the sessions a facilitator's console lists)."""
    return may("run_session", actor, database=database, session_id=session_id)


# Who may open a page (ui/pages.py gives each page one of these audiences): a pure
# decision, used by the navigation (app.py) and by the server before any page loads.
PAGE_AUDIENCES = {
    "tutti": lambda role, takes_part: True,
    "delegati": lambda role, takes_part: role is None and takes_part,
    "collegati": lambda role, takes_part: role is not None or takes_part,
    "staff": lambda role, takes_part: role in STAFF_ROLES,
    "organizzatori": lambda role, takes_part: role == ORGANISER,
}


def may_open_page(audience: str, role: str | None, delegate_may_take_part: bool) -> bool:
    """``role`` is the staff role or None; a delegate counts only when their ETS
    may take part now; an audience nobody declared opens to nobody."""
    rule = PAGE_AUDIENCES.get(audience)
    return bool(rule and rule(role, delegate_may_take_part))


def participation_refusal(admission: str | None, process_status: str | None) -> str | None:
    """Why an ETS may not take part now (a catalogue key), or None if it may:
    participation needs an admitted ETS in a running percorso.
    A pure decision: pages show it, the core raises it."""
    if admission != vocabulary.ADMITTED:
        return f"admission.refused_{admission or vocabulary.RECEIVED}"
    if process_status == vocabulary.ARCHIVED:
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
    if row["status"] == vocabulary.ARCHIVED:
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
