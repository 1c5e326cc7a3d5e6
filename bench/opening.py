"""The ballot's opening alone: N delegates signed in, joined and following the
plenary on a real server (``serve.py``, or several behind nginx); the
facilitator opens the ballot (committed by this process, as another process
would); each page, told by its stream (or by its next poll with ``--live
poll``), reruns what moved, as the browser does, and the ballot is on its
screen when the answer carrying the vote's widgets arrives.

Printed: when each page learnt of the ballot and when it had it on screen
(p50/p95/p99/max from the commit), the server's CPU over the opening, and, in
the same run, the baseline: the trivial page (bench/trivial_app.py) open in as
many pages, all clicked at the same moment. ``--spy`` records the server
processes with py-spy during the opening (where the time goes; py-spy must be
installed). Nothing asserts on time.

    python bench/opening.py                          # 500 delegates, 2 processes, pushed
    python bench/opening.py --delegates 300 --live both
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from loadkit import Monitor, Recorder, listen, percentiles, stop_listening, write_results
from push import arrive, trivial_at_once

from coprog.ballots import ballots
from coprog.storage.db import Database
from testkit.builders import STAFF, plenary
from testkit.protocol import APPROVE
from testkit.server import ROOT, Server
from testkit.stclient import StreamlitClient


async def follow_until_ballot(
    c: StreamlitClient, rec: Recorder, opened: dict, times: dict[str, list], errors: list
) -> None:
    """One page: wait for what its stream (or poll) says, rerun what moved, until the ballot is drawn."""
    await listen(c, rec)
    while not c.has_widget(APPROVE):
        if c.watch.get("stream"):
            _, found = await c.pushed.get()
            parts = c.moved(found, pushed=True)
        else:
            await asyncio.sleep(c.watch["every"])
            _, parts = await c.ask_watch()
        if not parts:
            continue
        ballot = "ballot" in parts and "at" in opened
        if ballot:
            times["learnt"].append(time.monotonic() - opened["at"])
        await asyncio.sleep(random.random() * c.watch.get("spread", 0))  # the page's share of the spread (browser)
        try:
            asked = time.monotonic()
            await c.follow(parts)
            if ballot:  # from the page's rerun request to the end of its answer
                times["answer"].append(time.monotonic() - asked)
        except Exception as exc:  # a timeout, a dropped connection
            errors.append(f"{type(exc).__name__}: {exc}")
            return
    drawn = next(when for label, when in c.first_drawn.items() if label.startswith(APPROVE))
    times["on_screen"].append(drawn - opened["at"])


async def opening(clients: list[StreamlitClient], db_path: Path, session: int, pids: list[int], spy: str) -> dict:
    opened: dict = {}
    times: dict[str, list[float]] = {"learnt": [], "answer": [], "on_screen": []}
    errors: list[str] = []
    rec = Recorder()  # the streams' own failures
    tasks = [asyncio.ensure_future(follow_until_ballot(c, rec, opened, times, errors)) for c in clients]
    await asyncio.sleep(5)  # streams open, polls in their rhythm
    recorders = [
        subprocess.Popen(
            ["py-spy", "record", "--gil", "--nonblocking", "-r", "200", "-f", "raw", "-d", "20"]
            + ["-o", f"{spy}-{pid}.txt", "-p", str(pid)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid in (pids if spy else [])
    ]
    with Monitor(pids, len(clients)) as monitor, Monitor([os.getpid()], len(clients)) as driver:
        db = Database(db_path)
        ballots.open_ballot(db, STAFF, session, "approvazione")
        opened["at"] = time.monotonic()
        db.close()
        done, pending = await asyncio.wait(tasks, timeout=60)
    for task in pending:
        task.cancel()
    errors += [f"{type(t.exception()).__name__}: {t.exception()}" for t in done if t.exception()]
    for r in recorders:
        r.wait()
    for c in clients:
        await stop_listening(c)
    return {
        "pages": len(clients),
        **{k: percentiles(v) if v else {} for k, v in times.items()},
        "shown": len(times["on_screen"]),
        "errors": (errors + rec.error_samples)[:5],
        "error_count": len(errors) + len(pending) + sum(rec.errors.values()),
        "server": monitor.summary(),
        "driver": driver.summary(),
    }


async def _whole(server: Server, world: dict, n: int, db_path: Path, spy: str) -> dict:
    clients = await arrive(server.port, world, n)
    try:
        return await opening(clients, db_path, world["session"], server.pids(), spy)
    finally:
        await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)


def measure(n: int, processes: int, modes: list[str], spy: str) -> dict:
    out: dict = {"delegates": n, "processes": processes}
    with tempfile.TemporaryDirectory() as tmp:
        for live in modes:
            db_path = Path(tmp) / f"{live}.db"
            world = plenary(db_path, n)
            with Server("serve.py", db_path, processes=processes, env={"COPROG_LIVE": live}) as server:
                out[live] = asyncio.run(_whole(server, world, n, db_path, f"{spy}-{live}" if spy else ""))
        with Server("bench/trivial_app.py", Path(tmp) / "t.db", processes=processes) as server:
            out["baseline_all_at_once"] = asyncio.run(trivial_at_once(server.port, n, 1, server.pids()))
    return out


def report(r: dict) -> str:
    b = r["baseline_all_at_once"]
    lines = [
        f"# Opening bench: {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}."
        f" {r['delegates']} delegates joined, {r['processes']} server process(es); driver on the same machine.",
        "",
        "| | pages | learnt p50 / p95 / p99 / max (ms) | answer to the rerun p50 / p95 / p99 / max (ms)"
        " | on screen p50 / p95 / p99 / max (ms) | errors"
        " | server CPU mean / peak 1 s | driver CPU mean |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for live in ("push", "poll"):
        if live not in r:
            continue
        m = r[live]
        fmt = lambda p: " / ".join(f"{p.get(k, 0):.0f}" for k in ("p50", "p95", "p99", "max"))  # noqa: E731
        lines.append(
            f"| {'pushed' if live == 'push' else 'polling 1.5 s'} | {m['shown']} of {m['pages']} | {fmt(m['learnt'])}"
            f" | {fmt(m['answer'])} | {fmt(m['on_screen'])} | {m['error_count']} | {m['server']['cpu_mean']:.0%} /"
            f" {m['server']['cpu_peak']:.0%} | {m['driver']['cpu_mean']:.0%} |"
        )
    lines += [
        "",
        f"Baseline, same run: the trivial page open in {r['delegates']} pages, all clicked at the same moment:"
        f" p50 {b['p50']:.0f} ms, p95 {b['p95']:.0f} ms, p99 {b['p99']:.0f} ms, max {b['max']:.0f} ms.",
        "",
        "«Learnt»: the page's stream said the ballot moved; «answer»: from the page's rerun request (after its"
        " random share of the spread) to the end of the server's answer; «on screen»: the vote's widgets reached"
        " the page, from the commit.",
    ]
    for live in ("push", "poll"):
        if r.get(live, {}).get("errors"):
            lines += ["", f"Errors ({live}):"] + [f"- {e}" for e in r[live]["errors"]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delegates", type=int, default=500)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--live", choices=["push", "poll", "both"], default="push")
    parser.add_argument("--spy", default="", help="py-spy raw profiles to PREFIX-MODE-PID.txt during the opening")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "opening"))
    args = parser.parse_args()
    if args.spy and not shutil.which("py-spy"):
        parser.error("--spy needs py-spy on the PATH")
    result = measure(args.delegates, args.processes, ["push", "poll"] if args.live == "both" else [args.live], args.spy)
    text = report(result)
    print(text, flush=True)
    write_results(args.out, text, result)


if __name__ == "__main__":
    main()
