"""AppTests of the pages: participant flow, bad inputs, role guards, staff actions."""

from coprog.contributions import contributions
from coprog.live import attendance, facilitation
from coprog.procedure import access, delegates, sessions
from testkit.apptest import as_delegate, as_staff, fill_need, new_app, texts, widget
from testkit.builders import STAFF, need_fields


def join(at, world, database):
    code = sessions.get_session(database, world["session_id"])["join_code"]
    next(w for w in at.text_input if w.form_id == "join_form").input(code.lower())
    next(b for b in at.button if b.form_id == "join_form").click()
    return at.run()


def test_anonymous_sees_sign_in_only(app_db):
    at = new_app().run()
    assert not at.exception
    assert "Co-programmazione dei servizi domiciliari" in texts(at)
    assert widget(at, "text_input", "Codice personale").form_id == "code_form"


def test_wrong_code_gets_italian_message(app_db):
    at = new_app().run()
    widget(at, "text_input", "Codice personale").input("AAAA-BBBB-CCCC")
    widget(at, "button", "Entra", form="code_form").click()
    at.run()
    assert "Codice non riconosciuto" in texts(at)
    assert "delegate_id" not in at.session_state


def test_typed_code_signs_in(app_db):
    at = new_app().run()
    widget(at, "text_input", "Codice personale").input(access.format_code(app_db["anna"]["access_code"]).lower())
    widget(at, "button", "Entra", form="code_form").click()
    at.run()
    assert at.session_state["delegate_id"] == app_db["anna"]["id"]
    assert "Anna Rossi" in texts(at)


def test_delegate_joins_and_logs_a_need(app_db, database):
    at = as_delegate(app_db["anna"])
    assert "Cooperativa Sociale Alfa" in texts(at)
    at = join(at, app_db, database)
    assert "Lettura dei bisogni" in texts(at)
    assert attendance.counts(database, app_db["session_id"])["delegates"] == 1
    fill_need(
        at,
        "new_bisogno_0",
        "Caregiver senza sollievo nel weekend",
        municipi=[4],
        intensity=5,
        trend="emergente",
        source="dati",
    )
    next(b for b in at.button if b.label == "Invia").click()
    at.run()
    assert "Contributo salvato" in texts(at)
    stored = contributions.visible(database, app_db["session_id"])
    assert [c["title"] for c in stored] == ["Caregiver senza sollievo nel weekend"]
    assert stored[0]["municipi"] == [4] and stored[0]["delegate_id"] == app_db["anna"]["id"]
    assert (stored[0]["intensity"], stored[0]["trend"], stored[0]["evidence_source"]) == (5, "emergente", "dati")


def test_a_need_with_only_a_title_stores_no_judgement_nobody_made(app_db, database):
    at = join(as_delegate(app_db["anna"]), app_db, database)
    assert [w.value for w in at.selectbox if w.form_id == "new_bisogno_0"] == [None, None, None]
    assert [w.value for w in at.radio if w.form_id == "new_bisogno_0"] == [None, None]
    next(w for w in at.multiselect if w.label == "Municipi").set_value([2])
    at.run()
    next(w for w in at.text_input if w.label.startswith("Titolo")).input("Solo un titolo")
    next(b for b in at.button if b.label == "Invia").click()
    at.run()
    shown = texts(at)
    for field in ("Area", "Destinatari", "Intensità", "Andamento", "Tipo di fonte"):
        assert f"{field}: campo obbligatorio." in shown
    assert database.scalar("SELECT count(*) FROM contribution") == 0


def test_the_nil_list_follows_the_municipi_chosen(app_db, database):
    from coprog.texts import taxonomy

    at = join(as_delegate(app_db["anna"]), app_db, database)
    before = next(w for w in at.multiselect if w.label.startswith("Quartieri"))
    # empty until a Municipio is chosen, and saying so (never disabled: a greyed label reads badly)
    assert not before.disabled and before.options == [] and before.placeholder == "Scegli prima il Municipio"
    next(w for w in at.multiselect if w.label == "Municipi").set_value([1])
    at.run()
    offered = next(w for w in at.multiselect if w.label.startswith("Quartieri")).options
    in_one = [n for n in taxonomy.nils().values() if 1 in n.municipi]
    assert len(offered) == len(in_one) < 88


def test_bad_need_gets_messages_and_stores_nothing(app_db, database):
    at = join(as_delegate(app_db["anna"]), app_db, database)
    next(w for w in at.text_input if w.label.startswith("Titolo")).input("ab")
    next(b for b in at.button if b.label == "Invia").click()
    at.run()
    shown = texts(at)
    assert "Titolo: almeno 3 caratteri." in shown
    assert "indica almeno un Municipio" in shown
    assert database.scalar("SELECT count(*) FROM contribution") == 0


def test_phase_closing_while_typing_keeps_the_text(app_db, database):
    at = join(as_delegate(app_db["anna"]), app_db, database)
    fill_need(at, "new_bisogno_0", "Testo da non perdere", municipi=[2])
    facilitation.set_contributions_open(database, STAFF, app_db["phase_id"], False)
    next(b for b in at.button if b.label == "Invia").click()
    at.run()
    shown = texts(at)
    assert "La fase è stata chiusa" in shown and "Testo da non perdere" in shown
    assert database.scalar("SELECT count(*) FROM contribution") == 0


def test_unknown_session_code(app_db):
    at = as_delegate(app_db["anna"])
    next(w for w in at.text_input if w.form_id == "join_form").input("ZZZZZZ")
    next(b for b in at.button if b.form_id == "join_form").click()
    at.run()
    assert "Codice di sessione non riconosciuto" in texts(at)


def test_delegate_edits_own_contribution(app_db, database):
    cid = contributions.create(
        database, delegates.delegate_actor(app_db["anna"]), app_db["session_id"], "bisogno", need_fields()
    )
    at = as_delegate(app_db["anna"], "pages/miei_contributi.py")
    title = next(w for w in at.text_input if w.label.startswith("Titolo"))
    title.input("Titolo rivisto")
    next(b for b in at.button if b.label == "Salva modifiche").click()
    at.run()
    assert "Modifiche salvate" in texts(at)
    assert contributions.get(database, cid)["title"] == "Titolo rivisto"
    next(b for b in at.button if b.label == "Ritira").click()
    at.run()
    assert contributions.get(database, cid)["status"] == "ritirato"


def test_others_do_not_get_edit_forms(app_db, database):
    contributions.create(
        database, delegates.delegate_actor(app_db["anna"]), app_db["session_id"], "bisogno", need_fields()
    )
    at = as_delegate(app_db["carla"], "pages/miei_contributi.py")
    assert "Non hai ancora inviato contributi" in texts(at)
    assert not any(b.label == "Salva modifiche" for b in at.button)


def test_delegate_cannot_open_staff_pages(app_db):
    for page in ("pages/conduzione.py", "pages/organizzazione.py"):
        at = as_delegate(app_db["anna"], page)
        assert "Questa pagina è riservata allo staff." in [e.value for e in at.error]
        assert not any(b.label in ("Apri i contributi", "Chiudi i contributi", "Nuovo codice") for b in at.button)


def test_anonymous_cannot_open_participant_or_board(app_db):
    for page in ("pages/partecipa.py", "pages/tabellone.py", "pages/miei_contributi.py"):
        at = new_app()
        at.switch_page(page)
        at.run()
        assert "Entra con il tuo codice personale" in texts(at)


def test_staff_password(app_db):
    at = new_app().run()
    widget(at, "text_input", "Password staff").input("sbagliata")
    next(b for b in at.button if b.label == "Entra come staff").click()
    at.run()
    assert "Password errata." in texts(at)
    assert "staff_role" not in at.session_state
    widget(at, "text_input", "Password staff").input("password-staff-1")
    next(b for b in at.button if b.label == "Entra come staff").click()
    at.run()
    assert at.session_state["staff_role"] == "organizzatore"


def test_no_staff_password_configured(app_db, monkeypatch):
    monkeypatch.delenv("COPROG_ADMIN_PASSWORD")
    at = new_app().run()
    assert "Accesso staff non configurato" in texts(at)


def test_console_opens_and_closes_contributions(app_db, database):
    at = as_staff(page="pages/conduzione.py")
    assert not at.exception
    next(b for b in at.button if b.label == "Chiudi i contributi").click()
    at.run()
    assert sessions.phases(database, app_db["session_id"])[1]["contributions_open"] == 0
    next(b for b in at.button if b.label == "Apri i contributi").click()
    at.run()
    assert sessions.phases(database, app_db["session_id"])[1]["contributions_open"] == 1
    next(b for b in at.button if b.label == "Rendi corrente").click()  # the first other phase
    at.run()
    assert sessions.get_session(database, app_db["session_id"])["phase_position"] == 1


def test_facilitator_cannot_open_organiser_page(app_db):
    at = as_staff("facilitatore", "pages/organizzazione.py")
    assert "Questa pagina è riservata allo staff." in [e.value for e in at.error]


def test_organiser_reissues_a_code(app_db, database):
    at = as_staff(page="pages/organizzazione.py")
    assert not at.exception
    old = app_db["anna"]["access_code"]
    at.selectbox(key="code_delegate").select(app_db["anna"]["id"])
    next(b for b in at.button if b.label == "Nuovo codice").click()
    at.run()
    assert delegates.get_delegate(database, app_db["anna"]["id"])["access_code"] != old
    assert "Nuovo codice per Anna Rossi" in texts(at)


def test_board_renders_counts(app_db, database):
    contributions.create(
        database,
        delegates.delegate_actor(app_db["anna"]),
        app_db["session_id"],
        "bisogno",
        need_fields(title="Visibile sul tabellone"),
    )
    at = as_delegate(app_db["anna"], "pages/tabellone.py")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 3
    assert [m.value for m in at.metric][1] == "1"
    assert "Visibile sul tabellone" in texts(at)


def test_english_interface(app_db):
    at = new_app(lang="en").run()
    assert "Co-programming home-care services" in texts(at)
    at = as_delegate(app_db["anna"], lang="en")
    assert "Take part" in texts(at)


def test_typed_html_is_shown_as_text(app_db, database):
    contributions.create(
        database,
        delegates.delegate_actor(app_db["anna"]),
        app_db["session_id"],
        "bisogno",
        need_fields(title="<b>grassetto</b> ![img](http://x/y.png)"),
    )
    at = as_delegate(app_db["carla"], "pages/tabellone.py")
    shown = texts(at)
    assert "\\<b\\>grassetto\\</b\\>" in shown and "\\!\\[img\\]" in shown


def test_session_qr_link_joins_the_session(app_db, database):
    code = sessions.get_session(database, app_db["session_id"])["join_code"]
    at = new_app(delegate_id=app_db["anna"]["id"], delegate_code=app_db["anna"]["access_code"])
    at.query_params["sessione"] = code
    at.run()
    assert "Lettura dei bisogni" in texts(at)
    assert attendance.counts(database, app_db["session_id"])["delegates"] == 1


def test_console_shows_join_code_and_qr(app_db, database):
    code = sessions.get_session(database, app_db["session_id"])["join_code"]
    at = as_staff("facilitatore", "pages/conduzione.py")
    assert f"Codice per entrare: **{code}**" in texts(at)
    assert len(at.get("image")) == 1


def test_phase_names_follow_the_language(app_db, database):
    code = sessions.get_session(database, app_db["session_id"])["join_code"]
    at = new_app(lang="en", delegate_id=app_db["anna"]["id"], delegate_code=app_db["anna"]["access_code"])
    at.query_params["sessione"] = code
    at.run()
    assert "Current phase: **Reading of needs**" in texts(at)
