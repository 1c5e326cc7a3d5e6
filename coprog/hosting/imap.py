"""The percorso's PEC box over IMAPS (the standard library's imaplib), read-only:
the folder is opened with EXAMINE and messages fetched with BODY.PEEK, so nothing
is marked, moved or deleted. Settings from the environment or
`.streamlit/secrets.toml`, never from the repo:

- ``COPROG_IMAP_HOST`` (required), ``COPROG_IMAP_PORT`` (993);
- ``COPROG_IMAP_USER``, ``COPROG_IMAP_PASSWORD``;
- ``COPROG_IMAP_FOLDER`` (``INBOX``).

The server's certificate is checked against the machine's trust store
(``SSL_CERT_FILE`` names another, as for the SMTP relay)."""

from __future__ import annotations

import imaplib
import ssl
from dataclasses import dataclass

from coprog import config
from coprog.texts.errors import CoprogError
from coprog.texts.vocabulary import PEC_MAX_BYTES, PEC_MAX_MESSAGES, SMTP_TIMEOUT_SECONDS


class MailboxUnreachable(CoprogError):
    """The box could not be reached or refused the login."""

    def __init__(self, answer: str):
        super().__init__("pec.imap_unreachable", answer=answer[:300])
        self.answer = answer


@dataclass(frozen=True)
class Mailbox:
    host: str
    port: int
    user: str
    password: str
    folder: str = "INBOX"

    @property
    def label(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.folder}"


def mailbox(secrets: dict | None = None) -> Mailbox | None:
    """The box the settings describe; None when no host is set."""
    host = (config.secret("COPROG_IMAP_HOST", secrets) or "").strip()
    if not host:
        return None
    try:
        port = int(config.secret("COPROG_IMAP_PORT", secrets) or 993)
    except ValueError:
        port = 993
    return Mailbox(
        host=host,
        port=port,
        user=(config.secret("COPROG_IMAP_USER", secrets) or "").strip(),
        password=config.secret("COPROG_IMAP_PASSWORD", secrets) or "",
        folder=(config.secret("COPROG_IMAP_FOLDER", secrets) or "INBOX").strip(),
    )


def fetch(box: Mailbox) -> list[tuple[str, bytes | None]]:
    """Every message of the folder as (UID, bytes), the box left as it was
    (None for a message over the PEC size limit: not fetched)."""
    try:
        client = imaplib.IMAP4_SSL(
            box.host, box.port, ssl_context=ssl.create_default_context(), timeout=SMTP_TIMEOUT_SECONDS
        )
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailboxUnreachable(str(exc)) from exc
    try:
        try:
            client.login(box.user, box.password)
            status, _ = client.select(_quoted(box.folder), readonly=True)  # EXAMINE: read-only
            if status != "OK":
                raise MailboxUnreachable(f"cartella {box.folder}")
            status, data = client.uid("SEARCH", "ALL")
        except imaplib.IMAP4.error as exc:
            raise MailboxUnreachable(str(exc)) from exc
        uids = data[0].split() if data and data[0] else []
        if len(uids) > PEC_MAX_MESSAGES:
            raise MailboxUnreachable(f"{len(uids)} messaggi, oltre {PEC_MAX_MESSAGES}")
        found: list[tuple[str, bytes | None]] = []
        for uid in uids:
            status, parts = client.uid("FETCH", uid, "(RFC822.SIZE)")
            size = _size(parts)
            if size > PEC_MAX_BYTES:
                found.append((uid.decode(), None))
                continue
            status, parts = client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), b"")
            found.append((uid.decode(), raw))
        return found
    finally:
        try:
            client.logout()
        except (OSError, imaplib.IMAP4.error):
            pass


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _size(parts) -> int:
    for part in parts or []:
        text = part if isinstance(part, bytes) else part[0] if isinstance(part, tuple) else b""
        if b"RFC822.SIZE" in text:
            try:
                return int(text.split(b"RFC822.SIZE", 1)[1].strip(b" ()").split()[0])
            except (ValueError, IndexError):
                return 0
    return 0
