using System.IO.Compression;
using DuckDB.NET.Data;
using Hotline.Jobs.Scheduling;
using Hotline.Models.Routing;
using Hotline.Server;
using Hotline.Server.Access;

namespace Hotline.Integration.Tests;

/// <summary>
/// A warehouse made by main before the stages owned their tables (commit cd41ea1: one migration list, schema_migrations
/// 1–9; made with that build's `simulate`, `ingest`, `train`, `alerts replay`, `keys add` and `jobs run`, gzipped in
/// Legacy/) upgrades in place: every row survives, each old version is recorded under the stage that owns it now, the
/// new code reads the old rows, and the schema ends up identical to a fresh warehouse's.
/// </summary>
public sealed class LegacyWarehouseTests
{
    private static readonly string[] Tables =
        ["ticket_events", "tickets", "dead_letters", "ingest_offsets", "model_runs", "route_suggestions", "alerts",
         "alert_history", "job_runs", "api_keys", "settings"];

    private static string Unpack(string dir)
    {
        var path = Path.Combine(dir, "legacy.duckdb");
        var packed = Path.Combine(AppContext.BaseDirectory, "Legacy", "main-cd41ea1.duckdb.gz");
        using var gz = new GZipStream(File.OpenRead(packed), CompressionMode.Decompress);
        using (var f = File.Create(path)) gz.CopyTo(f);
        return path;
    }

    private static Dictionary<string, long> Counts(DuckDBConnection c) =>
        Tables.ToDictionary(t => t, t => Sql.Scalar<long>(c, $"SELECT count(*) FROM {t}"));

    [Fact]
    public void A_warehouse_made_by_main_before_the_split_upgrades_in_place()
    {
        var dir = TestData.TempDir("legacy");
        var old = Unpack(dir);
        Dictionary<string, long> before;
        using (var conn = new DuckDBConnection($"Data Source={old}"))
        {
            conn.Open();
            Assert.Equal(9, Sql.Scalar<int>(conn, "SELECT max(version) FROM schema_migrations"));
            before = Counts(conn);
        }
        Assert.True(before["ticket_events"] > 1000 && before["model_runs"] == 1 && before["api_keys"] == 1);

        using (var upgraded = WarehouseDb.Open(old, ServerSchema.AllStages))
        {
            var c = upgraded.Connection;
            Assert.Equal(0L, Sql.Scalar<long>(c,
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"));
            var versions = Sql.Rows(c, "SELECT module, max(version) FROM schema_versions GROUP BY 1",
                r => (r.GetString(0), r.GetInt32(1))).ToDictionary(x => x.Item1, x => x.Item2);
            Assert.Equal(new Dictionary<string, int> { ["ingest"] = 4, ["models"] = 5, ["jobs"] = 2, ["server"] = 2 },
                versions);
            Assert.Equal(before, Counts(c));
            // The new code reads what the old one wrote: labelled history, the registry, job runs, keys and roles.
            var unlabelled = Sql.Scalar<long>(c, """
                SELECT count(*) FROM tickets
                WHERE received_at IS NULL OR (lead_unit IS NULL AND status NOT IN ('replied', 'closed', 'terminated'))
                """);
            Assert.Equal(before["tickets"], RoutingData.Load(upgraded).Count + unlabelled);
            Assert.NotNull(new ModelRegistry(upgraded).CurrentPromoted(ModelRegistry.Routing));
            Assert.Equal(JobStatus.Succeeded, Assert.Single(new JobRunner(c, ReferenceData.Default).History()).Status);
            Assert.True(Assert.Single(ApiKeys.List(c)).Role.IsCentre);
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
        Assert.Equal(13L, Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM schema_versions"));
        Assert.Equal(13L,
            Sql.Scalar<long>(db.Connection, "SELECT count(DISTINCT (module, version)) FROM schema_versions"));
    }

    /// <summary>Every column of every table, with its type and nullability, in a stable order.</summary>
    private static List<string> Columns(DuckDBConnection c) => Sql.Rows(c, """
        SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
        FROM information_schema.columns
        WHERE table_schema = 'main' AND table_name <> 'schema_versions' ORDER BY table_name, ordinal_position
        """, r => r.GetString(0));
}
