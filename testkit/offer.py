"""The offer side, built as people would: four ETS declare six services (three
NIL: Duomo 1, Buenos Aires 21, Città Studi 22) beside five needs (the values of
tests/unit/test_offer.py are computed by hand from these), import files of
services (one bad row on request), and a city-sized percorso for the bench."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from coprog.contributions import contributions
from coprog.procedure import delegates, sessions
from coprog.reading import offer
from coprog.storage.db import Database

from .builders import STAFF, TABLE_ETS, admitted_ets, fiscal_code, need_fields, tables_and_plenary

# (ETS, type, NIL, people, weekly hours, paid staff, volunteers, Comune-funded, co-design)
SERVICES = [
    ("Alfa APS", "assistenza_domiciliare", [21], 40, 60, 3, 2, True, True),
    ("Alfa APS", "custodia_sociale", [21, 22], 100, 20, 1, 10, False, True),
    ("Beta ODV", "assistenza_domiciliare", [21], 60, 40, 2, 0, False, False),
    ("Beta ODV", "pasti_domicilio", [1], 30, 10, 0, 8, False, False),
    ("Gamma Coop", "sollievo_caregiver", [22], 20, 8, 1, 3, False, True),
    ("Delta Fondazione", "assistenza_domiciliare", [21], 0, 5, 0, 4, False, False),
]
# (title, area, NIL or None for the whole city, intensity)
NEEDS = [
    ("Anziani non autosufficienti senza assistenza", "non_autosufficienza", [21], 5),
    ("Caregiver senza sollievo", "caregiver", [21], 4),
    ("Solitudine nei caseggiati", "isolamento", [22], 3),
    ("Povertà alimentare degli anziani", "poverta", [1], 2),
    ("Demenze non diagnosticate", "demenze", None, 4),
]
STRATEGIES = ["Custode sociale di caseggiato", "Sportello unico domiciliare per Municipio"]


def service_fields(kind: str, nils, people: int, hours: int, staff: int, volunteers: int, funded: bool, codesign: bool):
    return {
        "type": kind,
        "municipi": [],
        "nils": list(nils),
        "targets": ["anziani_non_autosufficienti"],
        "people": people,
        "weekly_hours": hours,
        "paid_staff": staff,
        "volunteers": volunteers,
        "comune_funded": funded,
        "codesign": codesign,
        "premises": [{"name": f"Sede di {kind.replace('_', ' ')}", "nil": nils[0]}],
    }


def offer_world(database: Database) -> dict:
    """The fixture: tables_and_plenary's four ETS; their delegates write NEEDS and
    STRATEGIES at the north table and declare SERVICES; an organiser approves them."""
    world = tables_and_plenary(database, with_items=False)
    first = {name: delegates.delegate_actor(world["people"][names[0]]) for name, (_, _, names) in TABLE_ETS.items()}
    table = world["sessions"]["Tavolo Nord"]
    needs = {}
    for title, area, nils, intensity in NEEDS:
        fields = need_fields(title=title, area=area, municipi=[], nils=nils or [], intensity=intensity)
        fields["citywide"] = nils is None
        needs[title] = contributions.create(database, first["Alfa APS"], table, "bisogno", fields)
    strategies = {
        title: contributions.create(database, first["Beta ODV"], table, "strategia", {"title": title, "body": title})
        for title in STRATEGIES
    }
    services = []
    for ets, *values in SERVICES:
        service_id = offer.declare(database, first[ets], service_fields(*values))
        offer.review(database, STAFF, service_id, "approvato")
        services.append(service_id)
    return {**world, "needs": needs, "strategies": strategies, "services": services, "actors": first}


IMPORT_HEADER = [
    "codice_fiscale",
    "servizio",
    "altro",
    "municipi",
    "nil",
    "destinatari",
    "persone_raggiunte",
    "ore_settimanali",
    "personale_retribuito",
    "volontari",
    "finanziato_comune",
    "disponibile_coprogettazione",
    "sedi",
]
KINDS = [
    "Assistenza domiciliare",
    "custodia_sociale",
    "Pasti a domicilio",
    "telesoccorso",
    "Sollievo ai caregiver",
    "centro_diurno",
    "sportello",
    "volontariato_prossimita",
]


def import_rows(fiscal_codes: list[str], n: int = 40, *, bad_row: int | None = None, seed: int = 3) -> list[list]:
    """``n`` services spread over the ETS with these codici fiscali, as the rows of
    an organisers' file (header first). ``bad_row`` (a data row's number, 1-based)
    names a Municipio that does not exist."""
    rng = random.Random(seed)
    rows: list[list] = [IMPORT_HEADER]
    for i in range(1, n + 1):
        municipio = 1 + (i % 9)
        kind = KINDS[i % len(KINDS)]
        rows.append(
            [
                fiscal_codes[i % len(fiscal_codes)],
                kind if i % 10 else "Altro",
                "" if i % 10 else "Portierato solidale",
                "12" if i == bad_row else ("tutti" if i % 13 == 0 else str(municipio)),
                "",
                "anziani_soli; Caregiver familiari",
                rng.randint(5, 300),
                rng.randint(2, 80),
                rng.randint(0, 6),
                rng.randint(0, 30),
                "sì" if i % 3 == 0 else "no",
                "sì" if i % 2 == 0 else "no",
                f"Via della Prova {i}, Milano (Duomo)" if i % 4 == 0 else "",
            ]
        )
    return rows


def csv_bytes(rows: list[list]) -> bytes:
    text = io.StringIO()
    csv.writer(text, delimiter=";").writerows(rows)
    return text.getvalue().encode("utf-8")


def city(path: Path, *, ets: int = 150, services: int = 600, needs: int = 2000, seed: int = 11) -> dict:
    """A city-sized percorso for the bench: ``ets`` admitted ETS, ``services``
    imported services (Municipi or NIL), ``needs`` needs across Municipi and NIL."""
    from coprog.live import facilitation
    from coprog.procedure import processes
    from coprog.texts import taxonomy

    rng = random.Random(seed)
    database = Database(path)
    process_id = processes.create(database, STAFF, title="Risorse alla scala della città")
    session = sessions.create_session(database, STAFF, process_id=process_id, kind="tavolo", title="Tavolo unico")
    phase = facilitation.add_phase(database, STAFF, session, "Bisogni", ["bisogno"])
    facilitation.set_current_phase(database, STAFF, session, phase)
    facilitation.set_contributions_open(database, STAFF, phase, True)
    codes = [fiscal_code(2000 + n) for n in range(ets)]
    for n, cf in enumerate(codes):
        admitted_ets(database, process_id, f"Ente {n:03d}", [1 + n % 9], ["a"], [f"Persona {n:03d}"], cf)
    nil_ids = sorted(taxonomy.nils())
    rows: list[list] = [IMPORT_HEADER]
    for i in range(services):
        local = rng.random() < 0.5
        rows.append(
            [
                codes[i % ets],
                rng.choice([t for t in taxonomy.codes("service_type") if t != "altro"]),
                "",
                "" if local else str(rng.randint(1, 9)),
                ";".join(str(n) for n in rng.sample(nil_ids, rng.randint(1, 3))) if local else "",
                "anziani_soli",
                rng.randint(0, 400),
                rng.randint(0, 80),
                rng.randint(0, 8),
                rng.randint(0, 40),
                "no",
                "sì" if rng.random() < 0.4 else "no",
                "",
            ]
        )
    offer.import_rows(database, STAFF, [dict(zip(rows[0], map(str, r))) for r in rows[1:]], process_id=process_id)
    people = delegates.delegates(database, process_id)
    actors = [delegates.delegate_actor(p) for p in people]
    areas = list(taxonomy.codes("area"))
    for i in range(needs):
        nils = rng.sample(nil_ids, rng.randint(1, 2)) if rng.random() < 0.6 else []
        fields = need_fields(
            title=f"Bisogno {i:04d}",
            area=rng.choice(areas),
            municipi=[] if nils else [rng.randint(1, 9)],
            nils=nils,
            intensity=rng.randint(1, 5),
        )
        fields["citywide"] = rng.random() < 0.05
        contributions.create(database, actors[i % len(actors)], session, "bisogno", fields)
    database.close()
    return {"process_id": process_id}
