"""The PEC box read into the procedure: one verdict per message, listed for the
organisers before anything is stored (``assess``), then stored message by
message, each in one transaction (``record``): accepted applications become
ETS *ricevute* with their fields and delegates, clarification requests become
chiarimenti, and every PEC keeps its original files (hash recorded).

A verdict, in order of the questions asked:

- not a PEC (no ``X-Trasporto``), or unreadable (a malformed envelope, no
  ``daticert.xml``, a file over the size limit): listed, never stored;
- the provider's signature over the envelope broken: the message was changed
  after the provider certified it;
- an application (a signed modello di domanda attached) or a clarification
  request (no form; «chiariment…»/«quesit…» in its subject or text), or
  neither (listed as a PEC to read by hand, not stored);
- for an application: the form's signature (CAdES, a .p7m in a .p7m, a .p7s beside the PDF, PAdES)
  intact, its certificate valid when signed and, with a trust list loaded,
  trusted; the signer is the declared legale rappresentante (the codice fiscale
  in ``TINIT-…``); the ETS is not a natural person; the form carries no
  script; its fields valid; on time (the PEC's official time against the
  deadline, to the second, in Europe/Rome);
- the same ETS twice: the later accepted application supersedes the earlier,
  both kept and shown.

Admission stays the organisers' decision (``organisations.decide_admission``)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from coprog.procedure import application_form, importer, organisations, pec, permissions, signatures, trustlists
from coprog.procedure.delegates import insert_delegate, validate_delegate
from coprog.procedure.pec import Incoming, Unreadable
from coprog.storage import audit
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts import vocabulary
from coprog.texts.errors import NotFound, ValidationError
from coprog.texts.validation import Problems
from coprog.texts.vocabulary import (
    DEADLINE_ZONE,
    NATURAL_PERSON_CF,
    PEC_ACCEPTED,
    PEC_APPLICATION,
    PEC_CLARIFICATION,
    PEC_MAX_BYTES,
    PEC_NOT_PEC,
    PEC_OTHER,
    PEC_REFUSED,
    PEC_REVOCATION_SHARED,
    PEC_SUPERSEDED,
    PEC_UNREADABLE,
)

ROME = ZoneInfo(DEADLINE_ZONE)
CLARIFICATION_WORDS = ("chiariment", "quesit")


@dataclass
class Verdict:
    """What one message is, and what storing it would do."""

    source: str
    category: str  # domanda, chiarimento, non_pec, illeggibile, altro
    outcome: str  # accettata, respinta, sostituita, chiarimento, or '' (never stored)
    reasons: list[tuple[str, dict]] = field(default_factory=list)  # why it is refused (or late, for a question)
    notes: list[tuple[str, dict]] = field(default_factory=list)  # what the organisers should know, not a refusal
    identifier: str = ""
    sender: str = ""
    subject: str = ""
    official_at: str = ""  # Europe/Rome wall-clock, to the second
    on_time: bool | None = None
    signature: str = ""  # a catalogue key (pec.sig_…)
    signer_name: str = ""
    signer_cf: str = ""
    fields: dict = field(default_factory=dict)
    already: bool = False  # stored by an earlier reading: nothing to do
    superseded_by: str = ""  # the identifier of the later application
    envelope: pec.Envelope | None = None
    form_name: str = ""
    form_file: bytes = b""
    raw: bytes = b""

    @property
    def storable(self) -> bool:
        return not self.already and self.category in (PEC_APPLICATION, PEC_CLARIFICATION)

    @property
    def ets_cf(self) -> str:
        return str(self.fields.get("codice_fiscale", "")).upper().replace(" ", "")


def local(when: datetime) -> str:
    """An aware time as the avviso's wall clock: 'YYYY-MM-DDTHH:MM:SS' in Europe/Rome."""
    return when.astimezone(ROME).strftime("%Y-%m-%dT%H:%M:%S")


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def anchors(database: Database) -> list[signatures.Root]:
    """The trust list the organisers loaded: CA certificates (DER), each within
    the period its national list says it was granted."""
    rows = database.query("SELECT der, granted_from, granted_until FROM trust_anchor ORDER BY id")
    return [signatures.Root(bytes(r["der"]), _moment(r["granted_from"]), _moment(r["granted_until"])) for r in rows]


def trust_list(database: Database) -> list[dict]:
    return database.query(
        "SELECT id, subject, not_after, source, loaded_at, granted_from, granted_until FROM trust_anchor"
        " ORDER BY subject"
    )


def load_trust(database: Database, actor: Actor, files: list[tuple[str, bytes]]) -> int:
    """Add the certificate authorities of the files uploaded together (the EU
    list of the lists with national trusted lists, each checked against its
    signers, or certificates: ``trustlists``); the new ones' count. Raises
    ValidationError with the reason; nothing is added then."""
    permissions.require("prepare", actor)
    try:
        found = trustlists.anchors_from(files)
    except trustlists.TrustListError as exc:
        name = pec.safe_name(exc.name)
        raise ValidationError(
            [("file", f"pec.trust_{exc.reason}", {"name": name, "territory": exc.territory, "until": exc.until})]
        ) from exc
    with database.write() as db:
        before = db.execute("SELECT count(*) FROM trust_anchor").fetchone()[0]
        for anchor in found:  # a list loaded again brings its authorities' periods up to date
            db.execute(
                "INSERT INTO trust_anchor (sha256, subject, not_after, source, der, granted_from, granted_until)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET source = excluded.source,"
                " granted_from = excluded.granted_from, granted_until = excluded.granted_until",
                [
                    signatures.sha256(anchor.der),
                    anchor.subject,
                    anchor.not_after,
                    pec.safe_name(anchor.source),
                    anchor.der,
                    anchor.granted_from.isoformat() if anchor.granted_from else None,
                    anchor.granted_until.isoformat() if anchor.granted_until else None,
                ],
            )
        added = db.execute("SELECT count(*) FROM trust_anchor").fetchone()[0] - before
        names = ", ".join(pec.safe_name(name) for name, _data in files)
        audit.log(db, actor, "carica_fiducia", "trust_anchor", None, file=names, added=added)
    return added


def _process(database: Database, process_id: int) -> dict:
    rows = database.query("SELECT * FROM process WHERE id = ?", (process_id,))
    if not rows:
        raise NotFound("process.unknown")
    return rows[0]


def assess(database: Database, process_id: int, incoming: list[Incoming], revocation: bool = False) -> list[Verdict]:
    """One verdict per message, in the order of their official times (nothing is
    stored). ``revocation``: the signers' certificates looked up at their CAs
    (OCSP, CRL: this server needs the internet), each CA asked once for every
    PEC_REVOCATION_SHARED messages of the batch."""
    process = _process(database, process_id)
    trusted = anchors(database)
    stored = {
        r["identifier"]: r
        for r in database.query(
            "SELECT identifier, verdict, official_at, json_extract(fields, '$.codice_fiscale') AS cf"
            " FROM pec_message WHERE process_id = ?",
            (process_id,),
        )
    }
    verdicts, fetchers = [], None
    for n, item in enumerate(incoming):
        if revocation and trusted and n % PEC_REVOCATION_SHARED == 0:
            fetchers = signatures.online()  # a fresh budget of requests, see PEC_REVOCATION_SHARED
        verdicts.append(_one(item, process, trusted, fetchers))
    seen: set[str] = set()
    for verdict in verdicts:
        if verdict.identifier and (verdict.identifier in stored or verdict.identifier in seen):
            verdict.already = True
            verdict.reasons.insert(0, ("pec.already_recorded", {}))
        seen.add(verdict.identifier)
    _supersede(verdicts, stored)
    return sorted(verdicts, key=lambda v: (v.official_at or "9", v.source))


def _one(item: Incoming, process: dict, trusted: list[signatures.Root], fetchers=None) -> Verdict:
    if item.too_big:
        return Verdict(
            item.source, PEC_UNREADABLE, "", [("pec.too_big", {"name": item.source, "mb": PEC_MAX_BYTES // 2**20})]
        )
    if not pec.is_pec(item.raw):
        sender, subject, _ = pec.ordinary_identity(item.raw)
        return Verdict(item.source, PEC_NOT_PEC, "", [("pec.verdict_not_pec", {})], sender=sender, subject=subject)
    if pec.is_anomaly(item.raw):
        sender, subject, _ = pec.ordinary_identity(item.raw)
        return Verdict(item.source, PEC_NOT_PEC, "", [("pec.verdict_anomaly", {})], sender=sender, subject=subject)
    try:
        envelope = pec.read(item.raw, trusted, fetchers)
    except Unreadable as exc:
        sender, subject, _ = pec.ordinary_identity(item.raw)
        return Verdict(item.source, PEC_UNREADABLE, "", [(exc.key, exc.params)], sender=sender, subject=subject)
    verdict = Verdict(
        item.source,
        PEC_OTHER,
        "",
        identifier=envelope.identifier,
        sender=envelope.sender,
        subject=envelope.subject,
        official_at=local(envelope.official_at),
        envelope=envelope,
        raw=item.raw,
    )
    _provider(verdict, envelope)
    form = _form(envelope, trusted, fetchers)
    if form is None:
        words = f"{envelope.subject} {envelope.body}".casefold()
        if any(w in words for w in CLARIFICATION_WORDS):
            verdict.category, verdict.outcome = PEC_CLARIFICATION, PEC_CLARIFICATION
            verdict.on_time = organisations.on_time(verdict.official_at, process.get("clarification_deadline"))
            if verdict.on_time is False:
                verdict.reasons.append(("pec.clarification_late", {}))
            if not envelope.provider.intact:
                verdict.category, verdict.outcome = PEC_UNREADABLE, ""
        else:
            verdict.reasons.append(("pec.verdict_other", {}))
        return verdict
    verdict.category = PEC_APPLICATION
    name, file, signature, fields, problem = form
    verdict.form_name, verdict.form_file = name, file
    verdict.fields = fields or {}
    if problem:
        verdict.reasons.append(problem)
    if signature is not None:
        declared = _declared(verdict.fields)
        # the legale rappresentante's signature, wherever it is in the file (signed jointly with
        # someone, or inside another's .p7m); else the outermost, whose signer is then named
        whole, signature = signature, signature.by(declared)
        me = (signature.signer_cf, signature.signer_name)
        others = list(
            dict.fromkeys(s.signer_name or "?" for s in (whole, *whole.cosigners) if (s.signer_cf, s.signer_name) != me)
        )
        if others:
            verdict.notes.append(("pec.cosigned", {"names": ", ".join(others)}))
        verdict.signature = signature.describe(envelope.official_at)
        verdict.signer_name, verdict.signer_cf = signature.signer_name, signature.signer_cf
        if verdict.signature in ("pec.sig_broken", "pec.sig_expired", "pec.sig_untrusted", "pec.sig_revoked"):
            verdict.reasons.append((verdict.signature, {}))
        elif signature.intact and signature.not_after is not None and signature.not_after < datetime.now(UTC):
            # valid when the PEC was sent (checked at its official time), expired since: said, not refused
            verdict.notes.append(("pec.sig_expired_since", {"date": signature.not_after.date().isoformat()}))
        if signature.intact and (not signature.signer_cf or signature.signer_cf != declared):
            verdict.reasons.append(
                ("pec.not_legal_rep", {"signer": signature.signer_name or "?", "declared": declared or "—"})
            )
    if len(verdict.ets_cf) == NATURAL_PERSON_CF:
        verdict.reasons.append(("pec.natural_person", {"value": verdict.ets_cf}))
    elif fields:
        verdict.reasons.extend(_field_problems(fields))
    verdict.on_time = organisations.on_time(verdict.official_at, process.get("application_deadline"))
    if verdict.on_time is False:
        verdict.reasons.append(("pec.late", {"deadline": organisations._to_second(process["application_deadline"])}))
    verdict.outcome = PEC_REFUSED if verdict.reasons else PEC_ACCEPTED
    return verdict


def _provider(verdict: Verdict, envelope: pec.Envelope) -> None:
    """The provider's signature over the envelope: broken, or its certificate
    revoked before the PEC's official time, and the envelope's certification
    (its time, its contents) cannot be relied on: a reason. Revoked later,
    revocation not answered, or the provider outside the loaded list: said."""
    provider = envelope.provider
    if not provider.intact:
        verdict.reasons.append(("pec.provider_broken", {}))
    elif provider.revoked_before(envelope.official_at):
        verdict.reasons.append(("pec.provider_revoked", {}))
    elif provider.revocation == signatures.REVOKED:
        verdict.notes.append(("pec.provider_revoked_later", {}))
    elif provider.trust == signatures.UNTRUSTED:
        # AgID lists PEC providers apart from the qualified CAs: an intact envelope
        # whose provider is not in the loaded list is said, not refused
        verdict.notes.append(("pec.provider_untrusted", {}))
    elif provider.revocation == signatures.UNREACHABLE:
        verdict.notes.append(("pec.provider_revocation_unreachable", {}))


def _beside(envelope: pec.Envelope, attachment: pec.Attachment, trusted: list[signatures.Root], fetchers=None):
    """An unsigned PDF's detached signature (CAdES ``.p7s``) among the other
    attachments: one that verifies over it, else its own (``NAME.pdf.p7s``)
    found broken (the file changed after it), else None."""
    own = None
    for other in envelope.attachments:
        lower = other.name.lower()
        if not lower.endswith(".p7s"):
            continue
        try:
            check = signatures.detached(attachment.data, other.data, trusted, fetchers, envelope.official_at)
        except signatures.NotSigned:
            continue
        if check.intact:
            return check
        if lower == attachment.name.lower() + ".p7s":
            own = check
    return own


def _changed_since_signed(pdf: bytes, signature: signatures.Signature, fields: dict) -> bool:
    """Whether the legale rappresentante signed an earlier revision of the PDF
    whose form fields differ from the file's (what they signed is what counts);
    a revision that cannot be read differs."""
    if not signature.revision:
        return False
    try:
        return application_form.read(pdf[: signature.revision]) != fields
    except Exception:  # pikepdf on a revision cut short: not what they signed
        return True


def _declared(fields: dict) -> str:
    """The legale rappresentante's codice fiscale as the form declares it."""
    return str(fields.get("cf_legale_rappresentante", "")).upper().replace(" ", "")


def _form(envelope: pec.Envelope, trusted: list[signatures.Root], fetchers=None):
    """The signed modello di domanda among the attachments: (file name, file,
    its signature or None, the form's fields, a problem or None); None when no
    attachment is the form."""
    first_problem = None
    for attachment in envelope.attachments:
        lower = attachment.name.lower()
        if not lower.endswith((".p7m", ".pdf")):
            continue
        signature = None
        try:
            if lower.endswith(".p7m"):
                pdf, signature = signatures.cades(attachment.data, trusted, fetchers, envelope.official_at)
            else:
                pdf = attachment.data
                try:
                    signature = signatures.pades(pdf, trusted, fetchers, envelope.official_at)
                except signatures.NotSigned:
                    signature = _beside(envelope, attachment, trusted, fetchers)
            fields = application_form.read(pdf)
        except signatures.NotSigned:
            first_problem = first_problem or (attachment, ("pec.form_unreadable", {"name": attachment.name}))
            continue
        except Exception:  # a PDF that pikepdf or pyHanko cannot open: the reason, not a crash
            first_problem = first_problem or (attachment, ("pec.form_unreadable", {"name": attachment.name}))
            continue
        if fields is None:
            continue  # another PDF (a statute, a CV): an attachment
        problem = None
        if signature is None:
            problem = ("pec.form_unsigned", {"name": attachment.name})
        elif application_form.has_active_content(pdf):
            problem = ("pec.form_scripts", {"name": attachment.name})
        elif _changed_since_signed(pdf, signature.by(_declared(fields)), fields):
            problem = ("pec.form_changed_after_signature", {"name": attachment.name})
        return attachment.name, attachment.data, signature, fields, problem
    if first_problem:
        attachment, problem = first_problem
        return attachment.name, attachment.data, None, None, problem
    return None


def _clean(fields: dict) -> tuple[dict, list[dict], Problems]:
    """The form's fields through the same validation as every application."""
    clean, problems = organisations.validate_organisation({**importer.organisation_fields(fields), "received_at": None})
    delegates = []
    for entry in application_form.delegates(fields):
        delegate, delegate_problems = validate_delegate(entry)
        problems.extend(delegate_problems)
        delegates.append(delegate)
    if not delegates:
        problems.add("delegate_name", "pec.no_delegates")
    if clean.get("privacy_ack") != 1:
        problems.add("privacy_ack", "pec.privacy_missing")
    if not clean.get("legal_rep_cf"):
        problems.add("legal_rep_cf", "validation.required")
    return clean, delegates, problems


def _field_problems(fields: dict) -> list[tuple[str, dict]]:
    _, _, problems = _clean(fields)
    return [("pec.form_field", {"field": name, "key": key, "params": params}) for name, key, params in problems]


def _supersede(verdicts: list[Verdict], stored: dict[str, dict]) -> None:
    """Among the accepted applications of one ETS (stored or new), the latest
    official time wins: the earlier new ones are marked superseded."""
    latest: dict[str, tuple[str, str]] = {}  # cf -> (official_at, identifier)
    for identifier, row in stored.items():
        if row["verdict"] in (PEC_ACCEPTED, PEC_SUPERSEDED) and row["cf"]:
            latest[row["cf"]] = max(latest.get(row["cf"], ("", "")), (row["official_at"], identifier))
    for verdict in verdicts:
        if verdict.outcome == PEC_ACCEPTED and not verdict.already:
            cf = verdict.ets_cf
            latest[cf] = max(latest.get(cf, ("", "")), (verdict.official_at, verdict.identifier))
    for verdict in verdicts:
        if verdict.outcome == PEC_ACCEPTED and not verdict.already:
            winner = latest[verdict.ets_cf]
            if winner[1] != verdict.identifier:
                verdict.outcome = PEC_SUPERSEDED
                verdict.superseded_by = winner[1]
                verdict.reasons.append(("pec.superseded", {"by": winner[0].replace("T", " ")}))


def record(database: Database, actor: Actor, process_id: int, verdicts: list[Verdict]) -> dict[str, int]:
    """Store what the verdicts say, oldest first, each message in its own
    transaction (all or nothing per message); a message already stored (by an
    earlier reading, or by another organiser at the same moment) is skipped."""
    permissions.require("prepare", actor)
    counts = {PEC_ACCEPTED: 0, PEC_REFUSED: 0, PEC_SUPERSEDED: 0, PEC_CLARIFICATION: 0, "already": 0}
    for verdict in sorted((v for v in verdicts if v.storable), key=lambda v: (v.official_at, v.source)):
        try:
            with database.write() as db:
                _record_one(db, actor, process_id, verdict)
        except sqlite3.IntegrityError as exc:
            if "pec_message.process_id, pec_message.identifier" not in str(exc):
                raise
            counts["already"] += 1
            continue
        counts[verdict.outcome if verdict.category == PEC_APPLICATION else PEC_CLARIFICATION] += 1
    return counts


def _record_one(db, actor: Actor, process_id: int, verdict: Verdict) -> None:
    permissions.require_editable(db, process_id)
    envelope = verdict.envelope
    assert envelope is not None
    organisation_id = None
    outcome = verdict.outcome
    if verdict.category == PEC_APPLICATION and outcome in (PEC_ACCEPTED, PEC_SUPERSEDED):
        clean, delegates, problems = _clean(verdict.fields)
        problems.raise_if_any()
        clean["received_at"] = verdict.official_at
        existing = db.execute(
            "SELECT id FROM organisation WHERE process_id = ? AND codice_fiscale = ?",
            [process_id, clean["codice_fiscale"]],
        ).fetchone()
        if existing is None:
            organisation_id = organisations.insert_organisation(db, actor, clean, process_id)
            for delegate in delegates:
                insert_delegate(db, actor, organisation_id, delegate)
        else:
            organisation_id = existing["id"]
            later = db.execute(
                "SELECT identifier FROM pec_message WHERE organisation_id = ? AND verdict = ? AND official_at > ?",
                [organisation_id, PEC_ACCEPTED, verdict.official_at],
            ).fetchone()
            if later is None:
                organisations.replace_application(db, actor, organisation_id, clean, delegates)
            outcome = PEC_SUPERSEDED if later else PEC_ACCEPTED
    message_id = db.insert_row(
        "pec_message",
        {
            "process_id": process_id,
            "identifier": verdict.identifier,
            "source": verdict.source[:300],
            "sender": verdict.sender[:320],
            "subject": verdict.subject[:500],
            "official_at": verdict.official_at,
            "kind": verdict.category,
            "verdict": outcome,
            "reasons": json.dumps(
                [[k, p] for k, p in [*verdict.reasons, *verdict.notes]], ensure_ascii=False, default=str
            ),
            "fields": json.dumps(verdict.fields, ensure_ascii=False),
            "signature": verdict.signature,
            "signer_cf": verdict.signer_cf[:16],
            "on_time": int(bool(verdict.on_time) if verdict.on_time is not None else 1),
            "organisation_id": organisation_id,
        },
    )
    if organisation_id is not None and outcome == PEC_ACCEPTED:
        db.execute(
            "UPDATE pec_message SET verdict = ?, superseded_by = ?"
            " WHERE organisation_id = ? AND id != ? AND verdict = ?",
            [PEC_SUPERSEDED, message_id, organisation_id, message_id, PEC_ACCEPTED],
        )
    files = [("busta", "busta.eml", verdict.raw), ("originale", "postacert.eml", envelope.original)]
    if verdict.form_name:
        files.append(("modulo", verdict.form_name, verdict.form_file))
    files += [("allegato", a.name, a.data) for a in envelope.attachments if a.name != verdict.form_name]
    for role, name, data in files:
        db.insert_row(
            "pec_file",
            {
                "message_id": message_id,
                "role": role,
                "name": pec.safe_name(name),
                "sha256": signatures.sha256(data),
                "size": len(data),
                "content": data,
            },
        )
    if verdict.category == PEC_CLARIFICATION:
        db.insert_row(
            "clarification",
            {
                "process_id": process_id,
                "question": _question(envelope),
                "asked_at": verdict.official_at,
                "source": "pec",
                "pec_message_id": message_id,
                "on_time": int(verdict.on_time is not False),
            },
        )
    audit.log(db, actor, "registra_pec", "pec_message", message_id, identifier=verdict.identifier, verdict=outcome)


def _question(envelope: pec.Envelope) -> str:
    text = envelope.body.strip() or envelope.subject
    return text[: vocabulary.CLARIFICATION_MAX]


def messages(database: Database, process_id: int) -> list[dict]:
    """The PEC stored for the percorso, newest first, with the ETS they made."""
    rows = database.query(
        "SELECT m.id, m.identifier, m.source, m.sender, m.subject, m.official_at, m.kind, m.verdict, m.reasons,"
        " m.signature, m.signer_cf, m.on_time, m.organisation_id, o.name AS organisation,"
        " (SELECT s.identifier FROM pec_message s WHERE s.id = m.superseded_by) AS superseded_by"
        " FROM pec_message m LEFT JOIN organisation o ON o.id = m.organisation_id"
        " WHERE m.process_id = ? ORDER BY m.official_at DESC, m.id DESC",
        (process_id,),
    )
    for row in rows:
        row["reasons"] = [tuple(r) for r in json.loads(row["reasons"])]
    return rows


def files(database: Database, process_id: int, message_id: int) -> list[dict]:
    """A stored PEC's files (name, role, size, hash), without their content."""
    return database.query(
        "SELECT f.id, f.role, f.name, f.size, f.sha256 FROM pec_file f JOIN pec_message m ON m.id = f.message_id"
        " WHERE m.process_id = ? AND f.message_id = ? ORDER BY f.id",
        (process_id, message_id),
    )


def original(database: Database, process_id: int, file_id: int) -> tuple[str, bytes]:
    """One original file as it arrived: (name, bytes), its hash checked again."""
    rows = database.query(
        "SELECT f.name, f.sha256, f.content FROM pec_file f JOIN pec_message m ON m.id = f.message_id"
        " WHERE m.process_id = ? AND f.id = ?",
        (process_id, file_id),
    )
    if not rows:
        raise NotFound("pec.no_such_file")
    content = bytes(rows[0]["content"])
    if signatures.sha256(content) != rows[0]["sha256"]:
        raise NotFound("pec.file_changed")
    return rows[0]["name"], content


def counts(verdicts: list[Verdict]) -> dict[str, int]:
    """How many verdicts of each outcome (and kind, for those never stored)."""
    found: dict[str, int] = {}
    for verdict in verdicts:
        key = "already" if verdict.already else (verdict.outcome or verdict.category)
        found[key] = found.get(key, 0) + 1
    return found
