"""AppTests of the shared reading of needs."""

from coprog.contributions import contributions
from coprog.procedure import delegates
from testkit.apptest import as_delegate, as_staff, new_app, open_tab, texts, widget
from testkit.builders import need_fields
from ui import reading


def log(database, world, name, **fields):
    contributions.create(
        database, delegates.delegate_actor(world[name]), world["session_id"], "bisogno", need_fields(**fields)
    )


def test_delegates_read_their_territory_by_default(app_db, database):
    log(database, app_db, "anna", municipi=[1], title="Nel Municipio uno")
    log(database, app_db, "carla", municipi=[7], title="Nel Municipio sette, da un altro ente")
    log(database, app_db, "anna", municipi=[5], title="Nel Municipio cinque, il suo")
    log(database, app_db, "anna", citywide=True, municipi=[], title="In tutta la città")
    at = as_delegate(app_db["anna"], "pages/lettura.py")  # Alfa works in Municipi 1 and 2
    assert not at.exception
    assert widget(at, "multiselect", "Municipi").value == [1, 2, 5]  # and reported a need in 5: her own is never hidden
    assert "Bisogni mostrati: **3** su 4." in texts(at)
    assert "Confronto tra sessioni" not in [tab.label for tab in at.tabs]
    widget(at, "multiselect", "Municipi").set_value([])
    at.run()
    assert "Bisogni mostrati: **4** su 4." in texts(at)


def test_every_chart_has_caption_method_and_csv(app_db, database):
    log(database, app_db, "carla", municipi=[3])
    at = as_staff(page="pages/lettura.py")
    assert not at.exception
    labels = [tab.label for tab in at.tabs]
    assert "Confronto tra sessioni" in labels
    assert len(at.get("plotly_chart")) == 1  # only the open tab (the map) is drawn
    for label in [*labels[: len(reading.VIEWS)], "Confronto tra sessioni"]:  # each chart's tab, opened in turn
        open_tab(at, label)
        assert not at.exception, label
        assert len(at.get("plotly_chart")) == 1, label
        assert len(at.get("download_button")) == 1, label
        assert texts(at).count("Metodo:") >= 1, label


def test_map_levels_and_measures(app_db, database):
    log(database, app_db, "anna", municipi=[1], nils=[1])
    at = as_staff(page="pages/lettura.py")
    widget(at, "radio", "Misura").set_value("per_10k_over65")
    at.run()
    assert "Stima: i residenti per Municipio" in texts(at)
    widget(at, "radio", "Livello").set_value("nil")
    at.run()
    assert "Solo i bisogni che indicano un quartiere" in texts(at)
    assert not at.exception


def test_anonymous_cannot_read(app_db):
    at = new_app()
    at.switch_page("pages/lettura.py")
    at.run()
    assert "Entra con il tuo codice personale" in texts(at)


def test_reading_in_english(app_db, database):
    log(database, app_db, "anna", municipi=[2])
    at = as_staff(page="pages/lettura.py")
    at.session_state["lang"] = "en"
    at.run()
    assert "Shared reading of needs" in texts(at)
    assert "Needs shown: **1** of 1." in texts(at)


def test_city_data_layers_and_keywords_by_area(app_db, database):
    log(database, app_db, "anna", municipi=[1], title="Caregiver esausti senza sollievo", area="caregiver")
    log(database, app_db, "anna", municipi=[1], title="Povertà energetica degli anziani", area="poverta")
    at = as_staff(page="pages/lettura.py")
    widget(at, "radio", "Misura").set_value("over80_alone")
    at.run()
    assert "Stima: i residenti per Municipio" in texts(at) and not at.exception
    open_tab(at, "Parole chiave")
    at.selectbox(key="keyword_area").select("caregiver")
    at.run()
    assert not at.exception
