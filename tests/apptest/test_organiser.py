"""AppTests of the organisers' pages: preparation, review, documents, erasure."""

import pytest

from coprog import demo
from coprog.contributions import contributions
from coprog.procedure import delegates, organisations, processes, sessions
from coprog.records import drafts, sintesi
from testkit.apptest import as_delegate, as_staff, open_tab, texts
from testkit.builders import STAFF, need_fields, pid

ORGANISER_PAGES = ("pages/preparazione.py", "pages/revisione.py", "pages/documenti.py", "pages/posta.py")


@pytest.fixture
def demo_app(database, monkeypatch):
    from coprog.procedure import access

    demo.create(database)
    monkeypatch.setenv("COPROG_DB", str(database.path))
    monkeypatch.setenv("COPROG_ADMIN_PASSWORD", access.hash_password("password-staff-1", iterations=1000))
    return database


@pytest.mark.parametrize("page", ORGANISER_PAGES)
def test_organiser_pages_render_and_are_guarded(demo_app, page):
    at = as_staff(page=page)
    assert not at.exception and not at.error
    assert "Questa pagina è riservata allo staff." in [e.value for e in as_staff("facilitatore", page).error]
    person = delegates.delegates(demo_app, pid(demo_app))[0]
    at = as_delegate(person, page)
    assert "Questa pagina è riservata allo staff." in [e.value for e in at.error]


def test_edit_process_and_create_session(demo_app):
    at = as_staff(page="pages/preparazione.py")
    office = next(w for w in at.text_input if w.label == "Ufficio responsabile (facoltativo)")
    office.input("Area Domiciliarità")
    next(b for b in at.button if b.form_id == "process").click()
    at.run()
    assert processes.current(demo_app)["office"] == "Area Domiciliarità"
    title = [w for w in at.text_input if w.label == "Titolo *"][-1]
    title.input("Plenaria di restituzione")
    next(b for b in at.button if b.label == "Crea la sessione").click()
    at.run()
    assert sessions.sessions(demo_app)[-1]["title"] == "Plenaria di restituzione"


def test_admission_with_reason(demo_app):
    at = as_staff(page="pages/preparazione.py")
    org = organisations.organisations(demo_app, pid(demo_app))[0]
    next(s for s in at.multiselect if s.label == "Enti").select(org["id"])
    next(r for r in at.radio if r.label == "Ammissione").set_value("non_ammessa")
    next(b for b in at.button if b.form_id == "admission_0").click()
    at.run()
    assert "Motivo della non ammissione: campo obbligatorio." in texts(at)
    next(w for w in at.text_input if w.label == "Motivazione").input("Non iscritto al RUNTS")
    next(b for b in at.button if b.form_id == "admission_0").click()
    at.run()
    assert organisations.organisations(demo_app, pid(demo_app))[0]["admission"] == "non_ammessa"


def test_documents_are_prepared_on_request(demo_app):
    at = as_staff(page="pages/documenti.py")
    for label in ("Prepara: DOCX", "Prepara: XLSX", "Prepara: JSON", "Verifica la sintesi e prepara le edizioni"):
        next(b for b in at.button if b.label == label).click()
        at.run(timeout=120)
        assert not at.exception
    downloads = [b.label for b in at.get("download_button")]
    assert {"Scarica: DOCX", "Scarica: XLSX", "Scarica: JSON", "Scarica PDF"} <= set(downloads)
    assert downloads.count("Scarica DOCX") == 2  # the public and the internal edition
    assert any("Verifica superata" in s.value for s in at.success)


def test_a_prepared_document_says_when_the_percorso_changed_since(demo_app):
    """Minutes prepared on a page left open, or a sintesi checked an hour ago, are
    not handed out as current once someone wrote in the percorso."""
    process_id = pid(demo_app)
    at = as_staff(page="pages/documenti.py")
    next(b for b in at.button if b.label == "Prepara: DOCX").click()
    at.run(timeout=120)
    next(b for b in at.button if b.label == "Verifica la sintesi e prepara le edizioni").click()
    at.run(timeout=120)
    assert any(c.value.startswith("Preparato alle ") for c in at.caption)
    assert not at.warning
    person = delegates.delegates(demo_app, process_id)[0]  # meanwhile a delegate logs a need
    contributions.create(
        demo_app, delegates.delegate_actor(person), sessions.sessions(demo_app)[0]["id"], "bisogno", need_fields()
    )
    at.run(timeout=120)
    warnings = [w.value for w in at.warning]
    assert any("da allora i dati del percorso sono cambiati" in w and "premi «Prepara: DOCX»" in w for w in warnings)
    assert any(w.startswith("Verifica delle ") and "Verifica di nuovo" in w for w in warnings)
    assert "Scarica: DOCX" in [b.label for b in at.get("download_button")]  # the older file is still there, said so
    next(b for b in at.button if b.label == "Prepara: DOCX").click()
    at.run(timeout=120)
    assert not any("Prepara: DOCX" in w.value for w in at.warning)  # built again: current
    assert any(w.value.startswith("Verifica delle ") for w in at.warning)  # the check was not made again
    next(b for b in at.button if b.label == "Verifica la sintesi e prepara le edizioni").click()
    at.run(timeout=120)
    assert not at.warning


def test_the_final_sintesi_is_published_only_after_a_clean_check(demo_app):
    process_id = pid(demo_app)
    person = delegates.delegates(demo_app, process_id)[0]
    sintesi.save_texts(demo_app, STAFF, process_id, premessa=f"Grazie a {person['name']}.", conclusioni="")
    at = as_staff(page="pages/documenti.py")
    next(b for b in at.button if b.label == "Pubblica la versione definitiva n. 1").click()
    at.run(timeout=120)
    assert drafts.finals(demo_app, process_id) == []
    assert any("ha trovato" in e.value for e in at.error)
    findings = at.dataframe[-1].value  # the findings, listed: kind, where, detail
    assert set(findings["Dove"]) == {"edizione pubblica, DOCX", "edizione pubblica, HTML", "edizione pubblica, PDF"}
    assert all(person["name"] in detail for detail in findings["Dettaglio"])
    sintesi.save_texts(demo_app, STAFF, process_id, premessa="Il Comune ringrazia gli enti.", conclusioni="")
    next(b for b in at.button if b.label == "Pubblica la versione definitiva n. 1").click()
    at.run(timeout=120)
    assert [f["number"] for f in drafts.finals(demo_app, process_id)] == [1]
    assert "Documento di sintesi definitivo n. 1 pubblicato." in texts(at)
    assert "Versioni definitive pubblicate" in texts(at)


def test_synthesis_texts_and_version(demo_app):
    at = as_staff(page="pages/documenti.py")
    next(w for w in at.text_area if w.label == "Premessa").input("Il Comune di Milano avvia il percorso.")
    next(b for b in at.button if b.form_id == "synthesis").click()
    at.run()
    assert "Versione dei testi: 1" in texts(at)


def test_review_search_and_history(demo_app):
    person = delegates.delegates(demo_app, pid(demo_app))[0]
    session = sessions.sessions(demo_app)[0]
    cid = contributions.create(
        demo_app,
        delegates.delegate_actor(person),
        session["id"],
        "bisogno",
        need_fields(title="Parola rarissima zanzibar"),
    )
    at = open_tab(as_staff(page="pages/revisione.py"), "Tutti i contributi")
    next(w for w in at.text_input if w.label.startswith("Cerca")).input("zanzibar")
    at.run()
    assert "1 contributo" in texts(at) and "Parola rarissima zanzibar" in texts(at)
    assert any(f"Storia del contributo #{cid}" == e.label for e in at.expander)


def test_gdpr_erasure_from_the_page(demo_app):
    person = delegates.delegates(demo_app, pid(demo_app))[0]
    at = as_staff(page="pages/organizzazione.py")
    at.selectbox(key="code_delegate").select(person["id"])
    at.run()
    erase = next(b for b in at.button if b.label == "Cancella i dati personali")
    assert erase.disabled
    at.checkbox(key="gdpr_confirm").check()
    at.run()
    next(b for b in at.button if b.label == "Cancella i dati personali").click()
    at.run()
    assert delegates.get_delegate(demo_app, person["id"])["name"].startswith("Delegato rimosso")


def test_facilitator_notes_from_the_console(demo_app):
    at = as_staff("facilitatore", "pages/conduzione.py")
    running = at.selectbox(key="sessione").value  # a new tab: the percorso's first session
    next(w for w in at.text_area if w.label == "Note del facilitatore").input("Clima collaborativo.")
    next(b for b in at.button if b.form_id == "notes").click()
    at.run()
    assert sessions.get_session(demo_app, running)["notes"] == "Clima collaborativo."


def test_add_one_organisation_from_the_page(demo_app):
    at = as_staff(page="pages/preparazione.py")
    form = [w for w in at.text_input if w.form_id.startswith("add_organisation_")]
    next(w for w in form if w.label == "Denominazione *").input("Nuova Cooperativa Sociale")
    next(w for w in form if w.label == "Codice fiscale *").input("97999990159")
    next(w for w in form if w.label == "Nome del delegato (facoltativo)").input("Luisa Verdi")
    next(b for b in at.button if b.form_id.startswith("add_organisation_")).click()
    at.run()
    assert any(o["name"] == "Nuova Cooperativa Sociale" for o in organisations.organisations(demo_app, pid(demo_app)))
    next(w for w in at.text_input if w.form_id.startswith("add_organisation_") and w.label == "Denominazione *").input(
        "X"
    )
    next(b for b in at.button if b.form_id.startswith("add_organisation_")).click()
    at.run()
    assert "Denominazione: almeno 2 caratteri." in texts(at)
