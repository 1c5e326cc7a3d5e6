"""PEC envelopes (RFC 6109) read with the standard library's ``email``, and the
messages an organiser hands over in the form they have them: ``.eml`` files, a
``.zip`` of them, an mbox (the IMAPS box is ``hosting.imap``).

An envelope is the provider's ``multipart/signed``: a ``multipart/mixed`` with
the provider's text, ``daticert.xml`` (sender, recipient, the official date and
time, the message's identifier) and ``postacert.eml`` (the ETS's own message),
and the provider's S/MIME signature over it. Nothing here stores anything:
``read`` returns what is there, or raises ``Unreadable`` with a catalogue key."""

from __future__ import annotations

import io
import mailbox
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from pathlib import Path, PurePosixPath, PureWindowsPath

from coprog.procedure import signatures
from coprog.procedure.signatures import Signature
from coprog.texts.vocabulary import PEC_MAX_BYTES, PEC_MAX_EXPANDED, PEC_MAX_MESSAGES, PEC_MAX_RATIO


class Unreadable(ValueError):
    """A message or a file that cannot be read: ``key`` and ``params`` say why, in the catalogue."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


@dataclass
class Attachment:
    name: str
    data: bytes


@dataclass
class Envelope:
    """One PEC as its provider certified it."""

    identifier: str  # daticert's identificativo: the key against a second import
    sender: str
    recipient: str
    subject: str
    official_at: datetime  # aware, from daticert (its zone)
    provider: Signature
    original: bytes  # postacert.eml as it came
    body: str
    attachments: list[Attachment] = field(default_factory=list)


@dataclass
class Incoming:
    """A message as handed over: where it came from (a file name, a member of a
    zip, a position in an mbox, an IMAP uid) and its bytes."""

    source: str
    raw: bytes
    too_big: bool = False  # the box said so before it was fetched


def safe_name(name: str, fallback: str = "allegato") -> str:
    """A file name without any folder in it (``../../x`` → ``x``), trimmed."""
    base = PureWindowsPath(PurePosixPath(str(name or "")).name).name.strip().strip(".")
    base = re.sub(r"[\x00-\x1f/\\]", "", base)[:200]
    return base or fallback


OUTLOOK = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: Outlook's .msg, not a message as sent
# what an archiver adds beside the files (macOS's resource forks and folder views, Windows' thumbnails)
ARCHIVER_LITTER = re.compile(r"(?i)(^|[/\\])(__MACOSX[/\\]|\._[^/\\]*$|\.DS_Store$|Thumbs\.db$|desktop\.ini$)")


def from_upload(name: str, data: bytes) -> list[Incoming]:
    """The messages in one uploaded file: .eml, .zip of .eml, or an mbox."""
    lower = name.lower()
    if data.startswith(OUTLOOK):
        raise Unreadable("pec.outlook_msg", name=safe_name(name))
    if lower.endswith(".zip"):
        return _from_zip(name, data)
    if lower.endswith((".mbox", ".mbx")) or data.startswith(b"From "):
        return _from_mbox(name, data)
    if lower.endswith((".eml", ".msg", ".txt")) or b"\nSubject:" in data[:20000] or data.startswith(b"Return-Path"):
        if len(data) > PEC_MAX_BYTES:
            raise Unreadable("pec.too_big", name=safe_name(name), mb=PEC_MAX_BYTES // 2**20)
        return [Incoming(safe_name(name), data)]
    raise Unreadable("pec.unknown_file", name=safe_name(name))


def _from_zip(name: str, data: bytes) -> list[Incoming]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Unreadable("pec.bad_zip", name=safe_name(name)) from exc
    files = [m for m in members if not m.is_dir() and not ARCHIVER_LITTER.search(m.filename)]
    if len(files) > PEC_MAX_MESSAGES:
        raise Unreadable("pec.too_many", n=len(files), max=PEC_MAX_MESSAGES)
    if sum(m.file_size for m in files) > PEC_MAX_EXPANDED:
        raise Unreadable("pec.zip_bomb", name=safe_name(name))
    found = []
    for member in files:
        inside = member.filename
        if inside.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", inside) or re.match(r"^[A-Za-z]:", inside):
            raise Unreadable("pec.path_in_name", name=inside[:200])
        if member.file_size > PEC_MAX_BYTES:
            raise Unreadable("pec.too_big", name=safe_name(inside), mb=PEC_MAX_BYTES // 2**20)
        if member.compress_size and member.file_size / member.compress_size > PEC_MAX_RATIO:
            raise Unreadable("pec.zip_bomb", name=safe_name(name))
        with archive.open(member) as handle:
            content = handle.read(PEC_MAX_BYTES + 1)  # never more than declared, whatever the header says
        if len(content) > PEC_MAX_BYTES:
            raise Unreadable("pec.too_big", name=safe_name(inside), mb=PEC_MAX_BYTES // 2**20)
        if inside.lower().endswith(".zip"):
            raise Unreadable("pec.nested_zip", name=safe_name(inside))
        if content.startswith(OUTLOOK):
            raise Unreadable("pec.outlook_msg", name=safe_name(inside))
        found.append(Incoming(f"{safe_name(name)}/{safe_name(inside)}", content))
    if not found:
        raise Unreadable("pec.empty_upload", name=safe_name(name))
    return found


def _from_mbox(name: str, data: bytes) -> list[Incoming]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "box"
        path.write_bytes(data)
        box = mailbox.mbox(str(path), create=False)
        try:
            keys = box.keys()
            if len(keys) > PEC_MAX_MESSAGES:
                raise Unreadable("pec.too_many", n=len(keys), max=PEC_MAX_MESSAGES)
            found = [Incoming(f"{safe_name(name)}#{n}", box.get_bytes(key)) for n, key in enumerate(keys, start=1)]
        finally:
            box.close()
    if not found:
        raise Unreadable("pec.empty_upload", name=safe_name(name))
    return found


def _crlf(raw: bytes) -> bytes:
    """Line ends as the signature was made over them (exported files often have bare LF)."""
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def _head(raw: bytes) -> bytes:
    return raw[:20000].split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0].lower()


def is_pec(raw: bytes) -> bool:
    return b"x-trasporto:" in _head(raw)


def is_anomaly(raw: bytes) -> bool:
    """A busta di anomalia (``X-Trasporto: errore``): the recipient's provider
    wrapping a message that did not come as a PEC (an ordinary e-mail sent to
    the PEC address): it has no value of a PEC, whatever it carries."""
    return re.search(rb"(?m)^x-trasporto:[ \t]*errore[ \t]*\r?$", _head(raw)) is not None


def read(raw: bytes, anchors: list[signatures.Root], fetchers=None) -> Envelope:
    """The envelope's parts, the provider's signature checked (``fetchers``:
    ``signatures.online()``, its certificate's revocation looked up too).
    Raises Unreadable."""
    if len(raw) > PEC_MAX_BYTES:
        raise Unreadable("pec.too_big", name="", mb=PEC_MAX_BYTES // 2**20)
    raw = _crlf(raw)
    try:
        outer = message_from_bytes(raw, policy=policy.default)
    except Exception as exc:  # the email package rarely raises, but a broken header may
        raise Unreadable("pec.malformed") from exc
    if outer.get_content_type() != "multipart/signed":
        raise Unreadable("pec.not_signed_envelope")
    boundary = outer.get_boundary()
    parts = outer.get_payload()
    if not boundary or not isinstance(parts, list) or len(parts) != 2:
        raise Unreadable("pec.malformed")
    signed_bytes = _signed_part(raw, boundary)
    provider_part = parts[1]
    mixed = parts[0]
    daticert: bytes | None = None
    original: bytes | None = None
    for part in mixed.walk() if isinstance(mixed, Message) and mixed.is_multipart() else []:
        filename = (part.get_filename() or "").lower()
        if filename == "daticert.xml":
            payload = part.get_payload(decode=True)
            daticert = payload if isinstance(payload, bytes) else None
        elif filename == "postacert.eml" or (part.get_content_type() == "message/rfc822" and original is None):
            inner = part.get_payload()
            if isinstance(inner, list) and inner and isinstance(inner[0], Message):
                original = inner[0].as_bytes(policy=policy.SMTP)
            elif isinstance(inner, (bytes, str)):
                original = inner.encode() if isinstance(inner, str) else inner
    if daticert is None:
        raise Unreadable("pec.no_daticert")
    if original is None:
        raise Unreadable("pec.no_postacert")
    data = _daticert(daticert)
    # checked at the official time it certifies, as well as now (signatures._checked)
    provider = _provider_signature(signed_bytes, provider_part, anchors, fetchers, data["when"])
    message = message_from_bytes(original, policy=policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(("plain", "html"))
    text = ""
    if body is not None:
        try:
            text = str(body.get_content())
        except (LookupError, ValueError):
            text = ""
        if body.get_content_subtype() == "html":
            text = html_text(text)
    attachments = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            attachments.append(Attachment(safe_name(part.get_filename() or "allegato"), payload))
    return Envelope(
        identifier=data["identifier"],
        sender=data["sender"] or str(message.get("From", "")),
        recipient=data["recipient"],
        subject=data["subject"] or str(message.get("Subject", "")),
        official_at=data["when"],
        provider=provider,
        original=original,
        body=text[:20000],
        attachments=attachments,
    )


_BLOCKS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "pre")


def html_text(markup: str) -> str:
    """A message written in HTML only (some webmails and mobile clients send no text
    part) as the text a person reads, by BeautifulSoup: no head, style or script, no
    comments (Outlook's conditional ones), a line per block and per <br>, spaces
    as typed (non-breaking ones too) collapsed, at most one blank line in a row."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["head", "style", "script", "title"]):
        tag.decompose()
    for tag in soup.find_all("br"):
        tag.replace_with("\n")
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.append("\n")
    lines = [" ".join(line.split()) for line in soup.get_text().replace("\xa0", " ").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _signed_part(raw: bytes, boundary: str) -> bytes:
    """The first part's bytes exactly as signed (between the first two delimiters)."""
    delimiter = b"--" + boundary.encode()
    start = raw.find(delimiter + b"\r\n")
    if start < 0:
        raise Unreadable("pec.malformed")
    start += len(delimiter) + 2
    end = raw.find(b"\r\n" + delimiter, start)
    if end < 0:
        raise Unreadable("pec.malformed")
    return raw[start:end]


def _provider_signature(
    signed_bytes: bytes, part, anchors: list[signatures.Root], fetchers=None, sent: datetime | None = None
) -> Signature:
    if part.get_content_type() not in ("application/pkcs7-signature", "application/x-pkcs7-signature"):
        raise Unreadable("pec.no_provider_signature")
    signature = part.get_payload(decode=True)
    try:
        return signatures.smime_detached(signed_bytes, signature, anchors, fetchers, sent)
    except signatures.NotSigned as exc:
        raise Unreadable("pec.no_provider_signature") from exc


def _daticert(xml: bytes) -> dict:
    """daticert.xml's sender, recipient, subject, official time and identifier."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(xml)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise Unreadable("pec.bad_daticert") from exc

    def text(path: str) -> str:
        node = root.find(path)
        return (node.text or "").strip() if node is not None else ""

    identifier = text("dati/identificativo")
    day, time = text("dati/data/giorno"), text("dati/data/ora")
    node = root.find("dati/data")
    zone = (node.get("zona") if node is not None else "") or "+0100"
    try:
        local = datetime.strptime(f"{day} {time}", "%d/%m/%Y %H:%M:%S")
        sign = -1 if zone.startswith("-") else 1
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
        when = local.replace(tzinfo=timezone(offset))
    except (ValueError, IndexError) as exc:
        raise Unreadable("pec.bad_daticert") from exc
    if not identifier or len(identifier) > 300:
        raise Unreadable("pec.bad_daticert")
    return {
        "identifier": identifier,
        "sender": text("intestazione/mittente")[:320],
        "recipient": text("intestazione/destinatari")[:320],
        "subject": text("intestazione/oggetto")[:500],
        "when": when,
    }


def ordinary_identity(raw: bytes) -> tuple[str, str, str]:
    """(sender, subject, Message-ID) of a message that is not a PEC, for the list."""
    try:
        message = message_from_bytes(raw[:200000], policy=policy.default)
        return (
            str(message.get("From", ""))[:320],
            str(message.get("Subject", ""))[:500],
            str(message.get("Message-ID", "")),
        )
    except Exception:  # a header the parser cannot take: the list shows blanks
        return "", "", ""
