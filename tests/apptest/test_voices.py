"""AppTests of reactions on the delegate's list, the floor on the delegate's
page and the console, the opinion reading in Revisione and on the projector,
and the draft sintesi with its observations."""

from datetime import UTC, datetime, timedelta

import pytest

from coprog.contributions import reactions
from coprog.live import facilitation, floor
from coprog.procedure import delegates
from coprog.records import drafts
from coprog.texts import i18n
from testkit.apptest import as_delegate, as_staff, open_tab, texts, widget
from testkit.builders import STAFF
from testkit.voices import AGREE, DISAGREE, reacting_tables


@pytest.fixture
def world(database, monkeypatch):
    monkeypatch.setenv("COPROG_DB", str(database.path))
    return reacting_tables(database)


def test_a_delegate_reacts_and_cosigns_on_the_list(world, database):
    at = as_delegate(world["people"]["Anna Rossi"], "pages/partecipa.py", session=world["sessions"]["Tavolo Nord"])
    assert "Reagisci alle voci degli altri enti" in [h.value for h in at.header]
    # Alfa's own items are not there: only Beta's custode
    radios = [r for r in at.radio if r.key and r.key.startswith("react_")]
    assert len(radios) == 1
    custode = world["contributions"]["Custode sociale di caseggiato"]
    radios[0].set_value(DISAGREE).run()
    assert reactions.mine(database, world["organisations"]["Alfa APS"], [custode])[custode]["value"] == DISAGREE
    next(c for c in at.checkbox if c.key == f"endorse_{custode}").check().run()
    assert reactions.mine(database, world["organisations"]["Alfa APS"], [custode])[custode] == {
        "value": AGREE,
        "endorsed": True,
    }
    assert "Aderiscono: Alfa APS" in texts(at)
    assert next(r for r in at.radio if r.key == f"react_{custode}").value == AGREE  # what the database holds
    facilitation.set_reactions_open(database, STAFF, world["north_phase"], False)
    at.run()  # the plain list again: the co-signers stay on the item, by name
    assert "Reagisci alle voci degli altri enti" not in [h.value for h in at.header]
    assert "Aderiscono: Alfa APS" in texts(at).replace("\\", "")


def test_the_floor_from_the_delegate_page_and_the_console(world, database):
    at = as_delegate(world["people"]["Bruno Verdi"], "pages/partecipa.py", session=world["sessions"]["Tavolo Nord"])
    next(b for b in at.button if b.label == "Chiedo la parola").click().run()
    assert "Sei in coda per parlare: posizione 1." in texts(at)
    console = as_staff(page="pages/conduzione.py", session=world["sessions"]["Tavolo Nord"])
    assert "In coda (1)" in [h.value for h in console.subheader]
    assert "Bruno Verdi" in texts(console)
    next(b for b in console.button if b.label == "Dai la parola al prossimo").click().run()
    assert floor.speaker(database, world["sessions"]["Tavolo Nord"])["delegate"] == "Bruno Verdi"
    at.run()
    assert "Hai la parola." in texts(at)
    next(b for b in console.button if b.label == "Concludi l'intervento").click().run()
    assert len(floor.turns(database, world["sessions"]["Tavolo Nord"])) == 1


def test_revisione_shows_the_reading_and_the_names_choice(world, database):
    items = world["contributions"]
    for name in ("Bruno Verdi", "Carla Neri", "Dario Blu"):
        reactions.react(
            database,
            delegates.delegate_actor(world["people"][name]),
            items["Sportello unico domiciliare per Municipio"],
            AGREE,
        )
    at = as_staff(page="pages/revisione.py", session=world["sessions"]["Tavolo Nord"])
    assert "Consenso per voce" not in [h.value for h in at.header]  # only the open tab is drawn
    at = open_tab(at, "Gruppi di opinione e consenso")
    shown = texts(at)
    assert "3 reazioni di 3 enti su 1 voce." in shown
    assert "Consenso per voce" in [h.value for h in at.header]
    widget(at, "toggle", "Mostra i nomi degli enti").set_value(True).run()
    assert database.scalar("SELECT opinion_names FROM process WHERE id = ?", (world["process_id"],)) == 1


def test_publish_observe_and_answer_through_the_pages(world, database):
    at = as_staff(page="pages/osservazioni.py", session=world["sessions"]["Tavolo Nord"])
    next(b for b in at.button if b.label == "Pubblica la versione 1").click().run()
    assert "Versione 1" in texts(at) and drafts.latest(database, world["process_id"])["version"] == 1
    delegate = as_delegate(world["people"]["Carla Neri"], "pages/bozza.py", session=world["sessions"]["Tavolo Nord"])
    assert "Bozza del documento di sintesi, versione 1" in [t.value for t in delegate.title]
    first = drafts.sections(database, drafts.latest(database, world["process_id"])["id"])[0]
    box = next(a for a in delegate.text_area if a.key == f"obs_{first['id']}")
    box.input("La premessa citi il Piano di zona.")
    next(
        b for b in delegate.button if b.label == "Invia l'osservazione" and b.form_id == f"observe_{first['id']}"
    ).click()
    delegate.run()
    assert "Osservazione registrata." in texts(delegate)
    at.run()
    assert "La premessa citi il Piano di zona." in [t.value for t in at.text]
    assert not [r for r in at.radio if r.label == "Risposta"]  # the answer's form is drawn only when opened
    at.session_state[f"answering_{drafts.observations(database, world['process_id'])[0]['id']}"] = True
    at.run()
    widget(at, "radio", "Risposta").set_value("accolta")
    widget(at, "text_area", "Motivazione").input("Integrata nella versione 2.")
    next(b for b in at.button if b.label == "Rispondi").click().run()
    assert drafts.observations(database, world["process_id"])[0]["answer"] == "accolta"
    delegate.run()
    assert "Risposta: accolta. Integrata nella versione 2." in texts(delegate).replace("\\", "")


def test_no_draft_and_a_closed_deadline_say_so(world, database):
    at = as_delegate(world["people"]["Carla Neri"], "pages/bozza.py", session=world["sessions"]["Tavolo Nord"])
    assert "non ha ancora pubblicato" in texts(at)
    soon = datetime.now(UTC) + timedelta(minutes=1)
    drafts.publish(
        database,
        STAFF,
        world["process_id"],
        soon.astimezone(i18n.TZ).strftime("%Y-%m-%d %H:%M"),
        now=soon - timedelta(minutes=3),
    )
    with database.write() as db:
        db.execute("DROP TRIGGER draft_frozen")
        db.execute("UPDATE draft SET deadline = '2020-01-01T00:00:00.000Z'")
    at = as_delegate(world["people"]["Carla Neri"], "pages/bozza.py", session=world["sessions"]["Tavolo Nord"])
    assert "è scaduto" in texts(at) and not at.text_area


def test_the_projector_shows_the_groups_and_the_floor(world, database):
    items = world["contributions"]
    for name in ("Bruno Verdi", "Carla Neri"):
        reactions.react(
            database,
            delegates.delegate_actor(world["people"][name]),
            items["Sportello unico domiciliare per Municipio"],
            AGREE,
        )
    floor.ask(database, delegates.delegate_actor(world["people"]["Anna Rossi"]), world["sessions"]["Tavolo Nord"])
    at = as_staff(page="pages/proiettore.py", session=world["sessions"]["Tavolo Nord"])
    shown = texts(at)
    assert "Dove siamo d'accordo" in shown and "2 reazioni di 2 enti su 1 voce." in shown
    assert "Un gruppo di opinione riunisce gli enti" in shown  # one plain sentence for the room
    assert "Troppo pochi enti sulla mappa (2)" in shown  # the call, said
    table = at.table[0].value  # the consensus per item, with its coverage and why it is not rated yet
    assert "Copertura" in table.columns
    assert table["Copertura"].iloc[0] == "vista da 3 gruppi su 3 · reazioni di 2 enti su 3"  # Alfa: its author
    assert "Poi: Anna Rossi (Alfa APS)" in shown.replace("\\", "")
