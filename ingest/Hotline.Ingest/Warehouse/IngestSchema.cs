namespace Hotline.Ingest.Warehouse;

/// <summary>
/// The ingest stage's tables: settings, the append-only events, dead letters, offsets, the materialized tickets and
/// the reference dimensions. All timestamps are China local wall time (Asia/Shanghai, UTC+08:00, no DST) stored as
/// TIMESTAMP, so SQL by hour and day needs no time-zone arithmetic. Other stages declare their own tables
/// (<see cref="SchemaModule"/>); this one is always applied first.
/// </summary>
public static class IngestSchema
{
    /// <summary>Columns of ticket_events in appender order (see EventStore).</summary>
    public const string EventColumns = """
        event_id VARCHAR NOT NULL,
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
        ingested_at TIMESTAMP NOT NULL
        """;

    public static SchemaModule Module { get; } = new("ingest", 0,
    [
        new(1, "settings, append-only events, dead letters, ingest offsets", $"""
            CREATE TABLE settings (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
            -- event_id unique: enforced by EventIdIndex (a PK index slowed inserts several-fold)
            CREATE TABLE ticket_events ({EventColumns});
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
            """),
        new(2, "materialized ticket state", """
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
            """),
        new(3, "reference dimensions", """
            CREATE TABLE areas (code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, level VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                parent_code VARCHAR, lat DOUBLE, lon DOUBLE, population BIGINT);
            CREATE TABLE units (unit_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL,
                area_code VARCHAR,
                dept VARCHAR, utility VARCHAR, service_areas VARCHAR[], always_on BOOLEAN NOT NULL);
            CREATE TABLE categories (code VARCHAR PRIMARY KEY, level1 VARCHAR NOT NULL, level2 VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                tier VARCHAR NOT NULL, lead VARCHAR NOT NULL, assist VARCHAR[], disposition VARCHAR NOT NULL,
                risk_group VARCHAR, season VARCHAR, weight DOUBLE NOT NULL);
            CREATE TABLE holidays (day DATE PRIMARY KEY, kind VARCHAR NOT NULL, name VARCHAR NOT NULL);
            """),
        new(4, "risk groups reference table (was created with the alerts before the stages owned their tables)", """
            CREATE TABLE IF NOT EXISTS risk_groups (risk_group VARCHAR PRIMARY KEY, name VARCHAR NOT NULL,
                severity VARCHAR NOT NULL, owners VARCHAR[], notify VARCHAR[]);
            """),
    ]);
}
