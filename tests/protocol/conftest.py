"""Tests over Streamlit's websocket protocol against a real server: the
headless client (``testkit/stclient.py``) plays many browsers at once, which
lets the fault tests cut connections and kill the server at exact moments."""

import pytest

from testkit.protocol import open_voting
from testkit.server import demo_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from demo_server(tmp_path_factory, prepare=open_voting)
