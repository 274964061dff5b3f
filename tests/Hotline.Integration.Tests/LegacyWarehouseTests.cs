using DuckDB.NET.Data;
using Hotline.Ingest.Warehouse;
using Hotline.Server;
using Hotline.TestKit;

namespace Hotline.Integration.Tests;

/// <summary>
/// A warehouse made before the stages owned their tables (one migration list, schema_migrations 1–9; the DDL frozen
/// in Legacy/schema-v9.sql) upgrades in place: its rows survive, each old version is recorded under the stage that
/// owns it now, and its schema ends up identical to a fresh warehouse's.
/// </summary>
public sealed class LegacyWarehouseTests
{
    private static string LegacySql => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Legacy", "schema-v9.sql"));

    [Fact]
    public void A_warehouse_from_before_the_split_upgrades_in_place()
    {
        var dir = TestData.TempDir("legacy");
        var old = Path.Combine(dir, "old.duckdb");
        using (var conn = new DuckDBConnection($"Data Source={old}"))
        {
            conn.Open();
            Sql.Execute(conn, LegacySql);
            Sql.Execute(conn, "INSERT INTO settings VALUES ('pii_salt', 'abc')");
            Sql.Execute(conn, """
                INSERT INTO ticket_events (event_id, ticket_id, type, occurred_at, schema_version, received_at, content, source, ingested_at)
                VALUES ('e1', 't1', 'created', TIMESTAMP '2025-03-01 08:00:00', 1, TIMESTAMP '2025-03-01 08:00:00', '路灯不亮', 'file', now()::TIMESTAMP)
                """);
            Sql.Execute(conn, "INSERT INTO job_runs (job, period, as_of, status, started_at, trigger) VALUES ('brief-weekly', '2025-W09', now()::TIMESTAMP, 'succeeded', now()::TIMESTAMP, 'manual')");
            Sql.Execute(conn, "INSERT INTO api_keys VALUES ('k1', 'h', 'centre', 'duty', now()::TIMESTAMP, NULL)");
        }

        using (var upgraded = WarehouseDb.Open(old, ServerSchema.AllStages))
        {
            var c = upgraded.Connection;
            Assert.Equal(0L, Sql.Scalar<long>(c, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"));
            var versions = Sql.Rows(c, "SELECT module, max(version) FROM schema_versions GROUP BY 1", r => (r.GetString(0), r.GetInt32(1)))
                .ToDictionary(x => x.Item1, x => x.Item2);
            Assert.Equal(new Dictionary<string, int> { ["ingest"] = 4, ["models"] = 4, ["jobs"] = 1, ["server"] = 1 }, versions);
            Assert.Equal("abc", Sql.Scalar<string>(c, "SELECT value FROM settings WHERE key = 'pii_salt'"));
            Assert.Equal("路灯不亮", Sql.Scalar<string>(c, "SELECT content FROM ticket_events WHERE event_id = 'e1'"));
            Assert.Equal(1L, Sql.Scalar<long>(c, "SELECT count(*) FROM job_runs"));
            Assert.Equal(1L, Sql.Scalar<long>(c, "SELECT count(*) FROM api_keys"));
            // The reference dimensions were loaded into the carried-over tables, risk groups included.
            Assert.True(Sql.Scalar<long>(c, "SELECT count(*) FROM risk_groups") > 0);
        }

        using var fresh = WarehouseDb.Open(Path.Combine(dir, "fresh.duckdb"), ServerSchema.AllStages);
        using var again = WarehouseDb.Open(old, ServerSchema.AllStages);
        Assert.Equal(Columns(fresh.Connection), Columns(again.Connection));
    }

    [Fact]
    public void Opening_twice_applies_nothing_twice()
    {
        var path = Path.Combine(TestData.TempDir("reopen"), "w.duckdb");
        using (WarehouseDb.Open(path, ServerSchema.AllStages)) { }
        using var db = WarehouseDb.Open(path, ServerSchema.AllStages);
        Assert.Equal(Sql.Scalar<long>(db.Connection, "SELECT count(DISTINCT (module, version)) FROM schema_versions"),
            Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM schema_versions"));
        Assert.Equal(10L, Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM schema_versions"));
    }

    /// <summary>Every column of every table, with its type and nullability, in a stable order.</summary>
    private static List<string> Columns(DuckDBConnection c) => Sql.Rows(c, """
        SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable FROM information_schema.columns
        WHERE table_schema = 'main' AND table_name <> 'schema_versions' ORDER BY table_name, ordinal_position
        """, r => r.GetString(0));
}
