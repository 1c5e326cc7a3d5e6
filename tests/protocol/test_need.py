"""A need over the real protocol is answered by its form's run alone: the form
comes back empty with «Contributo salvato» in one run (the button's own, not a
second one its callback asks for), and the answer tells the list's script which
version holds the new need instead of running the list's fragment (at a plenary
every delegate sends one within the same minutes); the list fetched then has it.
A double click on «Invia» stores the need once (ui/presses.py)."""

import asyncio
import sqlite3

from coprog.texts import taxonomy, vocabulary
from testkit.protocol import people, port_of, run, signed_in


async def send_a_need(server) -> None:
    [person], join_code = people(server["db"], 1)
    page = await signed_in(port_of(server), person, join_code)
    try:
        await page.read_notice()
        form = page.need_form()
        before = page.listing["v"]
        area = taxonomy.label("area", taxonomy.codes("area")[0], "it")
        page.fill_need(form, "Trasporto sociale serale", 3, **{"Area di bisogno": area})
        answer = await page.submit({"Descrizione": "Dal protocollo."}, "Invia", form)
        assert not answer.exceptions
        assert answer.has("success", "Contributo salvato")
        assert answer.runs == 1, "one run answers the need"
        assert page.listing["v"] == before, "the list's fragment did not run: its script fetches"
        assert page.list_due(), "the answer told the list which version holds the need"
        fetched = await page.fetch_list()
        assert not fetched.exceptions
        assert "Trasporto sociale serale" in page.listing["titles"]
        assert page.listing["v"] > before
    finally:
        await page.close()


def test_a_need_is_answered_without_running_the_list(server):
    run(send_a_need(server))


def stored(server, title: str) -> int:
    with sqlite3.connect(server["db"]) as db:
        return db.execute("SELECT count(*) FROM contribution WHERE title = ?", [title]).fetchone()[0]


async def double_clicks(server) -> None:
    [person], join_code = people(server["db"], 1)
    page = await signed_in(port_of(server), person, join_code)
    area = taxonomy.label("area", taxonomy.codes("area")[0], "it")
    try:
        await page.read_notice()
        # both presses leave before the first's answer: the second one carries the same need
        form = page.need_form()
        page.fill_need(form, "Premuto due volte di fila", 3, **{"Area di bisogno": area})
        answer = await page.double_click("Invia", form)
        assert not answer.exceptions and not answer.has("error")
        assert answer.has("success", "Contributo salvato")
        assert stored(server, "Premuto due volte di fila") == 1
        # the second press reaches the form the first one emptied: no «campi da completare»
        form = page.need_form()
        page.fill_need(form, "Premuto di nuovo sul modulo vuoto", 3, **{"Area di bisogno": area})
        first = await page.submit({}, "Invia", form)
        assert first.has("success", "Contributo salvato")
        again = await page.click("Invia", page.need_form())
        assert not again.has("error"), again.alerts
        assert again.has("success", "Contributo salvato")
        assert stored(server, "Premuto di nuovo sul modulo vuoto") == 1
        # later, the empty form sent twice: each press refused and said so (a refused press does
        # not count, so the second one is not taken for the echo of the need stored before)
        await asyncio.sleep(1.5 * vocabulary.DOUBLE_PRESS_SECONDS)
        for _ in range(2):
            refused = await page.click("Invia", page.need_form())
            assert refused.has("error", "da completare") and not refused.has("success"), refused.alerts
    finally:
        await page.close()


def test_a_double_click_on_invia_stores_the_need_once_and_says_so(server):
    run(double_clicks(server))
