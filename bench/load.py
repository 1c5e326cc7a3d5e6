"""Load bench: a plenary burst played over Streamlit's own websocket protocol
against a real ``streamlit run serve.py`` (or several behind nginx), then the
same actions against a trivial page in the same run, as a baseline.

Each simulated delegate follows its invite link (``/join/CODE``: the identity
cookie), opens the app, joins the session with its code, logs a need, sees the
ballot open (its page listens to ``/vivo/TOKEN/flusso`` and reruns the part the
server says moved, as the browser does; with ``--live poll`` it asks ``/vivo``
every 1.5 s, the previous design), votes and changes its vote. Organisations
send one or two delegates: a vote sent from a page drawn before a colleague's
was cast is refused with who voted (as for a person), and the simulated
delegate sends it again, timed apart as «(di nuovo)» (again if the colleague
voted once more in between; a fourth refusal in a row is an error).
Three projectors refresh as the real page does (every 2 s and 1 s).
Afterwards every acknowledged write is looked up in the database.

    python bench/load.py                      # 100, 200 and 300 delegates, one process
    python bench/load.py --delegates 100 --processes 2
    python bench/load.py --delegates 100 --gc  # with runner.postScriptGC on
    python bench/load.py --delegates 500 --processes 2 --live both  # pushed, then polling, same run
    python bench/load.py --delegates 300 --processes 2 --venue      # as on a venue's laptop

``--venue`` plays it as on the facilitator's laptop at a venue: a real Chromium
(Debian's, through Playwright) shows the projector page for the whole run, and
two background processes keep half a core busy each (50 ms of work, 50 ms of
rest), during the app's run and the trivial page's alike.

Figures (p50/p95/p99 per action, errors, server CPU and memory, write check,
ratios to the baseline) go to stdout and to ``bench/results/``. Nothing here
asserts on time. Traffic goes to loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import platform
import random
import tempfile
import time
from pathlib import Path

from loadkit import Monitor, Recorder, idle, stop_listening, write_results

from coprog.ballots import ballots
from coprog.procedure import access
from coprog.storage.db import Database
from coprog.texts import taxonomy
from testkit.browser import CHROMIUM
from testkit.builders import STAFF, plenary
from testkit.protocol import APPROVE, CAST_MEANWHILE, approval, voted
from testkit.server import ROOT, Server
from testkit.stclient import StreamlitClient

# -- what one delegate does -----------------------------------------------------


async def delegate(
    rec: Recorder, port: int, world: dict, person: dict, plan: dict, rng: random.Random, ballot_open: asyncio.Event
) -> None:
    await asyncio.sleep(rng.uniform(0, plan["arrive"]))
    c = StreamlitClient("127.0.0.1", port)
    due: dict = {}
    ok = await rec.timed(
        "apri",
        lambda: c.open_app(f"/join/{person['access_code']}"),
        expect=lambda r: c.has_widget("Codice della sessione"),
    )
    if not ok:
        return
    try:
        await idle(c, rec, rng.uniform(2, 6), due, "segue")  # reads the privacy notice shown on a first sign-in
        await rec.timed(
            "informativa letta",
            lambda: c.click("Ho letto l'informativa"),
            expect=lambda r: not c.has_widget("Ho letto l'informativa"),
        )
        if not await rec.timed(
            "unisciti",
            lambda: c.submit({"Codice della sessione": world["join_code"]}, "Unisciti", "join"),
            expect=lambda r: c.has_widget("Titolo", "new_bisogno"),
        ):
            return
        await idle(c, rec, rng.uniform(8, 20), due, "segue")
        title = f"Bisogno {person['id']} {rng.randrange(10**6)}"
        area = taxonomy.label("area", rng.choice(taxonomy.codes("area")), "it")
        c.fill_need("new_bisogno", title, rng.randint(1, 9), **{"Area di bisogno": area})
        if await rec.timed(
            "bisogno",
            lambda: c.submit({"Descrizione": "Scritto dal banco di carico."}, "Invia", "new_bisogno"),
            expect=lambda r: r.has("success", "Contributo salvato"),
        ):
            rec.acks["needs"].append(title)
        while not ballot_open.is_set():  # the page keeps watching, as a browser does (never all at once)
            await idle(c, rec, 0.2, due, "segue")
        opened = ballot_open.opened_at
        # the page's watch brings the ballot by itself (prepared: its script shows the box it holds)
        while not (c.shown or (c.has_widget(APPROVE) and not c.held)):
            if time.monotonic() > opened + 30:
                rec.error("aggiorna: voto", "il voto aperto non si vede dopo 30 s")
                return
            await idle(c, rec, 0.2, due, "segue")
        # when the ballot reached the page (the page follows the session while the delegate reads or
        # types: a delegate still busy with their need when it opened saw it then, not when done)
        drawn = next(when for label, when in c.first_drawn.items() if label.startswith(APPROVE))
        if c.shown:
            drawn = min(c.shown.values())
        elif drawn < opened:  # held, then drawn again by a run: seen now
            drawn = time.monotonic()
        rec.samples.setdefault("voto visibile (dall'apertura)", []).append(max(drawn - opened, 0.0))
        first: list[str] = []
        for action, reading in (("vota", (3, 15)), ("cambia voto", (5, 15))):
            await idle(c, rec, rng.uniform(*reading), due, "segue")  # reads the items, chooses
            choice = rng.sample(world["seeds"], rng.randint(1, 4))
            while sorted(choice) == first:  # a change of mind (the same ballot sent again is no change)
                choice = rng.sample(world["seeds"], rng.randint(1, 4))
            first = first or sorted(choice)

            def send(choice=choice):
                return c.submit(approval(choice, world["seeds"]), "Registra il voto", "ballot")

            sent = await rec.timed(action, send, expect=voted, told=CAST_MEANWHILE)
            # a colleague of the same ETS voted meanwhile: read, then sent again having seen it; the
            # colleague may vote once more between the refusal and the send again (a change of theirs,
            # a few ms apart): the same rule, read again; a fourth refusal in a row is an error
            for again in range(1, 4):
                if sent is not None:
                    break
                rec.told += 1
                told = CAST_MEANWHILE if again < 3 else ""
                sent = await rec.timed(action + " (di nuovo)", send, expect=voted, told=told)
            if sent:
                rec.acks["votes"].setdefault(person["organisation_id"], []).append(sorted(choice))
        await idle(c, rec, plan["end"] - rec.elapsed(), due, "segue")
    finally:
        await stop_listening(c)
        await c.close()


async def projector(rec: Recorder, port: int, world: dict, plan: dict) -> None:
    c = StreamlitClient("127.0.0.1", port, path="proiettore", cookies={access.STAFF_COOKIE_NAME: world["staff_cookie"]})
    if await rec.timed("proiettore: apri", c.open_app, expect=lambda r: r.shows("Plenaria sotto carico")):
        await idle(c, rec, plan["end"] - rec.elapsed(), {}, "proiettore: aggiorna")
    await c.close()


async def chromium_projector(rec: Recorder, port: int, world: dict, plan: dict) -> None:
    """The venue's projector: the real page in a real Chromium for the whole run."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        context = await browser.new_context(viewport={"width": 1920, "height": 1080})
        cookie = {"name": access.STAFF_COOKIE_NAME, "value": world["staff_cookie"], "url": f"http://127.0.0.1:{port}"}
        await context.add_cookies([cookie])
        page = await context.new_page()

        async def open_page():
            await page.goto(f"http://127.0.0.1:{port}/proiettore")
            await page.get_by_text("Plenaria sotto carico").first.wait_for(timeout=60_000)

        started = time.perf_counter()
        try:
            await open_page()
            rec.samples.setdefault("proiettore Chromium: apri", []).append(time.perf_counter() - started)
        except Exception as exc:  # noqa: BLE001 - counted as an error of the run
            rec.error("proiettore Chromium: apri", f"{type(exc).__name__}: {exc}")
        await asyncio.sleep(max(plan["end"] - rec.elapsed(), 0))
        await browser.close()


def _burn(stop) -> None:
    """Half a core: 50 ms of work, 50 ms of rest, until told to stop."""
    while not stop.is_set():
        end = time.perf_counter() + 0.05
        while time.perf_counter() < end:
            pass
        time.sleep(0.05)


@contextlib.contextmanager
def busy_neighbours(on: bool, count: int = 2):
    """Two background processes using the same cores (a venue laptop's other work)."""
    stop = multiprocessing.Event()
    procs = [multiprocessing.Process(target=_burn, args=(stop,), daemon=True) for _ in range(count if on else 0)]
    for proc in procs:
        proc.start()
    try:
        yield
    finally:
        stop.set()
        for proc in procs:
            proc.join(5)


PREPARE_AHEAD = 15  # seconds: the facilitator prepares the ballot, explains the vote, then opens it


async def facilitator(
    rec: Recorder, db_path: Path, world: dict, plan: dict, ballot_open: asyncio.Event, prepared: bool = False
) -> None:
    """Opens the ballot at the planned time (the console's action, through the core);
    ``prepared``: prepares it ``PREPARE_AHEAD`` seconds before, then opens it."""
    db = Database(db_path)
    if prepared:
        await asyncio.sleep(plan["ballot"] - PREPARE_AHEAD - rec.elapsed())
        bid = ballots.open_ballot(db, STAFF, world["session"], "approvazione", prepare=True)
        await asyncio.sleep(plan["ballot"] - rec.elapsed())
        ballots.start(db, STAFF, bid)
    else:
        await asyncio.sleep(plan["ballot"] - rec.elapsed())
        ballots.open_ballot(db, STAFF, world["session"], "approvazione")
    db.close()
    ballot_open.opened_at = time.monotonic()
    ballot_open.set()


# -- the same actions on the trivial page -------------------------------------


async def trivial_user(rec: Recorder, port: int, plan: dict, rng: random.Random) -> None:
    await asyncio.sleep(rng.uniform(0, plan["arrive"]))
    c = StreamlitClient("127.0.0.1", port)
    due: dict = {}
    if not await rec.timed("apri", c.open_app, expect=lambda r: c.has_widget("Testo")):
        return
    for action, pause in (
        ("unisciti", (2, 6)),
        ("bisogno", (8, 20)),
        ("aggiorna", (5, 10)),
        ("vota", (1, 8)),
        ("cambia voto", (5, 15)),
    ):
        await idle(c, rec, rng.uniform(*pause), due, "segue")
        await rec.timed(
            action, lambda: c.submit({"Testo": "x" * 40}, "Invia"), expect=lambda r: r.has("success", "Salvato")
        )
    await idle(c, rec, plan["end"] - rec.elapsed(), due, "segue")
    await c.close()


# -- the write check ------------------------------------------------------------


def check_writes(db_path: Path, rec: Recorder) -> dict:
    """Every acknowledged need once; every organisation's vote counted once per
    acknowledged cast (``changes`` and the audit trail), its choice one it cast."""
    db = Database(db_path)
    titles = rec.acks["needs"]
    found = {
        r["title"]: r["n"]
        for r in db.query("SELECT title, count(*) AS n FROM contribution WHERE type = 'bisogno' GROUP BY title")
    }
    lost_needs = [t for t in titles if found.get(t, 0) == 0]
    double_needs = [t for t, n in found.items() if n > 1]
    ballot = db.query_one("SELECT id FROM ballot ORDER BY id DESC LIMIT 1")
    bad_votes = []
    for org, casts in rec.acks["votes"].items():
        row = db.query_one(
            "SELECT id, changes FROM vote WHERE ballot_id = ? AND organisation_id = ?", (ballot["id"], org)
        )
        audited = db.scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'vota' AND entity_id = ? AND detail LIKE ?",
            (ballot["id"], f'%"org:{org}"%'),
        )
        if row is None:
            bad_votes.append((org, "mancante"))
            continue
        chosen = sorted(
            db.scalar("SELECT title FROM ballot_item WHERE id = ?", (e["item_id"],))
            for e in db.query("SELECT item_id FROM vote_entry WHERE vote_id = ?", (row["id"],))
        )
        if row["changes"] != len(casts) - 1 or audited != len(casts) or chosen not in casts:
            bad_votes.append((org, f"changes={row['changes']} audit={audited} casts={len(casts)}"))
    db.close()
    return {
        "needs_acknowledged": len(titles),
        "needs_lost": len(lost_needs),
        "needs_duplicated": len(double_needs),
        "organisations_voted": len(rec.acks["votes"]),
        "casts_acknowledged": sum(len(v) for v in rec.acks["votes"].values()),
        "votes_wrong": bad_votes,
    }


# -- one run --------------------------------------------------------------------


def plan_for(quick: bool) -> dict:
    return {"arrive": 20, "ballot": 35, "end": 75} if quick else {"arrive": 60, "ballot": 75, "end": 120}


async def play_app(
    server: Server, db_path: Path, world: dict, n: int, plan: dict, seed: int, venue: bool = False, prepared=False
) -> Recorder:
    rec = Recorder()
    rng = random.Random(seed)
    ballot_open = asyncio.Event()
    tasks = [
        delegate(rec, server.port, world, person, plan, random.Random(rng.random()), ballot_open)
        for person in world["people"][:n]
    ]
    tasks += [projector(rec, server.port, world, plan) for _ in range(3)]
    if venue:
        tasks.append(chromium_projector(rec, server.port, world, plan))
    tasks.append(facilitator(rec, db_path, world, plan, ballot_open, prepared))
    await rec.run(tasks)
    return rec


async def play_trivial(server: Server, n: int, plan: dict, seed: int) -> Recorder:
    rec = Recorder()
    rng = random.Random(seed)
    await rec.run([trivial_user(rec, server.port, plan, random.Random(rng.random())) for _ in range(n)])
    return rec


def measure(
    n: int, processes: int, gc: bool, quick: bool, live: str = "push", venue: bool = False, prepared: bool = False
) -> dict:
    plan = plan_for(quick)
    extra = ["--runner.postScriptGC", "true"] if gc else []
    env = {"COPROG_LIVE": live}
    with tempfile.TemporaryDirectory() as tmp, busy_neighbours(venue):
        db_path = Path(tmp) / "load.db"
        world = plenary(db_path, n)
        with (
            Server("serve.py", db_path, processes=processes, extra=extra, env=env) as server,
            Monitor(server.pids(), n + 3) as app_monitor,
            Monitor([os.getpid()], n + 3) as driver,
        ):
            rec = asyncio.run(play_app(server, db_path, world, n, plan, seed=n, venue=venue, prepared=prepared))
        writes = check_writes(db_path, rec)
        with (
            Server("bench/trivial_app.py", db_path, processes=processes, extra=extra) as server,
            Monitor(server.pids(), n) as base_monitor,
        ):
            base = asyncio.run(play_trivial(server, n, plan, seed=n))
    return {
        "delegates": n,
        "live": live,
        "venue": venue,
        "prepared": prepared,
        "projectors": 3,
        "processes": processes,
        "postScriptGC": gc,
        "plan_seconds": plan,
        "app": rec.summary(),
        "baseline": base.summary(),
        "server": app_monitor.summary(),
        "driver": driver.summary(),
        "baseline_server": base_monitor.summary(),
        "writes": writes,
    }


def report(results: list[dict]) -> str:
    lines = [
        f"# Load bench: {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" {platform.platform()}. Driver and server on the same machine (loopback).",
        "",
    ]
    for r in results:
        s, w = r["server"], r["writes"]
        lines += [
            f"## {r['delegates']} delegates + 3 projectors, {r['processes']} server process(es),"
            f" pages {'pushed' if r.get('live', 'poll') == 'push' else 'polling every 1.5 s'}"
            + (", postScriptGC on" if r["postScriptGC"] else "")
            + (", as a venue laptop (a Chromium projector, two half-busy processes)" if r.get("venue") else "")
            + (f", the ballot prepared {PREPARE_AHEAD} s before it opens" if r.get("prepared") else ""),
            "",
            f"Arrivals over {r['plan_seconds']['arrive']} s, ballot opens at {r['plan_seconds']['ballot']} s,"
            f" run ends at {r['plan_seconds']['end']} s.",
            "",
            "| action | n | p50 ms | p95 ms | p99 ms | max ms | errors | kB | baseline p50 | baseline p95 |"
            " ratio p50 | ratio p95 |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for action, a in r["app"]["actions"].items():
            b = r["baseline"]["actions"].get(
                action.replace("proiettore: aggiorna", "segue")
                .replace("proiettore: apri", "apri")
                .replace("aggiorna: voto", "aggiorna")
            )
            ratio = lambda k, a=a, b=b: f"{a[k] / b[k]:.1f}×" if b and b[k] else "–"
            lines.append(
                f"| {action} | {a['n']} | {a['p50']:.0f} | {a['p95']:.0f} | {a['p99']:.0f} | {a['max']:.0f}"
                f" | {a['errors']} | {a['kb']:.0f} | {b['p50']:.0f} | {b['p95']:.0f} | {ratio('p50')} | "
                f"{ratio('p95')} |"
                if b
                else f"| {action} | {a['n']} | {a['p50']:.0f} | {a['p95']:.0f} | {a['p99']:.0f}"
                f" | {a['max']:.0f} | {a['errors']} | {a['kb']:.0f} | – | – | – | – |"
            )
        lines += [
            "",
            f"Server: CPU mean {s['cpu_mean']:.0%} of one core, peak (1 s) {s['cpu_peak']:.0%};"
            f" memory {s['rss_start_mb']:.0f} MB before, peak {s['rss_peak_mb']:.0f} MB,"
            f" {s['rss_per_session_mb']:.2f} MB per connected session;"
            f" busy (locked) messages {r['app']['busy']}. Load driver: CPU mean {r['driver']['cpu_mean']:.0%},"
            f" peak {r['driver']['cpu_peak']:.0%}."
            f" Baseline server: CPU mean {r['baseline_server']['cpu_mean']:.0%},"
            f" peak {r['baseline_server']['cpu_peak']:.0%}.",
            f"Writes: {w['needs_acknowledged']} needs acknowledged, {w['needs_lost']} lost,"
            f" {w['needs_duplicated']} duplicated; {w['casts_acknowledged']} ballots cast by"
            f" {w['organisations_voted']} organisations, {len(w['votes_wrong'])} counted wrong;"
            f" {r['app'].get('told', 0)} refused because a colleague of the same ETS had voted meanwhile"
            " (the delegate read it and sent again: «(di nuovo)»).",
            "",
        ]
        if r["app"]["error_samples"]:
            lines += ["Errors seen (first ones):", ""] + [f"- {e}" for e in r["app"]["error_samples"]] + [""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delegates", type=int, nargs="+", default=[100, 200, 300])
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--gc", action="store_true", help="run with runner.postScriptGC on (Streamlit's default)")
    parser.add_argument("--quick", action="store_true", help="a one-minute plan instead of two")
    parser.add_argument(
        "--live",
        choices=["push", "poll", "both"],
        default="push",
        help="pages told by the server's stream (push), asking every 1.5 s (the previous design), or both in turn",
    )
    parser.add_argument(
        "--venue", action="store_true", help="a Chromium projector and two half-busy processes on the same cores"
    )
    parser.add_argument(
        "--prepared", action="store_true", help="the facilitator prepares the ballot 15 s before opening it"
    )
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "load"))
    args = parser.parse_args()
    results = []
    for n in args.delegates:
        for live in ("push", "poll") if args.live == "both" else (args.live,):
            results.append(measure(n, args.processes, args.gc, args.quick, live, args.venue, args.prepared))
            print(report(results[-1:]), flush=True)
    write_results(args.out, report(results), results)
    print(f"\nwritten: {Path(args.out).with_suffix('.md')} and .json")


if __name__ == "__main__":
    main()
