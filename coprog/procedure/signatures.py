"""Digital signatures, read and checked by pyHanko (never by hand): CAdES
(``.p7m``, also a ``.p7m`` inside a ``.p7m``), PAdES (a signed PDF) and the PEC
provider's S/MIME signature on an envelope.

What a check says is a ``Signature``: intact or not, who signed (the name and,
for Italian qualified certificates, the codice fiscale in the subject's serial
number, ``TINIT-…``), when they say they signed, whether the certificate was
valid at that moment, and whether it chains to the trust list the organisers
loaded. Without a trust list the answer is «intact, certificate not checked
against a trust list», never «valid». The signer's revocation is looked up
(the CA's OCSP responder or CRL, each asked once per batch) only when the
organisers ask for it, on a server with the internet: revoked before the PEC's
official time refuses, after it is said; a CA that does not answer leaves it
«not checked», as without asking."""

from __future__ import annotations

import asyncio
import base64
import binascii
import concurrent.futures
import hashlib
import io
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from coprog.texts.vocabulary import PEC_MAX_NESTING, PEC_MAX_SIGNERS, PEC_REVOCATION_TIMEOUT

# pyHanko's validator logs every path it cannot build (each signature checked
# without a trust list): the verdict says it, the server's log need not.
logging.getLogger("pyhanko_certvalidator").setLevel(logging.ERROR)
logging.getLogger("pyhanko.sign.validation").setLevel(logging.ERROR)

INTACT, BROKEN = "integra", "alterata"
TRUSTED, UNTRUSTED, UNCHECKED = "fidata", "non_fidata", "non_verificata"
# the signer's revocation, when the organisers ask for it to be looked up (OCSP, CRL)
NOT_REVOKED, REVOKED, UNREACHABLE = "non_revocato", "revocato", "non_raggiungibile"


@dataclass
class Signature:
    """One signature's check (``problem``: a catalogue key when it is not usable)."""

    kind: str  # cades, pades, smime
    integrity: str  # integra / alterata
    trust: str = UNCHECKED  # fidata / non_fidata / non_verificata (no trust list)
    signer_name: str = ""
    signer_cf: str = ""  # from TINIT-…, '' when the certificate has none
    signed_at: datetime | None = None  # the signing time the signature claims, when it claims one
    not_before: datetime | None = None  # the certificate's validity
    not_after: datetime | None = None
    layers: int = 1  # .p7m wrappings
    notes: list[str] = field(default_factory=list)
    revocation: str = ""  # NOT_REVOKED, REVOKED, UNREACHABLE; '' when not looked up
    revoked_at: datetime | None = None
    # the file's other signatures (a .p7m's: side by side, or an inner layer's; a PDF's earlier ones)
    cosigners: list[Signature] = field(default_factory=list)
    revision: int = 0  # a PDF's earlier signature: the bytes of the revision it signed (0: the whole file)

    def by(self, cf: str) -> Signature:
        """The signature ``cf`` made among this one and its cosigners' (the first
        found, outer layer first), else this one."""
        return next((s for s in (self, *self.cosigners) if cf and s.signer_cf == cf), self)

    @property
    def intact(self) -> bool:
        return self.integrity == INTACT

    def valid_at(self, fallback: datetime) -> bool:
        """Whether the certificate was valid when the signature says it was made
        (or, when it says nothing, at ``fallback``: the PEC's official time, after it)."""
        moment = self.signed_at or fallback
        if self.not_before is None or self.not_after is None:
            return True
        return self.not_before <= moment <= self.not_after

    def revoked_before(self, moment: datetime) -> bool:
        """Found revoked, at ``moment`` or before it (or when, unknown)."""
        return self.revocation == REVOKED and (self.revoked_at is None or self.revoked_at <= moment)

    def describe(self, fallback: datetime) -> str:
        """The check in one catalogue key (for the verdict's list). ``fallback``
        is the PEC's official time: a certificate revoked before it is refused,
        one revoked after it signed when it was still good."""
        if not self.intact:
            return "pec.sig_broken"
        if not self.valid_at(fallback):
            return "pec.sig_expired"
        if self.revocation == REVOKED:
            return "pec.sig_revoked" if self.revoked_before(fallback) else "pec.sig_revoked_later"
        if self.trust == TRUSTED:
            return {NOT_REVOKED: "pec.sig_not_revoked", UNREACHABLE: "pec.sig_revocation_unreachable"}.get(
                self.revocation, "pec.sig_trusted"
            )
        return "pec.sig_untrusted" if self.trust == UNTRUSTED else "pec.sig_unchecked"


def run(coroutine):
    """pyHanko's checks are coroutines: run one to its end, also when the calling
    thread already runs an event loop (then in a thread of its own)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


class NotSigned(ValueError):
    """The bytes hold no signature of the kind asked."""


@dataclass(frozen=True)
class Root:
    """A certificate authority the organisers trust (DER), within the period its
    national list says it was granted (None: no bound on that side)."""

    der: bytes
    granted_from: datetime | None = None
    granted_until: datetime | None = None


def online():
    """What looks up the signers' revocation for one batch of messages (pyHanko's
    fetchers: each CA's OCSP responder and CRL, asked once per batch, at most
    PEC_REVOCATION_TIMEOUT seconds each). Pass it to ``cades``/``pades``."""
    from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

    return RequestsFetcherBackend(per_request_timeout=PEC_REVOCATION_TIMEOUT).get_fetchers()


def _context(anchors: list[Root], fetchers=None, moment: datetime | None = None):
    """pyHanko's validation context: offline, revocation not looked up; with
    ``fetchers``, every certificate's revocation must be found (hard-fail). At
    ``moment`` (default: now), the revocation found today read as of then."""
    from asn1crypto import x509
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.authority import CertTrustAnchor, TrustQualifiers

    roots = [
        CertTrustAnchor(
            x509.Certificate.load(root.der),
            quals=TrustQualifiers(valid_from=root.granted_from, valid_until=root.granted_until),
        )
        for root in anchors
    ]
    past = moment is not None  # the revocation found today read as of then (retroactively)
    if fetchers is None:
        return ValidationContext(
            trust_roots=roots,
            allow_fetching=False,
            revocation_mode="soft-fail",
            moment=moment,
            retroactive_revinfo=past,
        )
    return ValidationContext(
        trust_roots=roots,
        allow_fetching=True,
        fetchers=fetchers,
        revocation_mode="hard-fail",
        moment=moment,
        retroactive_revinfo=past,
    )


Checked = tuple[Any, str, datetime | None]  # pyHanko's status or None, the revocation found, when revoked


def _checked(check, anchors: list[Root], fetchers, sent: datetime | None = None) -> Checked:
    """``check(context)``: one of pyHanko's validations, as a coroutine. (its
    status or None, the revocation found, when it was revoked). Checked now;
    a signature intact but not trusted now is checked again at ``sent`` (the
    PEC's official time): a certificate valid when the PEC was sent and expired
    since (or its authority's grant ended since) still signed it."""
    found = _checked_at(check, anchors, fetchers)
    status, revocation, _ = found
    if sent is None or not anchors or status is None or status.trusted or revocation == REVOKED:
        return found
    if not (status.intact and status.valid):
        return found
    then = _checked_at(check, anchors, fetchers, sent)
    return then if then[0] is not None and (then[0].trusted or then[1] == REVOKED) else found


def _checked_at(check, anchors: list[Root], fetchers, moment: datetime | None = None) -> Checked:
    """One check at ``moment`` (default: now). Without ``fetchers`` (or a trust
    list) nothing is looked up. With them a failed check is asked again
    offline, to tell a CA that did not answer (the signature otherwise
    trusted: UNREACHABLE) from a certificate outside the trust list."""
    if fetchers is None or not anchors:
        return _status(check(_context(anchors, moment=moment))), "", None
    status = _status(check(_context(anchors, fetchers, moment)))
    if status is None:
        return None, "", None
    if status.trusted:
        cert = status.signing_cert
        declared = cert is not None and bool(cert.crl_distribution_points or cert.ocsp_urls)
        return status, (NOT_REVOKED if declared else ""), None  # nothing to ask: not «non revocato»
    details = getattr(status, "revocation_details", None)
    if details is not None:
        return status, REVOKED, details.revocation_date
    offline = _status(check(_context(anchors, moment=moment)))
    return offline, (UNREACHABLE if offline is not None and offline.trusted else ""), None


def _signer(cert) -> tuple[str, str]:
    """(name, codice fiscale) from a certificate's subject (asn1crypto)."""
    subject = cert.subject.native
    name = subject.get("common_name") or " ".join(p for p in (subject.get("given_name"), subject.get("surname")) if p)
    serial = str(subject.get("serial_number") or "")
    cf = serial.split("-", 1)[1] if serial.upper().startswith("TINIT-") else ""
    return str(name or ""), cf.upper()


def _status(coroutine):
    """One of pyHanko's checks run to its end; None when it cannot check the
    signature at all (a damaged one: its signer's certificate not found in it,
    a structure it refuses), which the callers report as broken."""
    from pyhanko.sign.general import ValueErrorWithMessage

    try:
        return run(coroutine)
    except ValueErrorWithMessage:
        return None


def _unverifiable(kind: str, anchors: list[Root]) -> Signature:
    return Signature(kind, BROKEN, UNTRUSTED if anchors else UNCHECKED, notes=["uncheckable"])


def _finish(
    kind: str, status, anchors: list[Root], layers: int = 1, revocation: str = "", revoked_at: datetime | None = None
) -> Signature:
    intact = bool(status.intact and status.valid)
    cert = status.signing_cert
    name, cf = _signer(cert) if cert is not None else ("", "")
    signed_at = getattr(status, "signer_reported_dt", None)
    not_before = not_after = None
    if cert is not None:
        validity = cert["tbs_certificate"]["validity"]
        not_before, not_after = validity["not_before"].native, validity["not_after"].native
    if not anchors:
        trust = UNCHECKED
    else:
        trust = TRUSTED if status.trusted or revocation == REVOKED else UNTRUSTED  # revoked: it did chain
    return Signature(
        kind,
        INTACT if intact else BROKEN,
        trust,
        name,
        cf,
        signed_at,
        not_before,
        not_after,
        layers,
        revocation=revocation,
        revoked_at=revoked_at,
    )


def _signed_data(data: bytes):
    """The CMS SignedData in DER or base64 bytes (as some clients save a .p7m)."""
    from asn1crypto import cms

    candidates = [data]
    if data[:1] != b"\x30":
        stripped = b"".join(line for line in data.splitlines() if not line.startswith(b"-----"))
        try:
            candidates.append(base64.b64decode(stripped, validate=False))
        except (binascii.Error, ValueError):
            pass
    for blob in candidates:
        try:
            info = cms.ContentInfo.load(blob)
            if info["content_type"].native != "signed_data":
                continue
            signed = info["content"]
            _ = signed.native  # parse fully now: a broken structure raises here, not later
            return signed
        except Exception:  # asn1crypto raises ValueError/TypeError/OverflowError on garbage
            continue
    raise NotSigned("not a CMS SignedData")


def cades(data: bytes, anchors: list[Root], fetchers=None, sent: datetime | None = None) -> tuple[bytes, Signature]:
    """Unwrap a .p7m (and a .p7m inside it, up to PEC_MAX_NESTING): (the signed
    content, the outermost check; intact only if every layer is). ``fetchers``
    (``online()``): the signers' revocation looked up too; ``sent``: the PEC's
    official time (see ``_checked``)."""

    from pyhanko.sign.validation.generic_cms import async_validate_cms_signature

    checks: list[Signature] = []
    content, layers = data, 0
    while True:
        try:
            signed = _signed_data(content)
        except NotSigned:
            if not checks:
                raise
            break
        if layers >= PEC_MAX_NESTING:
            raise NotSigned("too many layers")
        encap = signed["encap_content_info"]
        inner = encap["content"].native if encap["content"] is not None else None
        if inner is None:
            raise NotSigned("detached signature without its content")
        layers += 1
        checks += _each_signer(
            "cades",
            signed,
            lambda single, context: async_validate_cms_signature(single, validation_context=context),
            anchors,
            fetchers,
            sent,
        )
        content = inner
    outer = _together(checks)
    outer.layers = layers
    return content, outer


def _each_signer(kind: str, signed, validate, anchors: list[Root], fetchers, sent: datetime | None) -> list[Signature]:
    """Every signer of a SignedData checked (``validate(one, context)``: pyHanko's
    check of a SignedData with one signer, as it requires: each on a copy that
    holds only theirs); at most PEC_MAX_SIGNERS."""
    from asn1crypto import cms

    infos = list(signed["signer_infos"])
    if not infos or len(infos) > PEC_MAX_SIGNERS:
        raise NotSigned("no signer, or too many")
    checks = []
    for info in infos:
        single = signed.copy()
        single["signer_infos"] = cms.SignerInfos([info])
        status, revocation, revoked_at = _checked(
            lambda context, single=single: validate(single, context), anchors, fetchers, sent
        )
        checks.append(
            _finish(kind, status, anchors, revocation=revocation, revoked_at=revoked_at)
            if status is not None
            else _unverifiable(kind, anchors)
        )
    return checks


def _together(checks: list[Signature]) -> Signature:
    """The first check, the others its cosigners; one broken: the file was
    changed after it, so every one is."""
    if any(not c.intact for c in checks):
        for check in checks:
            check.integrity = BROKEN
    first, *cosigners = checks
    first.cosigners = cosigners
    return first


def pades(pdf_bytes: bytes, anchors: list[Root], fetchers=None, sent: datetime | None = None) -> Signature:
    """A signed PDF's signatures, the last one first (its cosigners: the
    earlier ones, each with the revision it signed): the last must cover the
    whole file, each earlier one its whole revision, else all are broken
    (``fetchers``: the signers' revocation looked up too; ``sent``: the PEC's
    official time, see ``_checked``)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature

    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    embedded_all = reader.embedded_signatures
    if not embedded_all or len(embedded_all) > PEC_MAX_SIGNERS:
        raise NotSigned("no PDF signature, or too many")
    checks: list[Signature] = []
    for n, embedded in enumerate(reversed(embedded_all)):
        status, revocation, revoked_at = _checked(
            lambda context, embedded=embedded: async_validate_pdf_signature(embedded, context, skip_diff=True),
            anchors,
            fetchers,
            sent,
        )
        if status is None:
            checks.append(_unverifiable("pades", anchors))
            continue
        check = _finish("pades", status, anchors, revocation=revocation, revoked_at=revoked_at)
        covers = "ENTIRE_FILE" if n == 0 else "ENTIRE_REVISION"  # something added after the last: changed
        if status.coverage is None or status.coverage.name != covers:
            check.integrity = BROKEN
        if n:
            _, _, start, length = (int(x) for x in embedded.byte_range)
            check.revision = start + length
        checks.append(check)
    return _together(checks)


def detached(
    content: bytes,
    signature: bytes,
    anchors: list[Root],
    fetchers=None,
    sent: datetime | None = None,
    kind: str = "cades",
) -> Signature:
    """A detached signature over ``content`` (a ``.p7s`` beside its file; the PEC
    provider's S/MIME, ``kind="smime"``), every signer checked as in ``cades``
    (``fetchers``: their revocation looked up too; ``sent``: see ``_checked``)."""
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms

    signed = _signed_data(signature)
    encapsulated = signed["encap_content_info"]["content"]
    if encapsulated is not None and encapsulated.native is not None:
        raise NotSigned("not a detached signature: it carries its content")
    return _together(
        _each_signer(
            kind,
            signed,
            lambda single, context: async_validate_detached_cms(content, single, signer_validation_context=context),
            anchors,
            fetchers,
            sent,
        )
    )


def smime_detached(
    content: bytes, signature: bytes, anchors: list[Root], fetchers=None, sent: datetime | None = None
) -> Signature:
    """The PEC provider's S/MIME signature over ``content``."""
    return detached(content, signature, anchors, fetchers, sent, kind="smime")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
