"""TCP_NODELAY on the server's listening socket.

Streamlit 1.67 binds its listening socket itself, without IPPROTO_TCP, so
asyncio never sets TCP_NODELAY on the connections it accepts: Nagle's
algorithm then holds the last small websocket frame of many replies until the
client's delayed ACK, about 40 ms (measured with bench/stclient.py: a fragment
rerun took 44 ms, 6 ms with the option). Linux passes the option on from the
listening socket to the connections it accepts.
"""

from __future__ import annotations

import gc
import socket


def no_delay_on_listening_sockets() -> int:
    """Set TCP_NODELAY on every listening TCP socket of this process; returns how many."""
    done = 0
    for obj in gc.get_objects():
        if (
            isinstance(obj, socket.socket)
            and obj.fileno() != -1
            and obj.type == socket.SOCK_STREAM
            and obj.family in (socket.AF_INET, socket.AF_INET6)
            and obj.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
        ):
            obj.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            done += 1
    return done
