"""Two people editing the same text from two tabs (ui/editing.py over
coprog/storage/edits.py): the second «Salva» made from the version the first
replaced is refused, the person's text stays in the box and the saved version
shows under it; a second «Salva» replaces it. A tab that learns of the other
version before saving says so and loads it on request."""

from coprog.contributions import contributions
from coprog.procedure import delegates, sessions
from testkit.apptest import as_delegate, as_staff, button, texts
from testkit.builders import need_fields

CONFLICT = "Non salvato: nel frattempo"


def notes_box(at):
    return next(w for w in at.text_area if w.label == "Note del facilitatore")


def save_notes(at, typed: str):
    notes_box(at).input(typed)
    next(b for b in at.button if b.form_id == "notes").click()
    return at.run()


def save_in(at, form: str, kind: str, label: str, typed: str):
    """Type ``typed`` in the ``kind`` widget labelled ``label…`` of the form ``form``,
    press the form's button and let the page run; the widget, for a look afterwards."""
    box = next(w for w in getattr(at, kind) if w.form_id == form and w.label.startswith(label))
    box.input(typed)
    next(b for b in at.button if b.form_id == form).click()
    at.run()
    return box


def stored_notes(database, session_id) -> str:
    return sessions.get_session(database, session_id)["notes"]


def test_two_facilitators_save_the_notes_and_neither_is_lost(app_db, database):
    sid = app_db["session_id"]
    anna = as_staff("facilitatore", "pages/conduzione.py", session=sid)
    bice = as_staff("facilitatore", "pages/conduzione.py", session=sid)  # both open the notes, empty
    save_notes(anna, "Presenti 12 ETS; il Municipio 3 chiede un tavolo sulle dimissioni protette.")
    assert "Note del facilitatore salvate." in texts(anna)
    save_notes(bice, "Intervento di Beta sui caregiver.")
    shown = texts(bice)
    assert CONFLICT in shown and "Note del facilitatore salvate." not in shown
    assert "Versione salvata ora" in shown and "Presenti 12 ETS; il Municipio 3 chiede" in shown
    assert notes_box(bice).value == "Intervento di Beta sui caregiver."  # her text is still hers
    assert stored_notes(database, sid).startswith("Presenti 12 ETS")  # Anna's stands
    # Bice merges the two, having seen Anna's, and saves again: hers replaces it
    merged = "Presenti 12 ETS; il Municipio 3 chiede un tavolo sulle dimissioni protette.\nIntervento di Beta."
    save_notes(bice, merged)
    assert "Note del facilitatore salvate." in texts(bice)
    assert stored_notes(database, sid) == merged
    # Anna's tab, drawn again, says the text changed and loads it on request
    anna.run()
    assert "Nel frattempo qualcuno ha salvato un'altra versione di questo testo." in texts(anna)
    assert notes_box(anna).value.startswith("Presenti 12 ETS; il Municipio 3 chiede")  # what she saved, kept
    button(anna, "Carica la versione salvata (perdi le modifiche non salvate)").click()
    anna.run()
    assert notes_box(anna).value == merged
    assert "Nel frattempo qualcuno" not in texts(anna)


def test_the_author_editing_while_the_moderator_corrects_sees_the_correction(app_db, database):
    author = delegates.delegate_actor(app_db["anna"])
    cid = contributions.create(
        database, author, app_db["session_id"], "bisogno", need_fields(title="Anziani soli d estate")
    )
    mine = as_delegate(app_db["anna"], "pages/miei_contributi.py")  # Anna opens her need to edit it
    moderator = as_staff("facilitatore", "pages/moderazione.py", session=app_db["session_id"])
    moderator.get("button_group")[0].set_value("approvato")  # the open session's contributions
    moderator.session_state[f"mod_edit_{cid}"] = True  # and opens «Correggi» on the need
    moderator.run()
    save_in(moderator, f"fix_{cid}", "text_input", "Titolo", "Anziani soli d'estate")
    assert contributions.get(database, cid)["title"] == "Anziani soli d'estate"
    body = save_in(
        mine, f"edit_{cid}", "text_area", "Descrizione", "Soprattutto in agosto, quando chiudono i centri diurni."
    )
    shown = texts(mine)
    assert CONFLICT in shown and "Anziani soli d'estate" in shown  # the correction, shown to her
    assert contributions.get(database, cid)["body"] == ""  # nothing of hers written over it unseen
    assert body.value == "Soprattutto in agosto, quando chiudono i centri diurni."
    # she takes the corrected title and saves again
    save_in(mine, f"edit_{cid}", "text_input", "Titolo", "Anziani soli d'estate")
    saved = contributions.get(database, cid)
    assert (saved["title"], saved["body"]) == (
        "Anziani soli d'estate",
        "Soprattutto in agosto, quando chiudono i centri diurni.",
    )
    # the moderator's tab, drawn again, says her version came after its form and loads it on request
    moderator.run()
    assert "Nel frattempo qualcuno ha salvato" in texts(moderator)
    button(moderator, "Carica la versione salvata (perdi le modifiche non salvate)").click()
    moderator.run()
    fixed = next(w for w in moderator.text_area if w.form_id == f"fix_{cid}" and w.label.startswith("Descrizione"))
    assert fixed.value == "Soprattutto in agosto, quando chiudono i centri diurni."


def test_two_organisers_change_the_settings_of_the_percorso(app_db, database):
    """The percorso's form (dates, deadlines and texts): the second save from the version
    the first replaced is refused, the dates and texts she typed stay in the form."""
    from coprog.procedure import processes

    pid = app_db["process_id"]
    anna = as_staff(page="pages/preparazione.py")
    bice = as_staff(page="pages/preparazione.py")
    save_in(anna, "process", "text_area", "Descrizione", "Percorso sulla domiciliarità.")
    assert processes.get(database, pid)["description"] == "Percorso sulla domiciliarità."
    privacy = save_in(bice, "process", "text_area", "Informativa privacy", "Il titolare è il Comune di Milano.")
    shown = texts(bice)
    assert CONFLICT in shown and "Percorso sulla domiciliarità" in shown  # Anna's, in the saved version
    assert processes.get(database, pid)["privacy_text"] in ("", None)  # nothing of Bice's written over it
    assert privacy.value == "Il titolare è il Comune di Milano."
    save_in(bice, "process", "text_area", "Descrizione", "Percorso sulla domiciliarità.")  # seen: she keeps both
    saved = processes.get(database, pid)
    assert (saved["description"], saved["privacy_text"]) == (
        "Percorso sulla domiciliarità.",
        "Il titolare è il Comune di Milano.",
    )


def test_a_session_renamed_in_its_form_keeps_its_box_open_and_refuses_a_stale_save(app_db, database):
    sid = app_db["session_id"]
    anna = as_staff(page="pages/preparazione.py")
    bice = as_staff(page="pages/preparazione.py")
    assert save_in(anna, f"session_{sid}", "text_input", "Titolo", "Plenaria di avvio").value == "Plenaria di avvio"
    assert sessions.get_session(database, sid)["title"] == "Plenaria di avvio"
    place = save_in(bice, f"session_{sid}", "text_input", "Luogo", "Sala Alessi")
    assert CONFLICT in texts(bice) and "Plenaria di avvio" in texts(bice)
    assert sessions.get_session(database, sid)["place"] in ("", None)
    assert place.value == "Sala Alessi"
