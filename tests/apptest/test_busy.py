"""A long write held by another process (a backup, a bulk import): the page
waits within the busy timeout, then asks to retry; nothing is half-written,
and the same form goes through once the other process is done."""

import subprocess
import sys

from testkit.apptest import as_delegate, fill_need, texts
from tests.apptest.test_pages import join

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE meta SET value = value WHERE key = 'cookie_secret'")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
"""


def test_a_write_locked_elsewhere_asks_to_retry_and_stores_nothing(app_db, database):
    at = join(as_delegate(app_db["anna"]), app_db, database)
    fill_need(at, "new_bisogno_0", "Bisogno durante la copia di sicurezza")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(database.path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        next(b for b in at.button if b.label == "Invia").click()
        at.run(timeout=60)
        assert not at.exception
        assert "molto occupato: riprova tra qualche secondo. Nulla è stato salvato." in texts(at)
        assert database.scalar("SELECT count(*) FROM contribution") == 0
    finally:
        holder.communicate("fine\n", timeout=10)
    # the typed text is still in the form: sending again now works
    assert (
        next(w for w in at.text_input if w.label.startswith("Titolo")).value == "Bisogno durante la copia di sicurezza"
    )
    next(b for b in at.button if b.label == "Invia").click()
    at.run()
    assert "Contributo salvato" in texts(at)
    assert database.scalar("SELECT count(*) FROM contribution") == 1
