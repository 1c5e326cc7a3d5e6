"""Two people editing the same text, each in their own browser (ui/editing.py):

- two facilitators write the minutes' notes of the plenary on two laptops; the
  second «Salva» is refused with the first's notes shown under it, her own text
  still in the box; she merges the two and saves: both are in the minutes;
- a delegate on a phone (390x844) edits her need while the moderator corrects
  its title on a laptop: her save is refused with the correction shown, she
  takes it and saves again; the moderator's «Correggi», opened again, starts
  from her version.

axe-core audits the pages with the refusal on them."""

import re
import sqlite3

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from testkit.browser import (
    PHONE,
    TIMEOUT,
    audit,
    choose,
    fill_need,
    join_session,
    set_expander,
    shot,
    staff_page,
    wait_app,
)
from testkit.browser import delegates as first_delegates

pytestmark = pytest.mark.browser
CONFLICT = "Non salvato: nel frattempo"
SAVED = "Versione salvata ora"


def notes_of(db, title: str) -> str:
    conn = sqlite3.connect(db)
    (notes,) = conn.execute("SELECT notes FROM session WHERE title = ?", (title,)).fetchone()
    conn.close()
    return notes or ""


def open_notes(page):
    set_expander(page, "Note per il verbale", True)
    box = page.get_by_label("Note del facilitatore")
    expect(box).to_be_visible(timeout=TIMEOUT)
    return box


def test_two_facilitators_write_the_notes_and_both_reach_the_minutes(server, offline_context):
    base = server["base"]
    laptop = {"viewport": {"width": 1366, "height": 900}}
    anna = staff_page(offline_context(**laptop), base, "Conduzione")
    bice = staff_page(offline_context(**laptop), base, "Conduzione")
    for page in (anna, bice):
        choose(page, "Sessione", "Plenaria di avvio")
        wait_app(page)
    anna_box, bice_box = open_notes(anna), open_notes(bice)  # both open the notes as they are

    anna_box.fill("Presenti 14 ETS. Il Municipio 3 chiede un tavolo sulle dimissioni protette.")
    anna.get_by_role("button", name="Salva modifiche").click()
    expect(anna.get_by_text("Note del facilitatore salvate.")).to_be_visible(timeout=TIMEOUT)

    bice_box.fill("Beta ODV: i caregiver chiedono sollievo nei fine settimana.")
    bice.get_by_role("button", name="Salva modifiche").click()
    expect(bice.get_by_text(CONFLICT)).to_be_visible(timeout=TIMEOUT)
    expect(bice.get_by_text(SAVED)).to_be_visible()
    expect(bice.get_by_text("Il Municipio 3 chiede un tavolo sulle dimissioni protette.")).to_be_visible()
    expect(bice.get_by_label("Note del facilitatore")).to_have_value(
        "Beta ODV: i caregiver chiedono sollievo nei fine settimana."
    )
    assert notes_of(server["db"], "Plenaria di avvio").startswith("Presenti 14 ETS.")  # Anna's stands
    shot(bice, "note-conflitto")
    failures: list = []
    audit(bice, "note in conflitto", Axe(), failures)
    assert failures == []

    # Bice keeps both, having seen Anna's, and saves again
    merged = (
        "Presenti 14 ETS. Il Municipio 3 chiede un tavolo sulle dimissioni protette.\n"
        "Beta ODV: i caregiver chiedono sollievo nei fine settimana."
    )
    bice.get_by_label("Note del facilitatore").fill(merged)
    bice.get_by_role("button", name="Salva modifiche").click()
    expect(bice.get_by_text("Note del facilitatore salvate.")).to_be_visible(timeout=TIMEOUT)
    assert notes_of(server["db"], "Plenaria di avvio") == merged


def test_a_delegate_on_a_phone_and_the_moderator_edit_the_same_need(server, offline_context):
    base = server["base"]
    (first, *_), join_code = first_delegates(server["db"], 1)
    phone = offline_context(**PHONE).new_page()
    join_session(phone, base, first[0], join_code)
    fill_need(phone, "Anziani soli d estate", 3)
    phone.get_by_role("button", name="Invia").click()
    expect(phone.get_by_text("Contributo salvato. Grazie!")).to_be_visible(timeout=TIMEOUT)

    # she opens her need to add its description
    phone.goto(f"{base}/miei-contributi")
    wait_app(phone)
    mine = phone.locator("[data-testid='stExpander']").filter(has_text=re.compile("Anziani soli d.estate")).first
    set_expander(phone, "Anziani soli d estate", True)
    description = mine.get_by_label("Descrizione (facoltativa)")
    expect(description).to_be_visible(timeout=TIMEOUT)

    # meanwhile the moderator corrects the title's apostrophe
    moderator = staff_page(offline_context(viewport={"width": 1366, "height": 900}), base, "Moderazione")
    choose(moderator, "Sessione", "Plenaria di avvio")
    moderator.locator(".st-key-mod_status").get_by_text("visibile", exact=True).click()
    wait_app(moderator)
    moderator.get_by_role("button", name="Correggi").first.click()
    title = moderator.get_by_label("Titolo (breve sintesi)")
    expect(title).to_have_value("Anziani soli d estate", timeout=TIMEOUT)
    title.fill("Anziani soli d'estate")
    moderator.get_by_role("button", name="Salva la correzione").click()
    expect(moderator.get_by_text("Anziani soli d'estate").first).to_be_visible(timeout=TIMEOUT)

    description.fill("Soprattutto in agosto, quando chiudono i centri diurni.")
    mine.get_by_role("button", name="Salva modifiche").click()
    expect(phone.get_by_text(CONFLICT)).to_be_visible(timeout=TIMEOUT)
    expect(
        mine.get_by_text("Anziani soli d'estate", exact=True)
    ).to_be_visible()  # the correction, in the saved version
    expect(description).to_have_value("Soprattutto in agosto, quando chiudono i centri diurni.")
    shot(phone, "modifica-conflitto-telefono")
    failures: list = []
    audit(phone, "modifica in conflitto sul telefono", Axe(), failures)
    assert failures == []

    # she takes the corrected title and saves again
    mine.get_by_label("Titolo (breve sintesi)").fill("Anziani soli d'estate")
    mine.get_by_role("button", name="Salva modifiche").click()
    expect(phone.get_by_text("Modifiche salvate.")).to_be_visible(timeout=TIMEOUT)
    conn = sqlite3.connect(server["db"])
    saved = conn.execute("SELECT title, body FROM contribution WHERE title LIKE 'Anziani soli d%estate'").fetchall()
    conn.close()
    assert saved == [("Anziani soli d'estate", "Soprattutto in agosto, quando chiudono i centri diurni.")]

    # the moderator closes «Correggi» (still open since the correction) and opens it again: it starts
    # from her version. Not by a link to the page: that click lands outside the open popover, and whether
    # the popover's close or the page's run is committed first decides if it is open after (seen both ways)
    moderator.keyboard.press("Escape")
    expect(moderator.get_by_label("Titolo (breve sintesi)")).to_have_count(0, timeout=TIMEOUT)  # drawn only open
    wait_app(moderator)
    moderator.get_by_role("button", name="Correggi").first.click()
    expect(moderator.get_by_label("Descrizione (facoltativa)")).to_have_value(
        "Soprattutto in agosto, quando chiudono i centri diurni.", timeout=TIMEOUT
    )
    expect(moderator.get_by_text("Nel frattempo qualcuno ha salvato")).to_have_count(0)
    shot(moderator, "modifica-versione-caricata")
