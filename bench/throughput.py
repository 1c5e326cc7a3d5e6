"""Throughput from one to two Streamlit processes: the same closed loop of
delegates (each sends its next request as soon as the previous one is
answered) against one process, one process behind nginx, and two processes
behind nginx (``python -m coprog serve``), over the real websocket protocol.

Two workloads: a full run of the participant page (what a browser refresh or
a phase change costs) and a vote (the ballot's fragment). Prints requests per
second, p50/p95 and the CPU of server and driver; asserts nothing.

    python bench/throughput.py [--clients 60] [--seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
from pathlib import Path

from loadkit import Monitor, percentiles, write_results

from coprog.ballots import ballots
from coprog.storage.db import Database
from testkit.builders import SEEDS, STAFF, plenary
from testkit.protocol import approval, one_per_organisation
from testkit.server import ROOT, Server
from testkit.stclient import StreamlitClient


async def closed_loop(port: int, world: dict, clients: int, seconds: float, workload: str) -> list[float]:
    times: list[float] = []
    ready = asyncio.Barrier(clients + 1)

    async def one(person: dict) -> None:
        c = StreamlitClient("127.0.0.1", port, query=f"sessione={world['join_code']}")
        await c.open_app(f"/join/{person['access_code']}")
        rng = random.Random(person["id"])
        await ready.wait()
        stop = time.monotonic() + seconds
        while time.monotonic() < stop:
            if workload == "vote":
                run = await c.submit(approval(rng.sample(SEEDS, 2), SEEDS), "Registra il voto", "ballot")
            else:
                run = await c.rerun()
            times.append(run.seconds)
        await c.close()

    tasks = [asyncio.create_task(one(p)) for p in one_per_organisation(world["people"])[:clients]]
    await ready.wait()
    await asyncio.gather(*tasks)
    return times


def measure(processes: int, behind_nginx: bool, clients: int, seconds: float) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "throughput.db"
        world = plenary(db_path, 2 * clients)  # organisations of one or two
        db = Database(db_path)
        ballots.open_ballot(db, STAFF, world["session"], "approvazione")
        db.close()
        cluster = processes > 1 or behind_nginx
        with Server("serve.py", db_path, processes=processes, cluster=cluster) as server:
            for workload in ("page", "vote"):
                with Monitor(server.pids(), clients) as srv, Monitor([os.getpid()], clients) as drv:
                    times = asyncio.run(closed_loop(server.port, world, clients, seconds, workload))
                rows.append(
                    {
                        "processes": processes,
                        "nginx": cluster,
                        "workload": workload,
                        "clients": clients,
                        "requests": len(times),
                        "per_second": len(times) / seconds,
                        **percentiles(times),
                        "server_cpu": srv.summary()["cpu_mean"],
                        "driver_cpu": drv.summary()["cpu_mean"],
                    }
                )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "throughput"))
    args = parser.parse_args()
    rows = []
    for processes, nginx in ((1, False), (1, True), (2, True)):
        rows += measure(processes, nginx, args.clients, args.seconds)
    lines = [
        f"# Throughput: {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, {args.clients} clients"
        f" in a closed loop for {args.seconds:.0f} s each (driver on the same machine)",
        "",
        "| workload | processes | via nginx | requests/s | p50 ms | p95 ms | server CPU (cores) | driver CPU |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['workload']} | {r['processes']} | {'yes' if r['nginx'] else 'no'} | {r['per_second']:.0f}"
        f" | {r['p50']:.0f} | {r['p95']:.0f} | {r['server_cpu']:.2f} | {r['driver_cpu']:.2f} |"
        for r in rows
    ]
    for workload in ("page", "vote"):
        one = next(r for r in rows if r["workload"] == workload and r["processes"] == 1 and r["nginx"])
        two = next(r for r in rows if r["workload"] == workload and r["processes"] == 2)
        lines.append(
            f"\n{workload}: 2 processes / 1 process (both via nginx) = {two['per_second'] / one['per_second']:.2f}×"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    write_results(args.out, text, rows)


if __name__ == "__main__":
    main()
