"""ui/runtime.py: the parts of ``new_session`` built once per process are the
very messages Streamlit builds at every run, and a new parse forgets them."""

import pytest
from streamlit import config
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime import app_session

from ui import runtime

SECTIONS = ["theme", "theme.light", "theme.dark", "theme.sidebar", "theme.light.sidebar", "theme.dark.sidebar"]


@pytest.fixture
def reused():
    runtime.reuse_session_settings()
    runtime.reuse_session_settings()  # twice: still one layer
    yield
    app_session._populate_theme_msg = runtime.ORIGINALS["theme"]
    app_session._populate_config_msg = runtime.ORIGINALS["config"]
    runtime._forget()


def built(populate, *args) -> bytes:
    msg = ForwardMsg()
    target = msg.new_session.config if not args else msg.new_session.custom_theme
    populate(target, *args)
    return target.SerializeToString()


def test_the_same_bytes_as_streamlit_builds_every_time(reused):
    assert app_session._populate_theme_msg is not runtime.ORIGINALS["theme"]
    for section in SECTIONS:
        expected = built(runtime.ORIGINALS["theme"], section)
        assert built(app_session._populate_theme_msg, section) == expected  # built
        assert built(app_session._populate_theme_msg, section) == expected  # copied
    theme = ForwardMsg().new_session.custom_theme
    app_session._populate_theme_msg(theme, "theme")
    assert theme.primary_color == "#0B3D91"  # the project's theme, from .streamlit/config.toml
    assert built(app_session._populate_config_msg) == built(runtime.ORIGINALS["config"])


def test_a_new_parse_of_the_config_forgets_them(reused):
    app_session._populate_theme_msg(ForwardMsg().new_session.custom_theme, "theme")
    assert runtime._built
    config.get_config_options(force_reparse=True)
    assert not runtime._built
