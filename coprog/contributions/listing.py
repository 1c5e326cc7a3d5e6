"""What a delegate's page lists under «Contributi della sessione», as plain text
in the page's language: the newest contributions (title, a line of facts, the
text, the ETS that co-signed), the delegate's own awaiting moderation marked,
in a silent round only their own.

The page's script draws it (ui/live_list.py) and asks for it again when the
session's contents move (``/vivo/TOKEN/elenco``): the list is not a page run.
``Listings`` makes the answer for every delegate with nothing awaiting
moderation once per process, language and version of the contents."""

from __future__ import annotations

import threading

from coprog.contributions import contributions, reactions
from coprog.storage.db import Database
from coprog.texts import i18n, taxonomy, vocabulary

LIMIT = 10  # the newest this many; all of them on the board


def territory(c: dict, L: str) -> str:
    """Where a contribution is: the whole city, or its Municipi and NIL."""
    if c.get("citywide"):
        return i18n.t("board.citywide", L)
    nils = taxonomy.nils()
    return ", ".join(
        [f"Mun. {m}" for m in c.get("municipi") or []] + [nils[n].name for n in c.get("nils") or [] if n in nils]
    )


def facts(c: dict, L: str, *, show_org: bool = True) -> str:
    """Type, organisation, and for a need its area, territory, intensity and
    trend, then when: plain text (escape it for Markdown)."""
    meta = [taxonomy.label("contribution_type", c["type"], L)]
    if show_org:
        meta.append(c["organisation"])
    if c["type"] == vocabulary.NEED:
        meta += [
            taxonomy.label("area", c["area"], L),
            territory(c, L),
            f"{i18n.t('field.intensity', L)} {c['intensity']}/5",
            taxonomy.label("trend", c["trend"], L),
        ]
    meta.append(i18n.when(c["created_at"], L))
    return " · ".join(m for m in meta if m)


def view(database: Database, session_id: int, delegate_id: int, *, silent: bool, L: str, version: int) -> dict:
    """The list as the page draws it: ``v`` the contents' version it shows (at
    least), ``items`` (title, facts, pending, body, endorsers: plain text,
    empty when none), ``empty`` (said when there are no items) and ``shown``
    (how many of how many, when not all)."""
    shown, total = contributions.for_delegate(database, session_id, delegate_id, silent=silent, limit=LIMIT)
    signers = reactions.endorsers(database, [c["id"] for c in shown])
    pending = i18n.t("part.pending", L)
    return {
        "v": int(version),
        "items": [
            {
                "id": c["id"],
                "title": c["title"],
                "facts": facts(c, L),
                "pending": pending if c["status"] != vocabulary.APPROVED else "",
                "body": c.get("body") or "",
                "endorsers": i18n.t("react.endorsers", L, names=", ".join(signers[c["id"]]))
                if signers.get(c["id"])
                else "",
            }
            for c in shown
        ],
        "empty": "" if shown else i18n.t("part.no_others", L),
        "shown": i18n.t("part.shown_of", L, shown=len(shown), total=total) if total > len(shown) else "",
    }


_STATE = (
    "SELECT s.contents_version AS v, coalesce(p.silent, 0) AS silent,"
    " EXISTS (SELECT 1 FROM contribution c WHERE c.session_id = s.id AND c.delegate_id = ?"
    f" AND c.status = '{vocabulary.NEW}' AND c.merged_into IS NULL) AS own"
    " FROM session s LEFT JOIN phase p ON p.id = s.current_phase_id WHERE s.id = ?"
)


class Listings:
    """One server process's lists. Read per request: the contents' version, a
    silent round, whether the delegate has anything awaiting moderation (one
    query); a delegate with nothing of their own to mark outside a silent round
    gets the list made for everyone at that version, made once."""

    def __init__(self, database: Database):
        self.database = database
        self._lock = threading.Lock()
        self._shared: dict[tuple[int, str], dict] = {}  # (session, language) -> the latest list made

    def get(self, delegate_id: int, session_id: int, L: str) -> dict | None:
        """The list for this delegate's page now; None for a session that is gone."""
        L = L if L in i18n.LANGUAGES else i18n.DEFAULT_LANG
        state = self.database.query_one(_STATE, (delegate_id, session_id))
        if state is None:
            return None
        silent = bool(state["silent"])
        if silent or state["own"]:
            return view(self.database, session_id, delegate_id, silent=silent, L=L, version=state["v"])
        with self._lock:
            made = self._shared.get((session_id, L))
        if made is not None and made["v"] >= state["v"]:
            return made
        # made after reading the version: at least as new as it (a later version makes it again)
        made = view(self.database, session_id, 0, silent=False, L=L, version=state["v"])
        with self._lock:
            known = self._shared.get((session_id, L))
            if known is None or known["v"] <= made["v"]:
                self._shared[(session_id, L)] = made
        return made
