namespace Hotline.Jobs;

/// <summary>The jobs stage's table: one row per scheduled job run and period.</summary>
public static class JobsSchema
{
    public static SchemaModule Module { get; } = new("jobs", 2,
    [
        new(1, "scheduled job runs", """
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
            """),
    ]);

    /// <summary>Every stage a report job reads or writes.</summary>
    public static SchemaModule[] Stages { get; } = [Models.ModelsSchema.Module, Module];
}
