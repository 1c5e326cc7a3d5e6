"""What the records of the procedure say, as plain data read from the database:
participation counted once (admitted ETS; those turned down after taking part
apart, named), the minutes of a session and their document model, the ballot
block every record shares, the attendance register and the list of applications
as tables. The writers (rendering.py) render it; documents.py pairs the two."""

from __future__ import annotations

from datetime import UTC, datetime

from coprog.contributions import contributions
from coprog.live import attendance, floor
from coprog.procedure import sessions
from coprog.procedure.organisations import applications
from coprog.records import decisions
from coprog.records.docmodel import Document, Table
from coprog.storage.db import Database
from coprog.texts import i18n, taxonomy, vocabulary
from coprog.texts.vocabulary import ADMITTED, REFUSED

AGREEMENT_CONSENSUS = 0.7


def facilitators(database: Database, session_id: int) -> list[str]:
    return [
        r["name"]
        for r in database.query(
            "SELECT f.name FROM session_facilitator sf JOIN facilitator f ON f.id = sf.facilitator_id"
            " WHERE sf.session_id = ? ORDER BY f.name",
            (session_id,),
        )
    ]


def participation(database: Database, process_id: int) -> dict:
    """How many ETS of the percorso: admitted; of these, how many attended at
    least one session (a delegate of theirs checked in, or a delegate holding
    their delega), contributed (authors of a published contribution, merged
    ones included) and voted (a ballot cast from a laptop, by proxy or on
    paper). ETS that took part and are not admitted now (turned down after
    taking part) are counted apart in ``turned_down``, each named with what it
    did. The one count of participation: documents, registers and the
    dashboard read it here (``present`` holds the ids of the admitted ETS that
    attended, for the dashboard's charts)."""
    sessions = "SELECT id FROM session WHERE process_id = :p"
    admitted = f"SELECT id FROM organisation WHERE process_id = :p AND admission = '{ADMITTED}'"
    attended = (  # the delegate's own ETS, and the one they hold a delega for
        f"SELECT organisation_id AS o, session_id FROM attendance WHERE session_id IN ({sessions})"
        " UNION SELECT represents_organisation_id, session_id FROM attendance"
        f" WHERE represents_organisation_id IS NOT NULL AND session_id IN ({sessions})"
    )
    contributed = (
        "SELECT a.organisation_id AS o, c.id FROM contribution_author a JOIN contribution c ON c.id = a.contribution_id"
        f" WHERE {contributions.PUBLIC} AND c.session_id IN ({sessions})"
    )
    voted = (
        "SELECT v.organisation_id AS o, v.id FROM vote v JOIN ballot b ON b.id = v.ballot_id"
        f" WHERE b.session_id IN ({sessions})"
    )
    ids = lambda sql: {r["o"] for r in database.query(sql, {"p": process_id})}  # noqa: E731
    admitted_ids = ids(f"SELECT id AS o FROM ({admitted})")
    present = ids(f"SELECT DISTINCT o FROM ({attended})") & admitted_ids
    out = {
        "admitted": len(admitted_ids),
        "attended": len(present),
        "contributed": len(ids(f"SELECT DISTINCT o FROM ({contributed})") & admitted_ids),
        "voted": len(ids(f"SELECT DISTINCT o FROM ({voted})") & admitted_ids),
        "present": present,
    }
    out["turned_down"] = database.query(
        "SELECT g.id, g.name, g.admission,"
        f" (SELECT count(DISTINCT session_id) FROM ({attended}) WHERE o = g.id) AS sessions,"
        f" (SELECT count(*) FROM ({contributed}) WHERE o = g.id) AS contributions,"
        f" (SELECT count(*) FROM ({voted}) WHERE o = g.id) AS votes"
        f" FROM organisation g WHERE g.process_id = :p AND g.id NOT IN ({admitted})"
        f" AND (g.id IN (SELECT o FROM ({attended})) OR g.id IN (SELECT o FROM ({contributed}))"
        f"      OR g.id IN (SELECT o FROM ({voted}))) ORDER BY g.name",
        {"p": process_id},
    )
    return out


def ets_label(name: str, admission: str | None) -> str:
    """An ETS's name in the records, flagged when it is not admitted (now):
    «Eta APS (ente non ammesso)»."""
    if admission in (None, ADMITTED):
        return name
    return f"{name} ({'ente non ammesso' if admission == REFUSED else 'domanda non ancora ammessa'})"


def turned_down_line(rows: list[dict]) -> str:
    """«Enti non ammessi dopo aver preso parte al percorso: 1 (Eta APS: 1 sessione, 2 contributi, 1 scheda).»"""
    if not rows:
        return ""
    parts = [
        f"{r['name']}: "
        + ", ".join(
            i18n.tn(key, r[part])
            for key, part in (
                ("count.sessions", "sessions"),
                ("count.contributions", "contributions"),
                ("count.votes", "votes"),
            )
        )
        for r in rows
    ]
    return (
        f"Enti non ammessi dopo aver preso parte al percorso: {len(rows)} ({'; '.join(parts)}). "
        "Ciò che hanno fatto resta agli atti, segnalato come «ente non ammesso», e non è contato tra gli enti ammessi."
    )


def ballot_summaries(database: Database, session_id: int) -> list[dict]:
    """Every ballot of the session as the records show it (coprog/records/decisions.py:
    numbered within the session, items in rank order, an item hidden after the
    vote without its text; an open one with its current figures), with the
    points of agreement and divergence."""
    process_id = database.scalar("SELECT process_id FROM session WHERE id = ?", (session_id,))
    return [
        {**view, "agreement": agreement(view), "divergence": divergence(view)}
        for view in decisions.ballot_views(database, process_id, live=True, session_id=session_id)
    ]


def phase_times(changes: list[tuple[str, int]], phase_ids: list[int]) -> dict[int, tuple[str | None, str | None]]:
    """When each phase ran, from the log of current-phase changes ((time, phase
    id), in order): it starts when it first becomes current and ends when
    another one does (None while it is still current, or if it never ran)."""
    times: dict[int, tuple[str | None, str | None]] = {p: (None, None) for p in phase_ids}
    for (at, phase), following in zip(changes, [*changes[1:], None]):
        start, _ = times.get(phase, (None, None))
        end = following[0] if following and following[1] != phase else None
        if following and following[1] == phase:
            continue
        times[phase] = (start or at, end)
    return times


def _phase_changes(database: Database, session: dict, first_phase: int | None) -> list[tuple[str, int]]:
    changes = [(session["created_at"], first_phase)] if first_phase else []
    for row in database.query(
        "SELECT at, json_extract(detail, '$.after') AS phase FROM audit_log"
        " WHERE entity = 'session' AND entity_id = ? AND action = 'fase_corrente' ORDER BY id",
        (session["id"],),
    ):
        changes.append((row["at"], row["phase"]))
    return changes


def agreement(view: dict) -> list[str]:
    """Items every group supports, or rated high with high consensus."""
    return [
        it["title"]
        for it in view["items"]
        if it.get("shared")
        or (
            view["method"] == "valutazione"
            and it.get("consensus") is not None
            and it["consensus"] >= AGREEMENT_CONSENSUS
            and (it.get("value") or 0) >= 3.5
        )
    ]


def divergence(view: dict) -> list[str]:
    """Controversial items, and items that divide the Municipi or the activity
    fields (group-informed consensus; in an older snapshot: some groups support
    them and others do not)."""
    result = view.get("result") or {"items": [], "groups": {}}
    old_split = set()
    for item in result["items"]:
        if "consensus_municipio" not in item:
            for kind in ("municipio", "attivita"):
                supports = [g[str(item["id"])]["support"] for g in result["groups"].get(kind, {}).values()]
                if any(supports) and not all(supports):
                    old_split.add(item["id"])
    return [
        it["title"] for it in view["items"] if it.get("controversial") or it.get("divides") or it["id"] in old_split
    ]


def minutes(database: Database, session_id: int) -> dict:
    """Everything the verbale of a session says."""
    session = sessions.get_session(database, session_id)
    process = database.query_one("SELECT * FROM process WHERE id = ?", (session["process_id"],))
    received = contributions._with_lists(
        database.query(  # what was published; the rest only as counts
            contributions._SELECT + f" WHERE c.session_id = ? AND {contributions.PUBLIC} ORDER BY c.phase_id, c.id",
            (session_id,),
        )
    )
    authors = flagged_authors(database, [c["id"] for c in received])
    for c in received:
        c["authors_flagged"] = authors.get(c["id"]) or c["organisation"]
    phases = sessions.phases(database, session_id)
    times = phase_times(
        _phase_changes(database, session, phases[0]["id"] if phases else None), [p["id"] for p in phases]
    )
    return {
        "process": process,
        "session": session,
        "facilitators": facilitators(database, session_id),
        "register": attendance.register(database, session_id),
        "phases": [
            {
                "position": p["position"],
                "name": p["name"],
                "started_at": times[p["id"]][0],
                "ended_at": times[p["id"]][1],
                "opened_at": p["opened_at"],
                "closed_at": p["closed_at"],
                "types": [taxonomy.label("contribution_type", k) for k in p["contribution_types"].split(",") if k],
                "contributions": [c for c in received if c["phase_id"] == p["id"]],
            }
            for p in phases
        ],
        "contributions": received,
        "withheld": contributions.withheld(database, session_id),
        "floor": {
            "turns": floor.turns(database, session_id),
            "by_organisation": floor.by_organisation(database, session_id),
        },
        "ballots": ballot_summaries(database, session_id),
        "notes": session.get("notes") or "",
    }


# -- the records as documents (coprog/records/docmodel.py; coprog/records/rendering.py writes them) ---------

METHOD_NAMES = {
    "punti": "voto a punti",
    "valutazione": "valutazione 1-5",
    "ordinamento": "ordinamento",
    "approvazione": "approvazione",
}
VALUE_LABELS = {"punti": "Punti", "approvazione": "Approvazione", "ordinamento": "Borda medio"}
RANK_MEANING = (
    "«Posizione» è il posto in graduatoria (1 = la voce più sostenuta; voci a pari merito hanno la stessa posizione)."
)


def when(value) -> str:
    return i18n.when(value, "it") if value else "—"


def value_text(method: str, value) -> str:
    """A ballot's main figure as the records print it."""
    if value is None:
        return "—"
    if method == "approvazione":
        return f"{round(value * 100)}%"
    if method == "punti":
        return str(value)
    return i18n.number(value, "it", 2)


def percent(share) -> str:
    return "—" if share is None else f"{round(share * 100)}%"


def ballot_title(view: dict) -> str:
    """«Tavolo Nord – votazione n. 1 (voto a punti)»: numbered within its session, as in the verbale."""
    return f"{view['session']} – votazione n. {view['number']} ({METHOD_NAMES[view['method']]})"


def what_was_voted(view: dict) -> str:
    kinds = ", ".join(taxonomy.label("contribution_type", k).lower() for k in view["types"]) or "voci"
    if view["list_type"]:
        what = f"l'elenco consolidato ({taxonomy.label('contribution_type', view['list_type']).lower()})"
    else:
        what = f"le voci della fase «{taxonomy.phase_label(view['phase'] or '')}» ({kinds})"
    return f"Che cosa si è votato: {what}, {len(view['items'])} voci."


def voters_line(view: dict) -> str:
    unit = "delegati" if view["per_delegate"] else "enti"
    parts = [f"Schede: {view['voters']} ({unit}, una scheda per {'delegato' if view['per_delegate'] else 'ente'})"]
    if view.get("paper_ballots"):
        parts.append(f"di cui su carta: {view['paper_ballots']}")
    if view.get("proxy_ballots"):
        parts.append(f"per delega: {view['proxy_ballots']}")
    if view["turned_down"]:
        parts.append(f"di enti poi non ammessi: {len(view['turned_down'])} ({', '.join(view['turned_down'])})")
    return "; ".join(parts) + "."


def ballot_table(view: dict) -> tuple[list[str], list[list]]:
    """A ballot's results in rank order: position, item, its figures, whether
    every group shares it, the origin tables of consolidated items."""
    method = view["method"]
    items = view["items"]
    header = ["Posizione", "Voce"]
    if method == "valutazione":
        dims = view.get("dimensions", [vocabulary.BALLOT_DIMENSION])
        header += [f"Media ({dims[0]})", "Mediana", "Consenso", "Controversa"]
        if len(dims) > 1:
            header.append(f"Media ({dims[1]})")
    else:
        header.append(VALUE_LABELS[method])
    header.append("Ampiezza")
    hands = any(it.get("hands") for it in items)
    if hands:
        header.append("Alzata di mano (a parte)")
    header.append("Condivisa tra i gruppi")
    tables = any(it.get("tables") for it in items)
    if tables:
        header.append("Tavoli d'origine")
    rows = []
    for it in items:
        row = [it["rank"], it["title"], value_text(method, it["value"])]
        if method == "valutazione":
            row += [
                "—" if it["median"] is None else i18n.number(it["median"], "it", 1),
                "—" if it["consensus"] is None else i18n.number(it["consensus"], "it", 2),
                "sì" if it["controversial"] else "no",
            ]
            if len(view.get("dimensions", [])) > 1:
                row.append(value_text(method, it.get("second_mean")))
        row.append(percent(it["breadth"]))
        if hands:
            row.append(it["hands"] or "")
        row.append("sì" if it["shared"] else "no")
        if tables:
            row.append(", ".join(it["tables"]))
        rows.append(row)
    return header, rows


OUTCOME_PARTS = (("decided", "Deciso"), ("open", "Resta aperto"), ("dissent", "Dissenso"))


def outcome_lines(outcome: dict | None) -> list[str]:
    """A closed ballot's outcome in its three parts (an empty part says so)."""
    if not outcome:
        return []
    empty = {"decided": "—", "open": "nulla", "dissent": "nessuno registrato"}
    return [f"{label}: {outcome.get(part) or empty[part]}" for part, label in OUTCOME_PARTS]


def ballot_block(doc: Document, view: dict, heading: str, level: int) -> None:
    """One ballot in a record: what was voted, by how many, the results in rank
    order and the outcome; its figures are facts of the document (table
    ``risultati_votazioni``, rows by ballot and item)."""
    doc.heading(heading, level)
    doc.para(what_was_voted(view))
    if view.get("result") is None:
        doc.para("Votazione ancora aperta: i risultati saranno riportati alla chiusura.")
        return
    b = view["id"]
    closed = view["status"] == vocabulary.BALLOT_CLOSED
    if closed:
        doc.fact(f"votazione.{b}.schede", view["voters"], "schede", f"votazione_id={b}")
    doc.para(
        voters_line(view)
        + (f" Chiusa il {when(view['closed_at'])}." if closed else " Votazione aperta: risultati provvisori.")
    )
    for it in view["items"] if closed else []:
        keys = (f"votazione_id={b}", f"voce_id={it['id']}", "tipo_di_gruppo=tutti")
        doc.fact(f"votazione.{b}.voce.{it['id']}.posizione", it["rank"], "risultati_votazioni", *keys)
        if it["value"] is not None:
            doc.fact(f"votazione.{b}.voce.{it['id']}.valore", it["value"], "risultati_votazioni", *keys)
            doc.fact(f"votazione.{b}.voce.{it['id']}.ampiezza", it["breadth"], "risultati_votazioni", *keys)
    header, rows = ballot_table(view)
    doc.table(
        header,
        rows,
        caption=f"Risultati in ordine di graduatoria. {RANK_MEANING}",
        source=f"dati aperti, tabelle risultati_votazioni e schede (votazione_id {b})",
    )
    if view["method"] == "ordinamento" and view.get("condorcet") is not None:
        winner = next((it["title"] for it in view["items"] if it["id"] == view["condorcet"]), "")
        doc.para(f"Vincitore di Condorcet (preferito a ogni altra voce dalla maggioranza): {winner}.")
    if closed:
        doc.para("Esito:")
        doc.bullets(outcome_lines(view["outcome"]) or ["Esito non registrato."])
        if view["outcome"].get("decided"):
            doc.fact(f"votazione.{b}.esito", view["outcome"]["decided"], "votazioni", f"id={b}")


def verbale(data: dict) -> Document:
    """The verbale of a session (``minutes``) as a document: the same content in
    DOCX and in the HTML print view."""
    s, p = data["session"], data["process"]
    doc = Document(f"Verbale – {s['title']}", p["title"], author=p.get("office") or "coprog")
    doc.para(
        f"Data: {when(s['date'])} · Luogo: {s['place'] or '—'} · Tipo: "
        f"{'plenaria' if s['kind'] == 'plenaria' else 'tavolo di lavoro'}"
    )
    if s.get("theme"):
        doc.para(f"Tema: {s['theme']}")
    doc.para("Facilitatori: " + (", ".join(data["facilitators"]) or "—"))
    doc.heading("Presenze")
    doc.table(
        ["Organizzazione", "Delegato", "Entrata", "Uscita", "Modalità", "Delega per"],
        [
            [
                ets_label(r["organisation"], r.get("admission")),
                r["delegate"],
                when(r["checked_in_at"]),
                when(r["checked_out_at"]),
                "in presenza" if r["mode"] == "presenza" else "online",
                ets_label(r["represents"], r.get("represents_admission")) if r["represents"] else "",
            ]
            for r in data["register"]
        ],
    )
    doc.heading("Fasi")
    doc.table(
        ["Fase", "Contributi raccolti", "Inizio", "Fine", "Contributi pubblicati"],
        [
            [
                f"{ph['position']}. {ph['name']}",
                ", ".join(ph["types"]) or "—",
                when(ph["started_at"]),
                when(ph["ended_at"]) if ph["ended_at"] or not ph["started_at"] else "in corso",
                len(ph["contributions"]),
            ]
            for ph in data["phases"]
        ],
    )
    doc.heading("Contributi ricevuti")
    doc.bullets(
        f"[{taxonomy.label('contribution_type', c['type'])}] {c['title']} — {c['authors_flagged']}"
        for c in data["contributions"]
    )
    if data["withheld"]:
        doc.para("Contributi non pubblicati (solo il numero e il motivo):")
        doc.bullets(withheld_lines(data["withheld"]))
    doc.heading("Votazioni")
    if not data["ballots"]:
        doc.para("Nessuna votazione.")
    for b in data["ballots"]:
        state = "chiusa" if b["status"] == vocabulary.BALLOT_CLOSED else "aperta"
        ballot_block(doc, b, f"Votazione n. {b['number']} – {METHOD_NAMES[b['method']]} ({state})", 2)
        doc.para("Punti di accordo:")
        doc.bullets(b["agreement"] or ["nessuno emerso"])
        doc.para("Punti di divergenza:")
        doc.bullets(b["divergence"] or ["nessuno emerso"])
    doc.heading("Interventi")
    if not data["floor"]["turns"]:
        doc.para(NO_TURNS)
    else:
        doc.table(FLOOR_HEADER, floor_rows(data["floor"]["turns"]))
        doc.para("Tempo di parola per organizzazione:")
        doc.bullets(floor_lines(data["floor"]["by_organisation"]))
    doc.heading("Note del facilitatore")
    doc.paragraphs(data["notes"])
    doc.para(f"Generato il {when(datetime.now(UTC).isoformat())} da coprog.")
    return doc


FLOOR_HEADER = ["N.", "Ora", "Organizzazione", "Delegato", "Durata"]
NO_TURNS = "Nessun intervento registrato con la coda degli interventi."


def floor_rows(turns: list[dict]) -> list[list]:
    """The speaking turns of a session as the verbale's table rows."""
    return [
        [n, when(t["called_at"]), t["organisation"], t["delegate"] or "—", floor.duration(t["seconds"])]
        for n, t in enumerate(turns, start=1)
    ]


def floor_lines(by_organisation: list[dict]) -> list[str]:
    """«Alfa APS: 1 intervento, 1 min 30 s»: the speaking time of each ETS."""
    return [
        f"{r['organisation']}: {r['turns']} {'intervento' if r['turns'] == 1 else 'interventi'}, "
        f"{floor.duration(r['seconds'])}"
        for r in by_organisation
    ]


def withheld_lines(rows: list[dict]) -> list[str]:
    """«2 nascosti dalla moderazione – motivo: …», «1 in attesa di moderazione»."""
    return [
        i18n.tn(f"withheld.{r['status']}", r["n"])
        + (i18n.t("withheld.reason", reason=r["reason"]) if r["reason"] else "")
        for r in rows
    ]


def flagged_authors(database: Database, contribution_ids: list[int]) -> dict[int, str]:
    """Each contribution's authors by name («Alfa APS; Eta ODV (ente non ammesso)»)."""
    marks = ",".join("?" * len(contribution_ids)) or "NULL"
    out: dict[int, list[str]] = {}
    for r in database.query(
        "SELECT a.contribution_id, o.name, o.admission FROM contribution_author a"
        f" JOIN organisation o ON o.id = a.organisation_id WHERE a.contribution_id IN ({marks}) ORDER BY o.name",
        tuple(contribution_ids),
    ):
        out.setdefault(r["contribution_id"], []).append(ets_label(r["name"], r["admission"]))
    return {cid: "; ".join(names) for cid, names in out.items()}


# -- the lists kept as tables (the attendance register, the applications) ----------------

REGISTER_HEADER = [
    "Sessione",
    "Data",
    "Organizzazione",
    "Delegato",
    "Entrata",
    "Uscita",
    "Modalità",
    "Delega per",
    "Registrato da",
    "Interventi",
    "Tempo di parola",
]


def register(database: Database, session_id: int | None = None, *, process_id: int | None = None) -> Table:
    """The attendance register of a session (or of the whole percorso) as a table."""
    rows = [
        [
            r["session"],
            when(r["date"]),
            ets_label(r["organisation"], r["admission"]),
            r["delegate"],
            when(r["checked_in_at"]),
            when(r["checked_out_at"]),
            "in presenza" if r["mode"] == "presenza" else "online",
            ets_label(r["represents"], r["represents_admission"]) if r["represents"] else "",
            "link personale" if r["entered_by"] == "link" else "facilitatore",
            r["turns"],
            floor.duration(r["spoken"]) if r["turns"] else "",
        ]
        for r in attendance.register(database, session_id, process_id=process_id)
    ]
    return Table(REGISTER_HEADER, rows, caption="Registro presenze")


APPLICATIONS_HEADER = [
    "Denominazione",
    "Codice fiscale",
    "N. RUNTS",
    "Forma giuridica",
    "Arrivo PEC",
    "Nei termini",
    "Attività coerenti nel triennio",
    "Municipi",
    "Attività art. 5",
    "Esito",
    "Motivazione",
]
_YES_NO = {True: "sì", False: "no", None: "—"}  # 1 and 0 are True and False as keys


def applications_list(database: Database, process_id: int) -> Table:
    """Every application to the percorso with its outcome, and under the title
    the percorso, its avviso and the deadline."""
    rows = [
        [
            a["name"],
            a["codice_fiscale"],
            a["runts_number"],
            taxonomy.label("legal_form", a["legal_form"]),
            i18n.local_when(a["received_at"]),
            _YES_NO[a["on_time"]],
            _YES_NO[a["coherent_activities"]],
            (a["municipi"] or "").replace(";", ", "),
            (a["attivita"] or "").replace(";", ", "),
            i18n.t(f"admission.{a['admission']}"),
            a["admission_reason"],
        ]
        for a in applications(database, process_id)
    ]
    p = database.one("SELECT * FROM process WHERE id = ?", (process_id,))
    parts = [p["title"]]
    if p["avviso_protocol"]:
        parts.append(
            f"Avviso prot. {p['avviso_protocol']}" + (f" del {when(p['avviso_date'])}" if p["avviso_date"] else "")
        )
    if p["application_deadline"]:
        parts.append(f"scadenza delle domande {i18n.local_when(p['application_deadline'])}")
    return Table(APPLICATIONS_HEADER, rows, caption="Domande di partecipazione ed esito", note=" · ".join(parts))
