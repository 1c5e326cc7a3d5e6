"""Small real databases for tests and benchmarks, built through the core's
public functions (as an organiser would), and the staff actor they act as."""

from __future__ import annotations

import random
from pathlib import Path

from stdnum import luhn

from coprog.ballots import ballots
from coprog.live import attendance, facilitation
from coprog.procedure import access, delegates, organisations, processes, sessions
from coprog.storage.audit import Actor
from coprog.storage.db import Database

STAFF = Actor("organizzatore", None, "test")  # an organiser
FACILITATOR = Actor("facilitatore", None, "facilitatore")  # signed in with the shared password


def facilitator_actor(row: dict) -> Actor:
    """A facilitator signed in with their personal code (a row of ``staff.get_facilitator``)."""
    return Actor("facilitatore", row["id"], row["name"])


# The outcome statement a facilitator writes when closing a ballot (ballots.close).
OUTCOME = {"decided": "Priorità approvate come da risultati", "open": "", "dissent": ""}

VALID_CF = ["97123450153", "80012340156", "04123450159"]


def make_org(
    database,
    name="Cooperativa Sociale Alfa",
    cf="97123450153",
    delegates=("Anna Rossi",),
    *,
    process_id=None,
    admission="ammessa",
):
    """An ETS of the percorso (the newest one unless named), admitted unless told otherwise."""
    process_id = process_id or database.scalar("SELECT max(id) FROM process")
    org_id = organisations.add_organisation(
        database,
        STAFF,
        {
            "name": name,
            "codice_fiscale": cf,
            "legal_form": "coop_sociale",
            "activity_fields": ["a", "c"],
            "municipi": [1, 2],
        },
        [{"name": n, "role": "Referente"} for n in delegates],
        process_id=process_id,
    )
    if admission != "ricevuta":
        organisations.set_admission(
            database, STAFF, org_id, admission, "motivo di prova" if admission == "non_ammessa" else ""
        )
    return org_id


def need_fields(**overrides):
    fields = {
        "title": "Anziani soli d'estate",
        "area": "isolamento",
        "target_group": "anziani_soli",
        "municipi": [3],
        "nils": [],
        "citywide": False,
        "intensity": 4,
        "trend": "in_crescita",
        "evidence": "",
        "evidence_source": "esperienza_diretta",
        "body": "",
    }
    fields.update(overrides)
    return fields


def pid(database) -> int:
    """The id of the newest percorso (most test databases hold one)."""
    return database.scalar("SELECT max(id) FROM process")


def database_at(path, version: int):
    """A database file left at an older schema version (to test an upgrade on real data)."""
    from coprog.storage import migrations
    from coprog.storage.db import Database

    old = Database(path, migrate=False)
    migrations.migrate(old, target=version)
    return old


SEEDS = [
    "Punto unico di accesso domiciliare per Municipio",
    "Équipe integrate sociale-sanitario",
    "Dimissioni protette con presa in carico in 48 ore",
    "Custodi sociali nei caseggiati ERP",
    "Sollievo programmato per i caregiver",
    "Registro unico dei servizi domiciliari",
    "Budget di salute per la domiciliarità",
    "Tavolo permanente ETS-Municipi",
]


def plenary(path: Path, delegates: int, seed: int = 7) -> dict:
    """A process with one plenary, ``delegates`` people in organisations of one
    or two, a phase open for needs and strategies, and seed strategies to vote on."""
    rng = random.Random(seed)
    db = Database(path)
    process = processes.create(db, STAFF, title="Prova di carico")
    session = sessions.create_session(db, STAFF, process_id=process, kind="plenaria", title="Plenaria sotto carico")
    phase = facilitation.add_phase(db, STAFF, session, "Bisogni e strategie", ["bisogno", "strategia"])
    facilitation.set_current_phase(db, STAFF, session, phase)
    facilitation.set_contributions_open(db, STAFF, phase, True)
    for title in SEEDS:
        ballots.add_seed(db, STAFF, session, "strategia", title)
    added, org = 0, 0
    while added < delegates:
        org += 1
        size = min(rng.choice([1, 1, 2]), delegates - added)
        added += size
        organisations.add_organisation(
            db,
            STAFF,
            {
                "name": f"Ente di prova {org:03d}",
                "codice_fiscale": fiscal_code(org),
                "legal_form": "aps",
                "activity_fields": ["a"],
                "municipi": [1 + org % 9],
            },
            [{"name": f"Persona {org:03d}-{n}", "role": "delegata"} for n in range(size)],
            process_id=process,
        )
    with db.write() as w:
        w.execute("UPDATE organisation SET admission = 'ammessa'")
    people = db.query("SELECT id, access_code, organisation_id FROM delegate ORDER BY id")
    secret = access.cookie_secret(db)
    world = {
        "session": session,
        "join_code": sessions.get_session(db, session)["join_code"],
        "people": people,
        "seeds": SEEDS,
        "staff_cookie": access.sign_staff(secret, "organizzatore"),
        "organisations": org,
    }
    db.close()
    return world


def fiscal_code(n: int) -> str:
    """A fictional, valid, unique codice fiscale of a non-commercial body."""
    base = f"97{n:05d}015"
    return base + luhn.calc_check_digit(base)


def admitted_ets(database, process_id: int, name: str, municipi, fields, names, codice_fiscale: str) -> int:
    """An ETS of the percorso, admitted, with its delegates (one per name)."""
    org_id = organisations.add_organisation(
        database,
        STAFF,
        {
            "name": name,
            "codice_fiscale": codice_fiscale,
            "legal_form": "aps",
            "municipi": list(municipi),
            "activity_fields": list(fields),
        },
        [{"name": p, "role": "Referente"} for p in names],
        process_id=process_id,
    )
    organisations.set_admission(database, STAFF, org_id, "ammessa")
    return org_id


def refused_ets(database, process_id: int, name: str, delegate: str, codice_fiscale: str) -> int:
    """An ETS of the percorso with one delegate, admitted and then turned down."""
    org_id = admitted_ets(database, process_id, name, [6], ["a"], [delegate], codice_fiscale)
    organisations.set_admission(database, STAFF, org_id, "non_ammessa", "requisiti non dimostrati")
    return org_id


# Two working tables and a closing plenary: the path from the tables to the
# plenary's decision (tests/unit/test_consolidation.py, tests/browser/test_plenary.py).
TABLE_ETS = {  # name: (Municipi, activity fields, delegates)
    "Alfa APS": ([1], ["a"], ["Anna Rossi"]),
    "Beta ODV": ([2], ["a", "c"], ["Bruno Verdi", "Bice Gialli"]),
    "Gamma Coop": ([2, 3], ["c"], ["Carla Neri"]),
    "Delta Fondazione": ([4], ["b"], ["Dario Blu"]),
}
TABLE_ITEMS = [  # (table, ETS, type, title, Municipi)
    ("Tavolo Nord", "Alfa APS", "bisogno", "Anziani soli d'estate nel quartiere", [1]),
    ("Tavolo Sud", "Gamma Coop", "bisogno", "Anziani soli d'estate", [2]),
    ("Tavolo Sud", "Beta ODV", "bisogno", "Caregiver senza sollievo", [2]),
    ("Tavolo Nord", "Alfa APS", "strategia", "Sportello unico domiciliare per Municipio", []),
    ("Tavolo Nord", "Beta ODV", "strategia", "Custode sociale di caseggiato", []),
    ("Tavolo Sud", "Gamma Coop", "strategia", "Sportello unico domiciliare in ogni Municipio", []),
]


def tables_and_plenary(
    database, *, with_items: bool = True, title: str = "Domiciliarità: dai tavoli alla plenaria"
) -> dict:
    """A percorso with "Tavolo Nord", "Tavolo Sud" (needs and strategies open)
    and a closing plenary (a phase that collects nothing, current), four
    admitted ETS (TABLE_ETS), Alfa and Beta checked in at the north table,
    Gamma and Beta at the south one, and (``with_items``) TABLE_ITEMS written
    by their delegates. Returns ids by name."""
    from coprog.contributions import contributions

    process_id = processes.create(database, STAFF, title=title)
    tables = {}
    for title in ("Tavolo Nord", "Tavolo Sud"):
        sid = sessions.create_session(database, STAFF, process_id=process_id, kind="tavolo", title=title)
        phase = facilitation.add_phase(database, STAFF, sid, "Bisogni e strategie", ["bisogno", "strategia"])
        facilitation.set_current_phase(database, STAFF, sid, phase)
        facilitation.set_contributions_open(database, STAFF, phase, True)
        tables[title] = sid
    plenary = sessions.create_session(
        database, STAFF, process_id=process_id, kind="plenaria", title="Plenaria di sintesi"
    )
    phase = facilitation.add_phase(database, STAFF, plenary, "Priorità condivise", [])
    facilitation.set_current_phase(database, STAFF, plenary, phase)
    tables["Plenaria di sintesi"] = plenary
    organisations, people = {}, {}
    for n, (name, (municipi, fields, names)) in enumerate(TABLE_ETS.items(), start=1):
        organisations[name] = admitted_ets(database, process_id, name, municipi, fields, names, fiscal_code(500 + n))
    for d in delegates.delegates(database, process_id):
        people[d["name"]] = d
    for table, names in (("Tavolo Nord", ["Anna Rossi", "Bruno Verdi"]), ("Tavolo Sud", ["Carla Neri", "Bice Gialli"])):
        for name in names:
            attendance.check_in(database, people[name], tables[table])
    contributions_by_title = {}
    if with_items:
        author = {name: delegates.delegate_actor(people[names[0]]) for name, (_, _, names) in TABLE_ETS.items()}
        for table, ets, kind, title, municipi in TABLE_ITEMS:
            fields = (
                need_fields(title=title, municipi=municipi)
                if kind == "bisogno"
                else {"title": title, "body": f"{title}: proposta del tavolo."}
            )
            if title.startswith("Caregiver"):
                fields["area"] = "caregiver"
            contributions_by_title[title] = contributions.create(database, author[ets], tables[table], kind, fields)
    return {
        "process_id": process_id,
        "sessions": tables,
        "organisations": organisations,
        "people": people,
        "contributions": contributions_by_title,
    }


PEC_ADDRESS = "percorso@pec.comune.milano.example"


def pec_percorso(database, **extra) -> int:
    """A percorso taking applications by PEC (to PEC_ADDRESS): applications by
    4/12/2026 12:00, requests for clarification by 1/12/2026 12:00; made current."""
    process_id = processes.create(
        database,
        STAFF,
        title="Domiciliarità 2027",
        application_deadline="2026-12-04 12:00",
        clarification_deadline="2026-12-01 12:00",
        pec=PEC_ADDRESS,
        **extra,
    )
    processes.set_current(database, STAFF, process_id)
    return process_id


def mail_percorso(database) -> dict:
    """A percorso whose mail the organisers send: Alfa admitted (its e-mail; Anna and
    Bruno with theirs, Carlo with none), Beta turned down with a reason, Gamma admitted
    with no e-mail on its application, Delta still to examine; a plenary on its way."""
    process_id = processes.create(
        database, STAFF, title="Domiciliarità 2027", contact="segreteria@comune.milano.example", make_current=False
    )
    sessions.create_session(database, STAFF, process_id=process_id, kind="plenaria", title="Plenaria di avvio")

    def ets(name, cf, mail, people, admission, reason=""):
        org = organisations.add_organisation(
            database,
            STAFF,
            {"name": name, "codice_fiscale": cf, "legal_form": "coop_sociale", "email": mail, "municipi": [1]},
            [{"name": n, "email": e} for n, e in people],
            process_id=process_id,
        )
        if admission != "ricevuta":
            organisations.set_admission(database, STAFF, org, admission, reason)
        return org

    alfa = ets(
        "Cooperativa Alfa",
        fiscal_code(901),
        "alfa@pec.example",
        [("Anna Rossi", "anna@alfa.example"), ("Bruno Verdi", "bruno@alfa.example"), ("Carlo Neri", "")],
        "ammessa",
    )
    beta = ets(
        "Associazione Beta",
        fiscal_code(902),
        "beta@pec.example",
        [("Dora Blu", "dora@beta.example")],
        "non_ammessa",
        "attività non coerenti con l'avviso",
    )
    gamma = ets("Fondazione Gamma", fiscal_code(903), "", [("Elena Gialli", "elena@gamma.example")], "ammessa")
    delta = ets("Delta ODV", fiscal_code(904), "delta@pec.example", [("Fabio Rosa", "fabio@delta.example")], "ricevuta")
    return {"process_id": process_id, "alfa": alfa, "beta": beta, "gamma": gamma, "delta": delta}
