"""What a person does in the real browser, for the Playwright tests: sign in as
staff, join a session, type a need, choose in a select, audit a page with
axe-core, take a screenshot. Every helper waits for the app as a person would."""

from __future__ import annotations

import shutil
import sqlite3

from .server import ROOT, STAFF_PASSWORD  # noqa: F401 - the password the staff types in the browser tests

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TIMEOUT = 20_000  # ms: how long a person's expectation waits in the browser tests
# a delegate's phone, as the browser tests open it: 390x844, touch, a mobile browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# Every staff page's link in the navigation, in its order (Conduzione is where staff land).
STAFF_LINKS = [
    "Conduzione",
    "Moderazione",
    "Consolidamento",
    "Votazioni",
    "Presenze",
    "Inserimento",
    "Tabellone",
    "Lettura dei bisogni",
    "Preparazione",
    "Offerta degli ETS",
    "Revisione",
    "Documenti e dati",
    "Bozza e osservazioni",
    "Organizzazione",
    "Posta in arrivo (PEC)",
    "Chiarimenti",
    "Avviso e FAQ",
    "Proiettore",
]


def delegates(db, n: int = 1) -> tuple[list[tuple], str]:
    """The first delegate of each of the first ``n`` ETS (invite code, name, ETS id,
    ETS name) and the plenary's join code."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT d.access_code, d.name, o.id, o.name FROM delegate d JOIN organisation o ON o.id = d.organisation_id"
        " WHERE d.id IN (SELECT min(id) FROM delegate GROUP BY organisation_id) ORDER BY d.id LIMIT ?",
        (n,),
    ).fetchall()
    (join_code,) = conn.execute("SELECT join_code FROM session WHERE kind = 'plenaria'").fetchone()
    conn.close()
    return rows, join_code


def access_codes(db) -> dict:
    """What the people of a test percorso type to come in: ``codes`` (delegate's name ->
    invite code), ``joins`` (session title -> join code), ``facilitator`` (the first
    facilitator's personal code, or None)."""
    conn = sqlite3.connect(db)
    found = {
        "codes": dict(conn.execute("SELECT name, access_code FROM delegate")),
        "joins": dict(conn.execute("SELECT title, join_code FROM session")),
        "facilitator": (conn.execute("SELECT access_code FROM facilitator ORDER BY id").fetchone() or [None])[0],
    }
    conn.close()
    return found


def first_delegate(db) -> tuple[tuple, str]:
    """The first delegate (invite code, name, ETS name) and the plenary's join code."""
    rows, join_code = delegates(db)
    code, name, _, organisation = rows[0]
    return (code, name, organisation), join_code


def shot(page, name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_app(page, timeout: int = 20_000) -> None:
    """The app is drawn (its page has drawn something: before the first run the
    frame is there but empty, and no run shows as in progress) and no script run
    is in progress."""
    from playwright.sync_api import expect

    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    drawn = page.locator("[data-testid='stMainBlockContainer'] [data-testid='stElementContainer']")
    expect(drawn.first).to_be_attached(timeout=timeout)
    expect(page.locator("[data-testid='stStatusWidget']")).to_have_count(0, timeout=timeout)


def staff_page(context, base: str, page_name: str):
    """A new tab signed in with the staff password (or by the browser's staff
    cookie, set at the first sign-in), on the named page.

    The page says which it is only once it is drawn: signed in (the page's link in the
    navigation: a second tab of a signed-in browser) or not (the staff sign-in). Until
    then either may be missing, so the helper looks again at every step instead of
    deciding from one early look, and never waits on something a signed-in page lacks."""
    import time

    page = context.new_page()
    page.goto(base + "/")
    link = page.get_by_role("link", name=page_name).first
    opener = page.get_by_text("Accesso staff").first
    password = page.get_by_label("Password staff")
    deadline = time.monotonic() + 3 * TIMEOUT / 1000
    typed_at: float | None = None
    opened_at: float | None = None
    while not link.is_visible():
        if time.monotonic() > deadline:
            shot(page, f"staff-page-failed-{page_name}")
            raise AssertionError(f"staff page «{page_name}» not reached")
        if password.is_visible() and (typed_at is None or time.monotonic() - typed_at > 10):
            # a sign-in typed while a run was starting can be lost: after 10 s, type it again
            password.fill(STAFF_PASSWORD)
            page.get_by_role("button", name="Entra come staff").click()
            typed_at = time.monotonic()
        elif opener.is_visible() and not password.is_visible() and time.monotonic() - (opened_at or 0) > 3:
            opened_at = time.monotonic()  # the sign-in box takes a moment to open: do not close it again
            try:
                opener.click(timeout=2_000)
            except Exception:  # noqa: BLE001 - the page redrew (signed in by the cookie): look again
                pass
        page.wait_for_timeout(200)
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
    shot(page, "choose-failed")  # what the page showed: test-artifacts/choose-failed.png
    raise AssertionError(f"could not choose «{option}» in «{label}»")


def fill_need(
    page,
    title: str,
    municipio: int | None = 4,
    *,
    area: str = "Isolamento e solitudine",
    target: str = "Anziani soli",
    intensity: str = "4",
    trend: str = "In crescita",
    source: str | None = "Esperienza diretta",
) -> None:
    """Type a need as a delegate does: where (a Municipio, or the whole city), the
    title, then every judgement, which the form leaves empty until chosen."""
    import re

    if municipio is None:
        page.get_by_text("Riguarda tutta la città").click()
    else:
        choose(page, "Municipi", f"Municipio {municipio}")
    page.wait_for_timeout(600)  # the territory reruns its part of the page (the NIL list follows)
    wait_app(page)
    # the need's form, not a strategy's (both have a title)
    need = page.locator("[data-testid='stForm']").filter(has=page.get_by_label("Tipo di fonte"))
    need.get_by_label("Titolo (breve sintesi)").fill(title)
    choose(page, "Area di bisogno", area)
    choose(page, "Destinatari", target)
    page.get_by_role("radiogroup", name=re.compile("Intensità")).get_by_text(intensity, exact=True).click()
    page.get_by_role("radiogroup", name=re.compile("Andamento")).get_by_text(trend, exact=True).click()
    if source is not None:  # None: left empty, as a person may forget it
        choose(page, "Tipo di fonte", source)


def pick_method(page, method: str) -> None:
    """The facilitator picks a ballot's method (a row of buttons above the set-up form)."""
    page.locator(".st-key-ballot_method").get_by_role("radio", name=method).first.click()
    wait_app(page)


def sintesi_file(page, fmt: str = "docx", edition: str = "pubblica", *, check: bool = True) -> bytes:
    """An organiser opens *Documenti e dati → Documento di sintesi*, runs the
    pre-publication check (which prepares the editions; ``check=False``: the
    editions of the check run last) and downloads one edition in one format:
    the file's bytes."""
    from playwright.sync_api import expect

    if check:
        page.get_by_role("link", name="Documenti e dati").click()
        wait_app(page)
        page.get_by_role("tab", name="Documento di sintesi").click()
        page.get_by_role("button", name="Verifica la sintesi e prepara le edizioni").click()
        expect(page.get_by_text("Verifica in corso").first).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text("Verifica in corso")).to_have_count(0, timeout=180_000)
    button = page.locator(f".st-key-sintesi_{edition}_{fmt} button")
    with page.expect_download() as download:
        button.click()
    return open(download.value.path(), "rb").read()


def sintesi(page):
    """The public documento di sintesi as an organiser downloads it: the python-docx Document."""
    import io

    from docx import Document

    return Document(io.BytesIO(sintesi_file(page)))


def enter(page, base: str, code: str, join_code: str) -> None:
    """A delegate opens their invite link, then the session's link (the QR's)."""
    from playwright.sync_api import expect

    page.goto(f"{base}/join/{code}")
    wait_app(page)
    page.goto(f"{base}/partecipa?sessione={join_code}")
    wait_app(page)
    expect(page.get_by_text("Fase in corso")).to_be_visible(timeout=20_000)


def upload(scope, files: list[dict], timeout: int = 20_000) -> None:
    """Choose ``files`` (Playwright's name, mimeType, buffer) in the file uploader
    within ``scope``, then wait as a person does: each file listed and none still
    uploading (its spinner). Until its upload is registered a form's uploader is
    empty: a click on the form's button in those milliseconds sends the form
    without the file (4 times in 40 on a minimal app, none after this wait)."""
    from playwright.sync_api import expect

    scope.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files=files)
    for f in files:  # a long name is shortened on the chip, whole in its title
        chip = scope.get_by_test_id("stFileChipName").and_(scope.get_by_title(f["name"], exact=True))
        expect(chip).to_be_visible(timeout=timeout)
    expect(scope.get_by_test_id("stFileChipIconSpinner")).to_have_count(0, timeout=timeout)


def still(locator, timeout: int = 20_000) -> None:
    """Wait until nothing moves in ``locator``'s element (no animation runs in it), as
    a person sees a part of the page settle before pressing in it. An expander opens in
    half a second, its height growing over its content: a click 0.2 s after opening
    pressed «Salva modifiche» at mousedown and released over another element 15 ms later,
    and the click was lost (seen in test_records_truth, 1 in 20 runs under load)."""
    locator.page.wait_for_function(
        "el => el.getAnimations({subtree: true}).length === 0",
        arg=locator.element_handle(timeout=timeout),
        timeout=timeout,
    )


def set_expander(page, label: str, opened: bool, timeout: int = 20_000) -> None:
    """Open (or close) the expander labelled ``label`` and see it so: its content is
    inert while it is closed. Click only when its state differs, let the page run, and
    look again (a page that redraws by itself may come in between); never toggle from
    a guess."""
    import time

    expander = page.locator("[data-testid='stExpander']").filter(has_text=label).first
    content = expander.locator("[data-testid='stExpanderDetails']").first
    deadline = time.monotonic() + timeout / 1000
    while time.monotonic() < deadline:
        wait_app(page)
        if (content.get_attribute("inert") is None) == opened:
            still(expander, timeout)
            return
        expander.locator("summary").first.click()
        page.wait_for_timeout(300)
    shot(page, "expander-failed")
    raise AssertionError(f"the expander «{label}» did not {'open' if opened else 'close'}")


PROJECTOR_SETTINGS = "Impostazioni del proiettore"


def projector_on(context, base: str, session_title: str):
    """A projector tab of this browser (signed in as staff) showing one session."""
    page = context.new_page()
    page.goto(base + "/proiettore")
    set_expander(page, PROJECTOR_SETTINGS, True)
    choose(page, "Sessione", session_title)
    set_expander(page, PROJECTOR_SETTINGS, False)
    return page


def join_session(page, base: str, code: str, join_code: str) -> None:
    """A delegate follows their invite link and joins the session with the code on the projector."""
    from playwright.sync_api import expect

    page.goto(f"{base}/join/{code}")
    wait_app(page)
    page.get_by_label("Codice della sessione").fill(join_code)
    page.get_by_role("button", name="Unisciti alla sessione").click()
    expect(page.get_by_text("Fase in corso")).to_be_visible(timeout=20_000)


# Streamlit's own file uploader marks its drop zone role="presentation" while giving it a
# label and a tab stop (axe: presentation-role-conflict). It is the only way to upload a
# file in Streamlit; the zone is also reachable through its labelled "Browse files" button.
# Excluded by name, nothing else.
UPSTREAM = {"exclude": [["[data-testid='stFileUploaderDropzone']"]]}


def audit(page, where: str, axe, failures: list) -> None:
    wait_app(page)
    page.wait_for_timeout(800)
    result = axe.run(page, context=UPSTREAM)
    if result.violations_count:  # each rule with the first element it names, to find it again
        failures.append(
            f"{where}: "
            + ", ".join(
                f"{v['id']} ({v['nodes'][0]['html'][:160] if v['nodes'] else ''})"
                for v in result.response["violations"]
            )
        )
