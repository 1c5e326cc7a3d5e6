"""AppTests of the consolidation page and of a plenary ballot on a consolidated
list: what organisers and facilitators can do and see."""

import pytest

from coprog.ballots import ballots, tallying
from coprog.contributions import consolidation
from coprog.live import attendance
from coprog.procedure import delegates
from testkit.apptest import as_staff, button, texts, widget
from testkit.builders import FACILITATOR, tables_and_plenary

CONSOLIDATION = "pages/consolidamento.py"
PLENARY = "Plenaria di sintesi"


@pytest.fixture
def plenary_db(database, monkeypatch):
    monkeypatch.setenv("COPROG_DB", str(database.path))
    return tables_and_plenary(database)


def test_a_table_is_not_where_items_are_consolidated(plenary_db):
    at = as_staff(page=CONSOLIDATION, session=plenary_db["sessions"]["Tavolo Nord"])
    assert "Le voci dei tavoli si consolidano" not in texts(at)
    assert any("scegli una sessione plenaria" in i.value for i in at.info)


def test_promote_merge_and_split_from_the_page(plenary_db, database):
    at = as_staff(page=CONSOLIDATION, session=plenary_db["sessions"][PLENARY])
    assert [h.value for h in at.header][0] == "Elenco consolidato: Bisogno (0)"
    for box in at.checkbox:
        if box.key and box.key.startswith("promote_"):
            box.check()
    at = button(at, "Porta in plenaria").click().run()
    assert "Elenco consolidato: Bisogno (3)" in [h.value for h in at.header]
    assert "Possibili doppioni tra i tavoli" in [h.value for h in at.header]
    at = button(at, "Unisci").click().run()
    assert "Elenco consolidato: Bisogno (2)" in [h.value for h in at.header]
    captions = [c.value.replace("\\", "") for c in at.caption]  # Markdown escapes removed
    assert "Tavoli: Tavolo Nord, Tavolo Sud · 2 organizzazioni · Mun. 1, Mun. 2" in captions
    at = button(at, "Separa «Anziani soli d'estate»").click().run()
    assert "Elenco consolidato: Bisogno (3)" in [h.value for h in at.header]


def test_only_organisers_rewrite_the_wording(plenary_db, database):
    plenary = plenary_db["sessions"]["Plenaria di sintesi"]
    consolidation.promote(database, FACILITATOR, plenary, list(plenary_db["contributions"].values()))
    facilitator = as_staff("facilitatore", CONSOLIDATION, session=plenary_db["sessions"][PLENARY])
    needs = consolidation.items(database, plenary, "bisogno")
    assert not any(f"rewording_{i['id']}" in facilitator.session_state for i in needs)  # no «Riformula» for her
    at = as_staff(page=CONSOLIDATION, session=plenary_db["sessions"][PLENARY])
    assert all(f"rewording_{i['id']}" in at.session_state for i in needs)  # a «Riformula» per item of the list
    assert not [w for w in at.text_input if (w.form_id or "").startswith("reword_")]  # its form drawn once opened
    item = needs[0]
    at.session_state[f"rewording_{item['id']}"] = True
    at.run()
    widget(at, "text_input", "Titolo", form=f"reword_{item['id']}").input("Anziani soli nei mesi estivi")
    at = next(b for b in at.button if b.form_id == f"reword_{item['id']}").click().run()
    assert consolidation.items(database, plenary, "bisogno")[0]["title"] == "Anziani soli nei mesi estivi"
    assert any("testo riformulato" in c.value for c in at.caption)


def test_the_facilitator_opens_a_ballot_on_a_consolidated_list(plenary_db, database):
    plenary = plenary_db["sessions"]["Plenaria di sintesi"]
    consolidation.promote(database, FACILITATOR, plenary, list(plenary_db["contributions"].values()))
    at = as_staff("facilitatore", "pages/votazioni.py", session=plenary_db["sessions"][PLENARY])
    assert "Voci in votazione (0)" in texts(at)  # the phase collects nothing: only the lists can be voted
    widget(at, "selectbox", "Che cosa si vota").select("bisogno")
    at.run()
    assert "Voci in votazione (3)" in texts(at)
    at.get("button_group")[0].set_value("punti")
    at = button(at, "Apri la votazione").click().run()
    ballot = ballots.open_in_session(database, plenary)
    assert ballot["list_type"] == "bisogno" and len(tallying.items(database, ballot["id"])) == 3
    people = plenary_db["people"]
    first = tallying.items(database, ballot["id"])[0]["id"]
    attendance.check_in(database, people["Anna Rossi"], plenary)
    ballots.cast(database, delegates.delegate_actor(people["Anna Rossi"]), ballot["id"], {first: 2})
    at = as_staff("facilitatore", "pages/votazioni.py", session=plenary_db["sessions"][PLENARY])
    tabs = [t.label for t in at.tabs]
    assert tabs[:3] == ["Per tavolo", "Per Municipio", "Per attività"]
    by_table = at.tabs[0].dataframe[0].value
    assert list(by_table.columns) == ["Voce", "Tavolo Nord (1)"]
    assert by_table.iloc[0].tolist() == ["Anziani soli d'estate nel quartiere", 2]
