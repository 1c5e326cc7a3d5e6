"""The components' scripts and styles (``coprog/assets``) answered "not
modified" when the browser already has them.

Streamlit serves them under ``/_stcore/bidi-components/coprog.NAME/FILE`` with
``Cache-Control: public`` and no validator: a browser cannot tell whether its
copy is current, so every page load (a reload, a phone that dropped the tab
while asleep, a reconnection after the venue's Wi-Fi went) fetches the ~20 kB
again. This middleware gives each file an ``ETag`` (a hash of its bytes) and
``Cache-Control: no-cache``: the browser asks again each time, as before, and
gets a bodiless 304 while the file is unchanged; a new version of the app is
picked up at the next load, never stale from a cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

ASSETS = Path(__file__).resolve().parent.parent / "assets"
PREFIX = "/_stcore/bidi-components/coprog."

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class Tags:
    """Each asset file's entity tag, computed once per version of the file."""

    def __init__(self, folder: Path = ASSETS):
        self.folder = folder
        self._known: dict[str, tuple[tuple[int, int], str]] = {}

    def of(self, path: str) -> str | None:
        """The tag of ``PREFIX + NAME/FILE``; None for anything that is not one
        of the folder's own files (Streamlit answers those as it does)."""
        _, _, filename = path[len(PREFIX) :].partition("/")
        if not filename or "/" in filename or filename.startswith("."):
            return None
        file = self.folder / filename
        try:
            stat = file.stat()
        except OSError:
            return None
        version = (stat.st_mtime_ns, stat.st_size)
        known = self._known.get(filename)
        if known and known[0] == version:
            return known[1]
        tag = '"' + hashlib.sha256(file.read_bytes()).hexdigest()[:20] + '"'
        self._known[filename] = (version, tag)
        return tag


def matches(if_none_match: str, tag: str) -> bool:
    """Whether the browser's ``If-None-Match`` names ``tag`` (or is ``*``)."""
    sent = [part.strip().removeprefix("W/") for part in if_none_match.split(",")]
    return "*" in sent or tag in sent


class RevalidatedAssets:
    """ASGI middleware: ETag and ``no-cache`` on the components' files, 304 when unchanged."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], tags: Tags | None = None):
        self.app = app
        self.tags = tags or Tags()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or not path.startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        tag = self.tags.of(path)
        if tag is None:
            await self.app(scope, receive, send)
            return
        asked = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"if-none-match"), "")
        headers = [(b"etag", tag.encode()), (b"cache-control", b"no-cache")]
        if asked and matches(asked, tag):
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return

        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in (b"etag", b"cache-control")]
                message = {**message, "headers": kept + headers}
            await send(message)

        await self.app(scope, receive, tagged)
