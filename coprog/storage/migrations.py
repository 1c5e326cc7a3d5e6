"""The versioned schema: numbered migrations applied in order at start-up.

Each migration runs in its own transaction together with the row that records
it in ``schema_migrations``, so a crash never leaves a half-applied version.
Applying them again is a no-op. Never edit a released migration: add one.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol


class Database(Protocol):
    """What the migrations need of coprog/storage/db.py's Database (which applies them
    when it opens the file, so this module cannot import it)."""

    def write(self) -> AbstractContextManager[Any]: ...

    def exclusive_connection(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def query(self, sql: str, params: Any = ...) -> list[dict]: ...


# Released migrations are literal text, never built from constants that may change
# (tests/unit/test_storage.py holds each one's fingerprint).
M001_CORE = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE process (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
    description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    start_date TEXT,
    end_date TEXT,
    office TEXT NOT NULL DEFAULT '' CHECK (length(office) <= 200),
    is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
);

CREATE TABLE session (
    id INTEGER PRIMARY KEY,
    process_id INTEGER NOT NULL REFERENCES process(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('plenaria', 'tavolo')),
    title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
    theme TEXT NOT NULL DEFAULT '' CHECK (length(theme) <= 500),
    date TEXT,
    place TEXT NOT NULL DEFAULT '' CHECK (length(place) <= 200),
    join_code TEXT NOT NULL UNIQUE CHECK (length(join_code) BETWEEN 4 AND 12),
    moderated INTEGER NOT NULL DEFAULT 0 CHECK (moderated IN (0, 1)),
    current_phase_id INTEGER REFERENCES phase(id) ON DELETE SET NULL,
    version INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

CREATE TABLE phase (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 1),
    name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 120),
    contribution_types TEXT NOT NULL DEFAULT '',
    contributions_open INTEGER NOT NULL DEFAULT 0 CHECK (contributions_open IN (0, 1)),
    opened_at TEXT,
    closed_at TEXT,
    UNIQUE (session_id, position)
);

CREATE TABLE organisation (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 2 AND 200),
    codice_fiscale TEXT NOT NULL UNIQUE CHECK (length(codice_fiscale) IN (11, 16)),
    runts_number TEXT NOT NULL DEFAULT '' CHECK (length(runts_number) <= 30),
    legal_form TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 200),
    phone TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

CREATE TABLE organisation_field (
    organisation_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
    field TEXT NOT NULL CHECK (length(field) = 1 AND field BETWEEN 'a' AND 'z'),
    PRIMARY KEY (organisation_id, field)
);

CREATE TABLE organisation_municipio (
    organisation_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
    municipio INTEGER NOT NULL CHECK (municipio BETWEEN 1 AND 9),
    PRIMARY KEY (organisation_id, municipio)
);

CREATE TABLE delegate (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 2 AND 120),
    role TEXT NOT NULL DEFAULT '' CHECK (length(role) <= 120),
    email TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 200),
    access_code TEXT NOT NULL UNIQUE CHECK (length(access_code) = 12),
    code_issued_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (organisation_id, name)
);

CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    delegate_id INTEGER NOT NULL REFERENCES delegate(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
    checked_in_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (session_id, delegate_id)
);

CREATE TABLE contribution (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    phase_id INTEGER NOT NULL REFERENCES phase(id),
    type TEXT NOT NULL CHECK (type IN ('bisogno','strategia','principio','criterio_qualita','strumento_governance')),
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    delegate_id INTEGER REFERENCES delegate(id) ON DELETE SET NULL,
    source TEXT NOT NULL DEFAULT 'laptop' CHECK (source IN ('laptop', 'facilitatore', 'carta')),
    status TEXT NOT NULL DEFAULT 'nuovo'
        CHECK (status IN ('nuovo', 'approvato', 'nascosto', 'ritirato')),
    title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 3 AND 150),
    body TEXT NOT NULL DEFAULT '' CHECK (length(body) <= 2000),
    area TEXT,
    target_group TEXT,
    citywide INTEGER NOT NULL DEFAULT 0 CHECK (citywide IN (0, 1)),
    intensity INTEGER CHECK (intensity BETWEEN 1 AND 5),
    trend TEXT CHECK (trend IN ('emergente', 'in_crescita', 'stabile', 'in_calo')),
    evidence TEXT NOT NULL DEFAULT '' CHECK (length(evidence) <= 1000),
    evidence_source TEXT CHECK (evidence_source IN ('dati', 'esperienza_diretta', 'segnalazioni')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CHECK (type != 'bisogno' OR (area IS NOT NULL AND target_group IS NOT NULL
        AND intensity IS NOT NULL AND trend IS NOT NULL AND evidence_source IS NOT NULL))
);
CREATE INDEX contribution_session ON contribution(session_id, type, status);
CREATE INDEX contribution_org ON contribution(organisation_id);

CREATE TABLE contribution_municipio (
    contribution_id INTEGER NOT NULL REFERENCES contribution(id) ON DELETE CASCADE,
    municipio INTEGER NOT NULL CHECK (municipio BETWEEN 1 AND 9),
    PRIMARY KEY (contribution_id, municipio)
);

CREATE TABLE contribution_nil (
    contribution_id INTEGER NOT NULL REFERENCES contribution(id) ON DELETE CASCADE,
    nil INTEGER NOT NULL CHECK (nil BETWEEN 1 AND 200),
    PRIMARY KEY (contribution_id, nil)
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('delegato', 'facilitatore', 'organizzatore', 'sistema')),
    actor_id INTEGER,
    actor_label TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);

CREATE TABLE login_attempt (
    client TEXT PRIMARY KEY,
    failures INTEGER NOT NULL DEFAULT 0,
    last_failure_at REAL NOT NULL DEFAULT 0
);

-- The database itself refuses what the rules forbid, whatever the caller.
CREATE TRIGGER contribution_phase_open BEFORE INSERT ON contribution
WHEN NEW.source = 'laptop' AND NOT EXISTS (
    SELECT 1 FROM phase p WHERE p.id = NEW.phase_id AND p.session_id = NEW.session_id
      AND p.contributions_open = 1
      AND (',' || p.contribution_types || ',') LIKE ('%,' || NEW.type || ',%'))
BEGIN
    SELECT RAISE(ABORT, 'fase_chiusa');
END;

CREATE TRIGGER contribution_delegate_org BEFORE INSERT ON contribution
WHEN NEW.delegate_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM delegate d WHERE d.id = NEW.delegate_id
      AND d.organisation_id = NEW.organisation_id AND d.revoked = 0)
BEGIN
    SELECT RAISE(ABORT, 'delegato_non_valido');
END;

CREATE TRIGGER contribution_edit_open BEFORE UPDATE OF title, body, area, target_group,
    citywide, intensity, trend, evidence, evidence_source ON contribution
WHEN OLD.source = 'laptop' AND OLD.status != 'ritirato' AND NOT EXISTS (
    SELECT 1 FROM phase p WHERE p.id = OLD.phase_id AND p.contributions_open = 1)
BEGIN
    SELECT RAISE(ABORT, 'fase_chiusa');
END;

-- Any change to a session's state or contributions bumps its version, so
-- live pages can poll one cheap number and redraw only when it moved.
CREATE TRIGGER contribution_bump_insert AFTER INSERT ON contribution
BEGIN UPDATE session SET version = version + 1 WHERE id = NEW.session_id; END;
CREATE TRIGGER contribution_bump_update AFTER UPDATE ON contribution
BEGIN UPDATE session SET version = version + 1 WHERE id = NEW.session_id; END;
CREATE TRIGGER phase_bump_update AFTER UPDATE ON phase
BEGIN UPDATE session SET version = version + 1 WHERE id = NEW.session_id; END;
CREATE TRIGGER attendance_bump_insert AFTER INSERT ON attendance
BEGIN UPDATE session SET version = version + 1 WHERE id = NEW.session_id; END;
"""

M002_FACILITATION = """
CREATE TABLE facilitator (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 2 AND 120),
    email TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 200),
    access_code TEXT NOT NULL UNIQUE CHECK (length(access_code) = 12),
    revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

CREATE TABLE session_facilitator (
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    facilitator_id INTEGER NOT NULL REFERENCES facilitator(id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, facilitator_id)
);

ALTER TABLE session ADD COLUMN show_results INTEGER NOT NULL DEFAULT 0 CHECK (show_results IN (0, 1));
ALTER TABLE session ADD COLUMN board_view TEXT NOT NULL DEFAULT 'auto';
ALTER TABLE session ADD COLUMN timer_seconds INTEGER NOT NULL DEFAULT 0 CHECK (timer_seconds BETWEEN 0 AND 14400);
ALTER TABLE session ADD COLUMN timer_started_at REAL;
ALTER TABLE session ADD COLUMN timer_remaining REAL;

ALTER TABLE phase ADD COLUMN voting_open INTEGER NOT NULL DEFAULT 0 CHECK (voting_open IN (0, 1));

ALTER TABLE contribution ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));
ALTER TABLE contribution ADD COLUMN hidden_reason TEXT NOT NULL DEFAULT '' CHECK (length(hidden_reason) <= 300);
ALTER TABLE contribution ADD COLUMN merged_into INTEGER REFERENCES contribution(id);
ALTER TABLE contribution ADD COLUMN last_editor TEXT NOT NULL DEFAULT 'delegato'
    CHECK (last_editor IN ('delegato', 'staff'));

-- Delegates cannot edit after the close; moderators can (they mark their edits).
DROP TRIGGER contribution_edit_open;
CREATE TRIGGER contribution_edit_open BEFORE UPDATE OF title, body, area, target_group,
    citywide, intensity, trend, evidence, evidence_source ON contribution
WHEN NEW.last_editor = 'delegato' AND OLD.source = 'laptop' AND OLD.status != 'ritirato' AND NOT EXISTS (
    SELECT 1 FROM phase p WHERE p.id = OLD.phase_id AND p.contributions_open = 1)
BEGIN
    SELECT RAISE(ABORT, 'fase_chiusa');
END;

-- Every organisation that authored a contribution (more than one after a merge).
CREATE TABLE contribution_author (
    contribution_id INTEGER NOT NULL REFERENCES contribution(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    delegate_id INTEGER REFERENCES delegate(id) ON DELETE SET NULL,
    via_merge_of INTEGER REFERENCES contribution(id),
    PRIMARY KEY (contribution_id, organisation_id)
);
INSERT INTO contribution_author (contribution_id, organisation_id, delegate_id)
    SELECT id, organisation_id, delegate_id FROM contribution;

-- Counts from paper, sticky dots or a show of hands, entered by the facilitator.
CREATE TABLE paper_count (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    phase_id INTEGER REFERENCES phase(id) ON DELETE SET NULL,
    contribution_id INTEGER REFERENCES contribution(id) ON DELETE CASCADE,
    area TEXT,
    count INTEGER NOT NULL CHECK (count BETWEEN 0 AND 100000),
    source TEXT NOT NULL DEFAULT 'carta' CHECK (source IN ('carta', 'alzata_di_mano')),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 300),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CHECK ((contribution_id IS NULL) != (area IS NULL))
);
CREATE TRIGGER paper_count_bump AFTER INSERT ON paper_count
BEGIN UPDATE session SET version = version + 1 WHERE id = NEW.session_id; END;

ALTER TABLE attendance ADD COLUMN checked_out_at TEXT;
ALTER TABLE attendance ADD COLUMN mode TEXT NOT NULL DEFAULT 'presenza' CHECK (mode IN ('presenza', 'online'));
ALTER TABLE attendance ADD COLUMN represents_organisation_id INTEGER REFERENCES organisation(id);
ALTER TABLE attendance ADD COLUMN entered_by TEXT NOT NULL DEFAULT 'link' CHECK (entered_by IN ('link', 'facilitatore'));
ALTER TABLE attendance ADD COLUMN last_seen_at REAL;
CREATE TRIGGER attendance_bump_update AFTER UPDATE OF checked_out_at, mode, represents_organisation_id ON attendance
BEGIN UPDATE session SET version = version + 1 WHERE id = NEW.session_id; END;
CREATE TRIGGER session_facilitator_bump AFTER INSERT ON session_facilitator
BEGIN UPDATE session SET version = version + 1 WHERE id = NEW.session_id; END;
"""

M003_BALLOTS = """
-- Items organisers put on the table before the ETS speak (e.g. quality criteria).
CREATE TABLE seed_item (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('strategia', 'principio', 'criterio_qualita', 'strumento_governance')),
    title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 3 AND 150),
    body TEXT NOT NULL DEFAULT '' CHECK (length(body) <= 2000),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

CREATE TABLE ballot (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    phase_id INTEGER REFERENCES phase(id) ON DELETE SET NULL,
    method TEXT NOT NULL CHECK (method IN ('punti', 'valutazione', 'ordinamento', 'approvazione')),
    per_delegate INTEGER NOT NULL DEFAULT 0 CHECK (per_delegate IN (0, 1)),
    budget INTEGER NOT NULL DEFAULT 5 CHECK (budget BETWEEN 1 AND 100),
    cap INTEGER NOT NULL DEFAULT 3 CHECK (cap BETWEEN 1 AND 100),
    dimensions TEXT NOT NULL DEFAULT 'importanza',
    top_k INTEGER CHECK (top_k IS NULL OR top_k >= 1),
    status TEXT NOT NULL DEFAULT 'aperta' CHECK (status IN ('aperta', 'chiusa')),
    show_live INTEGER NOT NULL DEFAULT 0 CHECK (show_live IN (0, 1)),
    opened_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    closed_at TEXT,
    snapshot TEXT,
    CHECK (method != 'punti' OR cap <= budget)
);
CREATE UNIQUE INDEX ballot_one_open ON ballot(session_id) WHERE status = 'aperta';

CREATE TABLE ballot_item (
    id INTEGER PRIMARY KEY,
    ballot_id INTEGER NOT NULL REFERENCES ballot(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 1),
    contribution_id INTEGER REFERENCES contribution(id),
    seed_id INTEGER REFERENCES seed_item(id),
    title TEXT NOT NULL,
    UNIQUE (ballot_id, position),
    CHECK ((contribution_id IS NULL) != (seed_id IS NULL))
);

-- One row per voter: the organisation (default) or the delegate; replaced on change.
CREATE TABLE vote (
    id INTEGER PRIMARY KEY,
    ballot_id INTEGER NOT NULL REFERENCES ballot(id) ON DELETE CASCADE,
    voter TEXT NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    delegate_id INTEGER REFERENCES delegate(id) ON DELETE SET NULL,
    cast_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    changes INTEGER NOT NULL DEFAULT 0,
    UNIQUE (ballot_id, voter)
);

CREATE TABLE vote_entry (
    vote_id INTEGER NOT NULL REFERENCES vote(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES ballot_item(id) ON DELETE CASCADE,
    dimension TEXT NOT NULL DEFAULT '',
    value INTEGER,
    PRIMARY KEY (vote_id, item_id, dimension)
);

CREATE TABLE ballot_paper (
    id INTEGER PRIMARY KEY,
    ballot_id INTEGER NOT NULL REFERENCES ballot(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES ballot_item(id) ON DELETE CASCADE,
    value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 100000),
    source TEXT NOT NULL DEFAULT 'carta' CHECK (source IN ('carta', 'alzata_di_mano')),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 300),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

-- The rules live in the database too.
CREATE TRIGGER vote_ballot_open BEFORE INSERT ON vote
WHEN (SELECT status FROM ballot WHERE id = NEW.ballot_id) != 'aperta'
BEGIN SELECT RAISE(ABORT, 'votazione_chiusa'); END;
CREATE TRIGGER vote_update_open BEFORE UPDATE ON vote
WHEN (SELECT status FROM ballot WHERE id = NEW.ballot_id) != 'aperta'
BEGIN SELECT RAISE(ABORT, 'votazione_chiusa'); END;

CREATE TRIGGER vote_entry_rules BEFORE INSERT ON vote_entry
BEGIN
    SELECT CASE
        WHEN b.status != 'aperta' THEN RAISE(ABORT, 'votazione_chiusa')
        WHEN i.ballot_id != v.ballot_id THEN RAISE(ABORT, 'voce_estranea')
        WHEN b.method = 'punti' AND (NEW.value IS NULL OR NEW.value < 0 OR NEW.value > b.cap)
            THEN RAISE(ABORT, 'tetto_superato')
        WHEN b.method = 'punti' AND coalesce((SELECT sum(value) FROM vote_entry e WHERE e.vote_id = NEW.vote_id), 0)
            + NEW.value > b.budget THEN RAISE(ABORT, 'budget_superato')
        WHEN b.method = 'valutazione' AND NEW.value IS NOT NULL AND NEW.value NOT BETWEEN 1 AND 5
            THEN RAISE(ABORT, 'valore_non_valido')
        WHEN b.method = 'valutazione' AND (',' || b.dimensions || ',') NOT LIKE ('%,' || NEW.dimension || ',%')
            THEN RAISE(ABORT, 'valore_non_valido')
        WHEN b.method = 'approvazione' AND (NEW.value IS NULL OR NEW.value NOT IN (0, 1))
            THEN RAISE(ABORT, 'valore_non_valido')
        WHEN b.method = 'ordinamento' AND (NEW.value IS NULL OR NEW.value < 1
            OR NEW.value > coalesce(b.top_k, (SELECT count(*) FROM ballot_item WHERE ballot_id = b.id))
            OR EXISTS (SELECT 1 FROM vote_entry e WHERE e.vote_id = NEW.vote_id AND e.value = NEW.value))
            THEN RAISE(ABORT, 'ordine_non_valido')
    END
    FROM vote v JOIN ballot b ON b.id = v.ballot_id JOIN ballot_item i ON i.id = NEW.item_id
    WHERE v.id = NEW.vote_id;
END;

CREATE TRIGGER ballot_locked BEFORE UPDATE OF method, per_delegate, budget, cap, dimensions, top_k ON ballot
WHEN EXISTS (SELECT 1 FROM vote WHERE ballot_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'votazione_bloccata'); END;
CREATE TRIGGER ballot_items_locked_add BEFORE INSERT ON ballot_item
WHEN EXISTS (SELECT 1 FROM vote WHERE ballot_id = NEW.ballot_id)
BEGIN SELECT RAISE(ABORT, 'votazione_bloccata'); END;
CREATE TRIGGER ballot_items_locked_remove BEFORE DELETE ON ballot_item
WHEN EXISTS (SELECT 1 FROM vote WHERE ballot_id = OLD.ballot_id)
  AND (SELECT status FROM ballot WHERE id = OLD.ballot_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'votazione_bloccata'); END;
CREATE TRIGGER ballot_snapshot_frozen BEFORE UPDATE OF snapshot, closed_at, status ON ballot
WHEN OLD.status = 'chiusa'
BEGIN SELECT RAISE(ABORT, 'risultati_congelati'); END;

CREATE TRIGGER vote_bump AFTER INSERT ON vote
BEGIN UPDATE session SET version = version + 1 WHERE id = (SELECT session_id FROM ballot WHERE id = NEW.ballot_id); END;
CREATE TRIGGER vote_bump_update AFTER UPDATE ON vote
BEGIN UPDATE session SET version = version + 1 WHERE id = (SELECT session_id FROM ballot WHERE id = NEW.ballot_id); END;
CREATE TRIGGER ballot_bump AFTER UPDATE ON ballot
BEGIN UPDATE session SET version = version + 1 WHERE id = NEW.session_id; END;
CREATE TRIGGER ballot_bump_insert AFTER INSERT ON ballot
BEGIN UPDATE session SET version = version + 1 WHERE id = NEW.session_id; END;
CREATE TRIGGER ballot_paper_bump AFTER INSERT ON ballot_paper
BEGIN UPDATE session SET version = version + 1 WHERE id = (SELECT session_id FROM ballot WHERE id = NEW.ballot_id); END;
"""

M004_RECORDS = """
ALTER TABLE organisation ADD COLUMN admission TEXT NOT NULL DEFAULT 'ricevuta'
    CHECK (admission IN ('ricevuta', 'ammessa', 'non_ammessa'));
ALTER TABLE organisation ADD COLUMN admission_reason TEXT NOT NULL DEFAULT '' CHECK (length(admission_reason) <= 500);
UPDATE organisation SET admission = 'ammessa';

ALTER TABLE session ADD COLUMN notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 20000);

ALTER TABLE delegate ADD COLUMN erased_at TEXT;

-- The synthesis document's texts written in the app, with a version that grows on every save.
CREATE TABLE synthesis (
    process_id INTEGER PRIMARY KEY REFERENCES process(id) ON DELETE CASCADE,
    premessa TEXT NOT NULL DEFAULT '' CHECK (length(premessa) <= 50000),
    conclusioni TEXT NOT NULL DEFAULT '' CHECK (length(conclusioni) <= 50000),
    open_questions TEXT NOT NULL DEFAULT '' CHECK (length(open_questions) <= 50000),
    codesign TEXT NOT NULL DEFAULT '' CHECK (length(codesign) <= 50000),
    section_order TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT
);
"""

# Version 5 rebuilds the organisation table (an ETS now belongs to one percorso,
# and its codice fiscale must be an entity's 11 digits): it runs with foreign
# keys off, as SQLite's documented table rebuild requires, and checks them
# before committing.
M005_PROCEDURE = """
-- The percorso as the avviso describes it, and its life: attivo, chiuso, archiviato.
ALTER TABLE process ADD COLUMN avviso_protocol TEXT NOT NULL DEFAULT '' CHECK (length(avviso_protocol) <= 60);
ALTER TABLE process ADD COLUMN avviso_date TEXT;
ALTER TABLE process ADD COLUMN application_deadline TEXT;
ALTER TABLE process ADD COLUMN pec TEXT NOT NULL DEFAULT '' CHECK (length(pec) <= 200);
ALTER TABLE process ADD COLUMN contact TEXT NOT NULL DEFAULT '' CHECK (length(contact) <= 300);
ALTER TABLE process ADD COLUMN status TEXT NOT NULL DEFAULT 'attivo'
    CHECK (status IN ('attivo', 'chiuso', 'archiviato'));
ALTER TABLE process ADD COLUMN closed_at TEXT;
ALTER TABLE process ADD COLUMN archived_at TEXT;
ALTER TABLE process ADD COLUMN retention_months INTEGER NOT NULL DEFAULT 24 CHECK (retention_months BETWEEN 1 AND 240);
ALTER TABLE process ADD COLUMN privacy_controller TEXT NOT NULL DEFAULT '' CHECK (length(privacy_controller) <= 500);
ALTER TABLE process ADD COLUMN privacy_text TEXT NOT NULL DEFAULT '' CHECK (length(privacy_text) <= 20000);
ALTER TABLE process ADD COLUMN purged_at TEXT;

-- What a migration found and kept rather than dropped, for the organisers to see.
CREATE TABLE migration_report (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    problem TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

-- Organisations found before there was any percorso go to one made for them.
INSERT INTO process (title) SELECT 'Percorso' WHERE NOT EXISTS (SELECT 1 FROM process)
    AND EXISTS (SELECT 1 FROM organisation);

CREATE TABLE organisation_new (
    id INTEGER PRIMARY KEY,
    process_id INTEGER NOT NULL REFERENCES process(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 2 AND 200),
    codice_fiscale TEXT NOT NULL,
    cf_non_conforme INTEGER NOT NULL DEFAULT 0 CHECK (cf_non_conforme IN (0, 1)),
    runts_number TEXT NOT NULL DEFAULT '' CHECK (length(runts_number) <= 30),
    legal_form TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 200),
    phone TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    admission TEXT NOT NULL DEFAULT 'ricevuta' CHECK (admission IN ('ricevuta', 'ammessa', 'non_ammessa')),
    admission_reason TEXT NOT NULL DEFAULT '' CHECK (length(admission_reason) <= 500),
    admission_at TEXT,
    received_at TEXT,
    experience TEXT NOT NULL DEFAULT '' CHECK (length(experience) <= 3000),
    coherent_activities INTEGER CHECK (coherent_activities IN (0, 1)),
    UNIQUE (process_id, codice_fiscale),
    -- an ETS: 11 digits (the avviso excludes natural persons); rows found
    -- before this rule are kept, flagged and reported
    CHECK (cf_non_conforme = 1 OR (length(codice_fiscale) = 11 AND codice_fiscale NOT GLOB '*[^0-9]*'))
);
INSERT INTO organisation_new (id, process_id, name, codice_fiscale, cf_non_conforme, runts_number, legal_form,
    email, phone, created_at, admission, admission_reason)
SELECT id, (SELECT max(id) FROM process), name, codice_fiscale,
    CASE WHEN length(codice_fiscale) = 11 AND codice_fiscale NOT GLOB '*[^0-9]*' THEN 0 ELSE 1 END,
    runts_number, legal_form, email, phone, created_at, admission, admission_reason
FROM organisation;
INSERT INTO migration_report (version, entity, entity_id, problem, detail)
SELECT 5, 'organisation', id, 'codice_fiscale_persona_fisica', name || ' (' || codice_fiscale || ')'
FROM organisation_new WHERE cf_non_conforme = 1;
DROP TABLE organisation;
ALTER TABLE organisation_new RENAME TO organisation;
CREATE INDEX organisation_process ON organisation(process_id, admission);

CREATE TRIGGER organisation_cf_entity BEFORE INSERT ON organisation
WHEN NEW.cf_non_conforme = 1 OR length(NEW.codice_fiscale) != 11 OR NEW.codice_fiscale GLOB '*[^0-9]*'
BEGIN SELECT RAISE(ABORT, 'cf_persona_fisica'); END;
CREATE TRIGGER organisation_cf_entity_update BEFORE UPDATE OF codice_fiscale, cf_non_conforme ON organisation
WHEN (NEW.cf_non_conforme = 1 AND OLD.cf_non_conforme = 0)
  OR (NEW.cf_non_conforme = 0 AND (length(NEW.codice_fiscale) != 11 OR NEW.codice_fiscale GLOB '*[^0-9]*'))
BEGIN SELECT RAISE(ABORT, 'cf_persona_fisica'); END;

ALTER TABLE delegate ADD COLUMN privacy_ack_at TEXT;
ALTER TABLE delegate ADD COLUMN replaced_by INTEGER REFERENCES delegate(id) ON DELETE SET NULL;

-- Only ETS admitted to the percorso take part, only in their own percorso,
-- and only while it is running: the database refuses the rest.
CREATE TRIGGER contribution_admitted BEFORE INSERT ON contribution
BEGIN
    SELECT CASE
        WHEN (SELECT admission FROM organisation WHERE id = NEW.organisation_id) != 'ammessa'
            THEN RAISE(ABORT, 'ente_non_ammesso')
        WHEN (SELECT process_id FROM organisation WHERE id = NEW.organisation_id)
            != (SELECT process_id FROM session WHERE id = NEW.session_id) THEN RAISE(ABORT, 'percorso_diverso')
        WHEN (SELECT p.status FROM session s JOIN process p ON p.id = s.process_id WHERE s.id = NEW.session_id)
            != 'attivo' THEN RAISE(ABORT, 'percorso_chiuso')
    END;
END;
CREATE TRIGGER contribution_edit_admitted BEFORE UPDATE OF title, body, area, target_group,
    citywide, intensity, trend, evidence, evidence_source ON contribution
BEGIN
    SELECT CASE
        WHEN NEW.last_editor = 'delegato'
            AND (SELECT admission FROM organisation WHERE id = OLD.organisation_id) != 'ammessa'
            THEN RAISE(ABORT, 'ente_non_ammesso')
        WHEN (SELECT p.status FROM session s JOIN process p ON p.id = s.process_id WHERE s.id = OLD.session_id)
            = 'archiviato' THEN RAISE(ABORT, 'percorso_archiviato')
    END;
END;
CREATE TRIGGER contribution_author_same_process BEFORE INSERT ON contribution_author
WHEN (SELECT process_id FROM organisation WHERE id = NEW.organisation_id)
    != (SELECT s.process_id FROM contribution c JOIN session s ON s.id = c.session_id WHERE c.id = NEW.contribution_id)
BEGIN SELECT RAISE(ABORT, 'percorso_diverso'); END;

CREATE TRIGGER attendance_admitted BEFORE INSERT ON attendance
BEGIN
    SELECT CASE
        WHEN (SELECT admission FROM organisation WHERE id = NEW.organisation_id) != 'ammessa'
            THEN RAISE(ABORT, 'ente_non_ammesso')
        WHEN (SELECT process_id FROM organisation WHERE id = NEW.organisation_id)
            != (SELECT process_id FROM session WHERE id = NEW.session_id) THEN RAISE(ABORT, 'percorso_diverso')
        WHEN (SELECT p.status FROM session s JOIN process p ON p.id = s.process_id WHERE s.id = NEW.session_id)
            != 'attivo' THEN RAISE(ABORT, 'percorso_chiuso')
    END;
END;
CREATE TRIGGER attendance_delegation_admitted BEFORE UPDATE OF represents_organisation_id ON attendance
WHEN NEW.represents_organisation_id IS NOT NULL AND (
    (SELECT admission FROM organisation WHERE id = NEW.represents_organisation_id) != 'ammessa'
    OR (SELECT process_id FROM organisation WHERE id = NEW.represents_organisation_id)
        != (SELECT process_id FROM session WHERE id = NEW.session_id))
BEGIN SELECT RAISE(ABORT, 'ente_non_ammesso'); END;

CREATE TRIGGER vote_admitted BEFORE INSERT ON vote
BEGIN
    SELECT CASE
        WHEN (SELECT admission FROM organisation WHERE id = NEW.organisation_id) != 'ammessa'
            THEN RAISE(ABORT, 'ente_non_ammesso')
        WHEN (SELECT process_id FROM organisation WHERE id = NEW.organisation_id)
            != (SELECT s.process_id FROM ballot b JOIN session s ON s.id = b.session_id WHERE b.id = NEW.ballot_id)
            THEN RAISE(ABORT, 'percorso_diverso')
        WHEN (SELECT p.status FROM ballot b JOIN session s ON s.id = b.session_id JOIN process p ON p.id = s.process_id
              WHERE b.id = NEW.ballot_id) != 'attivo' THEN RAISE(ABORT, 'percorso_chiuso')
    END;
END;
CREATE TRIGGER vote_update_admitted BEFORE UPDATE ON vote
WHEN (SELECT admission FROM organisation WHERE id = NEW.organisation_id) != 'ammessa'
BEGIN SELECT RAISE(ABORT, 'ente_non_ammesso'); END;

-- An archived percorso is read-only.
CREATE TRIGGER session_insert_archived BEFORE INSERT ON session
WHEN (SELECT status FROM process WHERE id = NEW.process_id) = 'archiviato'
BEGIN SELECT RAISE(ABORT, 'percorso_archiviato'); END;
CREATE TRIGGER session_update_archived BEFORE UPDATE ON session
WHEN (SELECT status FROM process WHERE id = OLD.process_id) = 'archiviato'
BEGIN SELECT RAISE(ABORT, 'percorso_archiviato'); END;
CREATE TRIGGER phase_update_archived BEFORE UPDATE ON phase
WHEN (SELECT p.status FROM session s JOIN process p ON p.id = s.process_id WHERE s.id = OLD.session_id) = 'archiviato'
BEGIN SELECT RAISE(ABORT, 'percorso_archiviato'); END;
CREATE TRIGGER ballot_insert_archived BEFORE INSERT ON ballot
WHEN (SELECT p.status FROM session s JOIN process p ON p.id = s.process_id WHERE s.id = NEW.session_id) != 'attivo'
BEGIN SELECT RAISE(ABORT, 'percorso_chiuso'); END;
CREATE TRIGGER organisation_update_archived BEFORE UPDATE OF admission, name, codice_fiscale ON organisation
WHEN (SELECT status FROM process WHERE id = OLD.process_id) = 'archiviato'
BEGIN SELECT RAISE(ABORT, 'percorso_archiviato'); END;
CREATE TRIGGER organisation_insert_archived BEFORE INSERT ON organisation
WHEN (SELECT status FROM process WHERE id = NEW.process_id) = 'archiviato'
BEGIN SELECT RAISE(ABORT, 'percorso_archiviato'); END;

-- Every audit row knows its percorso, so one percorso's log can be read (or a
-- deleted demo's removed) without touching another's.
ALTER TABLE audit_log ADD COLUMN process_id INTEGER;
CREATE INDEX audit_process ON audit_log(process_id);
-- The percorso of the entity a row is about (facilitators belong to none).
CREATE VIEW audit_log_scope AS SELECT a.id, CASE a.entity
    WHEN 'process' THEN a.entity_id
    WHEN 'synthesis' THEN a.entity_id
    WHEN 'session' THEN (SELECT process_id FROM session WHERE id = a.entity_id)
    WHEN 'phase' THEN (SELECT s.process_id FROM phase x JOIN session s ON s.id = x.session_id WHERE x.id = a.entity_id)
    WHEN 'contribution' THEN (SELECT s.process_id FROM contribution x JOIN session s ON s.id = x.session_id
                              WHERE x.id = a.entity_id)
    WHEN 'ballot' THEN (SELECT s.process_id FROM ballot x JOIN session s ON s.id = x.session_id WHERE x.id = a.entity_id)
    WHEN 'seed_item' THEN (SELECT s.process_id FROM seed_item x JOIN session s ON s.id = x.session_id
                           WHERE x.id = a.entity_id)
    WHEN 'paper_count' THEN (SELECT s.process_id FROM paper_count x JOIN session s ON s.id = x.session_id
                             WHERE x.id = a.entity_id)
    WHEN 'organisation' THEN (SELECT process_id FROM organisation WHERE id = a.entity_id)
    WHEN 'delegate' THEN (SELECT o.process_id FROM delegate d JOIN organisation o ON o.id = d.organisation_id
                          WHERE d.id = a.entity_id)
    WHEN 'attendance' THEN (SELECT o.process_id FROM delegate d JOIN organisation o ON o.id = d.organisation_id
                            WHERE d.id = a.entity_id)
END AS process_id FROM audit_log a;
CREATE TRIGGER audit_log_process AFTER INSERT ON audit_log WHEN NEW.process_id IS NULL
BEGIN
    UPDATE audit_log SET process_id = (SELECT process_id FROM audit_log_scope WHERE id = NEW.id) WHERE id = NEW.id;
END;
UPDATE audit_log SET process_id = (SELECT process_id FROM audit_log_scope s WHERE s.id = audit_log.id);

-- The organisers' sign-in password made on this machine is no longer the demo's own.
INSERT OR IGNORE INTO meta (key, value) SELECT 'local_admin_hash', value FROM meta WHERE key = 'demo_admin_hash';
"""

M006_VOTE_RULES = """
-- The ballot's rules hold for every write of an entry, not only the first one:
-- an UPDATE is checked like an INSERT (the row being replaced left out of the
-- sums), and methods without dimensions take no dimension, so an item cannot
-- get points twice under two names.
DROP TRIGGER vote_entry_rules;
CREATE TRIGGER vote_entry_rules BEFORE INSERT ON vote_entry
BEGIN
    SELECT CASE
        WHEN b.status != 'aperta' THEN RAISE(ABORT, 'votazione_chiusa')
        WHEN i.ballot_id != v.ballot_id THEN RAISE(ABORT, 'voce_estranea')
        WHEN b.method != 'valutazione' AND NEW.dimension != '' THEN RAISE(ABORT, 'valore_non_valido')
        WHEN b.method = 'punti' AND (NEW.value IS NULL OR NEW.value < 0 OR NEW.value > b.cap)
            THEN RAISE(ABORT, 'tetto_superato')
        WHEN b.method = 'punti' AND coalesce((SELECT sum(value) FROM vote_entry e WHERE e.vote_id = NEW.vote_id), 0)
            + NEW.value > b.budget THEN RAISE(ABORT, 'budget_superato')
        WHEN b.method = 'valutazione' AND NEW.value IS NOT NULL AND NEW.value NOT BETWEEN 1 AND 5
            THEN RAISE(ABORT, 'valore_non_valido')
        WHEN b.method = 'valutazione' AND (',' || b.dimensions || ',') NOT LIKE ('%,' || NEW.dimension || ',%')
            THEN RAISE(ABORT, 'valore_non_valido')
        WHEN b.method = 'approvazione' AND (NEW.value IS NULL OR NEW.value NOT IN (0, 1))
            THEN RAISE(ABORT, 'valore_non_valido')
        WHEN b.method = 'ordinamento' AND (NEW.value IS NULL OR NEW.value < 1
            OR NEW.value > coalesce(b.top_k, (SELECT count(*) FROM ballot_item WHERE ballot_id = b.id))
            OR EXISTS (SELECT 1 FROM vote_entry e WHERE e.vote_id = NEW.vote_id AND e.value = NEW.value))
            THEN RAISE(ABORT, 'ordine_non_valido')
    END
    FROM vote v JOIN ballot b ON b.id = v.ballot_id JOIN ballot_item i ON i.id = NEW.item_id
    WHERE v.id = NEW.vote_id;
END;
CREATE TRIGGER vote_entry_rules_update BEFORE UPDATE ON vote_entry
BEGIN
    SELECT CASE
        WHEN NEW.vote_id != OLD.vote_id THEN RAISE(ABORT, 'voce_estranea')
        WHEN b.status != 'aperta' THEN RAISE(ABORT, 'votazione_chiusa')
        WHEN i.ballot_id != v.ballot_id THEN RAISE(ABORT, 'voce_estranea')
        WHEN b.method != 'valutazione' AND NEW.dimension != '' THEN RAISE(ABORT, 'valore_non_valido')
        WHEN b.method = 'punti' AND (NEW.value IS NULL OR NEW.value < 0 OR NEW.value > b.cap)
            THEN RAISE(ABORT, 'tetto_superato')
        WHEN b.method = 'punti' AND coalesce((SELECT sum(value) FROM vote_entry e WHERE e.vote_id = NEW.vote_id
            AND NOT (e.item_id = OLD.item_id AND e.dimension = OLD.dimension)), 0) + NEW.value > b.budget
            THEN RAISE(ABORT, 'budget_superato')
        WHEN b.method = 'valutazione' AND NEW.value IS NOT NULL AND NEW.value NOT BETWEEN 1 AND 5
            THEN RAISE(ABORT, 'valore_non_valido')
        WHEN b.method = 'valutazione' AND (',' || b.dimensions || ',') NOT LIKE ('%,' || NEW.dimension || ',%')
            THEN RAISE(ABORT, 'valore_non_valido')
        WHEN b.method = 'approvazione' AND (NEW.value IS NULL OR NEW.value NOT IN (0, 1))
            THEN RAISE(ABORT, 'valore_non_valido')
        WHEN b.method = 'ordinamento' AND (NEW.value IS NULL OR NEW.value < 1
            OR NEW.value > coalesce(b.top_k, (SELECT count(*) FROM ballot_item WHERE ballot_id = b.id))
            OR EXISTS (SELECT 1 FROM vote_entry e WHERE e.vote_id = NEW.vote_id AND e.value = NEW.value
                       AND NOT (e.item_id = OLD.item_id AND e.dimension = OLD.dimension)))
            THEN RAISE(ABORT, 'ordine_non_valido')
    END
    FROM vote v JOIN ballot b ON b.id = v.ballot_id JOIN ballot_item i ON i.id = NEW.item_id
    WHERE v.id = NEW.vote_id;
END;
"""

M007_REVISIONS = """
-- A delegate's edit of an approved contribution in a moderated session waits
-- here; the public text stays the approved one until a moderator decides.
CREATE TABLE contribution_revision (
    id INTEGER PRIMARY KEY,
    contribution_id INTEGER NOT NULL REFERENCES contribution(id) ON DELETE CASCADE,
    delegate_id INTEGER REFERENCES delegate(id) ON DELETE SET NULL,
    fields TEXT NOT NULL CHECK (json_valid(fields)),
    decision TEXT NOT NULL DEFAULT 'in_attesa' CHECK (decision IN ('in_attesa', 'approvata', 'respinta')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    decided_at TEXT
);
CREATE UNIQUE INDEX contribution_revision_pending ON contribution_revision(contribution_id)
    WHERE decision = 'in_attesa';
CREATE TRIGGER contribution_revision_bump AFTER INSERT ON contribution_revision
BEGIN UPDATE session SET version = version + 1
      WHERE id = (SELECT session_id FROM contribution WHERE id = NEW.contribution_id); END;

-- A silent round: while the phase is silent, delegates and the projector see
-- neither the others' contributions nor any chart; the facilitator reveals them.
ALTER TABLE phase ADD COLUMN silent INTEGER NOT NULL DEFAULT 0 CHECK (silent IN (0, 1));

-- Every ballot is an ETS's, once: cast on a laptop by its delegate, by a
-- delegate holding its delega (proxy), or on paper entered by the facilitator.
-- A paper ballot never silently takes the place of a laptop one.
ALTER TABLE vote ADD COLUMN source TEXT NOT NULL DEFAULT 'laptop' CHECK (source IN ('laptop', 'carta'));
ALTER TABLE vote ADD COLUMN proxy INTEGER NOT NULL DEFAULT 0 CHECK (proxy IN (0, 1));
ALTER TABLE vote ADD COLUMN replaced_laptop INTEGER NOT NULL DEFAULT 0 CHECK (replaced_laptop IN (0, 1));
ALTER TABLE vote ADD COLUMN entered_by TEXT NOT NULL DEFAULT '' CHECK (length(entered_by) <= 120);
ALTER TABLE attendance ADD COLUMN delegation_entered_by TEXT NOT NULL DEFAULT '' CHECK (length(delegation_entered_by) <= 120);
CREATE TRIGGER vote_paper_replaces_explicitly BEFORE UPDATE OF source ON vote
WHEN OLD.source = 'laptop' AND NEW.source = 'carta' AND NEW.replaced_laptop = 0
BEGIN SELECT RAISE(ABORT, 'scheda_gia_votata'); END;
CREATE TRIGGER vote_proxy_has_delegation BEFORE INSERT ON vote
WHEN NEW.delegate_id IS NOT NULL
  AND (SELECT organisation_id FROM delegate WHERE id = NEW.delegate_id) != NEW.organisation_id
  AND NOT EXISTS (SELECT 1 FROM attendance a JOIN ballot b ON b.session_id = a.session_id
                  WHERE b.id = NEW.ballot_id AND a.delegate_id = NEW.delegate_id
                    AND a.represents_organisation_id = NEW.organisation_id AND a.checked_out_at IS NULL)
BEGIN SELECT RAISE(ABORT, 'delega_mancante'); END;
CREATE TRIGGER vote_proxy_has_delegation_update BEFORE UPDATE OF delegate_id, organisation_id ON vote
WHEN NEW.delegate_id IS NOT NULL
  AND (SELECT organisation_id FROM delegate WHERE id = NEW.delegate_id) != NEW.organisation_id
  AND NOT EXISTS (SELECT 1 FROM attendance a JOIN ballot b ON b.session_id = a.session_id
                  WHERE b.id = NEW.ballot_id AND a.delegate_id = NEW.delegate_id
                    AND a.represents_organisation_id = NEW.organisation_id AND a.checked_out_at IS NULL)
BEGIN SELECT RAISE(ABORT, 'delega_mancante'); END;
"""

M008_LIVE = """
-- What a delegate's list of contributions shows moves only with this number
-- (coprog/live.py): every insert, change or deletion of a contribution, and a
-- moderated edit waiting, bump it. A timestamp would miss two changes in the same millisecond.
ALTER TABLE session ADD COLUMN contents_version INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER contribution_contents_insert AFTER INSERT ON contribution
BEGIN UPDATE session SET contents_version = contents_version + 1 WHERE id = NEW.session_id; END;
CREATE TRIGGER contribution_contents_update AFTER UPDATE ON contribution
BEGIN UPDATE session SET contents_version = contents_version + 1 WHERE id IN (OLD.session_id, NEW.session_id); END;
CREATE TRIGGER contribution_contents_delete AFTER DELETE ON contribution
BEGIN UPDATE session SET contents_version = contents_version + 1 WHERE id = OLD.session_id; END;
CREATE TRIGGER contribution_revision_contents AFTER INSERT ON contribution_revision
BEGIN UPDATE session SET contents_version = contents_version + 1
      WHERE id = (SELECT session_id FROM contribution WHERE id = NEW.contribution_id); END;
"""

M009_CONSOLIDATION = """
-- From the tables to the plenary: a contribution of any session of the
-- percorso promoted into a plenary, as one item of that plenary's list of its
-- type. Its wording starts as the contribution's and an organiser may rewrite
-- it (the original stays on the contribution). A near-duplicate is merged into
-- another item of the same list: the kept item then stands for both (authors
-- and territories are the union of its sources'), and the merge can be undone.
CREATE TABLE consolidated_item (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    contribution_id INTEGER NOT NULL REFERENCES contribution(id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('bisogno','strategia','principio','criterio_qualita','strumento_governance')),
    title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 3 AND 150),
    body TEXT NOT NULL DEFAULT '' CHECK (length(body) <= 2000),
    reworded INTEGER NOT NULL DEFAULT 0 CHECK (reworded IN (0, 1)),
    merged_into INTEGER REFERENCES consolidated_item(id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (session_id, contribution_id),
    CHECK (merged_into IS NULL OR merged_into != id)
);
CREATE INDEX consolidated_item_list ON consolidated_item(session_id, type);
CREATE TRIGGER consolidated_item_rules BEFORE INSERT ON consolidated_item
BEGIN
    SELECT CASE
        WHEN (SELECT kind FROM session WHERE id = NEW.session_id) != 'plenaria'
            THEN RAISE(ABORT, 'non_plenaria')
        WHEN (SELECT s.process_id FROM contribution c JOIN session s ON s.id = c.session_id
              WHERE c.id = NEW.contribution_id) != (SELECT process_id FROM session WHERE id = NEW.session_id)
            THEN RAISE(ABORT, 'percorso_diverso')
        WHEN (SELECT type FROM contribution WHERE id = NEW.contribution_id) != NEW.type
            THEN RAISE(ABORT, 'tipo_diverso')
        WHEN (SELECT status FROM contribution WHERE id = NEW.contribution_id) != 'approvato'
            OR (SELECT merged_into FROM contribution WHERE id = NEW.contribution_id) IS NOT NULL
            THEN RAISE(ABORT, 'contributo_non_pubblico')
        WHEN (SELECT p.status FROM session s JOIN process p ON p.id = s.process_id WHERE s.id = NEW.session_id)
            != 'attivo' THEN RAISE(ABORT, 'percorso_chiuso')
    END;
END;
CREATE TRIGGER consolidated_item_merge BEFORE UPDATE OF merged_into ON consolidated_item
WHEN NEW.merged_into IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM consolidated_item k WHERE k.id = NEW.merged_into AND k.session_id = NEW.session_id
        AND k.type = NEW.type AND k.merged_into IS NULL)
BEGIN SELECT RAISE(ABORT, 'unione_non_valida'); END;
CREATE TRIGGER consolidated_item_frozen BEFORE UPDATE ON consolidated_item
WHEN (SELECT p.status FROM session s JOIN process p ON p.id = s.process_id WHERE s.id = OLD.session_id) = 'archiviato'
BEGIN SELECT RAISE(ABORT, 'percorso_archiviato'); END;
CREATE TRIGGER consolidated_item_bump_insert AFTER INSERT ON consolidated_item
BEGIN UPDATE session SET version = version + 1 WHERE id = NEW.session_id; END;
CREATE TRIGGER consolidated_item_bump_update AFTER UPDATE ON consolidated_item
BEGIN UPDATE session SET version = version + 1 WHERE id = NEW.session_id; END;
CREATE TRIGGER consolidated_item_bump_delete AFTER DELETE ON consolidated_item
BEGIN UPDATE session SET version = version + 1 WHERE id = OLD.session_id; END;

-- A ballot on a consolidated list (list_type) rather than on the current
-- phase's items; its items point to their consolidated item.
ALTER TABLE ballot ADD COLUMN list_type TEXT
    CHECK (list_type IS NULL OR list_type IN ('bisogno','strategia','principio','criterio_qualita','strumento_governance'));
ALTER TABLE ballot_item ADD COLUMN consolidated_id INTEGER REFERENCES consolidated_item(id);
CREATE TRIGGER consolidated_item_in_ballot BEFORE DELETE ON consolidated_item
WHEN EXISTS (SELECT 1 FROM ballot_item WHERE consolidated_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'voce_in_votazione'); END;

-- The outcome the facilitator writes when closing a ballot: what was decided
-- (required to close), what stays open, the dissent worth recording. Frozen
-- with the results.
ALTER TABLE ballot ADD COLUMN outcome_decided TEXT NOT NULL DEFAULT '' CHECK (length(outcome_decided) <= 2000);
ALTER TABLE ballot ADD COLUMN outcome_open TEXT NOT NULL DEFAULT '' CHECK (length(outcome_open) <= 2000);
ALTER TABLE ballot ADD COLUMN outcome_dissent TEXT NOT NULL DEFAULT '' CHECK (length(outcome_dissent) <= 2000);
CREATE TRIGGER ballot_close_outcome BEFORE UPDATE OF status ON ballot
WHEN NEW.status = 'chiusa' AND OLD.status = 'aperta' AND length(trim(NEW.outcome_decided)) < 3
BEGIN SELECT RAISE(ABORT, 'esito_mancante'); END;
CREATE TRIGGER ballot_outcome_frozen BEFORE UPDATE OF outcome_decided, outcome_open, outcome_dissent ON ballot
WHEN OLD.status = 'chiusa'
BEGIN SELECT RAISE(ABORT, 'risultati_congelati'); END;

-- The audit log knows the percorso of a consolidated item.
DROP VIEW audit_log_scope;
CREATE VIEW audit_log_scope AS SELECT a.id, CASE a.entity
    WHEN 'process' THEN a.entity_id
    WHEN 'synthesis' THEN a.entity_id
    WHEN 'session' THEN (SELECT process_id FROM session WHERE id = a.entity_id)
    WHEN 'phase' THEN (SELECT s.process_id FROM phase x JOIN session s ON s.id = x.session_id WHERE x.id = a.entity_id)
    WHEN 'contribution' THEN (SELECT s.process_id FROM contribution x JOIN session s ON s.id = x.session_id
                              WHERE x.id = a.entity_id)
    WHEN 'ballot' THEN (SELECT s.process_id FROM ballot x JOIN session s ON s.id = x.session_id WHERE x.id = a.entity_id)
    WHEN 'seed_item' THEN (SELECT s.process_id FROM seed_item x JOIN session s ON s.id = x.session_id
                           WHERE x.id = a.entity_id)
    WHEN 'paper_count' THEN (SELECT s.process_id FROM paper_count x JOIN session s ON s.id = x.session_id
                             WHERE x.id = a.entity_id)
    WHEN 'consolidated_item' THEN (SELECT s.process_id FROM consolidated_item x JOIN session s ON s.id = x.session_id
                                   WHERE x.id = a.entity_id)
    WHEN 'organisation' THEN (SELECT process_id FROM organisation WHERE id = a.entity_id)
    WHEN 'delegate' THEN (SELECT o.process_id FROM delegate d JOIN organisation o ON o.id = d.organisation_id
                          WHERE d.id = a.entity_id)
    WHEN 'attendance' THEN (SELECT o.process_id FROM delegate d JOIN organisation o ON o.id = d.organisation_id
                            WHERE d.id = a.entity_id)
END AS process_id FROM audit_log a;
"""

M010_VOICES = """
-- Reactions: during a phase the facilitator opens for them, an ETS reacts to
-- another's published contribution (accordo, disaccordo, passo) and may co-sign
-- it (aderisce, which means agreeing). One row per ETS per item, changed in place.
ALTER TABLE phase ADD COLUMN reactions_open INTEGER NOT NULL DEFAULT 0 CHECK (reactions_open IN (0, 1));
CREATE TABLE reaction (
    id INTEGER PRIMARY KEY,
    contribution_id INTEGER NOT NULL REFERENCES contribution(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
    delegate_id INTEGER REFERENCES delegate(id) ON DELETE SET NULL,
    value TEXT NOT NULL CHECK (value IN ('accordo', 'disaccordo', 'passo')),
    endorsed INTEGER NOT NULL DEFAULT 0 CHECK (endorsed IN (0, 1)),
    changes INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (contribution_id, organisation_id),
    CHECK (endorsed = 0 OR value = 'accordo')
);
CREATE INDEX reaction_org ON reaction(organisation_id);
CREATE TRIGGER reaction_rules_insert BEFORE INSERT ON reaction
BEGIN
    SELECT CASE
        WHEN NOT EXISTS (SELECT 1 FROM contribution c JOIN session s ON s.id = c.session_id
                         JOIN phase p ON p.id = s.current_phase_id
                         WHERE c.id = NEW.contribution_id AND p.reactions_open = 1)
            THEN RAISE(ABORT, 'reazioni_chiuse')
        WHEN (SELECT status FROM contribution WHERE id = NEW.contribution_id) != 'approvato'
            OR (SELECT merged_into FROM contribution WHERE id = NEW.contribution_id) IS NOT NULL
            THEN RAISE(ABORT, 'contributo_non_pubblico')
        WHEN EXISTS (SELECT 1 FROM contribution WHERE id = NEW.contribution_id AND organisation_id = NEW.organisation_id)
            OR EXISTS (SELECT 1 FROM contribution_author WHERE contribution_id = NEW.contribution_id
                       AND organisation_id = NEW.organisation_id)
            THEN RAISE(ABORT, 'contributo_proprio')
        WHEN (SELECT o.process_id FROM organisation o WHERE o.id = NEW.organisation_id)
            != (SELECT s.process_id FROM contribution c JOIN session s ON s.id = c.session_id
                WHERE c.id = NEW.contribution_id)
            THEN RAISE(ABORT, 'percorso_diverso')
    END;
END;
CREATE TRIGGER reaction_rules_update BEFORE UPDATE ON reaction
WHEN NOT EXISTS (SELECT 1 FROM contribution c JOIN session s ON s.id = c.session_id
                 JOIN phase p ON p.id = s.current_phase_id
                 WHERE c.id = NEW.contribution_id AND p.reactions_open = 1)
BEGIN SELECT RAISE(ABORT, 'reazioni_chiuse'); END;
-- A reaction moves the session's version (the projector's map follows), not
-- the delegates' lists (each page writes its own; the others see it at the next redraw).
CREATE TRIGGER reaction_bump_insert AFTER INSERT ON reaction
BEGIN UPDATE session SET version = version + 1
    WHERE id = (SELECT session_id FROM contribution WHERE id = NEW.contribution_id); END;
CREATE TRIGGER reaction_bump_update AFTER UPDATE ON reaction
BEGIN UPDATE session SET version = version + 1
    WHERE id = (SELECT session_id FROM contribution WHERE id = NEW.contribution_id); END;
CREATE TRIGGER phase_reactions_bump AFTER UPDATE OF reactions_open ON phase
BEGIN UPDATE session SET version = version + 1, contents_version = contents_version + 1
    WHERE id = NEW.session_id; END;

-- Organisers choose whether the map of opinion groups names the ETS.
ALTER TABLE process ADD COLUMN opinion_names INTEGER NOT NULL DEFAULT 0 CHECK (opinion_names IN (0, 1));

-- The floor: a delegate asks to speak (and may withdraw); the facilitator calls
-- the next and ends the turn. One live request per delegate, one speaker at a time.
ALTER TABLE session ADD COLUMN floor_limit INTEGER NOT NULL DEFAULT 180 CHECK (floor_limit BETWEEN 30 AND 1800);
ALTER TABLE session ADD COLUMN floor_first_timers INTEGER NOT NULL DEFAULT 1 CHECK (floor_first_timers IN (0, 1));
CREATE TABLE floor_request (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
    delegate_id INTEGER REFERENCES delegate(id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'in_attesa' CHECK (status IN ('in_attesa', 'in_corso', 'concluso', 'ritirato')),
    requested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    called_at TEXT,
    ended_at TEXT,
    seconds INTEGER CHECK (seconds IS NULL OR seconds >= 0),
    CHECK (status != 'in_corso' OR called_at IS NOT NULL),
    CHECK (status != 'concluso' OR (called_at IS NOT NULL AND ended_at IS NOT NULL AND seconds IS NOT NULL))
);
CREATE INDEX floor_request_session ON floor_request(session_id, status);
CREATE UNIQUE INDEX floor_one_live ON floor_request(session_id, delegate_id) WHERE status IN ('in_attesa', 'in_corso');
CREATE UNIQUE INDEX floor_one_speaker ON floor_request(session_id) WHERE status = 'in_corso';
CREATE TRIGGER floor_request_insert BEFORE INSERT ON floor_request
WHEN NOT EXISTS (SELECT 1 FROM attendance WHERE session_id = NEW.session_id AND delegate_id = NEW.delegate_id
                 AND checked_out_at IS NULL)
BEGIN SELECT RAISE(ABORT, 'non_presente'); END;
CREATE TRIGGER floor_request_closed BEFORE UPDATE ON floor_request
WHEN OLD.status IN ('concluso', 'ritirato')
BEGIN SELECT RAISE(ABORT, 'richiesta_chiusa'); END;
CREATE TRIGGER floor_bump_insert AFTER INSERT ON floor_request
BEGIN UPDATE session SET version = version + 1 WHERE id = NEW.session_id; END;
CREATE TRIGGER floor_bump_update AFTER UPDATE ON floor_request
BEGIN UPDATE session SET version = version + 1 WHERE id = NEW.session_id; END;

-- The draft sintesi: organisers publish numbered versions (the document as
-- published, its sections as text) with a deadline for observations; delegates
-- of admitted ETS observe a section until then; organisers answer each one.
CREATE TABLE draft (
    id INTEGER PRIMARY KEY,
    process_id INTEGER NOT NULL REFERENCES process(id) ON DELETE CASCADE,
    version INTEGER NOT NULL CHECK (version >= 1),
    deadline TEXT NOT NULL,
    docx BLOB NOT NULL,
    published_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (process_id, version)
);
CREATE TABLE draft_section (
    id INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES draft(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 1),
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    UNIQUE (draft_id, position)
);
CREATE TABLE observation (
    id INTEGER PRIMARY KEY,
    section_id INTEGER NOT NULL REFERENCES draft_section(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
    delegate_id INTEGER REFERENCES delegate(id) ON DELETE SET NULL,
    text TEXT NOT NULL CHECK (length(trim(text)) BETWEEN 3 AND 2000),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    answer TEXT CHECK (answer IS NULL OR answer IN ('accolta', 'parzialmente_accolta', 'non_accolta')),
    reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
    answered_at TEXT,
    CHECK (answer IS NULL OR length(trim(reason)) >= 3)
);
CREATE INDEX observation_section ON observation(section_id);
CREATE TRIGGER observation_deadline BEFORE INSERT ON observation
WHEN strftime('%Y-%m-%dT%H:%M:%fZ','now') > (SELECT d.deadline FROM draft_section x JOIN draft d ON d.id = x.draft_id
                                            WHERE x.id = NEW.section_id)
BEGIN SELECT RAISE(ABORT, 'termine_scaduto'); END;
CREATE TRIGGER observation_text_frozen BEFORE UPDATE OF text, section_id, organisation_id ON observation
BEGIN SELECT RAISE(ABORT, 'osservazione_congelata'); END;
CREATE TRIGGER draft_frozen BEFORE UPDATE ON draft
BEGIN SELECT RAISE(ABORT, 'bozza_pubblicata'); END;
CREATE TRIGGER draft_section_frozen BEFORE UPDATE ON draft_section
BEGIN SELECT RAISE(ABORT, 'bozza_pubblicata'); END;

-- The audit log knows the percorso of the new entities.
DROP VIEW audit_log_scope;
CREATE VIEW audit_log_scope AS SELECT a.id, CASE a.entity
    WHEN 'process' THEN a.entity_id
    WHEN 'synthesis' THEN a.entity_id
    WHEN 'session' THEN (SELECT process_id FROM session WHERE id = a.entity_id)
    WHEN 'phase' THEN (SELECT s.process_id FROM phase x JOIN session s ON s.id = x.session_id WHERE x.id = a.entity_id)
    WHEN 'contribution' THEN (SELECT s.process_id FROM contribution x JOIN session s ON s.id = x.session_id
                              WHERE x.id = a.entity_id)
    WHEN 'ballot' THEN (SELECT s.process_id FROM ballot x JOIN session s ON s.id = x.session_id WHERE x.id = a.entity_id)
    WHEN 'seed_item' THEN (SELECT s.process_id FROM seed_item x JOIN session s ON s.id = x.session_id
                           WHERE x.id = a.entity_id)
    WHEN 'paper_count' THEN (SELECT s.process_id FROM paper_count x JOIN session s ON s.id = x.session_id
                             WHERE x.id = a.entity_id)
    WHEN 'consolidated_item' THEN (SELECT s.process_id FROM consolidated_item x JOIN session s ON s.id = x.session_id
                                   WHERE x.id = a.entity_id)
    WHEN 'reaction' THEN (SELECT s.process_id FROM reaction x JOIN contribution c ON c.id = x.contribution_id
                          JOIN session s ON s.id = c.session_id WHERE x.id = a.entity_id)
    WHEN 'floor_request' THEN (SELECT s.process_id FROM floor_request x JOIN session s ON s.id = x.session_id
                               WHERE x.id = a.entity_id)
    WHEN 'draft' THEN (SELECT process_id FROM draft WHERE id = a.entity_id)
    WHEN 'observation' THEN (SELECT d.process_id FROM observation x JOIN draft_section y ON y.id = x.section_id
                             JOIN draft d ON d.id = y.draft_id WHERE x.id = a.entity_id)
    WHEN 'organisation' THEN (SELECT process_id FROM organisation WHERE id = a.entity_id)
    WHEN 'delegate' THEN (SELECT o.process_id FROM delegate d JOIN organisation o ON o.id = d.organisation_id
                          WHERE d.id = a.entity_id)
    WHEN 'attendance' THEN (SELECT o.process_id FROM delegate d JOIN organisation o ON o.id = d.organisation_id
                            WHERE d.id = a.entity_id)
END AS process_id FROM audit_log a;
"""

M011_OFFER = """
-- The offer: the services an admitted ETS runs that matter to domiciliarità,
-- declared by its delegates (checked by organisers: nuovo -> approvato or
-- nascosto; withdrawn by the ETS: ritirato) or imported by organisers.
CREATE TABLE service (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
    delegate_id INTEGER REFERENCES delegate(id) ON DELETE SET NULL,
    type TEXT NOT NULL CHECK (length(type) BETWEEN 1 AND 60),
    other TEXT NOT NULL DEFAULT '' CHECK (length(other) <= 150),
    citywide INTEGER NOT NULL DEFAULT 0 CHECK (citywide IN (0, 1)),
    people INTEGER NOT NULL CHECK (people BETWEEN 0 AND 1000000),
    weekly_hours INTEGER NOT NULL CHECK (weekly_hours BETWEEN 0 AND 100000),
    paid_staff INTEGER NOT NULL CHECK (paid_staff BETWEEN 0 AND 100000),
    volunteers INTEGER NOT NULL CHECK (volunteers BETWEEN 0 AND 100000),
    comune_funded INTEGER NOT NULL DEFAULT 0 CHECK (comune_funded IN (0, 1)),
    codesign INTEGER NOT NULL DEFAULT 0 CHECK (codesign IN (0, 1)),
    source TEXT NOT NULL DEFAULT 'delegato' CHECK (source IN ('delegato', 'import')),
    status TEXT NOT NULL DEFAULT 'nuovo' CHECK (status IN ('nuovo', 'approvato', 'nascosto', 'ritirato')),
    reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CHECK (type != 'altro' OR length(trim(other)) >= 3),
    CHECK (status != 'nascosto' OR length(trim(reason)) >= 3)
);
CREATE INDEX service_org ON service(organisation_id, status);
CREATE TABLE service_municipio (
    service_id INTEGER NOT NULL REFERENCES service(id) ON DELETE CASCADE,
    municipio INTEGER NOT NULL CHECK (municipio BETWEEN 1 AND 9),
    PRIMARY KEY (service_id, municipio)
);
CREATE TABLE service_nil (
    service_id INTEGER NOT NULL REFERENCES service(id) ON DELETE CASCADE,
    nil INTEGER NOT NULL CHECK (nil BETWEEN 1 AND 200),
    PRIMARY KEY (service_id, nil)
);
CREATE TABLE service_target (
    service_id INTEGER NOT NULL REFERENCES service(id) ON DELETE CASCADE,
    target_group TEXT NOT NULL CHECK (length(target_group) BETWEEN 1 AND 60),
    PRIMARY KEY (service_id, target_group)
);
CREATE TABLE service_premises (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES service(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 2 AND 200),
    nil INTEGER NOT NULL CHECK (nil BETWEEN 1 AND 200)
);
CREATE INDEX service_premises_service ON service_premises(service_id);
-- Only an admitted ETS of a percorso that is not archived has an offer.
CREATE TRIGGER service_admitted BEFORE INSERT ON service
WHEN (SELECT admission FROM organisation WHERE id = NEW.organisation_id) != 'ammessa'
BEGIN SELECT RAISE(ABORT, 'ente_non_ammesso'); END;
CREATE TRIGGER service_archived_insert BEFORE INSERT ON service
WHEN (SELECT p.status FROM organisation o JOIN process p ON p.id = o.process_id
      WHERE o.id = NEW.organisation_id) = 'archiviato'
BEGIN SELECT RAISE(ABORT, 'percorso_archiviato'); END;
CREATE TRIGGER service_archived_update BEFORE UPDATE ON service
WHEN (SELECT p.status FROM organisation o JOIN process p ON p.id = o.process_id
      WHERE o.id = NEW.organisation_id) = 'archiviato'
BEGIN SELECT RAISE(ABORT, 'percorso_archiviato'); END;
CREATE TRIGGER service_owner_fixed BEFORE UPDATE OF organisation_id ON service
BEGIN SELECT RAISE(ABORT, 'servizio_di_altro_ente'); END;

-- The audit log knows the percorso of a service.
DROP VIEW audit_log_scope;
CREATE VIEW audit_log_scope AS SELECT a.id, CASE a.entity
    WHEN 'process' THEN a.entity_id
    WHEN 'synthesis' THEN a.entity_id
    WHEN 'session' THEN (SELECT process_id FROM session WHERE id = a.entity_id)
    WHEN 'phase' THEN (SELECT s.process_id FROM phase x JOIN session s ON s.id = x.session_id WHERE x.id = a.entity_id)
    WHEN 'contribution' THEN (SELECT s.process_id FROM contribution x JOIN session s ON s.id = x.session_id
                              WHERE x.id = a.entity_id)
    WHEN 'ballot' THEN (SELECT s.process_id FROM ballot x JOIN session s ON s.id = x.session_id WHERE x.id = a.entity_id)
    WHEN 'seed_item' THEN (SELECT s.process_id FROM seed_item x JOIN session s ON s.id = x.session_id
                           WHERE x.id = a.entity_id)
    WHEN 'paper_count' THEN (SELECT s.process_id FROM paper_count x JOIN session s ON s.id = x.session_id
                             WHERE x.id = a.entity_id)
    WHEN 'consolidated_item' THEN (SELECT s.process_id FROM consolidated_item x JOIN session s ON s.id = x.session_id
                                   WHERE x.id = a.entity_id)
    WHEN 'reaction' THEN (SELECT s.process_id FROM reaction x JOIN contribution c ON c.id = x.contribution_id
                          JOIN session s ON s.id = c.session_id WHERE x.id = a.entity_id)
    WHEN 'floor_request' THEN (SELECT s.process_id FROM floor_request x JOIN session s ON s.id = x.session_id
                               WHERE x.id = a.entity_id)
    WHEN 'draft' THEN (SELECT process_id FROM draft WHERE id = a.entity_id)
    WHEN 'observation' THEN (SELECT d.process_id FROM observation x JOIN draft_section y ON y.id = x.section_id
                             JOIN draft d ON d.id = y.draft_id WHERE x.id = a.entity_id)
    WHEN 'service' THEN (SELECT o.process_id FROM service x JOIN organisation o ON o.id = x.organisation_id
                         WHERE x.id = a.entity_id)
    WHEN 'organisation' THEN (SELECT process_id FROM organisation WHERE id = a.entity_id)
    WHEN 'delegate' THEN (SELECT o.process_id FROM delegate d JOIN organisation o ON o.id = d.organisation_id
                          WHERE d.id = a.entity_id)
    WHEN 'attendance' THEN (SELECT o.process_id FROM delegate d JOIN organisation o ON o.id = d.organisation_id
                            WHERE d.id = a.entity_id)
END AS process_id FROM audit_log a;
"""

M012_PUBLICATION = """
-- The documento di sintesi as the Comune publishes it: a draft keeps its
-- accessible PDF beside the DOCX; the definitive version is published once the
-- pre-publication check finds nothing, numbered, frozen, with its checksum.
ALTER TABLE draft ADD COLUMN pdf BLOB;
CREATE TABLE final_document (
    id INTEGER PRIMARY KEY,
    process_id INTEGER NOT NULL REFERENCES process(id) ON DELETE CASCADE,
    number INTEGER NOT NULL CHECK (number >= 1),
    docx BLOB NOT NULL,
    pdf BLOB NOT NULL,
    html BLOB NOT NULL,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    published_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (process_id, number)
);
CREATE TRIGGER final_document_frozen BEFORE UPDATE ON final_document
BEGIN SELECT RAISE(ABORT, 'documento_pubblicato'); END;
CREATE TRIGGER final_document_archived BEFORE INSERT ON final_document
WHEN (SELECT status FROM process WHERE id = NEW.process_id) = 'archiviato'
BEGIN SELECT RAISE(ABORT, 'percorso_archiviato'); END;
"""

M013_RULES_BELOW = """
-- Reactions and their rules kept by the database too: only an admitted ETS
-- reacts or observes the draft; a reaction on an item hidden or merged is never
-- changed again, nor moved to another item or ETS; an ETS never reacts to (nor
-- co-signs) an item it authors or co-authors, so a merge that makes it a
-- co-author must withdraw its reaction first (the core does, audited).
CREATE TRIGGER reaction_admitted_insert BEFORE INSERT ON reaction
WHEN (SELECT admission FROM organisation WHERE id = NEW.organisation_id) IS NOT 'ammessa'
BEGIN SELECT RAISE(ABORT, 'ente_non_ammesso'); END;
CREATE TRIGGER reaction_admitted_update BEFORE UPDATE ON reaction
WHEN (SELECT admission FROM organisation WHERE id = NEW.organisation_id) IS NOT 'ammessa'
BEGIN SELECT RAISE(ABORT, 'ente_non_ammesso'); END;
CREATE TRIGGER reaction_public_update BEFORE UPDATE ON reaction
WHEN NEW.contribution_id != OLD.contribution_id OR NEW.organisation_id != OLD.organisation_id
    OR (SELECT status FROM contribution WHERE id = OLD.contribution_id) IS NOT 'approvato'
    OR (SELECT merged_into FROM contribution WHERE id = OLD.contribution_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'contributo_non_pubblico'); END;
CREATE TRIGGER reaction_own_update BEFORE UPDATE ON reaction
WHEN EXISTS (SELECT 1 FROM contribution WHERE id = NEW.contribution_id AND organisation_id = NEW.organisation_id)
    OR EXISTS (SELECT 1 FROM contribution_author WHERE contribution_id = NEW.contribution_id
               AND organisation_id = NEW.organisation_id)
BEGIN SELECT RAISE(ABORT, 'contributo_proprio'); END;
CREATE TRIGGER contribution_author_no_reaction BEFORE INSERT ON contribution_author
WHEN EXISTS (SELECT 1 FROM reaction WHERE contribution_id = NEW.contribution_id
             AND organisation_id = NEW.organisation_id)
BEGIN SELECT RAISE(ABORT, 'reazione_da_ritirare'); END;
CREATE TRIGGER observation_admitted BEFORE INSERT ON observation
WHEN (SELECT admission FROM organisation WHERE id = NEW.organisation_id) IS NOT 'ammessa'
BEGIN SELECT RAISE(ABORT, 'ente_non_ammesso'); END;

-- A service is withdrawn by one of its own ETS' delegates, who is recorded;
-- the delegate who declared it is one of that ETS' too.
ALTER TABLE service ADD COLUMN withdrawn_by INTEGER REFERENCES delegate(id) ON DELETE SET NULL;
ALTER TABLE service ADD COLUMN withdrawn_at TEXT;
CREATE TRIGGER service_withdrawn_by BEFORE UPDATE OF status ON service
WHEN NEW.status = 'ritirato' AND OLD.status != 'ritirato'
    AND (NEW.withdrawn_by IS NULL
         OR (SELECT organisation_id FROM delegate WHERE id = NEW.withdrawn_by) IS NOT NEW.organisation_id)
BEGIN SELECT RAISE(ABORT, 'ritiro_solo_ente'); END;
CREATE TRIGGER service_delegate_insert BEFORE INSERT ON service
WHEN NEW.delegate_id IS NOT NULL
    AND (SELECT organisation_id FROM delegate WHERE id = NEW.delegate_id) IS NOT NEW.organisation_id
BEGIN SELECT RAISE(ABORT, 'delegato_altro_ente'); END;
CREATE TRIGGER service_delegate_update BEFORE UPDATE OF delegate_id, organisation_id, withdrawn_by ON service
WHEN (NEW.delegate_id IS NOT NULL
      AND (SELECT organisation_id FROM delegate WHERE id = NEW.delegate_id) IS NOT NEW.organisation_id)
    OR (NEW.withdrawn_by IS NOT NULL
        AND (SELECT organisation_id FROM delegate WHERE id = NEW.withdrawn_by) IS NOT NEW.organisation_id)
BEGIN SELECT RAISE(ABORT, 'delegato_altro_ente'); END;
"""

M014_OUTBOX = """
CREATE TABLE outgoing_mail (
    id INTEGER PRIMARY KEY,
    process_id INTEGER NOT NULL REFERENCES process(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('esito', 'invito', 'bozza', 'risposta')),
    organisation_id INTEGER REFERENCES organisation(id) ON DELETE CASCADE,
    delegate_id INTEGER REFERENCES delegate(id) ON DELETE CASCADE,
    about TEXT NOT NULL CHECK (length(about) BETWEEN 3 AND 200),
    recipient TEXT NOT NULL CHECK (length(recipient) BETWEEN 3 AND 320 AND recipient LIKE '%_@_%'),
    recipient_label TEXT NOT NULL DEFAULT '' CHECK (length(recipient_label) <= 300),
    subject TEXT NOT NULL CHECK (length(trim(subject)) BETWEEN 1 AND 300),
    body TEXT NOT NULL CHECK (length(trim(body)) BETWEEN 1 AND 20000),
    attachment_name TEXT CHECK (attachment_name IS NULL OR length(attachment_name) <= 100),
    attachment BLOB,
    message_id TEXT NOT NULL UNIQUE CHECK (length(message_id) BETWEEN 5 AND 300),
    status TEXT NOT NULL DEFAULT 'in_coda'
        CHECK (status IN ('in_coda', 'in_invio', 'inviato', 'rifiutato', 'da_verificare')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    server_answer TEXT NOT NULL DEFAULT '' CHECK (length(server_answer) <= 2000),
    queued_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    claimed_at TEXT,
    sent_at TEXT,
    UNIQUE (process_id, about)
);
CREATE INDEX outgoing_mail_status ON outgoing_mail(process_id, status);
CREATE INDEX outgoing_mail_delegate ON outgoing_mail(delegate_id);
CREATE TRIGGER outgoing_mail_archived BEFORE INSERT ON outgoing_mail
WHEN (SELECT status FROM process WHERE id = NEW.process_id) = 'archiviato'
BEGIN SELECT RAISE(ABORT, 'percorso_archiviato'); END;
CREATE TRIGGER outgoing_mail_sent_is_final BEFORE UPDATE ON outgoing_mail
WHEN OLD.status = 'inviato'
BEGIN SELECT RAISE(ABORT, 'posta_gia_inviata'); END;
CREATE TRIGGER outgoing_mail_one_sender BEFORE UPDATE OF status ON outgoing_mail
WHEN NEW.status = 'in_invio' AND OLD.status != 'in_coda'
BEGIN SELECT RAISE(ABORT, 'posta_non_in_coda'); END;
CREATE TRIGGER outgoing_mail_fixed BEFORE UPDATE OF process_id, kind, organisation_id, delegate_id, about,
    recipient, subject, body, message_id, attachment ON outgoing_mail
BEGIN SELECT RAISE(ABORT, 'posta_congelata'); END;
"""

M015_PEC_INTAKE = """
ALTER TABLE process ADD COLUMN clarification_deadline TEXT;
ALTER TABLE outgoing_mail ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '' CHECK (length(claimed_by) <= 200);
ALTER TABLE organisation ADD COLUMN seat TEXT NOT NULL DEFAULT '' CHECK (length(seat) <= 300);
ALTER TABLE organisation ADD COLUMN legal_rep_name TEXT NOT NULL DEFAULT '' CHECK (length(legal_rep_name) <= 200);
ALTER TABLE organisation ADD COLUMN legal_rep_cf TEXT NOT NULL DEFAULT '' CHECK (length(legal_rep_cf) IN (0, 16));
ALTER TABLE organisation ADD COLUMN privacy_ack INTEGER CHECK (privacy_ack IN (0, 1));
CREATE TABLE pec_message (
    id INTEGER PRIMARY KEY,
    process_id INTEGER NOT NULL REFERENCES process(id) ON DELETE CASCADE,
    identifier TEXT NOT NULL CHECK (length(identifier) BETWEEN 3 AND 300),
    source TEXT NOT NULL DEFAULT '' CHECK (length(source) <= 300),
    sender TEXT NOT NULL DEFAULT '' CHECK (length(sender) <= 320),
    subject TEXT NOT NULL DEFAULT '' CHECK (length(subject) <= 500),
    official_at TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('domanda', 'chiarimento')),
    verdict TEXT NOT NULL CHECK (verdict IN ('accettata', 'respinta', 'sostituita', 'chiarimento')),
    reasons TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reasons)),
    fields TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(fields)),
    signature TEXT NOT NULL DEFAULT '' CHECK (length(signature) <= 500),
    signer_cf TEXT NOT NULL DEFAULT '' CHECK (length(signer_cf) <= 16),
    on_time INTEGER NOT NULL CHECK (on_time IN (0, 1)),
    organisation_id INTEGER REFERENCES organisation(id) ON DELETE SET NULL,
    superseded_by INTEGER REFERENCES pec_message(id) ON DELETE SET NULL,
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (process_id, identifier),
    CHECK (verdict != 'accettata' OR organisation_id IS NOT NULL OR kind = 'chiarimento')
);
CREATE INDEX pec_message_organisation ON pec_message(organisation_id);
CREATE TABLE pec_file (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES pec_message(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('busta', 'originale', 'modulo', 'allegato')),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200 AND name NOT LIKE '%/%' AND name NOT LIKE '%\\%'),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    size INTEGER NOT NULL CHECK (size >= 0),
    content BLOB NOT NULL,
    CHECK (size = length(content))
);
CREATE INDEX pec_file_message ON pec_file(message_id);
CREATE TRIGGER pec_file_kept BEFORE UPDATE ON pec_file
BEGIN SELECT RAISE(ABORT, 'originale_immutabile'); END;
CREATE TRIGGER pec_message_archived BEFORE INSERT ON pec_message
WHEN (SELECT status FROM process WHERE id = NEW.process_id) = 'archiviato'
BEGIN SELECT RAISE(ABORT, 'percorso_archiviato'); END;
CREATE TABLE clarification (
    id INTEGER PRIMARY KEY,
    process_id INTEGER NOT NULL REFERENCES process(id) ON DELETE CASCADE,
    question TEXT NOT NULL CHECK (length(trim(question)) BETWEEN 1 AND 5000),
    asked_at TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('pec', 'organizzatori')),
    pec_message_id INTEGER UNIQUE REFERENCES pec_message(id) ON DELETE CASCADE,
    on_time INTEGER NOT NULL CHECK (on_time IN (0, 1)),
    answer TEXT NOT NULL DEFAULT '' CHECK (length(answer) <= 5000),
    answered_at TEXT,
    published_at TEXT,
    CHECK (published_at IS NULL OR length(trim(answer)) > 0),
    CHECK (source = 'organizzatori' OR pec_message_id IS NOT NULL)
);
CREATE INDEX clarification_process ON clarification(process_id);
CREATE TABLE trust_anchor (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
    subject TEXT NOT NULL DEFAULT '' CHECK (length(subject) <= 500),
    not_after TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '' CHECK (length(source) <= 300),
    der BLOB NOT NULL,
    loaded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
"""

M016_PREPARED_BALLOT = """
-- A ballot may be prepared before it opens: its items fixed, drawn hidden on the
-- delegates' pages, shown on every one of them the moment the facilitator opens it.
CREATE TABLE ballot_new (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    phase_id INTEGER REFERENCES phase(id) ON DELETE SET NULL,
    method TEXT NOT NULL CHECK (method IN ('punti', 'valutazione', 'ordinamento', 'approvazione')),
    per_delegate INTEGER NOT NULL DEFAULT 0 CHECK (per_delegate IN (0, 1)),
    budget INTEGER NOT NULL DEFAULT 5 CHECK (budget BETWEEN 1 AND 100),
    cap INTEGER NOT NULL DEFAULT 3 CHECK (cap BETWEEN 1 AND 100),
    dimensions TEXT NOT NULL DEFAULT 'importanza',
    top_k INTEGER CHECK (top_k IS NULL OR top_k >= 1),
    status TEXT NOT NULL DEFAULT 'aperta' CHECK (status IN ('preparata', 'aperta', 'chiusa')),
    show_live INTEGER NOT NULL DEFAULT 0 CHECK (show_live IN (0, 1)),
    opened_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    closed_at TEXT,
    snapshot TEXT,
    list_type TEXT
    CHECK (list_type IS NULL OR list_type IN ('bisogno','strategia','principio','criterio_qualita','strumento_governance')),
    outcome_decided TEXT NOT NULL DEFAULT '' CHECK (length(outcome_decided) <= 2000),
    outcome_open TEXT NOT NULL DEFAULT '' CHECK (length(outcome_open) <= 2000),
    outcome_dissent TEXT NOT NULL DEFAULT '' CHECK (length(outcome_dissent) <= 2000),
    CHECK (method != 'punti' OR cap <= budget)
);
INSERT INTO ballot_new (id, session_id, phase_id, method, per_delegate, budget, cap, dimensions, top_k, status,
    show_live, opened_at, closed_at, snapshot, list_type, outcome_decided, outcome_open, outcome_dissent)
SELECT id, session_id, phase_id, method, per_delegate, budget, cap, dimensions, top_k, status,
    show_live, opened_at, closed_at, snapshot, list_type, outcome_decided, outcome_open, outcome_dissent
FROM ballot;
-- the other tables' triggers name ballot: the rename must not check them against the dropped table
PRAGMA legacy_alter_table = ON;
DROP TABLE ballot;
ALTER TABLE ballot_new RENAME TO ballot;
PRAGMA legacy_alter_table = OFF;

-- one ballot at a time per session, prepared or open
CREATE UNIQUE INDEX ballot_one_open ON ballot(session_id) WHERE status IN ('preparata', 'aperta');

CREATE TRIGGER ballot_bump AFTER UPDATE ON ballot
BEGIN UPDATE session SET version = version + 1 WHERE id = NEW.session_id; END;

CREATE TRIGGER ballot_bump_insert AFTER INSERT ON ballot
BEGIN UPDATE session SET version = version + 1 WHERE id = NEW.session_id; END;

CREATE TRIGGER ballot_close_outcome BEFORE UPDATE OF status ON ballot
WHEN NEW.status = 'chiusa' AND OLD.status = 'aperta' AND length(trim(NEW.outcome_decided)) < 3
BEGIN SELECT RAISE(ABORT, 'esito_mancante'); END;

CREATE TRIGGER ballot_insert_archived BEFORE INSERT ON ballot
WHEN (SELECT p.status FROM session s JOIN process p ON p.id = s.process_id WHERE s.id = NEW.session_id) != 'attivo'
BEGIN SELECT RAISE(ABORT, 'percorso_chiuso'); END;

CREATE TRIGGER ballot_locked BEFORE UPDATE OF method, per_delegate, budget, cap, dimensions, top_k ON ballot
WHEN EXISTS (SELECT 1 FROM vote WHERE ballot_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'votazione_bloccata'); END;

CREATE TRIGGER ballot_outcome_frozen BEFORE UPDATE OF outcome_decided, outcome_open, outcome_dissent ON ballot
WHEN OLD.status = 'chiusa'
BEGIN SELECT RAISE(ABORT, 'risultati_congelati'); END;

CREATE TRIGGER ballot_snapshot_frozen BEFORE UPDATE OF snapshot, closed_at, status ON ballot
WHEN OLD.status = 'chiusa'
BEGIN SELECT RAISE(ABORT, 'risultati_congelati'); END;

-- a prepared ballot only opens (or is deleted); an open one never goes back to prepared
CREATE TRIGGER ballot_prepared_opens BEFORE UPDATE OF status ON ballot
WHEN (OLD.status = 'preparata' AND NEW.status NOT IN ('preparata', 'aperta'))
  OR (NEW.status = 'preparata' AND OLD.status != 'preparata')
BEGIN SELECT RAISE(ABORT, 'votazione_non_aperta'); END;

-- a paper count needs an open ballot too
CREATE TRIGGER ballot_paper_open BEFORE INSERT ON ballot_paper
WHEN (SELECT status FROM ballot WHERE id = NEW.ballot_id) != 'aperta'
BEGIN SELECT RAISE(ABORT, 'votazione_chiusa'); END;
"""

# Each entry: (version, description, SQL). Append only.
M017_TRUST_PERIODS = """
-- The period a national trusted list says a qualified CA was granted: signatures
-- chain to it within that period only (a CA withdrawn since is not trusted after).
-- NULL: no bound (an authority's certificate loaded as it is, a CA still granted).
ALTER TABLE trust_anchor ADD COLUMN granted_from TEXT;
ALTER TABLE trust_anchor ADD COLUMN granted_until TEXT
    CHECK (granted_until IS NULL OR granted_from IS NULL OR granted_until > granted_from);
"""

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "schema iniziale: percorso, sessioni, fasi, ETS, delegati, contributi, audit", M001_CORE),
    (
        2,
        "conduzione: facilitatori, timer, moderazione, autori multipli, conteggi su carta, presenze",
        M002_FACILITATION,
    ),
    (3, "prioritizzazione: votazioni, voci, schede, conteggi su carta", M003_BALLOTS),
    (4, "atti: ammissione degli ETS, note di sessione, cancellazione dati, documento di sintesi", M004_RECORDS),
    (5, "procedura: più percorsi, avviso e domande, ammissione imposta, archivio, informativa", M005_PROCEDURE),
    (6, "voti: regole anche sulle modifiche delle schede", M006_VOTE_RULES),
    (7, "moderazione in attesa, giro silenzioso, schede per delega e su carta per ente", M007_REVISIONS),
    (8, "sessione dal vivo: un contatore dei contributi per le pagine dei delegati", M008_LIVE),
    (
        9,
        "dai tavoli alla plenaria: voci consolidate, votazioni su un elenco, esito delle votazioni",
        M009_CONSOLIDATION,
    ),
    (10, "ogni voce conta: reazioni e adesioni, richieste di intervento, osservazioni alla bozza", M010_VOICES),
    (11, "le risorse disponibili: i servizi degli ETS, i territori, le sedi", M011_OFFER),
    (12, "la sintesi pubblicata: il PDF delle bozze, la versione definitiva verificata", M012_PUBLICATION),
    (13, "regole nel database: reazioni e osservazioni solo di ETS ammessi, ritiro dei servizi", M013_RULES_BELOW),
    (14, "posta in uscita: esiti, inviti, bozza e risposte, un messaggio per destinatario", M014_OUTBOX),
    (
        15,
        "posta in arrivo: PEC lette con le loro firme, originali conservati, chiarimenti ed elenco di fiducia",
        M015_PEC_INTAKE,
    ),
    (16, "votazione preparata: voci fissate e scheda nascosta, mostrata a tutti all'apertura", M016_PREPARED_BALLOT),
    (17, "elenco di fiducia: il periodo in cui ogni autorità è qualificata", M017_TRUST_PERIODS),
]

# Versions that rebuild a table: applied with foreign keys off (checked before commit).
REBUILDS = {5, 16}

LATEST = MIGRATIONS[-1][0]


def current_version(conn) -> int:
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return row[0] or 0


def migrate(database: Database, target: int | None = None) -> list[int]:
    """Apply every migration above the file's version (up to ``target``).

    Returns the versions applied. Safe to call from several processes at once:
    the version is re-read inside each write transaction.
    """
    applied = []
    target = LATEST if target is None else target
    with database.write() as db:
        db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
            " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
        )
    for version, description, sql in MIGRATIONS:
        if version > target:
            break
        with _foreign_keys_off(database, version in REBUILDS), database.write() as db:
            if current_version(db.conn) >= version:
                continue
            for statement in split_statements(sql):
                db.conn.execute(statement)
            broken = db.conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migration {version}: foreign keys broken: {[tuple(r) for r in broken[:5]]}")
            db.conn.execute(
                "INSERT INTO schema_migrations (version, description) VALUES (?, ?)", (version, description)
            )
            applied.append(version)
    return applied


@contextmanager
def _foreign_keys_off(database: Database, off: bool):
    """SQLite's table rebuild: foreign keys off around the transaction (the
    pragma is a no-op inside one), back on afterwards whatever happens."""
    if not off:
        yield
        return
    with database.exclusive_connection() as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        try:
            yield
        finally:
            conn.execute("PRAGMA foreign_keys = ON")


def report(database: Database) -> list[dict]:
    """What migrations kept but flagged (e.g. an ETS with a personal codice fiscale)."""
    return database.query("SELECT * FROM migration_report ORDER BY id")


def split_statements(sql: str) -> list[str]:
    """Split a script into complete statements (triggers keep their bodies):
    ``executescript`` would commit our transaction, so run them one by one."""
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
