"""Mail out (coprog/records/outbox.py) against a real SMTP server (aiosmtpd, on
this machine's network, as the Comune's relay): one message per recipient, a
preview before sending, the server's answer in the log, refused ones sent again,
never a second copy (pressed twice, two organisers at once, a batch cut short)."""

import sqlite3
import threading
from datetime import UTC, datetime, timedelta

import pytest

from coprog.hosting import smtp
from coprog.procedure import delegates, organisations, processes
from coprog.records import drafts, outbox
from coprog.texts import i18n, vocabulary
from coprog.texts.errors import NotAllowed
from testkit.builders import FACILITATOR, STAFF, mail_percorso
from testkit.smtp import SmtpServer
from testkit.voices import reacting_tables

BASE = "https://coprog.comune.milano.example"


@pytest.fixture
def world(database):
    return mail_percorso(database)


def relay_of(server: SmtpServer, monkeypatch) -> smtp.Relay:
    for name, value in server.env.items():
        monkeypatch.setenv(name, value)
    found = smtp.relay()
    assert found is not None
    return found


def statuses(database, process_id):
    return {m["recipient"]: m["status"] for m in outbox.messages(database, process_id)}


def test_outcomes_go_to_each_decided_ets_with_the_reason(database, world, monkeypatch):
    pid = world["process_id"]
    prepared = outbox.prepare(database, STAFF, pid, "esito", base_url=BASE)
    assert prepared == {"queued": 2, "already": 0, "without_address": ["Fondazione Gamma"]}  # Delta: not decided
    queue = outbox.messages(database, pid, vocabulary.MAIL_QUEUED)
    beta = next(m for m in queue if m["recipient"] == "beta@pec.example")
    assert "non ammessa" in beta["body"] and "Motivazione: attività non coerenti con l'avviso" in beta["body"]
    with SmtpServer() as server:
        relay = relay_of(server, monkeypatch)
        assert outbox.send(database, STAFF, pid, relay) == {"sent": 2, "refused": 0, "uncertain": 0, "skipped": 0}
        got = {m["To"].addresses[0].addr_spec: m for m in server.received}
    assert set(got) == {"alfa@pec.example", "beta@pec.example"}
    assert "è stata ammessa" in got["alfa@pec.example"].get_content()
    assert got["beta@pec.example"]["Message-ID"] == beta["message_id"]
    assert got["beta@pec.example"]["Reply-To"] == "segreteria@comune.milano.example"
    assert set(statuses(database, pid).values()) == {vocabulary.MAIL_SENT}


def test_invitations_carry_link_code_and_qr_one_per_delegate(database, world, monkeypatch):
    pid = world["process_id"]
    prepared = outbox.prepare(database, STAFF, pid, "invito", base_url=BASE)
    assert prepared["queued"] == 3  # Anna, Bruno (Alfa), Elena (Gamma); Dora and Fabio: not admitted
    assert prepared["without_address"] == ["Carlo Neri (Cooperativa Alfa)"]
    with SmtpServer() as server:
        outbox.send(database, STAFF, pid, relay_of(server, monkeypatch))
        anna = next(m for m in server.received if m["To"].addresses[0].addr_spec == "anna@alfa.example")
    text = anna.get_body(("plain",)).get_content()
    person = next(d for d in delegates.delegates(database, pid) if d["name"] == "Anna Rossi")
    assert f"{BASE}/join/" in text and person["access_code"][:4] in text.replace("-", "")
    (qr,) = list(anna.iter_attachments())
    assert qr.get_content_type() == "image/png" and qr.get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    # a new code is a new invitation; the old one is not sent again
    delegates.reissue_code(database, STAFF, person["id"])
    assert outbox.prepare(database, STAFF, pid, "invito", base_url=BASE)["queued"] == 1


def test_pressed_twice_prepared_twice_sent_twice_one_copy(database, world, monkeypatch):
    pid = world["process_id"]
    outbox.prepare(database, STAFF, pid, "esito")
    assert outbox.prepare(database, STAFF, pid, "esito") == {
        "queued": 0,
        "already": 2,
        "without_address": ["Fondazione Gamma"],
    }
    with SmtpServer() as server:
        relay = relay_of(server, monkeypatch)
        outbox.send(database, STAFF, pid, relay)
        assert outbox.send(database, STAFF, pid, relay) == {"sent": 0, "refused": 0, "uncertain": 0, "skipped": 0}
        assert len(server.received) == 2
    # a changed outcome is news: one more message, for Beta only
    organisations.set_admission(database, STAFF, world["beta"], "ammessa")
    assert outbox.prepare(database, STAFF, pid, "esito")["queued"] == 1


def test_two_organisers_sending_at_once_never_send_a_message_twice(database, world, monkeypatch):
    pid = world["process_id"]
    outbox.prepare(database, STAFF, pid, "invito", base_url=BASE)
    outbox.prepare(database, STAFF, pid, "esito", base_url=BASE)
    with SmtpServer() as server:
        relay = relay_of(server, monkeypatch)
        results, start = [], threading.Barrier(4)

        def press():
            start.wait()
            results.append(outbox.send(database, STAFF, pid, relay))

        threads = [threading.Thread(target=press) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        ids = [m["Message-ID"] for m in server.received]
    assert len(ids) == len(set(ids)) == 5
    # one batch sent them; the presses that came meanwhile waited for it and tell it
    assert [r["sent"] for r in results] == [5, 5, 5, 5]
    assert database.scalar("SELECT count(*) FROM audit_log WHERE action = 'invia_posta'") == 1


def test_a_double_click_sends_one_batch_with_one_message_in_flight(database, world, monkeypatch):
    """The second press of a double click runs while the first still sends (Streamlit
    starts the page again at once): it waits for that batch and tells what it did,
    and never holds a second message in flight (after a crash: one «to check», not two)."""
    pid = world["process_id"]
    outbox.prepare(database, STAFF, pid, "invito", base_url=BASE)
    outbox.prepare(database, STAFF, pid, "esito", base_url=BASE)
    with SmtpServer(delay=0.2) as server:
        relay = relay_of(server, monkeypatch)
        results: list[dict] = []
        in_flight: list[int] = []
        done = threading.Event()

        def watch():
            while not done.is_set():
                sending = "SELECT count(*) FROM outgoing_mail WHERE status = ?"
                in_flight.append(database.scalar(sending, (vocabulary.MAIL_SENDING,)))
                done.wait(0.01)

        def press():
            results.append(outbox.send(database, STAFF, pid, relay))

        watcher, first, second = (threading.Thread(target=f) for f in (watch, press, press))
        watcher.start()
        first.start()
        while not server.received:  # the first press is sending
            done.wait(0.01)
        second.start()
        first.join()
        second.join()
        done.set()
        watcher.join()
        ids = [m["Message-ID"] for m in server.received]
    assert len(ids) == len(set(ids)) == 5
    assert max(in_flight) == 1
    assert results == [{"sent": 5, "refused": 0, "uncertain": 0, "skipped": 0}] * 2


def test_a_refused_recipient_keeps_the_servers_answer_and_is_sent_again_when_fixed(database, world, monkeypatch):
    pid = world["process_id"]
    outbox.prepare(database, STAFF, pid, "esito")
    with SmtpServer(refuse={"beta@pec.example"}) as server:
        relay = relay_of(server, monkeypatch)
        assert outbox.send(database, STAFF, pid, relay)["refused"] == 1
    refused = next(m for m in outbox.messages(database, pid) if m["recipient"] == "beta@pec.example")
    assert refused["status"] == vocabulary.MAIL_REFUSED and refused["server_answer"].startswith("550 5.1.1")
    assert outbox.retry(database, STAFF, pid) == 1
    with SmtpServer() as server:  # the mailbox exists again
        assert outbox.send(database, STAFF, pid, relay_of(server, monkeypatch))["sent"] == 1
        assert [m["To"].addresses[0].addr_spec for m in server.received] == ["beta@pec.example"]
    beta = next(m for m in outbox.messages(database, pid) if m["recipient"] == "beta@pec.example")
    assert beta["attempts"] == 2 and beta["status"] == vocabulary.MAIL_SENT


def test_a_relay_that_does_not_answer_sends_nothing_and_changes_nothing(database, world, monkeypatch):
    pid = world["process_id"]
    outbox.prepare(database, STAFF, pid, "esito")
    with SmtpServer() as server:
        relay = relay_of(server, monkeypatch)
    # the server is gone: the port no longer answers
    with pytest.raises(smtp.RelayUnreachable):
        outbox.send(database, STAFF, pid, relay)
    assert set(statuses(database, pid).values()) == {vocabulary.MAIL_QUEUED}
    with pytest.raises(NotAllowed):
        outbox.send(database, STAFF, pid, None)


def test_a_batch_cut_short_is_never_sent_again_by_itself(database, world, monkeypatch):
    """The app stopped after claiming a message: the relay may have it. Later batches
    leave it (to check); an organiser who checked puts it back, audited."""
    pid = world["process_id"]
    outbox.prepare(database, STAFF, pid, "esito")
    first = outbox.messages(database, pid)[0]
    with database.write() as db:  # what a batch does before it sends, then the process dies
        db.execute(
            "UPDATE outgoing_mail SET status = ?, claimed_at = '2026-01-01T00:00:00.000Z' WHERE id = ?",
            [vocabulary.MAIL_SENDING, first["id"]],
        )
    with SmtpServer() as server:
        relay = relay_of(server, monkeypatch)
        result = outbox.send(database, STAFF, pid, relay)
        assert result["sent"] == 1 and result["uncertain"] == 1
        assert first["recipient"] not in [m["To"].addresses[0].addr_spec for m in server.received]
        assert outbox.send(database, STAFF, pid, relay)["sent"] == 0
        assert outbox.requeue_uncertain(database, STAFF, pid, [first["id"]]) == 1
        assert outbox.send(database, STAFF, pid, relay)["sent"] == 1
    assert database.scalar("SELECT count(*) FROM audit_log WHERE action = 'rimette_in_coda_posta'") == 1


def test_a_claim_whose_process_is_gone_is_to_check_at_once(database, world):
    """A restart (the sending process killed) shows its message «to check» as soon as
    the page opens, not after the stale limit; a live sender's claim is left alone."""
    import subprocess
    import sys

    from coprog.hosting import cluster

    pid = world["process_id"]
    outbox.prepare(database, STAFF, pid, "esito")
    says_who = "from coprog.hosting import cluster; print(cluster.this_process())"
    dead_child = subprocess.run([sys.executable, "-c", says_who], capture_output=True, text=True, check=True)
    dead_child = dead_child.stdout.strip()
    first, second = outbox.messages(database, pid)[:2]
    with database.write() as db:  # two batches claimed a message just now: one is over, one runs
        for row, owner in ((first, dead_child), (second, cluster.this_process())):
            db.execute(
                "UPDATE outgoing_mail SET status = ?, claimed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'),"
                " claimed_by = ? WHERE id = ?",
                [vocabulary.MAIL_SENDING, owner, row["id"]],
            )
    assert cluster.gone(dead_child) and not cluster.gone(cluster.this_process())
    assert not cluster.gone("another-host:1:1.0")  # another host's batch waits for the time limit
    assert outbox.settle(database, pid) == 1
    assert statuses(database, pid)[first["recipient"]] == vocabulary.MAIL_UNCERTAIN
    assert statuses(database, pid)[second["recipient"]] == vocabulary.MAIL_SENDING


def test_the_database_keeps_a_sent_message_final(database, world, monkeypatch):
    pid = world["process_id"]
    outbox.prepare(database, STAFF, pid, "esito")
    with SmtpServer() as server:
        outbox.send(database, STAFF, pid, relay_of(server, monkeypatch))
    sent = outbox.messages(database, pid)[0]
    conn = sqlite3.connect(database.path)
    for sql, marker in (
        (f"UPDATE outgoing_mail SET status = 'in_coda' WHERE id = {sent['id']}", "posta_gia_inviata"),
        (f"UPDATE outgoing_mail SET body = 'altro' WHERE id = {sent['id']}", "posta_congelata"),
        (f"UPDATE outgoing_mail SET status = 'in_invio' WHERE id = {sent['id'] + 1}", "posta_"),
    ):
        with pytest.raises(sqlite3.IntegrityError, match=marker):
            conn.execute(sql)
    conn.close()


def test_the_draft_and_the_answers_reach_each_ets(database, monkeypatch):
    world = reacting_tables(database)
    pid = world["process_id"]
    with database.write() as db:
        db.execute("UPDATE organisation SET email = 'ets' || id || '@pec.example' WHERE process_id = ?", [pid])
    deadline = (datetime.now(UTC) + timedelta(days=7)).astimezone(i18n.TZ).strftime("%Y-%m-%d %H:%M")
    draft = drafts.publish(database, STAFF, pid, deadline)
    admitted = [o for o in organisations.organisations(database, pid) if o["admission"] == "ammessa"]
    assert outbox.prepare(database, STAFF, pid, "bozza", base_url=BASE)["queued"] == len(admitted)
    notice = outbox.messages(database, pid)[0]
    assert f"versione {draft['version']}" in notice["body"] and f"{BASE}/bozza" in notice["body"]
    section = drafts.sections(database, draft["id"])[0]["id"]
    anna = delegates.delegate_actor(world["people"]["Anna Rossi"])
    observation = drafts.observe(database, anna, section, "La premessa citi il Piano di zona.")
    assert outbox.prepare(database, STAFF, pid, "risposta")["queued"] == 0  # not answered yet
    drafts.answer(database, STAFF, observation, "accolta", "Citato nella premessa.")
    assert outbox.prepare(database, STAFF, pid, "risposta")["queued"] == 1
    answer = outbox.messages(database, pid)[-1]
    assert answer["recipient"] == f"ets{anna.organisation_id}@pec.example"
    assert "è stata accolta" in answer["body"] and "Motivazione: Citato nella premessa." in answer["body"]
    with SmtpServer() as server:
        assert outbox.send(database, STAFF, pid, relay_of(server, monkeypatch))["sent"] == len(admitted) + 1


def test_only_organisers_prepare_and_send_and_an_archived_percorso_sends_nothing(database, world):
    pid = world["process_id"]
    with pytest.raises(NotAllowed):
        outbox.prepare(database, FACILITATOR, pid, "esito")
    with pytest.raises(NotAllowed):
        outbox.send(database, FACILITATOR, pid, None)
    processes.close(database, STAFF, pid)
    processes.archive(database, STAFF, pid)
    with pytest.raises(NotAllowed):
        outbox.prepare(database, STAFF, pid, "esito")


def test_an_erased_delegate_takes_their_invitation_with_them(database, world):
    pid = world["process_id"]
    outbox.prepare(database, STAFF, pid, "invito", base_url=BASE)
    anna = next(d for d in delegates.delegates(database, pid) if d["name"] == "Anna Rossi")
    delegates.erase_delegate(database, STAFF, anna["id"])
    assert "anna@alfa.example" not in statuses(database, pid)


def test_starttls_with_the_relays_certificate(database, world, monkeypatch, tmp_path):
    pid = world["process_id"]
    outbox.prepare(database, STAFF, pid, "esito")
    with SmtpServer(starttls_folder=tmp_path) as server:
        relay = relay_of(server, monkeypatch)
        assert relay.security == "starttls"
        assert outbox.send(database, STAFF, pid, relay)["sent"] == 2
