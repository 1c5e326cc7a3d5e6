"""Servers under test: ``streamlit run serve.py`` (or any script) on a free
loopback port, alone or as a cluster behind nginx (``python -m coprog
serve``), and the app with a fresh database for the browser and protocol tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

from coprog.hosting.cluster import streamlit_command
from coprog.procedure import access

ROOT = Path(__file__).resolve().parents[1]
STAFF_PASSWORD = "password-staff-browser"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(base: str) -> bool:
    """Whether the Streamlit server at ``base`` answers its health check."""
    try:
        return urllib.request.urlopen(base + "/_stcore/health", timeout=2).status == 200
    except OSError:
        return False


def wait_healthy(base: str, proc: subprocess.Popen, seconds: float, ready=lambda: True) -> bool:
    """Wait until the server at ``base`` answers its health check (and ``ready()``
    holds); False if it stopped or ``seconds`` passed."""
    deadline = time.time() + seconds
    while time.time() < deadline and proc.poll() is None:
        if healthy(base) and ready():
            return True
        time.sleep(0.3)
    return False


class Server:
    """``streamlit run SCRIPT`` on a free loopback port (``processes`` > 1: the
    same behind nginx, started by ``python -m coprog serve``)."""

    def __init__(
        self,
        script: str,
        db_path: Path,
        *,
        processes: int = 1,
        extra: list[str] = (),
        env: dict | None = None,
        cluster: bool | None = None,
    ):
        self.script, self.db_path, self.processes, self.extra = script, db_path, processes, list(extra)
        self.cluster = processes > 1 if cluster is None else cluster
        self.port = free_port()
        self.env = {
            **os.environ,
            "COPROG_DB": str(db_path),
            "COPROG_BASE_URL": f"http://localhost:{self.port}",
            **(env or {}),
        }
        self.log = tempfile.NamedTemporaryFile("w+", prefix="coprog-server-", suffix=".log", delete=False)
        self.proc: subprocess.Popen | None = None

    def command(self) -> list[str]:
        if self.cluster:
            return [
                sys.executable,
                "-m",
                "coprog",
                "serve",
                "--processes",
                str(self.processes),
                "--port",
                str(self.port),
                "--address",
                "127.0.0.1",
                "--script",
                self.script,
                "--run-dir",
                str(Path(self.log.name).with_suffix(".nginx")),
                "--",
                *self.extra,
            ]
        return streamlit_command(self.script, self.port, self.extra)

    def start(self) -> Server:
        self.proc = subprocess.Popen(
            self.command(), cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        ready = (lambda: self.ready_backends() == self.processes) if self.cluster else (lambda: True)
        if wait_healthy(f"http://127.0.0.1:{self.port}", self.proc, 90, ready):
            return self
        self.stop()
        raise RuntimeError(f"the server did not start: see {self.log.name}")

    def backends(self) -> dict[int, int]:
        """The cluster's Streamlit processes: process id -> port."""
        found = {}
        for pid in self.pids():
            try:
                cmd = psutil.Process(pid).cmdline()
            except psutil.Error:  # gone, or a zombie not yet reaped
                continue
            if "streamlit" in " ".join(cmd) and "--server.port" in cmd:
                found[pid] = int(cmd[cmd.index("--server.port") + 1])
        return found

    def ready_backends(self) -> int:
        """How many of the cluster's Streamlit processes answer their health check."""
        return sum(healthy(f"http://127.0.0.1:{port}") for port in self.backends().values())

    def pids(self) -> list[int]:
        """The server's processes (the cluster's nginx and Streamlit processes too)."""
        root = psutil.Process(self.proc.pid)
        return [root.pid] + [p.pid for p in root.children(recursive=True)]

    def kill(self) -> None:
        """SIGKILL, no goodbye (the fault tests)."""
        for pid in reversed(self.pids()):
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def demo_server(tmp_path_factory, prepare=None, demo=True, env: dict | None = None):
    """Create the demo (unless ``demo`` is False: an empty database, as on day
    zero), then ``prepare(database)``, start the server (with ``env`` added to
    its environment: the SMTP relay's settings, say), yield, stop."""
    db = tmp_path_factory.mktemp("browser") / "coprog.db"
    port = free_port()
    env = {
        **os.environ,
        "COPROG_DB": str(db),
        "COPROG_BASE_URL": f"http://localhost:{port}",
        "COPROG_ADMIN_PASSWORD": access.hash_password(STAFF_PASSWORD, iterations=1000),
        "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS": "full",
        **(env or {}),
    }
    subprocess.run(
        [sys.executable, "-m", "coprog", "setup", "--demo" if demo else "--no-demo"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    if prepare is not None:
        from coprog.storage.db import Database

        database = Database(db)
        prepare(database)
        database.close()
    log = open(tmp_path_factory.getbasetemp() / "server.log", "w")
    base = f"http://localhost:{port}"

    def start():
        proc = subprocess.Popen(
            streamlit_command("serve.py", port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        if not wait_healthy(base, proc, 60):
            proc.kill()
            raise RuntimeError("streamlit did not start: see " + log.name)
        return proc

    handle = {"base": base, "db": db, "proc": start(), "start": start}
    yield handle
    proc = handle["proc"]
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def self_signed(folder: Path, name: str = "coprog") -> tuple[Path, Path]:
    """A certificate for localhost (and 127.0.0.1), made by openssl, valid two days:
    the HTTPS proxy's and the SMTP relay's in the tests."""
    cert, key = folder / f"{name}.crt", folder / f"{name}.key"
    subprocess.run(
        [
            shutil.which("openssl") or "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def https_cluster(tmp_path_factory, processes: int = 1, prepare=None):
    """The venue's HTTPS set-up, as the README gives it: ``python -m coprog serve
    --processes N --tls-cert --tls-key`` (Debian's nginx in front, a certificate
    made for localhost) on the demo database (then ``prepare(database)``); yields
    its address, port, database and an SSL context that accepts the certificate."""
    import ssl

    from coprog.hosting import cluster

    if cluster.find_nginx() is None:
        raise RuntimeError("nginx not found: run `make test` (it installs Debian's nginx-light)")
    folder = tmp_path_factory.mktemp("https")
    cert, key = self_signed(folder)
    port = free_port()
    db = folder / "coprog.db"
    env = {**os.environ, "COPROG_DB": str(db), "COPROG_BASE_URL": f"https://localhost:{port}"}
    subprocess.run(
        [sys.executable, "-m", "coprog", "setup", "--demo"], env=env, cwd=ROOT, check=True, capture_output=True
    )
    if prepare is not None:
        from coprog.storage.db import Database

        database = Database(db)
        prepare(database)
        database.close()
    log = open(folder / "serve.log", "w")
    command = [sys.executable, "-m", "coprog", "serve", "--processes", str(processes), "--port", str(port)]
    command += ["--address", "127.0.0.1", "--run-dir", str(folder / "nginx"), "--tls-cert", str(cert)]
    command += ["--tls-key", str(key)]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    insecure = ssl.create_default_context()
    insecure.check_hostname, insecure.verify_mode = False, ssl.CERT_NONE
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if (
                urllib.request.urlopen(f"https://127.0.0.1:{port}/_stcore/health", timeout=2, context=insecure).status
                == 200
            ):
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.terminate()
        raise RuntimeError(f"the https server did not start: see {log.name}")
    yield {"base": f"https://localhost:{port}", "port": port, "db": db, "context": insecure}
    os.killpg(proc.pid, 15)
    proc.wait(timeout=20)
    log.close()


BUFFERING_PROXY = """\
worker_processes 1;
daemon off;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_read_timeout 1d;
            # a proxy that buffers whatever the app asks, as some corporate and mobile proxies
            # do: it compresses every answer and sends the compressed bytes when its buffers
            # fill, so a stream's small events sit there
            proxy_buffering on;
            proxy_ignore_headers X-Accel-Buffering;
            proxy_buffer_size 64k;
            proxy_buffers 8 64k;
            gzip on;
            gzip_proxied any;
            gzip_min_length 0;
            gzip_types text/event-stream application/json;
            gzip_buffers 16 64k;
        }}
    }}
}}
"""


def buffering_proxy(folder: Path, upstream: int) -> tuple[subprocess.Popen, str]:
    """Debian's nginx in front of ``upstream``, buffering every response (as some
    corporate proxies do): (its process, its address)."""
    from coprog.hosting import cluster

    nginx = cluster.find_nginx()
    if nginx is None:
        raise RuntimeError("nginx not found: run `make test` (it installs Debian's nginx-light)")
    run = Path(folder)
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run / sub).mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = run / "proxy.conf"
    config.write_text(BUFFERING_PROXY.format(run=run, port=port, upstream=upstream))
    proc = subprocess.Popen(
        [nginx, "-c", str(config), "-p", str(run)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.time() + 15
    while time.time() < deadline:
        if healthy(f"http://127.0.0.1:{port}"):
            return proc, f"http://localhost:{port}"
        time.sleep(0.1)
    proc.terminate()
    raise RuntimeError(f"the buffering proxy did not start: {(run / 'error.log').read_text()[-1000:]}")
