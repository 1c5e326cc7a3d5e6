"""The load bench's tools: a server under test (one ``streamlit run`` or a
cluster behind nginx), a recorder of round trips and errors, and a monitor of
the server's CPU and memory."""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import threading
import time
from pathlib import Path

import psutil


class Recorder:
    """Round trips per action, errors, and the writes the server acknowledged."""

    def __init__(self):
        self.samples: dict[str, list[float]] = {}
        self.bytes: dict[str, int] = {}
        self.errors: dict[str, int] = {}
        self.error_samples: list[str] = []
        self.busy = 0
        self.told = 0  # votes refused because a colleague of the same ETS voted meanwhile (then sent again)
        self.acks: dict = {"needs": [], "votes": {}}
        self.started = time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    async def run(self, tasks) -> None:
        self.started = time.monotonic()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        for r in results:
            if isinstance(r, BaseException):
                self.error("scenario", f"{type(r).__name__}: {r}")

    def error(self, action: str, message: str) -> None:
        self.errors[action] = self.errors.get(action, 0) + 1
        if "occupato" in message:
            self.busy += 1
        if len(self.error_samples) < 12:
            self.error_samples.append(f"{action}: {message[:200]}")

    async def timed(self, action: str, fn, expect=None, told: str = "") -> bool | None:
        """Run one action; its time counts whatever the outcome; False on error,
        None when the answer is the refusal starting with ``told`` (a rule the
        person reads, then acts on: not an error)."""
        self.samples.setdefault(action, [])
        start = time.perf_counter()
        try:
            run = await fn()
        except Exception as exc:  # a timeout, a dropped connection, a missing widget
            self.samples[action].append(time.perf_counter() - start)
            self.error(action, f"{type(exc).__name__}: {exc}")
            return False
        self.samples[action].append(time.perf_counter() - start)
        self.bytes[action] = self.bytes.get(action, 0) + run.received_bytes
        problems = run.exceptions + [body for kind, body in run.alerts if kind == "error"]
        if told and not run.exceptions and problems and all(p.startswith(told) for p in problems):
            return None
        if problems:
            self.error(action, problems[0])
            return False
        if expect is not None and not expect(run):
            self.error(action, "risposta inattesa: " + "; ".join(b for _, b in run.alerts)[:150])
            return False
        return True

    def summary(self) -> dict:
        actions = {}
        for action, values in self.samples.items():
            if values:
                actions[action] = {
                    "n": len(values),
                    **percentiles(values),
                    "errors": self.errors.get(action, 0),
                    "kb": self.bytes.get(action, 0) / len(values) / 1024,
                }
        return {
            "actions": actions,
            "errors": sum(self.errors.values()),
            "busy": self.busy,
            "told": self.told,
            "error_samples": self.error_samples,
            "scenario_errors": self.errors.get("scenario", 0),
        }


def write_results(out: str | Path, text: str, data) -> None:
    """A bench's figures to ``bench/results/``: the report as OUT.md, the data as OUT.json."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".md").write_text(text.rstrip("\n") + "\n")
    out.with_suffix(".json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def percentiles(values: list[float]) -> dict:
    ms = sorted(v * 1000 for v in values)
    q = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else [ms[0]] * 99
    return {"p50": q[49], "p95": q[94], "p99": q[98], "max": ms[-1], "mean": statistics.fmean(ms)}


async def listen(client, rec: Recorder) -> None:
    """The page's stream (pushed mode): opened once the watch is on the page, read
    in the background; each event is kept for ``idle`` with its arrival time."""
    from testkit.stclient import EventStream

    if not client.watch or not client.watch.get("stream") or getattr(client, "stream", None) is not None:
        return
    client.pushed = asyncio.Queue()
    client.early = []  # events taken from the queue while a held ballot's draw waited (held_wait)
    stream = EventStream(client.host, client.port, client.watch["stream"], client.cookies)
    client.stream = stream

    async def read() -> None:
        try:
            await stream.open()
            while (found := await stream.next_event()) is not None:
                client.pushed.put_nowait((time.monotonic(), found))
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            rec.error("flusso", f"{type(exc).__name__}: {exc}")

    client.stream_task = asyncio.ensure_future(read())


async def stop_listening(client) -> None:
    task = getattr(client, "stream_task", None)
    if task is not None:
        task.cancel()
        await client.stream.close()


async def idle(client, rec: Recorder, seconds: float, due: dict, action: str) -> None:
    """Wait as a person reads or types, while the page refreshes by itself as in
    the browser: its ``run_every`` fragments on their schedule (timed as
    ``action``), and the participant page's watch: pushed, an event on its stream
    (``/vivo/TOKEN/flusso``), or asked, a question to ``/vivo`` every 1.5 s (timed
    as ``action``); when a part moved, the rerun of that part (timed as
    "aggiorna", "aggiorna: voto" when it brings the ballot, "aggiorna: voto preparato"
    when it brings a prepared one, hidden); when only the list's contents moved,
    the list fetched by its script ("aggiorna: elenco")."""
    deadline = time.monotonic() + max(seconds, 0)
    while True:
        await listen(client, rec)
        pushed = getattr(client, "pushed", None) if client.watch and client.watch.get("stream") else None
        now = time.monotonic()
        upcoming = [due.setdefault(fid, now + interval) for fid, interval in client.fragments.items()]
        if client.watch and pushed is None:
            upcoming.append(due.setdefault("watch", now + client.watch["every"]))
        wake = min([deadline, *upcoming])
        parts: list[str] = []
        early = getattr(client, "early", [])
        if pushed is not None:
            try:
                arrived, found = (
                    early.pop(0) if early else await asyncio.wait_for(pushed.get(), timeout=max(wake - now, 0))
                )
                parts = client.moved(found, pushed=True, at=arrived)
            except TimeoutError:
                pass
        elif wake > now:
            await asyncio.sleep(wake - now)
        if time.monotonic() >= deadline and wake == deadline and not parts:
            return
        for fid, interval in list(client.fragments.items()):
            if due.get(fid, float("inf")) <= time.monotonic():
                due[fid] = time.monotonic() + interval
                await rec.timed(action, lambda f=fid: client.rerun(fragment_id=f, auto=True))
        if client.watch and pushed is None and due.get("watch", float("inf")) <= time.monotonic():
            due["watch"] = time.monotonic() + client.watch["every"]

            async def ask(parts=parts):
                run, moved = await client.ask_watch()
                parts.extend(moved)
                return run

            await rec.timed(action, ask)
        if parts:  # the page waits a random share of the server's spread, as in the browser
            held = str(client.watch["seen"].get("ballot", "")).startswith("p")  # a prepared ballot, drawn hidden
            if held and parts == ["ballot"] and pushed is not None:
                await held_wait(client, pushed, random.random() * client.watch.get("held", 0), early)
            else:
                await asyncio.sleep(random.random() * client.watch.get("spread", 0))
            name = ("aggiorna: voto preparato" if held else "aggiorna: voto") if "ballot" in parts else "aggiorna"
            await rec.timed(name, lambda parts=parts: client.follow(parts))
        if client.list_due():  # the contents moved: the list's script fetches the list, no run
            await rec.timed("aggiorna: elenco", client.fetch_list)


async def held_wait(client, pushed: asyncio.Queue, wait: float, early: list) -> None:
    """A prepared ballot's hidden draw waits its wider share (live.push_pace «held»);
    the events that come meanwhile are kept for after it, and the ballot's opening
    cuts the wait short, as the page's script does (ui/live.py)."""
    end = time.monotonic() + wait
    while (left := end - time.monotonic()) > 0:
        try:
            event = await asyncio.wait_for(pushed.get(), timeout=left)
        except TimeoutError:
            return
        early.append(event)
        if event[1].get("ballot") != client.watch["seen"].get("ballot"):
            return


class Monitor:
    """Samples the server's CPU and memory every half second (all its processes)."""

    def __init__(self, pids: list[int], sessions: int):
        self.procs = [psutil.Process(p) for p in pids]
        self.sessions = sessions
        self.points: list[tuple[float, float, float]] = []  # time, cpu seconds, rss bytes
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> tuple[float, float, float]:
        cpu = rss = 0.0
        for p in self.procs:
            try:
                t = p.cpu_times()
                cpu += t.user + t.system
                rss += p.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        return time.monotonic(), cpu, rss

    def _loop(self) -> None:
        while not self._stop.wait(0.5):
            self.points.append(self._sample())

    def __enter__(self) -> Monitor:
        self.points.append(self._sample())
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.points.append(self._sample())

    def summary(self) -> dict:
        (t0, c0, r0), (t1, c1, _) = self.points[0], self.points[-1]
        peaks = [(b[1] - a[1]) / (b[0] - a[0]) for a, b in zip(self.points[::2], self.points[2::2]) if b[0] > a[0]]
        rss_peak = max(p[2] for p in self.points)
        return {
            "cpu_mean": (c1 - c0) / (t1 - t0),
            "cpu_peak": max(peaks or [0]),
            "rss_start_mb": r0 / 2**20,
            "rss_peak_mb": rss_peak / 2**20,
            "rss_per_session_mb": (rss_peak - r0) / 2**20 / max(self.sessions, 1),
            "seconds": t1 - t0,
        }
