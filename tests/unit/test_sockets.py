"""serve.py turns Nagle's algorithm off on the server's listening socket, so
every accepted connection (each browser's websocket) sends small frames at once."""

import socket

from coprog.hosting import sockets


def test_accepted_connections_get_tcp_nodelay():
    listener = socket.socket()  # as Streamlit 1.67 binds it: no IPPROTO_TCP, so asyncio sets nothing
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    try:
        assert sockets.no_delay_on_listening_sockets() >= 1
        assert listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        client = socket.create_connection(listener.getsockname())
        accepted, _ = listener.accept()
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        accepted.close()
        client.close()
    finally:
        listener.close()
