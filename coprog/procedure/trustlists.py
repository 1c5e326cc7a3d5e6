"""The trust list the organisers load, and the checks on its own signature.

A national trusted list (ETSI TS 119 612 XML, such as AgID's ``TSL-IT.xml``)
is signed by its scheme operator; who may sign it is said by the European
Commission's list of the lists (LOTL, ``eu-lotl.xml``), itself signed by the
Commission with certificates published in the Official Journal. The
organisers load the LOTL and one or more national lists together: the LOTL's
signature is checked against the Commission's certificates (pyHanko's bundled
ones, or ``COPROG_LOTL_SIGNERS``), each national list's against the signers the
LOTL names for its territory, and only then are its certificate authorities
taken, from the signed part of the file. A list whose signature does not hold
is refused with its reason; nothing of the upload is kept then. One
certificate (PEM or DER) is still accepted as it is: an authority the
organisers choose to trust by name. Everything is read and checked by pyHanko
(signxml underneath), never by hand."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from coprog import config

LOTL_TYPE = "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists"
_TSL_NS = "http://uri.etsi.org/02231/v2#"
_DS_NS = "http://www.w3.org/2000/09/xmldsig#"


class TrustListError(ValueError):
    """Why an upload is refused: ``reason`` (a catalogue key's last part), the
    file's name and, for a national list, its territory; for a list out of
    force, the date its next edition was due."""

    def __init__(self, reason: str, name: str = "", territory: str = "", until: str = ""):
        super().__init__(reason)
        self.reason, self.name, self.territory, self.until = reason, name, territory, until


@dataclass(frozen=True)
class Anchor:
    """A certificate authority to trust (DER), with where it came from and the
    period its national list says it was granted (None: no bound)."""

    der: bytes
    subject: str
    not_after: str
    source: str
    granted_from: datetime | None = None
    granted_until: datetime | None = None


def _is_xml(data: bytes) -> bool:
    return data.lstrip()[:5] == b"<?xml" or b"TrustServiceStatusList" in data[:4096]


@dataclass(frozen=True)
class _Scheme:
    list_type: str  # the LOTL's or a national list's TSLType
    territory: str
    next_update: datetime | None  # the list's own «valid until its next issue, due then»
    whole: bool  # its signature is the root's own and covers the root: what is read here is what is signed


def _scheme(name: str, data: bytes) -> _Scheme:
    """The list's type, territory and next update, read before its signature is
    checked (to choose how to check it; used only once the signature, which
    covers the whole list, holds). No DTD, no entities."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data)
    except (ParseError, DefusedXmlException) as exc:
        raise TrustListError("malformed", name) from exc
    info = root.find(f"{{{_TSL_NS}}}SchemeInformation")
    if root.tag != f"{{{_TSL_NS}}}TrustServiceStatusList" or info is None:
        raise TrustListError("malformed", name)
    list_type = (info.findtext(f"{{{_TSL_NS}}}TSLType") or "").strip()
    territory = (info.findtext(f"{{{_TSL_NS}}}SchemeTerritory") or "").strip()
    due = (info.findtext(f"{{{_TSL_NS}}}NextUpdate/{{{_TSL_NS}}}dateTime") or "").strip()
    try:
        next_update = datetime.fromisoformat(due) if due else None  # absent: a list closed for good
    except ValueError as exc:
        raise TrustListError("malformed", name) from exc
    if next_update is not None and next_update.tzinfo is None:
        next_update = next_update.replace(tzinfo=UTC)  # ETSI's times are UTC
    return _Scheme(list_type, territory, next_update, _signs_the_root(root))


def _signs_the_root(root) -> bool:
    """Whether the file's one signature (the one pyHanko checks; a published
    list has exactly one) is the root's own child and one of its references is
    the whole root (``""`` or the root's unique ``Id``). Otherwise a list signed
    by reference could be wrapped in another root, whose dates and territory
    this module reads, while pyHanko takes the authorities from the signed
    list inside: an old list, out of force, would pass for one in force."""
    signatures = root.findall(f".//{{{_DS_NS}}}Signature")
    if len(signatures) != 1 or not any(child is signatures[0] for child in root):
        return False
    signature = signatures[0]
    whole = {""}
    if root.get("Id"):
        if sum(1 for element in root.iter() if element.get("Id") == root.get("Id")) > 1:
            return False
        whole.add(f"#{root.get('Id')}")
    references = signature.iterfind(f"{{{_DS_NS}}}SignedInfo/{{{_DS_NS}}}Reference")
    return any(reference.get("URI") in whole for reference in references)


def _whole(name: str, scheme: _Scheme) -> None:
    """A file whose signature, though valid, does not cover the list it shows."""
    if not scheme.whole:
        raise TrustListError("not_whole", name, scheme.territory)


def _in_force(name: str, scheme: _Scheme, now: datetime) -> None:
    """A list whose next issue was due before now has been replaced: what it says
    may be out of date (a CA withdrawn since)."""
    if scheme.next_update is not None and scheme.next_update < now:
        raise TrustListError("expired", name, scheme.territory, scheme.next_update.date().isoformat())


def lotl_signers() -> list:
    """The certificates the Commission signs the LOTL with: the PEM file named by
    ``COPROG_LOTL_SIGNERS`` (when the Commission changes them before pyHanko's
    next release, or for the tests' own), else those pyHanko ships."""
    from pyhanko.keys import load_certs_from_pemder
    from pyhanko.sign.validation.qualified.eutl_parse import latest_known_lotl_tlso_certs

    path = config.lotl_signers_file()
    if path is None:
        return latest_known_lotl_tlso_certs()
    try:
        return list(load_certs_from_pemder([str(path)]))
    except Exception as exc:  # missing, unreadable, not certificates: the server's setting, said as such
        raise TrustListError("signers_unreadable", str(path)) from exc


def _anchor(cert, source: str) -> Anchor:
    """A parsed certificate (asn1crypto) as an anchor from ``source``."""
    not_after = cert["tbs_certificate"]["validity"]["not_after"].native.isoformat()
    return Anchor(cert.dump(), cert.subject.human_friendly[:500], not_after, source)


def _certificates(name: str, data: bytes) -> list[Anchor]:
    """The certificates of a PEM (one or more) or DER file."""
    from asn1crypto import pem, x509

    try:
        ders = [der for _type, _headers, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
        certs = [x509.Certificate.load(der) for der in ders]
        for cert in certs:
            _ = cert.native  # parse now: a file that is not a certificate fails here
    except Exception as exc:  # asn1crypto raises several kinds on garbage
        raise TrustListError("malformed", name) from exc
    if not certs:
        raise TrustListError("malformed", name)
    return [_anchor(cert, name) for cert in certs]


def anchors_from(files: list[tuple[str, bytes]]) -> list[Anchor]:
    """The certificate authorities of the files uploaded together (name, bytes):
    the LOTL and national lists, checked as the module says, or certificates.
    Raises TrustListError with the first reason found."""
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.qualified.eutl_parse import trust_list_to_registry, validate_and_parse_lotl

    now = datetime.now(UTC)
    lotls: list[tuple[str, bytes, _Scheme]] = []
    nationals: list[tuple[str, bytes, _Scheme]] = []
    anchors: list[Anchor] = []
    for name, data in files:
        if not _is_xml(data):
            anchors += _certificates(name, data)
            continue
        scheme = _scheme(name, data)
        (lotls if scheme.list_type == LOTL_TYPE else nationals).append((name, data, scheme))
    signers_by_territory: dict[str, list] = {}
    commission = lotl_signers() if lotls else []
    for name, data, scheme in lotls:
        try:
            lotl = validate_and_parse_lotl(data.decode("utf-8"), commission)
        except SignatureValidationError as exc:
            raise TrustListError("lotl_signature", name) from exc
        except Exception as exc:  # a list pyHanko cannot read
            raise TrustListError("malformed", name) from exc
        _whole(name, scheme)
        _in_force(name, scheme, now)
        for reference in lotl.references:
            signers_by_territory.setdefault(reference.territory, []).extend(reference.tlso_certs)
    if lotls and not nationals and not anchors:
        raise TrustListError("lotl_alone", lotls[0][0])
    for name, data, scheme in nationals:
        territory = scheme.territory
        if not lotls:
            raise TrustListError("needs_lotl", name, territory)
        if not signers_by_territory.get(territory):
            raise TrustListError("territory_unknown", name, territory)
        try:
            registry, _errors = trust_list_to_registry(data.decode("utf-8"), signers_by_territory[territory])
        except SignatureValidationError as exc:
            raise TrustListError("tl_signature", name, territory) from exc
        except Exception as exc:
            raise TrustListError("malformed", name, territory) from exc
        _whole(name, scheme)
        _in_force(name, scheme, now)
        for authority in registry.known_certificate_authorities:
            # its latest granted period (pyHanko's order): a CA withdrawn since ends there
            latest = next(iter(registry.applicable_service_definitions(authority, moment=None))).base_info
            anchor = _anchor(authority.certificate, name)  # type: ignore[attr-defined]
            anchors.append(replace(anchor, granted_from=latest.valid_from, granted_until=latest.valid_until))
    if not anchors:
        raise TrustListError("empty", files[0][0] if files else "")
    return anchors
