"""What open pages cost when nothing happens, and what one change costs: N
delegates signed in and following the plenary on a real server (``serve.py``,
or several behind nginx), pushed (their pages listen to ``/vivo/TOKEN/flusso``)
and then polling every 1.5 s as before (``COPROG_LIVE=poll``), in the same run.

For each mode: the server's CPU over a quiet minute and the bytes the pages
received in it; then one change (the facilitator's ballot opens, committed by
this process, not the server's): the time until each page learnt it (the
stream's event, or the answer to its next poll), the bytes per page for that
update, and the server's memory per connected page. The trivial page's rerun
(bench/trivial_app.py) by the same N pages at once is timed in the same run as
the baseline. Nothing asserts on time.

    python bench/push.py                       # 500 delegates, 2 processes
    python bench/push.py --delegates 300 --processes 1 --quiet 30
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import tempfile
import time
from pathlib import Path

from loadkit import Monitor, percentiles, write_results

from coprog.ballots import ballots
from coprog.storage.db import Database
from testkit.builders import STAFF, plenary
from testkit.server import ROOT, Server
from testkit.stclient import EventStream, StreamlitClient, http_get

OPEN_AT_ONCE = 25  # pages opening at the same moment while the room arrives


async def arrive(port: int, world: dict, n: int) -> list[StreamlitClient]:
    """N delegates follow their invite link and join the plenary (25 at a time)."""
    clients: list[StreamlitClient] = []
    gate = asyncio.Semaphore(OPEN_AT_ONCE)

    async def one(person: dict) -> None:
        async with gate:
            c = StreamlitClient("127.0.0.1", port, query=f"sessione={world['join_code']}")
            await c.open_app(f"/join/{person['access_code']}")
            await c.read_notice()
            clients.append(c)

    await asyncio.gather(*(one(p) for p in world["people"][:n]))
    return [c for c in clients if c.watch]


async def quiet_and_change(clients: list[StreamlitClient], push: bool, quiet: float, db_path: Path, session: int, pids):
    """A quiet minute (CPU, bytes), then the ballot opens: when each page learnt it."""
    learnt: dict[int, float] = {}
    received = {"bytes": 0}
    stop = asyncio.Event()

    async def pushed(i: int, c: StreamlitClient) -> None:
        stream = await EventStream(c.host, c.port, c.watch["stream"], c.cookies).open()
        try:
            while not stop.is_set():
                before = stream.received_bytes
                try:
                    found = await asyncio.wait_for(stream.next_event(), timeout=1.0)
                except TimeoutError:
                    received["bytes"] += stream.received_bytes - before
                    continue
                received["bytes"] += stream.received_bytes - before
                if found and "ballot" in c.moved(found, pushed=True):
                    learnt.setdefault(i, time.monotonic())
        finally:
            await stream.close()

    async def polled(i: int, c: StreamlitClient) -> None:
        await asyncio.sleep(i * c.watch["every"] / max(len(clients), 1))  # pages arrived at different moments
        while not stop.is_set():
            status, _, body = await http_get(c.host, c.port, c.watch["url"], c.cookies, body=True)
            received["bytes"] += len(body) + 200  # the answer's head, about
            if status == 200 and "ballot" in c.moved(json.loads(body)):
                learnt.setdefault(i, time.monotonic())
            await asyncio.sleep(c.watch["every"])

    tasks = [asyncio.ensure_future((pushed if push else polled)(i, c)) for i, c in enumerate(clients)]
    await asyncio.sleep(5)  # streams open, polls in their rhythm
    received["bytes"] = 0
    with Monitor(pids, len(clients)) as monitor:
        await asyncio.sleep(quiet)
    quiet_bytes = received["bytes"]
    received["bytes"] = 0
    db = Database(db_path)
    ballots.open_ballot(db, STAFF, session, "approvazione")
    opened = time.monotonic()  # committed
    db.close()
    deadline = opened + 30
    while len(learnt) < len(clients) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    update_bytes = received["bytes"]
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    delays = [learnt[i] - opened for i in learnt]
    return {
        "quiet": monitor.summary(),
        "quiet_bytes_per_s": quiet_bytes / quiet,
        "learnt": len(learnt),
        "pages": len(clients),
        "delay": percentiles(delays) if delays else {},
        "bytes_per_page_update": update_bytes / max(len(learnt), 1),
    }


async def trivial_at_once(port: int, n: int, quiet: float, pids) -> dict:
    """The baseline: N trivial pages open through a quiet spell (the server's CPU
    with nothing happening), then each clicking once, all at the same moment."""
    clients = []
    gate = asyncio.Semaphore(OPEN_AT_ONCE)

    async def one() -> None:
        async with gate:
            c = StreamlitClient("127.0.0.1", port)
            await c.open_app()
            clients.append(c)

    await asyncio.gather(*(one() for _ in range(n)))
    await asyncio.sleep(5)
    with Monitor(pids, n) as monitor:
        await asyncio.sleep(quiet)
    times = []

    async def click(c: StreamlitClient) -> None:
        started = time.perf_counter()
        await c.submit({"Testo": "x" * 40}, "Invia")
        times.append(time.perf_counter() - started)

    await asyncio.gather(*(click(c) for c in clients))
    await asyncio.gather(*(c.close() for c in clients))
    return {**percentiles(times), "quiet": monitor.summary()}


def measure(n: int, processes: int, quiet: float) -> dict:
    out: dict = {"delegates": n, "processes": processes, "quiet_seconds": quiet}
    with tempfile.TemporaryDirectory() as tmp:
        for live in ("push", "poll"):
            db_path = Path(tmp) / f"{live}.db"
            world = plenary(db_path, n)
            with Server("serve.py", db_path, processes=processes, env={"COPROG_LIVE": live}) as server:
                result = asyncio.run(_whole(server, world, n, live == "push", quiet, db_path))
            out[live] = result
        with Server("bench/trivial_app.py", Path(tmp) / "t.db", processes=processes) as server:
            out["baseline_all_at_once"] = asyncio.run(trivial_at_once(server.port, n, quiet, server.pids()))
    return out


async def _whole(server: Server, world: dict, n: int, push: bool, quiet: float, db_path: Path) -> dict:
    before = sum(_rss(pid) for pid in server.pids())
    clients = await arrive(server.port, world, n)
    try:
        result = await quiet_and_change(clients, push, quiet, db_path, world["session"], server.pids())
        result["server_rss_mb"] = sum(_rss(pid) for pid in server.pids())  # the pages still open
        result["rss_per_page_mb"] = (result["server_rss_mb"] - before) / max(len(clients), 1)
    finally:
        await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
    return result


def _rss(pid: int) -> float:
    import psutil

    try:
        return psutil.Process(pid).memory_info().rss / 2**20
    except psutil.Error:
        return 0.0


def report(r: dict) -> str:
    lines = [
        f"# Push bench: {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}."
        f" {r['delegates']} delegates following the plenary, {r['processes']} server process(es);"
        f" driver on the same machine (loopback).",
        "",
        "| | pushed (stream) | polling every 1.5 s |",
        "|---|---|---|",
    ]
    p, q = r["push"], r["poll"]
    rows = [
        ("pages following", p["pages"], q["pages"]),
        (
            "quiet minute: server CPU, mean (of one core)",
            f"{p['quiet']['cpu_mean']:.1%}",
            f"{q['quiet']['cpu_mean']:.1%}",
        ),
        ("quiet minute: server CPU, peak 1 s", f"{p['quiet']['cpu_peak']:.1%}", f"{q['quiet']['cpu_peak']:.1%}"),
        (
            "quiet minute: bytes to all pages per second",
            f"{p['quiet_bytes_per_s']:.0f}",
            f"{q['quiet_bytes_per_s']:.0f}",
        ),
        ("ballot learnt by pages", f"{p['learnt']} of {p['pages']}", f"{q['learnt']} of {q['pages']}"),
    ]
    for k in ("p50", "p95", "p99", "max"):
        rows.append(
            (f"ballot learnt after the commit (ms), {k}", f"{p['delay'].get(k, 0):.0f}", f"{q['delay'].get(k, 0):.0f}")
        )
    rows += [
        ("bytes per page for the update", f"{p['bytes_per_page_update']:.0f}", f"{q['bytes_per_page_update']:.0f}"),
        ("server memory in all (MB)", f"{p['server_rss_mb']:.0f}", f"{q['server_rss_mb']:.0f}"),
        ("server memory per connected page (MB)", f"{p['rss_per_page_mb']:.2f}", f"{q['rss_per_page_mb']:.2f}"),
    ]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    b = r["baseline_all_at_once"]
    lines += [
        "",
        f"Baseline, same run: the trivial page open in {r['delegates']} pages, nothing happening:"
        f" server CPU mean {b['quiet']['cpu_mean']:.1%} of one core, peak {b['quiet']['cpu_peak']:.1%};"
        f" clicked by all of them at the same moment: p50 {b['p50']:.0f} ms, p95 {b['p95']:.0f} ms,"
        f" p99 {b['p99']:.0f} ms.",
        "",
        "«Learnt» is when the page knew the ballot was open (its stream's event, or its poll's"
        " answer); the ballot on screen takes one fragment rerun more: bench/load.py times both.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delegates", type=int, default=500)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--quiet", type=float, default=60, help="seconds of nothing happening")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "push"))
    args = parser.parse_args()
    result = measure(args.delegates, args.processes, args.quiet)
    text = report(result)
    print(text, flush=True)
    write_results(args.out, text, result)


if __name__ == "__main__":
    main()
