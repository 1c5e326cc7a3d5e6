"""The baseline of the load bench: the smallest page that does what the real
pages do (a form, a confirmation, a fragment that refreshes itself). The load
driver plays the same actions against it in the same run."""

import time

import streamlit as st

from coprog.hosting.sockets import no_delay_on_listening_sockets


@st.cache_resource
def tuned() -> int:
    """The same TCP setting as serve.py, so the baseline is fair (from the first run on)."""
    return no_delay_on_listening_sockets()


tuned()
st.title("Pagina di prova")


@st.fragment(run_every="3s")
def tick() -> None:
    st.caption(time.strftime("%H:%M:%S"))


tick()
with st.form("prova"):
    text = st.text_input("Testo")
    sent = st.form_submit_button("Invia")
if sent:
    st.success(f"Salvato: {len(text)} caratteri")
