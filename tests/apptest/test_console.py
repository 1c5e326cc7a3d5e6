"""AppTests of every facilitation action and of the guards around them."""

import pytest

from coprog.contributions import contributions, hybrid, moderation
from coprog.live import attendance
from coprog.procedure import delegates, sessions, staff
from testkit.apptest import as_delegate, as_staff, click, fill_need, new_app, texts, widget
from testkit.builders import STAFF, need_fields

STAFF_PAGES = (
    "pages/conduzione.py",
    "pages/moderazione.py",
    "pages/presenze.py",
    "pages/inserimento.py",
    "pages/proiettore.py",
    "pages/organizzazione.py",
)


def log_need(database, world, name="anna", **fields):
    return contributions.create(
        database, delegates.delegate_actor(world[name]), world["session_id"], "bisogno", need_fields(**fields)
    )


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_delegates_never_get_staff_pages(app_db, page):
    at = as_delegate(app_db["anna"], page)
    assert "Questa pagina è riservata allo staff." in [e.value for e in at.error]
    assert len(at.button) == 0


@pytest.mark.parametrize("page", STAFF_PAGES[:-1])
def test_every_staff_page_renders(app_db, page):
    at = as_staff("facilitatore", page)
    assert not at.exception and not at.error


def test_switches_results_view(app_db, database):
    sid = app_db["session_id"]
    at = as_staff(page="pages/conduzione.py")
    assert [p.label for p in at.get("page_link")] == ["Apri una votazione"]
    at = click(at, "Mostra i risultati a tutti (proiettore e schermi dei delegati)")  # the label says who sees them
    assert sessions.get_session(database, sid)["show_results"] == 1
    assert "Risultati mostrati a tutti: sul proiettore e ai delegati." in texts(at)  # what was done
    at = click(at, "Nascondi i risultati (proiettore e schermi dei delegati)")
    assert sessions.get_session(database, sid)["show_results"] == 0
    at.get("button_group")[0].set_value("mappa")
    at.run()
    assert sessions.get_session(database, sid)["board_view"] == "mappa"


def test_timer_buttons(app_db, database):
    sid = app_db["session_id"]
    at = as_staff(page="pages/conduzione.py")
    widget(at, "number_input", "Minuti").set_value(7)
    at = click(at, "Imposta")
    assert sessions.get_session(database, sid)["timer_seconds"] == 420
    at = click(at, "Avvia")
    assert sessions.get_session(database, sid)["timer_started_at"] is not None
    at = click(at, "Pausa")
    assert sessions.get_session(database, sid)["timer_started_at"] is None
    at = click(at, "Azzera")
    assert sessions.get_session(database, sid)["timer_remaining"] is None


def test_agenda_buttons(app_db, database):
    sid = app_db["session_id"]
    at = as_staff(page="pages/conduzione.py")
    new_name = next(w for w in at.text_input if w.label == "Nuova fase")
    new_name.input("Restituzione")
    at = click(at, "Aggiungi la fase")
    assert sessions.phases(database, sid)[-1]["name"] == "Restituzione"
    last = sessions.phases(database, sid)[-1]["id"]
    at.button(key=f"up_{last}").click()
    at.run()
    assert sessions.phases(database, sid)[-2]["name"] == "Restituzione"
    assert not [w for w in at.text_input if w.form_id == f"edit_phase_{last}"]  # «Rinomina» is drawn once opened
    at.session_state[f"renaming_{last}"] = True
    at.run()
    rename = next(w for w in at.text_input if w.value == "Restituzione")
    rename.input("Restituzione finale")
    form_button = next(b for b in at.button if b.label == "Salva modifiche" and b.form_id == f"edit_phase_{last}")
    form_button.click()
    at.run()
    assert any(p["name"] == "Restituzione finale" for p in sessions.phases(database, sid))
    at.button(key=f"rm_{last}").click()
    at.run()
    assert all(p["name"] != "Restituzione finale" for p in sessions.phases(database, sid))
    at.button(key=f"rm_{app_db['phase_id']}").click()  # the current phase
    at.run()
    assert "Non si può rimuovere la fase in corso." in texts(at)


def test_moderation_buttons(app_db, database):
    with database.write() as db:
        db.execute("UPDATE session SET moderated = 1")
    first = log_need(database, app_db, "anna", title="Anziani soli senza aiuto d'estate")
    second = log_need(database, app_db, "carla", title="Anziani soli d'estate senza aiuto")
    at = as_staff(page="pages/moderazione.py")
    assert "Sessione moderata" in texts(at)
    at.button(key=f"ok_{first}").click()
    at.run()
    assert contributions.get(database, first)["status"] == "approvato"
    at.button(key=f"pin_{second}").click()
    at.run()
    assert contributions.get(database, second)["pinned"] == 1
    reason = next(w for w in at.text_input if w.label.startswith("Motivo"))
    reason.input("Fuori tema")
    next(b for b in at.button if b.label == "Nascondi" and b.form_id == f"hide_{second}").click()
    at.run()
    assert contributions.get(database, second)["hidden_reason"] == "Fuori tema"


def test_merge_from_the_duplicates_list(app_db, database):
    first = log_need(database, app_db, "anna", title="Anziani soli senza aiuto d'estate")
    second = log_need(database, app_db, "carla", title="Anziani soli d'estate senza aiuto")
    at = as_staff(page="pages/moderazione.py")
    at = click(at, f"Unisci #{second} in #{first}")
    assert contributions.get(database, second)["merged_into"] == first
    assert len(moderation.authors(database, first)) == 2


def test_attendance_by_hand(app_db, database):
    sid = app_db["session_id"]
    at = as_staff(page="pages/presenze.py")
    widget(at, "selectbox", "Delegato", form="check_in").select(app_db["carla"]["id"])
    widget(at, "radio", "Modalità").set_value("online")
    at = click(at, "Registra l'entrata")
    rows = attendance.register(database, sid)
    assert [(r["delegate"], r["mode"], r["entered_by"]) for r in rows] == [("Carla Neri", "online", "facilitatore")]
    at = click(at, "Registra l'uscita")
    assert attendance.register(database, sid)[0]["checked_out_at"] is not None


def test_hybrid_input(app_db, database):
    sid = app_db["session_id"]
    at = as_staff(page="pages/inserimento.py")
    widget(at, "selectbox", "Organizzazione").select(app_db["org_b"])
    fill_need(at, "behalf_bisogno_0", "Raccolto su carta al tavolo", municipi=[6])
    at = click(at, "Invia")
    stored = contributions.visible(database, sid)[0]
    assert stored["title"] == "Raccolto su carta al tavolo" and stored["source"] == "facilitatore"
    assert stored["organisation_id"] == app_db["org_b"]
    next(w for w in at.number_input if w.label == "Numero").set_value(9)
    at = click(at, "Registra il conteggio")
    assert [(c["area"], c["count"]) for c in hybrid.paper_counts(database, sid)] == [("non_autosufficienza", 9)]


def test_named_facilitator_sees_only_assigned_sessions(app_db, database):
    table = sessions.create_session(
        database, STAFF, process_id=app_db["process_id"], kind="tavolo", title="Tavolo assegnato"
    )
    fid = staff.add_facilitator(database, STAFF, "Franca Facilitatrice")
    staff.assign(database, STAFF, fid, [table])
    at = as_staff("facilitatore", "pages/conduzione.py", facilitator_id=fid, facilitator_name="Franca Facilitatrice")
    assert widget(at, "selectbox", "Sessione").options == ["Tavolo assegnato"]
    staff.assign(database, STAFF, fid, [])
    at = as_staff("facilitatore", "pages/conduzione.py", facilitator_id=fid, facilitator_name="Franca Facilitatrice")
    assert "Nessuna sessione assegnata a te" in texts(at)


def test_facilitator_signs_in_with_personal_code(app_db, database):
    fid = staff.add_facilitator(database, STAFF, "Franca Facilitatrice")
    code = staff.get_facilitator(database, fid)["access_code"]
    at = new_app().run()
    widget(at, "text_input", "Codice personale").input(code)
    widget(at, "button", "Entra", form="code_form").click()
    at.run()
    assert at.session_state["staff_role"] == "facilitatore" and at.session_state["facilitator_id"] == fid


def test_organiser_manages_facilitators_and_undoes_moderation(app_db, database):
    cid = log_need(database, app_db, title="Titolo giusto")
    moderation.correct(database, STAFF, cid, "Titolo sbagliato", "")
    at = as_staff(page="pages/organizzazione.py")
    next(w for w in at.text_input if w.label == "Facilitatore *").input("Gianni Guida")
    at = click(at, "Aggiungi il facilitatore")
    assert [f["name"] for f in staff.facilitators(database)] == ["Gianni Guida"]
    next(w for w in at.multiselect if w.label == "Sessioni").select(app_db["session_id"])
    at = click(at, "Assegna le sessioni")
    assert staff.facilitators(database)[0]["sessions"] == "Plenaria"
    at = click(at, "Annulla")
    assert contributions.get(database, cid)["title"] == "Titolo giusto"


def test_projector_shows_code_counters_and_hides_chrome(app_db, database):
    attendance.check_in(database, app_db["anna"], app_db["session_id"])
    log_need(database, app_db, title="Sul proiettore")
    at = as_staff("facilitatore", "pages/proiettore.py")
    code = sessions.get_session(database, app_db["session_id"])["join_code"]
    assert f"# {code}" in texts(at)
    assert [m.value for m in at.metric][:3] == ["1", "0", "1"]
    assert len(at.get("plotly_chart")) == 1
    assert any("stSidebar" in str(h.proto) for h in at.get("html"))


def test_moderated_mode_toggle(app_db, database):
    at = as_staff(page="pages/moderazione.py")
    at.toggle[0].set_value(True)
    at.run()
    assert sessions.get_session(database, app_db["session_id"])["moderated"] == 1
    cid = log_need(database, app_db)
    assert contributions.get(database, cid)["status"] == "nuovo"


def test_correct_and_recategorise_forms(app_db, database):
    cid = log_need(database, app_db, title="Anzaini soli", municipi=[3])
    at = as_staff(page="pages/moderazione.py")
    at.get("button_group")[0].set_value("approvato")
    at.session_state[f"mod_edit_{cid}"] = True  # the moderator opens «Correggi» (its forms are drawn only then)
    at.run()
    title = next(w for w in at.text_input if w.value == "Anzaini soli")
    title.input("Anziani soli")
    next(b for b in at.button if b.form_id == f"fix_{cid}").click()
    at.run()
    assert contributions.get(database, cid)["title"] == "Anziani soli"
    municipi = next(w for w in at.multiselect if w.label == "Municipi")
    municipi.select(8)
    next(b for b in at.button if b.form_id == f"recat_{cid}").click()
    at.run()
    assert contributions.get(database, cid)["municipi"] == [3, 8]
    assert [e["action"] for e in moderation.moderation_log(database, app_db["process_id"])] == [
        "ricategorizza",
        "corregge",
    ]


def test_board_shows_paper_counts_apart(app_db, database):
    hybrid.add_paper_count(database, STAFF, app_db["session_id"], count=11, area="demenze")
    at = as_staff(page="pages/tabellone.py")
    assert not at.exception
    assert "Conteggi da carta e alzata di mano" in texts(at)
    assert at.dataframe[-1].value.values.tolist() == [["Demenze", "da carta", 11]]


@pytest.mark.parametrize("with_needs", [False, True])
def test_projector_draws_every_board_view(app_db, database, with_needs):
    from coprog.live import facilitation

    if with_needs:
        log_need(database, app_db, municipi=[1], nils=[4])
    for view in facilitation.BOARD_VIEWS:
        facilitation.set_board_view(database, STAFF, app_db["session_id"], view)
        at = as_staff("facilitatore", "pages/proiettore.py")
        assert not at.exception, view


def test_an_edit_in_a_moderated_session_waits_for_the_moderator(app_db, database):
    from coprog.live import facilitation
    from testkit.apptest import as_delegate

    cid = log_need(database, app_db, title="Testo approvato")
    facilitation.set_moderated(database, STAFF, app_db["session_id"], True)
    mine = as_delegate(app_db["anna"], "pages/miei_contributi.py")
    next(w for w in mine.text_input if w.form_id == f"edit_{cid}" and w.label.startswith("Titolo")).input(
        "Testo rivisto dall'autrice"
    )
    next(b for b in mine.button if b.form_id == f"edit_{cid}").click()
    mine.run()
    assert "Modifica inviata: la vedranno tutti quando il moderatore la approva." in texts(mine)
    assert "attende l'approvazione del moderatore" in texts(mine)
    assert contributions.visible(database, app_db["session_id"])[0]["title"] == "Testo approvato"
    at = as_staff(page="pages/moderazione.py")
    assert "Modifiche in attesa (1)" in texts(at)
    at = click(at, "Approva la modifica")
    assert contributions.visible(database, app_db["session_id"])[0]["title"] == "Testo rivisto dall'autrice"


def test_a_silent_round_hides_the_others_and_the_charts_until_revealed(app_db, database):
    from testkit.apptest import as_delegate

    log_need(database, app_db, "carla", title="Scritto da Beta durante il giro")
    log_need(database, app_db, "anna", title="Scritto da Anna durante il giro")
    console = click(as_staff(page="pages/conduzione.py"), "Giro silenzioso")
    assert "Giro silenzioso in corso" in texts(console)
    anna = as_delegate(app_db["anna"])
    anna.session_state["session_id"] = app_db["session_id"]
    anna.switch_page("pages/partecipa.py")
    anna.run()
    shown = texts(anna)
    assert "Scritto da Anna durante il giro" in shown and "Scritto da Beta durante il giro" not in shown
    assert "Giro silenzioso: vedi solo i tuoi contributi." in shown
    # the staff drew the charts first: the views they built (shared between pages) hold every need
    staff_board = as_staff(page="pages/tabellone.py")
    staff_reading = as_staff(page="pages/lettura.py")
    reading = as_delegate(app_db["anna"], "pages/lettura.py")
    assert "Bisogni mostrati: **0** su 0." in texts(reading)
    board = as_delegate(app_db["anna"], "pages/tabellone.py")
    for staff_page, delegate_page in ((staff_board, board), (staff_reading, reading)):
        staff_specs = {c.proto.spec for c in staff_page.get("plotly_chart")}
        delegate_specs = {c.proto.spec for c in delegate_page.get("plotly_chart")}
        assert delegate_specs and not delegate_specs & staff_specs  # not one of the staff's figures
    projector = as_staff(page="pages/proiettore.py")
    assert "Giro silenzioso: i contributi arrivano e saranno mostrati tutti insieme." in texts(projector)
    assert not projector.get("plotly_chart")
    click(as_staff(page="pages/conduzione.py"), "Rivela a tutti")
    anna.run()
    assert "Scritto da Beta durante il giro" in texts(anna)
    assert as_staff(page="pages/proiettore.py").get("plotly_chart")
