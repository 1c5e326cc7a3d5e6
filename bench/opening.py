"""The ballot's opening alone: N delegates signed in, joined and following the
plenary on a real server (``serve.py``, or several behind nginx); the
facilitator opens the ballot (committed by this process, as another process
would); each page, told by its stream (or by its next poll with ``--live
poll``), reruns what moved, as the browser does, and the ballot is on its
screen when the answer carrying the vote's widgets arrives. ``--live prepared``:
the facilitator prepares the ballot first (every page draws it hidden), then
opens it: each page shows it the moment its stream says so, without a run.

Printed: when each page learnt of the ballot and when it had it on screen
(p50/p95/p99/max from the commit), the server's CPU over the opening, and, in
the same run, the baseline: the trivial page (bench/trivial_app.py) open in as
many pages, all clicked at the same moment. ``--spy`` records the server
processes with py-spy during the opening (where the time goes; py-spy must be
installed). Nothing asserts on time.

    python bench/opening.py                          # 500 delegates, 2 processes, pushed
    python bench/opening.py --delegates 300 --live both
    python bench/opening.py --delegates 300 --live all   # and the ballot prepared first
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

MODES = ("prepared", "push", "poll")


async def follow_until(c: StreamlitClient, done, opened: dict, times: dict[str, list], errors: list) -> bool:
    """One page: wait for what its stream (or poll) says, rerun what moved, as the
    browser does, until ``done()``; when each page learnt of the opening and how
    long its rerun's answer took. False when a rerun failed."""
    learnt = False
    while not done():
        if c.watch.get("stream"):
            arrived, found = await c.pushed.get()
            parts = c.moved(found, pushed=True, at=arrived)
        else:
            await asyncio.sleep(c.watch["every"])
            _, parts = await c.ask_watch()
        ballot = ("ballot" in parts or bool(c.shown)) and "at" in opened
        if ballot and not learnt:
            times["learnt"].append(time.monotonic() - opened["at"])
            learnt = True
        if not parts:
            continue
        await asyncio.sleep(random.random() * c.watch.get("spread", 0))  # the page's share of the spread (browser)
        try:
            asked = time.monotonic()
            await c.follow(parts)
            if "ballot" in parts and "at" in opened:  # from the page's rerun request to the end of its answer
                times["answer"].append(time.monotonic() - asked)
        except Exception as exc:  # a timeout, a dropped connection
            errors.append(f"{type(exc).__name__}: {exc}")
            return False
    return True


async def follow_until_ballot(
    c: StreamlitClient, rec: Recorder, prepared: dict, opened: dict, times: dict[str, list], errors: list
) -> None:
    """One page, through the opening (and, with ``--prepared``, the preparation
    before it): the ballot is on its screen when the answer carrying the vote's
    widgets arrives, or, prepared, when its script shows the box it holds."""
    await listen(c, rec)
    if prepared:
        if not await follow_until(c, lambda: bool(c.held), {}, times, errors):
            return
        times["held"].append(c.first_drawn[next(k for k in c.first_drawn if k.startswith(APPROVE))] - prepared["at"])
        await prepared["go"].wait()
        if not await follow_until(c, lambda: bool(c.shown) or not c.held, opened, times, errors):
            return
        if c.shown:
            times["on_screen"].append(min(c.shown.values()) - opened["at"])
            return
    if not await follow_until(c, lambda: c.has_widget(APPROVE) and not c.held, opened, times, errors):
        return
    if prepared:  # a page that lost the box it held: drawn again by a run
        times["on_screen"].append(time.monotonic() - opened["at"])
        return
    drawn = next(when for label, when in c.first_drawn.items() if label.startswith(APPROVE))
    times["on_screen"].append(drawn - opened["at"])


async def opening(
    clients: list[StreamlitClient], db_path: Path, session: int, pids: list[int], spy: str, prepare: bool
) -> dict:
    prepared: dict = {"go": asyncio.Event()} if prepare else {}  # and "at", once prepared
    opened: dict = {}
    times: dict[str, list[float]] = {"held": [], "learnt": [], "answer": [], "on_screen": []}
    errors: list[str] = []
    rec = Recorder()  # the streams' own failures
    tasks = [asyncio.ensure_future(follow_until_ballot(c, rec, prepared, opened, times, errors)) for c in clients]
    await asyncio.sleep(5)  # streams open, polls in their rhythm
    held: dict = {}
    if prepare:  # the facilitator prepares the ballot; every page draws it, hidden
        with Monitor(pids, len(clients)) as monitor:
            db = Database(db_path)
            bid = ballots.open_ballot(db, STAFF, session, "approvazione", prepare=True)
            prepared["at"] = time.monotonic()
            deadline = prepared["at"] + 60
            while len(times["held"]) < len(clients) and time.monotonic() < deadline and not errors:
                await asyncio.sleep(0.05)
        held = {"held": percentiles(times["held"]) if times["held"] else {}, "server": monitor.summary()}
        await asyncio.sleep(2)  # the room listens to the facilitator
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
        if prepare:
            ballots.start(db, STAFF, bid)
        else:
            db = Database(db_path)
            ballots.open_ballot(db, STAFF, session, "approvazione")
        opened["at"] = time.monotonic()
        if prepare:
            prepared["go"].set()
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
        **{k: percentiles(v) if v else {} for k, v in times.items() if k != "held"},
        "shown": len(times["on_screen"]),
        "shown_by_script": sum(1 for c in clients if c.shown),
        "preparation": held,
        "errors": (errors + rec.error_samples)[:5],
        "error_count": len(errors) + len(pending) + sum(rec.errors.values()),
        "server": monitor.summary(),
        "driver": driver.summary(),
    }


async def _whole(server: Server, world: dict, n: int, db_path: Path, spy: str, prepare: bool) -> dict:
    clients = await arrive(server.port, world, n)
    try:
        return await opening(clients, db_path, world["session"], server.pids(), spy, prepare)
    finally:
        await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)


def measure(n: int, processes: int, modes: list[str], spy: str) -> dict:
    """``modes``: push, poll, prepared (pushed, the ballot prepared first), each on a fresh server."""
    out: dict = {"delegates": n, "processes": processes}
    with tempfile.TemporaryDirectory() as tmp:
        for mode in modes:
            db_path = Path(tmp) / f"{mode}.db"
            world = plenary(db_path, n)
            live = "poll" if mode == "poll" else "push"
            with Server("serve.py", db_path, processes=processes, env={"COPROG_LIVE": live}) as server:
                prepare = mode == "prepared"
                out[mode] = asyncio.run(_whole(server, world, n, db_path, f"{spy}-{mode}" if spy else "", prepare))
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
    names = {"prepared": "prepared, then opened (pushed)", "push": "pushed", "poll": "polling 1.5 s"}
    fmt = lambda p: " / ".join(f"{p[k]:.0f}" for k in ("p50", "p95", "p99", "max")) if p else "none"  # noqa: E731
    for live in MODES:
        if live not in r:
            continue
        m = r[live]
        lines.append(
            f"| {names[live]} | {m['shown']} of {m['pages']} | {fmt(m['learnt'])}"
            f" | {fmt(m['answer'])} | {fmt(m['on_screen'])} | {m['error_count']} | {m['server']['cpu_mean']:.0%} /"
            f" {m['server']['cpu_peak']:.0%} | {m['driver']['cpu_mean']:.0%} |"
        )
    if r.get("prepared", {}).get("preparation"):
        m = r["prepared"]
        lines += [
            "",
            f"Prepared: {m['shown_by_script']} pages showed the ballot from the box they held (no run). Before,"
            f" the preparation drew it hidden on every page: held p50 / p95 / p99 / max {fmt(m['preparation']['held'])}"
            f" ms from the commit; server CPU mean / peak 1 s {m['preparation']['server']['cpu_mean']:.0%} /"
            f" {m['preparation']['server']['cpu_peak']:.0%} (the work the opening no longer does, done while the"
            " facilitator explains the vote).",
        ]
    lines += [
        "",
        f"Baseline, same run: the trivial page open in {r['delegates']} pages, all clicked at the same moment:"
        f" p50 {b['p50']:.0f} ms, p95 {b['p95']:.0f} ms, p99 {b['p99']:.0f} ms, max {b['max']:.0f} ms.",
        "",
        "«Learnt»: the page's stream said the ballot moved; «answer»: from the page's rerun request (after its"
        " random share of the spread) to the end of the server's answer; «on screen»: the vote's widgets reached"
        " the page (prepared: its script showed the box it held), from the commit.",
    ]
    for live in MODES:
        if r.get(live, {}).get("errors"):
            lines += ["", f"Errors ({live}):"] + [f"- {e}" for e in r[live]["errors"]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delegates", type=int, default=500)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument(
        "--live",
        choices=[*MODES, "both", "all"],
        default="push",
        help="both: push and poll; all: prepared, push and poll",
    )
    parser.add_argument("--spy", default="", help="py-spy raw profiles to PREFIX-MODE-PID.txt during the opening")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "opening"))
    args = parser.parse_args()
    if args.spy and not shutil.which("py-spy"):
        parser.error("--spy needs py-spy on the PATH")
    modes = {"both": ["push", "poll"], "all": list(MODES)}.get(args.live, [args.live])
    result = measure(args.delegates, args.processes, modes, args.spy)
    text = report(result)
    print(text, flush=True)
    write_results(args.out, text, result)


if __name__ == "__main__":
    main()
