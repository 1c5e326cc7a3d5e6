"""Mail out: one message per recipient, through the Comune's SMTP relay
(coprog/hosting/smtp.py). Organisers prepare a kind of message, read the queue
(the preview: recipient, subject, text), send it, read the log (queued, sent,
refused with the server's answer, to be checked) and send the refused again.

- **Kinds**: the admission outcome to each ETS with its reason (``esito``), each
  delegate's invitation with link, code and QR (``invito``), the published draft
  sintesi with its deadline to each admitted ETS (``bozza``), the answer to an
  observation to its ETS (``risposta``).
- **No second copy.** Each message is keyed by what it is about (the ETS and its
  outcome as decided, the delegate and the code issued, the draft's version, the
  observation as answered): preparing twice queues nothing new, and a changed outcome
  or a new code is a new message. Sending claims each message before it leaves
  (``in_coda`` -> ``in_invio``, which the database allows once), so two organisers
  pressing «Invia» at once never send the same message twice. A batch cut short (the
  app stopped mid-way) leaves its claimed message ``da_verificare``: the relay may
  have it, so it is never sent again by itself; an organiser who checked puts it
  back in the queue, audited. A sent message is final (the database refuses changes).
- Every message keeps the Message-ID it was given when queued: a relay or a
  mailbox that sees it twice knows it is the same.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

from coprog.hosting import cluster, smtp
from coprog.procedure import access, delegates, invites, organisations, permissions
from coprog.records import drafts
from coprog.storage import audit
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts import i18n, vocabulary
from coprog.texts.errors import NotAllowed, NotFound, ValidationError
from coprog.texts.validation import Problems, email
from coprog.texts.vocabulary import (
    ADMITTED,
    MAIL_KINDS,
    MAIL_QUEUED,
    MAIL_REFUSED,
    MAIL_SENDING,
    MAIL_SENT,
    MAIL_UNCERTAIN,
    REFUSED,
)

_DB_ERRORS = {
    "posta_gia_inviata": "mail.already_sent",
    "posta_non_in_coda": "mail.not_queued",
    "posta_congelata": "mail.frozen",
}


def _process(database: Database, process_id: int) -> dict:
    row = database.query_one("SELECT * FROM process WHERE id = ?", (process_id,))
    if row is None:
        raise NotFound("process.unknown")
    return row


def _signature(process: dict) -> str:
    lines = [process["office"] or "Comune di Milano", f"Percorso di co-programmazione «{process['title']}»"]
    if process["contact"]:
        lines.append(f"Segreteria: {process['contact']}")
    return "\n".join(lines)


def _message(
    process: dict, kind: str, about: str, address: str, label: str, subject: str, greet: str, paragraphs, **extra
) -> dict:
    """One message to queue: its body is the greeting, the paragraphs and the percorso's signature."""
    return {
        "kind": kind,
        "about": about,
        "recipient": address,
        "recipient_label": label,
        "subject": subject,
        "body": "\n\n".join([f"Gentile {greet},", *paragraphs, _signature(process)]),
        **extra,
    }


# -- what each kind says, to whom --------------------------------------------------------


def outcomes(database: Database, process_id: int, base_url: str | None = None) -> list[dict]:
    """The admission outcome, to each ETS whose application was decided."""
    process = _process(database, process_id)
    out = []
    for a in database.query(
        "SELECT id, name, email, admission, admission_reason, admission_at FROM organisation"
        " WHERE process_id = ? AND admission IN (?, ?) ORDER BY name",
        (process_id, ADMITTED, REFUSED),
    ):
        decided = "ammessa" if a["admission"] == ADMITTED else "non ammessa"
        paragraphs = [
            f"la domanda di partecipazione al percorso di co-programmazione «{process['title']}»"
            f" (art. 55 del Codice del Terzo settore) è stata {decided}."
        ]
        if a["admission_reason"]:
            paragraphs.append(f"Motivazione: {a['admission_reason']}")
        if a["admission"] == ADMITTED:
            paragraphs.append("I delegati indicati nella domanda riceveranno ciascuno il proprio invito personale.")
        out.append(
            _message(
                process,
                "esito",
                f"esito:{a['id']}:{a['admission']}:{a['admission_at'] or ''}",
                a["email"],
                a["name"],
                f"Esito della domanda di partecipazione – {process['title']}",
                a["name"],
                paragraphs,
                organisation_id=a["id"],
            )
        )
    return out


def invitations(database: Database, process_id: int, base_url: str | None = None) -> list[dict]:
    """Each active delegate of an admitted ETS: the personal link and code, the
    next session, and the link's QR code attached."""
    process = _process(database, process_id)
    upcoming = invites.next_session(database, process_id)
    out = []
    for d in delegates.delegates(database, process_id):
        if d["revoked"] or d["erased_at"] or d["replaced_by"] or d["admission"] != ADMITTED:
            continue
        link = invites.invite_link(d["access_code"], base_url)
        issued = d["code_issued_at"] or hashlib.sha256(d["access_code"].encode()).hexdigest()[:12]
        paragraphs = [
            f"{d['organisation']} partecipa al percorso di co-programmazione «{process['title']}» e La indica"
            " tra i propri delegati. Per entrare nelle sessioni usi il Suo link personale:",
            link,
            f"oppure il codice personale {access.format_code(d['access_code'])} nella pagina di accesso."
            " Il link e il codice sono personali: non vanno inoltrati. Il codice QR allegato apre lo stesso link.",
        ]
        if upcoming:
            paragraphs.append(f"Prossima sessione: {upcoming}.")
        out.append(
            _message(
                process,
                "invito",
                f"invito:{d['id']}:{issued}",
                d["email"],
                f"{d['name']} ({d['organisation']})",
                f"Invito personale – {process['title']}",
                d["name"],
                paragraphs,
                organisation_id=d["organisation_id"],
                delegate_id=d["id"],
                attachment_name="invito-qr.png",
                attachment=invites.qr_png(link),
            )
        )
    return out


def draft_notices(database: Database, process_id: int, base_url: str | None = None) -> list[dict]:
    """The latest published draft of the sintesi, with its deadline, to each admitted ETS."""
    process = _process(database, process_id)
    draft = drafts.latest(database, process_id)
    if draft is None:
        return []
    deadline = i18n.when(draft["deadline"])
    link = (base_url or "").rstrip("/") + "/bozza" if base_url else ""
    out = []
    for a in organisations.organisations(database, process_id):
        if a["admission"] != ADMITTED:
            continue
        paragraphs = [
            f"è pubblicata la versione {draft['version']} della bozza del documento di sintesi del percorso"
            f" «{process['title']}». I delegati possono inviare osservazioni, capitolo per capitolo, fino al"
            f" {deadline}" + (f", dalla pagina {link}" if link else ", dalla pagina «Bozza» dell'applicazione") + "."
        ]
        out.append(
            _message(
                process,
                "bozza",
                f"bozza:{draft['id']}:{a['id']}",
                a["email"],
                a["name"],
                f"Bozza del documento di sintesi, versione {draft['version']} – {process['title']}",
                a["name"],
                paragraphs,
                organisation_id=a["id"],
            )
        )
    return out


def answers(database: Database, process_id: int, base_url: str | None = None) -> list[dict]:
    """Each answered observation, to its ETS: the text, the answer and its reason."""
    process = _process(database, process_id)
    out = []
    for o in database.query(
        "SELECT o.id, o.text, o.answer, o.reason, o.answered_at, d.version, x.title AS section,"
        " g.id AS organisation_id, g.name, g.email FROM observation o"
        " JOIN draft_section x ON x.id = o.section_id JOIN draft d ON d.id = x.draft_id"
        " JOIN organisation g ON g.id = o.organisation_id"
        " WHERE d.process_id = ? AND o.answer IS NOT NULL ORDER BY d.version, x.position, o.id",
        (process_id,),
    ):
        paragraphs = [
            f"l'osservazione inviata sul capitolo «{o['section']}» della bozza (versione {o['version']}) è stata"
            f" {i18n.t('answer.' + o['answer'])}.",  # the answer's words as the documents say it
            f"Osservazione: {o['text']}",
            f"Motivazione: {o['reason']}",
        ]
        out.append(
            _message(
                process,
                "risposta",
                f"risposta:{o['id']}:{o['answered_at']}",
                o["email"],
                o["name"],
                f"Risposta alla Sua osservazione sulla bozza – {process['title']}",
                o["name"],
                paragraphs,
                organisation_id=o["organisation_id"],
            )
        )
    return out


COMPOSERS = {"esito": outcomes, "invito": invitations, "bozza": draft_notices, "risposta": answers}


# -- the queue ---------------------------------------------------------------------------


def prepare(
    database: Database,
    actor: Actor,
    process_id: int,
    kind: str,
    *,
    base_url: str | None = None,
    relay: smtp.Relay | None = None,
) -> dict:
    """Queue the messages of ``kind`` not queued yet (one transaction, audited):
    ``queued`` new ones, ``already`` there, and ``without_address`` (recipients
    with no valid e-mail: nothing queued for them, their names listed). Each gets
    its Message-ID now, in the domain of the relay's sender when one is set."""
    permissions.require("prepare", actor)
    if kind not in MAIL_KINDS:
        raise ValidationError([("kind", "validation.choice", {"value": str(kind)[:20]})])
    candidates = COMPOSERS[kind](database, process_id, base_url)
    domain = relay.sender.rpartition("@")[2] if relay else "coprog.invalid"
    ready, without = [], []
    for message in candidates:
        address = email(Problems(), "email", message["recipient"], required=True)
        if not address:
            without.append(message["recipient_label"])
            continue
        ready.append({**message, "recipient": address})
    try:
        with database.write() as db:
            permissions.require_editable(db, process_id)
            queued = _queue(db, process_id, ready, domain)
            audit.log(db, actor, "prepara_posta", "process", process_id, kind=kind, queued=queued, without=len(without))
    except sqlite3.IntegrityError as exc:
        raise permissions.translate(exc, _DB_ERRORS) from exc
    return {"queued": queued, "already": len(ready) - queued, "without_address": without}


def _queue(db, process_id: int, ready: list[dict], domain: str) -> int:
    """Inside the caller's transaction: the messages not queued yet (the same ``about``: skipped)."""
    queued = 0
    for m in ready:
        cur = db.execute(
            "INSERT INTO outgoing_mail (process_id, kind, organisation_id, delegate_id, about, recipient,"
            " recipient_label, subject, body, attachment_name, attachment, message_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (process_id, about) DO NOTHING",
            [
                process_id,
                m["kind"],
                m.get("organisation_id"),
                m.get("delegate_id"),
                m["about"],
                m["recipient"],
                m["recipient_label"],
                m["subject"],
                m["body"],
                m.get("attachment_name"),
                m.get("attachment"),
                make_msgid(domain=domain),
            ],
        )
        queued += cur.rowcount
    return queued


def messages(database: Database, process_id: int, status: str | None = None) -> list[dict]:
    """The messages of a percorso (of one status), newest kind first, without attachments."""
    where = "process_id = ?"
    params: list[int | str] = [process_id]
    if status is not None:
        where, params = where + " AND status = ?", [process_id, status]
    return database.query(
        "SELECT id, kind, about, recipient, recipient_label, subject, body, attachment_name, message_id, status,"
        " attempts, server_answer, queued_at, claimed_at, sent_at FROM outgoing_mail"
        f" WHERE {where} ORDER BY id",
        tuple(params),
    )


def counts(database: Database, process_id: int) -> dict[str, int]:
    found = {
        r["status"]: r["n"]
        for r in database.query(
            "SELECT status, count(*) AS n FROM outgoing_mail WHERE process_id = ? GROUP BY status", (process_id,)
        )
    }
    return {status: found.get(status, 0) for status in vocabulary.MAIL_STATUSES}


def _email(row: dict, relay: smtp.Relay, process: dict) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((process["office"] or "Comune di Milano", relay.sender))
    message["To"] = formataddr((row["recipient_label"], row["recipient"]))
    message["Subject"] = row["subject"]
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = row["message_id"]
    if process["contact"] and "@" in process["contact"]:
        message["Reply-To"] = process["contact"]
    message.set_content(row["body"])
    if row["attachment"]:
        message.add_attachment(row["attachment"], maintype="image", subtype="png", filename=row["attachment_name"])
    return message


def _uncertain_leftovers(db, process_id: int) -> int:
    """Messages claimed by a batch that never finished: its process is gone (the
    server restarted, on this host) or the claim is older than the stale limit."""
    rows = db.execute(
        "SELECT id, claimed_by, claimed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?) AS old"
        " FROM outgoing_mail WHERE process_id = ? AND status = ?",
        [f"-{vocabulary.MAIL_STALE_MINUTES} minutes", process_id, MAIL_SENDING],
    ).fetchall()
    stale = [r["id"] for r in rows if r["old"] or cluster.gone(r["claimed_by"])]
    for mail_id in stale:
        db.execute(
            "UPDATE outgoing_mail SET status = ?, server_answer = ? WHERE id = ? AND status = ?",
            [MAIL_UNCERTAIN, "invio interrotto: verificare nel registro del server", mail_id, MAIL_SENDING],
        )
    return len(stale)


def settle(database: Database, process_id: int) -> int:
    """Mark as «to check» the messages of a batch whose process is gone (the page
    calls it as it opens, so after a restart the organiser sees them at once)."""
    with database.read() as conn:
        claimed = conn.execute(
            "SELECT 1 FROM outgoing_mail WHERE process_id = ? AND status = ? LIMIT 1", [process_id, MAIL_SENDING]
        ).fetchone()
    if claimed is None:
        return 0
    with database.write() as db:
        return _uncertain_leftovers(db, process_id)


class _Batch:
    """One percorso's batches in this process: one at a time, and what the last one did."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.last: dict | None = None


_batches: dict[tuple[str, int], _Batch] = {}
_batches_lock = threading.Lock()


def send(database: Database, actor: Actor, process_id: int, relay: smtp.Relay | None, ids=None) -> dict:
    """Send the queued messages (or those of ``ids`` still queued) through the relay:
    each claimed, sent, and its fate written with the server's answer. Returns the
    counts: ``sent``, ``refused``, ``uncertain``, ``skipped`` (sent meanwhile by another).

    One batch of a percorso at a time in this process. A press while one is being sent
    (the impatient organiser's double click: Streamlit runs the page again at once, in a
    second thread, while the first still sends) waits for it, then sends what is still
    queued; when that is nothing, it answers with the batch it waited for, so the page
    tells what the press did. Two batches at once would each hold a message in flight
    (two «to check» after a crash) and each tell half. Batches of other processes are kept
    apart by the claims: a message is never sent twice."""
    permissions.require("prepare", actor)
    if relay is None:
        raise NotAllowed("mail.no_relay_short")
    with _batches_lock:
        batch = _batches.setdefault((str(database.path), process_id), _Batch())
    waited = not batch.lock.acquire(blocking=False)
    if waited:
        batch.lock.acquire()
    try:
        result = _send(database, actor, process_id, relay, ids)
        if waited and batch.last and not (result["sent"] or result["refused"] or result["uncertain"]):
            result = {**batch.last, "skipped": batch.last["skipped"] + result["skipped"]}
        batch.last = result
    finally:
        batch.lock.release()
    return result


def _send(database: Database, actor: Actor, process_id: int, relay: smtp.Relay, ids) -> dict:
    process = _process(database, process_id)
    with database.write() as db:
        stale = _uncertain_leftovers(db, process_id)
        wanted = [
            r["id"]
            for r in db.execute(
                "SELECT id FROM outgoing_mail WHERE process_id = ? AND status = ? ORDER BY id",
                [process_id, MAIL_QUEUED],
            )
        ]
    if ids is not None:
        chosen = {int(i) for i in ids}
        wanted = [i for i in wanted if i in chosen]
    result = {"sent": 0, "refused": 0, "uncertain": stale, "skipped": 0}
    if not wanted:
        return result
    session = smtp.Session(relay)  # unreachable: nothing claimed, nothing changed
    owner = cluster.this_process()
    try:
        for mail_id in wanted:
            with database.write() as db:
                claimed = db.execute(
                    "UPDATE outgoing_mail SET status = ?, claimed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'),"
                    " claimed_by = ?, attempts = attempts + 1 WHERE id = ? AND status = ?",
                    [MAIL_SENDING, owner, mail_id, MAIL_QUEUED],
                ).rowcount
                row = db.execute("SELECT * FROM outgoing_mail WHERE id = ?", [mail_id]).fetchone()
            if not claimed:
                result["skipped"] += 1
                continue
            fate, answer = session.send(_email(dict(row), relay, process))
            status = {"accepted": MAIL_SENT, "refused": MAIL_REFUSED, "unknown": MAIL_UNCERTAIN}[fate]
            with database.write() as db:
                db.execute(
                    "UPDATE outgoing_mail SET status = ?, server_answer = ?,"
                    " sent_at = CASE WHEN ? THEN strftime('%Y-%m-%dT%H:%M:%fZ','now') END WHERE id = ?",
                    [status, answer, status == MAIL_SENT, mail_id],
                )
            result[{MAIL_SENT: "sent", MAIL_REFUSED: "refused", MAIL_UNCERTAIN: "uncertain"}[status]] += 1
            if fate == "unknown":
                break  # the connection is gone: the rest stays queued
    finally:
        session.close()
        with database.write() as db:
            audit.log(db, actor, "invia_posta", "process", process_id, relay=relay.where, **result)
    return result


def retry(database: Database, actor: Actor, process_id: int, ids=None) -> int:
    """The refused messages (or those of ``ids``) back in the queue, to send again. Audited."""
    return _requeue(database, actor, process_id, MAIL_REFUSED, ids, "riprova_posta")


def requeue_uncertain(database: Database, actor: Actor, process_id: int, ids) -> int:
    """Messages to be checked put back in the queue by an organiser who checked the
    relay's log and found they never left. Audited with the ids."""
    return _requeue(database, actor, process_id, MAIL_UNCERTAIN, ids, "rimette_in_coda_posta")


def _requeue(database: Database, actor: Actor, process_id: int, status: str, ids, action: str) -> int:
    permissions.require("prepare", actor)
    chosen = None if ids is None else {int(i) for i in ids}
    try:
        with database.write() as db:
            permissions.require_editable(db, process_id)
            rows = [
                r["id"]
                for r in db.execute(
                    "SELECT id FROM outgoing_mail WHERE process_id = ? AND status = ?", [process_id, status]
                )
                if chosen is None or r["id"] in chosen
            ]
            for mail_id in rows:
                db.execute(
                    "UPDATE outgoing_mail SET status = ?, claimed_at = NULL WHERE id = ? AND status = ?",
                    [MAIL_QUEUED, mail_id, status],
                )
            audit.log(db, actor, action, "process", process_id, ids=rows)
    except sqlite3.IntegrityError as exc:
        raise permissions.translate(exc, _DB_ERRORS) from exc
    return len(rows)
