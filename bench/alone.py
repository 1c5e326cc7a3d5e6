"""What one person's action costs when nobody else is on the server: N
delegates one after the other on a real ``streamlit run serve.py`` (one
process), each following their invite link, opening the app, reading the
informativa, joining, logging a need, then (the ballot open) voting and changing
their vote; then the same number of people, one after the other, on the trivial
page (``bench/trivial_app.py``: open, then its form sent three times), in the
same run. No queue, no other page: what is left is each action's own cost.

Per action: the round trip (p50 / p95), the server's CPU over it (its process's
user and system time, mean per action: the page's run, the messages it sends,
the event loop's share), and what the answer carries (messages, kB). The ratios
to the trivial page are what the load bench's p50 ratios come down to when no
queue adds to them. Nothing asserts on time.

    python bench/alone.py                 # 40 people each
    python bench/alone.py --people 100
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import tempfile
import time
from pathlib import Path

import psutil
from loadkit import percentiles, write_results

from coprog.ballots import ballots
from coprog.storage.db import Database
from coprog.texts import taxonomy
from testkit.builders import STAFF, plenary
from testkit.protocol import APPROVE, approval, one_per_organisation
from testkit.server import ROOT, Server
from testkit.stclient import StreamlitClient

DELEGATE = ("apri", "informativa letta", "unisciti", "bisogno", "elenco dopo il bisogno", "vota", "cambia voto")
TRIVIAL = ("apri", "invia")


class Costs:
    """Each action's round trip, the server's CPU over it, and the answer's size."""

    def __init__(self, pid: int):
        self.server = psutil.Process(pid)
        self.seen: dict[str, dict[str, list[float]]] = {}

    async def timed(self, action: str, answer, expected: str = ""):
        """Await ``answer`` (a client's request, not started yet); ``expected``:
        a success message the answer must carry."""
        cpu = self.server.cpu_times()
        started = time.perf_counter()
        run = await answer
        took = time.perf_counter() - started
        after = self.server.cpu_times()
        if run.exceptions or (expected and not run.has("success", expected)):
            raise RuntimeError(f"{action}: risposta inattesa {run.alerts} {run.exceptions}")
        one = self.seen.setdefault(action, {"round trip": [], "cpu": [], "messages": [], "bytes": []})
        one["round trip"].append(took)
        one["cpu"].append(after.user + after.system - cpu.user - cpu.system)
        one["messages"].append(run.messages)
        one["bytes"].append(run.received_bytes)
        return run

    def summary(self) -> dict:
        return {
            action: {
                "n": len(v["round trip"]),
                **{k: p for k, p in percentiles(v["round trip"]).items() if k in ("p50", "p95")},
                "cpu_ms": statistics.fmean(v["cpu"]) * 1000,
                "messages": statistics.fmean(v["messages"]),
                "kb": statistics.fmean(v["bytes"]) / 1024,
            }
            for action, v in self.seen.items()
        }


async def delegates(port: int, costs: Costs, world: dict, db_path: Path, n: int) -> None:
    area = taxonomy.label("area", taxonomy.codes("area")[0], "it")
    clients = []
    for person in one_per_organisation(world["people"])[:n]:  # each ETS votes once
        c = StreamlitClient("127.0.0.1", port)
        await costs.timed("apri", c.open_app(f"/join/{person['access_code']}"))
        await asyncio.sleep(0.05)  # the page settles (its watch's first answer) before the next action
        await costs.timed("informativa letta", c.click("Ho letto l'informativa"))
        await costs.timed("unisciti", c.submit({"Codice della sessione": world["join_code"]}, "Unisciti", "join"))
        assert c.has_widget("Titolo", "new_bisogno"), "dopo «Unisciti» manca il modulo del bisogno"
        await asyncio.sleep(0.05)
        c.fill_need("new_bisogno", f"Bisogno {person['id']}", 3, **{"Area di bisogno": area})
        sent = c.submit({"Descrizione": "Scritto dal banco."}, "Invia", "new_bisogno")
        await costs.timed("bisogno", sent, "Contributo salvato")
        if c.list_due():  # as the page's script: the list fetched with the need in it
            await costs.timed("elenco dopo il bisogno", c.fetch_list())
        clients.append(c)
    db = Database(db_path)
    ballots.open_ballot(db, STAFF, world["session"], "approvazione")
    db.close()
    for c in clients:  # each page draws the open ballot (not timed: the opening has its own bench)
        await c.rerun()
        assert c.has_widget(APPROVE), "il voto aperto non si vede"
    for c in clients:
        for action, chosen in (("vota", world["seeds"][:1]), ("cambia voto", world["seeds"][:2])):
            await asyncio.sleep(0.05)
            cast = c.submit(approval(chosen, world["seeds"]), "Registra il voto", "ballot")
            await costs.timed(action, cast, "Voto registrato")
        await c.close()


async def trivial(port: int, costs: Costs, n: int) -> None:
    for _ in range(n):
        c = StreamlitClient("127.0.0.1", port)
        await costs.timed("apri", c.open_app())
        for _ in range(3):
            await asyncio.sleep(0.05)
            await costs.timed("invia", c.submit({"Testo": "x" * 40}, "Invia"), "Salvato")
        await c.close()


def measure(n: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "alone.db"
        world = plenary(db_path, 2 * n)  # organisations of one or two: n of them at least
        with Server("serve.py", db_path) as server:
            app = Costs(server.pids()[0])
            asyncio.run(delegates(server.port, app, world, db_path, n))
        with Server("bench/trivial_app.py", db_path) as server:
            base = Costs(server.pids()[0])
            asyncio.run(trivial(server.port, base, n))
    return {"people": n, "app": app.summary(), "trivial": base.summary()}


def report(r: dict) -> str:
    base = r["trivial"]["invia"]
    lines = [
        f"# One action at a time: {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        f"Machine: {platform.machine()}, {psutil.cpu_count()} cores, Python {platform.python_version()}."
        f" {r['people']} people one after the other on one server process; driver on the same machine.",
        "",
        "| action | n | round trip p50 / p95 ms | server CPU ms | messages | kB | ratio p50 | ratio CPU |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for side, actions in (("", DELEGATE), ("trivial page: ", TRIVIAL)):
        for action in actions:
            m = r["app" if not side else "trivial"].get(action)
            if m is None:
                continue
            ratio = "" if side else f"{m['p50'] / base['p50']:.1f}× | {m['cpu_ms'] / base['cpu_ms']:.1f}×"
            lines.append(
                f"| {side}{action} | {m['n']} | {m['p50']:.1f} / {m['p95']:.1f} | {m['cpu_ms']:.1f}"
                f" | {m['messages']:.0f} | {m['kb']:.1f} | {ratio or '– | –'} |"
            )
    lines += ["", "Ratios against the trivial page's form sent («invia»), same run."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "alone"))
    args = parser.parse_args()
    result = measure(args.people)
    text = report(result)
    print(text, flush=True)
    write_results(args.out, text, result)


if __name__ == "__main__":
    main()
