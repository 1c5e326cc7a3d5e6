"""The documento di sintesi as one model (coprog/records/docmodel.py), assembled from
the percorso's data, then written as DOCX, HTML and an accessible PDF
(coprog/records/rendering.py) with the same content.

Two editions: the **public** one (what the Comune publishes: ETS by name,
never natural persons; the attendance register as ETS × session) and the
**internal** one for the records office (the register by person). Drafts
published for observations are public editions. Every figure the document
states is a fact with the open-data table and rows it comes from; the
pre-publication check (coprog/records/verifica.py) recounts them from the raw rows.

Participation is counted once (coprog/records.participation): admitted ETS,
and of these who attended, contributed and voted; ETS turned down after
taking part are counted apart and named as such. Every ballot of the
percorso, table or plenary, is reported with what was voted, by how many ETS,
its results in rank order and its outcome in three parts; a list that carries
numbers says what the number is."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime

from coprog.ballots import groups as opinion_groups
from coprog.ballots import opinion
from coprog.contributions import contributions
from coprog.procedure import permissions, sessions
from coprog.procedure.organisations import admitted
from coprog.reading import analysis, offer, resources, territory
from coprog.records import decisions, doc_charts, records, rendering
from coprog.records.docmodel import EDITIONS, INTERNAL, PUBLIC, Document, Image, Ranked
from coprog.records.records import ets_label, when
from coprog.storage import audit, edits
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts import i18n, taxonomy, vocabulary
from coprog.texts.validation import Problems, text
from coprog.texts.vocabulary import ADMITTED, NEED

SECTIONS = (
    "premessa",
    "quadro_normativo",
    "obiettivi",
    "metodo",
    "enti",
    "contesto",
    "bisogni",
    "risorse",
    "strategie",
    "principi",
    "criteri",
    "governance",
    "ascolto",
    "questioni_aperte",
    "coprogettazione",
    "allegati",
)
SECTION_TITLES = {
    "premessa": "Premessa",
    "quadro_normativo": "Quadro normativo",
    "obiettivi": "Obiettivi",
    "metodo": "Metodo e sessioni",
    "enti": "Enti del Terzo settore partecipanti",
    "contesto": "Dati di contesto per Municipio",
    "bisogni": "La lettura condivisa dei bisogni",
    "risorse": "Risorse disponibili",
    "strategie": "Strategie prioritarie",
    "principi": "Principi guida",
    "criteri": "Criteri di qualità",
    "governance": "Strumenti di governance",
    "ascolto": "Adesioni, reazioni e gruppi di opinione",
    "questioni_aperte": "Questioni aperte e posizioni divergenti",
    "coprogettazione": "Indicazioni per la co-progettazione",
    "allegati": "Allegati",
}
LEGAL_FRAME = (
    "Il percorso si svolge ai sensi dell'art. 55 del Codice del Terzo settore (D.Lgs. 3 luglio 2017, n. 117), "
    "che chiama le amministrazioni pubbliche ad assicurare il coinvolgimento attivo degli enti del Terzo settore "
    "attraverso forme di co-programmazione, e delle Linee guida sul rapporto tra pubbliche amministrazioni ed enti "
    "del Terzo settore adottate con D.M. 31 marzo 2021, n. 72. La co-programmazione è finalizzata "
    "all'individuazione dei bisogni da soddisfare, degli interventi a tal fine necessari, delle modalità di "
    "realizzazione degli stessi e delle risorse disponibili; i suoi esiti sono la base della successiva "
    "co-progettazione."
)
OBJECTIVES = [
    "leggere insieme i bisogni sociali e socio-sanitari emergenti, territorio per territorio (9 Municipi, 88 NIL);",
    "proporre e mettere in priorità strategie per integrare servizi domiciliari, welfare territoriale e "
    "sistema socio-sanitario;",
    "condividere principi guida, criteri di qualità e strumenti di governance.",
]
TYPES_BY_SECTION = {
    "bisogni": NEED,
    "strategie": "strategia",
    "principi": "principio",
    "criteri": "criterio_qualita",
    "governance": "strumento_governance",
}
EDITION_LINES = {
    PUBLIC: "Edizione pubblica: gli enti sono indicati per nome, le persone fisiche non sono nominate.",
    INTERNAL: (
        "Edizione interna per l'archivio degli atti: contiene dati personali (il registro presenze nominativo). "
        "Da non pubblicare: per la pubblicazione si usa l'edizione pubblica."
    ),
}


# -- the organisers' texts ----------------------------------------------------------------


TEXTS = ("premessa", "conclusioni", "open_questions", "codesign", "order")  # what the texts' editor saves


def texts(database: Database, process_id: int) -> dict:
    """The organisers' texts and the order of the sections (a section added
    later comes after its default predecessor)."""
    return _texts(database.query_one("SELECT * FROM synthesis WHERE process_id = ?", (process_id,)) or {})


def _texts(row: dict) -> dict:
    order = [s for s in (row.get("section_order") or "").split(",") if s in SECTIONS]
    for position, section in enumerate(SECTIONS):
        if section not in order:
            before = [p for p in SECTIONS[:position] if p in order]
            order.insert(order.index(before[-1]) + 1 if before else 0, section)
    return {
        "premessa": row.get("premessa", ""),
        "conclusioni": row.get("conclusioni", ""),
        "open_questions": row.get("open_questions", ""),
        "codesign": row.get("codesign", ""),
        "order": order,
        "version": row.get("version", 0),
        "updated_at": row.get("updated_at"),
    }


def save_texts(
    database: Database,
    actor: Actor,
    process_id: int,
    *,
    premessa: str,
    conclusioni: str,
    open_questions: str = "",
    codesign: str = "",
    order=None,
    based_on: str | None = None,
) -> int:
    """Organisers write the premessa and conclusions and reorder sections; the version
    grows (``based_on``: the version of the texts the editor started from)."""
    permissions.require("prepare", actor)
    problems = Problems()
    values = {
        k: text(problems, k, v, required=False, max_len=50000, multiline=True)
        for k, v in (
            ("premessa", premessa),
            ("conclusioni", conclusioni),
            ("open_questions", open_questions),
            ("codesign", codesign),
        )
    }
    order = [s for s in (order or SECTIONS) if s in SECTIONS]
    problems.raise_if_any()
    with database.write() as db:
        permissions.require_editable(db, process_id)
        stored = db.execute("SELECT * FROM synthesis WHERE process_id = ?", [process_id]).fetchone()
        edits.require_unchanged(
            db, based_on, _texts(dict(stored or {})), TEXTS, "synthesis", process_id, ("modifica_sintesi",)
        )
        db.execute(
            "INSERT INTO synthesis (process_id, premessa, conclusioni, open_questions, codesign, "
            "section_order, version,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'))"
            " ON CONFLICT(process_id) DO UPDATE SET premessa = excluded.premessa, conclusioni = excluded.conclusioni,"
            " open_questions = excluded.open_questions, codesign = excluded.codesign,"
            " section_order = excluded.section_order, version = version + 1, updated_at = excluded.updated_at",
            [process_id, *values.values(), ",".join(order)],
        )
        version = db.execute("SELECT version FROM synthesis WHERE process_id = ?", [process_id]).fetchone()[0]
        audit.log(db, actor, "modifica_sintesi", "synthesis", process_id, version=version)
    return version


# -- the model ----------------------------------------------------------------------------


def model(
    database: Database,
    process_id: int,
    *,
    edition: str = PUBLIC,
    draft: dict | None = None,
    annex: list[dict] | None = None,
    final: int | None = None,
) -> Document:
    """The documento di sintesi of one edition. As a published ``draft``
    ({version, deadline} local time) it says so; ``annex`` (observations on
    the earlier versions, coprog/records/drafts.py) becomes its last chapter; ``final``
    is the number of the definitive version being published."""
    return models(database, process_id, (edition,), draft=draft, annex=annex, final=final)[edition]


def models(database: Database, process_id: int, editions=EDITIONS, **options) -> dict[str, Document]:
    """Several editions at once: what they share (ballots, counts, charts) is read once."""
    reader = _Sintesi(database, process_id)
    return {edition: reader.build(edition, **options) for edition in editions}


# What each edition is published as: the PDF is the public edition's (accessible, archival).
EDITION_FORMATS = {PUBLIC: ("docx", "html", "pdf"), INTERNAL: ("docx", "html")}


def render(document: Document, fmt: str) -> bytes:
    """One edition in one format (docx, pdf or html, as UTF-8 bytes)."""
    if fmt == "docx":
        return rendering.docx(document)
    if fmt == "pdf":
        return rendering.pdf(document)
    return rendering.html_page(document).encode("utf-8")


def docx(database: Database, process_id: int, edition: str = PUBLIC, **options) -> bytes:
    return rendering.docx(model(database, process_id, edition=edition, **options))


class _Sintesi:
    def __init__(self, database: Database, process_id: int):
        self.database, self.process_id = database, process_id
        self.process = database.one("SELECT * FROM process WHERE id = ?", (process_id,))
        self.sessions = sessions.sessions(database, process_id)
        self.views = decisions.ballot_views(database, process_id)
        self.participation = records.participation(database, process_id)
        self.needs = analysis.needs_table(database, process_id)
        self._cache: dict = {}

    def once(self, key, compute):
        """What both editions share, computed for the first and kept for the second."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def image(self, key, draw) -> None:
        png, alt = self.once(key, draw)
        self.doc.add(Image(png, alt, alt.split(".")[0]))

    def build(self, edition: str, draft=None, annex=None, final=None) -> Document:
        if edition not in EDITIONS:
            raise ValueError(edition)
        self.edition = edition
        self.doc = Document(
            "Documento di sintesi", self.process["title"], edition=edition, author=self.process["office"] or "coprog"
        )
        doc, texts_ = self.doc, texts(self.database, self.process_id)
        generated = when(datetime.now(UTC).isoformat())
        version = f"Versione definitiva n. {final}" if final else f"Versione {texts_['version']}"
        doc.para(f"{self.process['office']} · {version} · generato il {generated}")
        doc.para(EDITION_LINES[self.edition])
        if draft:
            doc.para(
                f"Bozza n. {draft['version']} pubblicata per le osservazioni degli enti: osservazioni entro il "
                f"{i18n.local_when(draft['deadline'])}. Le osservazioni e le risposte sono elencate in allegato "
                "alla versione successiva."
            )
        writers: dict[str, Callable[[], object]] = {
            "premessa": lambda: doc.paragraphs(texts_["premessa"] or self.process["description"]),
            "quadro_normativo": lambda: doc.para(LEGAL_FRAME),
            "obiettivi": lambda: doc.bullets(OBJECTIVES),
            "metodo": self.method,
            "enti": self.organisations,
            "contesto": self.context,
            "bisogni": self.needs_section,
            "risorse": self.resources_section,
            "ascolto": self.voices,
            "questioni_aperte": lambda: self.open_questions(texts_["open_questions"]),
            "coprogettazione": lambda: doc.paragraphs(texts_["codesign"] or "Da completare a cura del Comune."),
            "allegati": self.annexes,
            "conclusioni": lambda: doc.paragraphs(texts_["conclusioni"]),
        }
        for key in ("strategie", "principi", "criteri", "governance"):
            writers[key] = functools.partial(self.proposals, key)
        sections = list(texts_["order"])
        if texts_["conclusioni"]:  # once, before the annexes (or last when there are none)
            at = sections.index("allegati") if "allegati" in sections else len(sections)
            sections.insert(at, "conclusioni")
        for number, section in enumerate(sections, start=1):
            doc.heading(f"{number}. {SECTION_TITLES.get(section, 'Conclusioni')}")
            writers[section]()
        if annex:
            doc.heading(f"{len(sections) + 1}. Osservazioni degli enti sulle versioni precedenti e risposte")
            self.observations(annex)
        return doc

    # -- chapters ---------------------------------------------------------------------

    def method(self) -> None:
        doc = self.doc
        doc.para(
            "Il percorso si è articolato in una plenaria e in tavoli di lavoro; ogni sessione ha seguito "
            "un'agenda di fasi; i contributi sono stati raccolti dai portatili dei delegati, dal facilitatore "
            "e su carta, e messi in priorità con votazioni in cui ogni organizzazione esprime una scheda."
        )
        presence = self._presence_by_session()
        apart = any(p["turned_down"] for p in presence.values())
        rows = []
        for s in self.sessions:
            found = presence.get(s["id"], {"admitted": 0, "turned_down": 0, "contributions": 0})
            sid = s["id"]
            row = [
                s["title"],
                "plenaria" if s["kind"] == "plenaria" else "tavolo",
                when(s["date"]),
                s["place"] or "—",
                doc.fact(f"sessione.{sid}.enti_presenti", found["admitted"], "presenze_enti", f"sessione_id={sid}"),
            ]
            if apart:
                row.append(found["turned_down"])
            row.append(
                doc.fact(f"sessione.{sid}.contributi", found["contributions"], "contributi", f"sessione_id={sid}")
            )
            rows.append(row)
        header = ["Sessione", "Tipo", "Data", "Luogo", "Enti ammessi presenti"]
        header += ["Enti poi non ammessi presenti"] if apart else []
        doc.table(
            [*header, "Contributi pubblicati"],
            rows,
            caption="Le sessioni del percorso",
            source="dati aperti, tabelle sessioni, presenze_enti e contributi",
        )

    def _presence_by_session(self) -> dict[int, dict]:
        out: dict[int, dict] = {}
        for r in self.database.query(
            "WITH present(session_id, organisation_id) AS ("
            " SELECT session_id, organisation_id FROM attendance"
            " UNION SELECT session_id, represents_organisation_id FROM attendance"
            "  WHERE represents_organisation_id IS NOT NULL)"
            " SELECT s.id, (SELECT count(*) FROM present p JOIN organisation o ON o.id = p.organisation_id"
            f"   WHERE p.session_id = s.id AND o.admission = '{ADMITTED}') AS admitted,"
            " (SELECT count(*) FROM present p JOIN organisation o ON o.id = p.organisation_id"
            f"   WHERE p.session_id = s.id AND o.admission != '{ADMITTED}') AS turned_down,"
            f" (SELECT count(*) FROM contribution c WHERE c.session_id = s.id AND {contributions.PUBLIC}"
            "   AND c.merged_into IS NULL) AS contributions FROM session s WHERE s.process_id = ?",
            (self.process_id,),
        ):
            out[r["id"]] = r
        return out

    def organisations(self) -> None:
        doc, counts = self.doc, self.participation
        admitted_ids = "righe con ammissione = ammessa"
        doc.para(
            "Enti del Terzo settore ammessi: "
            f"{doc.fact('enti.ammessi', counts['admitted'], 'enti', admitted_ids)}. Di questi, hanno partecipato "
            f"ad almeno una sessione: {doc.fact('enti.presenti', counts['attended'], 'presenze_enti')}; hanno "
            f"presentato contributi: {doc.fact('enti.contributori', counts['contributed'], 'contributi_autori')}; "
            f"hanno votato: {doc.fact('enti.votanti', counts['voted'], 'schede')}."
        )
        turned_down = counts["turned_down"]
        doc.fact("enti.non_ammessi", len(turned_down), "domande di partecipazione")
        doc.fact("enti.non_ammessi.nomi", tuple(r["name"] for r in turned_down), "domande di partecipazione")
        if turned_down:
            doc.para(records.turned_down_line(turned_down))

        doc.table(
            ["Denominazione", "Codice fiscale", "Forma giuridica", "Municipi"],
            [
                [
                    r["denominazione"],
                    r["codice_fiscale"],
                    taxonomy.label("legal_form", r["forma_giuridica"]),
                    (r["municipi"] or "").replace(";", ", "),
                ]
                for r in admitted(self.database, self.process_id)
            ],
            caption="Enti ammessi al percorso",
            source="dati aperti, tabelle enti ed enti_municipi",
        )
        if turned_down:
            doc.table(
                ["Denominazione", "Esito della domanda", "Sessioni", "Contributi", "Schede"],
                [
                    [r["name"], i18n.t(f"admission.{r['admission']}"), r["sessions"], r["contributions"], r["votes"]]
                    for r in turned_down
                ],
                caption="Enti non ammessi che avevano preso parte al percorso (contati a parte)",
            )

    def context(self) -> None:
        doc = self.doc
        population = territory.population_by_municipio()
        self.image(
            "context",
            lambda: doc_charts.municipi_map(
                {m: int(population.loc[m, "over80_soli"]) for m in taxonomy.MUNICIPI},
                "Over 80 che vivono soli per Municipio (stima, 2024)",
                "persone",
            ),
        )
        doc.para(
            "Stima: i dati per Municipio sono ricavati dai NIL ripartendo quelli a cavallo di più "
            "Municipi in proporzione all'area. Fonte: Comune di Milano, CC BY 4.0."
        )
        doc.table(
            ["Municipio", "Residenti", "Over 65", "Over 80", "Over 80 soli"],
            [
                [
                    m,
                    int(population.loc[m, "residenti"]),
                    int(population.loc[m, "over65"]),
                    int(population.loc[m, "over80"]),
                    int(population.loc[m, "over80_soli"]),
                ]
                for m in taxonomy.MUNICIPI
            ],
            caption="Popolazione per Municipio (stima, 2024)",
            source="Comune di Milano, popolazione per NIL 2024 (CC BY 4.0)",
        )

    def needs_section(self) -> None:
        doc, needs = self.doc, self.needs
        if self.decided(NEED):
            doc.para("La lettura dei bisogni segnalati ai tavoli rispetto ai dati della città:")
        self.ballots_of("bisogni")
        areas = analysis.by_area(needs)
        self.image(
            "areas",
            lambda: doc_charts.bars(
                list(areas["label"]), list(areas["count"]), "Bisogni segnalati per area", "bisogni"
            ),
        )
        doc.table(
            ["Area", "Bisogni"],
            [
                [r.label, doc.fact(f"bisogni.area.{r.area}", int(r.count), "contributi", f"area={r.area}")]
                for r in areas.itertuples()
            ],
            caption="Bisogni segnalati per area",
            source="dati aperti, tabella contributi (tipo = bisogno)",
        )
        municipi = analysis.by_municipio(needs)
        self.image(
            "needs_map",
            lambda: doc_charts.municipi_map(
                dict(zip(municipi["municipio"], municipi["needs"])), "Bisogni segnalati per Municipio", "bisogni"
            ),
        )
        doc.table(
            ["Municipio", "Bisogni", "Intensità media", "Ogni 10.000 over 65 (stima)"],
            [
                [
                    r.municipio,
                    doc.fact(
                        f"bisogni.municipio.{r.municipio}",
                        int(r.needs),
                        "contributi_municipi",
                        f"municipio={r.municipio}",
                    ),
                    i18n.number(r.mean_intensity, "it", 2) if r.mean_intensity == r.mean_intensity else "—",
                    i18n.number(r.per_10k_over65, "it", 2),
                ]
                for r in municipi.itertuples()
            ],
            caption="Bisogni segnalati per Municipio",
            source="dati aperti, tabelle contributi e contributi_municipi; popolazione 2024 del Comune di Milano",
        )
        citywide = doc.fact("bisogni.citta", analysis.citywide_count(needs), "contributi", "tutta_la_citta=1")
        doc.para(
            f"Bisogni riferiti a tutta la città (non ripartiti tra i Municipi): {citywide}. "
            "Un bisogno che indica più Municipi è contato una volta in ciascuno."
        )

    def resources_section(self) -> None:
        """What the ETS bring beside the needs: headline figures, services by
        type, one map (people reached per 1,000 aged 65+ by Municipio), offer and
        needs by Municipio, where the offer is most fragmented, and the method."""
        doc = self.doc
        services = offer.services(self.database, self.process_id)
        if services.empty:
            doc.para("Nessun ETS ha ancora dichiarato servizi verificati dagli organizzatori.")
            return
        figures = resources.summary(self.needs, services)
        doc.fact("servizi.enti", figures["ets"], "servizi")
        doc.fact("servizi.totale", figures["services"], "servizi")
        doc.fact("servizi.persone", figures["people"], "servizi")
        doc.para(i18n.t("res.doc.headline", **figures))
        if figures["needs"]:
            doc.para(
                i18n.tn("res.doc.scoperti", figures["scoperti"], total=figures["needs"])
                + " "
                + i18n.tn("res.doc.poco_coperti", figures["poco_coperti"])
            )
        kinds = resources.by_type(services)
        kinds = kinds[kinds["services"] > 0]
        doc.table(
            ["Servizio", "Servizi", "ETS", "Persone raggiunte", "Ore settimanali", "Personale retribuito", "Volontari"],
            [
                [r.label, r.services, r.ets, r.people, r.weekly_hours, r.paid_staff, r.volunteers]
                for r in kinds.itertuples()
            ],
            caption="Servizi dichiarati per tipo",
            source="dati aperti, tabella servizi",
        )
        municipi = resources.by_territory(self.needs, services, "municipio")
        self.image(
            "offer_map",
            lambda: doc_charts.municipi_map(
                dict(zip(municipi["municipio"], municipi["per_1000_over65"])),
                "Persone raggiunte ogni 1.000 over 65 per Municipio (stima)",
                "persone ogni 1.000 residenti con 65 anni e più",
            ),
        )
        doc.table(
            ["Municipio", "Bisogni", "Scoperti", "Servizi", "ETS", "Persone raggiunte", "Ogni 1.000 over 65"],
            [
                [r.municipio, r.needs, r.scoperti, r.services, r.ets, round(r.people), r.per_1000_over65]
                for r in municipi.itertuples()
            ],
            caption="Offerta e bisogni per Municipio",
            source="dati aperti, tabelle servizi, servizi_municipi e contributi",
        )
        crowded = resources.fragmentation(services)
        crowded = crowded[crowded["ets"] >= 2].head(10)
        if len(crowded):
            doc.para("Dove più ETS offrono lo stesso servizio nello stesso NIL (frammentazione):")
            doc.table(
                ["NIL", "Servizio", "ETS", "Indice di concentrazione (HHI)"],
                [[r.name, taxonomy.label("service_type", r.type), r.ets, r.hhi] for r in crowded.itertuples()],
            )
        doc.para(i18n.t("res.method"))

    def proposals(self, section: str) -> None:
        doc, kind = self.doc, TYPES_BY_SECTION[section]
        decided = self.decided(kind)
        if not decided:
            items = [c for s in self.sessions for c in contributions.visible(self.database, s["id"], kind)]
            if items:
                authors = records.flagged_authors(self.database, [c["id"] for c in items])
                doc.para(f"Contributi raccolti: {len(items)} (in ordine di sessione; non è una graduatoria).")
                doc.bullets(
                    f"{c['title']} — {authors.get(c['id']) or c['organisation']} ({self._session_title(c)})"
                    for c in items
                )
            elif not self._section_ballots(section):
                doc.para("Nessun contributo.")
        self.ballots_of(section)

    def _session_title(self, contribution: dict) -> str:
        return next((s["title"] for s in self.sessions if s["id"] == contribution["session_id"]), "")

    def _section_ballots(self, section: str) -> list[dict]:
        return [v for v in self.views if v["section"] == section]

    def ballots_of(self, section: str) -> None:
        """Every ballot of the percorso that belongs to this section (its list's
        type, or its items' first type), tables and plenaries, in session order."""
        views = self._section_ballots(section)
        if not views:
            return
        self.doc.heading("Votazioni", 2)
        for view in views:
            records.ballot_block(self.doc, view, records.ballot_title(view), 3)

    def decided(self, kind: str) -> bool:
        """The consolidated items of this type, as the plenary left them: in the
        order of the latest ballot on their list (the number is the position),
        each with its wording, origin, the ETS behind it, its results and how its
        sources fared at their tables; needs with territories and evidence."""
        doc = self.doc
        found = decisions.decisions(self.database, self.process_id, kind, self.views)
        if not found:
            return False
        doc.para(
            f"Voci consolidate in plenaria dai tavoli: {len(found)}. Sono in ordine di graduatoria nell'ultima "
            "votazione in plenaria sul loro elenco: il numero è la posizione (1 = la voce più sostenuta; a pari "
            "merito la stessa posizione); le voci non messe ai voti seguono, senza numero. Per ciascuna: testo, "
            "tavoli d'origine, enti che la sostengono (per Municipio e per attività) ed esito delle votazioni."
        )
        doc.add(
            Ranked(
                "Graduatoria delle voci consolidate (il numero è la posizione in graduatoria):",
                [(item["rank"], item["title"]) for item in found],
            )
        )
        for item in found:
            place = f"Posizione {item['rank']}" if item["rank"] is not None else "Non messa ai voti"
            doc.heading(f"{place} – {item['title']}", 3)
            if item["body"]:
                doc.para(item["body"])
            origin = "; ".join(f"{s['session']} ({taxonomy.phase_label(s['phase'])})" for s in item["sources"])
            doc.para(f"Origine: {origin}.")
            backing = item["support"]
            count = doc.fact(
                f"voce_consolidata.{item['id']}.enti",
                backing["organisations"],
                "contributi_autori",
                f"voce_consolidata_id={item['id']}",
            )
            by_m = ", ".join(f"Municipio {m}: {c}" for m, c in backing["municipi"].items()) or "—"
            by_f = ", ".join(f"{taxonomy.label('activity_field', f)}: {c}" for f, c in backing["fields"].items()) or "—"
            line = (
                f"Enti che la sostengono: {count} ({', '.join(item['admitted_names']) or '—'}). "
                f"Per Municipio: {by_m}. Per attività: {by_f}."
            )
            if item["turned_down"]:
                line += " Proposta anche da enti poi non ammessi (non contati): " + ", ".join(
                    ets_label(n, "non_ammessa") for n in item["turned_down"]
                )
                line += "."
            doc.para(line)
            if kind == NEED:
                where = "tutta la città" if item["citywide"] else ""
                places = [f"Municipio {m}" for m in item["municipi"]] + [
                    taxonomy.nils()[x].name for x in item["nils"] if x in taxonomy.nils()
                ]
                doc.para(f"Territori: {', '.join(filter(None, [where, *places])) or '—'}.")
                if item["evidence"]:
                    doc.bullets(f"Evidenza: {evidence}" for evidence in item["evidence"])
            for vote in item["votes"]:
                view = vote["ballot"]
                doc.para(
                    f"{records.ballot_title(view)}: {_value_phrase(view['method'], vote['value'])}, posizione "
                    f"{vote['rank']} su {vote['of']}, ampiezza {records.percent(vote['item']['breadth'])}; "
                    f"{vote['item']['cross_group']}."
                )
            for vote in item["table_votes"]:
                view = vote["ballot"]
                doc.para(
                    f"Al tavolo: {records.ballot_title(view)}: {_value_phrase(view['method'], vote['value'])}, "
                    f"posizione {vote['rank']} su {vote['of']}."
                )
            if not item["votes"]:
                doc.para("Non messa ai voti in plenaria.")
        doc.para(f"Fonti: dati aperti del percorso, tabelle {decisions.SOURCES}.")
        return True

    def voices(self) -> None:
        """Adesioni and reactions of the admitted ETS: counts, the opinion
        groups, the group-informed consensus per item over opinion groups,
        Municipi and fields, the items that divide, and the method with its limits."""
        doc = self.doc
        found = self.once("reading", lambda: opinion_groups.reading(self.database, self.process_id))
        total = doc.fact("reazioni.totale", found["reactions"], "reazioni")
        organisations = doc.fact("reazioni.enti", found["reacting"], "reazioni")
        items = doc.fact("reazioni.voci", len(found["items"]), "reazioni")
        endorsed = doc.fact("reazioni.adesioni", sum(len(i["endorsers"]) for i in found["items"]), "reazioni")
        if not total:
            doc.para("Nel percorso non sono state raccolte reazioni né adesioni alle proposte.")
            return
        groups = found["groups"]
        doc.para(
            f"Reazioni raccolte: {total}, da {i18n.tn('count.ets', organisations)} su "
            f"{i18n.tn('count.items', items)}; adesioni: {endorsed}."
        )
        names = bool(self.process["opinion_names"])
        doc.para(opinion.call_words(groups))
        if groups["k"] > 1 and names:
            doc.bullets(
                f"Gruppo {g}: {', '.join(o['name'] for o in found['organisations'] if o['group'] == g)}."
                for g in groups["members"]
            )

        def level(item, kind):
            value = opinion.figure(item, kind)
            return "—" if value is None else i18n.number(value, "it", 2)

        doc.table(
            [
                "Voce",
                "Sessione",
                "Accordo",
                "Disaccordo",
                "Passo",
                "Adesioni",
                "Consenso: opinione",
                "Municipi",
                "Attività",
                "Divide i gruppi",
                "Copertura",
            ],
            [
                [
                    i["title"],
                    i["session"],
                    i["agree"],
                    i["disagree"],
                    i["pass"],
                    ", ".join(i["endorsers"]) or "—",
                    level(i, "opinione"),
                    level(i, "municipio"),
                    level(i, "attivita"),
                    "sì" if opinion.divides(i) else "no",
                    opinion.coverage_words(i.get("consensus_opinione") or i.get("consensus_municipio")),
                ]
                for i in sorted(found["items"], key=lambda i: opinion.rank_key(i.get("consensus_opinione")))
            ],
            caption="Reazioni per voce: prima le voci valutabili (viste da ogni gruppo e da almeno metà degli enti), "
            "dalla più condivisa (consenso tra i gruppi di opinione; non è una graduatoria di voto); poi le altre",
            source="dati aperti, tabella reazioni",
        )
        dividing = [i["title"] for i in found["items"] if opinion.divides(i, ("opinione",))]
        doc.para("Voci che dividono i gruppi di opinione:")
        doc.bullets(dividing or ["nessuna"])
        doc.para("Metodo: " + i18n.t("opinion.method"))
        doc.para("Limiti: " + i18n.t("opinion.limits"))

    def open_questions(self, written: str) -> None:
        doc = self.doc
        if written:
            doc.paragraphs(written)
        divergent = [
            f"{it['title']} ({records.ballot_title(v)})"
            for v in self.views
            if v["status"] == vocabulary.BALLOT_CLOSED
            for it in v["items"]
            if it.get("controversial") or it.get("divides")
        ]
        doc.para("Voci su cui le votazioni mostrano posizioni divergenti:")
        doc.bullets(divergent or ["nessuna"])
        dissent = [
            f"{records.ballot_title(v)}: {v['outcome']['dissent']}" for v in self.views if v["outcome"].get("dissent")
        ]
        if dissent:
            doc.para("Dissenso registrato all'esito delle votazioni:")
            doc.bullets(dissent)
        left_open = [
            f"{records.ballot_title(v)}: {v['outcome']['open']}" for v in self.views if v["outcome"].get("open")
        ]
        if left_open:
            doc.para("Questioni rimaste aperte all'esito delle votazioni:")
            doc.bullets(left_open)
        # this percorso's proposals that no ballot listed and no plenary took into its lists
        minority = self.database.query(
            "SELECT c.id, c.title, c.body, o.name AS organisation FROM contribution c"
            " JOIN organisation o ON o.id = c.organisation_id"
            f" WHERE c.type != 'bisogno' AND {contributions.PUBLIC} AND c.merged_into IS NULL"
            " AND c.session_id IN (SELECT id FROM session WHERE process_id = ?)"
            " AND c.id NOT IN (SELECT i.contribution_id FROM ballot_item i WHERE i.contribution_id IS NOT NULL)"
            " AND c.id NOT IN (SELECT contribution_id FROM consolidated_item) ORDER BY c.id",
            (self.process_id,),
        )
        if minority:
            authors = records.flagged_authors(self.database, [c["id"] for c in minority])
            doc.para("Posizioni non messe ai voti, riportate testualmente:")
            doc.bullets(f"«{c['title']}. {c['body']}» — {authors.get(c['id']) or c['organisation']}" for c in minority)

    def annexes(self) -> None:
        doc = self.doc
        doc.heading("Allegato A – Tutti i contributi pubblicati", 2)
        everything = contributions._with_lists(
            self.database.query(
                contributions._SELECT + f" WHERE {contributions.PUBLIC} AND c.session_id IN"
                " (SELECT id FROM session WHERE process_id = ?) ORDER BY c.session_id, c.id",
                (self.process_id,),
            )
        )
        authors = records.flagged_authors(self.database, [c["id"] for c in everything])
        doc.table(
            ["Sessione", "Tipo", "Titolo", "Enti", "Fonte"],
            [
                [
                    self._session_title(c),
                    taxonomy.label("contribution_type", c["type"]),
                    c["title"],
                    authors.get(c["id"]) or c["organisation"],
                    c["source"],
                ]
                for c in everything
            ],
            caption="Contributi pubblicati, per sessione (i contributi uniti ad altri compaiono con il proprio testo)",
            source="dati aperti, tabelle contributi e contributi_autori",
        )
        doc.heading("Allegato B – Le sessioni in sintesi", 2)
        presence = self._presence_by_session()
        ballots_by_session: dict[int, int] = {}
        for v in self.views:
            ballots_by_session[v["session_id"]] = ballots_by_session.get(v["session_id"], 0) + 1
        doc.bullets(
            f"{s['title']} ({when(s['date'])}): "
            + ", ".join(
                [
                    i18n.tn("count.ets", presence.get(s["id"], {}).get("admitted", 0)) + " ammessi presenti",
                    i18n.tn("count.contributions", presence.get(s["id"], {}).get("contributions", 0)) + " pubblicati",
                    i18n.tn("count.ballots", ballots_by_session.get(s["id"], 0)),
                ]
            )
            + "; il verbale della sessione è agli atti."
            for s in self.sessions
        )
        doc.heading("Allegato C – Registro presenze", 2)
        if self.edition == PUBLIC:
            self.register_by_ets()
        else:
            self.register_by_person()

    def register_by_ets(self) -> None:
        """The public register: for each session, the ETS present (how many of
        their delegates, the mode, a delega), never the persons."""
        rows = self.database.query(
            "SELECT s.id AS session_id, s.title AS session, s.date, o.name, o.admission, count(*) AS delegates,"
            " group_concat(DISTINCT a.mode) AS modes, group_concat(DISTINCT r.name) AS represents"
            " FROM attendance a JOIN session s ON s.id = a.session_id JOIN organisation o ON o.id = a.organisation_id"
            " LEFT JOIN organisation r ON r.id = a.represents_organisation_id WHERE s.process_id = ?"
            " GROUP BY s.id, o.id ORDER BY s.id, o.name",
            (self.process_id,),
        )
        self.doc.table(
            ["Sessione", "Data", "Ente", "Delegati presenti", "Modalità", "Per delega di"],
            [
                [
                    r["session"],
                    when(r["date"]),
                    ets_label(r["name"], r["admission"]),
                    r["delegates"],
                    ", ".join("in presenza" if m == "presenza" else "online" for m in (r["modes"] or "").split(",")),
                    r["represents"] or "",
                ]
                for r in rows
            ],
            caption="Presenze degli enti per sessione (edizione pubblica: senza nomi di persone)",
            source="dati aperti, tabella presenze_enti",
        )

    def register_by_person(self) -> None:
        named = records.register(self.database, process_id=self.process_id)  # the register's first 8 columns
        self.doc.table(
            named.header[:8], [row[:8] for row in named.rows], caption="Registro presenze nominativo (edizione interna)"
        )

    def observations(self, rows: list[dict]) -> None:
        """Every observation with its answer (or that it has none yet)."""
        doc = self.doc
        doc.para(
            f"Osservazioni ricevute: {len(rows)}; con risposta: {sum(1 for r in rows if r['answer'])}. "
            "Per ogni osservazione: la versione e la sezione a cui si riferisce, l'ente che l'ha inviata, il testo, "
            "la risposta del Comune e la sua motivazione."
        )
        for r in rows:
            doc.bullets([f"Versione {r['version']}, sezione «{r['section']}» — {r['organisation']}: «{r['text']}»"])
            doc.para(
                f"Risposta: {i18n.t('answer.' + r['answer'])}. {r['reason']}"
                if r["answer"]
                else "Risposta: non ancora data."
            )


def _value_phrase(method: str, value) -> str:
    if method == "punti":
        return f"{value} punti"
    if method == "approvazione":
        return f"approvata dal {records.value_text(method, value)}"
    if method == "ordinamento":
        return f"Borda medio {records.value_text(method, value)}"
    return f"media {records.value_text(method, value)}"
