"""HTTPS at the venue, the configuration the README gives: Debian's nginx with
a certificate in front of Streamlit (``python -m coprog serve --tls-cert
--tls-key``). The app loads over https and wss in a real browser, the invite
link sets a Secure identity cookie, and plain http is not served."""

import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from testkit.browser import wait_app
from testkit.server import https_cluster

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def https_server(tmp_path_factory):
    yield from https_cluster(tmp_path_factory)


def test_invite_link_over_https_sets_a_secure_cookie(https_server):
    import sqlite3

    (code,) = sqlite3.connect(https_server["db"]).execute("SELECT access_code FROM delegate LIMIT 1").fetchone()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=https_server["context"]))
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(f"{https_server['base']}/join/{code}", timeout=10)
    assert redirect.value.code == 303
    cookie = redirect.value.headers["Set-Cookie"]
    assert "coprog_id=" in cookie and "Secure" in cookie and "HttpOnly" in cookie
    with pytest.raises(OSError):  # the port speaks TLS only
        urllib.request.urlopen(f"http://127.0.0.1:{https_server['port']}/_stcore/health", timeout=5)


def test_the_app_runs_over_https_and_wss_in_a_browser(https_server, browser):
    context = browser.new_context(locale="it-IT", ignore_https_errors=True)
    page = context.new_page()
    page.goto(https_server["base"] + "/")
    wait_app(page, timeout=30_000)
    expect(page.get_by_role("textbox", name="Codice personale (es. K7QM-4XPT-9HRW)")).to_be_visible(timeout=20_000)
    context.close()
