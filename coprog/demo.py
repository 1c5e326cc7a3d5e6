"""A realistic demo process (fictional ETS, Italian content), created once."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from stdnum import luhn

from coprog.ballots import ballots, tallying
from coprog.contributions import consolidation, contributions, reactions
from coprog.live import attendance, facilitation
from coprog.procedure import organisations, processes
from coprog.procedure.delegates import delegate_actor
from coprog.procedure.delegates import delegates as percorso_delegates
from coprog.procedure.sessions import create_session, get_session, phases
from coprog.reading import offer
from coprog.storage.audit import SYSTEM, Actor
from coprog.storage.db import Database
from coprog.texts import taxonomy, vocabulary
from coprog.texts.errors import CoprogError
from coprog.texts.vocabulary import ADMITTED, APPROVED

ORGANISATIONS = [
    ("Cooperativa Sociale Il Melograno Verde", "coop_sociale"),
    ("Associazione Anziani in Rete APS", "aps"),
    ("Fondazione Casa dei Tigli", "fondazione"),
    ("Vicini di Casa ODV", "odv"),
    ("Cooperativa Sociale La Filanda Solidale", "coop_sociale"),
    ("Memoria Viva - Associazione familiari Alzheimer ODV", "odv"),
    ("Cooperativa Sociale Passo dopo Passo", "coop_sociale"),
    ("Quartieri Solidali APS", "aps"),
    ("Fondazione Aurora per la domiciliarità", "fondazione"),
    ("Impresa Sociale CuraInsieme srl", "impresa_sociale"),
    ("Auser Navigli Volontariato ODV", "odv"),
    ("Cooperativa Sociale Girasole Lombardo", "coop_sociale"),
    ("Associazione Caregiver Milano APS", "aps"),
    ("Rete Case di Quartiere APS", "rete_associativa"),
    ("Società di Mutuo Soccorso Ambrosiana", "sms"),
    ("Cooperativa Sociale Filo d'Argento Ovest", "coop_sociale"),
    ("Mente Aperta - Salute mentale e comunità APS", "aps"),
    ("Fondazione Ponte Lambro Onlus", "fondazione"),
    ("Associazione Famiglie con Disabilità ODV", "odv"),
    ("Cooperativa Sociale Tetto Amico", "coop_sociale"),
    ("Banco di Comunità Corvetto ODV", "odv"),
    ("Centro Diurno Le Betulle Impresa Sociale", "impresa_sociale"),
    ("Associazione Giovani per gli Anziani APS", "aps"),
    ("Cooperativa Sociale Orizzonti Domiciliari", "coop_sociale"),
    ("Fondazione Villa Serena per la Terza Età", "fondazione"),
    ("Custodi Sociali di Niguarda ODV", "odv"),
    ("Cooperativa Sociale Badanti in Rete", "coop_sociale"),
    ("Associazione Quarto Oggiaro Viva APS", "aps"),
    ("Ente Filantropico Mani Tese al Quartiere", "ente_filantropico"),
    ("Cooperativa Sociale Lo Scoiattolo", "coop_sociale"),
]

FIRST = [
    "Giulia",
    "Marco",
    "Francesca",
    "Luca",
    "Chiara",
    "Andrea",
    "Sara",
    "Paolo",
    "Elena",
    "Davide",
    "Valentina",
    "Stefano",
    "Laura",
    "Matteo",
    "Silvia",
    "Alessandro",
    "Anna",
    "Roberto",
    "Federica",
    "Giorgio",
    "Martina",
    "Simone",
    "Irene",
    "Fabio",
]
LAST = [
    "Rossi",
    "Bianchi",
    "Colombo",
    "Ferrari",
    "Galli",
    "Brambilla",
    "Fumagalli",
    "Villa",
    "Sala",
    "Cattaneo",
    "Riva",
    "Longhi",
    "Mariani",
    "Ricci",
    "Bassi",
    "Pozzi",
    "Mauri",
    "Crippa",
    "Ferrario",
    "Monti",
    "Conti",
    "Greco",
    "Esposito",
    "Marchetti",
]
ROLES = [
    "Presidente",
    "Coordinamento servizi domiciliari",
    "Referente territoriale",
    "Responsabile progettazione",
    "Volontario",
    "Assistente sociale",
]

NEEDS = {
    "non_autosufficienza": [
        "Assistenza domiciliare insufficiente nei fine settimana",
        "Liste d'attesa lunghe per il SAD",
        "Mancano ore di assistenza per gli anziani gravi a casa",
    ],
    "isolamento": [
        "Anziani soli che non escono di casa per mesi",
        "Poche occasioni di socialità nei caseggiati popolari",
        "Solitudine dopo la perdita del coniuge",
    ],
    "demenze": [
        "Famiglie lasciate sole dopo la diagnosi di demenza",
        "Pochi centri diurni per persone con Alzheimer",
        "Disturbi del comportamento gestiti solo dai familiari",
    ],
    "disabilita": [
        "Progetti di vita indipendente difficili da avviare",
        "Trasporto per persone con disabilità poco disponibile",
    ],
    "minori_famiglie": [
        "Famiglie con figli e nonni non autosufficienti sotto pressione",
        "Giovani caregiver senza supporto",
    ],
    "salute_mentale": ["Persone con disagio psichico isolate in casa", "Poca continuità tra CPS e servizi domiciliari"],
    "caregiver": [
        "Caregiver familiari esausti senza sollievo",
        "Badanti senza formazione né sostituzioni",
        "Difficoltà a conciliare lavoro e cura",
    ],
    "fragilita_abitativa": [
        "Case con barriere architettoniche e senza ascensore",
        "Sfratti di anziani soli nelle case popolari",
    ],
    "poverta": [
        "Anziani che rinunciano a cure per motivi economici",
        "Pensioni basse e spese per l'assistenza insostenibili",
    ],
    "dimissioni_protette": [
        "Dimissioni dall'ospedale senza assistenza a casa",
        "Rientro a domicilio dopo ricovero senza piano di cura",
    ],
    "cronicita": ["Malati cronici senza presa in carico continuativa", "Difficoltà a gestire più terapie a casa"],
    "accesso_orientamento": [
        "Le famiglie non sanno a chi rivolgersi",
        "Troppi sportelli diversi per chiedere aiuto",
        "Difficoltà con le pratiche online per l'assistenza",
    ],
    "emergenze_climatiche": [
        "Anziani soli in case troppo calde d'estate",
        "Ondate di calore senza una rete di controllo",
    ],
}
TARGET_FOR = {
    "non_autosufficienza": "anziani_non_autosufficienti",
    "isolamento": "anziani_soli",
    "demenze": "persone_demenza",
    "disabilita": "persone_disabilita",
    "minori_famiglie": "famiglie_fragili",
    "salute_mentale": "salute_mentale",
    "caregiver": "caregiver_familiari",
    "fragilita_abitativa": "anziani_soli",
    "poverta": "adulti_fragili",
    "dimissioni_protette": "anziani_non_autosufficienti",
    "cronicita": "anziani_non_autosufficienti",
    "accesso_orientamento": "cittadinanza",
    "emergenze_climatiche": "anziani_soli",
}
EVIDENCE = [
    "Segnalazioni raccolte dal nostro sportello nell'ultimo anno.",
    "Dati del servizio: richieste in aumento rispetto al 2023.",
    "Esperienza diretta degli operatori domiciliari.",
    "",
]
PROPOSALS = {
    "strategia": [
        (
            "Un punto unico di accesso per municipio",
            "Sportello condiviso Comune-ASST-ETS per "
            "orientare le famiglie e attivare i servizi domiciliari senza passaggi ripetuti.",
        ),
        (
            "Custode sociale in ogni caseggiato popolare",
            "Figure di prossimità che intercettano isolamento e fragilità e li collegano ai servizi.",
        ),
        (
            "Équipe integrate per le dimissioni protette",
            "Infermiere di famiglia, assistente sociale ed ETS pianificano il rientro a casa prima della dimissione.",
        ),
        (
            "Rete di sollievo per i caregiver",
            "Ore di sostituzione programmate e gruppi di mutuo aiuto in ogni Municipio.",
        ),
    ],
    "principio": [
        (
            "La persona al centro del progetto di vita",
            "Ogni intervento parte dal progetto di vita della persona e della sua famiglia.",
        ),
        ("Prossimità e territorialità", "I servizi si organizzano vicino a dove le persone vivono."),
    ],
    "criterio_qualita": [
        ("Continuità dell'operatore", "La stessa persona segue l'utente nel tempo."),
        ("Tempi di attivazione certi", "Il servizio parte entro 7 giorni dalla richiesta."),
    ],
    "strumento_governance": [
        (
            "Cabina di regia cittadina sulla domiciliarità",
            "Comune, ATS, ASST ed ETS si incontrano ogni trimestre per monitorare il sistema.",
        )
    ],
}


def _fiscal_code(rng: random.Random) -> str:
    """A fictional 11-digit codice fiscale of a non-commercial body (check digit valid)."""
    base = rng.choice(["97", "80", "04", "05"]) + f"{rng.randrange(10**5):05d}" + "015"
    return base + luhn.calc_check_digit(base)


def demo_process(database: Database) -> dict | None:
    return database.query_one("SELECT * FROM process WHERE is_demo = 1 ORDER BY id LIMIT 1")


def demo_exists(database: Database) -> bool:
    return demo_process(database) is not None


def reset(database: Database) -> None:
    """Delete the demo percorso with everything it holds (other percorsi untouched)."""

    demo = demo_process(database)
    if demo is not None:
        processes.delete_demo(database, SYSTEM_ORGANISER, demo["id"], demo["title"])


SYSTEM_ORGANISER = Actor(vocabulary.ORGANISER, None, "sistema (demo)")
TITLE = "DEMO - Co-programmazione del sistema integrato di domiciliarità"


def create(database: Database, *, seed: int = 55) -> dict:
    """Create the demo percorso if there is none; returns a summary."""

    existing = demo_process(database)
    if existing:
        return {"created": False, "process_id": existing["id"]}
    rng = random.Random(seed)
    process_id = processes.create(
        database,
        SYSTEM,
        title=TITLE,
        description=(
            "Percorso dimostrativo con enti e contenuti di fantasia: co-programmazione ai sensi "
            "dell'art. 55 del D.Lgs. 117/2017 per costruire con gli enti del Terzo settore una "
            "strategia per un sistema integrato di servizi domiciliari legato al welfare territoriale."
        ),
        start_date="2026-11-10",
        end_date="2027-01-31",
        office="Direzione Welfare e Salute - Area Domiciliarità e Cultura della Salute",
        avviso_protocol="PG 000000/2026 (demo)",
        avviso_date="2026-10-01",
        application_deadline="2026-11-20T12:00",
        pec="coprogrammazione.demo@example.it",
        contact="Segreteria del percorso (demo): segreteria.demo@example.it, 02 0000 0000",
        privacy_controller="Comune di Milano (demo)",
        is_demo=True,
    )
    sessions = [
        create_session(
            database,
            SYSTEM,
            process_id=process_id,
            kind="plenaria",
            title="Plenaria di avvio",
            theme="Lettura condivisa dei bisogni emergenti",
            date="2026-11-26",
            place="Palazzo Marino, Sala Alessi",
        )
    ]
    for n, theme in enumerate(
        [
            "Integrazione socio-sanitaria e dimissioni protette",
            "Prossimità, isolamento e welfare di comunità",
            "Sostegno ai caregiver e qualità dei servizi",
        ],
        start=1,
    ):
        sessions.append(
            create_session(
                database,
                SYSTEM,
                process_id=process_id,
                kind="tavolo",
                title=f"Tavolo {n}",
                theme=theme,
                date="2026-12-03",
                place=f"Municipio {n * 3}, sala consiliare",
            )
        )

    for n, (name, form) in enumerate(ORGANISATIONS):
        fields = rng.sample("abcdimpq", k=rng.randint(1, 3)) + ["a"]
        municipi = sorted(rng.sample(range(1, 10), k=rng.choice([1, 1, 2, 3, 9])))
        people = [
            {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "role": rng.choice(ROLES)}
            for _ in range(rng.choice([1, 1, 2, 2, 3]))
        ]
        people = list({p["name"]: p for p in people}.values())
        slug = "".join(ch for ch in name.lower() if ch.isalpha())[:14]
        organisations.add_organisation(
            database,
            SYSTEM,
            {
                "name": name,
                "codice_fiscale": _fiscal_code(rng),
                "legal_form": form,
                "runts_number": str(rng.randrange(10000, 199999)),
                "email": f"segreteria@{slug}.example.it",
                "phone": f"02 {rng.randrange(1000000, 9999999)}",
                "activity_fields": fields,
                "municipi": municipi,
                "received_at": f"2026-11-{10 + n % 10:02d}T{9 + n % 8:02d}:{(n * 7) % 60:02d}",
                "experience": "Servizi domiciliari e di prossimità nel triennio 2022-2024 (testo di fantasia).",
                "coherent_activities": True,
            },
            people,
            process_id=process_id,
        )

    staff = Actor(vocabulary.ORGANISER, None, "demo")
    with database.write() as db:  # the applications were examined: all admitted
        db.execute(
            f"UPDATE organisation SET admission = '{ADMITTED}', admission_at = '2026-11-21T09:00:00.000Z'"
            " WHERE process_id = ?",
            [process_id],
        )
    delegates = percorso_delegates(database, process_id)
    _log_needs(database, rng, staff, sessions, delegates)
    _log_proposals(database, rng, staff, sessions, delegates)
    _react(database, rng, staff, sessions, delegates)
    _offer(database, random.Random(seed + 1), staff, process_id, delegates)  # its own draws: the rest unchanged
    _vote(database, rng, staff, sessions[1], process_id)
    sessions.append(
        create_session(
            database,
            SYSTEM,
            process_id=process_id,
            kind="plenaria",
            title="Plenaria di sintesi",
            theme="Dai tavoli alle priorità condivise",
            date="2026-12-17",
            place="Palazzo Marino, Sala Alessi",
        )
    )
    _consolidate(database, staff, process_id, sessions[-1])
    _spread_times(database, rng, process_id)
    return {
        "created": True,
        "process_id": process_id,
        "organisations": len(ORGANISATIONS),
        "delegates": len(delegates),
        "sessions": len(sessions),
    }


def _phase(database: Database, session_id: int, position: int) -> int:
    return next(p["id"] for p in phases(database, session_id) if p["position"] == position)


def _log_needs(database: Database, rng, staff, sessions, delegates) -> None:
    plenary = sessions[0]
    for session_id in sessions:
        facilitation.set_current_phase(database, staff, session_id, _phase(database, session_id, 2))
        facilitation.set_contributions_open(database, staff, _phase(database, session_id, 2), True)
    areas = list(NEEDS)
    nil_index = taxonomy.nils()
    for i in range(120):
        delegate = rng.choice(delegates)
        area = areas[i % len(areas)] if i < 26 else rng.choice(areas)
        citywide = rng.random() < 0.12
        municipi = sorted(rng.sample(range(1, 10), k=rng.choice([1, 1, 1, 2])))
        nils = []
        if not citywide and rng.random() < 0.3:
            options = [n.id for n in nil_index.values() if n.municipi[0] in municipi]
            nils = rng.sample(options, k=1)
        title = rng.choice(NEEDS[area])
        if nils:  # the same need seen in a given neighbourhood
            title = f"{title} ({nil_index[nils[0]].name})"
        contributions.create(
            database,
            delegate_actor(delegate),
            plenary if i < 84 else sessions[1 + i % 3],
            "bisogno",
            {
                "title": title,
                "area": area,
                "target_group": TARGET_FOR[area],
                "citywide": citywide,
                "municipi": municipi,
                "nils": nils,
                "intensity": rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 4, 4, 3])[0],
                "trend": rng.choices(["emergente", "in_crescita", "stabile", "in_calo"], weights=[2, 5, 2, 1])[0],
                "evidence": rng.choice(EVIDENCE),
                "evidence_source": rng.choice(["dati", "esperienza_diretta", "segnalazioni"]),
            },
        )


def _vote(database: Database, rng, staff, session_id: int, process_id: int) -> None:
    """A closed dot-voting ballot on the first table's strategies, as after a
    round of votes that morning: check-ins, votes and the close at the
    session's own times."""

    morning = _session_start(database, session_id)
    ballot_id = ballots.open_ballot(database, staff, session_id, "punti")
    item_ids = [item["id"] for item in tallying.items(database, ballot_id)]
    voters: dict[int, dict] = {}
    for person in percorso_delegates(database, process_id):
        voters.setdefault(person["organisation_id"], person)
    for person in rng.sample(list(voters.values()), k=14):
        attendance.check_in(database, person, session_id)
        first, second = rng.sample(item_ids, k=2)
        ballots.cast(database, delegate_actor(person), ballot_id, {first: 3, second: 2})
    with database.write() as db:
        db.execute("UPDATE ballot SET opened_at = ? WHERE id = ?", [_stamp(morning + timedelta(hours=2)), ballot_id])
        for n, (vote_id,) in enumerate(db.execute("SELECT id FROM vote WHERE ballot_id = ?", [ballot_id]).fetchall()):
            db.execute(
                "UPDATE vote SET cast_at = ? WHERE id = ?",
                [_stamp(morning + timedelta(hours=2, minutes=2 + n)), vote_id],
            )
    ballots.close(
        database,
        staff,
        ballot_id,
        {
            "decided": "Le tre voci più votate entrano tra le priorità del tavolo da portare in plenaria.",
            "open": "Come finanziare il punto unico di accesso resta da discutere con i Municipi.",
            "dissent": "Due enti chiedono di non separare le dimissioni protette dall'assistenza domiciliare.",
        },
        at=_stamp(morning + timedelta(hours=2, minutes=30)),
    )


def _consolidate(database: Database, staff, process_id: int, plenary: int) -> None:
    """The closing plenary's lists: every strategy, principle, criterion and
    governance tool of the tables, and the most intense needs, ready for a
    plenary ballot (none opened: the newcomer can try one)."""

    chosen = [
        r["id"]
        for r in database.query(
            "SELECT c.id FROM contribution c JOIN session s ON s.id = c.session_id WHERE s.process_id = ?"
            f" AND s.kind = 'tavolo' AND c.status = '{APPROVED}' AND c.merged_into IS NULL"
            " AND (c.type != 'bisogno' OR c.intensity >= 5) ORDER BY c.id LIMIT 24",
            (process_id,),
        )
    ]
    if chosen:
        consolidation.promote(database, staff, plenary, chosen)


def _session_start(database: Database, session_id: int) -> datetime:
    """9:30 in Milan on the session's day, in UTC."""
    from zoneinfo import ZoneInfo

    day = database.scalar("SELECT date FROM session WHERE id = ?", (session_id,))
    local = datetime.fromisoformat(f"{day}T09:30").replace(tzinfo=ZoneInfo("Europe/Rome"))
    return local.astimezone(UTC)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _spread_times(database: Database, rng, process_id: int) -> None:
    """Everything happens on the session's own day, as in a real one:
    delegates check in from 9:30, contributions arrive over the morning (for
    the timeline), phases open after the check-ins."""
    sessions = [r["id"] for r in database.query("SELECT id FROM session WHERE process_id = ?", (process_id,))]
    with database.write() as db:
        for session_id in sessions:
            moment = _session_start(database, session_id)
            for (aid,) in db.execute(
                "SELECT id FROM attendance WHERE session_id = ? ORDER BY id", [session_id]
            ).fetchall():
                db.execute(
                    "UPDATE attendance SET checked_in_at = ? WHERE id = ?",
                    [_stamp(moment + timedelta(seconds=rng.randint(0, 900))), aid],
                )
            db.execute(
                "UPDATE phase SET opened_at = ? WHERE session_id = ? AND opened_at IS NOT NULL",
                [_stamp(moment + timedelta(minutes=15)), session_id],
            )
            db.execute(
                "UPDATE phase SET closed_at = ? WHERE session_id = ? AND closed_at IS NOT NULL",
                [_stamp(moment + timedelta(minutes=100)), session_id],
            )
            moment += timedelta(minutes=16)
            for (cid,) in db.execute(
                "SELECT id FROM contribution WHERE session_id = ? ORDER BY id", [session_id]
            ).fetchall():
                moment += timedelta(seconds=rng.randint(5, 70))
                db.execute(
                    "UPDATE contribution SET created_at = ?, updated_at = ? WHERE id = ?",
                    [_stamp(moment), _stamp(moment), cid],
                )


OFFERED = [  # service types the demo's ETS run, more often the common ones
    "assistenza_domiciliare", "assistenza_domiciliare", "custodia_sociale", "pasti_domicilio",
    "trasporto_accompagnamento", "telesoccorso", "sollievo_caregiver", "centro_diurno", "auto_mutuo_aiuto",
    "sportello", "volontariato_prossimita", "volontariato_prossimita",
]  # fmt: skip


def _offer(database: Database, rng, staff, process_id: int, delegates) -> None:
    """Each ETS declares one to three services where it works (often in a few of
    its NIL); the organisers checked all but the last four, left waiting."""
    nils = taxonomy.nils()
    first: dict[int, dict] = {}
    for d in delegates:
        first.setdefault(d["organisation_id"], d)
    declared = []
    for organisation_id, person in sorted(first.items()):
        where = [r["municipio"] for r in database.query(
            "SELECT municipio FROM organisation_municipio WHERE organisation_id = ?", (organisation_id,)
        )] or [rng.randint(1, 9)]  # fmt: skip
        for _ in range(rng.choice([1, 2, 2, 3])):
            municipio = rng.choice(where)
            local = [n for n, nil in nils.items() if nil.municipi[0] == municipio]
            chosen = sorted(rng.sample(local, k=min(len(local), rng.choice([1, 2, 3])))) if rng.random() < 0.6 else []
            premises = rng.choice(chosen or local)
            declared.append(
                offer.declare(
                    database,
                    delegate_actor(person),
                    {
                        "type": rng.choice(OFFERED),
                        "municipi": [municipio],
                        "nils": chosen,
                        "targets": rng.sample(["anziani_soli", "anziani_non_autosufficienti", "caregiver_familiari",
                                               "persone_disabilita", "persone_demenza"], k=rng.randint(1, 2)),
                        "people": rng.randint(15, 400),
                        "weekly_hours": rng.randint(4, 120),
                        "paid_staff": rng.randint(0, 12),
                        "volunteers": rng.randint(0, 40),
                        "comune_funded": rng.random() < 0.4,
                        "codesign": rng.random() < 0.6,
                        "premises": [{"name": f"Via {rng.choice(LAST)} {rng.randint(1, 120)}", "nil": premises}],
                    },
                )
            )  # fmt: skip
    for service_id in declared[:-4]:
        offer.review(database, staff, service_id, "approvato")


def _react(database: Database, rng, staff, sessions, delegates) -> None:
    """At each table, reactions to the strategies (opened, given, closed again):
    two camps of ETS with some passes and a few adesioni, so Revisione shows
    opinion groups and consensus."""
    first: dict[int, dict] = {}
    for d in delegates:
        first.setdefault(d["organisation_id"], d)
    for session_id in sessions[1:]:
        phase_id = get_session(database, session_id)["current_phase_id"]
        facilitation.set_reactions_open(database, staff, phase_id, True)
        strategies = reactions.items(database, session_id, -1)
        for n, person in enumerate(first.values()):
            actor = delegate_actor(person)
            for j, item in enumerate(strategies):
                agrees = j % 3 != (2 if n % 2 == 0 else 1)
                value = "accordo" if agrees else "disaccordo"
                if rng.random() < 0.15:
                    value = rng.choice(("passo", "accordo", "disaccordo"))
                try:
                    if value == "accordo" and rng.random() < 0.1:
                        reactions.endorse(database, actor, item["id"])
                    else:
                        reactions.react(database, actor, item["id"], value)
                except CoprogError:  # its own strategy
                    continue
        facilitation.set_reactions_open(database, staff, phase_id, False)


def _log_proposals(database: Database, rng, staff, sessions, delegates) -> None:
    positions = {"strategia": 3, "principio": 4, "criterio_qualita": 5, "strumento_governance": 6}
    for n, (kind, items) in enumerate(PROPOSALS.items()):
        session_id = sessions[1 + n % 3]
        phase_id = _phase(database, session_id, positions[kind])
        facilitation.set_current_phase(database, staff, session_id, phase_id)
        facilitation.set_contributions_open(database, staff, phase_id, True)
        for title, body in items:
            contributions.create(
                database, delegate_actor(rng.choice(delegates)), session_id, kind, {"title": title, "body": body}
            )
    # Leave the tables in their strategy phase, the plenary reading needs: open.
    for session_id in sessions[1:]:
        for phase in phases(database, session_id):
            if phase["contributions_open"] and phase["position"] != 3:
                facilitation.set_contributions_open(database, staff, phase["id"], False)
        facilitation.set_current_phase(database, staff, session_id, _phase(database, session_id, 3))
        facilitation.set_contributions_open(database, staff, _phase(database, session_id, 3), True)
