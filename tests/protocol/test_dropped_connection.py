"""A websocket dropped in the middle of a form: after the reconnect the
delegate is still identified and the page says whether the contribution was
saved (from the database, not from a confirmation that may have been lost)."""

import asyncio
import sqlite3
import time

from testkit.protocol import people, port_of, run, signed_in

NEED_FORM = "new_bisogno"


def stored(db_path, title: str) -> int:
    conn = sqlite3.connect(db_path)
    n = conn.execute("SELECT count(*) FROM contribution WHERE title = ?", (title,)).fetchone()[0]
    conn.close()
    return n


async def fill_and_send(c, title: str) -> None:
    """Type the need and press «Invia», without waiting for the answer."""
    c.fill_need(NEED_FORM, title, 4)
    submit = c.widget("Invia", NEED_FORM)
    await c.ws.send(c._state({f"trigger:{submit.id}": True}).SerializeToString())


async def saved_then_dropped(server, person, join_code, title, *, same_session: bool):
    c = await signed_in(port_of(server), person, join_code)
    await fill_and_send(c, title)
    deadline = time.time() + 10
    while stored(server["db"], title) == 0 and time.time() < deadline:  # the server got it ...
        await asyncio.sleep(0.02)
    c.drop()  # ... and the connection dies before the confirmation arrives
    await c.close()
    if not same_session:  # as after a server restart: a new server-side session
        c.session_id = ""
    await c.connect()  # the browser reconnects by itself
    leftover = await c.drain()  # a resumed session may deliver the rest of the lost answer
    page = await c.rerun()
    await c.close()
    return leftover, page


def test_saved_before_the_drop_is_told_after_the_reconnect(server):
    persons, join_code = people(server["db"], 2)
    for person, same in zip(persons, (True, False)):
        title = f"Bisogno inviato mentre cade la rete {person['id']}"
        leftover, page = run(saved_then_dropped(server, person, join_code, title, same_session=same))
        assert stored(server["db"], title) == 1  # saved once, not twice
        assert page.shows(person["name"])  # still identified
        # told, whatever reached the browser of the lost answer: the line comes from the database
        assert page.shows(f"Ultimo tuo contributo salvato qui: «{title}»"), page.texts
        assert not leftover.has("error")
        assert not page.exceptions


def test_not_saved_when_the_drop_came_first(server):
    persons, join_code = people(server["db"], 3)
    person = persons[2]
    title = "Bisogno mai arrivato al server"

    async def scenario():
        c = await signed_in(port_of(server), person, join_code)
        c.drop()  # the connection dies while the delegate is still typing
        await c.close()
        await c.connect()
        page = await c.rerun()
        await c.close()
        return page

    page = run(scenario())
    assert stored(server["db"], title) == 0
    assert page.shows(person["name"])
    assert not page.shows(title)  # the page does not claim it was saved
