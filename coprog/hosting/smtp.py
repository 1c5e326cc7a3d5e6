"""The Comune's SMTP relay: where it is and how the app talks to it (the standard
library's smtplib, over the network exactly as any mail client). Settings come
from the environment or `.streamlit/secrets.toml`, never from the repo:

- ``COPROG_SMTP_HOST`` (required), ``COPROG_SMTP_PORT`` (587 with STARTTLS, 465 with
  TLS, 25 in the clear), ``COPROG_SMTP_SECURITY`` (``starttls``, ``tls`` or ``none``);
- ``COPROG_SMTP_USER`` and ``COPROG_SMTP_PASSWORD`` when the relay asks for them;
- ``COPROG_SMTP_FROM``: the sender's address (the percorso's mailbox).

One connection per batch; each message's fate is the server's own answer: accepted,
or refused with its code and text. A connection that fails before a message is
accepted leaves the message's fate unknown: the caller decides what that means."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from coprog import config
from coprog.texts import vocabulary
from coprog.texts.errors import CoprogError

SECURITY = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


class RelayUnreachable(CoprogError):
    """The relay could not be reached or refused the session (before any message)."""

    def __init__(self, answer: str):
        super().__init__("mail.relay_unreachable", answer=answer)
        self.answer = answer


@dataclass(frozen=True)
class Relay:
    host: str
    port: int
    security: str
    sender: str
    user: str = ""
    password: str = ""
    timeout: float = vocabulary.SMTP_TIMEOUT_SECONDS

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port} ({self.security})"


def relay(secrets: dict | None = None) -> Relay | None:
    """The relay the settings describe, or None when no host (or no sender) is set."""
    host = config.secret("COPROG_SMTP_HOST", secrets)
    sender = config.secret("COPROG_SMTP_FROM", secrets)
    if not host or not sender:
        return None
    security = (config.secret("COPROG_SMTP_SECURITY", secrets) or "starttls").lower()
    if security not in SECURITY:
        security = "starttls"
    try:
        port = int(config.secret("COPROG_SMTP_PORT", secrets) or DEFAULT_PORTS[security])
    except ValueError:
        port = DEFAULT_PORTS[security]
    return Relay(
        host=host,
        port=port,
        security=security,
        sender=sender,
        user=config.secret("COPROG_SMTP_USER", secrets) or "",
        password=config.secret("COPROG_SMTP_PASSWORD", secrets) or "",
    )


def _answer(code: int, message: bytes | str) -> str:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return f"{code} {text}".strip()[:2000]


class Session:
    """One open connection to the relay: ``send`` each message, then ``close``."""

    def __init__(self, relay: Relay):
        self.relay = relay
        try:
            if relay.security == "tls":
                self.smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    relay.host, relay.port, timeout=relay.timeout, context=ssl.create_default_context()
                )
            else:
                self.smtp = smtplib.SMTP(relay.host, relay.port, timeout=relay.timeout)
                if relay.security == "starttls":
                    self.smtp.starttls(context=ssl.create_default_context())
            if relay.user:
                self.smtp.login(relay.user, relay.password)
        except smtplib.SMTPResponseException as exc:
            raise RelayUnreachable(_answer(exc.smtp_code, exc.smtp_error)) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise RelayUnreachable(str(exc)[:2000] or type(exc).__name__) from exc

    def send(self, message: EmailMessage) -> tuple[str, str]:
        """("accepted"|"refused"|"unknown", the server's answer). "unknown": the
        connection broke while the message was on its way (the relay may have it)."""
        try:
            refused = self.smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            return "refused", _answer(code, text)
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            return "refused", _answer(exc.smtp_code, exc.smtp_error)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            return "unknown", str(exc)[:2000] or type(exc).__name__
        if refused:
            code, text = next(iter(refused.values()))
            return "refused", _answer(code, text)
        return "accepted", _answer(250, "OK")

    def close(self) -> None:
        try:
            self.smtp.quit()
        except (OSError, smtplib.SMTPException):
            self.smtp.close()
