"""The organisers' day zero and who may take part, page by page (AppTest)."""

import datetime

import pytest

from coprog import demo
from coprog.procedure import access, delegates, organisations, processes, sessions
from testkit.apptest import as_delegate, as_staff, new_app, texts
from testkit.builders import STAFF, VALID_CF, make_org
from ui.render import plain


@pytest.fixture
def empty_app(database, monkeypatch):
    monkeypatch.setenv("COPROG_DB", str(database.path))
    monkeypatch.setenv("COPROG_ADMIN_PASSWORD", access.hash_password("password-staff-1", iterations=1000))
    monkeypatch.delenv("COPROG_BASE_URL", raising=False)
    return database


def test_an_empty_database_opens_on_the_first_run_page(empty_app):
    at = new_app().run()
    assert "Primo avvio" in texts(at)
    at = as_staff()  # an organiser lands on Preparazione, the first-run page
    assert "Primo avvio: il percorso" in [e.value for e in at.title]
    form = [w for w in at.text_input if w.form_id == "first_process"]
    next(w for w in form if w.label == "Titolo *").input("Co-programmazione 2027")
    next(w for w in form if w.label == "PEC per le domande (facoltativo)").input("non-una-pec")
    next(b for b in at.button if b.form_id == "first_process").click()
    at.run()
    assert "PEC per le domande: indirizzo email non valido." in texts(at)
    assert processes.current(empty_app) is None  # nothing half-written
    next(
        w for w in at.text_input if w.form_id == "first_process" and w.label == "PEC per le domande (facoltativo)"
    ).input("coprog@pec.comune.milano.it")
    next(b for b in at.button if b.form_id == "first_process").click()
    at.run()
    assert processes.current(empty_app)["title"] == "Co-programmazione 2027"
    assert "crea la sua prima sessione" in texts(at)
    next(w for w in at.text_input if w.form_id.startswith("first_session_") and w.label == "Titolo *").input(
        "Plenaria di avvio"
    )
    next(b for b in at.button if b.form_id.startswith("first_session_")).click()
    at.run()
    assert [s["title"] for s in sessions.sessions(empty_app, processes.current(empty_app)["id"])] == [
        "Plenaria di avvio"
    ]


def test_the_first_run_page_offers_the_demo_and_its_pages_say_so(empty_app):
    at = as_staff()
    next(b for b in at.button if b.label == "Crea la demo").click()
    at.run(timeout=120)
    assert demo.demo_exists(empty_app)
    # app.py draws the band above every page (AppTest runs it on a tab's first run;
    # the browser test sees it on the pages and the projector of a real server)
    assert any(w.value.startswith("DEMO") for w in as_staff().warning)
    person = delegates.delegates(empty_app, demo.demo_process(empty_app)["id"])[0]
    assert any(w.value.startswith("DEMO") for w in as_delegate(person).warning)


def test_a_delegate_of_an_ets_not_admitted_sees_why_and_whom_to_ask(world, database, monkeypatch):
    monkeypatch.setenv("COPROG_DB", str(database.path))
    processes.update(database, STAFF, world["process_id"], contact="segreteria@comune.milano.it")
    late = make_org(database, "Gamma ODV", VALID_CF[2], ("Dario Blu",), admission="non_ammessa")
    dario = delegates.get_delegate(
        database, database.scalar("SELECT id FROM delegate WHERE organisation_id = ?", (late,))
    )
    at = as_delegate(dario)
    assert "La domanda della tua organizzazione risulta non ammessa" in texts(at)
    # the address is a link to write to, built by the app (the rest of the contact stays text)
    assert "Segreteria del percorso: [segreteria@comune\\.milano\\.it](mailto:segreteria@comune.milano.it)" in texts(at)
    with pytest.raises(ValueError, match="Known pages: .*home.py.*informativa.py"):
        at.switch_page("pages/partecipa.py")  # not even registered for them
    organisations.set_admission(database, STAFF, late, "ammessa")
    assert "Unisciti alla sessione" in [b.label for b in as_delegate(dario, "pages/partecipa.py").button]


def test_the_informativa_is_read_once_and_goes_without_redrawing_the_page(app_db, database):
    anna = app_db["anna"]
    at = as_delegate(anna, "pages/partecipa.py")
    assert "Prima di iniziare: come trattiamo i tuoi dati" in texts(at)
    assert "Unisciti alla sessione" in [b.label for b in at.button]  # the page under it is there already
    at.button(key="privacy_ack").click().run()
    assert "Prima di iniziare" not in texts(at)
    assert "Unisciti alla sessione" in [b.label for b in at.button]
    assert delegates.get_delegate(database, anna["id"])["privacy_ack_at"]  # recorded, and audited once
    assert database.scalar("SELECT count(*) FROM audit_log WHERE action = 'legge_informativa'") == 1
    assert "Prima di iniziare" not in texts(as_delegate(anna, "pages/partecipa.py"))  # nor in a new tab


def no_network(monkeypatch, addresses):
    """This machine's network addresses, as the pages read them (cached a minute)."""
    from coprog.hosting import network
    from ui import state

    monkeypatch.setattr(network, "lan_addresses", lambda: addresses)
    state.lan_addresses.clear()


def test_invitations_warn_when_links_would_say_localhost(empty_app, monkeypatch):
    monkeypatch.delenv("COPROG_BASE_URL", raising=False)
    no_network(monkeypatch, [])
    processes.create(empty_app, STAFF, title="Percorso")
    at = as_staff(page="pages/preparazione.py")
    assert any("non ha un indirizzo di rete" in w.value for w in at.warning)


def test_links_carry_the_port_served_and_the_machine_address(app_db, database, monkeypatch):
    """``make run PORT=8600`` with no COPROG_BASE_URL: the links say 8600, at an address others reach."""
    from coprog.procedure import staff

    monkeypatch.delenv("COPROG_BASE_URL", raising=False)
    monkeypatch.setenv("COPROG_PORT", "8600")
    no_network(monkeypatch, ["192.168.1.20"])
    staff.add_facilitator(database, STAFF, "Franca Neri")
    at = as_staff(page="pages/organizzazione.py")
    links = [c.value for c in at.code if c.value.startswith("Franca Neri: ")]
    assert links and links[0].startswith("Franca Neri: http://192.168.1.20:8600/join/")
    assert not any("indirizzo di rete" in w.value for w in at.warning)


def test_an_archived_percorso_says_so_on_its_pages(world, database, monkeypatch):
    monkeypatch.setenv("COPROG_DB", str(database.path))
    processes.close(database, STAFF, world["process_id"])
    processes.archive(database, STAFF, world["process_id"])
    assert any("Percorso archiviato" in i.value for i in as_staff().info)


def test_a_typed_title_shows_as_typed_in_a_refusal_and_in_a_confirmation(app_db, database):
    """What an organiser typed (here a session's title) goes into the answer's
    Markdown escaped: asterisks and a link show as written, never as italics or
    a live link; the catalogue's own words are not touched."""
    process_id = app_db["process_id"]
    processes.update(database, STAFF, process_id, application_deadline="2027-03-01T12:00")
    title = "Tavolo *Municipio 5* [sito](https://esempio.it)"
    at = as_staff(page="pages/preparazione.py")

    def create(day: datetime.date) -> None:
        form = [w for w in at.text_input if w.form_id.startswith("new_session_")]
        next(w for w in form if w.label == "Titolo *").input(title)
        next(w for w in at.date_input if w.form_id.startswith("new_session_")).set_value(day)
        next(b for b in at.button if b.form_id.startswith("new_session_")).click()
        at.run()

    create(datetime.date(2027, 2, 1))
    errors = [e.value for e in at.error]
    assert any(e.startswith("Data: la sessione «") and plain(title) in e for e in errors), errors
    assert not any(title in e for e in errors)  # never the raw Markdown
    assert [s["title"] for s in sessions.sessions(database, process_id)] == ["Plenaria"]
    create(datetime.date(2027, 3, 10))
    assert f"Sessione «{plain(title)}» creata." in [s.value for s in at.success]
    assert title in [s["title"] for s in sessions.sessions(database, process_id)]  # stored as typed


def test_an_application_that_came_on_paper_is_added_by_hand_then_decided(app_db, database):
    """Preparazione: an ETS added by hand with its delegate (refused first
    without its codice fiscale, nothing written), then admitted with the rest
    received on time."""
    process_id = app_db["process_id"]
    at = as_staff(page="pages/preparazione.py")

    def add(fiscal: str) -> None:
        form = [w for w in at.text_input if w.form_id.startswith("add_organisation_")]
        next(w for w in form if w.label == "Denominazione *").input("Fondazione Gamma ETS")
        next(w for w in form if w.label.startswith("Codice fiscale")).input(fiscal)
        next(w for w in form if w.label.startswith("Nome del delegato")).input("Dario Bianchi")
        next(b for b in at.button if b.form_id.startswith("add_organisation_")).click()
        at.run()

    add("")
    assert any(e.value.startswith("Codice fiscale") for e in at.error), [e.value for e in at.error]
    assert len(organisations.organisations(database, process_id)) == 2
    add(VALID_CF[2])
    assert "Domanda di «Fondazione Gamma ETS» registrata." in [s.value for s in at.success]
    [added] = [o for o in organisations.applications(database, process_id) if o["name"] == "Fondazione Gamma ETS"]
    assert added["admission"] == "ricevuta"
    assert [d["name"] for d in delegates.delegates(database, process_id) if d["organisation"] == added["name"]] == [
        "Dario Bianchi"
    ]
    next(w for w in at.multiselect if w.label == "Enti").set_value([added["id"]])
    next(w for w in at.radio if w.label == "Ammissione").set_value("ammessa")
    next(b for b in at.button if b.form_id.startswith("admission_")).click()
    at.run()
    [added] = [o for o in organisations.applications(database, process_id) if o["name"] == "Fondazione Gamma ETS"]
    assert added["admission"] == "ammessa"
