"""Three browser contexts (facilitator, delegate, projector) on one real server."""

import sqlite3

import pytest
from playwright.sync_api import expect

from coprog.contributions import contributions, moderation
from coprog.procedure import delegates
from coprog.storage.db import Database
from testkit.browser import TIMEOUT, first_delegate, join_session, shot, staff_page, wait_app
from testkit.builders import pid

pytestmark = pytest.mark.browser


def test_facilitator_delegate_projector(server, offline_context):
    base, db_path = server["base"], server["db"]
    (code, _, organisation), join_code = first_delegate(db_path)
    conn = sqlite3.connect(db_path)
    (plenary,) = conn.execute("SELECT id FROM session WHERE kind = 'plenaria'").fetchone()
    (strategies,) = conn.execute("SELECT id FROM phase WHERE session_id = ? AND position = 3", (plenary,)).fetchone()
    conn.close()

    facilitator = staff_page(offline_context(viewport={"width": 1400, "height": 1600}), base, "Conduzione")
    facilitator.locator(f".st-key-cur_{strategies} button").click()
    expect(facilitator.get_by_role("heading", name="Strategie di integrazione")).to_be_visible(timeout=TIMEOUT)
    wait_app(facilitator)  # making the phase current opened its contributions: one action
    expect(facilitator.get_by_role("button", name="Chiudi i contributi")).to_be_visible(timeout=TIMEOUT)
    facilitator.get_by_role("button", name="Mostra i risultati a tutti (proiettore e schermi dei delegati)").click()
    expect(
        facilitator.get_by_role("button", name="Nascondi i risultati (proiettore e schermi dei delegati)")
    ).to_be_visible(timeout=TIMEOUT)

    projector = staff_page(offline_context(viewport={"width": 1920, "height": 1080}), base, "Proiettore")
    expect(projector.get_by_text(join_code).first).to_be_visible(timeout=TIMEOUT)
    expect(projector.locator("[data-testid='stSidebar']")).to_be_hidden()

    delegate_ctx = offline_context(viewport={"width": 1280, "height": 1400})
    delegate = delegate_ctx.new_page()
    join_session(delegate, base, code, join_code)
    expect(delegate.get_by_text("Proponi: Strategia")).to_be_visible(timeout=TIMEOUT)
    delegate.get_by_label("Titolo (breve sintesi)").fill("Regia unica dei servizi domiciliari di quartiere")
    delegate.get_by_label("Testo della proposta").fill("Un'équipe per Municipio coordina SAD, ADI e volontariato.")
    delegate.get_by_role("button", name="Invia").click()
    expect(delegate.get_by_text("Contributo salvato. Grazie!")).to_be_visible(timeout=TIMEOUT)

    # the projector shows it, without reloading
    expect(projector.get_by_text("Regia unica dei servizi domiciliari di quartiere")).to_be_visible(timeout=TIMEOUT)

    # a near-duplicate from another organisation, then merged by the facilitator
    database = Database(db_path)
    other = next(d for d in delegates.delegates(database, pid(database)) if d["organisation"] != organisation)
    dup = contributions.create(
        database,
        delegates.delegate_actor(other),
        plenary,
        "strategia",
        {"title": "Regia unica dei servizi domiciliari nel quartiere", "body": "Équipe di Municipio."},
    )
    kept = next(
        c["id"]
        for c in contributions.visible(database, plenary, "strategia")
        if c["title"].startswith("Regia unica dei servizi domiciliari di")
    )

    # the delegate types, the facilitator closes the phase: within 3 s the form warns
    delegate.get_by_label("Titolo (breve sintesi)").fill("Testo che non deve andare perso")
    delegate.get_by_label("Testo della proposta").fill("Una proposta scritta mentre la fase si chiude.")
    facilitator.get_by_role("button", name="Chiudi i contributi").click()
    expect(facilitator.get_by_role("button", name="Apri i contributi")).to_be_visible(timeout=TIMEOUT)
    expect(delegate.get_by_text("Il facilitatore ha chiuso questa raccolta").first).to_be_visible(timeout=4000)
    expect(delegate.get_by_label("Titolo (breve sintesi)")).to_have_value("Testo che non deve andare perso")
    delegate.get_by_role("button", name="Invia").click()
    expect(delegate.get_by_text("La fase è stata chiusa")).to_be_visible(timeout=TIMEOUT)
    expect(delegate.locator("[data-testid='stCode']")).to_contain_text("Testo che non deve andare perso")
    assert not database.query("SELECT 1 FROM contribution WHERE title = 'Testo che non deve andare perso'")
    shot(delegate, "delegato-fase-chiusa")

    facilitator.get_by_role("link", name="Moderazione").click()
    wait_app(facilitator)
    facilitator.get_by_label("Tipo di contributo").click()  # duplicates among strategies
    facilitator.get_by_role("option", name="Strategia").click()
    merge = facilitator.get_by_role("button", name=f"Unisci #{dup} in #{kept}")
    expect(merge).to_be_visible(timeout=TIMEOUT)
    shot(facilitator, "moderazione")
    merge.click()
    expect(merge).to_have_count(0, timeout=TIMEOUT)
    authors = {a["organisation"] for a in moderation.authors(database, kept)}
    assert organisation in authors and other["organisation"] in authors
    both = "; ".join(sorted([organisation, other["organisation"]]))
    expect(projector.get_by_text(both)).to_be_visible(timeout=TIMEOUT)  # one item, both authors
    expect(projector.get_by_text("Regia unica dei servizi domiciliari nel quartiere")).to_have_count(0)
    shot(projector, "proiettore")
    database.close()
