"""AppTests of the offer: a delegate declares a service through the form (and
a wrong one is refused with nothing written), withdraws it; organisers check
and import; the reading's tab shows the offer beside the needs, each view; the
projector's slot draws needs beside services."""

import pytest

from coprog.procedure import delegates
from coprog.reading import offer
from testkit.apptest import as_delegate, as_staff, open_tab, texts, widget
from testkit.builders import STAFF
from testkit.offer import csv_bytes, import_rows, offer_world


@pytest.fixture
def world(database, monkeypatch):
    monkeypatch.setenv("COPROG_DB", str(database.path))
    return offer_world(database)


def test_a_delegate_declares_a_service_and_sees_it_waiting(world, database):
    at = as_delegate(world["people"]["Carla Neri"], "pages/offerta.py")
    assert "Sollievo ai caregiver" in texts(at)  # Gamma's own, checked
    form = "service_0"  # the declaration form (a fresh key after each declaration)
    widget(at, "multiselect", "Municipi", "").set_value([3]).run()
    widget(at, "selectbox", "Tipo di servizio", form).set_value("telesoccorso")
    widget(at, "multiselect", "Destinatari", form).set_value(["anziani_soli"])
    widget(at, "number_input", "Persone raggiunte", form).set_value(25)
    widget(at, "number_input", "Ore di servizio", form).set_value(6)
    widget(at, "number_input", "Personale retribuito", form).set_value(1)
    widget(at, "number_input", "Volontari", form).set_value(2)
    widget(at, "text_input", "Sede 1: nome", form).input("Via Pascoli 10")
    widget(at, "selectbox", "Sede 1: quartiere", form).set_value(22)
    widget(at, "checkbox", "Disponibile per la co-progettazione", form).check()
    next(b for b in at.button if b.label == "Dichiara il servizio").click().run()
    assert "Servizio dichiarato: gli organizzatori lo verificheranno." in texts(at)
    mine = offer.services(database, world["process_id"], statuses=("nuovo",))
    assert list(mine["type"]) == ["telesoccorso"] and mine.iloc[0]["premises"] == "Via Pascoli 10 (22)"
    assert "In verifica" in texts(at)


def test_a_wrong_declaration_is_refused_with_nothing_written(world, database):
    before = database.scalar("SELECT count(*) FROM service")
    at = as_delegate(world["people"]["Carla Neri"], "pages/offerta.py")
    form = "service_0"  # the declaration form (a fresh key after each declaration)
    widget(at, "selectbox", "Tipo di servizio", form).set_value("altro")
    next(b for b in at.button if b.label == "Dichiara il servizio").click().run()
    errors = [e.value for e in at.error]
    assert any("Quale servizio" in e for e in errors) and any("Destinatari" in e for e in errors)
    assert any("Persone raggiunte" in e for e in errors)
    assert database.scalar("SELECT count(*) FROM service") == before


def test_withdrawing_a_service(world, database):
    at = as_delegate(world["people"]["Carla Neri"], "pages/offerta.py")
    next(b for b in at.button if b.label == "Ritira questo servizio").click().run()
    assert "Servizio ritirato." in texts(at)
    assert "Il vostro ente non ha ancora dichiarato servizi." in texts(at)


def test_organisers_check_and_import(world, database):
    carla = delegates.delegate_actor(world["people"]["Carla Neri"])
    from testkit.offer import service_fields

    waiting = offer.declare(database, carla, service_fields("telesoccorso", [22], 5, 1, 0, 1, False, False))
    at = as_staff(page="pages/risorse.py")
    assert "Da verificare" in [t.label for t in at.tabs] and "1 servizio attende la verifica." in texts(at)
    form = f"check_{waiting}"
    next(b for b in at.button if b.label == "Non pubblicare" and b.form_id == form).click().run()
    assert any("Motivazione" in e.value for e in at.error)  # a reason is needed
    widget(at, "text_input", "Motivo", form).input("Servizio fuori ambito")
    next(b for b in at.button if b.label == "Non pubblicare" and b.form_id == form).click().run()
    assert "Servizio non pubblicato; l'ente vede il motivo." in texts(at)
    assert database.scalar("SELECT status FROM service WHERE id = ?", [waiting]) == "nascosto"
    mine = as_delegate(world["people"]["Carla Neri"], "pages/offerta.py")
    assert "Non pubblicato" in texts(mine) and "Servizio fuori ambito" in texts(mine)


def test_the_reading_shows_the_offer_beside_the_needs(world, database):
    at = as_staff(page="pages/lettura.py")
    assert "Risorse disponibili" in [t.label for t in at.tabs]
    open_tab(at, "Risorse disponibili")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["ETS con servizi"] == "4" and metrics["Bisogni scoperti"] == "1 / 5"
    for view in ("mappa", "territori", "aree", "servizi", "frammentazione", "rete", "abbinamenti"):
        next(r for r in at.radio if r.key == "res_view").set_value(view).run()
        assert not at.exception, view
        assert [d for d in at.get("download_button") if d.proto.label == "Scarica i dati (CSV)"], view
    next(r for r in at.radio if r.key == "res_view").set_value("mappa").run()
    next(r for r in at.radio if r.key == "res_level").set_value("nil").run()
    next(r for r in at.radio if r.key == "res_metric").set_value("most_ets_one_type").run()
    assert not at.exception


def test_a_delegate_reads_the_offer_too(world):
    at = as_delegate(world["people"]["Anna Rossi"], "pages/lettura.py")
    assert not at.exception
    assert "Risorse disponibili" in [t.label for t in at.tabs]


def test_the_projector_slot_draws_needs_beside_services(world, database):
    at = as_staff(page="pages/proiettore.py", session=world["sessions"]["Tavolo Nord"])
    facilitation_view(database, world, "risorse")
    at.run()
    assert not at.exception
    charts = at.get("plotly_chart")
    assert any("Bisogni e offerta degli ETS" in c.proto.spec for c in charts)


def facilitation_view(database, world, view):
    from coprog.live import facilitation

    facilitation.set_board_view(database, STAFF, world["sessions"]["Tavolo Nord"], view)


def test_import_errors_by_row_then_the_fixed_file(world, database, tmp_path):
    codes = [r["codice_fiscale"] for r in database.query("SELECT codice_fiscale FROM organisation ORDER BY id")]
    before = database.scalar("SELECT count(*) FROM service")
    rows = import_rows(codes, 40, bad_row=5)
    result, errors = offer.preview(database, STAFF, "s.csv", csv_bytes(rows), process_id=world["process_id"])
    assert result is None and errors[0][0] == 6
    assert database.scalar("SELECT count(*) FROM service") == before
