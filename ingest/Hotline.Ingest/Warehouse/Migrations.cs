namespace Hotline.Ingest.Warehouse;

/// <summary>One schema change. A migration never changes once released: add a new one.</summary>
public sealed record Migration(int Version, string Description, string Sql);

/// <summary>
/// The tables one stage owns and their migrations, in order. Each project declares its own (ingest: events, tickets,
/// reference; models: runs, suggestions, alerts, knowledge base; jobs: job runs; server: keys, audit); whoever opens
/// the warehouse names the stages it uses, and <see cref="MigrationRunner"/> brings each up to date.
/// </summary>
public sealed record SchemaModule(string Name, int Order, IReadOnlyList<Migration> Migrations);

/// <summary>
/// Applies pending migrations per stage, each in its own transaction with its row in <c>schema_versions</c>
/// (module, version), so opening an old file upgrades it in place and a crash mid-upgrade leaves no half-applied step.
/// </summary>
public static class MigrationRunner
{
    /// <summary>
    /// Before the stages owned their tables, one numbered list (schema_migrations, versions 1–9) created everything.
    /// A warehouse made then is carried over once: each old version is the same DDL as one stage's migration now.
    /// </summary>
    private static readonly (int Old, string Module, int Version)[] Legacy =
    [
        (1, "ingest", 1), (2, "ingest", 2), (3, "ingest", 3),
        (4, "models", 1), (5, "models", 2), (6, "models", 3), (7, "models", 4),
        (8, "jobs", 1), (9, "server", 1),
    ];

    public static void Apply(DuckDBConnection conn, IEnumerable<SchemaModule> modules)
    {
        Sql.Execute(conn, """
            CREATE TABLE IF NOT EXISTS schema_versions (module VARCHAR NOT NULL, version INTEGER NOT NULL,
                description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL, PRIMARY KEY (module, version))
            """);
        CarryOverLegacy(conn);
        foreach (var m in modules.DistinctBy(m => m.Name).OrderBy(m => m.Order))
        {
            var current = Version(conn, m.Name);
            foreach (var step in m.Migrations.Where(s => s.Version > current).OrderBy(s => s.Version))
            {
                using var tx = conn.BeginTransaction();
                Sql.Execute(conn, step.Sql);
                Machine.TestHooks.At("migrate");
                Sql.Execute(conn, "INSERT INTO schema_versions VALUES ($m, $v, $d, now()::TIMESTAMP)",
                    ("m", m.Name), ("v", step.Version), ("d", step.Description));
                tx.Commit();
            }
        }
    }

    /// <summary>The latest applied version of a stage's schema (0 when none).</summary>
    public static int Version(DuckDBConnection conn, string module) =>
        Sql.Scalar<int?>(conn, "SELECT max(version) FROM schema_versions WHERE module = $m", ("m", module)) ?? 0;

    private static void CarryOverLegacy(DuckDBConnection conn)
    {
        var legacy = Sql.Scalar<long>(conn,
            "SELECT count(*) FROM information_schema.tables WHERE table_name = "
                + "'schema_migrations' AND table_schema = 'main'");
        if (legacy == 0) return;
        using var tx = conn.BeginTransaction();
        var applied = Sql.Rows(conn, "SELECT version, description, applied_at FROM schema_migrations",
            r => (Version: r.GetInt32(0), Description: r.GetString(1), At: r.GetDateTime(2)));
        foreach (var (old, description, at) in applied)
        {
            var map = Legacy.FirstOrDefault(l => l.Old == old);
            if (map.Module is null)
                throw new InvalidDataException($"warehouse has schema version {old}, newer than "
                    + "this program knows: upgrade it");
            Sql.Execute(conn, "INSERT OR IGNORE INTO schema_versions VALUES ($m, $v, $d, $at)",
                ("m", map.Module), ("v", map.Version), ("d", description), ("at", at));
        }
        Sql.Execute(conn, "DROP TABLE schema_migrations");
        Machine.TestHooks.At("migrate");
        tx.Commit();
    }
}
