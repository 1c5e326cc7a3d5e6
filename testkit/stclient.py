"""A headless Streamlit client: what the browser does, over the same websocket
(``/_stcore/stream``) with Streamlit's own BackMsg/ForwardMsg protobufs from
the installed package. Used by the load driver (``bench/load.py``) and by the
fault tests: it opens real sessions on a running ``streamlit run`` server.

It keeps what a browser keeps: cookies (the identity cookie set by ``/join``,
Streamlit's XSRF cookie), the query string, the current page, widget values,
and the fragments that refresh by themselves (``run_every``), which it reruns
on the same schedule as the browser when asked to.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

WIDGETS = {
    "button",
    "text_input",
    "text_area",
    "selectbox",
    "multiselect",
    "radio",
    "checkbox",
    "number_input",
    "slider",
    "button_group",
}
DONE = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
}
ALERT = {1: "error", 2: "warning", 3: "info", 4: "success"}


class Disconnected(Exception):
    """The websocket closed while waiting for the server."""


@dataclass
class Widget:
    kind: str
    id: str
    label: str
    form_id: str
    fragment_id: str


@dataclass
class Run:
    """What one script run (or fragment run) put on the page."""

    seconds: float = 0.0
    alerts: list[tuple[str, str]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    received_bytes: int = 0
    messages: int = 0  # how many ForwardMsgs the answer took
    runs: int = 0  # how many script runs the server started for it (one, unless a run was cut short for another)
    widgets: list[str] = field(default_factory=list)  # the labels of the widgets this run drew
    # the components it mounted: (name, the script's file as the browser asks for it, bytes of script inline)
    components: list[tuple[str, str, int]] = field(default_factory=list)
    favicon: str = ""  # the page's icon as its page config names it

    def has(self, kind: str, text: str = "") -> bool:
        return any(k == kind and text in body for k, body in self.alerts)

    def shows(self, text: str) -> bool:
        return any(text in t for t in self.texts) or any(text in b for _, b in self.alerts)


async def http_get(
    host: str, port: int, path: str, cookies: dict[str, str], body: bool = False, location: bool = False
) -> tuple:
    """A minimal HTTP/1.1 GET (no redirects followed); returns status and the
    cookies it set (and the body if asked). Enough for ``/join/CODE``,
    ``/_stcore/health`` and the participant page's watch (``/vivo/TOKEN``)."""
    reader, writer = await asyncio.open_connection(host, port)
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    writer.write(
        (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n"
            + (f"Cookie: {cookie}\r\n" if cookie else "")
            + "\r\n"
        ).encode()
    )
    await writer.drain()
    raw = await reader.read()
    writer.close()
    head_raw, _, content = raw.partition(b"\r\n\r\n")
    head = head_raw.decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    jar: dict[str, str] = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "set-cookie":
            parsed = SimpleCookie()
            parsed.load(value.strip())
            for key, morsel in parsed.items():
                jar[key] = morsel.value
    moved = next((line.split(":", 1)[1].strip() for line in head[1:] if line.lower().startswith("location:")), "")
    if body:
        content = _dechunk(content) if "transfer-encoding: chunked" in head_raw.decode().lower() else content
        return (status, jar, content, moved) if location else (status, jar, content)
    return status, jar


class EventStream:
    """A server-sent event stream (``/vivo/TOKEN/flusso``), read as a browser's
    EventSource does: ``next_event()`` waits for the next ``data:`` line, a
    comment (keep-alive) counts its bytes and is skipped."""

    def __init__(self, host: str, port: int, path: str, cookies: dict[str, str]):
        self.host, self.port, self.path, self.cookies = host, port, path, cookies
        self.status = 0
        self.received_bytes = 0
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._buffer = b""
        self._chunked = False

    async def open(self) -> EventStream:
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self._writer.write(
            (
                f"GET {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept: text/event-stream\r\n"
                + (f"Cookie: {cookie}\r\n" if cookie else "")
                + "\r\n"
            ).encode()
        )
        await self._writer.drain()
        head = await self._reader.readuntil(b"\r\n\r\n")
        self.received_bytes += len(head)
        lines = head.decode("latin-1").split("\r\n")
        self.status = int(lines[0].split()[1])
        self._chunked = any(line.lower().startswith("transfer-encoding: chunked") for line in lines)
        return self

    async def _more(self) -> bool:
        assert self._reader is not None
        if not self._chunked:
            data = await self._reader.read(65536)
            self.received_bytes += len(data)
            self._buffer += data
            return bool(data)
        size_line = await self._reader.readline()
        if not size_line:
            return False
        n = int(size_line.split(b";")[0].strip() or b"0", 16)
        data = await self._reader.readexactly(n + 2) if n else b""
        self.received_bytes += len(size_line) + len(data)
        self._buffer += data[:n]
        return n > 0

    async def next_event(self) -> dict | None:
        """The next event's JSON (None when the stream ended)."""
        while True:
            while b"\n\n" not in self._buffer:
                if not await self._more():
                    return None
            block, self._buffer = self._buffer.split(b"\n\n", 1)
            data = [line[5:].strip() for line in block.split(b"\n") if line.startswith(b"data:")]
            if data:
                return json.loads(b"\n".join(data))

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            try:
                await self._writer.wait_closed()
            except (ConnectionError, OSError):
                pass


def _dechunk(data: bytes) -> bytes:
    out = b""
    while data:
        size, _, rest = data.partition(b"\r\n")
        n = int(size.split(b";")[0] or b"0", 16)
        if n == 0:
            break
        out, data = out + rest[:n], rest[n + 2 :]
    return out


class StreamlitClient:
    """One browser tab."""

    def __init__(self, host: str, port: int, *, path: str = "", query: str = "", cookies: dict[str, str] | None = None):
        self.host, self.port = host, port
        self.url_path = path
        self.query = query
        self.cookies = dict(cookies or {})
        self.page_hash = ""
        self.session_id = ""
        self.widgets: list[Widget] = []
        self.first_drawn: dict[str, float] = {}  # widget label -> when it first reached this tab (monotonic)
        self.values: dict[str, object] = {}
        self.fragments: dict[str, float] = {}  # fragment id -> seconds between reruns
        self.watch: dict | None = None  # the participant page's watch: its widget id, address, what it saw
        self.held: dict[int, str] = {}  # prepared ballots drawn hidden on this tab -> their fragment
        self.held_at: dict[int, float] = {}  # -> when drawn (monotonic)
        self.shown: dict[int, float] = {}  # held ballots the watch showed -> when (monotonic)
        # the participant list its script draws (ui/live_list.py): address, version drawn, titles, version due
        self.listing: dict | None = None
        self.ws = None
        self._queue: asyncio.Queue = asyncio.Queue()
        self._reader: asyncio.Task | None = None
        self._fragment_run = False
        self._redrawn: set[str] = set()
        self._ran: set[str] = set()

    # -- connection ---------------------------------------------------------
    async def open_link(self, path: str) -> int:
        """Follow a link over plain HTTP (e.g. ``/join/CODE``), keeping its cookies;
        the page it redirects to is the one the app then opens, as in the browser."""
        status, jar, _, location = await http_get(self.host, self.port, path, self.cookies, body=True, location=True)
        self.cookies.update(jar)
        if status in (301, 302, 303, 307) and location:
            target = urllib.parse.urlsplit(location)
            self.url_path, self.page_hash = target.path.strip("/"), ""
            self.query = target.query or self.query  # a QR link's ?sessione= stays (the tests open both)
        return status

    async def open_app(self, link: str | None = None) -> Run:
        """Follow a link first if given (the invite ``/join/CODE`` sets the
        identity cookie and redirects), then open the app and run it once."""
        if link is not None and await self.open_link(link) != 303:
            raise RuntimeError(f"il link {link} non reindirizza")
        await self.connect()
        return await self.rerun()

    async def connect(self, timeout: float = 30) -> None:
        if "_streamlit_xsrf" not in self.cookies:
            _, jar = await http_get(self.host, self.port, "/_stcore/health", self.cookies)
            self.cookies.update(jar)
        protocols = ["streamlit", self.cookies.get("_streamlit_xsrf", "")]
        if self.session_id:  # a reconnect asks for the same server-side session, as the browser does
            protocols.append(self.session_id)
        self.ws = await websockets.connect(
            f"ws://{self.host}:{self.port}/_stcore/stream",
            subprotocols=protocols,
            additional_headers={
                "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                "Origin": f"http://{self.host}:{self.port}",
            },
            max_size=None,
            open_timeout=timeout,
            ping_interval=None,
            compression=None,
        )
        self._queue = asyncio.Queue()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for data in self.ws:
                self._queue.put_nowait(data)
        except websockets.ConnectionClosed:
            pass
        finally:
            self._queue.put_nowait(None)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    def drop(self) -> None:
        """Cut the connection abruptly (no closing handshake), like a lost Wi-Fi."""
        if self.ws is not None:
            self.ws.transport.abort()

    # -- running the script -----------------------------------------------
    def _state(self, triggers: dict[str, object], fragment_id: str = "", auto: bool = False) -> BackMsg:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash
        cs.page_name = "" if self.page_hash else self.url_path
        cs.fragment_id = fragment_id
        cs.is_auto_rerun = auto
        cs.context_info.timezone = "Europe/Rome"
        cs.context_info.locale = "it-IT"
        cs.context_info.url = f"http://{self.host}:{self.port}/{self.url_path}"
        for wid, value in {**self.values, **triggers}.items():
            self._put(cs.widget_states.widgets.add(), wid, value)
        return msg

    @staticmethod
    def _put(ws, wid: str, value) -> None:
        ws.id = wid
        if value is True and wid.startswith("trigger:"):
            ws.id = wid.removeprefix("trigger:")
            ws.trigger_value = True
        elif wid.startswith("json_trigger:"):
            ws.id = wid.removeprefix("json_trigger:")
            ws.json_trigger_value = value
        elif isinstance(value, bool):
            ws.bool_value = value
        elif isinstance(value, (int, float)):
            ws.double_value = float(value)
        elif isinstance(value, str):
            ws.string_value = value
        else:
            ws.string_array_value.data.extend(list(value))

    async def rerun(
        self,
        triggers: dict[str, object] | None = None,
        *,
        fragment_id: str = "",
        auto: bool = False,
        keyed: bool = False,
        timeout: float = 60,
    ) -> Run:
        """Send one rerun and wait until the server says the run finished
        (``keyed``: a callback reruns named fragments, not the page)."""
        run = Run()
        self._fragment_run = bool(fragment_id) or keyed
        self._redrawn: set[str] = set()
        self._ran: set[str] = set()
        started = time.perf_counter()
        try:
            await self.ws.send(self._state(triggers or {}, fragment_id, auto).SerializeToString())
        except websockets.ConnectionClosed as exc:
            raise Disconnected("connessione chiusa") from exc
        deadline = started + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("nessuna risposta dal server")
            if self._take(await self._receive(run, left), run):
                run.seconds = time.perf_counter() - started
                return run

    async def _receive(self, run: Run, timeout: float) -> ForwardMsg:
        """The next message from the server (its size counted in ``run``)."""
        data = await asyncio.wait_for(self._queue.get(), timeout)
        if data is None:
            raise Disconnected("connessione chiusa")
        run.received_bytes += len(data)
        run.messages += 1
        msg = ForwardMsg()
        msg.ParseFromString(data)
        return msg

    async def drain(self, seconds: float = 0.3) -> Run:
        """Take what the server sends unasked for ``seconds`` (e.g. after a
        reconnect, the rest of a run whose answer the broken connection lost)."""
        run = Run()
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            try:
                self._take(await self._receive(run, left), run)
            except TimeoutError:
                break
        return run

    def _take(self, msg: ForwardMsg, run: Run) -> bool:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            run.runs += 1
            self.session_id = msg.new_session.initialize.session_id or self.session_id
            if msg.new_session.page_script_hash:
                self.page_hash = msg.new_session.page_script_hash
            if not self._fragment_run:  # a full run draws everything again
                self.widgets = []
                self.fragments = {}
                self.watch = None
                self.listing = None
                self.held = {}
            self._ran = set(msg.metadata.run.fragment_ids)  # not always the tapped one's: a callback may name others
        elif kind == "navigation":
            self.page_hash = msg.navigation.page_script_hash or self.page_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "page_config_changed":
            run.favicon = msg.page_config_changed.favicon or run.favicon
        elif kind == "auto_rerun":
            self.fragments[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fid in msg.stop_auto_rerun.fragment_ids:
                self.fragments.pop(fid, None)
        elif kind == "delta":
            fid = msg.delta.fragment_id
            if self._fragment_run and fid and fid not in self._redrawn:  # a fragment drawn again: its widgets anew
                self._redrawn.add(fid)
                self.widgets = [w for w in self.widgets if w.fragment_id != fid]
                self.held = {b: f for b, f in self.held.items() if f != fid}
            if msg.delta.WhichOneof("type") == "new_element":
                self._element(msg.delta.new_element, fid, run)
        elif kind == "script_finished":
            if msg.script_finished in DONE and self._fragment_run:  # what a fragment that ran did not redraw is gone
                gone = self._ran - self._redrawn
                self.widgets = [w for w in self.widgets if w.fragment_id not in gone]
                self.held = {b: f for b, f in self.held.items() if f not in gone}
            return msg.script_finished in DONE
        return False

    def _element(self, element, fragment_id: str, run: Run) -> None:
        kind = element.WhichOneof("type")
        if kind == "alert":
            run.alerts.append((ALERT.get(element.alert.format, "?"), element.alert.body))
        elif kind == "exception":
            run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif kind in ("markdown", "heading", "text"):
            proto = getattr(element, kind)
            run.texts.append(getattr(proto, "body", "") or getattr(proto, "text", ""))
        elif kind == "html" and (held := re.search(r"st-key-ballot_box_([0-9]+)", element.html.body)):
            self.held[int(held.group(1))] = fragment_id  # a prepared ballot, drawn hidden (ui/live.held_until_open)
            self.held_at[int(held.group(1))] = time.monotonic()
        elif kind == "bidi_component":
            self._component(element.bidi_component, fragment_id, run)
        elif kind in WIDGETS:
            proto = getattr(element, kind)
            self.widgets = [w for w in self.widgets if w.id != proto.id]
            self.widgets.append(Widget(kind, proto.id, proto.label, proto.form_id, fragment_id))
            run.widgets.append(proto.label)
            self.first_drawn.setdefault(proto.label, time.monotonic())

    def _component(self, proto, fragment_id: str, run: Run) -> None:
        """A component mounted: recorded in ``run``; the page's watch, its list
        and the list's refresh read as the browser's scripts read them."""
        run.components.append((proto.component_name, proto.js_source_path, len(proto.js_content)))
        if proto.component_name == "coprog.watch":
            data = json.loads(proto.json)
            self.watch = {
                "id": proto.id,
                "url": data["url"],
                "stream": data.get("stream"),
                "seen": dict(data["seen"]),
                "every": data["every"] / 1000,
                "votes_every": data["votesEvery"] / 1000,
                "spread": 0.0,
                "fragment": fragment_id,  # the watch's own fragment: what it says asks for a fragment run
            }
        elif proto.component_name == "coprog.list":
            data = json.loads(proto.json)
            due = self.listing["due"] if self.listing else 0
            self.listing = {"url": data["url"], "due": due}
            self._draw_list(data["view"])
        elif proto.component_name == "coprog.list_refresh" and self.listing:
            # a contribution just stored: the list's script fetches its version now
            version = json.loads(proto.json)["version"]
            self.listing["due"] = max(self.listing["due"], version)

    # -- what a person does -----------------------------------------------
    def widget(self, label: str, form: str = "") -> Widget:
        """The widget whose label starts with ``label`` (in the form whose id
        starts with ``form``); the latest drawn wins."""
        for w in reversed(self.widgets):
            if w.label.startswith(label) and w.form_id.startswith(form):
                return w
        raise KeyError(f"nessun widget «{label}» (ci sono: {[w.label for w in self.widgets][:12]})")

    def has_widget(self, label: str, form: str = "") -> bool:
        return any(w.label.startswith(label) and w.form_id.startswith(form) for w in self.widgets)

    async def submit(self, values: dict[str, object], button: str, form: str = "") -> Run:
        """Fill a form (labels -> values) and press its submit button: the
        values travel with the submit, as in the browser."""
        for label, value in values.items():
            self.values[self.widget(label, form).id] = value
        return await self.click(button, form)

    # What a delegate chooses in the need form besides the title (the form starts empty).
    NEED_JUDGEMENTS = {
        "Area di bisogno": "Isolamento e solitudine",
        "Destinatari": "Anziani soli",
        "Intensità": "4",
        "Andamento": "In crescita",
        "Tipo di fonte": "Dati",
    }

    def fill_need(self, form: str, title: str, municipio: int, **judgements: str) -> None:
        """Type a need as a delegate does: the Municipio (outside the form, the
        NIL list follows it), then title and judgements inside the form."""
        self.values[self.widget("Municipi").id] = [f"Municipio {municipio}"]
        for label, value in {"Titolo": title, **self.NEED_JUDGEMENTS, **judgements}.items():
            self.values[self.widget(label, form).id] = value

    def need_form(self) -> str:
        """The id of the need form the page shows now (a new one after each need
        sent; a strategy's form has a title too, not a need's area)."""
        return self.widget("Area di bisogno").form_id

    async def read_notice(self) -> None:
        """Past the privacy notice a first sign-in shows (nothing when it is not there)."""
        if self.has_widget("Ho letto l'informativa"):
            await self.click("Ho letto l'informativa")

    async def click(self, label: str, form: str = "") -> Run:
        w = self.widget(label, form)
        return await self.rerun({f"trigger:{w.id}": True}, fragment_id=w.fragment_id)

    async def double_click(self, label: str, form: str = "", seconds: float = 2.0) -> Run:
        """Press twice as a double click does: the second press leaves before the
        first's answer, with the same values; what the server sends for both is
        taken for ``seconds``."""
        w = self.widget(label, form)
        press = self._state({f"trigger:{w.id}": True}, w.fragment_id).SerializeToString()
        self._fragment_run = bool(w.fragment_id)
        self._redrawn, self._ran = set(), set()
        await self.ws.send(press)
        await self.ws.send(press)
        return await self.drain(seconds)

    async def late_second_click(self, label: str, form: str = "") -> tuple[Run, Run]:
        """A double click whose second press reaches the server just after the
        first one's answer was drawn: the same press (from the drawing the first
        came from, with the same values) sent again as soon as the first's runs
        finished. The first's answer and the second's."""
        w = self.widget(label, form)
        triggers = {f"trigger:{w.id}": True}
        first = await self.rerun(triggers, fragment_id=w.fragment_id)
        return first, await self.rerun(triggers, fragment_id=w.fragment_id)

    # -- the participant page's watch (ui/live.py), as its script in the browser does it
    async def ask_watch(self) -> tuple[Run, list[str]]:
        """One question to ``/vivo/TOKEN``: the parts whose fingerprint moved
        (live results at most every ``votes_every`` seconds, as in the browser)."""
        run, answer = await self._ask(self.watch["url"], "watch")
        return run, [] if answer is None else self.moved(answer)

    async def _ask(self, url: str, what: str) -> tuple[Run, dict | None]:
        """One GET of the page's script, timed: its JSON answer, None on an error (in the run)."""
        run = Run()
        started = time.perf_counter()
        status, _, body = await http_get(self.host, self.port, url, self.cookies, body=True)
        run.seconds, run.received_bytes = time.perf_counter() - started, len(body)
        if status != 200:
            run.exceptions.append(f"{what}: HTTP {status}")
            return run, None
        return run, json.loads(body)

    def moved(self, answer: dict, pushed: bool = False, at: float | None = None) -> list[str]:
        """The parts of an answer (asked or pushed) whose fingerprint moved, as the
        page's script picks them (asked, it paces live results and the list itself;
        pushed, the server does); remembered as seen. ``at``: when the answer
        arrived (the script shows a held ballot then, whatever the page is doing)."""
        parts = []
        answer = dict(answer)
        pace = answer.pop("pace", {"spread": 0, "list_every": 0})
        every = {} if pushed else {"votes": self.watch["votes_every"], "list": pace["list_every"] / 1000}
        last = self.watch.setdefault("last", {"votes": 0.0, "list": 0.0})
        held = re.fullmatch(r"p([0-9]+)", self.watch["seen"].get("ballot", ""))
        if (
            held
            and answer.get("ballot") != self.watch["seen"]["ballot"]
            and str(answer.get("ballot")).split(".")[0] == held.group(1)
            and int(held.group(1)) in self.held
        ):  # a prepared ballot opens: the script shows the box it holds, no run
            bid = int(held.group(1))
            self.shown[bid] = max(at or time.monotonic(), self.held_at.get(bid, 0.0))
            self.watch.setdefault("stale", set()).add(self.watch["seen"]["ballot"])  # older answers' «p<id>»
            self.watch["seen"]["ballot"] = answer["ballot"]
        for part, value in answer.items():
            if self.watch["seen"].get(part) == value or (part == "ballot" and value in self.watch.get("stale", ())):
                continue
            if part in every and time.monotonic() - last[part] < every[part]:
                continue
            parts.append(part)
        if "ballot" in parts:  # the ballot comes alone, the list at the next turn (ui/live.py)
            parts = [p for p in parts if p != "list"]
        kind = lambda value: str(value or "").split("|")[1:]  # noqa: E731
        if "list" in parts and self.listing and kind(answer["list"]) == kind(self.watch["seen"].get("list")):
            # only the contents moved: the list's script fetches the list (list_due), no run
            parts = [p for p in parts if p != "list"]
            self.watch["seen"]["list"] = answer["list"]
            last["list"] = time.monotonic()
            self.listing["due"] = max(self.listing["due"], int(str(answer["list"]).split("|")[0]))
        for part in parts:
            self.watch["seen"][part] = answer[part]
        for part in parts:
            if part in last:
                last[part] = time.monotonic()
        self.watch["spread"] = pace["spread"] / 1000
        self.watch["held"] = pace.get("held", pace["spread"]) / 1000  # a prepared ballot's hidden draw
        return parts

    def list_due(self) -> bool:
        """Whether the list's script has a newer version to fetch than it drew."""
        return bool(self.listing) and self.listing["due"] > self.listing["v"]

    async def fetch_list(self) -> Run:
        """What the list's script does when the watch says the contents moved: one
        question to ``/vivo/TOKEN/elenco``, the answer drawn (no page run)."""
        run, answer = await self._ask(self.listing["url"], "elenco")
        if answer is None:
            self.listing["due"] = self.listing["v"]  # as the script: the next move asks again
            return run
        self._draw_list(answer)
        if self.listing["v"] < self.listing["due"]:
            run.exceptions.append(f"elenco: versione {self.listing['v']} < {self.listing['due']}")
        return run

    def _draw_list(self, view: dict) -> None:
        if view["v"] >= self.listing.get("v", -1):
            self.listing.update(v=view["v"], titles=[item["title"] for item in view["items"]])

    async def follow(self, parts: list[str]) -> Run:
        """Tell the page which parts moved: only their fragments rerun."""
        trigger = f"$$STREAMLIT_INTERNAL_KEY_{self.watch['id']}__events"
        return await self.rerun(
            {
                f"json_trigger:{trigger}": json.dumps(
                    [{"event": "changed", "value": json.dumps({"parts": parts, "typed": {}})}]
                )
            },
            fragment_id=self.watch.get("fragment", ""),
            keyed=True,
        )

    async def refresh_fragments(self, due: dict[str, float]) -> list[Run]:
        """Rerun the fragments whose time has come (``due``: id -> next time)."""
        now = time.monotonic()
        runs = []
        for fid, interval in list(self.fragments.items()):
            if due.setdefault(fid, now + interval) <= now:
                runs.append(await self.rerun(fragment_id=fid, auto=True))
                due[fid] = time.monotonic() + interval
        return runs


def query(**params) -> str:
    return urllib.parse.urlencode(params)
