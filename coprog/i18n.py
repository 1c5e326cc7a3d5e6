"""The one catalogue of interface texts (Italian and English) and the
number/date formats of each language.

Every key has both languages (a unit test checks it); ``t()`` falls back to
Italian, then to the key itself, so a missing text is visible, never a crash.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

LANGUAGES = {"it": "Italiano", "en": "English"}
DEFAULT_LANG = "it"
LOCALES = {"it": "it_IT", "en": "en_GB"}
TZ = ZoneInfo("Europe/Rome")

M: dict[str, tuple[str, str]] = {
    # -- app and navigation
    "app.title": ("Co-programmazione domiciliarità", "Co-programming home care"),
    "app.language": ("Lingua", "Language"),
    "nav.home": ("Accesso", "Sign in"),
    "nav.participate": ("Partecipa", "Take part"),
    "nav.my_contributions": ("I miei contributi", "My contributions"),
    "nav.board": ("Tabellone", "Live board"),
    "nav.console": ("Conduzione", "Facilitation"),
    "nav.organise": ("Organizzazione", "Organisation"),
    "nav.logout": ("Esci e dimentica questo dispositivo", "Sign out and forget this device"),
    # -- home / sign in
    "home.heading": ("Co-programmazione dei servizi domiciliari", "Co-programming home-care services"),
    "home.intro": (
        "Percorso di co-programmazione (art. 55 del Codice del Terzo settore) tra il Comune di Milano "
        "e gli enti del Terzo settore. Entra con il codice personale che trovi sul tuo invito.",
        "Co-programming process (art. 55 of the Third Sector Code) between the Comune di Milano and "
        "Third Sector organisations. Sign in with the personal code printed on your invitation."),
    "home.code_label": ("Codice personale (es. K7QM-4XPT-9HRW)", "Personal code (e.g. K7QM-4XPT-9HRW)"),
    "home.code_help": ("Maiuscole, minuscole e trattini non contano.",
                       "Upper/lower case and dashes do not matter."),
    "home.enter": ("Entra", "Sign in"),
    "home.welcome": ("Benvenuta/o, {name} ({organisation}).", "Welcome, {name} ({organisation})."),
    "home.remember": ("Resta collegato su questo dispositivo", "Stay signed in on this device"),
    "home.remember_help": (
        "Apre il tuo link personale: questo browser ti riconoscerà anche se ricarichi la pagina.",
        "Opens your personal link: this browser will recognise you even after a reload."),
    "home.remember_staff_help": (
        "Apre un link valido un minuto: questo browser resterà collegato come staff per la giornata.",
        "Opens a link valid for one minute: this browser stays signed in as staff for the day."),
    "home.go_participate": ("Vai a Partecipa", "Go to Take part"),
    "home.staff": ("Accesso staff (facilitatori e organizzatori)", "Staff sign-in (facilitators and organisers)"),
    "home.password": ("Password staff", "Staff password"),
    "home.staff_enter": ("Entra come staff", "Sign in as staff"),
    "home.staff_not_configured": (
        "Accesso staff non configurato: impostare COPROG_ADMIN_PASSWORD (hash) nell'ambiente o in secrets.toml.",
        "Staff sign-in is not configured: set COPROG_ADMIN_PASSWORD (a hash) in the environment or secrets.toml."),
    "home.wrong_password": ("Password errata.", "Wrong password."),
    "home.signed_in_as": ("Sei collegato come {who}.", "You are signed in as {who}."),
    "home.join_error": ("Il link di invito non è valido o è stato revocato. Inserisci il codice qui sotto.",
                        "The invitation link is not valid or was revoked. Type your code below."),
    "role.organizzatore": ("organizzatore", "organiser"),
    "role.facilitatore": ("facilitatore", "facilitator"),
    # -- access errors
    "access.unknown_code": ("Codice non riconosciuto. Controlla il tuo invito e riprova.",
                            "Code not recognised. Check your invitation and try again."),
    "access.throttled": ("Troppi tentativi errati. Riprova tra {seconds} secondi.",
                         "Too many wrong attempts. Try again in {seconds} seconds."),
    "auth.staff_only": ("Questa pagina è riservata allo staff.", "This page is for staff only."),
    "auth.delegate_only": ("Entra con il tuo codice personale per partecipare.",
                           "Sign in with your personal code to take part."),
    "auth.not_yours": ("Puoi modificare solo i tuoi contributi.", "You can only change your own contributions."),
    # -- participate
    "part.heading": ("Partecipa", "Take part"),
    "part.you_are": ("**{name}** per **{organisation}**", "**{name}** for **{organisation}**"),
    "part.join_label": ("Codice della sessione (lo vedi sullo schermo)", "Session code (shown on the screen)"),
    "part.join": ("Unisciti alla sessione", "Join the session"),
    "part.choose_session": ("Sessione", "Session"),
    "part.session": ("Sessione: **{title}**", "Session: **{title}**"),
    "part.phase": ("Fase in corso: **{phase}**", "Current phase: **{phase}**"),
    "part.no_phase": ("Nessuna fase avviata.", "No phase started yet."),
    "part.open_for": ("Puoi inviare: {types}", "You can submit: {types}"),
    "part.closed": ("In questa fase non si inviano contributi. Attendi le indicazioni del facilitatore.",
                    "No contributions in this phase. Wait for the facilitator."),
    "part.change_session": ("Cambia sessione", "Change session"),
    "part.joined": ("Sei nella sessione «{title}».", "You joined «{title}»."),
    "part.type": ("Tipo di contributo", "Contribution type"),
    "part.saved": ("Contributo salvato. Grazie!", "Contribution saved. Thank you!"),
    "part.saved_moderated": ("Contributo salvato: sarà visibile dopo l'approvazione del facilitatore.",
                             "Contribution saved: it will be visible once the facilitator approves it."),
    "part.keep_text": ("Il testo non è stato salvato: copialo da qui per non perderlo.",
                       "The text was not saved: copy it from here so you do not lose it."),
    "part.phase_changed": (
        "Il facilitatore ha cambiato fase: invia o copia il tuo testo, poi aggiorna la pagina.",
        "The facilitator changed phase: submit or copy your text, then refresh."),
    "part.refresh": ("Aggiorna", "Refresh"),
    "part.others": ("Contributi della sessione", "Contributions in this session"),
    "part.no_others": ("Ancora nessun contributo visibile.", "No visible contributions yet."),
    # -- forms
    "form.need": ("Segnala un bisogno", "Log a need"),
    "form.proposal": ("Proponi: {type}", "Propose: {type}"),
    "form.title": ("Titolo (breve sintesi)", "Title (short summary)"),
    "form.body_need": ("Descrizione (facoltativa)", "Description (optional)"),
    "form.body": ("Testo della proposta", "Text of the proposal"),
    "form.area": ("Area di bisogno", "Area of need"),
    "form.target": ("Destinatari", "Target group"),
    "form.citywide": ("Riguarda tutta la città", "Concerns the whole city"),
    "form.municipi": ("Municipi", "Municipi"),
    "form.nils": ("Quartieri (NIL, facoltativo)", "Neighbourhoods (NIL, optional)"),
    "form.intensity": ("Intensità (1 = lieve, 5 = molto grave)", "Intensity (1 = mild, 5 = very severe)"),
    "form.trend": ("Andamento", "Trend"),
    "form.evidence": ("Evidenze (facoltativo): su cosa si basa?", "Evidence (optional): what is it based on?"),
    "form.evidence_source": ("Tipo di fonte", "Source type"),
    "form.submit": ("Invia", "Submit"),
    "form.choose": ("Scegli una o più voci", "Choose one or more"),
    "form.save": ("Salva modifiche", "Save changes"),
    "form.withdraw": ("Ritira", "Withdraw"),
    "form.withdrawn": ("Contributo ritirato.", "Contribution withdrawn."),
    "form.updated": ("Modifiche salvate.", "Changes saved."),
    "form.chars_left": ("Massimo {max} caratteri.", "At most {max} characters."),
    # -- my contributions
    "mine.heading": ("I miei contributi", "My contributions"),
    "mine.none": ("Non hai ancora inviato contributi.", "You have not submitted anything yet."),
    "mine.locked": ("Fase chiusa: non più modificabile.", "Phase closed: can no longer be changed."),
    "mine.status": ("Stato: {status}", "Status: {status}"),
    "status.nuovo": ("in attesa di approvazione", "awaiting approval"),
    "status.approvato": ("visibile", "visible"),
    "status.nascosto": ("nascosto dal facilitatore", "hidden by the facilitator"),
    "status.ritirato": ("ritirato", "withdrawn"),
    # -- board
    "board.heading": ("Tabellone dal vivo", "Live board"),
    "board.session": ("Sessione", "Session"),
    "board.all_sessions": ("Tutte le sessioni", "All sessions"),
    "board.needs_total": ("Bisogni segnalati", "Needs logged"),
    "board.organisations": ("Organizzazioni presenti", "Organisations present"),
    "board.contributions": ("Contributi", "Contributions"),
    "board.by_area": ("Bisogni per area", "Needs by area"),
    "board.by_municipio": ("Bisogni per Municipio", "Needs by Municipio"),
    "board.count": ("Numero di bisogni", "Number of needs"),
    "board.citywide": ("Tutta la città", "Whole city"),
    "board.method": (
        "Metodo: contano i bisogni visibili. Un bisogno che indica più Municipi è contato una volta in "
        "ciascuno; i bisogni riferiti a tutta la città sono una barra a parte e non sono ripartiti. "
        "Confini: Comune di Milano, CC BY 4.0.",
        "Method: visible needs are counted. A need naming several Municipi counts once in each; "
        "city-wide needs are a separate bar and are not spread over the Municipi. "
        "Boundaries: Comune di Milano, CC BY 4.0."),
    "board.paper": ("Conteggi da carta e alzata di mano (a parte, non sommati ai portatili)",
                    "Counts from paper and show of hands (kept apart from laptop counts)"),
    "board.latest": ("Ultimi contributi", "Latest contributions"),
    "board.updated": ("Aggiornato alle {time}", "Updated at {time}"),
    "board.map_alt": ("Tabella dei bisogni per Municipio", "Table of needs by Municipio"),
    "board.no_process": ("Nessun percorso nel database. Avvia `python -m coprog demo`.",
                         "No process in the database. Run `python -m coprog demo`."),
    # -- console
    "console.heading": ("Conduzione della sessione", "Running the session"),
    "console.join_code": ("Codice per entrare: **{code}**", "Join code: **{code}**"),
    "console.phases": ("Fasi", "Phases"),
    "console.current": ("Fase in corso", "Current phase"),
    "console.set_current": ("Rendi corrente", "Make current"),
    "console.open": ("Apri i contributi", "Open contributions"),
    "console.close": ("Chiudi i contributi", "Close contributions"),
    "console.is_open": ("Contributi aperti", "Contributions open"),
    "console.is_closed": ("Contributi chiusi", "Contributions closed"),
    "console.no_types": ("Questa fase non raccoglie contributi.", "This phase collects no contributions."),
    "console.present": ("Presenti: {organisations} organizzazioni, {delegates} delegati",
                        "Present: {organisations} organisations, {delegates} delegates"),
    "console.done": ("Fatto.", "Done."),
    "console.qr_alt": ("QR per entrare nella sessione {code}", "QR code to join session {code}"),
    "console.qr_help": ("Inquadra il QR con il telefono (dopo aver aperto il tuo invito) o inserisci il codice.",
                        "Scan the QR with your phone (after opening your invitation) or type the code."),
    # -- organise
    "org.heading": ("Organizzazione del percorso", "Process organisation"),
    "org.process": ("Percorso", "Process"),
    "org.sessions": ("Sessioni", "Sessions"),
    "org.organisations": ("Enti del Terzo settore", "Third Sector organisations"),
    "org.delegates": ("Delegati", "Delegates"),
    "org.audit": ("Registro delle operazioni", "Audit log"),
    "org.reissue": ("Nuovo codice", "New code"),
    "org.revoke": ("Revoca codice", "Revoke code"),
    "org.delegate": ("Delegato", "Delegate"),
    "org.new_code": ("Nuovo codice per {name}: {code}", "New code for {name}: {code}"),
    "org.revoked": ("Codice revocato.", "Code revoked."),
    "org.download_invites": ("Scarica gli inviti (CSV)", "Download invitations (CSV)"),
    "org.col.name": ("Nome", "Name"),
    "org.col.organisation": ("Organizzazione", "Organisation"),
    "org.col.role": ("Ruolo", "Role"),
    "org.col.code": ("Codice", "Code"),
    "org.col.revoked": ("Revocato", "Revoked"),
    "org.col.kind": ("Tipo", "Type"),
    "org.col.title": ("Titolo", "Title"),
    "org.col.date": ("Data", "Date"),
    "org.col.place": ("Luogo", "Place"),
    "org.col.join_code": ("Codice sessione", "Session code"),
    "org.col.phase": ("Fase", "Phase"),
    "org.col.cf": ("Codice fiscale", "Tax code"),
    "org.col.runts": ("N. RUNTS", "RUNTS no."),
    "org.col.form": ("Forma giuridica", "Legal form"),
    "org.col.municipi": ("Municipi", "Municipi"),
    "org.col.fields": ("Attività (art. 5)", "Activities (art. 5)"),
    "org.col.delegates": ("Delegati", "Delegates"),
    "org.col.at": ("Quando", "When"),
    "org.col.who": ("Chi", "Who"),
    "org.col.action": ("Azione", "Action"),
    "org.col.entity": ("Oggetto", "Object"),
    "kind.plenaria": ("Plenaria", "Plenary"),
    "kind.tavolo": ("Tavolo di lavoro", "Working table"),
    # -- errors and validation
    "error.busy": ("Il sistema è molto occupato: riprova tra qualche secondo. Nulla è stato salvato.",
                   "The system is very busy: try again in a few seconds. Nothing was saved."),
    "error.generic": ("Si è verificato un errore: nulla è stato salvato.", "Something went wrong: nothing was saved."),
    "session.unknown": ("Sessione sconosciuta.", "Unknown session."),
    "session.unknown_code": ("Codice di sessione non riconosciuto.", "Session code not recognised."),
    "phase.unknown": ("Fase sconosciuta.", "Unknown phase."),
    "delegate.unknown": ("Delegato sconosciuto.", "Unknown delegate."),
    "contribution.unknown": ("Contributo sconosciuto.", "Unknown contribution."),
    "contribution.phase_closed": (
        "La fase è stata chiusa: il contributo non è stato salvato.",
        "The phase has been closed: the contribution was not saved."),
    "contribution.merged": ("Il contributo è stato unito a un altro dal facilitatore.",
                            "The contribution was merged into another by the facilitator."),
    "contribution.on_behalf_needs_org": ("Indica l'organizzazione per conto della quale inserisci il contributo.",
                                         "Choose the organisation on whose behalf you add the contribution."),
    "contribution.withdrawn": ("Il contributo è già stato ritirato.", "The contribution was already withdrawn."),
    "validation.required": ("{field}: campo obbligatorio.", "{field}: required."),
    "validation.too_short": ("{field}: almeno {min} caratteri.", "{field}: at least {min} characters."),
    "validation.too_long": ("{field}: al massimo {max} caratteri (ora {length}).",
                            "{field}: at most {max} characters (now {length})."),
    "validation.unknown_value": ("{field}: valore non previsto «{value}».", "{field}: unexpected value «{value}»."),
    "validation.not_a_number": ("{field}: «{value}» non è un numero intero.", "{field}: «{value}» is not a whole number."),
    "validation.out_of_range": ("{field}: deve essere tra {low} e {high}.", "{field}: must be between {low} and {high}."),
    "validation.email": ("{field}: indirizzo email non valido.", "{field}: invalid email address."),
    "validation.fiscal_code": ("{field}: codice fiscale non valido «{value}» (controlla le cifre).",
                               "{field}: invalid tax code «{value}» (check the digits)."),
    "validation.duplicate_fiscal_code": ("{field}: l'ente con codice fiscale {value} è già registrato.",
                                         "{field}: an organisation with tax code {value} is already registered."),
    "validation.duplicate_row": ("{field}: riga duplicata (uguale alla riga {other}).",
                                 "{field}: duplicate row (same as row {other})."),
    "validation.inconsistent_org": ("{field}: stesso codice fiscale della riga {other} ma dati dell'ente diversi.",
                                    "{field}: same tax code as row {other} but different organisation data."),
    "validation.unknown_municipio": ("{field}: Municipio sconosciuto «{value}» (ammessi 1-9).",
                                     "{field}: unknown Municipio «{value}» (1-9 allowed)."),
    "validation.unknown_nil": ("{field}: quartiere (NIL) sconosciuto «{value}».", "{field}: unknown neighbourhood (NIL) «{value}»."),
    "validation.unknown_activity": ("{field}: attività art. 5 sconosciuta «{value}» (ammesse a-z).",
                                    "{field}: unknown art. 5 activity «{value}» (a-z allowed)."),
    "validation.territory_required": ("{field}: indica almeno un Municipio o «tutta la città».",
                                      "{field}: choose at least one Municipio or «whole city»."),
    "validation.nil_outside": ("{field}: il quartiere {nil} non è nei Municipi scelti.",
                               "{field}: neighbourhood {nil} is not in the chosen Municipi."),
    "validation.dates_order": ("{field}: la data di fine precede l'inizio.", "{field}: the end date is before the start."),
    "validation.missing_columns": ("Colonne mancanti nel file: {columns}.", "Columns missing from the file: {columns}."),
    "validation.bad_file": ("File non leggibile: {reason}.", "Unreadable file: {reason}."),
    "validation.empty_file": ("Il file non contiene righe.", "The file contains no rows."),
    # field names used in messages
    "field.title": ("Titolo", "Title"),
    "field.body": ("Testo", "Text"),
    "field.area": ("Area", "Area"),
    "field.target_group": ("Destinatari", "Target group"),
    "field.intensity": ("Intensità", "Intensity"),
    "field.trend": ("Andamento", "Trend"),
    "field.evidence": ("Evidenze", "Evidence"),
    "field.evidence_source": ("Tipo di fonte", "Source type"),
    "field.municipi": ("Municipi", "Municipi"),
    "field.nils": ("Quartieri", "Neighbourhoods"),
    "field.type": ("Tipo", "Type"),
    "field.name": ("Denominazione", "Name"),
    "field.codice_fiscale": ("Codice fiscale", "Tax code"),
    "field.runts_number": ("Numero RUNTS", "RUNTS number"),
    "field.legal_form": ("Forma giuridica", "Legal form"),
    "field.email": ("Email", "Email"),
    "field.phone": ("Telefono", "Phone"),
    "field.activity_fields": ("Attività", "Activities"),
    "field.delegate_name": ("Nome del delegato", "Delegate name"),
    "field.delegate_role": ("Ruolo del delegato", "Delegate role"),
    "field.delegate_email": ("Email del delegato", "Delegate email"),
    "field.description": ("Descrizione", "Description"),
    "field.office": ("Ufficio responsabile", "Responsible office"),
    "field.kind": ("Tipo di sessione", "Session type"),
    "field.theme": ("Tema", "Theme"),
    "field.place": ("Luogo", "Place"),
    "field.end_date": ("Data di fine", "End date"),
    "field.file": ("File", "File"),
    # -- facilitation (console, agenda, timer)
    "nav.moderation": ("Moderazione", "Moderation"),
    "nav.attendance": ("Presenze", "Attendance"),
    "nav.hybrid": ("Inserimento", "Manual input"),
    "nav.projector": ("Proiettore", "Projector"),
    "console.no_sessions": ("Nessuna sessione assegnata a te. Chiedi a un organizzatore.",
                            "No session is assigned to you. Ask an organiser."),
    "console.open_voting": ("Apri il voto", "Open voting"),
    "console.close_voting": ("Chiudi il voto", "Close voting"),
    "console.voting_help": ("Le schede di voto arrivano con la funzione di prioritizzazione.",
                            "Ballots come with the prioritisation feature."),
    "console.show_results": ("Mostra i risultati sul proiettore", "Show results on the projector"),
    "console.hide_results": ("Nascondi i risultati", "Hide results"),
    "console.voting_is_open": ("voto aperto", "voting open"),
    "console.voting_is_closed": ("voto chiuso", "voting closed"),
    "console.results_shown": ("risultati visibili sul proiettore", "results shown on the projector"),
    "console.results_hidden": ("risultati nascosti", "results hidden"),
    "console.board_view": ("Grafico sul proiettore", "Chart on the projector"),
    "console.timer": ("Timer", "Timer"),
    "console.minutes": ("Minuti", "Minutes"),
    "console.timer_set": ("Imposta", "Set"),
    "console.timer_start": ("Avvia", "Start"),
    "console.timer_pause": ("Pausa", "Pause"),
    "console.timer_reset": ("Azzera", "Reset"),
    "view.auto": ("A rotazione", "Rotating"),
    "view.aree": ("Aree", "Areas"),
    "view.mappa": ("Mappa", "Map"),
    "view.municipi": ("Municipi", "Municipi"),
    "view.contributi": ("Contributi", "Contributions"),
    "agenda.heading": ("Modifica le fasi", "Edit the phases"),
    "agenda.up": ("Sposta prima", "Move earlier"),
    "agenda.down": ("Sposta dopo", "Move later"),
    "agenda.remove": ("Rimuovi la fase", "Remove the phase"),
    "agenda.edit": ("Rinomina", "Rename"),
    "agenda.name": ("Nome della fase", "Phase name"),
    "agenda.new_name": ("Nuova fase", "New phase"),
    "agenda.types": ("Contributi raccolti", "Contributions collected"),
    "agenda.add": ("Aggiungi la fase", "Add the phase"),
    "phase.too_many": ("Al massimo {max} fasi per sessione.", "At most {max} phases per session."),
    "phase.is_current": ("Non si può rimuovere la fase in corso.", "The current phase cannot be removed."),
    "phase.has_contributions": ("La fase contiene contributi: non si può rimuovere.",
                                "The phase holds contributions: it cannot be removed."),
    "auth.not_assigned": ("Questa sessione non ti è assegnata.", "This session is not assigned to you."),
    "auth.organiser_only": ("Solo gli organizzatori possono farlo.", "Only organisers can do this."),
    # -- moderation
    "mod.heading": ("Moderazione", "Moderation"),
    "mod.mode_open": ("Sessione aperta: i contributi sono visibili subito.",
                      "Open session: contributions are visible at once."),
    "mod.mode_moderated": ("Sessione moderata: i contributi sono visibili dopo l'approvazione.",
                           "Moderated session: contributions are visible after approval."),
    "mod.filter": ("Mostra", "Show"),
    "mod.moderated_toggle": ("Sessione moderata", "Moderated session"),
    "mod.count": ("{n} contributi", "{n} contributions"),
    "mod.authors": ("Autori: {names}", "Authors: {names}"),
    "mod.hidden_because": ("Nascosto perché: {reason}", "Hidden because: {reason}"),
    "mod.approve": ("Approva", "Approve"),
    "mod.pin": ("Fissa in alto", "Pin"),
    "mod.unpin": ("Sblocca", "Unpin"),
    "mod.hide": ("Nascondi", "Hide"),
    "mod.reason": ("Motivo (visibile nel registro)", "Reason (kept in the log)"),
    "mod.edit": ("Correggi", "Correct"),
    "mod.correct": ("Salva la correzione", "Save the correction"),
    "mod.recategorise": ("Salva la nuova categoria", "Save the new category"),
    "mod.duplicates": ("Possibili doppioni", "Likely duplicates"),
    "mod.duplicates_help": ("Coppie dello stesso tipo e della stessa area con testi simili.",
                            "Pairs of the same type and area with similar texts."),
    "mod.no_duplicates": ("Nessun doppione probabile.", "No likely duplicates."),
    "mod.pair": ("Somiglianza {score}%", "Similarity {score}%"),
    "mod.merge": ("Unisci {other} in #{keep}", "Merge {other} into #{keep}"),
    "moderation.nothing_to_merge": ("Scegli almeno un contributo da unire.", "Choose at least one contribution to merge."),
    "moderation.merge_mismatch": ("Si uniscono solo contributi dello stesso tipo e della stessa sessione.",
                                  "Only contributions of the same type and session can be merged."),
    "moderation.only_needs": ("Solo i bisogni hanno area e territorio.", "Only needs have an area and territory."),
    "moderation.unknown_action": ("Azione di moderazione sconosciuta.", "Unknown moderation action."),
    "moderation.already_undone": ("Questa azione è già stata annullata.", "This action was already undone."),
    "modaction.approva": ("approvato", "approved"),
    "modaction.nasconde": ("nascosto", "hidden"),
    "modaction.corregge": ("corretto", "corrected"),
    "modaction.ricategorizza": ("ricategorizzato", "re-categorised"),
    "modaction.fissa": ("fissato", "pinned"),
    "modaction.sblocca": ("sbloccato", "unpinned"),
    "modaction.unisce": ("uniti", "merged"),
    # -- attendance
    "att.heading": ("Registro presenze", "Attendance register"),
    "att.in": ("Entrata", "In"),
    "att.out": ("Uscita", "Out"),
    "att.mode": ("Modalità", "Mode"),
    "att.represents": ("Delega per", "Speaks for"),
    "att.represents_label": ("Parla anche per (delega)", "Also speaks for (delegation)"),
    "att.nobody": ("Nessuna delega", "No delegation"),
    "att.entered_by": ("Registrato da", "Entered by"),
    "att.check_in": ("Registra l'entrata", "Check in"),
    "att.check_out": ("Registra l'uscita", "Check out"),
    "mode.presenza": ("In presenza", "In person"),
    "mode.online": ("Online", "Online"),
    "entered.link": ("link personale", "personal link"),
    "entered.facilitatore": ("facilitatore", "facilitator"),
    "attendance.bad_mode": ("Modalità non prevista.", "Unknown mode."),
    "attendance.not_in": ("La persona non risulta presente.", "The person is not checked in."),
    "organisation.unknown": ("Organizzazione sconosciuta.", "Unknown organisation."),
    "facilitator.unknown": ("Facilitatore sconosciuto.", "Unknown facilitator."),
    # -- hybrid input
    "hyb.heading": ("Inserimento dal facilitatore", "Input by the facilitator"),
    "hyb.on_behalf": ("Contributo per conto di un'organizzazione", "Contribution on behalf of an organisation"),
    "hyb.present_first": ("Prima le organizzazioni presenti.", "Organisations present first."),
    "hyb.source": ("Fonte", "Source"),
    "hyb.counts": ("Conteggi da carta o alzata di mano", "Counts from paper or a show of hands"),
    "hyb.counted": ("Che cosa è stato contato", "What was counted"),
    "hyb.target.area": ("Un'area di bisogno", "An area of need"),
    "hyb.target.contribution": ("Un contributo", "A contribution"),
    "hyb.count": ("Numero", "Count"),
    "hyb.note": ("Nota", "Note"),
    "hyb.save_count": ("Registra il conteggio", "Record the count"),
    "hybrid.target_required": ("{field}: indica un'area oppure un contributo.", "{field}: choose an area or a contribution."),
    "source.laptop": ("portatile", "laptop"),
    "source.facilitatore": ("inserito dal facilitatore", "entered by the facilitator"),
    "source.carta": ("da carta", "from paper"),
    "source.alzata_di_mano": ("alzata di mano", "show of hands"),
    # -- projector
    "projector.settings": ("Impostazioni del proiettore · F11 per lo schermo intero",
                           "Projector settings · F11 for full screen"),
    "projector.fullscreen": ("Premi F11 (o ⌃⌘F su Mac) per lo schermo intero.", "Press F11 (or ⌃⌘F on a Mac) for full screen."),
    "projector.all_tables": ("Plenaria: tutti i tavoli", "Plenary: all tables"),
    "projector.connected": ("Delegati collegati", "Delegates connected"),
    "projector.votes": ("Voti", "Votes"),
    "projector.results_hidden": ("I risultati saranno mostrati dal facilitatore.", "The facilitator will reveal the results."),
    "projector.table_line": ("{organisations} organizzazioni, {contributions} contributi",
                             "{organisations} organisations, {contributions} contributions"),
    # -- organisers: facilitators and moderation log
    "org.facilitators": ("Facilitatori", "Facilitators"),
    "org.moderation": ("Moderazione", "Moderation"),
    "org.facilitator_name": ("Facilitatore", "Facilitator"),
    "org.add_facilitator": ("Aggiungi il facilitatore", "Add the facilitator"),
    "org.assign": ("Assegna le sessioni", "Assign the sessions"),
    "org.facilitator_link_help": ("Link personali dei facilitatori (aprono la conduzione delle sessioni assegnate):",
                                  "Facilitators' personal links (they open the console of their sessions):"),
    "org.no_moderation": ("Nessuna azione di moderazione.", "No moderation actions."),
    "org.before": ("prima", "before"),
    "org.after": ("dopo", "after"),
    "org.undo": ("Annulla", "Undo"),
    "org.col.delegate": ("Delegato", "Delegate"),
    "field.phase_name": ("Nome della fase", "Phase name"),
    "field.contribution_types": ("Contributi raccolti", "Contributions collected"),
    "field.hidden_reason": ("Motivo", "Reason"),
    "field.minutes": ("Minuti", "Minutes"),
    "field.count": ("Numero", "Count"),
    "field.source": ("Fonte", "Source"),
    "field.note": ("Nota", "Note"),
    "field.board_view": ("Grafico", "Chart"),
    "field.merge": ("Unione", "Merge"),
}


def t(key: str, lang: str = DEFAULT_LANG, **params) -> str:
    """The text for ``key`` in ``lang`` with ``{params}`` filled in."""
    pair = M.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def error_messages(exc, lang: str = DEFAULT_LANG) -> list[str]:
    """Every message carried by a CoprogError (one per problem for ValidationError)."""
    problems = getattr(exc, "problems", None) or [("", exc.key, getattr(exc, "params", {}))]
    messages = []
    for field, key, params in problems:
        field_label = t(f"field.{field}", lang) if field else ""
        messages.append(t(key, lang, field=field_label, **params).lstrip(": "))
    return messages


def number(value, lang: str = DEFAULT_LANG, digits: int | None = None) -> str:
    fmt = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=fmt, locale=LOCALES.get(lang, "it_IT"))


def when(value, lang: str = DEFAULT_LANG, *, with_time: bool = True) -> str:
    """An ISO timestamp (UTC, as stored) or a date, in local Milan time."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        if len(value) == 10:
            value = date.fromisoformat(value)
        else:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    locale = LOCALES.get(lang, "it_IT")
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        value = value.astimezone(TZ)
        if with_time:
            return format_datetime(value, "dd/MM/yyyy HH:mm", locale=locale)
        value = value.date()
    return format_date(value, "dd/MM/yyyy" if lang == "it" else "d MMM yyyy", locale=locale)


def clock(lang: str = DEFAULT_LANG) -> str:
    return format_datetime(datetime.now(TZ), "HH:mm:ss", locale=LOCALES.get(lang, "it_IT"))
