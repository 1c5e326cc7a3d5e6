"""The shared vocabulary: the codes the database stores (types, statuses,
methods), the limits on typed text and the defaults, in one place. The core,
the pages and the tests read them from here; a migration still to come may use
them, a released one holds its literal values (tests/unit/test_storage.py)."""

from __future__ import annotations

# -- who acts (audit_log.actor_kind): the roles of coprog/procedure/permissions.py ------------
DELEGATE, FACILITATOR, ORGANISER, SYSTEM = "delegato", "facilitatore", "organizzatore", "sistema"
ROLES = (DELEGATE, FACILITATOR, ORGANISER, SYSTEM)
STAFF_ROLES = (FACILITATOR, ORGANISER)

# -- contributions -----------------------------------------------------------------
NEED = "bisogno"
PROPOSAL_TYPES = ("strategia", "principio", "criterio_qualita", "strumento_governance")
CONTRIBUTION_TYPES = (NEED, *PROPOSAL_TYPES)

# A contribution's life: new (awaiting moderation) -> approved or hidden; its author may withdraw it.
NEW, APPROVED, HIDDEN, WITHDRAWN = "nuovo", "approvato", "nascosto", "ritirato"
CONTRIBUTION_STATUSES = (NEW, APPROVED, HIDDEN, WITHDRAWN)
MODERATION_STATUSES = (NEW, APPROVED, HIDDEN)  # what a moderator filters on (withdrawn ones are the author's)
PENDING = "in_attesa"  # a moderated edit waiting for a moderator

# Where a contribution, a ballot or a count came from (stored with it; the documents say it).
ONLINE = "laptop"  # typed by the delegate on their own device (laptop or phone)
ON_BEHALF = FACILITATOR  # typed by the facilitator for an ETS without a device
PAPER = "carta"  # copied from paper: a written contribution, a paper ballot, a count of dots or slips
SHOW_OF_HANDS = "alzata_di_mano"  # a count by a show of hands
CONTRIBUTION_SOURCES = (ONLINE, ON_BEHALF, PAPER)
ENTERED_SOURCES = (ON_BEHALF, PAPER)  # a contribution the facilitator enters for an ETS
COUNT_SOURCES = (PAPER, SHOW_OF_HANDS)  # an anonymous count the facilitator enters

TITLE_MAX = 150  # characters of a title (contributions and seed items)
BODY_MAX = 2000  # characters of a text
EVIDENCE_MAX = 1000  # characters of a need's evidence
DOUBLE_PRESS_SECONDS = 1.0  # an untouched form sent again this soon after a press taken: a double click

# -- organisations and percorsi -------------------------------------------------------
RECEIVED, ADMITTED, REFUSED = "ricevuta", "ammessa", "non_ammessa"
ADMISSION = (RECEIVED, ADMITTED, REFUSED)
RUNNING, CLOSED, ARCHIVED = "attivo", "chiuso", "archiviato"
PROCESS_STATUSES = (RUNNING, CLOSED, ARCHIVED)
DEFAULT_RETENTION_MONTHS = 24  # personal data kept after a percorso closes

# -- sessions and ballots ---------------------------------------------------------------
MAX_PHASES = 20  # phases in a session's agenda
BALLOT_METHODS = ("punti", "valutazione", "ordinamento", "approvazione")
BALLOT_DIMENSIONS = ("importanza", "fattibilita")
BALLOT_DIMENSION = BALLOT_DIMENSIONS[0]  # what every ballot but a "valutazione" on chosen dimensions measures
BALLOT_BUDGET = 5  # dots each ETS spends (method "punti")
BALLOT_CAP = 3  # dots at most on one item
BALLOT_PREPARED, BALLOT_OPEN, BALLOT_CLOSED = "preparata", "aperta", "chiusa"

# -- reactions and adesioni (one per ETS per item) -------------------------------------
AGREE, DISAGREE, PASS = "accordo", "disaccordo", "passo"
REACTIONS = (AGREE, DISAGREE, PASS)
REACTION_VALUE = {AGREE: 1, DISAGREE: -1, PASS: 0}  # the reaction matrix's entries
# Opinion groups and group-informed consensus (coprog/ballots/opinion.py).
OPINION_MIN_REACTIONS = 7  # an ETS with fewer reactions (or fewer than the items) is left out of the map
OPINION_MAX_GROUPS = 5  # k-means tries 2 … this many groups, keeps the best silhouette
OPINION_MIN_SILHOUETTE = 0.25  # below it the ETS form no distinct groups: one group
SHARED_LEVEL = 0.6  # geometric mean of the groups' smoothed agree shares from which an item is shared
DIVIDING_GAP = 0.4  # gap between the groups' smoothed agree shares from which an item divides them

# -- the floor (richieste di intervento) ------------------------------------------------
WAITING, SPEAKING, SPOKE, WITHDRAWN_REQUEST = "in_attesa", "in_corso", "concluso", "ritirato"
FLOOR_STATUSES = (WAITING, SPEAKING, SPOKE, WITHDRAWN_REQUEST)
FLOOR_LIMIT_SECONDS = 180  # a speaking turn's default length

# -- the draft sintesi and its observations -------------------------------------------
OBSERVATION_MAX = 2000  # characters of an observation, and of an answer's reason
ANSWERS = ("accolta", "parzialmente_accolta", "non_accolta")

# -- mail out: one message per recipient through the Comune's SMTP relay (coprog/records/outbox.py) ----
MAIL_KINDS = ("esito", "invito", "bozza", "risposta")  # the admission outcome, an invitation, the draft, an answer
MAIL_QUEUED, MAIL_SENDING, MAIL_SENT, MAIL_REFUSED, MAIL_UNCERTAIN = (
    "in_coda",
    "in_invio",
    "inviato",
    "rifiutato",
    "da_verificare",  # claimed by a batch that never finished: the relay may have it; never resent by itself
)
MAIL_STATUSES = (MAIL_QUEUED, MAIL_SENDING, MAIL_SENT, MAIL_REFUSED, MAIL_UNCERTAIN)
MAIL_STALE_MINUTES = 10  # a message claimed this long ago by a batch still unfinished counts as uncertain
SMTP_TIMEOUT_SECONDS = 30

# -- mail in: the PEC box read, its envelopes and signatures checked (coprog/procedure/intake.py) -------------
PEC_APPLICATION, PEC_CLARIFICATION = "domanda", "chiarimento"  # what a stored PEC is
PEC_ACCEPTED, PEC_REFUSED, PEC_SUPERSEDED = "accettata", "respinta", "sostituita"  # an application's verdict
PEC_NOT_PEC, PEC_UNREADABLE, PEC_OTHER = "non_pec", "illeggibile", "altro"  # listed, never stored
PEC_FILE_ROLES = ("busta", "originale", "modulo", "allegato")  # the envelope, postacert.eml, the signed form, others
CLARIFICATION_SOURCES = ("pec", "organizzatori")
PEC_MAX_BYTES = 30 * 1024 * 1024  # a PEC message, attachments included (the providers' common limit)
PEC_MAX_MESSAGES = 2000  # messages in one upload or one read of the box
PEC_MAX_EXPANDED = 300 * 1024 * 1024  # what a zip may expand to, in all
PEC_MAX_RATIO = 100  # a zip member that expands more than this many times its packed size is refused
PEC_MAX_NESTING = 3  # .p7m inside .p7m inside .p7m
PEC_MAX_SIGNERS = 10  # people signing one .p7m side by side (a «firma congiunta»), each checked
PEC_REVOCATION_TIMEOUT = 8  # seconds for each answer of a CA's OCSP responder or CRL, when revocation is asked
# messages whose signers' revocation shares one set of fetchers: pyHanko bounds a set at 1,000 requests (against
# a hostile chain) and a message asks 1-3 (its signer's OCSP, a CRL once per set): a fresh set every 200 keeps
# a box of thousands within it, each CA asked once per 200
PEC_REVOCATION_SHARED = 200
NATURAL_PERSON_CF = 16  # characters of a person's codice fiscale (an ETS has 11 digits)
CLARIFICATION_MAX = 5000  # characters of a question and of its answer
DELEGATES_ON_FORM = 4  # delegates the application form has room for
DEADLINE_ZONE = "Europe/Rome"  # the avviso's deadlines are this zone's wall-clock time

# -- the offer: the ETS' services (coprog/reading/offer.py, coprog/reading/resources.py) ------------------
OPEN_DATA_LICENCE = ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")  # the open data's licence
OPEN_DATA_PUBLISHER = ("Comune di Milano", "c_f205")  # its holder, with its code in the IPA index
OTHER_SERVICE = "altro"  # the service type that needs the ETS's own words
SERVICE_OTHER_MAX = 150  # characters of those words
SERVICE_FIGURE_MAX = {"people": 1_000_000, "weekly_hours": 100_000, "paid_staff": 100_000, "volunteers": 100_000}
PREMISES_MAX = 5  # premises of one service
PREMISES_NAME_MAX = 200  # characters of a premises' name or address
SCARCE_OFFER = 1  # a territory where a need's area has at most this many services is "poorly served"
NETWORK_LINKS = 3  # the strongest links each ETS keeps in the network of who could work together
MATCHES_PER_ITEM = 10  # ETS listed at most per need or proposal (a starting list, not a census)
