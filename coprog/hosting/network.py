"""Will the delegates' laptops reach the links we print? The QR codes and the
invite links carry ``COPROG_BASE_URL``; when it is unset, or points to this
machine (localhost) while people reach the server at another address, the
links lead nowhere on the venue's network. A pure decision plus the list of
this machine's own addresses (read from its interfaces: nothing is sent)."""

from __future__ import annotations

import ipaddress
import os
from urllib.parse import urlsplit

from coprog.config import port

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str | None) -> bool:
    host = (host or "").strip("[]").lower()
    if not host or host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _split_host(host_header: str | None) -> tuple[str, str]:
    """'192.168.1.20:8501' -> ('192.168.1.20', '8501'); '[::1]:8501' too."""
    value = (host_header or "").strip()
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        return host, rest.lstrip(":")
    host, _, port = value.partition(":")
    return host, port


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses on its network interfaces, loopback and
    link-local left out (psutil reads them from the system; no packet is sent)."""
    import socket

    import psutil

    found = []
    for addresses in psutil.net_if_addrs().values():
        for a in addresses:
            if a.family != socket.AF_INET:
                continue
            ip = ipaddress.ip_address(a.address)
            if not (ip.is_loopback or ip.is_link_local) and a.address not in found:
                found.append(a.address)
    return found


def public_base_url(
    configured: str | None, host_header: str | None, addresses: list[str], port: int | str, scheme: str | None = None
) -> str:
    """The address links and QR codes carry: ``COPROG_BASE_URL`` when set; else
    the address the page itself was reached at, when it is a real one (it works
    for the laptop that asked, so for the others on the same network); else this
    machine's first network address with the port the server listens on; else
    localhost (a machine with no network: the links work only on it)."""
    if configured:
        return configured.rstrip("/")
    request_host, _ = _split_host(host_header)
    if request_host and not is_loopback(request_host):
        return f"{scheme or 'http'}://{(host_header or '').strip()}"
    if addresses:
        return f"http://{addresses[0]}:{port}"
    return f"http://localhost:{port}"


def base_url_advice(
    configured: str | None, host_header: str | None, addresses: list[str], port: int | str = 8501
) -> dict | None:
    """None when the links will work; otherwise what is wrong and the
    addresses to use instead: ``{"reason": "unset"|"localhost", "suggestions": [...]}``.

    - configured and not loopback: fine (the organisers chose the address);
    - configured loopback while the page itself came from another address: wrong;
    - unset: fine when ``public_base_url`` finds a network address; wrong only on
      a machine with none (the links then work on it alone)."""
    request_host, request_port = _split_host(host_header)
    if configured:
        if not is_loopback(urlsplit(configured).hostname):
            return None
        if is_loopback(request_host):
            return None  # someone on the server itself, with links meant for it (tests, a single laptop)
        reason = "localhost"
    elif not is_loopback(urlsplit(public_base_url(None, host_header, addresses, port)).hostname):
        return None
    else:
        reason = "unset"
    suggestions = []
    if request_host and not is_loopback(request_host):
        suggestions.append(f"http://{request_host}" + (f":{request_port}" if request_port else ""))
    suggestions += [f"http://{a}:{port}" for a in addresses if f"http://{a}:{port}" not in suggestions]
    return {"reason": reason, "suggestions": suggestions}


def base_url() -> str:
    """The public address in invite links and QR codes made outside a page
    (the command line): ``COPROG_BASE_URL``, else this machine's network
    address and port (pages use the address they were reached at: ui/state.py)."""
    configured = os.environ.get("COPROG_BASE_URL")
    return public_base_url(configured, None, [] if configured else lan_addresses(), port())
