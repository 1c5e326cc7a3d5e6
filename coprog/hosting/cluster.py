"""Several Streamlit processes behind nginx on one host, sharing the SQLite
file: ``python -m coprog serve --processes 2``.

Streamlit serves every session from one process (about one core). Identity
lives in the signed cookie and everything that matters in the database, so any
process can serve any delegate; but a session's websocket, its images and its
downloads live in the process that made them, hence sticky routing: nginx
hashes Streamlit's own per-browser XSRF cookie, so each browser keeps talking
to the same process (and moves to another one if that process dies).

nginx comes from Debian's packages (``apt-get install nginx-light``); the
backends listen on 127.0.0.1 only, nginx on the public address.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from coprog import config

ROOT = config.ROOT

NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
events {{ worker_connections 8192; }}
http {{
    access_log off;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    client_max_body_size 50m;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    upstream coprog {{
        # Sticky: the same browser (Streamlit's XSRF cookie) always reaches the same process.
        hash $cookie__streamlit_xsrf consistent;
{servers}
    }}
    server {{
        listen {address}:{port}{tls_listen};{tls}
        location / {{
            proxy_pass http://coprog;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            # Overwritten, not appended: a client cannot choose the address the brake on wrong codes sees.
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 1d;
            proxy_send_timeout 1d;
            proxy_buffering off;
            proxy_next_upstream error timeout;
        }}
    }}
}}
"""


def free_ports(n: int, taken: int | None = None) -> list[int]:
    """``n`` loopback ports free now, never ``taken`` (nginx's own port, free
    too until nginx binds it: the system may hand it out again)."""
    sockets: list[socket.socket] = []
    ports: list[int] = []
    try:
        while len(ports) < n:  # each socket stays bound until the end: no port comes twice
            s = socket.socket()
            sockets.append(s)
            s.bind(("127.0.0.1", 0))
            if (port := s.getsockname()[1]) != taken:
                ports.append(port)
        return ports
    finally:
        for s in sockets:
            s.close()


# HTTPS at the venue: the certificate and key of the host name the delegates type
# (or scan); Streamlit sees X-Forwarded-Proto https and the identity cookies get Secure.
TLS = """
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:coprog:10m;
        add_header Strict-Transport-Security "max-age=31536000" always;"""


def nginx_config(
    run_dir: Path, address: str, port: int, backends: list[int], tls: tuple[str, str] | None = None
) -> str:
    """The whole nginx configuration; ``tls`` = (certificate, key) paths serves HTTPS."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=3s;" for p in backends)
    tls_block = TLS.format(cert=Path(tls[0]).resolve(), key=Path(tls[1]).resolve()) if tls else ""
    return NGINX_CONF.format(
        run=run_dir, address=address, port=port, servers=servers, tls_listen=" ssl" if tls else "", tls=tls_block
    )


def find_nginx() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def streamlit_command(script: str, port: int, extra: Sequence[str] = ()) -> list[str]:
    """``streamlit run SCRIPT`` headless on a loopback port (a backend behind
    nginx; the test and bench servers too)."""
    return [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
            "--server.address", "127.0.0.1", "--server.headless", "true", *extra]  # fmt: skip


class Cluster:
    """The processes of one ``serve`` command; ``run()`` supervises them until
    a signal: a Streamlit process that dies is started again."""

    def __init__(
        self,
        processes: int,
        address: str,
        port: int,
        run_dir: Path,
        script: str = "serve.py",
        extra: Sequence[str] = (),
        tls: tuple[str, str] | None = None,
    ):
        self.processes, self.address, self.port, self.tls = processes, address, port, tls
        self.run_dir, self.script, self.extra = run_dir, script, list(extra)
        self.backends = free_ports(processes, taken=port)
        self.children: dict[int, subprocess.Popen] = {}
        self.nginx: subprocess.Popen | None = None
        self.stopping = False

    def _start_backend(self, port: int) -> subprocess.Popen:
        return subprocess.Popen(
            streamlit_command(self.script, port, self.extra),
            cwd=ROOT,
            env={**os.environ, "COPROG_PORT": str(self.port)},  # links say nginx's port
        )

    def start(self, nginx: str) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        conf = self.run_dir / "nginx.conf"
        conf.write_text(nginx_config(self.run_dir, self.address, self.port, self.backends, self.tls))
        for port in self.backends:
            self.children[port] = self._start_backend(port)
        self.nginx = subprocess.Popen(
            [nginx, "-p", str(self.run_dir), "-c", str(conf), "-e", str(self.run_dir / "nginx-error.log")]
        )

    def stop(self, *_signal) -> None:
        self.stopping = True

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        try:
            while not self.stopping:
                if self.nginx is not None and self.nginx.poll() is not None:
                    print(
                        f"nginx si è fermato (codice {self.nginx.returncode}): vedi {self.run_dir / 'nginx-error.log'}",
                        file=sys.stderr,
                    )
                    return 1
                for port, proc in list(self.children.items()):
                    if proc.poll() is not None:
                        print(f"Il processo sulla porta {port} si è fermato: lo riavvio.", file=sys.stderr)
                        self.children[port] = self._start_backend(port)
                time.sleep(0.5)
            return 0
        finally:
            self._terminate()

    def _terminate(self) -> None:
        procs = [p for p in [self.nginx, *self.children.values()] if p is not None]
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def this_process() -> str:
    """Who is doing something now, as other processes of this host can check it
    later: host, process id and the process's start time (a pid is reused)."""
    import psutil

    me = psutil.Process()
    return f"{socket.gethostname()}:{me.pid}:{me.create_time():.3f}"


def gone(owner: str) -> bool:
    """Whether the process ``this_process()`` named is certainly over: on this host,
    and no process with that id and start time is running. Another host's, or an
    unreadable name, is never judged gone (the caller waits for its time limit)."""
    import psutil

    try:
        host, pid, started = owner.rsplit(":", 2)
        if host != socket.gethostname():
            return False
        process = psutil.Process(int(pid))
        return abs(process.create_time() - float(started)) > 0.01
    except psutil.NoSuchProcess:
        return True
    except (ValueError, psutil.Error):
        return False
