-- The warehouse schema as the single migration list of main before the stages owned their tables (versions 1-9),
-- frozen here to test that a warehouse made then upgrades in place. Generated from Schema.cs at that commit.
CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL);
-- migration 1: settings, append-only events, dead letters, ingest offsets
CREATE TABLE settings (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE ticket_events (event_id VARCHAR NOT NULL,
ticket_id VARCHAR NOT NULL,
type VARCHAR NOT NULL,
occurred_at TIMESTAMP NOT NULL,
seq INTEGER,
schema_version INTEGER NOT NULL,
received_at TIMESTAMP,
channel VARCHAR,
request_type VARCHAR,
title VARCHAR,
content VARCHAR,
caller_id VARCHAR,
caller_kind VARCHAR,
caller_phone_hash VARCHAR,
caller_phone_masked VARCHAR,
district VARCHAR,
township VARCHAR,
address VARCHAR,
lat DOUBLE,
lon DOUBLE,
confidential BOOLEAN,
category VARCHAR,
unit_id VARCHAR,
role VARCHAR,
deadline_tier VARCHAR,
due_at TIMESTAMP,
reason VARCHAR,
new_due_at TIMESTAMP,
outcome VARCHAR,
reply_text VARCHAR,
satisfaction VARCHAR,
resolved BOOLEAN,
supervision_level VARCHAR,
supervision_trigger VARCHAR,
source VARCHAR NOT NULL,
source_partition INTEGER,
source_offset BIGINT,
ingested_at TIMESTAMP NOT NULL);  -- event_id unique: enforced by EventIdIndex (a PK index slowed inserts several-fold)
CREATE TABLE dead_letters (
    dead_at TIMESTAMP NOT NULL,
    source VARCHAR NOT NULL,          -- 'kafka' or 'file'
    topic VARCHAR,                    -- Kafka topic, or the file path
    source_partition INTEGER,
    source_offset BIGINT,             -- Kafka offset, or line/row number in the file
    reason_code VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    raw BLOB,                         -- first 64 KiB of the input, as received
    raw_size INTEGER NOT NULL
);
-- Written in the same transaction as each batch: the resume point after any crash.
CREATE TABLE ingest_offsets (
    source_kind VARCHAR NOT NULL,     -- 'kafka' or 'file'
    source VARCHAR NOT NULL,          -- topic, or 'sha256:<file hash>'
    source_partition INTEGER NOT NULL,
    next_offset BIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (source_kind, source, source_partition)
);
-- Tickets whose events changed since the last materialization (same transaction as the batch).
CREATE TABLE tickets_dirty (ticket_id VARCHAR NOT NULL);
INSERT INTO schema_migrations VALUES (1, 'settings, append-only events, dead letters, ingest offsets', TIMESTAMP '2026-11-25 10:00:00');
-- migration 2: materialized ticket state
CREATE TABLE tickets (
    ticket_id VARCHAR PRIMARY KEY,
    received_at TIMESTAMP,
    channel VARCHAR,
    request_type VARCHAR,
    title VARCHAR,
    content VARCHAR,
    caller_id VARCHAR,
    caller_kind VARCHAR,
    caller_phone_hash VARCHAR,
    caller_phone_masked VARCHAR,
    district VARCHAR,
    township VARCHAR,
    address VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    confidential BOOLEAN,
    category VARCHAR,
    status VARCHAR NOT NULL,
    lead_unit VARCHAR,
    assist_units VARCHAR[],
    deadline_tier VARCHAR,
    due_at TIMESTAMP,
    overdue BOOLEAN NOT NULL,
    dispatch_count INTEGER NOT NULL,
    return_count INTEGER NOT NULL,
    extension_count INTEGER NOT NULL,
    reopen_count INTEGER NOT NULL,
    supervision_count INTEGER NOT NULL,
    first_dispatched_at TIMESTAMP,
    first_signed_at TIMESTAMP,
    first_replied_at TIMESTAMP,
    last_replied_at TIMESTAMP,
    last_outcome VARCHAR,
    satisfaction VARCHAR,
    resolved BOOLEAN,
    closed_at TIMESTAMP,
    minutes_to_sign DOUBLE,
    hours_to_reply DOUBLE,
    event_count INTEGER NOT NULL,
    last_event_at TIMESTAMP NOT NULL
);
INSERT INTO schema_migrations VALUES (2, 'materialized ticket state', TIMESTAMP '2026-11-25 10:00:00');
-- migration 3: reference dimensions
CREATE TABLE areas (code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, level VARCHAR NOT NULL, kind VARCHAR NOT NULL,
    parent_code VARCHAR, lat DOUBLE, lon DOUBLE, population BIGINT);
CREATE TABLE units (unit_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL, area_code VARCHAR,
    dept VARCHAR, utility VARCHAR, service_areas VARCHAR[], always_on BOOLEAN NOT NULL);
CREATE TABLE categories (code VARCHAR PRIMARY KEY, level1 VARCHAR NOT NULL, level2 VARCHAR NOT NULL, name VARCHAR NOT NULL,
    tier VARCHAR NOT NULL, lead VARCHAR NOT NULL, assist VARCHAR[], disposition VARCHAR NOT NULL,
    risk_group VARCHAR, season VARCHAR, weight DOUBLE NOT NULL);
CREATE TABLE holidays (day DATE PRIMARY KEY, kind VARCHAR NOT NULL, name VARCHAR NOT NULL);
INSERT INTO schema_migrations VALUES (3, 'reference dimensions', TIMESTAMP '2026-11-25 10:00:00');
-- migration 4: model registry
CREATE TABLE model_runs (
    run_id INTEGER PRIMARY KEY,
    model VARCHAR NOT NULL,           -- e.g. 'routing'
    version VARCHAR NOT NULL,         -- directory name under <warehouse dir>/models/<model>/
    trained_from TIMESTAMP, trained_to TIMESTAMP, validated_to TIMESTAMP, tested_to TIMESTAMP,
    train_rows BIGINT NOT NULL, validation_rows BIGINT NOT NULL, test_rows BIGINT NOT NULL,
    trainer VARCHAR NOT NULL,
    metrics JSON NOT NULL,            -- held-out metrics, as printed by `hotline evaluate routing --json`
    primary_metric DOUBLE NOT NULL,   -- what promotion compares (unit top-1 on the test window)
    promoted BOOLEAN NOT NULL,
    note VARCHAR,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO schema_migrations VALUES (4, 'model registry', TIMESTAMP '2026-11-25 10:00:00');
-- migration 5: routing suggestions made as tickets arrive
-- One row per created ticket: what the dispatch assistant suggested when the ticket arrived, so its
-- advice can be compared with what dispatchers did and with the unit that finally handled the ticket.
CREATE TABLE route_suggestions (
    ticket_id VARCHAR PRIMARY KEY,
    received_at TIMESTAMP,            -- the ticket's receipt time (weeks are counted on it)
    suggested_at TIMESTAMP NOT NULL,  -- when the suggestion was made (China local time)
    model_version VARCHAR NOT NULL,
    disposition VARCHAR NOT NULL,
    category VARCHAR,
    lead_unit VARCHAR,
    assist_units VARCHAR[],
    tier VARCHAR,
    due_at TIMESTAMP,
    confidence DOUBLE NOT NULL,
    emergency_probability DOUBLE NOT NULL,
    abstain BOOLEAN NOT NULL,
    repeat_of VARCHAR                 -- an earlier ticket of the same caller about the same matter
);
INSERT INTO schema_migrations VALUES (5, 'routing suggestions made as tickets arrive', TIMESTAMP '2026-11-25 10:00:00');
-- migration 6: risk taxonomy and early-warning alerts
CREATE TABLE risk_groups (risk_group VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, severity VARCHAR NOT NULL,
    owners VARCHAR[], notify VARCHAR[]);
-- One row per alert (an incident the detectors believe in), updated as evidence grows; history below.
CREATE TABLE alerts (
    alert_id VARCHAR PRIMARY KEY,     -- stable fingerprint of (risk group, area, opening time)
    status VARCHAR NOT NULL,          -- firing | resolved | silenced
    severity VARCHAR NOT NULL,        -- low | medium | high | critical
    risk_group VARCHAR,
    area_code VARCHAR,
    area_name VARCHAR,
    title VARCHAR NOT NULL,
    detectors VARCHAR[],
    owners VARCHAR[],
    first_ticket_at TIMESTAMP, last_ticket_at TIMESTAMP,
    opened_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL, resolved_at TIMESTAMP,
    ticket_count INTEGER NOT NULL, caller_count INTEGER NOT NULL,
    observed DOUBLE, expected DOUBLE, p_value DOUBLE,
    ticket_ids VARCHAR[],
    acknowledged_at TIMESTAMP, last_notified_at TIMESTAMP, notify_count INTEGER NOT NULL
);
CREATE TABLE alert_history (alert_id VARCHAR NOT NULL, changed_at TIMESTAMP NOT NULL, change VARCHAR NOT NULL,
    severity VARCHAR NOT NULL, ticket_count INTEGER NOT NULL, detail VARCHAR);
CREATE TABLE alert_silences (silence_id INTEGER PRIMARY KEY, risk_group VARCHAR, area_code VARCHAR,
    reason VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL);
INSERT INTO schema_migrations VALUES (6, 'risk taxonomy and early-warning alerts', TIMESTAMP '2026-11-25 10:00:00');
-- migration 7: knowledge base of answered questions
-- Answered questions imported from elsewhere (e.g. a message board's replies); answered consultations in
-- the warehouse's own tickets are read directly from tickets and their replies.
CREATE TABLE kb_entries (entry_id VARCHAR PRIMARY KEY, source VARCHAR NOT NULL, question VARCHAR NOT NULL,
    reply VARCHAR NOT NULL, category VARCHAR, answered_at TIMESTAMP, imported_at TIMESTAMP NOT NULL);
INSERT INTO schema_migrations VALUES (7, 'knowledge base of answered questions', TIMESTAMP '2026-11-25 10:00:00');
-- migration 8: scheduled job runs
-- One row per (job, period): a rerun for the same period replaces its row, so every job is idempotent
-- per period and the scheduler can tell which periods it missed while the server was down.
CREATE TABLE job_runs (
    job VARCHAR NOT NULL,             -- e.g. 'brief-monthly'
    period VARCHAR NOT NULL,          -- e.g. '2025-12', '2025-W52', '2025-12-31'
    as_of TIMESTAMP NOT NULL,         -- data cutoff the run used (China local time)
    status VARCHAR NOT NULL,          -- running | succeeded | failed
    started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP,
    trigger VARCHAR NOT NULL,         -- schedule | catch-up | manual
    out_dir VARCHAR, files VARCHAR[], detail VARCHAR,
    PRIMARY KEY (job, period)
);
INSERT INTO schema_migrations VALUES (8, 'scheduled job runs', TIMESTAMP '2026-11-25 10:00:00');
-- migration 9: API keys and the audit log of data sharing
-- Keys are shown once when created; only a SHA-256 of the secret is kept (the secret is 256 random bits,
-- so a slow password hash adds nothing). role: centre | unit:<unit_id> | emergency-office | public.
CREATE TABLE api_keys (
    key_id VARCHAR PRIMARY KEY,       -- public part of the key, shown in lists and the audit log
    secret_sha256 VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    name VARCHAR NOT NULL,            -- who holds it (a unit's system, an office)
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
-- One row per API request, allowed or not: who asked for what, when, the answer and how many rows it carried.
CREATE TABLE audit_log (
    requested_at TIMESTAMP NOT NULL,
    key_id VARCHAR,                   -- NULL when no valid key was presented
    role VARCHAR,
    method VARCHAR NOT NULL,
    path VARCHAR NOT NULL,
    query VARCHAR,
    status INTEGER NOT NULL,
    row_count INTEGER NOT NULL,
    duration_ms DOUBLE NOT NULL,
    remote VARCHAR
);
INSERT INTO schema_migrations VALUES (9, 'API keys and the audit log of data sharing', TIMESTAMP '2026-11-25 10:00:00');
