"""A certification authority's revocation services where its certificates say
they are: a real HTTP server (the standard library's, on 127.0.0.1) serving the
CRL the tests' authority signs (GET, as a distribution point) and answering
OCSP requests with responses it signs (POST, as a responder). ``stop()`` leaves
the address refusing connections: a CA that does not answer."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def _answer(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (the base class's name)
        self.server.owner.served.append(f"GET {self.path}")
        if self.path != "/ca.crl" or self.server.owner.authority is None:
            self.send_error(404)
            return
        owner = self.server.owner
        self._answer(owner.authority.crl(owner.revoked), "application/pkix-crl")

    def do_POST(self):  # noqa: N802
        self.server.owner.served.append(f"POST {self.path}")
        request = ocsp.load_der_ocsp_request(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        self._answer(self.server.owner.ocsp_answer(request), "application/ocsp-response")

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


class _Server(ThreadingHTTPServer):
    owner: RevocationServer


class RevocationServer:
    """``crl_url`` and ``ocsp_url`` go in the authority's certificates
    (``testkit.pec.Authority(crl_url=…, ocsp_url=…)``); ``publish`` says who is
    revoked; ``served`` lists every request ("GET /ca.crl", "POST /ocsp")."""

    def __init__(self) -> None:
        self.served: list[str] = []
        self.authority = None
        self.revoked: dict[int, datetime] = {}
        self.http = _Server(("127.0.0.1", 0), _Handler)
        self.http.owner = self
        base = f"http://127.0.0.1:{self.http.server_port}"
        self.crl_url, self.ocsp_url = f"{base}/ca.crl", f"{base}/ocsp"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)

    def start(self) -> RevocationServer:
        self.thread.start()
        return self

    def publish(self, authority, revoked: dict[int, datetime] | None = None) -> None:
        """``authority``'s revocation status: ``revoked`` (serial number: when), the rest good."""
        self.authority, self.revoked = authority, dict(revoked or {})

    def ocsp_answer(self, request: ocsp.OCSPRequest) -> bytes:
        """The authority's signed answer for the certificate asked, its nonce echoed."""
        authority = self.authority
        if authority is None or request.serial_number not in authority.issued:
            return ocsp.OCSPResponseBuilder.build_unsuccessful(ocsp.OCSPResponseStatus.UNAUTHORIZED).public_bytes(
                serialization.Encoding.DER
            )
        now = datetime.now(UTC)
        when = self.revoked.get(request.serial_number)
        status = ocsp.OCSPCertStatus.REVOKED if when else ocsp.OCSPCertStatus.GOOD
        builder = (
            ocsp.OCSPResponseBuilder()
            .add_response(
                cert=authority.issued[request.serial_number],
                issuer=authority.cert,
                algorithm=request.hash_algorithm,
                cert_status=status,
                this_update=now - timedelta(minutes=5),
                next_update=now + timedelta(hours=1),
                revocation_time=when,
                revocation_reason=x509.ReasonFlags.key_compromise if when else None,
            )
            .responder_id(ocsp.OCSPResponderEncoding.HASH, authority.cert)
        )
        for extension in request.extensions:
            if isinstance(extension.value, x509.OCSPNonce):
                builder = builder.add_extension(extension.value, critical=False)
        return builder.sign(authority.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()  # the port now refuses: the CA is unreachable

    def __enter__(self) -> RevocationServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
