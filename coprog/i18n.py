"""The one catalogue of interface texts (Italian and English) and the
number/date formats of each language.

Every key has both languages (a unit test checks it); ``t()`` falls back to
Italian, then to the key itself, so a missing text is visible, never a crash.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
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
        "Third Sector organisations. Sign in with the personal code printed on your invitation.",
    ),
    "home.code_label": ("Codice personale (es. K7QM-4XPT-9HRW)", "Personal code (e.g. K7QM-4XPT-9HRW)"),
    "home.code_help": ("Maiuscole, minuscole e trattini non contano.", "Upper/lower case and dashes do not matter."),
    "home.enter": ("Entra", "Sign in"),
    "home.remember": ("Resta collegato su questo dispositivo", "Stay signed in on this device"),
    "home.remember_help": (
        "Apre il tuo link personale: questo browser ti riconoscerà anche se ricarichi la pagina.",
        "Opens your personal link: this browser will recognise you even after a reload.",
    ),
    "home.remember_staff_help": (
        "Apre un link valido un minuto: questo browser resterà collegato come staff per la giornata.",
        "Opens a link valid for one minute: this browser stays signed in as staff for the day.",
    ),
    "home.go_participate": ("Vai a Partecipa", "Go to Take part"),
    "home.staff": ("Accesso staff (facilitatori e organizzatori)", "Staff sign-in (facilitators and organisers)"),
    "home.password": ("Password staff", "Staff password"),
    "home.staff_enter": ("Entra come staff", "Sign in as staff"),
    "home.staff_not_configured": (
        "Accesso staff non configurato: impostare COPROG_ADMIN_PASSWORD (hash) nell'ambiente o in secrets.toml.",
        "Staff sign-in is not configured: set COPROG_ADMIN_PASSWORD (a hash) in the environment or secrets.toml.",
    ),
    "signin.going": ("Accesso in corso…", "Signing in…"),
    "signin.for_staff": (
        "La pagina «{page}» è riservata allo staff: entra con la password staff o con il tuo"
        " codice personale di facilitatore, e si aprirà.",
        "The page «{page}» is for staff: sign in with the staff password or your personal"
        " facilitator code, and it will open.",
    ),
    "signin.for_organizzatori": (
        "La pagina «{page}» è riservata agli organizzatori: entra con la loro password.",
        "The page «{page}» is for organisers: sign in with their password.",
    ),
    "signin.for_delegates": (
        "La pagina «{page}» è per i delegati degli enti ammessi: entra con il tuo codice personale.",
        "The page «{page}» is for the delegates of admitted organisations: sign in with your personal code.",
    ),
    "home.wrong_password": ("Password errata.", "Wrong password."),
    "home.signed_in_as": ("Sei collegato come {who}.", "You are signed in as {who}."),
    "home.refused_who": ("{who}:", "{who}:"),
    "home.join_error": (
        "Il link di invito non è valido o è stato revocato. Inserisci il codice qui sotto.",
        "The invitation link is not valid or was revoked. Type your code below.",
    ),
    "role.organizzatore": ("organizzatore", "organiser"),
    "role.facilitatore": ("facilitatore", "facilitator"),
    # -- access errors
    "access.unknown_code": (
        "Codice non riconosciuto. Controlla il tuo invito e riprova.",
        "Code not recognised. Check your invitation and try again.",
    ),
    "access.throttled": (
        "Troppi tentativi errati. Riprova tra {seconds} secondi.",
        "Too many wrong attempts. Try again in {seconds} seconds.",
    ),
    "auth.staff_only": ("Questa pagina è riservata allo staff.", "This page is for staff only."),
    "auth.delegate_only": (
        "Entra con il tuo codice personale per partecipare.",
        "Sign in with your personal code to take part.",
    ),
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
    "part.closed": (
        "In questa fase non si inviano contributi. Attendi le indicazioni del facilitatore.",
        "No contributions in this phase. Wait for the facilitator.",
    ),
    "part.change_session": ("Cambia sessione", "Change session"),
    "part.joined": ("Sei nella sessione «{title}».", "You joined «{title}»."),
    "part.type": ("Tipo di contributo", "Contribution type"),
    "part.saved": ("Contributo salvato. Grazie!", "Contribution saved. Thank you!"),
    "part.last_saved": (
        "Ultimo tuo contributo salvato qui: «{title}», alle {time}.",
        "Your last contribution saved here: “{title}”, at {time}.",
    ),
    "part.saved_moderated": (
        "Contributo salvato: sarà visibile dopo l'approvazione del facilitatore.",
        "Contribution saved: it will be visible once the facilitator approves it.",
    ),
    "part.keep_text": (
        "Il testo non è stato salvato: copialo da qui per non perderlo.",
        "The text was not saved: copy it from here so you do not lose it.",
    ),
    "part.form_closed": (
        "Il facilitatore ha chiuso questa raccolta: quello che hai scritto resta qui, da copiare; poi chiudi il"
        " modulo. Le raccolte aperte ora sono nelle altre schede.",
        "The facilitator closed this collection: what you wrote stays here, to copy; then close the form. The"
        " collections open now are in the other tabs.",
    ),
    "part.close_form": ("Chiudi il modulo", "Close the form"),
    "part.tab_closed": ("{type} · raccolta chiusa", "{type} · closed"),
    "part.ballot_open": ("È aperta una votazione: vota qui sotto.", "A ballot is open: vote below."),
    "part.ballot_title": ("Votazione aperta · {title}", "Ballot open · {title}"),
    "part.ballot_closed": ("La votazione si è chiusa alle {time}.", "The ballot closed at {time}."),
    "part.results_frozen": (
        "Risultati della votazione chiusa alle {time} (fotografia al momento della chiusura).",
        "Results of the ballot closed at {time} (as frozen at the close).",
    ),
    "part.results_wait": (
        "La votazione è chiusa: i risultati compariranno qui quando il facilitatore li mostra.",
        "The ballot is closed: results will appear here when the facilitator shows them.",
    ),
    "part.pending": ("In attesa di moderazione: solo tu lo vedi.", "Awaiting moderation: only you can see it."),
    "part.more": (
        "Qui gli ultimi {shown} di {total}: tutti nel tabellone.",
        "The latest {shown} of {total} here: all of them on the board.",
    ),
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
        "Boundaries: Comune di Milano, CC BY 4.0.",
    ),
    "board.paper": (
        "Conteggi da carta e alzata di mano (a parte, non sommati ai portatili)",
        "Counts from paper and show of hands (kept apart from laptop counts)",
    ),
    "board.latest": ("Ultimi contributi", "Latest contributions"),
    "board.updated": ("Aggiornato alle {time}", "Updated at {time}"),
    "board.no_process": (
        "Nessun percorso è ancora stato creato: gli organizzatori lo creano da «Preparazione».",
        "No process has been created yet: organisers create it from «Preparation».",
    ),
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
    "console.present": ("Presenti: {organisations}, {delegates}", "Present: {organisations}, {delegates}"),
    "console.done": ("Fatto.", "Done."),
    "done.admin.erase_delegate": (
        "Dati personali del delegato cancellati.",
        "The delegate's personal data were erased.",
    ),
    "done.admin.update_session": ("Sessione «{title}» aggiornata.", "Session «{title}» updated."),
    "done.admin.set_notes": ("Note del facilitatore salvate.", "Facilitator's notes saved."),
    "done.attendance.check_in_by_hand": ("Ingresso registrato.", "Check-in recorded."),
    "done.attendance.check_out": ("Uscita registrata.", "Check-out recorded."),
    "done.consolidation.unmerge": (
        "Voce separata: torna nell'elenco da sola.",
        "Item separated: it is back on its own.",
    ),
    "done.consolidation.reword": (
        "Nuova formulazione salvata (la precedente resta nella storia).",
        "New wording saved (the previous one stays in the history).",
    ),
    "done.consolidation.remove": ("Voce tolta dall'elenco della plenaria.", "Item removed from the plenary's list."),
    "done.consolidation.merge": ("Voci unite in una.", "Items merged into one."),
    "done.consolidation.promote": ("Voci portate in plenaria.", "Items brought to the plenary."),
    "done.hybrid.add_on_behalf": ("Contributo inserito per l'ente.", "Contribution entered for the organisation."),
    "done.hybrid.add_paper_count": ("Conteggio da carta registrato.", "Paper count recorded."),
    "done.processes.update": ("Percorso aggiornato.", "Process updated."),
    "done.processes.set_current": (
        "Percorso reso corrente per tutte le pagine dello staff.",
        "Process made current for every staff page.",
    ),
    "done.processes.close": (
        "Percorso chiuso: niente più contributi, voti o presenze.",
        "Process closed: no more contributions, votes or check-ins.",
    ),
    "done.processes.reopen": ("Percorso riaperto.", "Process reopened."),
    "done.processes.archive": (
        "Percorso archiviato: ora si può solo consultare.",
        "Process archived: read-only from now on.",
    ),
    "done.registry.add_organisation": ("Domanda di «{name}» registrata.", "Application of «{name}» recorded."),
    "done.registry.create_session": ("Sessione «{title}» creata.", "Session «{title}» created."),
    "done.registry.add_delegate": ("Delegato «{name}» aggiunto.", "Delegate «{name}» added."),
    "done.registry.replace_delegate": (
        "Delegato sostituito: il vecchio codice non funziona più.",
        "Delegate replaced: the old code no longer works.",
    ),
    "done.facilitation.contributions_opened": (
        "Contributi aperti: i delegati vedono i moduli.",
        "Contributions open: delegates see the forms.",
    ),
    "done.facilitation.contributions_closed": ("Contributi chiusi.", "Contributions closed."),
    "done.facilitation.silent_on": (
        "Giro silenzioso attivato: i delegati vedono solo i propri contributi.",
        "Silent round on: delegates see only their own contributions.",
    ),
    "done.facilitation.silent_off": (
        "Tutto rivelato: i contributi sono visibili a tutti.",
        "Everything revealed: contributions are visible to all.",
    ),
    "done.facilitation.results_shown": (
        "Risultati mostrati a tutti: sul proiettore e ai delegati.",
        "Results shown to everyone: on the projector and to delegates.",
    ),
    "done.facilitation.results_hidden": (
        "Risultati nascosti al proiettore e ai delegati.",
        "Results hidden from the projector and the delegates.",
    ),
    "done.facilitation.reactions_open": (
        "Reazioni e adesioni aperte: i delegati le vedono accanto a ogni voce.",
        "Reactions and co-signing open: delegates see them beside each item.",
    ),
    "done.facilitation.reactions_closed": ("Reazioni e adesioni chiuse.", "Reactions and co-signing closed."),
    "done.reactions.set_names": (
        "Scelta salvata: la mappa dei gruppi mostra o nasconde i nomi degli enti.",
        "Choice saved: the groups' map shows or hides the organisations' names.",
    ),
    "done.facilitation.set_board_view": ("Grafico del proiettore cambiato.", "Projector chart changed."),
    "done.facilitation.timer_set": ("Timer impostato a {minutes} minuti.", "Timer set to {minutes} minutes."),
    "done.facilitation.timer_pause": ("Timer in pausa.", "Timer paused."),
    "done.facilitation.timer_start": ("Timer avviato.", "Timer started."),
    "done.facilitation.timer_reset": ("Timer azzerato.", "Timer reset."),
    "done.facilitation.set_current_phase": ("Fase «{phase}» corrente.", "Phase «{phase}» is current."),
    "done.facilitation.set_current_phase_open": (
        "Fase «{phase}» corrente: i contributi sono aperti.",
        "Phase «{phase}» is current: contributions are open.",
    ),
    "done.facilitation.set_moderated": ("Modalità di moderazione cambiata.", "Moderation mode changed."),
    "done.facilitation.move_phase": ("Fase spostata.", "Phase moved."),
    "done.facilitation.remove_phase": ("Fase tolta dall'agenda.", "Phase removed from the agenda."),
    "done.facilitation.edit_phase": ("Fase modificata.", "Phase changed."),
    "done.facilitation.add_phase": ("Fase «{name}» aggiunta all'agenda.", "Phase «{name}» added to the agenda."),
    "done.ballots.live_shown": (
        "Risultati dal vivo mostrati a tutti mentre si vota.",
        "Live results shown to everyone while voting.",
    ),
    "done.ballots.live_hidden": (
        "Risultati dal vivo nascosti fino alla chiusura.",
        "Live results hidden until the close.",
    ),
    "done.ballots.close": (
        "Votazione chiusa: esito registrato e risultati congelati.",
        "Ballot closed: outcome recorded and results frozen.",
    ),
    "done.ballots.add_paper": ("Conteggio per alzata di mano registrato (a parte).", "Show of hands recorded (apart)."),
    "done.ballots.open_ballot": (
        "Votazione aperta ({method}): i delegati la vedono ora.",
        "Ballot open ({method}): delegates see it now.",
    ),
    "done.ballots.add_seed": ("Voce «{title}» aggiunta.", "Item «{title}» added."),
    "done.sintesi.save_texts": ("Testi della sintesi salvati.", "Synthesis texts saved."),
    "done.moderation.revision_approved": ("Modifica approvata: ora è visibile.", "Edit approved: it is visible now."),
    "done.moderation.revision_rejected": (
        "Modifica respinta: resta il testo approvato.",
        "Edit rejected: the approved text stays.",
    ),
    "done.moderation.approve": ("Contributo approvato.", "Contribution approved."),
    "done.moderation.pin": ("Evidenza del contributo cambiata.", "Contribution's pin changed."),
    "done.moderation.hide": ("Contributo nascosto, con il motivo.", "Contribution hidden, with the reason."),
    "done.moderation.correct": ("Correzione salvata.", "Correction saved."),
    "done.moderation.recategorise": ("Categorie del contributo aggiornate.", "Contribution's categories updated."),
    "done.moderation.merge": (
        "Contributi uniti: gli autori restano tutti.",
        "Contributions merged: every author stays.",
    ),
    "done.moderation.undo": ("Azione annullata.", "Action undone."),
    "done.drafts.answer": ("Risposta all'osservazione salvata.", "Answer to the observation saved."),
    "done.staff.add_facilitator": ("Facilitatore «{name}» aggiunto.", "Facilitator «{name}» added."),
    "done.staff.assign": ("Sessioni assegnate.", "Sessions assigned."),
    "done.staff.reissue_code": (
        "Nuovo codice del facilitatore: il vecchio non funziona più.",
        "New facilitator code: the old one no longer works.",
    ),
    "done.staff.revoke": ("Codice del facilitatore revocato.", "Facilitator code revoked."),
    "done.floor.end_turn": ("Intervento concluso.", "Turn ended."),
    "done.floor.call": ("Parola data.", "Floor given."),
    "done.floor.configure": ("Impostazioni degli interventi salvate.", "Floor settings saved."),
    "console.qr_alt": ("QR per entrare nella sessione {code}", "QR code to join session {code}"),
    "console.qr_help": (
        "Inquadra il QR con il telefono (dopo aver aperto il tuo invito) o inserisci il codice.",
        "Scan the QR with your phone (after opening your invitation) or type the code.",
    ),
    # -- organise
    "org.heading": ("Organizzazione del percorso", "Process organisation"),
    "org.process": ("Percorso", "Process"),
    "org.sessions": ("Sessioni", "Sessions"),
    "org.organisations": ("Enti del Terzo settore", "Third Sector organisations"),
    "org.delegates": ("Delegati", "Delegates"),
    "org.audit": ("Registro delle operazioni", "Audit log"),
    "org.reissue": ("Nuovo codice", "New code"),
    "org.code_not_admitted": (
        "La domanda dell'ente di questo delegato risulta {admission}: un nuovo codice non gli permetterà di entrare nel percorso (vedrà solo il motivo e il contatto della segreteria).",
        "This delegate's organisation's application is {admission}: a new code will not let them into the process (they will only see why and the secretariat's contact).",
    ),
    "org.code_not_admitted_confirm": (
        "Ho capito: crea comunque il nuovo codice",
        "I understand: create the new code anyway",
    ),
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
    "record.unknown": (
        "Dato non trovato: forse è stato cancellato nel frattempo.",
        "Not found: it may have been deleted meanwhile.",
    ),
    "error.busy": (
        "Il sistema è molto occupato: riprova tra qualche secondo. Nulla è stato salvato.",
        "The system is very busy: try again in a few seconds. Nothing was saved.",
    ),
    "session.unknown": ("Sessione sconosciuta.", "Unknown session."),
    "session.unknown_code": ("Codice di sessione non riconosciuto.", "Session code not recognised."),
    "phase.unknown": ("Fase sconosciuta.", "Unknown phase."),
    "delegate.unknown": ("Delegato sconosciuto.", "Unknown delegate."),
    "contribution.unknown": ("Contributo sconosciuto.", "Unknown contribution."),
    "contribution.phase_closed": (
        "La fase è stata chiusa: il contributo non è stato salvato.",
        "The phase has been closed: the contribution was not saved.",
    ),
    "contribution.merged": (
        "Il contributo è stato unito a un altro dal facilitatore.",
        "The contribution was merged into another by the facilitator.",
    ),
    "contribution.on_behalf_needs_org": (
        "Indica l'organizzazione per conto della quale inserisci il contributo.",
        "Choose the organisation on whose behalf you add the contribution.",
    ),
    "contribution.withdrawn": ("Il contributo è già stato ritirato.", "The contribution was already withdrawn."),
    "validation.required": ("{field}: campo obbligatorio.", "{field}: required."),
    "validation.too_short": ("{field}: almeno {min} caratteri.", "{field}: at least {min} characters."),
    "validation.too_long": (
        "{field}: al massimo {max} caratteri (ora {length}).",
        "{field}: at most {max} characters (now {length}).",
    ),
    "validation.unknown_value": ("{field}: valore non previsto «{value}».", "{field}: unexpected value «{value}»."),
    "validation.not_a_number": (
        "{field}: «{value}» non è un numero intero.",
        "{field}: «{value}» is not a whole number.",
    ),
    "validation.out_of_range": (
        "{field}: deve essere tra {low} e {high}.",
        "{field}: must be between {low} and {high}.",
    ),
    "validation.email": ("{field}: indirizzo email non valido.", "{field}: invalid email address."),
    "validation.fiscal_code": (
        "{field}: codice fiscale non valido «{value}» (controlla le cifre).",
        "{field}: invalid tax code «{value}» (check the digits).",
    ),
    "validation.duplicate_fiscal_code": (
        "{field}: l'ente con codice fiscale {value} è già registrato.",
        "{field}: an organisation with tax code {value} is already registered.",
    ),
    "validation.duplicate_row": (
        "{field}: riga duplicata (uguale alla riga {other}).",
        "{field}: duplicate row (same as row {other}).",
    ),
    "validation.inconsistent_org": (
        "{field}: stesso codice fiscale della riga {other} ma dati dell'ente diversi.",
        "{field}: same tax code as row {other} but different organisation data.",
    ),
    "validation.unknown_municipio": (
        "{field}: Municipio sconosciuto «{value}» (ammessi 1-9).",
        "{field}: unknown Municipio «{value}» (1-9 allowed).",
    ),
    "validation.unknown_nil": (
        "{field}: quartiere (NIL) sconosciuto «{value}».",
        "{field}: unknown neighbourhood (NIL) «{value}».",
    ),
    "validation.unknown_activity": (
        "{field}: attività art. 5 sconosciuta «{value}» (ammesse a-z).",
        "{field}: unknown art. 5 activity «{value}» (a-z allowed).",
    ),
    "validation.territory_required": (
        "{field}: indica almeno un Municipio o «tutta la città».",
        "{field}: choose at least one Municipio or «whole city».",
    ),
    "validation.nil_outside": (
        "{field}: il quartiere {nil} non è nei Municipi scelti.",
        "{field}: neighbourhood {nil} is not in the chosen Municipi.",
    ),
    "validation.dates_order": (
        "{field}: la data di fine precede l'inizio.",
        "{field}: the end date is before the start.",
    ),
    "validation.missing_columns": (
        "Colonne mancanti nel file: {columns}.",
        "Columns missing from the file: {columns}.",
    ),
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
    "console.no_sessions": (
        "Nessuna sessione assegnata a te. Chiedi a un organizzatore.",
        "No session is assigned to you. Ask an organiser.",
    ),
    "console.open_voting": ("Apri una votazione", "Open a ballot"),
    "console.close_voting": ("Votazione in corso: vai alle votazioni", "Ballot open: go to the ballots"),
    "console.show_results": (
        "Mostra i risultati a tutti (proiettore e schermi dei delegati)",
        "Show the results to everyone (projector and delegates' screens)",
    ),
    "console.hide_results": (
        "Nascondi i risultati (proiettore e schermi dei delegati)",
        "Hide the results (projector and delegates' screens)",
    ),
    "bal.closed_heading": ("Votazione chiusa alle {time}", "Ballot closed at {time}"),
    "bal.results_shown_now": (
        "I risultati sono visibili sul proiettore e sugli schermi dei delegati.",
        "The results are visible on the projector and on the delegates' screens.",
    ),
    "bal.results_hidden_now": (
        "I risultati non sono ancora visibili: né sul proiettore né ai delegati.",
        "The results are not visible yet: neither on the projector nor to the delegates.",
    ),
    "bal.top_k_help": ("0 = tutte le voci", "0 = every item"),
    "bal.method_help.punti": (
        "Ogni ente distribuisce un numero di punti tra le voci, con un tetto per voce.",
        "Each organisation spreads a number of points over the items, with a cap per item.",
    ),
    "bal.method_help.valutazione": (
        "Ogni ente dà un voto da 1 a 5 a ogni voce (importanza e/o fattibilità), o «non so».",
        "Each organisation rates each item 1 to 5 (importance and/or feasibility), or «don't know».",
    ),
    "bal.method_help.ordinamento": (
        "Ogni ente mette le voci in ordine (tutte o le prime).",
        "Each organisation ranks the items (all of them or the top ones).",
    ),
    "bal.method_help.approvazione": (
        "Ogni ente approva le voci che sostiene, quante vuole.",
        "Each organisation approves the items it supports, as many as it likes.",
    ),
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
    "view.opinione": ("Gruppi di opinione", "Opinion groups"),
    "view.matrice": ("Area × Municipio", "Area × Municipio"),
    "view.albero": ("Albero", "Treemap"),
    "view.intensita": ("Intensità", "Intensity"),
    "view.tempo": ("Nel tempo", "Over time"),
    "view.parole": ("Parole", "Words"),
    "view.contesto": ("Dati città", "City data"),
    "view.risorse": ("Bisogni e offerta", "Needs and services"),
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
    "phase.has_contributions": (
        "La fase contiene contributi: non si può rimuovere.",
        "The phase holds contributions: it cannot be removed.",
    ),
    "auth.not_assigned": ("Questa sessione non ti è assegnata.", "This session is not assigned to you."),
    "auth.organiser_only": ("Solo gli organizzatori possono farlo.", "Only organisers can do this."),
    # -- moderation
    "mod.heading": ("Moderazione", "Moderation"),
    "mod.mode_open": (
        "Sessione aperta: i contributi sono visibili subito.",
        "Open session: contributions are visible at once.",
    ),
    "mod.mode_moderated": (
        "Sessione moderata: i contributi sono visibili dopo l'approvazione.",
        "Moderated session: contributions are visible after approval.",
    ),
    "mod.filter": ("Mostra", "Show"),
    "mod.moderated_toggle": ("Sessione moderata", "Moderated session"),
    "mod.count.one": ("{n} contributo", "{n} contribution"),
    "mod.count.other": ("{n} contributi", "{n} contributions"),
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
    "mod.duplicates_help": (
        "Coppie dello stesso tipo e della stessa area con testi simili.",
        "Pairs of the same type and area with similar texts.",
    ),
    "mod.no_duplicates": ("Nessun doppione probabile.", "No likely duplicates."),
    "mod.pair": ("Somiglianza {score}%", "Similarity {score}%"),
    "mod.merge": ("Unisci {other} in #{keep}", "Merge {other} into #{keep}"),
    "moderation.nothing_to_merge": (
        "Scegli almeno un contributo da unire.",
        "Choose at least one contribution to merge.",
    ),
    "moderation.merge_mismatch": (
        "Si uniscono solo contributi dello stesso tipo e della stessa sessione.",
        "Only contributions of the same type and session can be merged.",
    ),
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
    "hybrid.target_required": (
        "{field}: indica un'area oppure un contributo.",
        "{field}: choose an area or a contribution.",
    ),
    "source.laptop": ("portatile", "laptop"),
    "source.facilitatore": ("inserito dal facilitatore", "entered by the facilitator"),
    "source.carta": ("da carta", "from paper"),
    "source.alzata_di_mano": ("alzata di mano", "show of hands"),
    # -- projector
    "projector.settings": (
        "Impostazioni del proiettore · F11 per lo schermo intero",
        "Projector settings · F11 for full screen",
    ),
    "projector.fullscreen": (
        "Premi F11 (o ⌃⌘F su Mac) per lo schermo intero.",
        "Press F11 (or ⌃⌘F on a Mac) for full screen.",
    ),
    "projector.all_tables": ("Plenaria: tutti i tavoli", "Plenary: all tables"),
    "projector.connected": ("Delegati collegati", "Delegates connected"),
    "projector.votes": ("Voti", "Votes"),
    "projector.results_hidden": (
        "I risultati saranno mostrati dal facilitatore.",
        "The facilitator will reveal the results.",
    ),
    "projector.table_line": ("{organisations}, {contributions}", "{organisations}, {contributions}"),
    # -- organisers: facilitators and moderation log
    "org.facilitators": ("Facilitatori", "Facilitators"),
    "org.no_facilitators": ("Nessun facilitatore registrato.", "No facilitator registered yet."),
    "org.moderation": ("Moderazione", "Moderation"),
    "org.facilitator_name": ("Facilitatore", "Facilitator"),
    "org.add_facilitator": ("Aggiungi il facilitatore", "Add the facilitator"),
    "org.assign": ("Assegna le sessioni", "Assign the sessions"),
    "org.facilitator_link_help": (
        "Link personali dei facilitatori (aprono la conduzione delle sessioni assegnate):",
        "Facilitators' personal links (they open the console of their sessions):",
    ),
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
    # -- the shared reading of needs
    "nav.reading": ("Lettura dei bisogni", "Reading of needs"),
    "reading.heading": ("Lettura condivisa dei bisogni", "Shared reading of needs"),
    "reading.intro": (
        "Quali bisogni pesano dove, a Milano: i bisogni segnalati dagli ETS messi accanto ai dati della città.",
        "Which needs weigh where in Milan: the needs logged by the ETS beside the city's data.",
    ),
    "reading.filters": ("Filtri (valgono per tutti i grafici)", "Filters (shared by every chart)"),
    "reading.all": ("Tutti", "All"),
    "reading.territory_help": (
        "Mostra i bisogni che indicano uno dei Municipi scelti e quelli riferiti a tutta la città.",
        "Shows the needs naming one of the chosen Municipi and the city-wide ones.",
    ),
    "reading.count": ("Bisogni mostrati: **{shown}** su {total}.", "Needs shown: **{shown}** of {total}."),
    "reading.level": ("Livello", "Level"),
    "reading.level.municipi": ("Municipi", "Municipi"),
    "reading.level.nil": ("Quartieri (NIL)", "Neighbourhoods (NIL)"),
    "reading.metric": ("Misura", "Measure"),
    "reading.metric.needs": ("Numero di bisogni", "Number of needs"),
    "reading.metric.mean_intensity": ("Intensità media", "Mean intensity"),
    "reading.metric.per_10k_over65": ("Bisogni ogni 10.000 over 65", "Needs per 10,000 aged 65+"),
    "reading.view.mappa": ("Mappa", "Map"),
    "reading.view.aree": ("Aree", "Areas"),
    "reading.view.municipi": ("Municipi", "Municipi"),
    "reading.view.matrice": ("Area × Municipio", "Area × Municipio"),
    "reading.view.albero": ("Mappa ad albero", "Treemap"),
    "reading.view.intensita": ("Intensità e andamento", "Intensity and trend"),
    "reading.view.tempo": ("Nel tempo", "Over time"),
    "reading.view.parole": ("Parole chiave", "Keywords"),
    "reading.view.contesto": ("Bisogni e dati della città", "Needs and city data"),
    "reading.view.confronto": ("Confronto tra sessioni", "Sessions compared"),
    "reading.metric.over65": ("Residenti over 65 (2024)", "Residents aged 65+ (2024)"),
    "reading.metric.over80_alone": ("Over 80 che vivono soli (2024)", "People aged 80+ living alone (2024)"),
    "reading.map.over65": ("Residenti over 65 per Municipio (stima)", "Residents aged 65+ by Municipio (estimate)"),
    "reading.map.over80_alone": (
        "Over 80 che vivono soli per Municipio (stima)",
        "People aged 80+ living alone by Municipio (estimate)",
    ),
    "reading.map_nil.over65": ("Residenti over 65 per quartiere", "Residents aged 65+ by neighbourhood"),
    "reading.map_nil.over80_alone": (
        "Over 80 che vivono soli per quartiere",
        "People aged 80+ living alone by neighbourhood",
    ),
    "reading.map.needs": ("Bisogni per Municipio", "Needs by Municipio"),
    "reading.map.mean_intensity": ("Intensità media per Municipio", "Mean intensity by Municipio"),
    "reading.map.per_10k_over65": ("Bisogni ogni 10.000 over 65 (stima)", "Needs per 10,000 aged 65+ (estimate)"),
    "reading.map_nil.needs": ("Bisogni per quartiere (NIL)", "Needs by neighbourhood (NIL)"),
    "reading.map_nil.mean_intensity": ("Intensità media per quartiere", "Mean intensity by neighbourhood"),
    "reading.map_nil.per_10k_over65": (
        "Bisogni ogni 10.000 over 65 per quartiere",
        "Needs per 10,000 aged 65+ by neighbourhood",
    ),
    "reading.caption.map": (
        "Più è scuro il Municipio, più alto il valore. I bisogni riferiti a tutta la città non sono sulla mappa: vedi la scheda Municipi.",
        "The darker the Municipio, the higher the value. City-wide needs are not on the map: see the Municipi tab.",
    ),
    "reading.caption.map_nil": (
        "Solo i bisogni che indicano un quartiere sono sulla mappa dei NIL.",
        "Only the needs naming a neighbourhood are on the NIL map.",
    ),
    "reading.estimate": (
        "Stima: i residenti per Municipio sono calcolati dai quartieri, ripartendo quelli a cavallo di più Municipi in proporzione all'area.",
        "Estimate: residents by Municipio come from the neighbourhoods, splitting those across several Municipi by area.",
    ),
    "reading.caption.areas": (
        "Quante volte è stata segnalata ciascuna area di bisogno.",
        "How often each area of need was logged.",
    ),
    "reading.caption.municipi": (
        "Bisogni per Municipio; la barra arancione sono i bisogni riferiti a tutta la città.",
        "Needs by Municipio; the orange bar is the city-wide needs.",
    ),
    "reading.title.matrix": ("Aree di bisogno per Municipio", "Areas of need by Municipio"),
    "reading.caption.matrix": (
        "Ogni casella: quanti bisogni di quell'area indicano quel Municipio. L'ultima colonna: tutta la città.",
        "Each cell: how many needs of that area name that Municipio. Last column: the whole city.",
    ),
    "reading.title.tree": ("Aree, destinatari e singoli bisogni", "Areas, target groups and single needs"),
    "reading.all_needs": ("Tutti i bisogni", "All needs"),
    "reading.caption.tree": (
        "Ogni rettangolo è grande quanto il numero di bisogni; clicca per entrare.",
        "Each box is as large as its number of needs; click to zoom in.",
    ),
    "reading.title.intensity": ("Intensità e andamento dei bisogni", "Intensity and trend of needs"),
    "reading.caption.intensity": (
        "In alto a sinistra i bisogni gravi ed emergenti; il cerchio è grande quanto il numero di segnalazioni.",
        "Top left: severe and emerging needs; each circle is as large as its count.",
    ),
    "reading.title.timeline": ("Contributi nel corso della sessione", "Contributions during the session"),
    "reading.caption.timeline": (
        "Quanti contributi erano arrivati a ogni momento, per tipo (ogni 5 minuti).",
        "How many contributions had arrived at each moment, by type (every 5 minutes).",
    ),
    "reading.title.keywords": ("Parole più frequenti nei bisogni", "Most frequent words in the needs"),
    "reading.occurrences": ("Occorrenze", "Occurrences"),
    "reading.caption.keywords": (
        "Le parole usate più spesso nei titoli e nelle descrizioni.",
        "The words used most often in titles and descriptions.",
    ),
    "reading.title.context": (
        "Bisogni segnalati e pressione demografica per Municipio",
        "Needs logged and demographic pressure by Municipio",
    ),
    "reading.share_needs": ("Quota dei bisogni segnalati", "Share of needs logged"),
    "reading.share_over65": ("Quota degli over 65", "Share of people aged 65+"),
    "reading.share_over80_alone": ("Quota degli over 80 che vivono soli", "Share of people aged 80+ living alone"),
    "reading.caption.context": (
        "Dove la barra blu supera quella arancione si segnalano più bisogni di quanto farebbe pensare il numero di anziani soli; dove è più bassa, forse i bisogni non emergono.",
        "Where the blue bar is above the orange one, more needs are logged than the number of older people living alone would suggest; where it is lower, needs may not be surfacing.",
    ),
    "reading.method.context": (
        "Metodo: quote percentuali sul totale cittadino. Popolazione al 31/12/2024 (Comune di Milano, CC BY 4.0), stimata per Municipio dai quartieri in proporzione all'area. I bisogni riferiti a tutta la città sono esclusi.",
        "Method: percentage shares of the city total. Population on 31/12/2024 (Comune di Milano, CC BY 4.0), estimated by Municipio from the neighbourhoods by area. City-wide needs are left out.",
    ),
    "reading.method.nil": (
        "Metodo: contano i bisogni che indicano il quartiere; tassi sugli over 65 residenti nel quartiere (2024); quartieri con meno di 200 over 65 senza tasso. Confini NIL PGT 2030, Comune di Milano, CC BY 4.0.",
        "Method: needs naming the neighbourhood; rates on residents aged 65+ in it (2024); neighbourhoods with fewer than 200 aged 65+ have no rate. NIL boundaries PGT 2030, Comune di Milano, CC BY 4.0.",
    ),
    "reading.method.tree": (
        "Metodo: bisogni visibili; titoli uguali sono sommati.",
        "Method: visible needs; equal titles are added up.",
    ),
    "reading.method.simple": (
        "Metodo: contano i bisogni visibili (approvati, non uniti ad altri).",
        "Method: visible needs are counted (approved, not merged into others).",
    ),
    "reading.method.keywords": (
        "Metodo: parole di almeno 3 lettere; parole vuote italiane e inglesi tolte con la libreria stop-words.",
        "Method: words of 3 letters or more; Italian and English stop words removed with the stop-words library.",
    ),
    "reading.title.compare": (
        "Aree di bisogno per sessione (% dei bisogni di ciascuna sessione)",
        "Areas of need by session (% of each session's needs)",
    ),
    "reading.caption.compare": (
        "Cosa ha detto la plenaria e cosa ciascun tavolo: ogni colonna somma a 100.",
        "What the plenary and each table said: each column adds up to 100.",
    ),
    "reading.method.compare": (
        "Metodo: quota dei bisogni visibili di ciascuna sessione, per area.",
        "Method: share of each session's visible needs, by area.",
    ),
    "reading.download": ("Scarica i dati (CSV)", "Download the data (CSV)"),
    # -- organisers: preparation, review, documents
    "nav.prepare": ("Preparazione", "Preparation"),
    "nav.review": ("Revisione", "Review"),
    "nav.documents": ("Documenti e dati", "Documents and data"),
    "prep.heading": ("Preparazione del percorso", "Preparing the process"),
    "prep.import": ("Importa ETS", "Import ETS"),
    "prep.admission": ("Ammissione", "Admission"),
    "prep.invites": ("Inviti", "Invitations"),
    "prep.facilitators_hint": (
        "I facilitatori si assegnano alle sessioni nella pagina Organizzazione.",
        "Facilitators are assigned to sessions on the Organisation page.",
    ),
    "prep.new_session": ("Nuova sessione", "New session"),
    "prep.create_session": ("Crea la sessione", "Create the session"),
    "prep.import_help": (
        "Un file CSV o XLSX, una riga per delegato: denominazione, codice_fiscale, forma_giuridica, delegato_nome (obbligatori), numero_runts, attivita, municipi, email, telefono, delegato_ruolo, delegato_email. Si importa tutto o niente.",
        "A CSV or XLSX file, one row per delegate: denominazione, codice_fiscale, forma_giuridica, delegato_nome (required), numero_runts, attivita, municipi, email, telefono, delegato_ruolo, delegato_email. All rows or none.",
    ),
    "prep.file": ("File delle domande", "Applications file"),
    "prep.import_errors.one": (
        "{n} errore: nessuna riga verrà importata finché non è corretto.",
        "{n} error: no row will be imported until it is fixed.",
    ),
    "prep.import_errors.other": (
        "{n} errori: nessuna riga verrà importata finché non sono corretti.",
        "{n} errors: no row will be imported until they are fixed.",
    ),
    "prep.row": ("Riga", "Row"),
    "prep.problem": ("Problema", "Problem"),
    "prep.import_ready": (
        "Tutto in ordine: {organisations} e {delegates} pronti per l'importazione.",
        "All good: {organisations} and {delegates} ready to import.",
    ),
    "count.ets.one": ("{n} ente", "{n} organisation"),
    "count.ets.other": ("{n} enti", "{n} organisations"),
    "prep.import_do": ("Importa", "Import"),
    "prep.add_org": ("Aggiungi un ente", "Add an organisation"),
    "prep.add_org_do": ("Aggiungi l'ente", "Add the organisation"),
    "prep.admitted_csv": (
        "Scarica l'elenco degli ETS ammessi (per la pubblicazione)",
        "Download the list of admitted ETS (for publication)",
    ),
    "prep.invites_count.one": ("{n} invito attivo.", "{n} active invitation."),
    "prep.invites_count.other": ("{n} inviti attivi.", "{n} active invitations."),
    "prep.cards_html": ("Cartoncini (HTML da stampare)", "Cards (HTML to print)"),
    "prep.cards_pdf_prepare": ("Prepara i cartoncini PDF", "Prepare the PDF cards"),
    "prep.cards_pdf": ("Scarica i cartoncini PDF", "Download the PDF cards"),
    "prep.cards_title": ("Inviti alla co-programmazione", "Invitations to the co-programming"),
    "admission.ricevuta": ("ricevuta", "received"),
    "admission.ammessa": ("ammessa", "admitted"),
    "admission.non_ammessa": ("non ammessa", "not admitted"),
    "rev.heading": ("Revisione del percorso", "Process review"),
    "rev.dashboard": ("Cruscotto", "Dashboard"),
    "rev.contributions": ("Tutti i contributi", "All contributions"),
    "rev.admitted": ("ETS ammessi", "Admitted ETS"),
    "rev.present_once": ("ETS presenti almeno una volta", "ETS present at least once"),
    "rev.sessions": ("Sessioni", "Sessions"),
    "rev.by_municipio": ("ETS ammessi e presenti per Municipio", "Admitted and present ETS by Municipio"),
    "rev.by_attivita": (
        "ETS ammessi e presenti per settore di attività (art. 5)",
        "Admitted and present ETS by activity field (art. 5)",
    ),
    "rev.by_type": ("Contributi per tipo e sessione", "Contributions by type and session"),
    "rev.turnout": ("Votazioni e partecipazione", "Ballots and turnout"),
    "rev.search": ("Cerca (titolo, testo, ente)", "Search (title, text, organisation)"),
    "rev.status": ("Stato", "Status"),
    "rev.history": ("Storia del contributo #{id}", "History of contribution #{id}"),
    "rev.detail": ("Dettaglio", "Detail"),
    "rev.merged_into": ("Unito nel contributo #{id}.", "Merged into contribution #{id}."),
    "doc.heading": ("Documenti e dati aperti", "Documents and open data"),
    "doc.minutes": ("Verbali", "Minutes"),
    "doc.registers": ("Registri presenze", "Attendance registers"),
    "doc.synthesis": ("Documento di sintesi", "Synthesis document"),
    "doc.open_data": ("Dati aperti e copia", "Open data and backup"),
    "doc.prepare": ("Prepara: {what}", "Prepare: {what}"),
    "doc.download": ("Scarica: {what}", "Download: {what}"),
    "doc.print_view": ("vista di stampa (HTML)", "print view (HTML)"),
    "doc.notes_hint": (
        "Le note del facilitatore si scrivono nella pagina Conduzione.",
        "The facilitator's notes are written on the Facilitation page.",
    ),
    "doc.whole_process": ("Tutto il percorso", "The whole process"),
    "doc.version": ("Versione dei testi: {version}", "Texts version: {version}"),
    "doc.premessa": ("Premessa", "Introduction"),
    "doc.open_questions": ("Questioni aperte (testo del Comune)", "Open questions (the Comune's text)"),
    "doc.codesign": ("Indicazioni per la co-progettazione", "Guidance for co-design"),
    "doc.conclusioni": ("Conclusioni", "Conclusions"),
    "doc.order": ("Ordine delle sezioni", "Order of the sections"),
    "doc.order_help": (
        "L'ordine in cui le scegli è l'ordine nel documento; quelle tolte vanno in fondo.",
        "The order you choose them in is the document's order; the ones removed go last.",
    ),
    "doc.charts_note": (
        "I grafici del documento sono disegnati sul server (senza browser né internet), con testo alternativo e tabella.",
        "The document's charts are drawn on the server (no browser, no internet), with alt text and a table.",
    ),
    "doc.open_data_help": (
        "Una tabella per entità; esclusi i dati personali dei delegati; le celle che un foglio di calcolo leggerebbe come formule sono neutralizzate.",
        "One table per entity; delegates' personal data left out; cells a spreadsheet would read as formulas are neutralised.",
    ),
    "doc.backup": ("Copia di sicurezza del database", "Database backup"),
    "doc.backup_help": (
        "Copia coerente presa mentre l'app è in uso.",
        "A consistent copy taken while the app is in use.",
    ),
    "rev.turned_down.one": (
        "{n} ente non ammesso aveva preso parte al percorso (contato a parte, non tra gli ammessi): {details}.",
        "{n} organisation not admitted had taken part (counted apart, not among the admitted): {details}.",
    ),
    "rev.turned_down.other": (
        "{n} enti non ammessi avevano preso parte al percorso (contati a parte, non tra gli ammessi): {details}.",
        "{n} organisations not admitted had taken part (counted apart, not among the admitted): {details}.",
    ),
    "rev.admitted_present": ("Enti ammessi presenti", "Admitted organisations present"),
    "rev.turned_down_present": ("Enti non ammessi presenti", "Organisations not admitted present"),
    "doc.check_heading": ("Verifica prima della pubblicazione", "Pre-publication check"),
    "doc.check_help": (
        "Ogni cifra della sintesi è ricontata dalle righe originali (schede, presenze, autori, bisogni, reazioni, servizi) da un codice separato da quello che scrive il documento; ogni edizione, in ogni formato, è riletta dal file cercando nomi, email e codici di delegati e facilitatori e i testi non pubblici; il PDF è controllato (marcato, lingua, titolo, testo alternativo, PDF/A). Una bozza o la versione definitiva si pubblicano solo se la verifica non trova nulla.",
        "Every figure of the synthesis is recounted from the original rows (ballots, attendance, authors, needs, reactions, services) by code separate from the code that writes the document; every edition, in every format, is read back from the file looking for delegates' and facilitators' names, emails and codes and for non-public texts; the PDF is checked (tagged, language, title, alternative text, PDF/A). A draft or the final version is published only when the check finds nothing.",
    ),
    "doc.check_run": ("Verifica la sintesi e prepara le edizioni", "Check the synthesis and prepare the editions"),
    "doc.check_running": (
        "Verifica in corso: ricalcolo delle cifre e rilettura dei file…",
        "Checking: recounting figures and reading the files back…",
    ),
    "doc.check_ok": (
        "Verifica superata ({at}): {facts} cifre ricontate, nessuna differenza; nessun dato personale né testo non pubblico nelle edizioni. I file qui sotto sono quelli verificati.",
        "Check passed ({at}): {facts} figures recounted, no difference; no personal data or non-public text in the editions. The files below are the ones checked.",
    ),
    "doc.check_problems.one": (
        "La verifica ({at}) ha trovato {n} problema: la pubblicazione è bloccata finché non è risolto.",
        "The check ({at}) found {n} problem: publishing is blocked until it is solved.",
    ),
    "doc.check_problems.other": (
        "La verifica ({at}) ha trovato {n} problemi: la pubblicazione è bloccata finché non sono risolti.",
        "The check ({at}) found {n} problems: publishing is blocked until they are solved.",
    ),
    "doc.col.kind": ("Tipo", "Kind"),
    "doc.col.where": ("Dove", "Where"),
    "doc.col.detail": ("Dettaglio", "Detail"),
    "doc.edition.pubblica": (
        "Edizione pubblica (da pubblicare: gli enti, mai le persone)",
        "Public edition (to publish: organisations, never persons)",
    ),
    "doc.edition.interna": (
        "Edizione interna (archivio degli atti: registro presenze nominativo)",
        "Internal edition (records office: attendance register by name)",
    ),
    "doc.download_file": ("Scarica {fmt}", "Download {fmt}"),
    "doc.publish_final": ("Pubblica la versione definitiva n. {number}", "Publish final version no. {number}"),
    "doc.publish_final_help": (
        "Pubblica l'edizione pubblica (DOCX, PDF accessibile, HTML) come versione definitiva: la verifica viene ripetuta al momento e la pubblicazione avviene solo se non trova nulla; i file restano congelati, con l'impronta SHA-256 del PDF.",
        "Publishes the public edition (DOCX, accessible PDF, HTML) as the final version: the check is run again and publishing happens only if it finds nothing; the files stay frozen, with the PDF's SHA-256.",
    ),
    "doc.published_final": (
        "Documento di sintesi definitivo n. {number} pubblicato.",
        "Final synthesis document no. {number} published.",
    ),
    "doc.finals": ("Versioni definitive pubblicate", "Final versions published"),
    "doc.final_line": (
        "Versione definitiva n. {number}, pubblicata il {published} · SHA-256 del PDF: {sha}",
        "Final version no. {number}, published on {published} · PDF SHA-256: {sha}",
    ),
    "sintesi.check_failed": (
        "La verifica prima della pubblicazione ha trovato {n} problemi: nulla è stato pubblicato. Ogni problema è elencato qui sotto; risolto, si pubblica di nuovo.",
        "The pre-publication check found {n} problems: nothing was published. Each problem is listed below; once solved, publish again.",
    ),
    "cli.check_ok": (
        "Verifica superata: {facts} cifre ricontate, nessun problema.",
        "Check passed: {facts} figures recounted, no problem.",
    ),
    "cli.check_failed": (
        "Verifica non superata: {n} problemi ({facts} cifre ricontate). Nulla va pubblicato.",
        "Check failed: {n} problems ({facts} figures recounted). Nothing should be published.",
    ),
    "console.notes": ("Note per il verbale", "Notes for the minutes"),
    "console.notes_label": ("Note del facilitatore", "Facilitator's notes"),
    "org.gdpr": ("Cancellazione dei dati personali (GDPR)", "Erasing personal data (GDPR)"),
    "org.gdpr_help": (
        "Nome, ruolo, email e codice del delegato vengono cancellati; contributi, voti e presenze restano attribuiti all'ente. L'operazione è registrata.",
        "The delegate's name, role, email and code are erased; contributions, votes and attendance stay with the organisation. The operation is logged.",
    ),
    "org.gdpr_confirm": ("Confermo la cancellazione dei dati di {name}", "I confirm erasing the data of {name}"),
    "org.gdpr_erase": ("Cancella i dati personali", "Erase the personal data"),
    "process.unknown": ("Percorso sconosciuto.", "Unknown process."),
    "delegate.already_erased": (
        "I dati di questo delegato sono già stati cancellati.",
        "This delegate's data were already erased.",
    ),
    "field.admission": ("Ammissione", "Admission"),
    "field.admission_reason": ("Motivo della non ammissione", "Reason for not admitting"),
    "field.notes": ("Note", "Notes"),
    "field.start_date": ("Data di inizio", "Start date"),
    "field.date": ("Data", "Date"),
    # -- ballots
    "nav.ballots": ("Votazioni", "Ballots"),
    "method.punti": ("Punti da distribuire", "Dot voting"),
    "method.valutazione": ("Valutazione 1-5", "Rating 1-5"),
    "method.ordinamento": ("Ordinamento", "Ranking"),
    "method.approvazione": ("Approvazione", "Approval"),
    "dimension.importanza": ("Importanza", "Importance"),
    "dimension.fattibilita": ("Fattibilità", "Feasibility"),
    "ballot.closed": (
        "La votazione è chiusa: il voto non è stato registrato.",
        "The ballot is closed: the vote was not recorded.",
    ),
    "ballot.budget_exceeded": (
        "Hai usato {used} punti su {budget}: togline qualcuno.",
        "You used {used} points of {budget}: remove some.",
    ),
    "ballot.cap_exceeded": ("Superato il tetto per voce (massimo {cap}).", "Over the cap per item (at most {cap})."),
    "ballot.bad_value": ("Valore non valido nella scheda.", "Invalid value in the ballot."),
    "ballot.bad_ranking": ("Ogni posizione può essere usata una volta sola.", "Each position can be used only once."),
    "ballot.too_many_ranked": ("Ordina al massimo {k} voci.", "Rank at most {k} items."),
    "ballot.unknown_item": ("Voce non presente in questa votazione.", "Item not in this ballot."),
    "ballot.unknown": ("Votazione sconosciuta.", "Unknown ballot."),
    "ballot.locked": (
        "La votazione ha già ricevuto voti: metodo, voci e regole non si cambiano più.",
        "The ballot has votes: its method, items and rules can no longer change.",
    ),
    "ballot.frozen": ("I risultati della votazione chiusa sono congelati.", "The closed ballot's results are frozen."),
    "ballot.already_open": (
        "C'è già una votazione aperta in questa sessione: chiudila prima.",
        "A ballot is already open in this session: close it first.",
    ),
    "ballot.no_items": (
        "Nessuna voce da votare: servono contributi approvati nella fase in corso o voci proposte dagli organizzatori.",
        "Nothing to vote on: approved contributions of the current phase or organisers' items are needed.",
    ),
    "ballot.cap_over_budget": (
        "{field}: il tetto per voce non può superare il budget.",
        "{field}: the cap per item cannot exceed the budget.",
    ),
    "ballot.delegates_only": ("Votano i delegati degli enti.", "Only the organisations' delegates vote."),
    "ballot.paper_methods": (
        "I conteggi su carta valgono per il voto a punti e per l'approvazione.",
        "Paper counts apply to dot voting and approval.",
    ),
    "field.method": ("Metodo", "Method"),
    "field.budget": ("Punti per organizzazione", "Points per organisation"),
    "field.cap": ("Tetto per voce", "Cap per item"),
    "field.dimensions": ("Dimensioni", "Dimensions"),
    "field.top_k": ("Quante voci ordinare", "How many items to rank"),
    "vote.heading": ("Votazione: {method}", "Ballot: {method}"),
    "vote.org_ballot": (
        "Una scheda per organizzazione: qualunque delegato di {organisation} può votare o cambiare il voto; conta l'ultimo.",
        "One ballot per organisation: any delegate of {organisation} can vote or change it; the last one counts.",
    ),
    "vote.own_ballot": ("Scheda personale: conta l'ultimo voto che invii.", "Personal ballot: your last vote counts."),
    "vote.last": ("Ultimo voto registrato: {who}, {when}.", "Last vote recorded: {who}, {when}."),
    "vote.none": ("La tua organizzazione non ha ancora votato.", "Your organisation has not voted yet."),
    "vote.remaining": ("Punti rimasti: **{left}** di {budget}", "Points left: **{left}** of {budget}"),
    "vote.over.one": ("Hai superato il budget di {n} punto.", "You are {n} point over budget."),
    "vote.over.other": ("Hai superato il budget di {n} punti.", "You are {n} points over budget."),
    "vote.points_for": ("Punti a «{title}» (max {cap})", "Points to «{title}» (max {cap})"),
    "vote.rate": ("{dimension} di «{title}»", "{dimension} of «{title}»"),
    "vote.dont_know": ("non so", "don't know"),
    "vote.submit": ("Registra il voto", "Record the vote"),
    "vote.saved": (
        "Voto registrato alle {time}. Puoi cambiarlo fino alla chiusura.",
        "Vote recorded at {time}. You can change it until the close.",
    ),
    "vote.results_hidden": ("I risultati saranno mostrati alla chiusura.", "Results will be shown at the close."),
    "vote.turnout.one": ("{n} di {eligible} {unit} ha votato", "{n} of {eligible} {unit} has voted"),
    "vote.turnout.other": ("{n} di {eligible} {unit} hanno votato", "{n} of {eligible} {unit} have voted"),
    "unit.organizzazioni": ("organizzazioni", "organisations"),
    "unit.delegati": ("delegati", "delegates"),
    "bal.heading": ("Votazioni", "Ballots"),
    "bal.open_heading": ("Apri una votazione sulla fase in corso", "Open a ballot on the current phase"),
    "bal.items_preview": ("Voci in votazione ({n})", "Items on the ballot ({n})"),
    "bal.per_delegate": (
        "Una scheda per delegato (invece che per organizzazione)",
        "One ballot per delegate (instead of per organisation)",
    ),
    "bal.open": ("Apri la votazione", "Open the ballot"),
    "bal.close": ("Chiudi e congela i risultati", "Close and freeze the results"),
    "bal.show_live": (
        "Mostra i risultati dal vivo ai delegati e sul proiettore",
        "Show live results to delegates and on the projector",
    ),
    "bal.locked_note": (
        "Dopo il primo voto metodo, voci e regole sono bloccati.",
        "After the first vote, method, items and rules are locked.",
    ),
    "bal.paper": ("Alzata di mano (conteggio anonimo)", "Show of hands (anonymous count)"),
    "bal.item": ("Voce", "Item"),
    "bal.seed_heading": ("Voci proposte dagli organizzatori", "Items seeded by the organisers"),
    "bal.seed_add": ("Aggiungi la voce", "Add the item"),
    "bal.all_process": ("Tutte le votazioni del percorso", "Every ballot of the process"),
    "bal.history": ("Votazioni della sessione", "Ballots of the session"),
    "bal.history_none": (
        "Nessuna votazione chiusa in questa sessione: le chiuse restano qui, con i risultati congelati.",
        "No ballot closed in this session yet: closed ones stay here, with their frozen results.",
    ),
    "bal.snapshot": ("Risultati congelati alla chiusura ({when})", "Results frozen at the close ({when})"),
    "bal.by_org": ("Schede per organizzazione (solo organizzatori)", "Ballots by organisation (organisers only)"),
    "bal.status.aperta": ("aperta", "open"),
    "bal.status.chiusa": ("chiusa", "closed"),
    "res.title": ("Risultati", "Results"),
    "res.points": ("Punti", "Points"),
    "res.approval": ("Approvazione (%)", "Approval (%)"),
    "res.borda": ("Punteggio Borda medio", "Mean Borda score"),
    "res.mean": ("Media", "Mean"),
    "res.consensus": ("consenso", "consensus"),
    "res.paper": ("alzata di mano, a parte", "show of hands, apart"),
    "res.caption": (
        "✔ = condivisa tra i Municipi e tra i settori di attività: il consenso informato dai gruppi (prodotto delle quote di sostegno dei gruppi, lisciate) ha media geometrica almeno 0,6 su entrambi. In arancione le voci «controverse»: media alta ma consenso basso.",
        "✔ = shared across Municipi and activity fields: the group-informed consensus (product of the groups' smoothed support shares) has a geometric mean of at least 0.6 over both. Orange: «controversial» items, high mean but low consensus.",
    ),
    "res.method.punti": (
        "Metodo: somma dei punti delle schede (l'ultima di ogni organizzazione, dal portatile, per delega o su carta); quota sul totale; ampiezza = quota di organizzazioni che hanno dato almeno un punto. Le alzate di mano sono mostrate a parte.",
        "Method: sum of the points of the ballots (the last one of each organisation, on a laptop, by proxy or on paper); share of the total; breadth = share of organisations giving at least a point. Shows of hands are shown apart.",
    ),
    "res.method.approvazione": (
        "Metodo: quota delle schede (portatile, delega o carta) che approvano la voce; le alzate di mano sono mostrate a parte.",
        "Method: share of ballots (laptop, proxy or paper) approving the item; shows of hands are shown apart.",
    ),
    "res.method.ordinamento": (
        "Metodo: Borda medio (con n voci, la posizione r vale n−r; le voci non ordinate si dividono i punti rimasti).",
        "Method: mean Borda (with n items, rank r is worth n−r; unranked items share the points left).",
    ),
    "res.method.valutazione": (
        "Metodo: media e mediana 1-5 («non so» escluso); consenso di Tastle-Wierman (1 = tutti d'accordo, 0 = due campi opposti).",
        "Method: mean and median 1-5 («don't know» excluded); Tastle-Wierman consensus (1 = full agreement, 0 = two opposite camps).",
    ),
    "res.condorcet": (
        "Vincitore di Condorcet: «{title}» (preferita a ogni altra voce dalla maggioranza).",
        "Condorcet winner: «{title}» (preferred to every other item by a majority).",
    ),
    "res.no_condorcet": ("Nessun vincitore di Condorcet.", "No Condorcet winner."),
    "res.matrix": ("Importanza × fattibilità", "Importance × feasibility"),
    "res.quadrant.vittorie_rapide": ("Vittorie rapide", "Quick wins"),
    "res.quadrant.scommesse_strategiche": ("Scommesse strategiche", "Strategic bets"),
    "res.quadrant.se_facile": ("Da fare se semplice", "Do if easy"),
    "res.quadrant.da_rimandare": ("Da rimandare", "To postpone"),
    "res.table": ("Tabella dei risultati", "Results table"),
    "res.voters": ("Schede: {n}", "Ballots: {n}"),
    # -- percorsi, applications and admission (issue: a real procedure)
    "admission.refused_ricevuta": (
        "La domanda della tua organizzazione risulta ancora in esame (ricevuta): non puoi ancora partecipare. Rivolgiti alla segreteria.",
        "Your organisation's application is still being examined (received): you cannot take part yet. Please contact the secretariat.",
    ),
    "admission.refused_non_ammessa": (
        "La domanda della tua organizzazione risulta non ammessa: non puoi partecipare. Rivolgiti alla segreteria.",
        "Your organisation's application was not admitted: you cannot take part. Please contact the secretariat.",
    ),
    "process.archived": ("Il percorso è archiviato: si può solo consultare.", "The process is archived: read-only."),
    "process.closed": (
        "Il percorso è chiuso: non si accettano più contributi, voti o presenze.",
        "The process is closed: no more contributions, votes or check-ins.",
    ),
    "process.other_process": (
        "Questa sessione appartiene a un altro percorso.",
        "This session belongs to another process.",
    ),
    "process.duplicate": ("{field}: esiste già un percorso «{title}».", "{field}: a process «{title}» already exists."),
    "process.not_running": ("Il percorso non è in corso.", "The process is not running."),
    "process.open_ballots": (
        "Ci sono votazioni aperte: chiudile prima di chiudere il percorso.",
        "Some ballots are still open: close them before closing the process.",
    ),
    "process.archive_needs_closed": ("Si archivia solo un percorso chiuso.", "Only a closed process can be archived."),
    "process.reopen_needs_closed": (
        "Si riapre solo un percorso chiuso (non archiviato).",
        "Only a closed (not archived) process can be reopened.",
    ),
    "process.only_demo_deleted": (
        "Si può eliminare solo il percorso demo: gli atti di un percorso reale si conservano.",
        "Only the demo process can be deleted: a real process's records are kept.",
    ),
    "process.confirm_title": (
        "{field}: scrivi il titolo esatto del percorso per confermare.",
        "{field}: type the exact title of the process to confirm.",
    ),
    "process.purge_needs_closed": (
        "Si cancellano i dati personali solo di un percorso chiuso.",
        "Personal data can be erased only for a closed process.",
    ),
    "process.retention_running": (
        "Il periodo di conservazione dura fino al {until}: i dati personali non si possono ancora cancellare.",
        "The retention period lasts until {until}: personal data cannot be erased yet.",
    ),
    "session.duplicate": (
        "{field}: esiste già una sessione «{title}» in questo percorso.",
        "{field}: a session «{title}» already exists in this process.",
    ),
    "validation.fiscal_code_person": (
        "{field}: «{value}» è un codice fiscale di persona fisica (16 caratteri): l'avviso esclude le persone fisiche, serve il codice fiscale dell'ente (11 cifre).",
        "{field}: «{value}» is a natural person's tax code (16 characters): the notice excludes natural persons, the entity's 11-digit tax code is needed.",
    ),
    "validation.bad_date": (
        "{field}: data non valida «{value}» (gg/mm/aaaa).",
        "{field}: invalid date «{value}» (dd/mm/yyyy).",
    ),
    "validation.bad_datetime": (
        "{field}: data e ora non valide «{value}» (gg/mm/aaaa hh:mm).",
        "{field}: invalid date and time «{value}» (dd/mm/yyyy hh:mm).",
    ),
    "validation.yes_no": ("{field}: scrivi sì o no (non «{value}»).", "{field}: write yes or no (not «{value}»)."),
    "validation.deadline_before_avviso": (
        "{field}: la scadenza precede la data dell'avviso.",
        "{field}: the deadline is before the notice's date.",
    ),
    "validation.session_before_deadline": (
        "{field}: la sessione «{session}» è prima della scadenza delle domande ({deadline}).",
        "{field}: the session «{session}» is before the application deadline ({deadline}).",
    ),
    "validation.session_outside_process": (
        "{field}: la sessione «{session}» è fuori dalle date del percorso.",
        "{field}: the session «{session}» is outside the process's dates.",
    ),
    "validation.delegate_exists": (
        "{field}: il delegato «{name}» è già registrato per questo ente.",
        "{field}: the delegate «{name}» is already registered for this organisation.",
    ),
    "delegate.not_active": (
        "Questo delegato è stato sostituito o i suoi dati sono stati cancellati.",
        "This delegate was replaced or their data erased.",
    ),
    "delegate.duplicate": (
        "{field}: «{name}» è già delegato di questo ente.",
        "{field}: «{name}» is already a delegate of this organisation.",
    ),
    "field.avviso_protocol": ("Protocollo dell'avviso", "Notice protocol number"),
    "field.avviso_date": ("Data dell'avviso", "Notice date"),
    "field.application_deadline": ("Scadenza delle domande", "Application deadline"),
    "field.pec": ("PEC per le domande", "Certified email (PEC) for applications"),
    "field.contact": ("Contatto della segreteria", "Secretariat contact"),
    "field.retention_months": (
        "Conservazione dei dati personali (mesi dalla chiusura)",
        "Personal data kept for (months after closing)",
    ),
    "field.privacy_controller": ("Titolare del trattamento", "Data controller"),
    "field.privacy_text": ("Informativa privacy (art. 13 GDPR)", "Privacy notice (art. 13 GDPR)"),
    "field.received_at": ("Arrivo della PEC", "PEC received"),
    "field.experience": ("Esperienza nel triennio 2022-2024", "Experience 2022-2024"),
    "field.coherent_activities": ("Attività coerenti nel triennio", "Coherent activities in 2022-2024"),
    "field.confirm": ("Conferma", "Confirmation"),
    "count.organisations.one": ("{n} organizzazione", "{n} organisation"),
    "count.organisations.other": ("{n} organizzazioni", "{n} organisations"),
    "count.delegates.one": ("{n} delegato", "{n} delegate"),
    "count.delegates.other": ("{n} delegati", "{n} delegates"),
    "count.contributions.one": ("{n} contributo", "{n} contribution"),
    "count.contributions.other": ("{n} contributi", "{n} contributions"),
    "vote.last_proxy": (
        "Ultima scheda: per delega da {who} ({organisation}), {when}",
        "Last ballot: by proxy, {who} ({organisation}), {when}",
    ),
    "vote.last_paper": (
        "Ultima scheda: su carta, registrata da {who}, {when}",
        "Last ballot: on paper, entered by {who}, {when}",
    ),
    "vote.proxy_heading": ("Voto per delega: {organisation}", "Proxy vote: {organisation}"),
    "vote.proxy_help": (
        "Hai la delega di questo ente in questa sessione (registrata dal facilitatore): la sua scheda è separata dalla tua e risulta votata per delega.",
        "You hold this organisation's delega in this session (recorded by the facilitator): its ballot is apart from yours and shows as a proxy vote.",
    ),
    "vote.submit_proxy": ("Vota per {organisation}", "Vote for {organisation}"),
    "bal.paper_ballot": ("Scheda su carta di un ente", "An organisation's paper ballot"),
    "bal.paper_org": ("Ente", "Organisation"),
    "bal.paper_over_laptop": (
        "Questo ente ha già votato dal portatile: la scheda su carta la sostituisce solo se lo confermi.",
        "This organisation already voted on a laptop: the paper ballot replaces it only if you confirm.",
    ),
    "bal.paper_replace": (
        "Sostituisci la scheda del portatile con quella su carta",
        "Replace the laptop ballot with the paper one",
    ),
    "bal.paper_save": ("Registra la scheda su carta", "Record the paper ballot"),
    "bal.paper_saved": ("Scheda su carta di {organisation} registrata.", "Paper ballot of {organisation} recorded."),
    "bal.hands_help": (
        "Conteggi anonimi (alzata di mano): mostrati a parte, non sommati alle schede, perché non si può escludere che un ente abbia votato anche dal portatile.",
        "Anonymous counts (show of hands): shown apart, not added to the ballots, since an organisation may also have voted on a laptop.",
    ),
    "ballot.no_delegation": (
        "Non risulti delegato di questo ente in questa sessione (la delega la registra il facilitatore).",
        "You do not hold this organisation's delega in this session (the facilitator records it).",
    ),
    "ballot.no_proxy_per_delegate": (
        "Nelle votazioni per delegato non si vota per delega.",
        "No proxy votes in per-delegate ballots.",
    ),
    "ballot.already_voted_laptop": (
        "Questo ente ha già votato dal portatile: per sostituire quella scheda con quella su carta conferma la sostituzione.",
        "This organisation already voted on a laptop: confirm the replacement to enter its paper ballot instead.",
    ),
    "ballot.paper_per_organisation": (
        "Le schede su carta si registrano per ente: non nelle votazioni per delegato.",
        "Paper ballots are per organisation: not in per-delegate ballots.",
    ),
    "console.silent": ("Giro silenzioso", "Silent round"),
    "console.reveal": ("Rivela a tutti", "Reveal to everyone"),
    "console.silent_help": (
        "Finché è attivo, delegati e proiettore non vedono i contributi degli altri né i grafici di questa sessione; «Rivela a tutti» li mostra in un colpo.",
        "While on, delegates and the projector see neither the others' contributions nor this session's charts; «Reveal to everyone» shows them at once.",
    ),
    "console.silent_on": (
        "Giro silenzioso in corso: i contributi arrivano ma restano nascosti a delegati e proiettore.",
        "Silent round on: contributions arrive but stay hidden from delegates and the projector.",
    ),
    "silent.delegate": (
        "Giro silenzioso: vedi solo i tuoi contributi. Il facilitatore mostrerà quelli di tutti alla fine del giro.",
        "Silent round: you see only your own contributions. The facilitator will show everyone's at the end of the round.",
    ),
    "silent.reading": (
        "Una sessione è in un giro silenzioso: i suoi bisogni non compaiono finché il facilitatore non li rivela.",
        "A session is in a silent round: its needs do not appear until the facilitator reveals them.",
    ),
    "silent.projector": (
        "Giro silenzioso: i contributi arrivano e saranno mostrati tutti insieme.",
        "Silent round: contributions are arriving and will be shown all together.",
    ),
    "mine.pending_edit": (
        "La tua modifica («{title}») attende l'approvazione del moderatore: intanto tutti vedono il testo approvato.",
        "Your edit («{title}») is waiting for the moderator: meanwhile everyone sees the approved text.",
    ),
    "mine.edit_waits": (
        "Modifica inviata: la vedranno tutti quando il moderatore la approva.",
        "Edit sent: everyone will see it once the moderator approves it.",
    ),
    "mod.revisions": ("Modifiche in attesa ({n})", "Edits waiting ({n})"),
    "mod.revision_public": ("Testo pubblico (approvato):", "Public text (approved):"),
    "mod.revision_proposed": ("Modifica proposta dall'autore:", "Edit proposed by the author:"),
    "mod.revision_approve": ("Approva la modifica", "Approve the edit"),
    "mod.revision_reject": ("Respingi (resta il testo approvato)", "Reject (the approved text stays)"),
    "moderation.reactions_withdrawn": (
        "Ora coautori della voce, quindi senza reazione né adesione su di essa (ritirate e registrate): {names}.",
        "Now co-authors of the item, so without a reaction or co-signature on it (withdrawn and recorded): {names}.",
    ),
    "reactions.withdraw_first": (
        "Prima di diventare coautore, l'ente deve ritirare la sua reazione su questa voce.",
        "Before becoming a co-author, the organisation must withdraw its reaction on this item.",
    ),
    "moderation.unknown_revision": ("Modifica già decisa o sconosciuta.", "Edit already decided or unknown."),
    "modaction.approva_modifica": ("approva la modifica", "approves the edit"),
    "modaction.respinge_modifica": ("respinge la modifica", "rejects the edit"),
    # column names of the files people download
    "col.area": ("area", "area"),
    "col.label": ("etichetta", "label"),
    "col.count": ("numero", "count"),
    "col.municipio": ("municipio", "municipio"),
    "col.needs": ("bisogni", "needs"),
    "col.mean_intensity": ("intensita_media", "mean_intensity"),
    "col.over65": ("residenti_65_e_piu", "residents_65_plus"),
    "col.over80_alone": ("over80_soli", "over80_alone"),
    "col.per_10k_over65": ("bisogni_per_10000_over65", "needs_per_10000_over65"),
    "col.estimated": ("stima", "estimated"),
    "col.nil": ("nil", "nil"),
    "col.name": ("nome", "name"),
    "col.target": ("destinatari", "target_group"),
    "col.title": ("titolo", "title"),
    "col.intensity": ("intensita", "intensity"),
    "col.trend": ("andamento", "trend"),
    "col.word": ("parola", "word"),
    "col.share_needs": ("quota_bisogni", "share_of_needs"),
    "col.share_over65": ("quota_over65", "share_of_over65"),
    "col.share_over80_alone": ("quota_over80_soli", "share_of_over80_alone"),
    "col.gap": ("scarto", "gap"),
    "col.time": ("ora", "time"),
    "col.type": ("tipo", "type"),
    "col.cumulative": ("cumulato", "cumulative"),
    "res.col.breadth": ("Ampiezza", "Breadth"),
    "res.col.share": ("Quota", "Share"),
    "res.col.mean": ("{dimension}: media", "{dimension}: mean"),
    "res.col.median": ("{dimension}: mediana", "{dimension}: median"),
    "res.col.consensus": ("{dimension}: consenso", "{dimension}: consensus"),
    "res.col.controversial": ("Controversa", "Controversial"),
    "res.col.all_municipi": ("Consenso tra Municipi", "Consensus across Municipi"),
    "res.col.all_fields": ("Consenso tra settori", "Consensus across fields"),
    "form.where": ("Dove", "Where"),
    "form.required_legend": ("I campi con * sono obbligatori.", "Fields marked * are required."),
    "form.optional": ("facoltativo", "optional"),
    "form.fix_fields.one": (
        "{n} campo da completare o correggere: {fields}.",
        "{n} field to complete or correct: {fields}.",
    ),
    "form.fix_fields.other": (
        "{n} campi da completare o correggere: {fields}.",
        "{n} fields to complete or correct: {fields}.",
    ),
    "form.choose_one": ("Scegli…", "Choose…"),
    "form.nils_first": ("Scegli prima il Municipio", "Choose the Municipio first"),
    "form.nils_help": (
        "Facoltativo: i quartieri (NIL) dei Municipi scelti.",
        "Optional: the neighbourhoods (NIL) of the Municipi chosen.",
    ),
    "form.intensity_help": ("1 = lieve, 5 = molto grave.", "1 = mild, 5 = very serious."),
    "withheld.nascosto.one": ("{n} nascosto dalla moderazione", "{n} hidden by moderation"),
    "withheld.nascosto.other": ("{n} nascosti dalla moderazione", "{n} hidden by moderation"),
    "withheld.nuovo.one": ("{n} in attesa di moderazione", "{n} awaiting moderation"),
    "withheld.nuovo.other": ("{n} in attesa di moderazione", "{n} awaiting moderation"),
    "withheld.reason": (" – motivo: {reason}", " – reason: {reason}"),
    "count.attendance.one": ("{n} presenza", "{n} attendance"),
    "count.attendance.other": ("{n} presenze", "{n} attendances"),
    "count.ballots.one": ("{n} votazione", "{n} ballot"),
    "count.ballots.other": ("{n} votazioni", "{n} ballots"),
    "nav.privacy": ("Informativa privacy", "Privacy notice"),
    "process.none_yet": (
        "Nessun percorso: crealo con «python -m coprog new-process --title ...».",
        "No process yet: create it with «python -m coprog new-process --title ...».",
    ),
    "process.status.attivo": ("in corso", "running"),
    "process.status.chiuso": ("chiuso", "closed"),
    "process.status.archiviato": ("archiviato", "archived"),
    "process.band.chiuso": (
        "Percorso chiuso: non si accettano contributi, voti o presenze; gli atti si possono ancora completare.",
        "Closed process: no contributions, votes or check-ins; the records can still be completed.",
    ),
    "process.band.archiviato": (
        "Percorso archiviato: sola consultazione. Gli atti e i dati aperti si possono generare.",
        "Archived process: read-only. Records and open data can still be generated.",
    ),
    "process.picker": ("Percorso", "Process"),
    "process.avviso": ("Avviso pubblico e domande", "Public notice and applications"),
    "process.deadline_time": ("Ora della scadenza", "Deadline time"),
    "process.contact_help": (
        "Email o telefono: lo vedono i delegati se la loro domanda non risulta ammessa.",
        "Email or phone: delegates see it if their application is not admitted.",
    ),
    "process.privacy_help": (
        "Se lo lasci vuoto, l'informativa è composta dai dati del percorso (titolare, finalità, dati, conservazione, diritti, contatto).",
        "If left empty, the notice is composed from the process's data (controller, purpose, data, retention, rights, contact).",
    ),
    "process.life": ("Stato del percorso", "Process state"),
    "process.make_current": ("Rendi corrente per tutti", "Make current for everyone"),
    "process.make_current_help": (
        "Le pagine dello staff si aprono su questo percorso.",
        "Staff pages open on this process.",
    ),
    "process.close": ("Chiudi il percorso", "Close the process"),
    "process.close_help": (
        "Niente più contributi, voti o presenze; gli atti si completano; parte il periodo di conservazione.",
        "No more contributions, votes or check-ins; records can be completed; the retention period starts.",
    ),
    "process.reopen": ("Riapri il percorso", "Reopen the process"),
    "process.archive": ("Archivia (sola lettura)", "Archive (read-only)"),
    "process.archive_help": (
        "Un percorso archiviato non accetta più modifiche; gli atti si possono ancora generare.",
        "An archived process accepts no more changes; records can still be generated.",
    ),
    "process.retention_until": (
        "Dati personali dei delegati conservati fino al {day} (poi: python -m coprog purge).",
        "Delegates' personal data kept until {day} (then: python -m coprog purge).",
    ),
    "process.delete_demo": ("Elimina il percorso demo", "Delete the demo process"),
    "process.delete_demo_help": (
        "Elimina il percorso demo con tutto ciò che contiene (enti, delegati, sessioni, contributi, voti, registro). Gli altri percorsi non vengono toccati. L'eliminazione resta nel registro delle attività.",
        "Deletes the demo process with everything it holds (organisations, delegates, sessions, contributions, votes, log). Other processes are untouched. The deletion stays in the audit log.",
    ),
    "process.delete_demo_confirm": ("Per confermare scrivi il titolo: {title}", "To confirm type the title: {title}"),
    "process.delete_demo_do": ("Elimina definitivamente", "Delete for good"),
    "process.demo_deleted": ("Percorso demo eliminato.", "Demo process deleted."),
    "process.new": ("Nuovo percorso", "New process"),
    "demo.band": (
        "DEMO · percorso dimostrativo: enti, persone e contenuti sono di fantasia.",
        "DEMO · demonstration process: organisations, people and content are fictional.",
    ),
    "firstrun.heading": ("Primo avvio: il percorso", "First run: the process"),
    "firstrun.intro": (
        "Il database è vuoto. Crea il percorso di co-programmazione (poi la sua prima sessione), oppure prova la demo con enti di fantasia: la potrai eliminare in ogni momento.",
        "The database is empty. Create the co-programming process (then its first session), or try the demo with fictional organisations: you can delete it at any time.",
    ),
    "firstrun.create": ("Crea il percorso", "Create the process"),
    "firstrun.create_do": ("Crea il percorso", "Create the process"),
    "firstrun.created": ("Percorso creato: ora la prima sessione.", "Process created: now its first session."),
    "firstrun.demo": ("Prova la demo", "Try the demo"),
    "firstrun.demo_help": (
        "30 enti di fantasia, una plenaria e tre tavoli con bisogni, proposte e una votazione.",
        "30 fictional organisations, a plenary and three tables with needs, proposals and a ballot.",
    ),
    "firstrun.demo_do": ("Crea la demo", "Create the demo"),
    "firstrun.demo_wait": ("Creo la demo…", "Creating the demo…"),
    "home.first_run": (
        "Primo avvio: non c'è ancora un percorso. Gli organizzatori entrano dal riquadro dello staff qui sotto, con la password stampata da «make run», e lo creano oppure provano la demo.",
        "First run: there is no process yet. Organisers sign in in the staff box below, with the password printed by «make run», and create it or try the demo.",
    ),
    "home.contact": ("Segreteria del percorso: {contact}", "Process secretariat: {contact}"),
    "lan.unset": (
        "Questo computer non ha un indirizzo di rete: link e QR indicano localhost e funzionano solo qui."
        " Collegalo alla rete della sala, o avvia con COPROG_BASE_URL impostato (vedi README, «In sala»).",
        "This computer has no network address: links and QR codes say localhost and work only here."
        " Connect it to the venue's network, or start with COPROG_BASE_URL set (see README, «At the venue»).",
    ),
    "lan.localhost": (
        "COPROG_BASE_URL indica localhost, ma questa pagina arriva da un altro indirizzo: link e QR non funzionano sui portatili dei delegati. Usa: {where} (vedi README, «In sala»).",
        "COPROG_BASE_URL points to localhost, but this page came from another address: links and QR codes will not work on delegates' laptops. Use: {where} (see README, «At the venue»).",
    ),
    "lan.no_address": (
        "nessun indirizzo di rete trovato su questa macchina",
        "no network address found on this machine",
    ),
    "att.lost_link": ("Delegato senza link", "Delegate without their link"),
    "att.lost_link_help": (
        "Registra l'ingresso e consegna un nuovo codice personale (il vecchio smette di funzionare). Resta nel registro delle attività.",
        "Checks them in and hands a new personal code (the old one stops working). Recorded in the audit log.",
    ),
    "att.lost_link_do": ("Nuovo codice e ingresso", "New code and check-in"),
    "att.new_code": ("Nuovo codice per {name}: **{code}**", "New code for {name}: **{code}**"),
    "att.new_code_qr": (
        "QR del link personale: da inquadrare con il telefono del delegato",
        "QR of the personal link: to scan with the delegate's phone",
    ),
    "att.new_code_done": ("Fatto, nascondi", "Done, hide"),
    "org.add_delegate": ("Aggiungi un delegato a un ente", "Add a delegate to an organisation"),
    "org.add_delegate_do": ("Aggiungi il delegato", "Add the delegate"),
    "org.replace_delegate": ("Sostituisci un delegato", "Replace a delegate"),
    "org.replace_delegate_do": (
        "Sostituisci (il vecchio codice smette subito di funzionare)",
        "Replace (the old code stops working at once)",
    ),
    "org.replacement_name": ("Nome del nuovo delegato", "New delegate's name"),
    "org.one_card": ("Un solo invito da stampare", "One invitation to print"),
    "org.card_not_admitted": (
        "L'ente di questo delegato non è ammesso: nessun invito.",
        "This delegate's organisation is not admitted: no invitation.",
    ),
    "org.assign_help": (
        "Le sessioni scelte sostituiscono quelle assegnate prima.",
        "The sessions chosen replace those assigned before.",
    ),
    "org.revoke_facilitator": ("Revoca il codice", "Revoke the code"),
    "org.code_revoked": ("revocato", "revoked"),
    "org.migration_flagged": (
        "Enti con un codice fiscale di persona fisica (l'avviso le esclude): {orgs}, conservati ma non ammissibili finché non si corregge il codice. {names}",
        "Organisations with a natural person's tax code (excluded by the notice): {orgs}, kept but not admissible until the code is corrected. {names}",
    ),
    "prep.first_session": (
        "Il percorso è pronto: crea la sua prima sessione (di solito la plenaria di avvio).",
        "The process is ready: create its first session (usually the opening plenary).",
    ),
    "prep.column": ("Colonna", "Column"),
    "prep.imported.one": (
        "Importata {n} domanda (stato «ricevuta»): decidi l'esito nella scheda Ammissione.",
        "Imported {n} application (status «received»): decide in the Admission tab.",
    ),
    "prep.imported.other": (
        "Importate {n} domande (stato «ricevuta»): decidi l'esito nella scheda Ammissione.",
        "Imported {n} applications (status «received»): decide in the Admission tab.",
    ),
    "prep.cf_help": (
        "Codice fiscale dell'ente: 11 cifre. L'avviso esclude le persone fisiche.",
        "The organisation's tax code: 11 digits. The notice excludes natural persons.",
    ),
    "prep.received_time": ("Ora di arrivo della PEC", "PEC arrival time"),
    "prep.not_stated": ("non indicato", "not stated"),
    "prep.yes": ("sì", "yes"),
    "prep.no": ("no", "no"),
    "prep.on_time": ("Nei termini", "On time"),
    "prep.reason": ("Motivazione", "Reason"),
    "prep.reason_help": (
        "Obbligatoria per «non ammessa»; resta nel registro delle attività.",
        "Required for «not admitted»; kept in the audit log.",
    ),
    "prep.flag": ("Da rivedere", "To review"),
    "prep.cf_person_flag": ("codice fiscale di persona fisica", "natural person's tax code"),
    "prep.impact": (
        "{name} aveva già partecipato: {sessions}, {contributions}, {votes} (di cui in votazioni aperte: {open_votes}). Restano registrati e sono segnalati come di un ente non ammesso; da ora l'ente non può più partecipare.",
        "{name} had already taken part: {sessions}, {contributions}, {votes} (in open ballots: {open_votes}). They stay recorded, flagged as from an organisation not admitted; from now on it cannot take part.",
    ),
    "count.sessions.one": ("{n} sessione", "{n} session"),
    "count.sessions.other": ("{n} sessioni", "{n} sessions"),
    "count.votes.one": ("{n} scheda", "{n} ballot"),
    "count.votes.other": ("{n} schede", "{n} ballots"),
    "prep.lists": ("Elenchi da pubblicare", "Lists to publish"),
    "prep.decide": ("Esito delle domande", "Outcome of the applications"),
    "prep.all_on_time": (
        "Tutte le domande ancora da esaminare arrivate nei termini ({n})",
        "Every application still to examine that arrived on time ({n})",
    ),
    "prep.all_on_time_help": (
        "Oltre a quelle scelte qui sotto. Le domande tardive e i codici fiscali di persona fisica restano fuori.",
        "On top of those chosen below. Late applications and natural persons' tax codes are left out.",
    ),
    "prep.organisations": ("Enti", "Organisations"),
    "prep.decided.one": ("Esito registrato per {n} ente.", "Outcome recorded for {n} organisation."),
    "prep.decided.other": ("Esito registrato per {n} enti.", "Outcome recorded for {n} organisations."),
    "field.organisations": ("Enti", "Organisations"),
    "prep.applications": ("Domande ed esito", "Applications and outcome"),
    "rev.not_admitted_flag": (
        "⚠ Ente non ammesso ({admission}): contributo conservato e segnalato.",
        "⚠ Organisation not admitted ({admission}): contribution kept and flagged.",
    ),
    "privacy.heading": ("Informativa privacy", "Privacy notice"),
    "privacy.no_process": (
        "Nessun percorso: l'informativa sarà pubblicata con il percorso.",
        "No process yet: the notice will be published with the process.",
    ),
    "privacy.first_heading": (
        "Prima di iniziare: come trattiamo i tuoi dati",
        "Before you start: how we handle your data",
    ),
    "privacy.ack": ("Ho letto l'informativa", "I have read the notice"),
    "privacy.controller_missing": ("Comune di Milano", "Comune di Milano"),
    "privacy.contact_missing": ("la segreteria del percorso", "the process secretariat"),
    "privacy.h.text": ("Informativa", "Notice"),
    "privacy.h.controller": ("Titolare del trattamento", "Data controller"),
    "privacy.h.purpose": ("Finalità e base giuridica", "Purpose and legal basis"),
    "privacy.h.data": ("Quali dati", "Which data"),
    "privacy.h.retention": ("Per quanto tempo", "For how long"),
    "privacy.h.rights": ("I tuoi diritti", "Your rights"),
    "privacy.h.contact": ("A chi rivolgerti", "Whom to contact"),
    "privacy.purpose": (
        "Gestire il percorso di co-programmazione «{title}» (art. 55 D.Lgs. 117/2017): registro delle presenze, verbali, contributi e votazioni dell'ente che rappresenti. Base giuridica: esecuzione di un compito di interesse pubblico (art. 6.1.e GDPR).",
        "Running the co-programming process «{title}» (art. 55 Legislative Decree 117/2017): attendance register, minutes, contributions and ballots of the organisation you represent. Legal basis: a task carried out in the public interest (art. 6.1.e GDPR).",
    ),
    "privacy.data": (
        "Nome, ruolo ed email del delegato, il codice personale, gli orari di ingresso e uscita. Contributi e voti sono attribuiti all'ente, non alla persona, nei documenti pubblicati e nei dati aperti.",
        "The delegate's name, role and email, the personal code, check-in and check-out times. Contributions and votes are attributed to the organisation, not the person, in published documents and open data.",
    ),
    "privacy.retention": (
        "Fino a {months} mesi dalla chiusura del percorso; poi i dati personali dei delegati sono cancellati e restano gli atti con gli enti.",
        "Up to {months} months after the process closes; then the delegates' personal data are erased and the records stay with the organisations.",
    ),
    "privacy.rights": (
        "Accesso, rettifica, cancellazione, limitazione e opposizione (artt. 15-21 GDPR); reclamo al Garante per la protezione dei dati personali.",
        "Access, rectification, erasure, restriction and objection (arts. 15-21 GDPR); complaint to the Italian Data Protection Authority.",
    ),
    # -- the command line (coprog/cli.py) --
    "invites.unknown_format": (
        "Formato non supportato: {suffix} (usa .csv, .html o .pdf)",
        "Unsupported format: {suffix} (use .csv, .html or .pdf)",
    ),
    "cli.password": (
        "Password degli organizzatori su questa macchina (conservala, non verrà più mostrata): {password}",
        "Organisers' password on this machine (keep it, it will not be shown again): {password}",
    ),
    "cli.demo_created_setup": (
        "Creato il percorso demo in {path} (eliminabile da Preparazione). Per partire senza demo su un database nuovo: make run DEMO=0.",
        "Demo process created in {path} (it can be deleted from Preparazione). To start without the demo on a new database: make run DEMO=0.",
    ),
    "cli.ready_empty": (
        "Database pronto in {path}: nessun percorso, lo crea un organizzatore dall'app.",
        "Database ready in {path}: no process yet, an organiser creates it in the app.",
    ),
    "cli.password_hint": (
        "Accesso organizzatori: la password stampata al primo avvio (nuova password: make password).",
        "Organisers sign in with the password printed at the first start (a new one: make password).",
    ),
    "cli.demo_created": (
        "Creato il percorso demo in {path}: {organisations} ETS, {delegates} delegati, {sessions} sessioni.",
        "Demo process created in {path}: {organisations} organisations, {delegates} delegates, {sessions} sessions.",
    ),
    "cli.demo_exists": (
        "Il percorso demo esiste già in {path}: nulla da fare (usa --reset per ricrearlo).",
        "The demo process already exists in {path}: nothing to do (--reset recreates it).",
    ),
    "cli.process_exists": (
        "Il percorso «{title}» esiste già con questi dati (id {id}): nulla da fare.",
        "The process «{title}» already exists with these data (id {id}): nothing to do.",
    ),
    "cli.process_created": (
        "Creato il percorso {id}: «{title}» (ora è il percorso corrente).",
        "Created process {id}: «{title}» (now the current process).",
    ),
    "cli.session_exists": (
        "La sessione «{title}» esiste già nel percorso {process} (id {id}): nulla da fare.",
        "The session «{title}» already exists in process {process} (id {id}): nothing to do.",
    ),
    "cli.session_created": (
        "Creata la sessione {id} «{title}» nel percorso {process} (codice {code}).",
        "Created session {id} «{title}» in process {process} (code {code}).",
    ),
    "cli.process_line": (
        "{sessions} sessioni {organisations} ETS",
        "{sessions} sessions {organisations} organisations",
    ),
    "cli.purged": (
        "Cancellati i dati personali di {count} delegati del percorso «{title}»; contributi, voti e presenze restano agli enti.",
        "Erased the personal data of {count} delegates of the process «{title}»; contributions, votes and attendance stay with the organisations.",
    ),
    "cli.import_failed": (
        "Importazione annullata: nessuna riga è stata importata ({count} errori).",
        "Import cancelled: no row was imported ({count} errors).",
    ),
    "cli.row_column": ("riga {row}, colonna {column}", "row {row}, column {column}"),
    "cli.row": ("riga {row}", "row {row}"),
    "cli.imported_services": (
        "Importati {services} servizi di {organisations} enti nel percorso {process}.",
        "Imported {services} services of {organisations} organisations into process {process}.",
    ),
    "cli.imported": (
        "Importati {organisations} enti e {delegates} delegati nel percorso {process} (domande «ricevute»: ammettile da Preparazione).",
        "Imported {organisations} organisations and {delegates} delegates into process {process} (applications «received»: admit them from Preparazione).",
    ),
    "cli.invites_written": ("Scritti {count} inviti in {path}.", "Wrote {count} invitations to {path}."),
    "cli.password_short": (
        "La password deve avere almeno 10 caratteri.",
        "The password must be at least 10 characters long.",
    ),
    "cli.exported": ("Esportato ({format}) in {path}.", "Exported ({format}) to {path}."),
    "cli.backup": (
        "Copia di sicurezza in {path} (controllo di integrità: {check}).",
        "Backup in {path} (integrity check: {check}).",
    ),
    "cli.schema": ("Schema alla versione {version} in {path}.", "Schema at version {version} in {path}."),
    "cli.written": ("Scritto {path}.", "Wrote {path}."),
    "cli.to_review": (
        "  da rivedere (migrazione {version}): {entity} {id}: {problem} – {detail}",
        "  to review (migration {version}): {entity} {id}: {problem} – {detail}",
    ),
    "cli.processes_range": (
        "--processes: da 1 a 32 (di solito uno per core).",
        "--processes: from 1 to 32 (usually one per core).",
    ),
    "cli.no_nginx": (
        "nginx non trovato: installalo dai pacchetti Debian (sudo apt-get install nginx-light) oppure usa «make run-cluster», che lo installa.",
        "nginx not found: install it from the Debian packages (sudo apt-get install nginx-light) or use «make run-cluster», which installs it.",
    ),
    "cli.tls_pair": (
        "--tls-cert e --tls-key: servono entrambi, file esistenti (certificato e chiave).",
        "--tls-cert and --tls-key: both are needed, existing files (certificate and key).",
    ),
    "cli.serving": (
        "coprog su {url} con {processes} processi Streamlit (porte {ports}) dietro nginx. Ctrl+C per fermare.",
        "coprog on {url} with {processes} Streamlit processes (ports {ports}) behind nginx. Ctrl+C to stop.",
    ),
    # -- from the tables to the plenary (consolidation, plenary ballots, outcome)
    "nav.consolidate": ("Consolidamento", "Consolidation"),
    "cons.heading": ("Dai tavoli alla plenaria", "From the tables to the plenary"),
    "cons.pick_plenary": (
        "Il consolidamento raccoglie le voci dei tavoli in una plenaria: scegli una sessione plenaria qui sopra.",
        "Consolidation gathers the tables' items into a plenary: choose a plenary session above.",
    ),
    "cons.intro": (
        "Scegli dai tavoli le voci da portare in plenaria, unisci quelle che dicono la stessa cosa, "
        "riformula il testo se serve: ogni voce conserva origine, autori e territori.",
        "Choose the tables' items to bring to the plenary, merge those that say the same thing, "
        "rewrite the wording if needed: each item keeps its origin, authors and territories.",
    ),
    "cons.list": ("Elenco", "List"),
    "cons.list_heading": ("Elenco consolidato: {type} ({n})", "Consolidated list: {type} ({n})"),
    "cons.empty": (
        "Nessuna voce ancora: scegline qui sotto dai tavoli.",
        "No items yet: choose some from the tables below.",
    ),
    "cons.tables": ("Tavoli: {names}", "Tables: {names}"),
    "cons.reworded": ("testo riformulato", "wording rewritten"),
    "cons.origins": ("Origini e storia ({n} voci dei tavoli)", "Origins and history ({n} items from the tables)"),
    "cons.unmerge": ("Separa «{title}»", "Split off «{title}»"),
    "cons.history": ("Testi della voce:", "Wordings of the item:"),
    "cons.original": ("testo originale", "original wording"),
    "cons.reword": ("Riformula", "Rewrite"),
    "cons.remove": ("Togli dall'elenco", "Remove from the list"),
    "cons.suggested": ("Possibili doppioni tra i tavoli", "Likely duplicates across tables"),
    "cons.keep": ("Resta «{title}», con:", "Keep «{title}», with:"),
    "cons.merge_these": ("Unisci", "Merge"),
    "cons.merge_manual": ("Unisci altre voci", "Merge other items"),
    "cons.merge_keep": ("Voce che resta", "Item to keep"),
    "cons.merge_others": ("Voci da unire a questa", "Items to merge into it"),
    "cons.from_tables": (
        "Voci dei tavoli ({type}) non ancora in elenco",
        "Items from the tables ({type}) not listed yet",
    ),
    "cons.no_candidates": ("Tutte le voci pubblicate sono già in elenco.", "Every published item is listed already."),
    "cons.promote": ("Porta in plenaria", "Bring to the plenary"),
    "cons.projector_heading": ("Dai tavoli: {type}", "From the tables: {type}"),
    "cons.not_plenary": (
        "Le voci dei tavoli si consolidano in una sessione plenaria.",
        "The tables' items are consolidated into a plenary session.",
    ),
    "cons.type_mismatch": ("La voce non è di questo tipo.", "The item is not of this type."),
    "cons.not_public": (
        "Solo i contributi pubblicati (approvati e non uniti) vanno in plenaria.",
        "Only published contributions (approved, not merged) go to the plenary.",
    ),
    "cons.merge_mismatch": (
        "Si uniscono solo voci dello stesso elenco, non già unite e non in una votazione.",
        "Only items of the same list, not merged already and not on a ballot, can be merged.",
    ),
    "cons.in_ballot": (
        "La voce è in una votazione: non si può togliere né unire.",
        "The item is on a ballot: it cannot be removed or merged.",
    ),
    "cons.in_open_ballot": (
        "La voce è in una votazione aperta: si riformula dopo la chiusura.",
        "The item is on an open ballot: rewrite it after the close.",
    ),
    "cons.already": ("Il contributo è già in elenco.", "The contribution is listed already."),
    "cons.unknown": ("Voce consolidata sconosciuta.", "Unknown consolidated item."),
    "cons.nothing_chosen": ("Scegli almeno una voce.", "Choose at least one item."),
    "cons.not_merged": ("La voce non è unita a un'altra.", "The item is not merged into another."),
    "cons.has_merged": (
        "Altre voci sono unite a questa: separale prima di toglierla.",
        "Other items are merged into this one: split them off before removing it.",
    ),
    "count.tables.one": ("{n} tavolo", "{n} table"),
    "count.tables.other": ("{n} tavoli", "{n} tables"),
    "vote.from_organisers": (
        "Le voci senza tavolo d'origine sono proposte dagli organizzatori.",
        "Items with no origin table are proposed by the organisers.",
    ),
    "vote.origin": ("Da: {tables}", "From: {tables}"),
    "vote.read_more": ("leggi", "read"),
    "vote.supporters": ("Proposta da: {names}", "Proposed by: {names}"),
    "vote.approve_help": (
        "Spunta ogni voce che ritieni accettabile (anche tutte o nessuna).",
        "Tick every item you find acceptable (all or none is fine).",
    ),
    "vote.approve_item": ("Approvo «{title}»", "I approve «{title}»"),
    "vote.rank_help_positions": (
        "Dai una posizione alle voci che vuoi mettere in classifica (fino a {k}): 1° è la più importante.",
        "Give a position to the items you want to rank (up to {k}): 1st is the most important.",
    ),
    "vote.position_for": ("Posizione di «{title}»", "Position of «{title}»"),
    "vote.not_ranked": ("non in classifica", "not ranked"),
    "vote.place": ("{n}°", "#{n}"),
    "vote.rank_so_far": ("**La tua classifica:**", "**Your ranking:**"),
    "vote.rank_clash": (
        "Due voci hanno la stessa posizione ({places}): cambiane una per registrare il voto.",
        "Two items share a position ({places}): change one to record the vote.",
    ),
    "vote.n_points.one": ("{n} punto", "{n} point"),
    "vote.n_points.other": ("{n} punti", "{n} points"),
    "vote.approved": ("approvata", "approved"),
    "vote.empty_ballot": ("Scheda bianca: nessuna voce scelta.", "Blank ballot: no item chosen."),
    "bal.outcome_heading": ("Esito e chiusura", "Outcome and close"),
    "bal.outcome_help": (
        "Scrivi l'esito: va ai delegati, sul proiettore, nel verbale e nel documento di sintesi con i risultati "
        "congelati, e non si cambia più.",
        "Write the outcome: it goes to the delegates, the projector, the minutes and the synthesis document "
        "with the frozen results, and cannot be changed afterwards.",
    ),
    "field.outcome_decided": ("Che cosa si è deciso", "What was decided"),
    "field.outcome_open": ("Che cosa resta aperto", "What stays open"),
    "field.outcome_dissent": ("Dissenso da mettere agli atti", "Dissent worth recording"),
    "field.list_type": ("Elenco", "List"),
    "ballot.outcome_missing": (
        "Scrivi che cosa si è deciso prima di chiudere la votazione.",
        "Write what was decided before closing the ballot.",
    ),
    "bal.what": ("Che cosa si vota", "What is voted on"),
    "bal.phase_items": ("Le voci della fase in corso", "The current phase's items"),
    "bal.list_items": ("L'elenco consolidato: {type} ({n} voci)", "The consolidated list: {type} ({n} items)"),
    "res.col.tables": ("Tavoli d'origine", "Origin tables"),
    "res.col.supporters": ("ETS proponenti", "Proposing ETS"),
    "res.by_group": ("Risultati per tavolo, Municipio e attività", "Results by table, Municipio and activity"),
    "res.group_help.punti": (
        "Punti dati a ogni voce dagli enti di ciascun gruppo (tra parentesi quanti hanno votato).",
        "Points each group's organisations gave each item (in brackets, how many voted).",
    ),
    "res.group_help.approvazione": (
        "Quota di enti del gruppo che approvano la voce (tra parentesi quanti hanno votato).",
        "Share of the group's organisations approving the item (in brackets, how many voted).",
    ),
    "res.group_help.ordinamento": (
        "Punteggio Borda medio della voce tra gli enti del gruppo (tra parentesi quanti hanno votato).",
        "The item's mean Borda score among the group's organisations (in brackets, how many voted).",
    ),
    "res.group_help.valutazione": (
        "Media della prima dimensione tra gli enti del gruppo (tra parentesi quanti hanno votato).",
        "Mean of the first dimension among the group's organisations (in brackets, how many voted).",
    ),
    "res.group.tavolo": ("Per tavolo", "By table"),
    "res.group.municipio": ("Per Municipio", "By Municipio"),
    "res.group.attivita": ("Per attività", "By activity"),
    "res.outcome": ("Esito", "Outcome"),
    "res.controversial_mark": ("(controversa)", "(controversial)"),
    "res.plain_marks": (
        "✔ = voce condivisa: l'hanno sostenuta enti di tutti i Municipi e di tutti i settori di attività. «Controversa» = molti la giudicano importante, ma i voti sono molto divisi.",
        "✔ = shared item: supported by organisations from every Municipio and every field of activity. «Controversial» = many rate it important, but the votes are deeply split.",
    ),
    "res.outcome_decided": ("**Deciso:** {text}", "**Decided:** {text}"),
    "res.outcome_open": ("**Resta aperto:** {text}", "**Still open:** {text}"),
    "res.outcome_dissent": ("**Dissenso:** {text}", "**Dissent:** {text}"),
    # -- reactions and adesioni
    "reaction.closed": (
        "Le reazioni non sono aperte in questa fase: la reazione non è stata registrata.",
        "Reactions are not open in this phase: the reaction was not recorded.",
    ),
    "reaction.own": (
        "È una voce della tua organizzazione: non puoi reagire né aderire.",
        "This item is your organisation's own: you cannot react to or co-sign it.",
    ),
    "reaction.not_public": ("Questa voce non è più pubblica.", "This item is no longer public."),
    "reaction.unknown_item": ("Voce sconosciuta.", "Unknown item."),
    "reaction.delegates_only": (
        "Reagiscono e aderiscono solo i delegati degli enti.",
        "Only the organisations' delegates react and co-sign.",
    ),
    "field.reaction": ("Reazione", "Reaction"),
    "react.heading": ("Reagisci alle voci degli altri enti", "React to the other organisations' items"),
    "react.intro": (
        "Per ogni voce: d'accordo, in disaccordo o passo. «Aderisco» firma la voce come sostenitore a nome del tuo "
        "ente (vuol dire essere d'accordo). Una reazione per ente, modificabile finché la fase è aperta.",
        "For each item: agree, disagree or pass. «I co-sign» signs the item as supporter for your organisation "
        "(it means agreeing). One reaction per organisation, changeable while the phase is open.",
    ),
    "react.none": ("Non ci sono ancora voci di altri enti.", "No items from other organisations yet."),
    "react.label": ("La tua reazione a «{title}»", "Your reaction to «{title}»"),
    "react.accordo": ("D'accordo", "Agree"),
    "react.disaccordo": ("In disaccordo", "Disagree"),
    "react.passo": ("Passo", "Pass"),
    "react.endorse": ("Aderisco (firma come sostenitore)", "I co-sign (as supporter)"),
    "react.endorsers": ("Aderiscono: {names}", "Co-signed by: {names}"),
    "react.saved": ("Registrato: {value}.", "Recorded: {value}."),
    "react.progress": ("Hai reagito a {done} voci su {total}.", "You reacted to {done} of {total} items."),
    "console.reactions_open": ("Reazioni e adesioni aperte", "Reactions and co-signing open"),
    "console.reactions_help": (
        "I delegati reagiscono alle voci pubblicate (d'accordo, in disaccordo, passo) e possono aderire; il "
        "proiettore mostra i gruppi di opinione.",
        "Delegates react to published items (agree, disagree, pass) and may co-sign; the projector shows the "
        "opinion groups.",
    ),
    # -- opinion groups
    "opinion.heading": ("Gruppi di opinione e consenso", "Opinion groups and consensus"),
    "opinion.none": ("Nessuna reazione raccolta finora.", "No reactions collected yet."),
    "opinion.summary": ("{reactions} di {organisations} su {items}.", "{reactions} from {organisations} on {items}."),
    "count.reactions.one": ("{n} reazione", "{n} reaction"),
    "count.reactions.other": ("{n} reazioni", "{n} reactions"),
    "count.items.one": ("{n} voce", "{n} item"),
    "count.items.other": ("{n} voci", "{n} items"),
    "opinion.group_size": ("gruppo {name} ({n} enti)", "group {name} ({n} organisations)"),
    "opinion.groups_netti": (
        "Sono emersi {k} gruppi di opinione: {sizes}. La prima dimensione delle reazioni ne raccoglie il {share}% "
        "della variabilità, contro il {shuffled}% delle stesse reazioni rimescolate a caso ({runs} rimescolamenti, "
        "{z} deviazioni standard sopra); gruppi netti (silhouette {silhouette}).",
        "{k} opinion groups emerged: {sizes}. The reactions' first dimension holds {share}% of their variability, "
        "against {shuffled}% for the same reactions shuffled at random ({runs} shuffles, {z} standard deviations "
        "above); distinct groups (silhouette {silhouette}).",
    ),
    "opinion.groups_deboli": (
        "Sono emersi {k} gruppi di opinione, ma deboli: {sizes}. Le reazioni hanno una struttura (la prima "
        "dimensione ne raccoglie il {share}% della variabilità, contro il {shuffled}% delle stesse reazioni "
        "rimescolate, {runs} rimescolamenti, {z} deviazioni standard sopra), ma i gruppi si sovrappongono "
        "(silhouette {silhouette}, sotto 0,25): leggerli come tendenze, non come schieramenti.",
        "{k} opinion groups emerged, but weak ones: {sizes}. The reactions have a structure (their first dimension "
        "holds {share}% of the variability, against {shuffled}% for the same reactions shuffled, {runs} shuffles, "
        "{z} standard deviations above), but the groups overlap (silhouette {silhouette}, under 0.25): read them as "
        "leanings, not camps.",
    ),
    "opinion.no_structure": (
        "Nessun gruppo di opinione distinto ({mapped} enti sulla mappa): la prima dimensione delle reazioni ne "
        "raccoglie il {share}% della variabilità, come le stesse reazioni rimescolate a caso ({shuffled}%, "
        "{z} deviazioni standard di scarto, {runs} rimescolamenti). Il consenso si legge sui gruppi dichiarati.",
        "No distinct opinion groups ({mapped} organisations on the map): the reactions' first dimension holds "
        "{share}% of their variability, like the same reactions shuffled at random ({shuffled}%, {z} standard "
        "deviations apart, {runs} shuffles). Read the consensus over declared groups.",
    ),
    "opinion.too_few": (
        "Troppo pochi enti sulla mappa ({mapped}) per cercare gruppi di opinione: il consenso si legge sui gruppi "
        "dichiarati.",
        "Too few organisations on the map ({mapped}) to look for opinion groups: read the consensus over declared "
        "groups.",
    ),
    "opinion.plain": (
        "Un gruppo di opinione riunisce gli enti che hanno reagito in modo simile alle stesse voci. Una voce è "
        "condivisa quando è d'accordo una buona parte di ogni gruppo, non solo del più numeroso, e quando l'hanno "
        "vista tutti i gruppi e almeno metà degli enti.",
        "An opinion group brings together the organisations that reacted alike to the same items. An item is "
        "shared when a good part of every group agrees, not only of the largest, and when every group and at least "
        "half of the organisations saw it.",
    ),
    "opinion.coverage": (
        "vista da {seen} gruppi su {groups} · reazioni di {reacted} enti su {of}",
        "seen by {seen} of {groups} groups · reactions from {reacted} of {of} organisations",
    ),
    "opinion.unrated_groups": (
        "non ancora valutabile: non l'hanno vista tutti i gruppi",
        "not rated yet: not every group has seen it",
    ),
    "opinion.unrated_few": (
        "non ancora valutabile: l'ha vista meno di metà degli enti",
        "not rated yet: fewer than half of the organisations have seen it",
    ),
    "opinion.col.coverage": ("Copertura", "Coverage"),
    "opinion.map_title": ("Mappa degli enti per opinione", "Map of organisations by opinion"),
    "opinion.map_alt": (
        "Mappa a punti: ogni punto è un ente, vicino a quelli che hanno reagito allo stesso modo; il colore è il "
        "gruppo di opinione. {groups}",
        "Dot map: each dot is an organisation, close to those that reacted the same way; the colour is the "
        "opinion group. {groups}",
    ),
    "opinion.group": ("Gruppo {name}", "Group {name}"),
    "opinion.entity": ("Ente {n}", "Organisation {n}"),
    "opinion.names_toggle": ("Mostra i nomi degli enti sulla mappa", "Show the organisations' names on the map"),
    "opinion.table": ("Consenso per voce", "Consensus per item"),
    "opinion.positions": ("Posizione di ogni gruppo sulle voci", "Each group's position on the items"),
    "opinion.dividing": ("Voci che dividono i gruppi", "Items that divide the groups"),
    "opinion.col.item": ("Voce", "Item"),
    "opinion.col.agree": ("D'accordo", "Agree"),
    "opinion.col.disagree": ("In disaccordo", "Disagree"),
    "opinion.col.pass": ("Passo", "Pass"),
    "opinion.col.endorsers": ("Adesioni", "Co-signers"),
    "opinion.col.opinione": ("Consenso tra gruppi di opinione", "Consensus across opinion groups"),
    "opinion.col.municipio": ("Consenso tra Municipi", "Consensus across Municipi"),
    "opinion.col.attivita": ("Consenso tra attività", "Consensus across fields"),
    "opinion.col.divides": ("Divide", "Divides"),
    "opinion.col.group": ("Gruppo", "Group"),
    "opinion.col.share": ("Quota d'accordo (lisciata)", "Agree share (smoothed)"),
    "opinion.method_title": ("Come si calcola, e i limiti", "How it is computed, and its limits"),
    "opinion.method": (
        "Come in Pol.is, con due differenze. La matrice enti × voci (d'accordo = +1, in disaccordo = −1, passo = 0) è "
        "ridotta a due dimensioni con un'analisi delle componenti principali esatta (una reazione mancante vale la "
        "media della voce; un ente con poche reazioni è allontanato dal centro in proporzione); gli enti con meno di "
        "7 reazioni (o meno delle voci) restano fuori dalla mappa ma contano nei conteggi. Se ci sono gruppi lo dice "
        "un'analisi parallela (Horn, 1965): la quota di variabilità sulla prima dimensione è confrontata con quella "
        "di 39 copie delle stesse reazioni rimescolate a caso tra gli enti; ci sono gruppi se supera la media delle "
        "copie di almeno 3 deviazioni standard (e ogni copia). I gruppi, da 2 a 5, sono trovati senza alcun caso "
        "(raggruppamento gerarchico di Ward, poi k-means dai suoi centri) e se ne sceglie il numero con la silhouette "
        "migliore: le stesse reazioni danno sempre gli stessi gruppi; con silhouette sotto 0,25 sono detti deboli. "
        "Il consenso tra gruppi di una voce è il prodotto, su tutti i gruppi, della quota d'accordo lisciata "
        "(accordi + 1) / (reazioni + 2), dove l'ente che ha proposto la voce conta come d'accordo (come in Pol.is); "
        "un gruppo che non l'ha vista conta 1/2 (come in Pol.is). Una voce è valutabile quando l'hanno vista tutti i "
        "gruppi e almeno metà degli enti: solo allora può essere condivisa (media geometrica delle quote almeno "
        "0,6, senza dividere i gruppi), e gli elenchi mettono prima le voci valutabili. Divide i gruppi che l'hanno vista se due quote "
        "distano 0,4 o più. Lo stesso vale per i gruppi dichiarati (Municipi, settori di attività: chi propone conta "
        "come d'accordo in ciascuno dei suoi gruppi) e per le votazioni (un ente è d'accordo con una voce che "
        "sostiene).",
        "As in Pol.is, with two differences. The organisations × items matrix (agree = +1, disagree = −1, pass = 0) "
        "is reduced to two dimensions by an exact principal component analysis (a missing reaction counts as the "
        "item's mean; an organisation with few reactions is pushed out from the centre in proportion); organisations "
        "with fewer than 7 reactions (or fewer than the items) stay off the map but count in the figures. Whether "
        "there are groups is decided by a parallel analysis (Horn, 1965): the share of variability on the first "
        "dimension is compared with that of 39 copies of the same reactions shuffled at random among the "
        "organisations; there are groups if it beats the copies' mean by at least 3 standard deviations (and every "
        "copy). Groups, 2 to 5, are found with no chance involved (Ward's hierarchical clustering, then k-means from "
        "its centres), keeping the number with the best silhouette: the same reactions always give the same groups; "
        "under a silhouette of 0.25 they are called weak. An item's consensus across groups is the product, over "
        "every group, of the smoothed agree share (agrees + 1) / (reactions + 2), where the organisation that "
        "proposed it counts as agreeing (as in Pol.is); a group that did not see it counts 1/2 (as in Pol.is). An "
        "item is rated when every group and at least half of the organisations saw it: only then can it be shared "
        "(the shares' geometric mean at least 0.6, without dividing the groups), and lists put rated items first. It divides the groups that saw "
        "it when two shares are 0.4 or more apart. The same holds for declared groups (Municipi, activity fields: "
        "the proposer counts as agreeing in each of its groups) and for ballots (an organisation agrees with an item "
        "it supports).",
    ),
    "opinion.limits": (
        "Le reazioni sono degli enti che hanno scelto di reagire, non di tutti gli ammessi; i gruppi descrivono "
        "somiglianze di reazione, non appartenenze; con pochi enti o poche reazioni per voce le quote sono vicine a "
        "1/2 e le voci restano non valutabili; una voce arrivata tardi, vista da pochi, non sale in cima finché non "
        "la vedono gli altri; il prodotto diminuisce con il numero dei gruppi, per questo si confronta la media "
        "geometrica; la mappa è una proiezione e le distanze sono approssimate.",
        "Reactions come from the organisations that chose to react, not from every admitted one; groups describe "
        "similar reactions, not membership; with few organisations or few reactions per item the shares are close to "
        "1/2 and items stay unrated; an item that arrived late, seen by few, does not rise to the top until the others "
        "see it; the product shrinks with the number of groups, hence the geometric mean; the map is a projection and "
        "its distances are approximate.",
    ),
    "projector.opinion_heading": ("Dove siamo d'accordo", "Where we agree"),
    # -- the floor
    "floor.already_asked": ("Hai già chiesto la parola.", "You have already asked for the floor."),
    "floor.someone_speaking": ("Qualcuno ha già la parola.", "Someone already has the floor."),
    "floor.not_checked_in": (
        "Per chiedere la parola devi essere registrato nella sessione.",
        "To ask for the floor you must be checked in to the session.",
    ),
    "floor.request_closed": ("Questa richiesta non è più in coda.", "This request is no longer in the queue."),
    "floor.delegates_only": ("Chiedono la parola solo i delegati.", "Only delegates ask for the floor."),
    "floor.nothing_to_withdraw": ("Non hai richieste in coda.", "You have no request in the queue."),
    "floor.nobody_speaking": ("Nessuno ha la parola.", "Nobody has the floor."),
    "floor.queue_empty": ("Nessuno in coda.", "Nobody in the queue."),
    "floor.unknown_request": ("Richiesta sconosciuta.", "Unknown request."),
    "field.floor_limit": ("Durata di un intervento (secondi)", "Length of a turn (seconds)"),
    "floor.heading": ("Interventi", "Speaking turns"),
    "floor.ask": ("Chiedo la parola", "I ask for the floor"),
    "floor.withdraw": ("Ritiro la richiesta", "Withdraw my request"),
    "floor.waiting": ("Sei in coda per parlare: posizione {place}.", "You are in the queue to speak: place {place}."),
    "floor.your_turn": ("Hai la parola.", "You have the floor."),
    "floor.speaking": ("Ha la parola: {name} ({organisation})", "Speaking: {name} ({organisation})"),
    "floor.next": ("Poi: {names}", "Next: {names}"),
    "floor.queue": ("In coda ({n})", "Queue ({n})"),
    "floor.queue_empty_note": ("Nessuna richiesta di parola.", "No requests for the floor."),
    "floor.first_time": ("prima volta", "first time"),
    "floor.call_next": ("Dai la parola al prossimo", "Give the floor to the next"),
    "floor.call": ("Dai la parola", "Give the floor"),
    "floor.end": ("Concludi l'intervento", "End the turn"),
    "floor.limit_minutes": ("Durata di un intervento (minuti)", "Length of a turn (minutes)"),
    "floor.first_timers": ("Prima chi non ha ancora parlato", "First-time speakers first"),
    "floor.save": ("Salva le regole degli interventi", "Save the turn rules"),
    "floor.timer": ("{elapsed} di {limit}", "{elapsed} of {limit}"),
    "floor.over": ("Tempo scaduto", "Time is up"),
    "floor.turns_done": ("Interventi conclusi: {n}", "Turns ended: {n}"),
    # -- the draft sintesi and observations
    "nav.draft": ("Bozza di sintesi", "Draft synthesis"),
    "nav.observations": ("Bozza e osservazioni", "Draft and observations"),
    "draft.deadline_past": (
        "Il termine per le osservazioni deve essere nel futuro.",
        "The deadline must be in the future.",
    ),
    "draft.published_meanwhile": (
        "Un'altra versione è stata pubblicata nel frattempo: ricarica la pagina.",
        "Another version was published meanwhile: reload the page.",
    ),
    "draft.unknown": ("Bozza sconosciuta.", "Unknown draft."),
    "draft.delegates_only": (
        "Le osservazioni le inviano i delegati degli enti.",
        "Observations are sent by delegates.",
    ),
    "draft.unknown_section": ("Sezione sconosciuta.", "Unknown section."),
    "draft.deadline_passed": (
        "Il termine per le osservazioni è scaduto: l'osservazione non è stata registrata.",
        "The deadline for observations has passed: the observation was not recorded.",
    ),
    "draft.unknown_observation": ("Osservazione sconosciuta.", "Unknown observation."),
    "field.deadline": ("Termine per le osservazioni", "Deadline for observations"),
    "field.observation": ("Osservazione", "Observation"),
    "field.reason": ("Motivazione", "Reason"),
    "field.answer": ("Risposta", "Answer"),
    "answer.accolta": ("accolta", "accepted"),
    "answer.parzialmente_accolta": ("parzialmente accolta", "partly accepted"),
    "answer.non_accolta": ("non accolta", "not accepted"),
    "draft.none": ("Il Comune non ha ancora pubblicato una bozza del documento di sintesi.", "No draft published yet."),
    "draft.heading": (
        "Bozza del documento di sintesi, versione {version}",
        "Draft synthesis document, version {version}",
    ),
    "draft.open_until": (
        "Osservazioni aperte fino al {deadline}, su qualsiasi sezione, a nome del tuo ente.",
        "Observations open until {deadline}, on any section, for your organisation.",
    ),
    "draft.closed_at": (
        "Il termine per le osservazioni è scaduto il {deadline}.",
        "Observations closed on {deadline}.",
    ),
    "draft.download": ("Scarica la bozza (DOCX)", "Download the draft (DOCX)"),
    "draft.download_pdf": ("Scarica la bozza (PDF accessibile)", "Download the draft (accessible PDF)"),
    "draft.observe_label": ("La tua osservazione su «{section}»", "Your observation on «{section}»"),
    "draft.send": ("Invia l'osservazione", "Send the observation"),
    "draft.sent": ("Osservazione registrata.", "Observation recorded."),
    "draft.yours": ("Le osservazioni del tuo ente", "Your organisation's observations"),
    "draft.answer_line": ("Risposta: {answer}. {reason}", "Answer: {answer}. {reason}"),
    "draft.no_answer": ("In attesa di risposta.", "Awaiting an answer."),
    "draft.publish_heading": ("Pubblica una versione per le osservazioni", "Publish a version for observations"),
    "draft.publish_help": (
        "La versione pubblicata è congelata: i delegati degli enti ammessi la leggono per sezioni e inviano "
        "osservazioni fino al termine. La versione successiva riporta in allegato ogni osservazione con la risposta.",
        "The published version is frozen: delegates of admitted organisations read it by section and send "
        "observations until the deadline. The next version lists every observation with its answer in an annex.",
    ),
    "draft.deadline_date": ("Termine: giorno", "Deadline: day"),
    "draft.deadline_time": ("Termine: ora", "Deadline: time"),
    "draft.publish": ("Pubblica la versione {version}", "Publish version {version}"),
    "draft.published": ("Versione {version} pubblicata.", "Version {version} published."),
    "draft.unanswered.one": (
        "1 osservazione senza risposta: la prossima versione la riporterà come «risposta non ancora data».",
        "1 observation without an answer: the next version will list it as «no answer yet».",
    ),
    "draft.unanswered.other": (
        "{n} osservazioni senza risposta: la prossima versione le riporterà come «risposta non ancora data».",
        "{n} observations without an answer: the next version will list them as «no answer yet».",
    ),
    "draft.versions": ("Versioni pubblicate", "Published versions"),
    "draft.version_line": (
        "Versione {version} · pubblicata il {published} · osservazioni entro il {deadline} · {n} osservazioni",
        "Version {version} · published {published} · observations until {deadline} · {n} observations",
    ),
    "draft.observations": ("Osservazioni ricevute", "Observations received"),
    "draft.answer": ("Rispondi", "Answer"),
    "draft.answered": ("Risposta registrata.", "Answer recorded."),
    "draft.observation_head": (
        "Versione {version} · «{section}» · {organisation}",
        "Version {version} · «{section}» · {organisation}",
    ),
    # -- the offer: the ETS' services, beside the needs (issue 17) --
    "nav.offer": ("I nostri servizi", "Our services"),
    "nav.offers": ("Offerta degli ETS", "ETS services"),
    "offer.delegates_only": (
        "Solo i delegati di un ente ammesso dichiarano i servizi del proprio ente.",
        "Only delegates of an admitted organisation declare its services.",
    ),
    "offer.unknown": ("Servizio non trovato.", "Service not found."),
    "offer.withdrawn": ("Il servizio è stato ritirato dall'ente.", "The organisation withdrew this service."),
    "offer.unknown_ets": (
        "nessun ente ammesso al percorso ha il codice fiscale «{value}».",
        "no organisation admitted to this process has fiscal code «{value}».",
    ),
    "validation.premises_name": (
        "{field}: il nome o l'indirizzo della sede va da 2 a {max} caratteri.",
        "{field}: the premises' name or address takes 2 to {max} characters.",
    ),
    "validation.premises_nil": (
        "{field}: indicare il NIL della sede «{name}» (numero o nome del quartiere), tra parentesi nel file.",
        "{field}: give the NIL of «{name}» (number or neighbourhood name), in brackets in a file.",
    ),
    "validation.too_many": ("{field}: al massimo {max}.", "{field}: at most {max}."),
    "field.other": ("Quale servizio (se «Altro»)", "Which service (if «Other»)"),
    "field.targets": ("Destinatari", "Target groups"),
    "field.people": ("Persone raggiunte nell'ultimo anno", "People reached in the last year"),
    "field.weekly_hours": ("Ore di servizio a settimana", "Service hours per week"),
    "field.paid_staff": ("Personale retribuito (persone)", "Paid staff (people)"),
    "field.volunteers": ("Volontari (persone)", "Volunteers (people)"),
    "field.comune_funded": ("Finanziato dal Comune", "Funded by the Comune"),
    "field.codesign": ("Disponibile per la co-progettazione", "Available for co-design"),
    "field.premises": ("Sedi", "Premises"),
    "field.organisation": ("Ente", "Organisation"),
    "field.status": ("Stato", "Status"),
    "field.service_type": ("Tipo di servizio", "Service type"),
    "offer.heading": ("I servizi del nostro ente", "Our organisation's services"),
    "offer.intro": (
        "Dichiarate i servizi che il vostro ente svolge per la domiciliarità: dove, per chi, con quante persone. "
        "Gli organizzatori li verificano; quelli verificati entrano nella lettura condivisa, accanto ai bisogni.",
        "Declare the services your organisation runs for home care: where, for whom, with how many people. "
        "The organisers check them; checked services join the shared reading, beside the needs.",
    ),
    "offer.ours": ("Servizi dichiarati", "Declared services"),
    "offer.none_yet": (
        "Il vostro ente non ha ancora dichiarato servizi.",
        "Your organisation has declared no service yet.",
    ),
    "offer.new": ("Dichiara un servizio", "Declare a service"),
    "offer.premises_name": ("Sede {n}: nome o indirizzo", "Premises {n}: name or address"),
    "offer.premises_nil": ("Sede {n}: quartiere (NIL)", "Premises {n}: neighbourhood (NIL)"),
    "offer.submit": ("Dichiara il servizio", "Declare the service"),
    "offer.declared": (
        "Servizio dichiarato: gli organizzatori lo verificheranno.",
        "Service declared: the organisers will check it.",
    ),
    "offer.withdraw": ("Ritira questo servizio", "Withdraw this service"),
    "offer.withdrawn_done": ("Servizio ritirato.", "Service withdrawn."),
    "offer.status.nuovo": ("In verifica", "Being checked"),
    "offer.status.approvato": ("Verificato", "Checked"),
    "offer.status.nascosto": ("Non pubblicato", "Not published"),
    "offer.status.ritirato": ("Ritirato", "Withdrawn"),
    "offer.reason": ("Motivo: {reason}", "Reason: {reason}"),
    "offer.where_city": ("Tutta la città", "The whole city"),
    "offer.line": (
        "{where} · {targets} · {people} persone nell'ultimo anno · {hours} ore/settimana · "
        "{staff} retribuiti, {volunteers} volontari",
        "{where} · {targets} · {people} people last year · {hours} hours/week · {staff} paid, {volunteers} volunteers",
    ),
    "offer.flags.comune_funded": ("finanziato dal Comune", "funded by the Comune"),
    "offer.flags.codesign": ("disponibile per la co-progettazione", "available for co-design"),
    "offer.premises_line": ("Sedi: {premises}", "Premises: {premises}"),
    "offers.heading": ("Offerta degli ETS", "ETS services"),
    "offers.intro": (
        "I servizi che gli enti ammessi dichiarano o che importate da file. Solo quelli verificati entrano nella "
        "lettura dei bisogni, nel documento di sintesi e negli open data.",
        "The services admitted organisations declare or you import from a file. Only checked ones enter the "
        "reading of needs, the synthesis document and the open data.",
    ),
    "offers.tab.check": ("Da verificare", "To check"),
    "offers.waiting.one": ("{n} servizio attende la verifica.", "{n} service awaits checking."),
    "offers.waiting.other": ("{n} servizi attendono la verifica.", "{n} services await checking."),
    "offers.tab.import": ("Importa da file", "Import from a file"),
    "offers.tab.all": ("Tutti i servizi", "All services"),
    "offers.nothing_to_check": ("Nessun servizio da verificare.", "No service to check."),
    "offers.approve": ("Approva", "Approve"),
    "offers.hide": ("Non pubblicare", "Do not publish"),
    "offers.hide_reason": ("Motivo (se non lo pubblicate)", "Reason (if you do not publish it)"),
    "offers.approved": ("Servizio verificato.", "Service checked."),
    "offers.hidden": (
        "Servizio non pubblicato; l'ente vede il motivo.",
        "Service not published; the organisation sees why.",
    ),
    "offers.import_help": (
        "Un file CSV o XLSX, una riga per servizio. Colonne: codice_fiscale (dell'ente ammesso), servizio "
        "(codice o nome, es. «Assistenza domiciliare»), altro (se «Altro»), municipi (es. «3;4» o «tutti»), nil "
        "(numeri o nomi), destinatari, persone_raggiunte, ore_settimanali, personale_retribuito, volontari, "
        "finanziato_comune (sì/no), disponibile_coprogettazione (sì/no), sedi (es. «Via Padova 36 (21); Centro "
        "Rosa (Città Studi)»). Il file entra tutto o niente: gli errori sono elencati per riga.",
        "A CSV or XLSX file, one row per service. Columns: codice_fiscale (of the admitted organisation), servizio "
        "(code or name, e.g. «Assistenza domiciliare»), altro (if «Other»), municipi (e.g. «3;4» or «tutti»), nil "
        "(numbers or names), destinatari, persone_raggiunte, ore_settimanali, personale_retribuito, volontari, "
        "finanziato_comune (yes/no), disponibile_coprogettazione (yes/no), sedi (e.g. «Via Padova 36 (21)»). "
        "The file goes in whole or not at all: errors are listed by row.",
    ),
    "offers.import_ready": (
        "Pronti da importare: {services} di {organisations}. Entreranno già verificati.",
        "Ready to import: {services} from {organisations}. They will enter as checked.",
    ),
    "offers.file": ("File dei servizi (CSV o XLSX)", "Services file (CSV or XLSX)"),
    "offers.import_do": ("Importa i servizi", "Import the services"),
    "offers.imported": ("Importati {n} servizi.", "Imported {n} services."),
    "offers.download": ("Scarica l'elenco (CSV)", "Download the list (CSV)"),
    "count.services.one": ("{n} servizio", "{n} service"),
    "count.services.other": ("{n} servizi", "{n} services"),
    "reading.view.risorse": ("Risorse disponibili", "Available resources"),
    "res.view": ("Che cosa mostrare", "What to show"),
    "res.view.mappa": ("Mappa", "Map"),
    "res.view.territori": ("Bisogni e offerta per territorio", "Needs and services by territory"),
    "res.view.aree": ("Per area di bisogno", "By area of need"),
    "res.view.servizi": ("Per tipo di servizio", "By service type"),
    "res.view.frammentazione": ("Frammentazione", "Fragmentation"),
    "res.view.rete": ("Chi potrebbe lavorare insieme", "Who could work together"),
    "res.view.abbinamenti": ("Enti per bisogno o proposta", "Organisations per need or proposal"),
    "res.metric.needs": ("Bisogni segnalati", "Needs reported"),
    "res.metric.scoperti": ("Bisogni scoperti", "Needs without offer"),
    "res.metric.services": ("Servizi dichiarati", "Services declared"),
    "res.metric.ets": ("ETS con servizi", "Organisations with services"),
    "res.metric.people": ("Persone raggiunte", "People reached"),
    "res.metric.per_1000_over65": ("Persone raggiunte ogni 1.000 over 65", "People reached per 1,000 aged 65+"),
    "res.metric.most_ets_one_type": ("Più ETS sullo stesso servizio", "Most organisations on one service"),
    "res.map_title": ("{metric} per {level}", "{metric} by {level}"),
    "res.level.municipio": ("Municipio", "Municipio"),
    "res.level.nil": ("NIL", "NIL"),
    "res.no_offer": (
        "Nessun servizio verificato finora: la lettura dell'offerta comparirà quando gli organizzatori avranno "
        "verificato i servizi dichiarati o importati.",
        "No checked service yet: the reading of the offer appears once the organisers have checked the declared "
        "or imported services.",
    ),
    "res.summary.ets": ("ETS con servizi", "Organisations with services"),
    "res.summary.services": ("Servizi", "Services"),
    "res.summary.people": ("Persone raggiunte", "People reached"),
    "res.summary.scoperti": ("Bisogni scoperti", "Needs without offer"),
    "res.title.territori": ("Bisogni e servizi per Municipio", "Needs and services by Municipio"),
    "res.title.aree": ("Bisogni e servizi per area di bisogno", "Needs and services by area of need"),
    "res.title.servizi": ("Servizi per tipo", "Services by type"),
    "res.title.frammentazione": (
        "Dove più ETS offrono lo stesso servizio nello stesso NIL",
        "Where several organisations run the same service in the same NIL",
    ),
    "res.title.rete": ("ETS che lavorano negli stessi quartieri", "Organisations working in the same neighbourhoods"),
    "res.series.needs": ("Bisogni", "Needs"),
    "res.series.scoperti": ("Bisogni scoperti", "Needs without offer"),
    "res.series.services": ("Servizi", "Services"),
    "res.edge.same": ("Stesso servizio nello stesso NIL", "Same service in the same NIL"),
    "res.edge.place": ("Stesso NIL, servizi diversi", "Same NIL, different services"),
    "res.node": ("ETS (la dimensione: persone raggiunte)", "Organisation (size: people reached)"),
    "res.caption.mappa": (
        "Bisogni segnalati e offerta dichiarata dagli ETS (servizi verificati). Senza sfondo cartografico: "
        "funziona anche offline.",
        "Needs reported and services declared by the organisations (checked). No map tiles: works offline.",
    ),
    "res.caption.territori": (
        "Per ogni territorio: bisogni, bisogni scoperti, servizi, ETS, persone raggiunte e persone ogni 1.000 over 65.",
        "Per territory: needs, needs without offer, services, organisations, people reached and per 1,000 aged 65+.",
    ),
    "res.caption.aree": (
        "Per area di bisogno: bisogni, quelli scoperti, e i servizi il cui tipo risponde all'area.",
        "Per area of need: needs, those without offer, and the services whose type answers the area.",
    ),
    "res.caption.servizi": (
        "Per tipo di servizio: servizi, ETS, persone raggiunte, ore settimanali, personale e volontari.",
        "Per service type: services, organisations, people reached, weekly hours, staff and volunteers.",
    ),
    "res.caption.frammentazione": (
        "Ogni riga: un NIL e un tipo di servizio svolto lì da più ETS. HHI = somma dei quadrati delle quote di "
        "persone raggiunte di ciascun ETS: 1 = un solo ente; 1/n = n enti con quote uguali.",
        "Each row: a NIL and a service type run there by several organisations. HHI = sum of the squared shares "
        "of people reached: 1 = one organisation; 1/n = n organisations with equal shares.",
    ),
    "res.caption.rete": (
        "Due ETS sono collegati se lavorano in almeno un NIL in comune; la linea scura se vi svolgono lo stesso "
        "tipo di servizio. Ogni ente mostra i suoi 3 collegamenti più forti (più servizi in comune, poi più "
        "territorio condiviso). Il colore raggruppa gli enti più collegati tra loro (comunità di Louvain); il bordo "
        "spesso indica la disponibilità alla co-progettazione. La disposizione è fissa.",
        "Two organisations are linked when they work in a common NIL; a dark line when they run the same service "
        "type there. Each shows its 3 strongest links (more services in common, then more shared territory). Colour groups the most linked organisations (Louvain communities); a thick border shows "
        "availability for co-design. The layout is fixed.",
    ),
    "res.caption.abbinamenti": (
        "Un primo elenco per i tavoli di co-progettazione: per ogni bisogno gli ETS i cui servizi rispondono alla "
        "sua area dove il bisogno è segnalato; per ogni proposta gli ETS che svolgono un tipo di servizio che la "
        "proposta nomina. Prima gli enti disponibili alla co-progettazione.",
        "A starting list for the co-design tables: for each need the organisations whose services answer its area "
        "where it is reported; for each proposal those running a service type the proposal names. Organisations "
        "available for co-design first.",
    ),
    "res.method": (
        "Metodo. Contano solo i servizi verificati dagli organizzatori. Un servizio lavora in tutta la città, nei "
        "NIL che indica o, se indica solo Municipi, in ogni NIL che vi ricade anche in parte. Le persone raggiunte "
        "sono ripartite in parti uguali tra i territori coperti (non sappiamo come si distribuiscono) e rapportate "
        "ai residenti con 65 anni e più (2024; per Municipio stima dai NIL). Un servizio risponde a un bisogno se il "
        "suo tipo risponde all'area del bisogno (tabella in data/taxonomies/servizi.csv) e lavora dove il bisogno "
        "è segnalato. Scoperto: un bisogno a cui nessun servizio risponde; poco coperto: al più 1 servizio. Per "
        "territorio un bisogno conta in ogni Municipio o NIL che indica. Frammentazione: per NIL e tipo di "
        "servizio, quanti ETS lo svolgono e l'indice di Herfindahl-Hirschman delle loro quote di persone raggiunte "
        "(1 = un solo ente; 1/n = n enti con quote uguali). Sono dichiarazioni degli enti, non una rilevazione.",
        "Method. Only services checked by the organisers count. A service works in the whole city, in the NIL it "
        "names or, naming only Municipi, in every NIL lying even partly in them. People reached are shared equally "
        "among the territories covered and related to residents aged 65+ (2024; by Municipio estimated from the "
        "NIL). A service answers a need when its type answers the need's area (table in "
        "data/taxonomies/servizi.csv) and it works where the need is reported. Without offer: a need no service "
        "answers; poorly served: at most 1 service. By territory a need counts in each Municipio or NIL it names. "
        "Fragmentation: per NIL and service type, how many organisations run it and the Herfindahl-Hirschman index "
        "of their shares of people reached (1 = one organisation; 1/n = n with equal shares). These are the "
        "organisations' declarations, not a survey.",
    ),
    "res.doc.headline": (
        "{ets} ETS hanno dichiarato {services} servizi verificati dagli organizzatori: {people} persone raggiunte "
        "nell'ultimo anno, {weekly_hours} ore di servizio a settimana, {paid_staff} persone retribuite e "
        "{volunteers} volontari; {comune_funded} servizi finanziati dal Comune; {codesign_ets} ETS disponibili "
        "alla co-progettazione.",
        "{ets} organisations declared {services} checked services: {people} people reached last year, "
        "{weekly_hours} hours a week, {paid_staff} paid staff and {volunteers} volunteers; {comune_funded} funded "
        "by the Comune; {codesign_ets} organisations available for co-design.",
    ),
    "res.doc.scoperti.one": ("{n} bisogno su {total} è scoperto.", "{n} need of {total} has no offer."),
    "res.doc.scoperti.other": ("{n} bisogni su {total} sono scoperti.", "{n} needs of {total} have no offer."),
    "res.doc.poco_coperti.one": ("{n} è poco coperto (un solo servizio).", "{n} is poorly served (one service)."),
    "res.doc.poco_coperti.other": ("{n} sono poco coperti (un solo servizio).", "{n} are poorly served (one service)."),
    "projector.resources": ("Bisogni e offerta degli ETS", "Needs and the organisations' services"),
    "col.scoperti": ("bisogni_scoperti", "needs_without_offer"),
    "col.share_scoperti": ("quota_scoperti_percento", "share_without_offer_percent"),
    "col.services": ("servizi", "services"),
    "col.ets": ("enti", "organisations"),
    "col.people": ("persone_raggiunte", "people_reached"),
    "col.per_1000_over65": ("persone_ogni_1000_over65", "people_per_1000_aged_65_plus"),
    "col.most_ets_one_type": ("max_enti_stesso_servizio", "most_organisations_one_service"),
    "col.hhi": ("indice_hhi", "hhi_index"),
    "col.weekly_hours": ("ore_settimanali", "weekly_hours"),
    "col.paid_staff": ("personale_retribuito", "paid_staff"),
    "col.volunteers": ("volontari", "volunteers"),
    "col.comune_funded": ("finanziati_comune", "comune_funded"),
    "col.codesign": ("disponibile_coprogettazione", "available_for_codesign"),
    "col.organisation": ("ente", "organisation"),
    "col.types": ("servizi", "services"),
    "col.item_type": ("tipo_voce", "item_type"),
    "col.why": ("perche", "why"),
    "col.links": ("collegamenti", "links"),
    "col.group": ("gruppo", "group"),
    "col.status": ("stato", "status"),
    "col.source": ("fonte", "source"),
    "col.created_at": ("creato_il", "created_at"),
    "col.premises": ("sedi", "premises"),
    "col.targets": ("destinatari", "target_groups"),
    "col.nils": ("nil", "nil"),
    "col.municipi": ("municipi", "municipi"),
    "col.citywide": ("tutta_la_citta", "citywide"),
}


def columns(frame, lang: str = DEFAULT_LANG):
    """A copy of a table with its columns named in the language (files people download)."""
    return frame.rename(
        columns={
            c: M[f"col.{c}"][1 if lang == "en" else 0] for c in frame.columns if isinstance(c, str) and f"col.{c}" in M
        }
    )


def tn(key: str, n: int, lang: str = DEFAULT_LANG, **params) -> str:
    """The text for a count: ``key.one`` or ``key.other`` as the language's
    plural rules (Babel's CLDR data) say for ``n``; ``{n}`` is filled in."""
    form = Locale.parse(LOCALES.get(lang, "it_IT")).plural_form(abs(n))
    return t(f"{key}.{'one' if form == 'one' else 'other'}", lang, n=n, **params)


def t(key: str, lang: str = DEFAULT_LANG, **params) -> str:
    """The text for ``key`` in ``lang`` with ``{params}`` filled in. A key
    missing from the catalogue shows as itself, except under
    ``COPROG_STRICT_TEXTS=1`` (the tests), where it is an error."""
    pair = M.get(key)
    if pair is None:
        if os.environ.get("COPROG_STRICT_TEXTS") == "1":  # the tests: a raw key on a page fails them
            raise KeyError(f"testo mancante nel catalogo: {key}")
        return key
    text = pair[1] if lang == "en" else pair[0]
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def problem(field: str, key: str, params: dict, lang: str = DEFAULT_LANG) -> str:
    """One (field, key, params) problem as a sentence."""
    field_label = t(f"field.{field}", lang) if field else ""
    return t(key, lang, field=field_label, **params).lstrip(": ")


def error_messages(exc, lang: str = DEFAULT_LANG) -> list[str]:
    """Every message carried by a CoprogError (one per problem for ValidationError)."""
    problems = getattr(exc, "problems", None) or [("", exc.key, getattr(exc, "params", {}))]
    return [problem(field, key, params, lang) for field, key, params in problems]


def number(value, lang: str = DEFAULT_LANG, digits: int | None = None) -> str:
    fmt = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=fmt, locale=LOCALES.get(lang, "it_IT"))


def local_when(value: str | None, lang: str = DEFAULT_LANG) -> str:
    """A wall-clock time in Milan as typed ('YYYY-MM-DDTHH:MM', e.g. a PEC's
    arrival or the avviso's deadline): formatted, never shifted by a time zone."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value)
    return format_datetime(
        moment, "dd/MM/yyyy HH:mm" if lang == "it" else "d MMM yyyy, HH:mm", locale=LOCALES.get(lang, "it_IT")
    )


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
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(TZ)
        if with_time:  # digits only, the same in every locale: strftime is ~20x cheaper than Babel
            return value.strftime("%d/%m/%Y %H:%M")
        value = value.date()
    if lang == "it":
        return value.strftime("%d/%m/%Y")
    return format_date(value, "d MMM yyyy", locale=locale)


def clock(lang: str = DEFAULT_LANG) -> str:
    return format_datetime(datetime.now(TZ), "HH:mm:ss", locale=LOCALES.get(lang, "it_IT"))
