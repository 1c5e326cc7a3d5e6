"""AppTests of voting: the delegate's ballot, the staff page, the projector."""

import pytest

from coprog.ballots import ballots, tallying
from coprog.contributions import contributions
from coprog.live import attendance, facilitation
from coprog.procedure import delegates, sessions
from testkit.apptest import as_delegate, as_staff, texts, widget
from testkit.builders import OUTCOME, STAFF


@pytest.fixture
def voting(app_db, database):
    """The plenary in its strategy phase with two approved proposals; Anna and Carla joined."""
    sid = app_db["session_id"]
    strategies = sessions.phases(database, sid)[2]
    facilitation.set_current_phase(database, STAFF, sid, strategies["id"])
    facilitation.set_contributions_open(database, STAFF, strategies["id"], True)
    for name, title in (("anna", "Sportello unico"), ("carla", "Custode sociale")):
        contributions.create(
            database,
            delegates.delegate_actor(app_db[name]),
            sid,
            "strategia",
            {"title": title, "body": "Testo della proposta"},
        )
        attendance.check_in(database, app_db[name], sid)
    return app_db


def test_dot_ballot_with_remaining_budget_and_confirmation(voting, database):
    bid = ballots.open_ballot(database, STAFF, voting["session_id"], "punti")
    ids = [i["id"] for i in tallying.items(database, bid)]
    at = as_delegate(voting["anna"], session=voting["session_id"])
    assert at.warning[0].value == "È aperta una votazione: vota qui sotto."  # the banner, on top
    headers = [h.value for h in at.header]
    assert headers.index("Votazione: Punti da distribuire") < headers.index("Proponi: Strategia")  # the ballot first
    assert "Punti rimasti: **5** di 5" in texts(at)
    at.number_input(key=f"pts_{bid}_{ids[0]}").set_value(3)
    at.run()
    assert "Punti rimasti: **2** di 5" in texts(at)
    at.button(key=f"cast_{bid}").click()
    at.run()
    assert any("Voto registrato alle" in s.value for s in at.success)
    # the confirmation says what was stored, read back from the database
    assert any(f"- {tallying.items(database, bid)[0]['title']}: 3 punti" in s.value for s in at.success)
    assert ballots.current_vote(database, bid, delegates.delegate_actor(voting["anna"]))["choices"] == {ids[0]: 3}
    assert "Ultimo voto registrato: Anna Rossi" in texts(at)


def test_over_budget_cannot_be_sent(voting, database):
    bid = ballots.open_ballot(database, STAFF, voting["session_id"], "punti")
    ids = [i["id"] for i in tallying.items(database, bid)]
    at = as_delegate(voting["anna"], session=voting["session_id"])
    at.number_input(key=f"pts_{bid}_{ids[0]}").set_value(3)
    at.number_input(key=f"pts_{bid}_{ids[1]}").set_value(3)
    at.run()
    assert "Hai superato il budget di 1 punto." in texts(at)
    assert at.button(key=f"cast_{bid}").disabled


def test_colleague_sees_and_replaces_the_organisation_ballot(voting, database):
    bid = ballots.open_ballot(database, STAFF, voting["session_id"], "approvazione")
    ids = [i["id"] for i in tallying.items(database, bid)]
    ballots.cast(database, delegates.delegate_actor(voting["anna"]), bid, [ids[0]])
    at = as_delegate(voting["bruno"], session=voting["session_id"])
    assert "Ultimo voto registrato: Anna Rossi" in texts(at)
    at.checkbox(key=f"ok_{bid}_{ids[0]}").uncheck()
    at.checkbox(key=f"ok_{bid}_{ids[1]}").check()
    next(b for b in at.button if b.label == "Registra il voto").click()
    at.run()
    assert ballots.current_vote(database, bid, delegates.delegate_actor(voting["anna"]))["choices"] == [ids[1]]
    assert tallying.results(database, bid)["voters"] == 1


def test_results_hidden_from_delegates_unless_live(voting, database):
    bid = ballots.open_ballot(database, STAFF, voting["session_id"], "punti")
    at = as_delegate(voting["anna"], session=voting["session_id"])
    assert "I risultati saranno mostrati alla chiusura." in texts(at)
    ballots.set_show_live(database, STAFF, bid, True)
    at = as_delegate(voting["anna"], session=voting["session_id"])
    assert any(c.value.startswith("Schede: 0") for c in at.caption)
    assert "I risultati saranno mostrati alla chiusura." not in texts(at)


def test_staff_open_toggle_close(voting, database):
    at = as_staff(page="pages/votazioni.py")
    assert "Voci in votazione (2)" in texts(at)
    assert "Dimensioni" not in [w.label for w in at.multiselect]  # the dot ballot's settings only
    at.get("button_group")[0].set_value("valutazione")
    at.run()
    assert "Dimensioni" in [w.label for w in at.multiselect] and "Tetto per voce" not in [
        w.label for w in at.number_input
    ]
    next(b for b in at.button if b.label == "Apri la votazione").click()
    at.run()
    ballot = ballots.open_in_session(database, voting["session_id"])
    assert ballot["method"] == "valutazione" and ballot["dimensions"] == "importanza,fattibilita"
    assert "0 di 2 organizzazioni hanno votato" in [m.value for m in at.metric]
    at.toggle[0].set_value(True)
    at.run()
    assert tallying.get(database, ballot["id"])["show_live"] == 1
    next(b for b in at.button if b.label == "Chiudi e congela i risultati").click()
    at.run()  # no outcome: refused, with the reason
    assert tallying.get(database, ballot["id"])["status"] == "aperta"
    assert "Che cosa si è deciso: campo obbligatorio." in [e.value for e in at.error]
    widget(at, "text_area", "Che cosa si è deciso").input("Le due voci entrano tra le priorità")
    widget(at, "text_area", "Dissenso").input("Un ente chiede più risorse")
    next(b for b in at.button if b.label == "Chiudi e congela i risultati").click()
    at.run()
    closed = tallying.get(database, ballot["id"])
    assert closed["status"] == "chiusa" and closed["outcome_dissent"] == "Un ente chiede più risorse"
    assert ballots.snapshot(database, ballot["id"])["outcome"]["decided"] == "Le due voci entrano tra le priorità"


def test_staff_prepare_then_open_or_drop(voting, database):
    """«Prepara, la apro dopo»: the items fixed, nobody votes yet (the delegate's page
    holds the ballot in a hidden box); «Apri ora» opens it; «Annulla» drops it."""
    at = as_staff(page="pages/votazioni.py")
    at.get("button_group")[0].set_value("approvazione")
    at.run()
    next(b for b in at.button if b.label == "Prepara, la apro dopo").click()
    at.run()
    prepared = ballots.prepared_in_session(database, voting["session_id"])
    assert prepared["method"] == "approvazione" and ballots.open_in_session(database, voting["session_id"]) is None
    assert "Votazione preparata (Approvazione): le pagine dei delegati la tengono pronta, nascosta." in [
        s.value for s in at.success
    ]
    assert "Votazione preparata: Approvazione" in [h.value for h in at.header]
    assert "- Sportello unico" in texts(at) and "- Custode sociale" in texts(at)
    delegate = as_delegate(voting["anna"], session=voting["session_id"])
    held = [e for e in delegate.get("html") if f"ballot_box_{prepared['id']}" in e.proto.body]
    assert held and "display: none" in held[0].proto.body  # drawn, hidden until the opening
    assert delegate.warning[0].value == "È aperta una votazione: vota qui sotto."  # in the hidden box
    next(b for b in at.button if b.label == "Apri ora").click()
    at.run()
    assert ballots.open_in_session(database, voting["session_id"])["id"] == prepared["id"]
    assert "Votazione aperta: compare ora su tutti gli schermi." in [s.value for s in at.success]
    delegate.run()
    assert not [e for e in delegate.get("html") if "ballot_box_" in e.proto.body]  # open: no hiding rule
    ballots.close(database, STAFF, prepared["id"], OUTCOME)
    at.run()
    next(b for b in at.button if b.label == "Prepara, la apro dopo").click()
    at.run()
    again = ballots.prepared_in_session(database, voting["session_id"])
    next(b for b in at.button if b.label == "Annulla la votazione preparata").click()
    at.run()
    assert ballots.prepared_in_session(database, voting["session_id"]) is None
    assert database.scalar("SELECT count(*) FROM ballot WHERE id = ?", (again["id"],)) == 0
    assert "Votazione preparata annullata: nessuno l'ha vista." in [s.value for s in at.success]
    assert next(b for b in at.button if b.label == "Apri la votazione")  # the form again


def test_only_organisers_see_each_organisation_ballot(voting, database):
    bid = ballots.open_ballot(database, STAFF, voting["session_id"], "punti")
    ids = [i["id"] for i in tallying.items(database, bid)]
    ballots.cast(database, delegates.delegate_actor(voting["carla"]), bid, {ids[1]: 2})
    ballots.close(database, STAFF, bid, OUTCOME)
    organiser = as_staff(page="pages/votazioni.py")
    assert "Schede per organizzazione (solo organizzatori)" in texts(organiser)
    assert any("Associazione Beta APS" in str(df.value.values) for df in organiser.dataframe)
    facilitator = as_staff("facilitatore", "pages/votazioni.py")
    assert "Schede per organizzazione" not in texts(facilitator)


def test_projector_turnout_then_revealed_results(voting, database):
    bid = ballots.open_ballot(database, STAFF, voting["session_id"], "punti")
    ids = [i["id"] for i in tallying.items(database, bid)]
    ballots.cast(database, delegates.delegate_actor(voting["anna"]), bid, {ids[0]: 3})
    at = as_staff("facilitatore", "pages/proiettore.py")
    assert "## 1 di 2 organizzazioni ha votato" in texts(at)
    assert len(at.get("plotly_chart")) == 0
    ballots.close(database, STAFF, bid, OUTCOME)
    registry_session = sessions.get_session(database, voting["session_id"])
    assert registry_session["show_results"] == 0
    from coprog.live import facilitation

    facilitation.set_show_results(database, STAFF, voting["session_id"], True)
    at = as_staff("facilitatore", "pages/proiettore.py")
    assert len(at.get("plotly_chart")) == 1 and "Schede: 1" in texts(at)


def test_delegates_cannot_reach_the_ballots_page(voting):
    at = as_delegate(voting["anna"], "pages/votazioni.py")
    assert "Questa pagina è riservata allo staff." in [e.value for e in at.error]


def test_a_proxy_votes_for_the_ets_represented_on_their_own_page(voting, database):
    from coprog.live import attendance

    bid = ballots.open_ballot(database, STAFF, voting["session_id"], "punti")
    ids = [i["id"] for i in tallying.items(database, bid)]
    beta = voting["carla"]["organisation_id"]
    attendance.check_in_by_hand(
        database, STAFF, voting["session_id"], voting["bruno"]["id"], represents_organisation_id=beta
    )
    at = as_delegate(voting["bruno"], session=voting["session_id"])
    assert "Voto per delega: Associazione Beta APS" in texts(at)
    at.number_input(key=f"pts_{bid}_proxy_{ids[1]}").set_value(2)
    at.run()
    at.button(key=f"cast_{bid}_proxy").click()
    at.run()
    vote = ballots.current_vote(database, bid, delegates.delegate_actor(voting["carla"]))
    assert vote["choices"] == {ids[1]: 2} and vote["proxy"] == 1 and vote["cast_by"] == "Bruno Verdi"
    carla = as_delegate(
        voting["carla"], session=voting["session_id"]
    )  # Beta's own delegate sees who voted for her ETS, and how
    assert "Ultima scheda: per delega da Bruno Verdi (Cooperativa Sociale Alfa)" in texts(carla)


def test_the_facilitator_enters_a_paper_ballot_and_cannot_count_an_ets_twice(voting, database):
    bid = ballots.open_ballot(database, STAFF, voting["session_id"], "approvazione")
    ballots.cast(database, delegates.delegate_actor(voting["anna"]), bid, [tallying.items(database, bid)[0]["id"]])
    at = as_staff(page="pages/votazioni.py")
    next(s for s in at.selectbox if s.label == "Ente").set_value(voting["anna"]["organisation_id"])
    at.run()
    assert "Questo ente ha già votato dal portatile" in texts(at)
    second = tallying.items(database, bid)[1]["id"]
    next(
        c for c in at.checkbox if c.key and c.key.startswith(f"ok_paper_{bid}_") and c.key.endswith(f"_{second}")
    ).check()
    next(b for b in at.button if b.form_id and b.form_id.startswith(f"ballot_paper_{bid}_")).click()
    at.run()
    assert "Questo ente ha già votato dal portatile: per sostituire" in texts(at)  # refused without the checkbox
    assert database.scalar("SELECT source FROM vote") == "laptop"
    next(c for c in at.checkbox if c.label.startswith("Sostituisci")).check()
    at.run()
    next(
        c for c in at.checkbox if c.key and c.key.startswith(f"ok_paper_{bid}_") and c.key.endswith(f"_{second}")
    ).check()
    next(b for b in at.button if b.form_id and b.form_id.startswith(f"ballot_paper_{bid}_")).click()
    at.run()
    assert database.query("SELECT source, replaced_laptop FROM vote") == [{"source": "carta", "replaced_laptop": 1}]


def test_colleague_ballot_cast_meanwhile_is_not_replaced_unseen(voting, database):
    """Anna and Bruno (one ETS) both have the ballot open; Anna votes. Bruno's
    vote, sent from the form he opened before, is refused: the message names
    Anna and says what counts now, his choices stay; sent again, having seen
    it, his ballot replaces hers. Still one ballot for the ETS."""
    bid = ballots.open_ballot(database, STAFF, voting["session_id"], "approvazione")
    ids = [i["id"] for i in tallying.items(database, bid)]
    anna = as_delegate(voting["anna"], session=voting["session_id"])
    bruno = as_delegate(voting["bruno"], session=voting["session_id"])
    assert "La tua organizzazione non ha ancora votato." in texts(bruno)
    anna.checkbox(key=f"ok_{bid}_{ids[0]}").check()
    next(b for b in anna.button if b.label == "Registra il voto").click()
    anna.run()
    bruno.run()  # a run of his page meanwhile (a control changed, a part moved) is not having seen her ballot
    bruno.checkbox(key=f"ok_{bid}_{ids[1]}").check()
    next(b for b in bruno.button if b.label == "Registra il voto").click()
    bruno.run()
    counted = ballots.current_vote(database, bid, delegates.delegate_actor(voting["anna"]))
    assert counted["choices"] == [ids[0]] and counted["cast_by"] == "Anna Rossi"
    refusal = " ".join(e.value for e in bruno.error)
    assert "Anna Rossi" in refusal and "non inviato" in refusal.lower()
    assert tallying.items(database, bid)[0]["title"] in refusal  # what counts now, under it
    assert "Ultimo voto registrato: Anna Rossi" in texts(bruno)
    assert bruno.session_state[f"ok_{bid}_{ids[1]}"]  # his choices stay as he set them
    # the box above the ballot now shows Anna's: what a vote sent again replaces
    assert bruno.session_state[f"vote_{bid}_seen"] == ballots.version(counted)
    bruno.run()  # AppTest keeps only the fragments a partial run drew; the browser keeps the page
    assert bruno.checkbox(key=f"ok_{bid}_{ids[1]}").value and not bruno.checkbox(key=f"ok_{bid}_{ids[0]}").value
    next(b for b in bruno.button if b.label == "Registra il voto").click()
    bruno.run()
    assert not bruno.error and any("Voto registrato alle" in s.value for s in bruno.success)
    counted = ballots.current_vote(database, bid, delegates.delegate_actor(voting["anna"]))
    assert counted["choices"] == [ids[1]] and counted["cast_by"] == "Bruno Verdi"
    assert tallying.results(database, bid)["voters"] == 1
    bruno.run()
    next(b for b in bruno.button if b.label == "Registra il voto").click()  # his own ballot again: no refusal
    bruno.run()
    assert not bruno.error


def test_a_ballot_drawn_again_from_what_counts_replaces_it(voting, database):
    """Back on the ballot after another page, the controls start again from the
    ETS's ballot as it stands (a colleague's): sending them replaces it, no refusal."""
    bid = ballots.open_ballot(database, STAFF, voting["session_id"], "approvazione")
    ids = [i["id"] for i in tallying.items(database, bid)]
    bruno = as_delegate(voting["bruno"], session=voting["session_id"])
    ballots.cast(database, delegates.delegate_actor(voting["anna"]), bid, [ids[0]])
    bruno.switch_page("pages/miei_contributi.py").run()
    bruno.switch_page("pages/partecipa.py").run()
    assert bruno.checkbox(key=f"ok_{bid}_{ids[0]}").value  # her choices, as they count now
    bruno.checkbox(key=f"ok_{bid}_{ids[1]}").check()
    next(b for b in bruno.button if b.label == "Registra il voto").click()
    bruno.run()
    assert not bruno.error
    counted = ballots.current_vote(database, bid, delegates.delegate_actor(voting["anna"]))
    assert counted["choices"] == [ids[0], ids[1]] and counted["cast_by"] == "Bruno Verdi"
