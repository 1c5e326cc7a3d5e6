"""A real ``streamlit run serve.py`` on a free port with a temporary demo
database (testkit.server), and Playwright driving Debian's Chromium against it,
with every request outside localhost blocked (the venue's Wi-Fi is not to be trusted)."""

from pathlib import Path

import pytest

from testkit.browser import CHROMIUM, shot
from testkit.server import demo_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A fresh demo database and server per test module, so modules do not
    see each other's changes."""
    yield from demo_server(tmp_path_factory)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium not found: run `make test` (it installs Debian's chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def offline_context(browser, request):
    """A browser context in which only localhost answers; records what was blocked.
    An exception thrown by the page's own code fails the test: Streamlit's
    frontend throws when its tree and the server's deltas disagree, and the page
    goes white («Cannot set a node at a delta path», ui/live.py)."""
    contexts = []
    thrown: list[str] = []

    def make(**kwargs):
        context = browser.new_context(locale="it-IT", **kwargs)
        context.blocked = []
        context.on("page", lambda page: page.on("pageerror", lambda error: thrown.append(f"{page.url}: {error}")))

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
    if getattr(request.node, "failed_call", False):  # what each person saw when it failed
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                try:
                    shot(page, f"FAILED-{request.node.name}-{i}-{j}")
                except Exception:  # a page already gone: nothing to show
                    pass
    for context in contexts:
        context.close()
    assert not thrown, f"the page's code threw: {thrown}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if call.when == "call" and outcome.get_result().failed:
        item.failed_call = True
