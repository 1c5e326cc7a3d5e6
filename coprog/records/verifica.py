"""The pre-publication check of the documento di sintesi (*Documenti e dati*,
``python -m coprog verifica``; publishing a draft or the final document runs
it and is refused while it finds anything).

1. **Every figure recounted.** Each fact the sintesi states (coprog/records/docmodel.py)
   is recounted here from the raw rows (votes and their entries, attendance,
   authors, needs, reactions, services) by code of its own: plain SQL and
   plain Python, none of the functions that wrote the document (no ballot
   tally, no snapshot, no reading of needs). A figure that differs, a figure
   this check cannot recount, or a closed ballot the document leaves out is a
   difference.
2. **Nothing that must not leave the app.** Every edition, in every format,
   is read back from the file (DOCX with python-docx, HTML with the standard
   library's parser, PDF with PDFium's text layer and pikepdf) and searched for each delegate's and
   facilitator's name (not counting ETS names that contain it), email and
   access code (the public edition) and for the text of every contribution,
   pending edit and service that is not public (both editions).
3. **The document's shape.** Every closed ballot appears with its outcome;
   every numbered list and every results table is in rank order; the PDF is
   tagged, says its language and title, gives every image alternative text
   and identifies itself as PDF/A (read back with pikepdf).
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from coprog.records import sintesi
from coprog.records.docmodel import EDITIONS, INTERNAL, PUBLIC, Document, Ranked, Table
from coprog.storage.db import Database
from coprog.texts import taxonomy, vocabulary
from coprog.texts.errors import CheckFailed
from coprog.texts.vocabulary import ADMITTED, APPROVED, BALLOT_CLOSED

TOLERANCE = 0.006  # figures kept with two decimals (means), recounted unrounded
# The procedure's own rounding of a ballot's figures before ranking them (means to
# two decimals, mean Borda scores to three, shares to four): the positions follow it.
RANK_DIGITS = {"punti": 0, "valutazione": 2, "ordinamento": 3, "approvazione": 4}
MIN_NEEDLE = 8  # characters: shorter hidden texts would match ordinary words


@dataclass(frozen=True)
class Finding:
    kind: str  # differenza, mancante, non_ricontato, dato_personale, testo_nascosto, struttura
    where: str  # the fact's key, or «edizione pubblica, PDF»
    detail: str  # one Italian sentence

    def line(self) -> str:
        return f"[{KINDS[self.kind]}] {self.where}: {self.detail}"


KINDS = {
    "differenza": "cifra diversa",
    "mancante": "cifra mancante",
    "non_ricontato": "cifra non ricontabile",
    "dato_personale": "dato personale",
    "testo_nascosto": "testo non pubblico",
    "struttura": "struttura",
}


@dataclass
class Report:
    process_id: int
    facts: int = 0  # figures recounted
    findings: list[Finding] = field(default_factory=list)
    files: dict[tuple[str, str], bytes] = field(default_factory=dict)  # (edition, format) -> the file checked

    @property
    def ok(self) -> bool:
        return not self.findings

    def summary(self) -> dict:
        counts: dict[str, int] = {}
        for f in self.findings:
            counts[f.kind] = counts.get(f.kind, 0) + 1
        return {"facts": self.facts, "findings": len(self.findings), **counts}


def check(
    database: Database,
    process_id: int,
    *,
    draft: dict | None = None,
    annex: list[dict] | None = None,
    final: int | None = None,
) -> Report:
    """Build both editions, render each in its formats (sintesi.EDITION_FORMATS),
    recount, search and read them back. ``report.files`` keeps the files checked."""

    report = Report(process_id)
    models = sintesi.models(database, process_id, EDITIONS, draft=draft, annex=annex, final=final)
    expected = recount(database, process_id)
    report.facts = len(expected)
    for edition, document in models.items():
        report.findings += compare(document.facts, expected, edition)
        report.findings += shape(document, expected, edition)
    needles = personal_data(database, process_id)
    hidden = hidden_texts(database, process_id)
    ets_names = [r["name"] for r in database.query("SELECT name FROM organisation WHERE process_id = ?", (process_id,))]
    for edition, document in models.items():
        for fmt in sintesi.EDITION_FORMATS[edition]:
            content = sintesi.render(document, fmt)
            report.files[(edition, fmt)] = content
            where = f"edizione {edition}, {fmt.upper()}"
            text = read_back(content, fmt)
            if edition == PUBLIC:
                report.findings += search_personal(text, needles, ets_names, where)
            report.findings += search_hidden(text, hidden, where)
            if fmt == "pdf":
                report.findings += pdf_structure(content, document, where)
    return report


def require_clean(report: Report) -> None:
    """Publishing goes on only when the check found nothing."""

    if not report.ok:
        raise CheckFailed(report)


# -- 1. the recount -------------------------------------------------------------------------------


def recount(database: Database, process_id: int) -> dict[str, object]:
    """Every figure the sintesi states, recounted from the raw rows."""
    out: dict[str, object] = {}
    p = {"p": process_id}
    with database.read() as conn:
        q = lambda sql: conn.execute(sql, p).fetchall()  # noqa: E731
        admitted = {r[0] for r in q(f"SELECT id FROM organisation WHERE process_id = :p AND admission = '{ADMITTED}'")}
        in_sessions = "session_id IN (SELECT id FROM session WHERE process_id = :p)"
        present = q(
            f"SELECT organisation_id, session_id FROM attendance WHERE {in_sessions}"
            f" UNION SELECT represents_organisation_id, session_id FROM attendance"
            f" WHERE represents_organisation_id IS NOT NULL AND {in_sessions}"
        )
        authors = q(
            "SELECT a.organisation_id, c.id FROM contribution_author a JOIN contribution c ON c.id = a.contribution_id"
            f" WHERE c.status = '{APPROVED}' AND c.{in_sessions}"
        )
        voters = q(f"SELECT v.organisation_id FROM vote v JOIN ballot b ON b.id = v.ballot_id WHERE b.{in_sessions}")
        out["enti.ammessi"] = len(admitted)
        out["enti.presenti"] = len({o for o, _ in present if o in admitted})
        out["enti.contributori"] = len({o for o, _ in authors if o in admitted})
        out["enti.votanti"] = len({o for (o,) in voters if o in admitted})
        took_part = {o for o, _ in present} | {o for o, _ in authors} | {o for (o,) in voters}
        names = dict(q("SELECT id, name FROM organisation WHERE process_id = :p"))
        others = sorted(names[o] for o in took_part - admitted if o in names)
        out["enti.non_ammessi"] = len(others)
        out["enti.non_ammessi.nomi"] = tuple(others)
        for (sid,) in q("SELECT id FROM session WHERE process_id = :p"):
            out[f"sessione.{sid}.enti_presenti"] = len({o for o, s in present if s == sid and o in admitted})
        for sid, n in q(
            "SELECT s.id, (SELECT count(*) FROM contribution c WHERE c.session_id = s.id"
            f" AND c.status = '{APPROVED}' AND c.merged_into IS NULL) FROM session s WHERE s.process_id = :p"
        ):
            out[f"sessione.{sid}.contributi"] = n
        out.update(_recount_ballots(conn, process_id))
        out.update(_recount_consolidated(conn, process_id, admitted))
        out.update(_recount_needs(conn, process_id))
        out.update(_recount_reactions(conn, process_id, admitted))
        out.update(_recount_services(conn, process_id, admitted))
    return out


def _recount_ballots(conn, process_id: int) -> dict[str, object]:
    out: dict[str, object] = {}
    closed = conn.execute(
        "SELECT b.id, b.method, b.dimensions, b.outcome_decided FROM ballot b JOIN session s ON s.id = b.session_id"
        f" WHERE s.process_id = ? AND b.status = '{BALLOT_CLOSED}'",
        [process_id],
    ).fetchall()
    for ballot_id, method, dimensions, decided in closed:
        items = [
            r[0] for r in conn.execute("SELECT id FROM ballot_item WHERE ballot_id = ? ORDER BY position", [ballot_id])
        ]
        votes = [r[0] for r in conn.execute("SELECT id FROM vote WHERE ballot_id = ?", [ballot_id])]
        entries: dict[int, list[tuple[int, str, int | None]]] = {v: [] for v in votes}
        for vote_id, item, dim, given in conn.execute(
            "SELECT e.vote_id, e.item_id, e.dimension, e.value FROM vote_entry e JOIN vote v ON v.id = e.vote_id"
            " WHERE v.ballot_id = ?",
            [ballot_id],
        ):
            entries[vote_id].append((item, dim, given))
        n = len(votes)
        out[f"votazione.{ballot_id}.schede"] = n
        out[f"votazione.{ballot_id}.esito"] = decided
        first = (dimensions or vocabulary.BALLOT_DIMENSION).split(",")[0]
        value: dict[int, float | None] = {}
        breadth: dict[int, float] = {}
        for item in items:
            if method == "punti":
                given = [sum(v for i, _, v in entries[vote] if i == item and v) for vote in votes]
                value[item] = sum(given)
                breadth[item] = _share(sum(1 for g in given if g > 0), n)
            elif method == "approvazione":
                count = sum(1 for vote in votes if any(i == item for i, _, _ in entries[vote]))
                value[item] = _share(count, n)
                breadth[item] = value[item] or 0.0
            elif method == "valutazione":
                rated = [v for vote in votes for i, d, v in entries[vote] if i == item and d == first]
                known = [v for v in rated if v is not None]
                value[item] = sum(known) / len(known) if known else None
                breadth[item] = _share(sum(1 for v in known if v >= 4), n)
            else:  # ordinamento: rank r of k items earns k - r; the unranked share what is left
                total, ranked_in = 0.0, 0
                for vote in votes:
                    order = [i for i, _, _ in sorted(entries[vote], key=lambda e: e[2] or 0)]
                    k = len(items)
                    if item in order:
                        total += k - (order.index(item) + 1)
                        ranked_in += 1
                    else:
                        left = sum(k - r for r in range(len(order) + 1, k + 1))
                        total += left / (k - len(order))
                value[item] = total / n if n else 0.0
                breadth[item] = _share(ranked_in, n)
        kept = {i: None if v is None else round(v, RANK_DIGITS[method]) for i, v in value.items()}
        for item in items:
            higher = sum(1 for other in items if _above(kept[other], kept[item]))
            out[f"votazione.{ballot_id}.voce.{item}.posizione"] = 1 + higher
            if value[item] is not None:
                out[f"votazione.{ballot_id}.voce.{item}.valore"] = value[item]
                out[f"votazione.{ballot_id}.voce.{item}.ampiezza"] = breadth[item]
    return out


def _above(a, b) -> bool:
    if a is None:
        return False
    return b is None or a > b


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _recount_consolidated(conn, process_id: int, admitted: set[int]) -> dict[str, object]:
    out: dict[str, object] = {}
    rows = conn.execute(
        "SELECT k.id, k.merged_into, k.contribution_id, c.status FROM consolidated_item k"
        " JOIN contribution c ON c.id = k.contribution_id JOIN session s ON s.id = k.session_id"
        " WHERE s.process_id = ?",
        [process_id],
    ).fetchall()
    parent = {r[0]: r[1] for r in rows}
    source = {r[0]: (r[2], r[3]) for r in rows}

    def root(item: int) -> int:
        while parent[item] is not None:
            item = parent[item]
        return item

    authors: dict[int, set[int]] = {}
    for contribution, organisation in conn.execute(
        "SELECT a.contribution_id, a.organisation_id FROM contribution_author a"
        " WHERE a.contribution_id IN (SELECT contribution_id FROM consolidated_item)"
    ):
        authors.setdefault(contribution, set()).add(organisation)
    behind: dict[int, set[int]] = {}
    for item in parent:
        contribution, status = source[item]
        if status == vocabulary.APPROVED:
            behind.setdefault(root(item), set()).update(authors.get(contribution, set()) & admitted)
    for item, up in parent.items():
        if up is None and source[item][1] == vocabulary.APPROVED:
            out[f"voce_consolidata.{item}.enti"] = len(behind.get(item, set()))
    return out


def _recount_needs(conn, process_id: int) -> dict[str, object]:
    out: dict[str, object] = {f"bisogni.area.{code}": 0 for code in taxonomy.codes("area")}
    out.update({f"bisogni.municipio.{m}": 0 for m in taxonomy.MUNICIPI})
    needs = (
        "SELECT c.id, c.area, c.citywide FROM contribution c JOIN session s ON s.id = c.session_id"
        f" WHERE s.process_id = ? AND c.type = 'bisogno' AND c.status = '{APPROVED}' AND c.merged_into IS NULL"
    )
    citywide = 0
    for _, area, is_citywide in conn.execute(needs, [process_id]):
        out[f"bisogni.area.{area}"] = out.get(f"bisogni.area.{area}", 0) + 1  # type: ignore[operator]
        citywide += 1 if is_citywide else 0
    out["bisogni.citta"] = citywide
    for (municipio,) in conn.execute(
        f"SELECT m.municipio FROM contribution_municipio m WHERE m.contribution_id IN (SELECT id FROM ({needs})"
        " WHERE NOT citywide)",
        [process_id],
    ):
        out[f"bisogni.municipio.{municipio}"] = out.get(f"bisogni.municipio.{municipio}", 0) + 1  # type: ignore[operator]
    return out


def _recount_reactions(conn, process_id: int, admitted: set[int]) -> dict[str, object]:
    rows = [
        r
        for r in conn.execute(
            "SELECT r.organisation_id, r.contribution_id, r.endorsed FROM reaction r"
            " JOIN contribution c ON c.id = r.contribution_id JOIN session s ON s.id = c.session_id"
            f" WHERE s.process_id = ? AND c.status = '{APPROVED}' AND c.merged_into IS NULL",
            [process_id],
        )
        if r[0] in admitted
    ]
    return {
        "reazioni.totale": len(rows),
        "reazioni.enti": len({r[0] for r in rows}),
        "reazioni.voci": len({r[1] for r in rows}),
        "reazioni.adesioni": sum(1 for r in rows if r[2]),
    }


def _recount_services(conn, process_id: int, admitted: set[int]) -> dict[str, object]:
    rows = [
        r
        for r in conn.execute(
            "SELECT s.organisation_id, s.people FROM service s JOIN organisation o ON o.id = s.organisation_id"
            f" WHERE o.process_id = ? AND s.status = '{APPROVED}'",
            [process_id],
        )
        if r[0] in admitted
    ]
    if not rows:
        return {}
    return {
        "servizi.enti": len({r[0] for r in rows}),
        "servizi.totale": len(rows),
        "servizi.persone": sum(r[1] or 0 for r in rows),
    }


def compare(facts: dict, expected: dict[str, object], edition: str) -> list[Finding]:
    """The document's facts against the recount."""
    found = []
    for key, fact in facts.items():
        if key not in expected:
            found.append(Finding("non_ricontato", key, f"l'edizione {edition} riporta {fact.value!r}"))
        elif not _same(fact.value, expected[key]):
            found.append(
                Finding(
                    "differenza",
                    key,
                    f"l'edizione {edition} riporta {_show(fact.value)}, il riconteggio dà {_show(expected[key])} "
                    f"(fonte: {fact.table})",
                )
            )
    for key, value in expected.items():
        if key not in facts:
            found.append(Finding("mancante", key, f"manca nell'edizione {edition} (riconteggio: {_show(value)})"))
    return found


def _same(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str | tuple) or isinstance(b, str | tuple):
        return a == b
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= TOLERANCE


def _show(value) -> str:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


# -- 3. the shape of the model ---------------------------------------------------------------------


def shape(document: Document, expected: dict[str, object], edition: str) -> list[Finding]:
    """Numbered lists and results tables in rank order; every closed ballot's outcome present."""
    found = []
    for block in document.blocks:
        if isinstance(block, Ranked):
            numbers = [n for n, _ in block.items if n is not None]
            if numbers != sorted(numbers) or any(n is None for n, _ in block.items[: len(numbers)]):
                found.append(Finding("struttura", edition, f"elenco numerato fuori ordine: «{block.meaning}»"))
        elif isinstance(block, Table) and block.header and block.header[0] == "Posizione":
            ranks = [row[0] for row in block.rows]
            if ranks != sorted(ranks):
                found.append(Finding("struttura", edition, f"tabella non in ordine di graduatoria: «{block.caption}»"))
    text = document.text()
    for key, decided in expected.items():
        if key.endswith(".esito") and decided and f"Deciso: {decided}" not in text:
            found.append(Finding("struttura", key, f"l'esito della votazione manca nell'edizione {edition}"))
    return found


# -- 2. what must not leave the app ----------------------------------------------------------------


def personal_data(database: Database, process_id: int) -> list[tuple[str, str]]:
    """(what, text) for every delegate's and facilitator's name, email and code."""
    out = []
    for r in database.query(
        "SELECT d.name, d.email, d.access_code FROM delegate d JOIN organisation o ON o.id = d.organisation_id"
        " WHERE o.process_id = ? AND d.erased_at IS NULL",
        (process_id,),
    ):
        out += [("nome di un delegato", r["name"]), ("email di un delegato", r["email"])]
        out.append(("codice di un delegato", r["access_code"]))
    for r in database.query("SELECT DISTINCT f.name, f.email, f.access_code FROM facilitator f"):
        out += [("nome di un facilitatore", r["name"]), ("email di un facilitatore", r["email"])]
        out.append(("codice di un facilitatore", r["access_code"]))
    return [(what, value.strip()) for what, value in out if value and len(value.strip()) >= 3]


def hidden_texts(database: Database, process_id: int) -> list[str]:
    """Texts that are not public (hidden, pending or withdrawn contributions, edits
    waiting or refused, services not published) and that no public text contains."""
    in_process = "session_id IN (SELECT id FROM session WHERE process_id = ?)"
    hidden: set[str] = set()
    for r in database.query(
        f"SELECT title, body, evidence FROM contribution WHERE {in_process} AND status != '{APPROVED}'", (process_id,)
    ):
        hidden.update(v for v in (r["title"], r["body"], r["evidence"]) if v)
    for r in database.query(
        "SELECT v.fields FROM contribution_revision v JOIN contribution c ON c.id = v.contribution_id"
        f" WHERE c.{in_process} AND coalesce(v.decision, '') != 'approvata'",
        (process_id,),
    ):
        fields = json.loads(r["fields"] or "{}")
        hidden.update(str(fields[k]) for k in ("title", "body", "evidence") if fields.get(k))
    for r in database.query(
        "SELECT s.other FROM service s JOIN organisation o ON o.id = s.organisation_id"
        f" WHERE o.process_id = ? AND s.status != '{APPROVED}' AND s.other != ''",
        (process_id,),
    ):
        hidden.add(r["other"])
    public = " ".join(
        v
        for r in database.query(
            f"SELECT title, body, evidence FROM contribution WHERE {in_process} AND status = '{APPROVED}'"
            f" UNION ALL SELECT title, body, '' FROM seed_item WHERE {in_process}"
            f" UNION ALL SELECT title, body, '' FROM consolidated_item WHERE {in_process}",
            (process_id, process_id, process_id),
        )
        for v in (r["title"], r["body"], r["evidence"])
        if v
    ).casefold()
    return sorted(t.strip() for t in hidden if len(t.strip()) >= MIN_NEEDLE and t.strip().casefold() not in public)


def search_personal(text: str, needles: list[tuple[str, str]], ets_names: list[str], where: str) -> list[Finding]:
    """Personal data in a public edition (an ETS's name may contain a person's: it does not count)."""
    cleaned = " ".join(text.split())  # a name wrapped at the end of a line is still a name
    for name in sorted(ets_names, key=len, reverse=True):
        cleaned = re.sub(re.escape(name), " ", cleaned, flags=re.IGNORECASE)
    found = []
    for what, value in needles:
        if re.search(rf"(?<!\w){re.escape(value)}(?!\w)", cleaned, flags=re.IGNORECASE):
            found.append(Finding("dato_personale", where, f"{what} compare nel documento («{value}»)"))
    return found


def search_hidden(text: str, hidden: list[str], where: str) -> list[Finding]:
    folded = _flat(text)
    return [
        Finding("testo_nascosto", where, f"compare un testo non pubblico («{needle[:60]}»)")
        for needle in hidden
        if _flat(needle) in folded
    ]


def _flat(text: str) -> str:
    return " ".join(text.split()).casefold()


# -- reading the files back ---------------------------------------------------------------------------


def read_back(content: bytes, fmt: str) -> str:
    """Every text a reader of the file meets: body, tables, metadata, alternative texts."""
    if fmt == "docx":
        from docx import Document as Docx

        doc = Docx(io.BytesIO(content))
        parts = [p.text for p in doc.paragraphs]
        parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
        props = doc.core_properties
        parts += [props.title or "", props.author or "", props.comments or "", props.subject or ""]
        parts += [s._inline.docPr.get("descr") or "" for s in doc.inline_shapes]
        return "\n".join(parts)
    if fmt == "html":
        reader = _Text()
        reader.feed(content.decode("utf-8"))
        return "\n".join(reader.parts)
    import pikepdf
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    try:
        parts = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    with pikepdf.open(io.BytesIO(content)) as pdf:
        parts += [str(v) for v in pdf.docinfo.values()]
        parts += [alt for _, alt in _struct(pdf.Root.get("/StructTreeRoot"))]
    return "\n".join(parts)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        self.parts += [v for k, v in attrs if k in ("alt", "title", "content") and v]


def _struct(node, depth: int = 0):
    """(role, alternative text) of every element of a PDF's structure tree (pikepdf objects)."""
    import pikepdf

    if node is None or depth > 200:
        return
    if isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            yield str(node.S), str(node.get("/Alt", ""))
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            for kid in kids:
                yield from _struct(kid, depth + 1)
        elif isinstance(kids, pikepdf.Dictionary):
            yield from _struct(kids, depth + 1)


def pdf_structure(content: bytes, document: Document, where: str) -> list[Finding]:
    """Tagged, with language and title, alternative text on every figure, PDF/A (and PDF/UA) identified."""
    import pikepdf

    found = []
    with pikepdf.open(io.BytesIO(content)) as pdf:
        root = pdf.Root
        marked = "/MarkInfo" in root and bool(root.MarkInfo.get("/Marked", False))
        if "/StructTreeRoot" not in root or not marked:
            found.append(Finding("struttura", where, "il PDF non è marcato (tagged)"))
        if str(root.get("/Lang", "")) != document.lang:
            found.append(Finding("struttura", where, "il PDF non dichiara la lingua del documento"))
        meta = pdf.open_metadata()
        if not meta.get("dc:title"):
            found.append(Finding("struttura", where, "il PDF non ha un titolo"))
        if meta.get("pdfaid:part") is None:
            found.append(Finding("struttura", where, "il PDF non si dichiara PDF/A"))
        if meta.get("{http://www.aiim.org/pdfua/ns/id/}part") is None:
            found.append(Finding("struttura", where, "il PDF non si dichiara PDF/UA"))
        roles = list(_struct(root.get("/StructTreeRoot")))
    figures = [alt for role, alt in roles if role == "/Figure"]
    if any(not alt for alt in figures):
        found.append(Finding("struttura", where, "un'immagine del PDF non ha testo alternativo"))
    images = sum(1 for b in document.blocks if type(b).__name__ == "Image")
    if len(figures) < images:
        found.append(Finding("struttura", where, f"il PDF ha {len(figures)} figure marcate su {images} immagini"))
    if any(isinstance(b, Table) for b in document.blocks) and not any(role == "/TH" for role, _ in roles):
        found.append(Finding("struttura", where, "le tabelle del PDF non hanno celle d'intestazione"))
    return found


__all__ = ["INTERNAL", "PUBLIC", "Finding", "Report", "check", "recount", "require_clean"]
