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
        new(2, "lake partitions written", """
            -- One row per (lake, city, day) this warehouse wrote into a Parquet lake: the day's row count and a
            -- fingerprint of its tickets when written. The next export rewrites only the days whose fingerprint moved
            -- (a ticket received that day changed), so the lake is kept up to date without rewriting history.
            CREATE TABLE lake_partitions (
                lake VARCHAR NOT NULL,            -- the lake's root folder (absolute)
                city VARCHAR NOT NULL,            -- the partition value city=…
                day DATE NOT NULL,                -- the partition value date=… (day the tickets were received)
                row_count BIGINT NOT NULL,
                fingerprint VARCHAR NOT NULL,     -- bit_xor of DuckDB's hash of each ticket row
                written_at TIMESTAMP NOT NULL,
                PRIMARY KEY (lake, city, day)
            );
            """),
    ]);

    /// <summary>Every stage a report job reads or writes.</summary>
    public static SchemaModule[] Stages { get; } = [Models.ModelsSchema.Module, Module];
}
