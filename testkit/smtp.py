"""A real SMTP server for the tests (aiosmtpd, on a free port of this machine):
the relay the app sends through, over the network as to the Comune's. It keeps
every message it accepted (parsed), refuses the recipients it is told to refuse
with the server's own 550, and can offer STARTTLS with a certificate made for it
(the app then trusts it through ``SSL_CERT_FILE``, as a machine trusts its CA)."""

from __future__ import annotations

import asyncio
import ssl
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller

from .server import free_port, self_signed


class Handler:
    def __init__(self, refuse: set[str], delay: float = 0.0):
        self.refuse = refuse
        self.delay = delay  # seconds a message's DATA takes (a slow relay: a batch long enough to cut)
        self.received: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 Casella inesistente"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.received.append(message)  # type: ignore[arg-type]
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


class SmtpServer:
    """``with SmtpServer() as relay:`` a running server; ``relay.env`` the settings
    that point the app at it, ``relay.received`` what it accepted."""

    def __init__(self, refuse=(), *, starttls_folder: Path | None = None, delay: float = 0.0):
        self.handler = Handler({a.lower() for a in refuse}, delay)
        self.port = free_port()
        self.cert = None
        context = None
        if starttls_folder is not None:
            self.cert, key = self_signed(starttls_folder, "smtp")
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(self.cert, key)
        self.controller = Controller(
            self.handler, hostname="127.0.0.1", port=self.port, tls_context=context, require_starttls=bool(context)
        )

    @property
    def received(self) -> list[EmailMessage]:
        return list(self.handler.received)

    @property
    def env(self) -> dict[str, str]:
        values = {
            "COPROG_SMTP_HOST": "localhost" if self.cert else "127.0.0.1",
            "COPROG_SMTP_PORT": str(self.port),
            "COPROG_SMTP_SECURITY": "starttls" if self.cert else "none",
            "COPROG_SMTP_FROM": "coprogrammazione@comune.milano.example",
        }
        if self.cert:
            values["SSL_CERT_FILE"] = str(self.cert)
        return values

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
