namespace Hotline.Models;

/// <summary>
/// The models stage's tables: the model registry, the dispatch assistant's suggestions, early-warning alerts with
/// their history and silences, and the knowledge base. Open a warehouse with <see cref="Module"/> (after ingest's).
/// </summary>
public static class ModelsSchema
{
    public static SchemaModule Module { get; } = new("models", 1,
    [
        new(1, "model registry", """
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
            """),
        new(2, "routing suggestions made as tickets arrive", """
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
            """),
        new(3, "risk taxonomy and early-warning alerts", """
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
            CREATE TABLE alert_history (alert_id VARCHAR NOT NULL, changed_at TIMESTAMP NOT NULL,
                change VARCHAR NOT NULL,
                severity VARCHAR NOT NULL, ticket_count INTEGER NOT NULL, detail VARCHAR);
            CREATE TABLE alert_silences (silence_id INTEGER PRIMARY KEY, risk_group VARCHAR, area_code VARCHAR,
                reason VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL);
            """),
        new(4, "knowledge base of answered questions", """
            -- Answered questions imported from elsewhere (e.g. a message board's replies); answered consultations in
            -- the warehouse's own tickets are read directly from tickets and their replies.
            CREATE TABLE kb_entries (entry_id VARCHAR PRIMARY KEY, source VARCHAR NOT NULL, question VARCHAR NOT NULL,
                reply VARCHAR NOT NULL, category VARCHAR, answered_at TIMESTAMP, imported_at TIMESTAMP NOT NULL);
            """),
        new(5, "dispatchers' feedback on routing suggestions", """
            -- One row per verdict (a dispatcher may change their mind: the latest counts). Labels for the next
            -- training and evidence for the weekly routing watchdog.
            CREATE TABLE route_feedback (
                ticket_id VARCHAR NOT NULL,
                given_at TIMESTAMP NOT NULL,      -- China local time
                verdict VARCHAR NOT NULL,         -- accepted | overridden
                unit_id VARCHAR NOT NULL,         -- the unit the dispatcher sent it to (the suggestion's if accepted)
                category VARCHAR,                 -- the category the dispatcher chose, if they said
                suggested_unit VARCHAR,           -- what the assistant had suggested
                model_version VARCHAR,
                key_id VARCHAR                    -- the API key that sent it
            );
            """),
    ]);
}
