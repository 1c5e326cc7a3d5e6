"""The warning shown where links and QR codes are handed out (projector,
invitations) when they would not reach the delegates' laptops."""

from __future__ import annotations

import os

import streamlit as st

from coprog import config
from coprog.hosting import network
from ui import state
from ui.render import plain
from ui.state import t


def base_url_warning() -> None:
    host = st.context.headers.get("Host") if st.context.headers else None
    advice = network.base_url_advice(
        os.environ.get("COPROG_BASE_URL"), host, state.lan_addresses(), config.port(st.get_option("server.port"))
    )
    if advice is None:
        return
    where = plain(", ".join(advice["suggestions"])) or t("lan.no_address")  # the Host header is the client's
    st.warning(t(f"lan.{advice['reason']}", where=where), icon=":material/wifi_off:")
