"""A certification authority's revocation list where its certificates say it is:
a real HTTP server (the standard library's, on 127.0.0.1) serving the CRL the
tests' authority signs, as a CA's distribution point does. ``stop()`` leaves the
address refusing connections: a CA that does not answer."""

from __future__ import annotations

import functools
import tempfile
import threading
from datetime import datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Counted(SimpleHTTPRequestHandler):
    served: list[str]  # set per server: the paths asked, in order

    def do_GET(self):  # noqa: N802 (the base class's name)
        self.served.append(self.path)
        super().do_GET()

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


class CrlServer:
    """Serves ``ca.crl`` on 127.0.0.1; ``url`` goes in the authority's certificates."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="coprog-crl-"))
        self.served: list[str] = []  # every request, in order: how often the CA was asked
        handler = type("Handler", (_Counted,), {"served": self.served})
        self.http = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(self.folder)))
        self.url = f"http://127.0.0.1:{self.http.server_port}/ca.crl"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)

    def start(self) -> CrlServer:
        self.thread.start()
        return self

    def publish(self, authority, revoked: dict[int, datetime] | None = None) -> None:
        """The authority's CRL naming ``revoked`` (serial number: when)."""
        (self.folder / "ca.crl").write_bytes(authority.crl(revoked or {}))

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()  # the port now refuses: the CA is unreachable

    def __enter__(self) -> CrlServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
