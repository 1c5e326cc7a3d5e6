"""Percorsi for the documento di sintesi's tests, built through the core as
organisers, facilitators and delegates would: ``published_percorso`` (two
working tables each with a ballot closed with its outcome, a plenary that
consolidates the tables' strategies and votes on them, an ETS that took part
at a table and was then turned down, a contribution hidden after its vote)
and ``random_percorso`` (its choices drawn by the caller: Hypothesis in
tests/unit/test_sintesi_property.py)."""

from __future__ import annotations

from coprog.ballots import ballots, tallying
from coprog.contributions import consolidation, contributions, moderation
from coprog.live import attendance, facilitation
from coprog.procedure import delegates, sessions
from coprog.procedure.organisations import set_admission
from coprog.texts.errors import NotAllowed

from .builders import STAFF, admitted_ets, fiscal_code, need_fields, tables_and_plenary

NORTH_OUTCOME = {
    "decided": "Al Nord la priorità è lo sportello unico",
    "open": "Come finanziare il custode sociale",
    "dissent": "Beta preferisce partire dai custodi",
}
SOUTH_OUTCOME = {"decided": "Al Sud si parte dallo sportello in ogni Municipio", "open": "", "dissent": ""}
PLENARY_OUTCOME = {
    "decided": "La plenaria mette lo sportello unico al primo posto",
    "open": "Il calendario di avvio",
    "dissent": "",
}
HIDDEN_BEFORE = "Testo riservato che la moderazione ha nascosto"
HIDDEN_AFTER = "Custode sociale di caseggiato"  # voted at the north table, then hidden


def actor(person: dict):
    return delegates.delegate_actor(person)


def published_percorso(database) -> dict:
    """The deterministic percorso of the issue: see the module's docstring."""
    world = tables_and_plenary(database)
    north, south = world["sessions"]["Tavolo Nord"], world["sessions"]["Tavolo Sud"]
    plenary = world["sessions"]["Plenaria di sintesi"]
    process_id = world["process_id"]
    eta = admitted_ets(database, process_id, "Eta APS", [5], ["a"], ["Elena Viola"], fiscal_code(590))
    world["organisations"]["Eta APS"] = eta
    elena = next(d for d in delegates.delegates(database, process_id) if d["name"] == "Elena Viola")
    world["people"]["Elena Viola"] = elena
    with database.write() as db:  # delegates leave an email, as the avviso asks
        db.execute("UPDATE delegate SET email = lower(replace(name, ' ', '.')) || '@example.org'")
    attendance.check_in(database, elena, north)
    people = world["people"]
    created = world["contributions"]
    created["Rete di vicinato solidale"] = contributions.create(
        database, actor(elena), north, "strategia", {"title": "Rete di vicinato solidale", "body": "Da Eta."}
    )
    hidden = contributions.create(
        database,
        actor(people["Carla Neri"]),
        south,
        "strategia",
        {"title": HIDDEN_BEFORE, "body": "Una proposta fuori tema."},
    )
    moderation.hide(database, STAFF, hidden, "fuori tema")
    # the north table: an approval ballot (Alfa, Beta, Eta; Eta is later turned down)
    north_ballot = ballots.open_ballot(database, STAFF, north, "approvazione")
    items = {i["title"]: i["id"] for i in tallying.items(database, north_ballot)}
    sportello = items["Sportello unico domiciliare per Municipio"]
    ballots.cast(database, actor(people["Anna Rossi"]), north_ballot, [sportello])
    ballots.cast(database, actor(people["Bruno Verdi"]), north_ballot, [items[HIDDEN_AFTER], sportello])
    ballots.cast(database, actor(elena), north_ballot, [items["Rete di vicinato solidale"], items[HIDDEN_AFTER]])
    ballots.close(database, STAFF, north_ballot, NORTH_OUTCOME)
    moderation.hide(database, STAFF, created[HIDDEN_AFTER], "dati personali nel testo")
    # the south table: a dot ballot (Gamma from a laptop, Beta on paper)
    south_ballot = ballots.open_ballot(database, STAFF, south, "punti")
    items = {i["title"]: i["id"] for i in tallying.items(database, south_ballot)}
    south_item = items["Sportello unico domiciliare in ogni Municipio"]
    ballots.cast(database, actor(people["Carla Neri"]), south_ballot, {south_item: 3})
    ballots.cast_paper(database, STAFF, south_ballot, world["organisations"]["Beta ODV"], {south_item: 2})
    ballots.close(database, STAFF, south_ballot, SOUTH_OUTCOME)
    set_admission(database, STAFF, eta, "non_ammessa", "requisiti non dimostrati")
    # the plenary: the tables' strategies (the two «sportello» merged), ranked
    promoted = consolidation.promote(
        database,
        STAFF,
        plenary,
        [
            created["Sportello unico domiciliare per Municipio"],
            created["Sportello unico domiciliare in ogni Municipio"],
            created["Rete di vicinato solidale"],
        ],
    )
    consolidation.merge(database, STAFF, promoted[0], [promoted[1]])
    strategies = facilitation.add_phase(database, STAFF, plenary, "Strategie in plenaria", ["strategia"])
    facilitation.set_current_phase(database, STAFF, plenary, strategies)
    plenary_ballot = ballots.open_ballot(database, STAFF, plenary, "ordinamento", list_type="strategia")
    items = {i["title"]: i["id"] for i in tallying.items(database, plenary_ballot)}
    sportello, rete = items["Sportello unico domiciliare per Municipio"], items["Rete di vicinato solidale"]
    for name, ranking in (("Anna Rossi", [sportello, rete]), ("Carla Neri", [sportello]), ("Dario Blu", [rete])):
        attendance.check_in(database, people[name], plenary)
        ballots.cast(database, actor(people[name]), plenary_ballot, ranking)
    attendance.check_in(database, people["Bruno Verdi"], plenary)  # present, abstains
    ballots.close(database, STAFF, plenary_ballot, PLENARY_OUTCOME)
    world.update(ballots={"north": north_ballot, "south": south_ballot, "plenary": plenary_ballot}, eta=eta)
    return world


# -- random percorsi --------------------------------------------------------------------------

FIRST = ["Aurora", "Brando", "Cesira", "Donato", "Ermes", "Fosca", "Gilda", "Ilario", "Lavinia", "Manfredi", "Nives"]
LAST = ["Quaglia", "Ruggeri", "Sorrentino", "Tagliaferri", "Uberti", "Vannucci", "Zanardi", "Bellini", "Caputo"]
ETS = ["Alba", "Brezza", "Corallo", "Duna", "Edera", "Felce", "Girasole"]
METHODS = ("punti", "approvazione", "ordinamento", "valutazione")


def random_percorso(database, choose) -> dict:
    """A small percorso whose every choice comes from ``choose(label, options)``
    (one of ``options``): one or two tables, maybe a plenary with consolidation,
    3-6 ETS with one or two delegates each, contributions (some hidden, before
    or after a vote), a ballot per table and in the plenary with a method
    chosen among the four (abstentions, partial rankings, «non so», proxies,
    paper ballots), outcomes, and ETS turned down after taking part. Returns
    the people (names, emails, codes) and the texts hidden."""
    from coprog.procedure import processes

    process_id = processes.create(database, STAFF, title="Percorso generato")
    n_tables = choose("tavoli", [1, 2])
    tables = []
    for n in range(n_tables):
        sid = sessions.create_session(database, STAFF, process_id=process_id, kind="tavolo", title=f"Tavolo {n + 1}")
        phase = facilitation.add_phase(database, STAFF, sid, "Bisogni e strategie", ["bisogno", "strategia"])
        facilitation.set_current_phase(database, STAFF, sid, phase)
        facilitation.set_contributions_open(database, STAFF, phase, True)
        tables.append(sid)
    with_plenary = choose("plenaria", [True, False])
    organisations = []
    for n in range(choose("enti", [3, 4, 5, 6])):
        count = choose(f"delegati {n}", [1, 2])
        names = [f"{FIRST[(2 * n + k) % len(FIRST)]} {LAST[(3 * n + k) % len(LAST)]}" for k in range(count)]
        org = admitted_ets(database, process_id, f"{ETS[n]} APS", [1 + n % 9], ["a"], names, fiscal_code(700 + n))
        organisations.append(org)
    with database.write() as db:
        db.execute("UPDATE delegate SET email = lower(replace(name, ' ', '.')) || '@example.org'")
    people = delegates.delegates(database, process_id)
    by_org: dict[int, list[dict]] = {}
    for person in people:
        by_org.setdefault(person["organisation_id"], []).append(person)
    hidden: list[str] = []
    seat: dict[int, int] = {}  # ETS -> its table
    for n, org in enumerate(organisations):
        table = tables[choose(f"tavolo dell'ente {n}", list(range(n_tables)))]
        seat[org] = table
        for person in by_org[org]:
            attendance.check_in(database, person, table)
        first = by_org[org][0]
        for k in range(choose(f"strategie dell'ente {n}", [0, 1, 2])):
            title = f"Strategia {k + 1} dell'ente {ETS[n]}"
            cid = contributions.create(
                database, actor(first), table, "strategia", {"title": title, "body": "Proposta."}
            )
            if choose(f"nascondi {title}", [False, False, True]):
                moderation.hide(database, STAFF, cid, "fuori tema")
                hidden.append(title)
        if choose(f"bisogno dell'ente {n}", [False, True]):
            contributions.create(
                database, actor(first), table, "bisogno", need_fields(title=f"Bisogno segnalato da {ETS[n]}")
            )
    for n, table in enumerate(tables):
        present = [o for o in organisations if seat[o] == table]
        if len(present) >= 2 and choose(f"delega al tavolo {n + 1}", [False, True]):
            holder, given = present[0], present[1]
            attendance.check_in_by_hand(
                database, STAFF, table, by_org[holder][0]["id"], represents_organisation_id=given
            )
        _ballot(database, choose, table, f"tavolo {n + 1}", present, by_org, hidden)
    for n, org in enumerate(organisations):
        if choose(f"escludi l'ente {n}", [False, False, False, True]):
            set_admission(database, STAFF, org, "non_ammessa", "requisiti non dimostrati")
    if with_plenary:
        plenary = sessions.create_session(database, STAFF, process_id=process_id, kind="plenaria", title="Plenaria")
        phase = facilitation.add_phase(database, STAFF, plenary, "Priorità", ["strategia"])
        facilitation.set_current_phase(database, STAFF, plenary, phase)
        public = [c["id"] for t in tables for c in contributions.visible(database, t, "strategia")]
        if public:
            made = consolidation.promote(database, STAFF, plenary, public)
            if len(made) >= 2 and choose("unisci in plenaria", [False, True]):
                consolidation.merge(database, STAFF, made[0], [made[1]])
            admission = "SELECT admission FROM organisation WHERE id = ?"
            admitted = [o for o in organisations if database.scalar(admission, (o,)) == "ammessa"]
            for org in admitted:
                attendance.check_in(database, by_org[org][0], plenary)
            _ballot(database, choose, plenary, "plenaria", admitted, by_org, hidden, list_type="strategia")
    return {"process_id": process_id, "people": delegates.delegates(database, process_id), "hidden": hidden}


def _ballot(database, choose, session_id, label, present, by_org, hidden, list_type=None) -> None:
    """One ballot with a chosen method: each ETS present votes or abstains (a
    delegate holding a delega also votes for the ETS represented), one may vote
    on paper; closed with an outcome; maybe an item hidden after the vote."""
    method = choose(f"metodo ({label})", list(METHODS))
    options: dict = {}
    if method == "valutazione":
        options["dimensions"] = choose(f"dimensioni ({label})", [("importanza",), ("importanza", "fattibilita")])
    if method == "ordinamento":
        options["top_k"] = choose(f"quante voci ordinare ({label})", [None, 2])
    try:
        ballot_id = ballots.open_ballot(database, STAFF, session_id, method, list_type=list_type, **options)
    except NotAllowed:  # nothing to vote on
        return
    ballot = tallying.get(database, ballot_id)
    items = [i["id"] for i in tallying.items(database, ballot_id)]
    for n, org in enumerate(present):
        how = choose(f"scheda dell'ente {n} ({label})", ["laptop", "astensione", "carta"])
        if how == "astensione":
            continue
        choices = _choices(choose, ballot, items, f"{n} ({label})")
        if how == "carta":
            try:
                ballots.cast_paper(database, STAFF, ballot_id, org, choices)
            except NotAllowed:  # a delegate holding its delega voted from a laptop: not counted twice
                pass
            continue
        person = by_org[org][0]
        ballots.cast(database, actor(person), ballot_id, choices)
        represented = ballots.delegation_of(database, session_id, person["id"])
        if represented:
            ballots.cast(database, actor(person), ballot_id, choices, for_organisation=represented)
    outcome = {"decided": f"Esito deciso della votazione ({label})", "open": "", "dissent": ""}
    if choose(f"questione aperta ({label})", [False, True]):
        outcome["open"] = f"Resta da decidere il calendario ({label})"
    if choose(f"dissenso ({label})", [False, True]):
        outcome["dissent"] = f"Un ente non concorda ({label})"
    ballots.close(database, STAFF, ballot_id, outcome)
    if list_type is None and choose(f"nascondi dopo il voto ({label})", [False, False, True]):
        first = tallying.items(database, ballot_id)[0]
        if first["contribution_id"]:
            title = database.scalar("SELECT title FROM contribution WHERE id = ?", (first["contribution_id"],))
            moderation.hide(database, STAFF, first["contribution_id"], "segnalato dopo il voto")
            hidden.append(title)


def _choices(choose, ballot: dict, items: list[int], label: str):
    method = ballot["method"]
    if method == "punti":
        left, given = ballot["budget"], {}
        for item in items:
            points = min(choose(f"punti {item} {label}", [0, 1, 2, 3]), left, ballot["cap"])
            if points:
                given[item] = points
                left -= points
        return given
    if method == "approvazione":
        return [item for item in items if choose(f"approva {item} {label}", [False, True])]
    if method == "ordinamento":
        limit = min(ballot["top_k"] or len(items), len(items))
        length = choose(f"voci in classifica {label}", list(range(limit + 1)))
        order = sorted(items, key=lambda item: choose(f"ordine {item} {label}", [0, 1, 2, 3]))
        return order[:length]
    return {
        item: {dim: choose(f"voto {item} {dim} {label}", [None, 1, 2, 3, 4, 5]) for dim in ballot["dimension_list"]}
        for item in items
        if choose(f"valuta {item} {label}", [True, False])
    }
