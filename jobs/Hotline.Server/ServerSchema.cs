namespace Hotline.Server;

/// <summary>The server stage's tables: API keys and the audit log of every API request.</summary>
public static class ServerSchema
{
    public static SchemaModule Module { get; } = new("server", 3,
    [
        new(1, "API keys and the audit log of data sharing", """
            -- Keys are shown once when created; only a SHA-256 of the secret is kept (the secret is 256 random bits,
            -- so a slow password hash adds nothing). role: centre | unit:<unit_id> | emergency-office | public |
            -- intake.
            CREATE TABLE api_keys (
                key_id VARCHAR PRIMARY KEY,       -- public part of the key, shown in lists and the audit log
                secret_sha256 VARCHAR NOT NULL,
                role VARCHAR NOT NULL,
                name VARCHAR NOT NULL,            -- who holds it (a unit's system, an office)
                created_at TIMESTAMP NOT NULL,
                revoked_at TIMESTAMP
            );
            -- One row per API request, allowed or not: who asked for what, when, the answer and how many rows it
            -- carried.
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
            """),
        new(2, "Open311 submissions: which key submitted which request (an intake channel reads back only its own)", """
            CREATE TABLE open311_submissions (
                ticket_id VARCHAR PRIMARY KEY,    -- the service_request_id returned to the client
                key_id VARCHAR NOT NULL,
                service_code VARCHAR NOT NULL,
                submitted_at TIMESTAMP NOT NULL
            );
            """),
    ]);

    /// <summary>Every stage's tables: what `hotline serve` and the CLI open a warehouse with.</summary>
    public static SchemaModule[] AllStages { get; } = [Models.ModelsSchema.Module, Jobs.JobsSchema.Module, Module];
}
