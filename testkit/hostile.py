"""Hostile text (testkit.payloads) in every free-text field, through the core API."""

from coprog.ballots import ballots, tallying
from coprog.contributions import contributions, hybrid, moderation
from coprog.live import attendance
from coprog.procedure import clarifications, delegates, organisations, sessions, staff
from coprog.reading import offer

from .builders import STAFF, pid
from .payloads import LIVE, MARKUP, XSS, short


def plant(database) -> None:
    """The demo database gets hostile names, titles, texts, reasons and notes."""
    from stdnum import luhn

    for n, payload in enumerate(XSS[:6]):
        base = f"978{n:04d}015"
        organisations.add_organisation(
            database,
            STAFF,
            {
                "name": short(payload, 200).ljust(2, "x"),
                "codice_fiscale": base + luhn.calc_check_digit(base),
                "legal_form": "aps",
                "municipi": [1 + n % 9],
            },
            [{"name": short(XSS[-1 - n], 120).ljust(2, "x"), "role": short(XSS[n + 6], 120)}],
            process_id=pid(database),
        )
    with database.write() as db:
        db.execute("UPDATE organisation SET admission = 'ammessa'")
    for n, payload in enumerate(XSS[:4]):  # requests for clarification, answered and published (the public FAQ)
        asked = clarifications.ask(database, STAFF, pid(database), short(payload, 5000) or "?", "2026-11-01 10:00")
        clarifications.answer(database, STAFF, pid(database), asked, short(XSS[-1 - n], 5000) or "?", publish=True)
    plenary = sessions.sessions(database)[0]
    table = sessions.sessions(database)[1]
    people = [d for d in delegates.delegates(database, pid(database))]
    hostile_people = [d for d in people if d["organisation"].startswith(("<", "java", "[", "!", '"', "'"))]
    for n, payload in enumerate(XSS):
        person = (hostile_people + people)[n % (len(hostile_people) + 3)]
        attendance.check_in(database, person, plenary["id"])
        contributions.create(
            database,
            delegates.delegate_actor(person),
            plenary["id"],
            "bisogno",
            {
                "title": short(payload, 150).ljust(3, "x"),
                "body": payload,
                "area": "isolamento",
                "target_group": "anziani_soli",
                "municipi": [1 + n % 9],
                "intensity": 3,
                "trend": "stabile",
                "evidence": payload,
                "evidence_source": "dati",
            },
        )
    for n, payload in enumerate(XSS[:8]):
        person = (hostile_people + people)[n]
        attendance.check_in(database, person, table["id"])
        strategy(database, person, table["id"], payload)
    some = contributions.visible(database, plenary["id"])[:3]
    moderation.hide(database, STAFF, some[0]["id"], short(XSS[1], 300))
    moderation.correct(database, STAFF, some[1]["id"], short(XSS[2], 150), XSS[3])
    sessions.set_notes(database, STAFF, plenary["id"], "\n".join(XSS))
    staff.add_facilitator(database, STAFF, short(XSS[0], 120))
    ballots.add_seed(database, STAFF, table["id"], "strategia", short(XSS[4], 150), XSS[5])
    for n, payload in enumerate(XSS[:6]):  # services in the ETS' own words, premises named as typed
        service = offer.declare(
            database,
            delegates.delegate_actor((hostile_people + people)[n]),
            {
                "type": "altro",
                "other": short(payload, 150).ljust(3, "x"),
                "municipi": [1 + n % 9],
                "targets": ["anziani_soli"],
                "people": 10 + n,
                "weekly_hours": 2,
                "paid_staff": 0,
                "volunteers": 1,
                "codesign": True,
                "premises": [{"name": short(payload, 200).ljust(2, "x"), "nil": 1}],
            },
        )
        if n % 2 == 0:  # half checked (the reading, the network), half waiting (the organisers' queue)
            offer.review(database, STAFF, service, "approvato")
    for n, markup in enumerate(MARKUP):  # in ballot items, and in the needs' charts (treemap, keywords)
        ballots.add_seed(database, STAFF, table["id"], "strategia", markup)
        contributions.create(
            database,
            delegates.delegate_actor(people[n]),
            plenary["id"],
            "bisogno",
            {
                "title": markup,
                "area": "isolamento",
                "target_group": "anziani_soli",
                "municipi": [4],
                "intensity": 4,
                "trend": "stabile",
                "evidence_source": "dati",
            },
        )
    plant_live(database, plenary, table, people)
    hybrid.add_paper_count(database, STAFF, plenary["id"], count=3, area="isolamento", note=short(XSS[6], 300))
    bid = ballots.open_ballot(database, STAFF, table["id"], "punti")
    items = [i["id"] for i in tallying.items(database, bid)]
    ballots.cast(database, delegates.delegate_actor(hostile_people[0]), bid, {items[0]: 3})
    ballots.set_show_live(database, STAFF, bid, True)


def strategy(database, person: dict, session_id: int, payload: str) -> int:
    """A strategy whose title and body carry the payload, written by the delegate."""
    title = short(payload, 150).ljust(3, "x")
    return contributions.create(
        database, delegates.delegate_actor(person), session_id, "strategia", {"title": title, "body": payload}
    )


def plant_live(database, plenary: dict, table: dict, people: list[dict]) -> None:
    """Live-Markdown payloads as the table's strategies (so its ballot's labels
    carry them), seed items and reactions (the projector's consensus table
    shows the titles of the items reacted to: its view is set to the opinion groups)."""
    from coprog.contributions import reactions
    from coprog.live import facilitation

    made = []
    for n, payload in enumerate(LIVE):
        person = people[n % len(people)]
        made.append(strategy(database, person, table["id"], payload))
        ballots.add_seed(database, STAFF, table["id"], "strategia", short(payload, 150).ljust(3, "x"), payload)
    current = database.scalar("SELECT current_phase_id FROM session WHERE id = ?", (table["id"],))
    facilitation.set_reactions_open(database, STAFF, current, True)
    for n, item in enumerate(made):
        for person in people[:6]:
            if person["organisation_id"] == database.scalar(
                "SELECT organisation_id FROM contribution WHERE id = ?", (item,)
            ):
                continue
            reactions.react(database, delegates.delegate_actor(person), item, "accordo" if n % 2 else "disaccordo")
    facilitation.set_board_view(database, STAFF, table["id"], "opinione")
