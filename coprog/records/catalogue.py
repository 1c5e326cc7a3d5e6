"""What the open data say about themselves, so the Comune can publish them as
they come out of the app (Linee guida AgID sui dati aperti, DCAT-AP_IT):

- the **data dictionary** (``dictionary``): every table and every column of the
  export described in Italian, with its type and, for a coded column, the code
  list its codes come from (a test checks that no table or column is left out);
- the **code lists** (``code_lists``): every code of the taxonomies the tables
  use, with its Italian and English label, and the NIL by number with their names;
- the dataset's **metadata** in DCAT-AP_IT as JSON-LD (``metadata``): title,
  description, publisher and rights holder (the Comune, with its IPA code), the
  percorso's office as contact, licence, dates, language, themes, keywords, one
  distribution per file;
- a **readme** in plain Italian that says what the files are, how the tables link
  and under which licence (``readme``).
"""

from __future__ import annotations

import json
from datetime import datetime

from coprog.texts import taxonomy, vocabulary

# -- the tables -------------------------------------------------------------------------------

TABLES = {
    "process": "Il percorso di co-programmazione (art. 55 del Codice del Terzo settore).",
    "organisation": "Gli enti del Terzo settore ammessi al percorso.",
    "organisation_municipio": "I Municipi in cui ciascun ente ammesso dichiara di operare (una riga per Municipio).",
    "organisation_field": "Le attività di interesse generale (art. 5 CTS) dichiarate da ciascun ente ammesso.",
    "session": "Le sessioni del percorso: plenarie e tavoli di lavoro.",
    "phase": "Le fasi di ciascuna sessione, con i tipi di contributo raccolti e gli orari.",
    "attendance": "Le presenze: un ente per sessione, con il primo ingresso e il numero dei suoi delegati.",
    "contribution": "I contributi pubblicati (approvati): bisogni letti sul territorio e proposte.",
    "contribution_author": "Gli autori di ciascun contributo: l'ente che lo ha scritto e quelli dei contributi uniti.",
    "contribution_municipio": "I Municipi a cui si riferisce ciascun contributo.",
    "contribution_nil": "I Nuclei d'Identità Locale (NIL) a cui si riferisce ciascun contributo.",
    "paper_count": "I conteggi anonimi riportati dal facilitatore (bollini su carta, alzata di mano).",
    "seed_item": "Le voci proposte dagli organizzatori come base di discussione.",
    "consolidated_item": "Le voci consolidate in plenaria a partire dai contributi dei tavoli.",
    "ballot": "Le votazioni aperte o chiuse, con il metodo, gli orari, i risultati congelati e l'esito.",
    "ballot_item": "Le voci sottoposte a ciascuna votazione.",
    "vote": "Le schede: una per ente (o per delegato) per votazione, senza il nome di chi ha votato.",
    "vote_entry": "Il contenuto di ciascuna scheda: il valore dato a ciascuna voce.",
    "ballot_paper": "I voti su carta o per alzata di mano, riportati dal facilitatore come conteggi per voce.",
    "reaction": "Le reazioni degli enti alle voci pubbliche (accordo, disaccordo, passo) e le adesioni.",
    "service": "L'offerta: i servizi per la domiciliarità che gli enti ammessi gestiscono, verificati.",
    "service_municipio": "I Municipi in cui si svolge ciascun servizio.",
    "service_nil": "I NIL in cui si svolge ciascun servizio.",
    "service_target": "I destinatari di ciascun servizio.",
    "service_premises": "Le sedi di ciascun servizio, con il NIL.",
    "ballot_result": "I risultati delle votazioni chiuse, per voce: in complesso e per gruppo di votanti.",
    "floor_turn": "Gli interventi in sessione, per ente (mai la persona), con l'ora e la durata.",
    "observation": "Le osservazioni degli enti sulla bozza del documento di sintesi, con la risposta.",
    "clarification": "Le richieste di chiarimento sull'avviso e le risposte pubblicate (mai chi ha chiesto).",
}

# -- the columns: one meaning per name, unless a table gives it another ------------------------

ID = "Identificativo della riga in questa tabella."
TEXT, INTEGER, NUMBER, DATE, DATETIME, FLAG = "testo", "intero", "numero", "data", "data e ora", "0/1"

COLUMNS: dict[str, tuple[str, str]] = {
    "id": (INTEGER, ID),
    "process_id": (INTEGER, "Il percorso (tabella percorso)."),
    "organisation_id": (INTEGER, "L'ente (tabella enti); vuoto se l'ente non è tra gli ammessi."),
    "session_id": (INTEGER, "La sessione (tabella sessioni)."),
    "phase_id": (INTEGER, "La fase della sessione (tabella fasi)."),
    "contribution_id": (INTEGER, "Il contributo (tabella contributi)."),
    "ballot_id": (INTEGER, "La votazione (tabella votazioni)."),
    "item_id": (INTEGER, "La voce votata (tabella voci_votate)."),
    "vote_id": (INTEGER, "La scheda (tabella schede)."),
    "seed_id": (INTEGER, "La voce proposta dagli organizzatori (tabella voci_proposte), se la voce viene da lì."),
    "consolidated_id": (INTEGER, "La voce consolidata (tabella voci_consolidate), se la voce viene da lì."),
    "service_id": (INTEGER, "Il servizio (tabella servizi)."),
    "title": (TEXT, "Il titolo."),
    "description": (TEXT, "La descrizione."),
    "body": (TEXT, "Il testo, come scritto dall'ente o riformulato in plenaria."),
    "start_date": (DATE, "La data di inizio (AAAA-MM-GG)."),
    "end_date": (DATE, "La data di fine (AAAA-MM-GG)."),
    "office": (TEXT, "L'ufficio del Comune che conduce il percorso."),
    "codice_fiscale": (TEXT, "Il codice fiscale dell'ente (11 cifre)."),
    "runts_number": (TEXT, "Il numero di iscrizione al Registro unico nazionale del Terzo settore (RUNTS)."),
    "legal_form": (TEXT, "La forma giuridica (codice del vocabolario forme_giuridiche)."),
    "admission": (TEXT, "L'esito della domanda: sempre «ammessa» in questi dati."),
    "municipio": (INTEGER, "Il Municipio di Milano, da 1 a 9."),
    "field": (TEXT, "L'attività di interesse generale: la lettera dell'art. 5 CTS (vocabolario attivita_cts)."),
    "kind": (TEXT, "Il tipo di sessione: «plenaria» o «tavolo»."),
    "theme": (TEXT, "Il tema del tavolo."),
    "date": (DATE, "La data della sessione (AAAA-MM-GG)."),
    "place": (TEXT, "Il luogo."),
    "moderated": (FLAG, "1 se i contributi della sessione sono pubblicati dopo la verifica di un moderatore."),
    "current_phase_id": (INTEGER, "La fase in corso al momento dell'esportazione (tabella fasi)."),
    "position": (INTEGER, "La posizione nell'ordine (da 1)."),
    "contribution_types": (TEXT, "I tipi di contributo che la fase raccoglie, separati da virgola."),
    "contributions_open": (FLAG, "1 se la fase accetta ancora contributi al momento dell'esportazione."),
    "opened_at": (DATETIME, "Quando è stata aperta (UTC, ISO 8601)."),
    "closed_at": (DATETIME, "Quando è stata chiusa (UTC, ISO 8601); vuoto se non ancora."),
    "first_check_in": (DATETIME, "Il primo ingresso di un delegato dell'ente nella sessione (UTC, ISO 8601)."),
    "delegates": (INTEGER, "Quanti delegati dell'ente hanno partecipato (mai chi)."),
    "mode": (TEXT, "La modalità di partecipazione: «presenza» o «online»."),
    "type": (TEXT, "Il tipo di contributo (vocabolario tipi_contributo)."),
    "source": (
        TEXT,
        "Come è arrivato: «laptop» (scritto dall'ente sul proprio dispositivo), «facilitatore» (inserito dal"
        " facilitatore per l'ente), «carta» (trascritto dalla carta), «alzata_di_mano», «import» (importato"
        " dagli organizzatori), «delegato» (dichiarato da un delegato dell'ente).",
    ),
    "area": (TEXT, "L'area di bisogno (vocabolario aree)."),
    "target_group": (TEXT, "I destinatari (vocabolario destinatari)."),
    "citywide": (FLAG, "1 se riguarda tutta la città, non singoli Municipi."),
    "intensity": (INTEGER, "L'intensità del bisogno, da 1 (lieve) a 9 (molto grave), come stimata dall'ente."),
    "trend": (TEXT, "L'andamento del bisogno (vocabolario tendenze)."),
    "evidence": (TEXT, "Le evidenze portate dall'ente a sostegno del bisogno."),
    "evidence_source": (TEXT, "Il tipo di fonte delle evidenze (vocabolario fonti_evidenza)."),
    "pinned": (FLAG, "1 se il facilitatore lo ha messo in evidenza."),
    "merged_into": (INTEGER, "Se è stato unito a un altro, l'identificativo di quello (stessa tabella)."),
    "created_at": (DATETIME, "Quando è stato creato (UTC, ISO 8601)."),
    "updated_at": (DATETIME, "L'ultima modifica (UTC, ISO 8601)."),
    "count": (INTEGER, "Il numero contato."),
    "note": (TEXT, "La nota del facilitatore."),
    "reworded": (FLAG, "1 se in plenaria il testo è stato riformulato."),
    "method": (
        TEXT,
        "Il metodo: «punti» (bollini da distribuire), «valutazione» (voto da 1 a 5), «ordinamento» (classifica,"
        " conteggio di Borda), «approvazione» (sì o no a ogni voce).",
    ),
    "per_delegate": (FLAG, "1 se vota ogni delegato, 0 se vota ogni ente (una scheda per ente)."),
    "budget": (INTEGER, "Metodo «punti»: i bollini di ogni scheda."),
    "cap": (INTEGER, "Metodo «punti»: i bollini al massimo su una voce."),
    "dimensions": (TEXT, "Metodo «valutazione»: le dimensioni valutate («importanza», «fattibilita»)."),
    "top_k": (INTEGER, "Metodo «ordinamento»: quante voci ordinare (vuoto: tutte)."),
    "snapshot": (TEXT, "I risultati congelati alla chiusura (JSON): sono quelli dei documenti."),
    "list_type": (TEXT, "Il tipo delle voci votate (vocabolario tipi_contributo), se sono di un solo tipo."),
    "outcome_decided": (TEXT, "L'esito: che cosa si è deciso."),
    "outcome_open": (TEXT, "L'esito: che cosa resta aperto."),
    "outcome_dissent": (TEXT, "L'esito: i dissensi espressi."),
    "cast_at": (DATETIME, "Quando la scheda è stata registrata l'ultima volta (UTC, ISO 8601)."),
    "dimension": (TEXT, "La dimensione valutata: «importanza» o «fattibilita»."),
    "endorsed": (FLAG, "1 se l'ente aderisce alla voce (la firma insieme)."),
    "other": (TEXT, "Il servizio nelle parole dell'ente, quando il tipo è «altro»."),
    "people": (INTEGER, "Le persone raggiunte nell'ultimo anno."),
    "weekly_hours": (NUMBER, "Le ore di servizio a settimana."),
    "paid_staff": (INTEGER, "Le persone retribuite che lo svolgono."),
    "volunteers": (INTEGER, "I volontari che lo svolgono."),
    "comune_funded": (FLAG, "1 se finanziato dal Comune."),
    "codesign": (FLAG, "1 se l'ente è disponibile a co-progettarlo."),
    "nil": (INTEGER, "Il NIL (Nucleo d'Identità Locale) per numero (vocabolario nil)."),
    "group_kind": (
        TEXT,
        "Il gruppo di votanti: «tutti», «tavolo», «municipio» (dove opera l'ente) o «attivita» (art. 5 CTS).",
    ),
    "group": (TEXT, "Il gruppo (il tavolo, il Municipio o l'attività); vuoto per «tutti»."),
    "voters": (INTEGER, "Le schede considerate."),
    "breadth": (NUMBER, "La quota dei votanti che sostiene la voce (da 0 a 1)."),
    "consensus": (NUMBER, "Il consenso (Tastle-Wierman, da 0 a 1): 1 quando tutti danno lo stesso voto."),
    "called_at": (DATETIME, "Quando l'ente ha avuto la parola (UTC, ISO 8601)."),
    "seconds": (INTEGER, "La durata dell'intervento in secondi."),
    "version": (INTEGER, "La versione della bozza."),
    "section": (TEXT, "La sezione della bozza a cui si riferisce."),
    "text": (TEXT, "Il testo dell'osservazione."),
    "reason": (TEXT, "La motivazione della risposta."),
    "answered_at": (DATETIME, "Quando è stata data la risposta (UTC, ISO 8601)."),
    "question": (TEXT, "La domanda, come pubblicata."),
    "asked_at": (DATETIME, "Quando è arrivata, come la registra il protocollo (ora di Milano, AAAA-MM-GGTHH:MM)."),
    "on_time": (FLAG, "1 se è arrivata entro il termine per i chiarimenti."),
    "published_at": (DATETIME, "Quando la risposta è stata pubblicata (UTC, ISO 8601)."),
}

# where a table gives a column a meaning of its own
IN_TABLE: dict[tuple[str, str], tuple[str, str]] = {
    ("process", "title"): (TEXT, "Il titolo del percorso."),
    ("organisation", "name"): (TEXT, "La denominazione dell'ente."),
    ("organisation", "id"): (INTEGER, "Identificativo dell'ente: lo usano le altre tabelle (ente_id)."),
    ("session", "title"): (TEXT, "Il titolo della sessione."),
    ("phase", "name"): (TEXT, "Il nome della fase."),
    ("contribution", "title"): (TEXT, "Il titolo del contributo."),
    ("contribution", "status"): (TEXT, "Lo stato: sempre «approvato» (pubblico) in questi dati."),
    ("contribution", "organisation_id"): (INTEGER, "L'ente che lo ha scritto (tabella enti)."),
    ("contribution_author", "organisation_id"): (INTEGER, "Un ente autore del contributo (tabella enti)."),
    ("paper_count", "contribution_id"): (
        INTEGER,
        "Il contributo contato (tabella contributi), se il conteggio è su uno.",
    ),
    ("paper_count", "area"): (TEXT, "L'area di bisogno contata (vocabolario aree), se il conteggio è per area."),
    ("seed_item", "type"): (TEXT, "Il tipo della voce (vocabolario tipi_contributo)."),
    ("consolidated_item", "type"): (TEXT, "Il tipo della voce (vocabolario tipi_contributo)."),
    ("consolidated_item", "contribution_id"): (INTEGER, "Il contributo da cui nasce la voce (tabella contributi)."),
    ("ballot", "status"): (TEXT, "Lo stato: «aperta» o «chiusa»."),
    ("ballot_item", "title"): (TEXT, "Il titolo della voce, come votata."),
    ("ballot_item", "contribution_id"): (INTEGER, "Il contributo da cui viene la voce (tabella contributi), se da lì."),
    ("vote", "organisation_id"): (INTEGER, "L'ente della scheda (tabella enti)."),
    ("vote_entry", "value"): (
        NUMBER,
        "Il valore dato alla voce: bollini («punti»), voto da 1 a 5 («valutazione»), posizione in classifica"
        " («ordinamento»), 1 se approvata («approvazione»).",
    ),
    ("ballot_paper", "value"): (NUMBER, "Il conteggio riportato per la voce, come il valore di una scheda."),
    ("reaction", "value"): (TEXT, "La reazione: «accordo», «disaccordo» o «passo»."),
    ("reaction", "organisation_id"): (INTEGER, "L'ente che reagisce (tabella enti)."),
    ("service", "type"): (TEXT, "Il tipo di servizio (vocabolario servizi)."),
    ("service", "status"): (TEXT, "Lo stato: sempre «approvato» (verificato dagli organizzatori) in questi dati."),
    ("service", "organisation_id"): (INTEGER, "L'ente che gestisce il servizio (tabella enti)."),
    ("service_premises", "name"): (TEXT, "La sede: indirizzo o nome."),
    ("ballot_result", "title"): (TEXT, "Il titolo della voce."),
    ("ballot_result", "value"): (
        NUMBER,
        "Il risultato della voce: bollini ricevuti («punti»), quota di approvazioni («approvazione»), punteggio"
        " di Borda medio («ordinamento»), voto medio sulla prima dimensione («valutazione»).",
    ),
    ("observation", "answer"): (TEXT, "La risposta: «accolta», «parzialmente_accolta» o «non_accolta»."),
    ("observation", "organisation_id"): (INTEGER, "L'ente che osserva (tabella enti)."),
    ("observation", "created_at"): (DATETIME, "Quando è stata inviata (UTC, ISO 8601)."),
    ("clarification", "answer"): (TEXT, "La risposta pubblicata."),
    ("floor_turn", "organisation_id"): (INTEGER, "L'ente che è intervenuto (tabella enti)."),
}

# a coded column and the code list its codes come from (its name in vocabolari)
CODED = {
    "legal_form": "forme_giuridiche",
    "field": "attivita_cts",
    "type": "tipi_contributo",
    "list_type": "tipi_contributo",
    "area": "aree",
    "target_group": "destinatari",
    "trend": "tendenze",
    "evidence_source": "fonti_evidenza",
    "nil": "nil",
}
CODED_IN_TABLE = {("service", "type"): "servizi"}
TAXONOMY_OF = {
    "forme_giuridiche": "legal_form",
    "attivita_cts": "activity_field",
    "tipi_contributo": "contribution_type",
    "aree": "area",
    "destinatari": "target_group",
    "tendenze": "trend",
    "fonti_evidenza": "evidence_source",
    "servizi": "service_type",
}


def column(table: str, name: str) -> tuple[str, str, str]:
    """A column's (type, description, code list or '')."""
    kind, text = IN_TABLE.get((table, name)) or COLUMNS[name]
    return kind, text, CODED_IN_TABLE.get((table, name)) or CODED.get(name, "")


def dictionary(tables: dict[str, tuple[str, list[str], list[str]]]) -> list[list]:
    """The data dictionary's rows: table, column, type, code list, description
    (``tables``: name -> (its title in the files, its columns, their headers))."""
    rows = []
    for name, (title, columns, headers) in tables.items():
        rows.append([title, "", "", "", TABLES[name]])
        for name_, header in zip(columns, headers):
            kind, text, codes = column(name, name_)
            rows.append([title, header, kind, codes, text])
    return rows


DICTIONARY_HEADER = ["tabella", "colonna", "tipo", "vocabolario", "descrizione"]
CODE_LIST_HEADER = ["vocabolario", "codice", "etichetta", "etichetta_inglese"]


def code_lists() -> list[list]:
    """Every code the tables use with its labels: the taxonomies, then the NIL."""
    rows = [[name, term.code, term.it, term.en] for name, kind in TAXONOMY_OF.items() for term in taxonomy.terms(kind)]
    rows += [["nil", str(number), nil.name, nil.name] for number, nil in sorted(taxonomy.nils().items())]
    return rows


# -- the dataset ---------------------------------------------------------------------------------

LICENCE_NAME, LICENCE_URL = vocabulary.OPEN_DATA_LICENCE
THEMES = (  # the EU's data themes, as DCAT-AP_IT takes them
    "http://publications.europa.eu/resource/authority/data-theme/SOCI",
    "http://publications.europa.eu/resource/authority/data-theme/GOVE",
    "http://publications.europa.eu/resource/authority/data-theme/HEAL",
)
FORMATS = {  # the EU's file types
    "csv": ("text/csv", "http://publications.europa.eu/resource/authority/file-type/CSV"),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "http://publications.europa.eu/resource/authority/file-type/XLSX",
    ),
    "json": ("application/json", "http://publications.europa.eu/resource/authority/file-type/JSON"),
}
DOCUMENTATION = {
    "dizionario": "Il dizionario dei dati: ogni tabella e ogni colonna.",
    "vocabolari": "I codici usati nelle tabelle, con le loro etichette.",
}
KEYWORDS = ("co-programmazione", "Terzo settore", "domiciliarità", "welfare territoriale", "Milano")


PUBLISHER, PUBLISHER_IPA = vocabulary.OPEN_DATA_PUBLISHER


def _source(process: dict) -> str:
    """Whom to credit: the Comune and, when the percorso names it, its office."""
    return f"{PUBLISHER}, {process['office']}" if process.get("office") else PUBLISHER


Files = dict[str, tuple[str, str]]  # a file's name -> its format (csv, xlsx, json) and its title


def today() -> str:
    """The date of an extraction as the Comune dates it (Milan's calendar day)."""
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(vocabulary.DEADLINE_ZONE)).strftime("%Y-%m-%d")


def metadata(process: dict, files: Files, *, modified: str) -> dict:
    """The dataset in DCAT-AP_IT (JSON-LD), one distribution per file."""
    issued = modified
    publisher = {"@type": ["foaf:Agent", "dcatapit:Agent"], "foaf:name": PUBLISHER, "dct:identifier": PUBLISHER_IPA}
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "dcatapit": "http://dati.gov.it/onto/dcatapit#",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
        },
        "@type": ["dcat:Dataset", "dcatapit:Dataset"],
        "dct:identifier": f"coprog-percorso-{process['id']}",
        "dct:title": {"@language": "it", "@value": f"Co-programmazione: {process['title']}"},
        "dct:description": {
            "@language": "it",
            "@value": (
                f"I dati aperti del percorso di co-programmazione «{process['title']}» (art. 55 del Codice del"
                " Terzo settore): enti ammessi, sessioni, presenze, bisogni e proposte pubblicati, votazioni e"
                " risultati, offerta di servizi, osservazioni alla bozza e chiarimenti. Senza dati personali dei"
                " delegati."
            ),
        },
        "dct:publisher": publisher,
        "dct:rightsHolder": publisher,
        "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": _source(process)},
        "dct:license": {"@id": LICENCE_URL, "@type": "dct:LicenseDocument", "foaf:name": LICENCE_NAME},
        "dct:issued": issued,
        "dct:modified": issued,
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/ITA"},
        "dct:accrualPeriodicity": {"@id": "http://publications.europa.eu/resource/authority/frequency/IRREG"},
        "dcat:theme": [{"@id": theme} for theme in THEMES],
        "dcat:keyword": list(KEYWORDS),
        "dct:spatial": {"@type": "dct:Location", "foaf:name": "Milano"},
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": process.get("start_date") or "",
            "dcat:endDate": process.get("end_date") or "",
        },
        "dcat:distribution": [
            {
                "@type": ["dcat:Distribution", "dcatapit:Distribution"],
                "dct:title": title,
                "dcat:downloadURL": name,
                "dcat:mediaType": FORMATS[fmt][0],
                "dct:format": {"@id": FORMATS[fmt][1]},
                "dct:license": {"@id": LICENCE_URL},
            }
            for name, (fmt, title) in files.items()
        ],
    }


def readme(process: dict, files: Files, *, modified: str, heading: str = "File:") -> str:
    """The files (or the sheets) explained in plain Italian: what they are, how the
    tables link, the licence."""
    lines = [
        f"Dati aperti del percorso di co-programmazione «{process['title']}»",
        f"Titolare: {_source(process)}. Estratti il {modified}.",
        "",
        f"Licenza: {LICENCE_NAME} ({LICENCE_URL}). Citare la fonte: {_source(process)}.",
        "",
        "Contengono soltanto ciò che è pubblico: gli enti ammessi, i contributi approvati, le votazioni aperte o",
        "chiuse. Non contengono dati personali dei delegati (nomi, e-mail, codici): le schede, le presenze e",
        "gli interventi sono per ente.",
        "",
        "Come si collegano le tabelle: ogni riga ha un «id»; le colonne che finiscono in «_id» rimandano",
        "all'id di un'altra tabella (ente_id alla tabella enti, sessione_id alle sessioni, e così via).",
        "Date e ore sono in UTC (ISO 8601), salvo le date di percorso e sessione e l'arrivo dei chiarimenti",
        "(ora di Milano): il dizionario lo dice colonna per colonna.",
        "I codici (aree, destinatari, attività, forme giuridiche, servizi, NIL) sono spiegati nei vocabolari",
        "(vocabolari.csv, o il foglio «vocabolari»); ogni colonna è descritta nel dizionario (dizionario.csv, o il",
        "foglio «dizionario»). I metadati DCAT-AP_IT sono in metadati.json.",
        "",
        heading,
        *(f"  {name}: {title}" for name, (_fmt, title) in files.items()),
    ]
    return "\n".join(lines) + "\n"


def metadata_json(process: dict, files: Files, *, modified: str) -> str:
    return json.dumps(metadata(process, files, modified=modified), ensure_ascii=False, indent=2)
