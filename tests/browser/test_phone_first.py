"""Phone first, from the user's side: delegates on 390x844 and 360x740 phones,
a facilitator on a laptop, a projector at 1920x1080.

- the facilitator makes the strategies' phase current (one action: it opens
  its contributions); each phone lands on the open «Strategia» form; a phone
  that had typed a need keeps it, in a tab that says the collection closed;
- a need sent without its source, then with it: the answer shows next to
  «Invia», inside the visible screen (bounding box against the viewport);
- the results on the phone: every title whole, inside the screen's width,
  with one plain sentence on ✔ and «controversa»;
- the projector: the longest title whole, the chart and its caption inside 1080 px;
- a delegate of an ETS turned down sees one state: the refusal and the contact."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from coprog.ballots import ballots, tallying
from coprog.contributions import contributions
from coprog.live import attendance, facilitation
from coprog.procedure import delegates, sessions
from coprog.storage.db import Database
from testkit.browser import (
    PROJECTOR_SETTINGS,
    TIMEOUT,
    access_codes,
    audit,
    choose,
    enter,
    fill_need,
    set_expander,
    shot,
    staff_page,
    wait_app,
)
from testkit.builders import STAFF, fiscal_code, refused_ets, tables_and_plenary
from testkit.server import demo_server

pytestmark = pytest.mark.browser
LIVE = 10_000  # ms: a phase change reaches a phone within a few seconds
LONG = (
    "Un punto unico di accesso per ogni Municipio che tenga insieme assistenza domiciliare, custodia sociale, "
    "telesoccorso e dimissioni protette"
)  # 137 characters: the longest title a projector must show whole


def prepare(database):
    world = tables_and_plenary(database, with_items=False)
    north = world["sessions"]["Tavolo Nord"]
    facilitation.add_phase(database, STAFF, north, "Strategie per la domiciliarità", ["strategia"])
    refused_ets(database, world["process_id"], "Zeta APS", "Zoe Rossetti", fiscal_code(580))
    with database.write() as db:
        db.execute("UPDATE process SET contact = 'segreteria.coprog@comune.example'")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from demo_server(tmp_path_factory, prepare=prepare, demo=False)


def phone(offline_context, width: int, height: int):
    return offline_context(viewport={"width": width, "height": height}, is_mobile=True, has_touch=True).new_page()


def in_view(page, locator) -> None:
    """The element lies inside the visible screen (not merely on the page)."""
    box = locator.bounding_box()
    size = page.viewport_size
    assert box is not None, "not drawn"
    assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"], (box, size)
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"] + 1, (box, size)


def selected_tab(page):
    return page.locator("[role=tab][aria-selected=true]")


def test_the_phase_change_lands_on_the_open_form_and_typed_text_stays(server, offline_context):
    base, known = server["base"], access_codes(server["db"])
    axe, failures = Axe(), []
    north = known["joins"]["Tavolo Nord"]
    carla = phone(offline_context, 390, 844)  # typed nothing
    anna = phone(offline_context, 360, 740)  # types a need, does not send it
    enter(carla, base, known["codes"]["Carla Neri"], north)
    enter(anna, base, known["codes"]["Anna Rossi"], north)
    expect(selected_tab(anna)).to_have_text("Bisogno", timeout=TIMEOUT)
    anna.locator("[role=tabpanel]:visible").get_by_label("Titolo (breve sintesi)").fill(
        "Anziani soli nel caseggiato di via Padova"
    )
    anna.wait_for_timeout(800)  # typed, as a person pauses

    console = staff_page(offline_context(viewport={"width": 1400, "height": 1600}), base, "Conduzione")
    choose(console, "Sessione", "Tavolo Nord")
    wait_app(console)
    console.get_by_role("button", name="Rendi corrente").last.click()  # the strategies' phase, the last one
    expect(
        console.get_by_text("Fase «Strategie per la domiciliarità» corrente: i contributi sono aperti.")
    ).to_be_visible(timeout=TIMEOUT)
    shot(console, "phone-first-console-phase")

    # Carla typed nothing: her phone shows the strategies' form, selected, and no closed form
    expect(selected_tab(carla)).to_have_text("Strategia", timeout=LIVE)
    expect(carla.locator("[role=tabpanel]:visible").get_by_label("Testo della proposta *")).to_be_visible(
        timeout=TIMEOUT
    )
    expect(carla.get_by_role("tab", name="Bisogno")).to_have_count(0)
    expect(carla.get_by_text("ha chiuso questa raccolta")).to_have_count(0)
    shot(carla, "phone-first-390-strategia")
    audit(carla, "Telefono 390: la fase cambia", axe, failures)
    # Anna typed a need: the open form is selected; her need stays in a tab that says it closed
    expect(selected_tab(anna)).to_have_text("Strategia", timeout=LIVE)
    kept = anna.get_by_role("tab", name="Bisogno · raccolta chiusa")
    expect(kept).to_be_visible()
    shot(anna, "phone-first-360-strategia")
    kept.click()
    panel = anna.locator("[role=tabpanel]:visible")
    expect(panel.get_by_label("Titolo (breve sintesi)")).to_have_value("Anziani soli nel caseggiato di via Padova")
    expect(panel.get_by_text("ha chiuso questa raccolta").first).to_be_visible()
    shot(anna, "phone-first-360-kept")
    assert failures == [], "\n".join(failures)


def test_a_rejected_then_sent_need_answers_where_the_finger_is(server, offline_context):
    base, known = server["base"], access_codes(server["db"])
    axe, failures = Axe(), []
    database = Database(server["db"])
    south = sessions.session_by_join_code(database, known["joins"]["Tavolo Sud"])["id"]
    database.close()
    for width, height, who in ((390, 844, "Bice Gialli"), (360, 740, "Carla Neri")):
        page = phone(offline_context, width, height)
        enter(page, base, known["codes"][who], known["joins"]["Tavolo Sud"])
        if page.get_by_role("button", name="Ho letto l'informativa").count():
            page.get_by_role("button", name="Ho letto l'informativa").click()
            wait_app(page)
        fill_need(page, f"Caregiver senza sollievo ({width})", 3, source=None)  # the source forgotten
        send = page.locator("[role=tabpanel]:visible").get_by_role("button", name="Invia")
        send.scroll_into_view_if_needed()
        send.click()
        answer = page.get_by_text("1 campo da completare o correggere: Tipo di fonte.")
        expect(answer).to_be_visible(timeout=TIMEOUT)
        page.wait_for_timeout(400)  # the answer is brought into view
        in_view(page, answer)
        expect(page.get_by_text("Tipo di fonte: campo obbligatorio.")).to_be_visible()  # beside the field too
        shot(page, f"phone-first-{width}-rejected")
        audit(page, f"Telefono {width}: bisogno rifiutato", axe, failures)
        choose(page, "Tipo di fonte", "Esperienza diretta")
        send.scroll_into_view_if_needed()
        send.click()
        saved = page.get_by_text("Contributo salvato. Grazie!")
        expect(saved).to_be_visible(timeout=TIMEOUT)
        page.wait_for_timeout(400)
        in_view(page, saved)
        shot(page, f"phone-first-{width}-saved")
    database = Database(server["db"])
    assert {c["title"] for c in contributions.visible(database, south)} >= {
        "Caregiver senza sollievo (390)",
        "Caregiver senza sollievo (360)",
    }
    database.close()
    assert failures == [], "\n".join(failures)


def test_results_whole_on_the_phone_and_on_the_projector(server, offline_context):
    base, known = server["base"], access_codes(server["db"])
    database = Database(server["db"])
    plenary = sessions.session_by_join_code(database, known["joins"]["Plenaria di sintesi"])["id"]
    phase = facilitation.add_phase(database, STAFF, plenary, "Priorità", ["strategia"])
    facilitation.set_current_phase(database, STAFF, plenary, phase)
    for title in (LONG, "Custode sociale di caseggiato", "Sollievo programmato per i caregiver"):
        ballots.add_seed(database, STAFF, plenary, "strategia", title)
    bid = ballots.open_ballot(database, STAFF, plenary, "punti")
    items = {i["title"]: i["id"] for i in tallying.items(database, bid)}
    for name, choice in (("Anna Rossi", {LONG: 3, "Custode sociale di caseggiato": 2}), ("Carla Neri", {LONG: 2})):
        person = next(
            d
            for d in delegates.delegates(database, sessions.get_session(database, plenary)["process_id"])
            if d["name"] == name
        )
        attendance.check_in(database, person, plenary)
        ballots.cast(database, delegates.delegate_actor(person), bid, {items[k]: v for k, v in choice.items()})
    ballots.close(database, STAFF, bid, {"decided": "Lo sportello unico prima di tutto", "open": "", "dissent": ""})
    facilitation.set_show_results(database, STAFF, plenary, True)
    database.close()

    page = phone(offline_context, 390, 844)
    enter(page, base, known["codes"]["Carla Neri"], known["joins"]["Plenaria di sintesi"])
    whole = page.get_by_text(LONG, exact=False).first
    expect(whole).to_be_visible(timeout=TIMEOUT)
    box = whole.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 391, box  # wrapped, never cut at the start
    expect(page.get_by_text("✔ = voce condivisa").first).to_be_visible()
    expect(page.get_by_text("prodotto delle quote")).to_have_count(0)  # the method stays with the organisers
    whole.scroll_into_view_if_needed()
    shot(page, "phone-first-results")

    staff = offline_context(viewport={"width": 1920, "height": 1080})
    projector = staff_page(staff, base, "Proiettore")
    set_expander(projector, PROJECTOR_SETTINGS, True)
    choose(projector, "Sessione", "Plenaria di sintesi")
    set_expander(projector, PROJECTOR_SETTINGS, False)
    chart = projector.locator(".js-plotly-plot").first
    expect(chart).to_be_visible(timeout=TIMEOUT)
    projector.wait_for_timeout(1000)
    labels = " ".join(chart.locator(".ytick text").evaluate_all("ns => ns.map(n => n.textContent)"))
    flat = "".join(labels.replace("✔", "").split())  # the lines of a wrapped label join without a space
    assert "".join(LONG.split()) in flat, flat  # the longest title whole, wrapped over lines
    caption = projector.get_by_text("Schede: 2").first
    expect(caption).to_be_visible()
    for element in (chart, caption):
        box = element.bounding_box()
        assert box["y"] + box["height"] <= 1080, f"below the screen: {box}"
    shot(projector, "phone-first-projector-1920")


def test_a_delegate_turned_down_sees_one_state(server, offline_context):
    base, known = server["base"], access_codes(server["db"])
    page = phone(offline_context, 390, 844)
    page.goto(f"{base}/join/{known['codes']['Zoe Rossetti']}")
    wait_app(page)
    expect(page.get_by_text("risulta non ammessa").first).to_be_visible(timeout=TIMEOUT)
    write = page.get_by_role("link", name="segreteria.coprog@comune.example")  # one tap to write to it
    expect(write).to_have_attribute("href", "mailto:segreteria.coprog@comune.example")
    main = page.locator("[data-testid=stMain]")
    assert main.locator("[data-testid=stAlertContentSuccess], [data-testid=stAlertContentInfo]").count() == 0
    assert main.locator("[data-testid=stAlert]").count() == 1  # the refusal, nothing else
    expect(page.get_by_text("Sei collegato come")).to_have_count(0)
    shot(page, "phone-first-refused")
