"""A real IMAP server for the tests: Debian's Dovecot (installed by ``make test``),
started on a free port of this machine with a configuration of its own in a
temporary folder, IMAPS only, with a certificate made for it (the app then trusts
it through ``SSL_CERT_FILE``), one mailbox user, loaded with the test messages by
IMAP APPEND, as any mail client would."""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

from .server import free_port, self_signed

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "pec-percorso", "password-imap-prova"

CONFIG = """
protocols = imap
listen = 127.0.0.1
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain
{users}
first_valid_uid = 1
mail_location = maildir:{folder}/mail/%u
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {folder}/passwd
}}
"""


class ImapServer:
    """Dovecot on 127.0.0.1:``port`` (IMAPS), one user; ``cafile`` is its certificate."""

    def __init__(self) -> None:
        # its own folder in /tmp, readable by Dovecot's unprivileged processes
        # (pytest's tmp_path sits under a folder only its owner may enter)
        self.folder = Path(tempfile.mkdtemp(prefix="coprog-imap-"))
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.cafile: Path | None = None

    def start(self) -> ImapServer:
        folder = self.folder
        for sub in ("run", "state", "mail"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        cert, key = self_signed(folder, "imap")
        self.cafile = cert
        if os.geteuid() == 0:  # as root (CI): Dovecot's own unprivileged users, mail kept by «mail»
            owner = pwd.getpwnam("mail")
            users = "default_internal_user = dovecot\ndefault_login_user = dovenull"
        else:  # as a user: everything runs as that user
            owner = pwd.getpwuid(os.getuid())
            users = f"default_internal_user = {owner.pw_name}\ndefault_login_user = {owner.pw_name}"
        (folder / "passwd").write_text(
            f"{USER}:{{PLAIN}}{PASSWORD}:{owner.pw_uid}:{owner.pw_gid}::{folder}/mail/{USER}::\n"
        )
        if os.geteuid() == 0:
            os.chown(folder / "mail", owner.pw_uid, owner.pw_gid)
            os.chmod(folder, 0o755)
        config = folder / "dovecot.conf"
        config.write_text(CONFIG.format(folder=folder, cert=cert, key=key, port=self.port, users=users))
        self.proc = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"dovecot exited: {self.proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"dovecot did not listen: {(folder / 'dovecot.log').read_text()[-2000:]}")

    def context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cafile))

    def client(self) -> imaplib.IMAP4_SSL:
        client = imaplib.IMAP4_SSL("127.0.0.1", self.port, ssl_context=self.context())
        client.login(USER, PASSWORD)
        return client

    def load(self, messages: list[bytes], folder: str = "INBOX") -> None:
        """Put the messages in the box (IMAP APPEND), unread."""
        client = self.client()
        try:
            for raw in messages:
                status, answer = client.append(folder, "", imaplib.Time2Internaldate(time.time()), raw)
                assert status == "OK", answer
        finally:
            client.logout()

    def state(self, folder: str = "INBOX") -> list[tuple[str, str]]:
        """(UID, flags) of every message: what a read-only reader must leave as it was."""
        client = self.client()
        try:
            client.select(folder, readonly=True)
            _, data = client.uid("FETCH", "1:*", "(FLAGS)")
            return [(part.split()[2].decode(), part.decode()) for part in data if isinstance(part, bytes)]
        finally:
            client.logout()

    def settings(self) -> dict[str, str]:
        """The app's settings for this box (environment variables), with SSL_CERT_FILE."""
        return {
            "COPROG_IMAP_HOST": "localhost",
            "COPROG_IMAP_PORT": str(self.port),
            "COPROG_IMAP_USER": USER,
            "COPROG_IMAP_PASSWORD": PASSWORD,
            "SSL_CERT_FILE": str(self.cafile),
        }

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.folder, ignore_errors=True)
