"""Test support for reactions, the floor and the draft: a percorso whose
north table takes reactions, and a worker that reacts from a separate OS
process (tests/unit/test_voices.py, bench/opinion.py)."""

from __future__ import annotations

import time

from coprog.contributions import reactions
from coprog.live import attendance, facilitation
from coprog.procedure import delegates, sessions
from coprog.storage.db import Database
from coprog.texts.errors import CoprogError

from .builders import STAFF, tables_and_plenary

AGREE, DISAGREE, PASS = "accordo", "disaccordo", "passo"


def reacting_tables(database) -> dict:
    """``tables_and_plenary`` with reactions open at Tavolo Nord (its phase is current)."""
    world = tables_and_plenary(database)
    north = world["sessions"]["Tavolo Nord"]
    phase = sessions.get_session(database, north)["current_phase_id"]
    facilitation.set_reactions_open(database, STAFF, phase, True)
    world["north_phase"] = phase
    return world


def react_burst(
    path: str, process_id: int, delegate_ids: list[int], item_ids: list[int], start_at: float, rounds: int
) -> int:
    """From another OS process: wait until ``start_at`` (a shared wall-clock
    moment), then every delegate reacts to every item ``rounds`` times,
    cycling agree / disagree / pass. Returns the writes the core confirmed."""
    database = Database(path)
    people = {d["id"]: d for d in delegates.delegates(database, process_id)}
    time.sleep(max(0.0, start_at - time.time()))
    done = 0
    for n in range(rounds):
        for d in delegate_ids:
            for i in item_ids:
                try:
                    reactions.react(database, delegates.delegate_actor(people[d]), i, (AGREE, DISAGREE, PASS)[n % 3])
                    done += 1
                except CoprogError:
                    pass
    database.close()
    return done


# The browser test and the bench: six ETS react to eight strategies written by two others.
REACTING_ETS = {  # name: (Municipio, activity field, delegate)
    "Aurora APS": (1, "a", "Alda Ferri"),
    "Borgo ODV": (2, "a", "Bruno Galli"),
    "Cascina Coop": (3, "c", "Cesare Lodi"),
    "Dora Fondazione": (5, "b", "Dina Moro"),
    "Eco Impresa sociale": (6, "c", "Elio Neri"),
    "Faro APS": (8, "b", "Fiora Orsi"),
}
AUTHOR_ETS = {"Gru Cooperativa": (4, "a", "Gino Pace"), "Iris ODV": (9, "c", "Ida Riva")}
STRATEGIES = [  # (author ETS, title): the first three divide the camps one way, the next three the other
    ("Gru Cooperativa", "Budget di salute per ogni persona non autosufficiente"),
    ("Iris ODV", "Un'unica porta d'accesso ai servizi domiciliari per Municipio"),
    ("Gru Cooperativa", "Custodi sociali nei caseggiati popolari"),
    ("Iris ODV", "Voucher per l'assistenza privata alle famiglie"),
    ("Gru Cooperativa", "Gare d'appalto triennali per il SAD"),
    ("Iris ODV", "Accreditamento aperto dei fornitori domiciliari"),
    ("Gru Cooperativa", "Formazione comune per operatori e volontari"),  # everybody agrees with the last two
    ("Iris ODV", "Un tavolo permanente Comune-ETS per Municipio"),
]


def camp_reaction(delegate_index: int, item_index: int) -> str:
    """The reaction of the n-th reacting delegate to the n-th strategy: two camps of three."""
    if item_index >= 6:
        return AGREE
    first_camp, first_half = delegate_index < 3, item_index < 3
    return AGREE if first_camp == first_half else DISAGREE


def reaction_table(database, *, seed_reactions: bool = False) -> dict:
    """A percorso with one working table ("Tavolo delle strategie") whose current
    phase collects strategies, the eight STRATEGIES written by the two author
    ETS, six reacting ETS (one delegate each, checked in) and a named
    facilitator assigned to the table. Reactions are closed (the facilitator
    opens them); with ``seed_reactions`` they are opened and given as
    ``camp_reaction`` says."""
    from coprog.contributions import contributions
    from coprog.procedure import processes, staff

    from .builders import admitted_ets, fiscal_code

    process_id = processes.create(database, STAFF, title="Domiciliarità: dove siamo d'accordo")
    table = sessions.create_session(
        database, STAFF, process_id=process_id, kind="tavolo", title="Tavolo delle strategie"
    )
    phase = facilitation.add_phase(database, STAFF, table, "Reazioni alle strategie", ["strategia"])
    facilitation.set_current_phase(database, STAFF, table, phase)
    facilitation.set_contributions_open(database, STAFF, phase, True)
    people = {}
    for n, (name, (municipio, field, person)) in enumerate({**REACTING_ETS, **AUTHOR_ETS}.items(), start=1):
        admitted_ets(database, process_id, name, [municipio], [field], [person], fiscal_code(700 + n))
    for d in delegates.delegates(database, process_id):
        people[d["name"]] = d
        attendance.check_in(database, d, table)
    items = []
    for ets, title in STRATEGIES:
        author = delegates.delegate_actor(people[AUTHOR_ETS[ets][2]])
        body = {"title": title, "body": f"{title}: proposta del tavolo."}
        items.append(contributions.create(database, author, table, "strategia", body))
    facilitator = staff.add_facilitator(database, STAFF, "Franca Facilitatrice")
    staff.assign(database, STAFF, facilitator, [table])
    if seed_reactions:
        facilitation.set_reactions_open(database, STAFF, phase, True)
        for d, (_, _, person) in enumerate(REACTING_ETS.values()):
            for i, item in enumerate(items):
                reactions.react(database, delegates.delegate_actor(people[person]), item, camp_reaction(d, i))
    return {"process_id": process_id, "table": table, "phase": phase, "people": people, "items": items}


if __name__ == "__main__":  # python -m testkit.voices PATH PROCESS_ID DELEGATE_IDS ITEM_IDS START_AT ROUNDS
    import sys

    path, process_id, delegate_ids, item_ids, start_at, rounds = sys.argv[1:7]
    print(
        react_burst(
            path,
            int(process_id),
            [int(x) for x in delegate_ids.split(",")],
            [int(x) for x in item_ids.split(",")],
            float(start_at),
            int(rounds),
        )
    )
