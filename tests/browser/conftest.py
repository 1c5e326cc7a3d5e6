"""A real ``streamlit run serve.py`` on a free port with a temporary demo
database, and Playwright driving Debian's Chromium against it, with every
request outside localhost blocked (the venue's Wi-Fi is not to be trusted)."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from coprog import access

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
STAFF_PASSWORD = "password-staff-browser"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A fresh demo database and server per test module, so modules do not
    see each other's changes."""
    yield from launch(tmp_path_factory)


def launch(tmp_path_factory, prepare=None, demo=True):
    """Create the demo (unless ``demo`` is False: an empty database, as on day
    zero), then ``prepare(database)``, start the server, yield, stop."""
    db = tmp_path_factory.mktemp("browser") / "coprog.db"
    port = free_port()
    env = {**os.environ, "COPROG_DB": str(db), "COPROG_BASE_URL": f"http://localhost:{port}",
           "COPROG_ADMIN_PASSWORD": access.hash_password(STAFF_PASSWORD, iterations=1000),
           "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS": "full"}
    subprocess.run([sys.executable, "-m", "coprog", "setup", "--demo" if demo else "--no-demo"], env=env, cwd=ROOT,
                   check=True, capture_output=True)
    if prepare is not None:
        from coprog.db import Database

        database = Database(db)
        prepare(database)
        database.close()
    log = open(tmp_path_factory.getbasetemp() / "server.log", "w")
    base = f"http://localhost:{port}"

    def start():
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(base + "/_stcore/health", timeout=2).status == 200:
                    return proc
            except OSError:
                time.sleep(0.3)
        proc.kill()
        raise RuntimeError("streamlit did not start: see " + log.name)

    handle = {"base": base, "db": db, "proc": start(), "start": start}
    yield handle
    proc = handle["proc"]
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium not found: run `make test` (it installs Debian's chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def offline_context(browser):
    """A browser context in which only localhost answers; records what was blocked."""
    contexts = []

    def make(**kwargs):
        context = browser.new_context(locale="it-IT", **kwargs)
        context.blocked = []

        def guard(route):
            host = route.request.url.split("/")[2].split(":")[0]
            if host in ("localhost", "127.0.0.1"):
                route.continue_()
            else:
                context.blocked.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_app(page, timeout: int = 20_000) -> None:
    """The app is drawn and no script run is in progress."""
    from playwright.sync_api import expect

    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    expect(page.locator("[data-testid='stStatusWidget']")).to_have_count(0, timeout=timeout)


def staff_page(context, base: str, page_name: str):
    """A new tab signed in with the staff password (or by the browser's staff
    cookie, set at the first sign-in), on the named page."""
    page = context.new_page()
    page.goto(base + "/")
    link = page.get_by_role("link", name=page_name)
    wait_app(page)
    for _ in range(3):  # a sign-in typed while a run was starting can be lost: type it again
        wait_app(page)
        if link.count():  # this browser is signed in already (the staff cookie): every new tab is
            break
        if not page.get_by_label("Password staff").is_visible():
            page.get_by_text("Accesso staff").click()
        page.get_by_label("Password staff").fill(STAFF_PASSWORD)
        page.get_by_role("button", name="Entra come staff").click()
        try:
            link.wait_for(timeout=10_000)
            break
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: try once more
            page.goto(base + "/")
    link.click()
    wait_app(page)
    return page


def choose(scope, label: str, option: str) -> None:
    """Choose in a select or multiselect with the keyboard (``scope``: a page or a part of it),
    and check the choice took: a page that redraws by itself may close the list mid-choice."""
    import re

    page = getattr(scope, "page", scope)
    box = scope.get_by_role("combobox", name=re.compile(re.escape(label))).first
    widget = box.locator("xpath=ancestor::*[@data-testid='stSelectbox' or @data-testid='stMultiSelect'][1]")
    for _ in range(4):
        wait_app(page)
        try:
            box.click(timeout=5_000)
            box.press_sequentially(option)
            page.get_by_role("option", name=re.compile(re.escape(option))).first.click(timeout=5_000)
            if page.get_by_role("listbox").count():  # a multiselect stays open
                box.press("Escape")
        except Exception:  # noqa: BLE001 - the list was redrawn under the pointer: choose again
            page.keyboard.press("Escape")
            continue
        page.wait_for_timeout(200)
        try:
            if option in widget.inner_text(timeout=3_000) or option in (box.input_value(timeout=3_000) or ""):
                return  # a tag, or the select's value
        except Exception:  # noqa: BLE001 - the choice redrew the page (e.g. another percorso): the caller checks
            return
    raise AssertionError(f"could not choose «{option}» in «{label}»")


def fill_need(page, title: str, municipio: int | None = 4, *, area: str = "Isolamento e solitudine",
              target: str = "Anziani soli", intensity: str = "4", trend: str = "In crescita",
              source: str = "Esperienza diretta") -> None:
    """Type a need as a delegate does: where (a Municipio, or the whole city), the
    title, then every judgement, which the form leaves empty until chosen."""
    import re

    if municipio is None:
        page.get_by_text("Riguarda tutta la città").click()
    else:
        choose(page, "Municipi", f"Municipio {municipio}")
    page.wait_for_timeout(600)  # the territory reruns its part of the page (the NIL list follows)
    wait_app(page)
    page.get_by_label("Titolo (breve sintesi)").fill(title)
    choose(page, "Area di bisogno", area)
    choose(page, "Destinatari", target)
    page.get_by_role("radiogroup", name=re.compile("Intensità")).get_by_text(intensity, exact=True).click()
    page.get_by_role("radiogroup", name=re.compile("Andamento")).get_by_text(trend, exact=True).click()
    choose(page, "Tipo di fonte", source)


def join_session(page, base: str, code: str, join_code: str) -> None:
    """A delegate follows their invite link and joins the session with the code on the projector."""
    from playwright.sync_api import expect

    page.goto(f"{base}/join/{code}")
    wait_app(page)
    page.get_by_label("Codice della sessione").fill(join_code)
    page.get_by_role("button", name="Unisciti alla sessione").click()
    expect(page.get_by_text("Fase in corso")).to_be_visible(timeout=20_000)
