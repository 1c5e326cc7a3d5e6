"""Writes from several processes sharing the file, as the several-processes mode
(``python -m coprog serve``) makes them: each process runs a few threads (the
page runs) that write small transactions at a steady pace, as votes do. How
long a write waits to start and end, with the wait for the other process's
write lock done by ``Database._begin`` (tries every 0.2-2 ms) and, in the same
run, by SQLite's own busy handler (the previous design: it sleeps 1, 2, 5, 10,
15, 20, 25, 50, 100 ms however soon the lock is free). Prints p50/p95/p99 and
writes per second; asserts nothing.

    python bench/writes.py [--processes 2] [--threads 4] [--seconds 6] [--every-ms 20] [--hold-ms 2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

from loadkit import percentiles, write_results

from coprog.storage.db import Database


def sqlites_own_wait(self: Database, conn: sqlite3.Connection) -> None:
    """The previous design: ``BEGIN IMMEDIATE`` under the connection's busy timeout."""
    conn.execute("BEGIN IMMEDIATE")


def writer(path: str, mode: str, threads: int, seconds: float, every: float, hold: float, seed: int, out) -> None:
    if mode == "sqlite":
        Database._begin = sqlites_own_wait  # type: ignore[method-assign]
    db = Database(path, migrate=False)
    times: list[float] = []
    lock = threading.Lock()
    start = time.monotonic() + 0.5

    def loop(n: int) -> None:
        rng = random.Random(seed * 100 + n)
        mine = []
        time.sleep(max(start - time.monotonic(), 0))
        while time.monotonic() < start + seconds:
            time.sleep(rng.uniform(0, 2 * every))
            began = time.perf_counter()
            with db.write() as w:
                key = f"{mode}{start}.{seed}.{n}.{len(mine)}"
                w.execute("INSERT INTO meta (key, value) VALUES (?, ?)", [key, "x" * 200])
                time.sleep(hold)  # the rest of the transaction: a vote's reads, its audit row, a busy interpreter
            mine.append(time.perf_counter() - began)
        with lock:
            times.extend(mine)

    pool = [threading.Thread(target=loop, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    out.put(times)


def measure(path: str, mode: str, processes: int, threads: int, seconds: float, every: float, hold: float) -> dict:
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    procs = [
        ctx.Process(target=writer, args=(path, mode, threads, seconds, every, hold, p, out)) for p in range(processes)
    ]
    for p in procs:
        p.start()
    times = [t for _ in procs for t in out.get()]
    for p in procs:
        p.join()
    return {
        "mode": mode,
        "processes": processes,
        "writes": len(times),
        "per_second": len(times) / seconds,
        **percentiles(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--every-ms", type=float, default=20, help="each thread's mean pause between two writes")
    parser.add_argument("--hold-ms", type=float, default=2, help="how long a transaction holds the write lock")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "writes"))
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "writes.db")
        Database(path).close()  # migrated once
        for processes, mode in ((1, "ours"), (args.processes, "sqlite"), (args.processes, "ours")):
            rows.append(
                measure(path, mode, processes, args.threads, args.seconds, args.every_ms / 1000, args.hold_ms / 1000)
            )
    lines = [
        f"# Writes from several processes ({args.threads} threads each, a write every ~{args.every_ms:g} ms each,"
        f" holding the lock {args.hold_ms:g} ms)",
        "",
        "| processes | waiting for the write lock | writes | per s | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    names = {"ours": "ours (tries every 0.2-2 ms)", "sqlite": "SQLite's busy handler (before)"}
    for r in rows:
        lines.append(
            f"| {r['processes']} | {names[r['mode']]} | {r['writes']} | {r['per_second']:.0f} | {r['p50']:.1f} |"
            f" {r['p95']:.1f} | {r['p99']:.1f} | {r['max']:.1f} |"
        )
    text = "\n".join(lines)
    print(text)
    write_results(args.out, text, rows)


if __name__ == "__main__":
    main()
