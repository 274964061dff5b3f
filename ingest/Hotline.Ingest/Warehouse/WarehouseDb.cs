using System.Security.Cryptography;

namespace Hotline.Ingest.Warehouse;

/// <summary>The warehouse file exists but cannot be read (truncated, overwritten, damaged by the disk).</summary>
public sealed class WarehouseDamagedException(string path, string detail, string? backup)
    : Exception($"warehouse {path} cannot be read ({detail}): "
        + (backup is null
            ? "no backup of it was found next to it; restore one with `hotline restore --from <backup> --db <new file>`"
            : $"restore the latest backup with `hotline restore --from {backup} --db <new file>`"));

/// <summary>The warehouse could not be opened because another process holds its write lock.</summary>
public sealed class WarehouseBusyException(string path, string detail)
    : Exception($"warehouse {path} is in use by another process ({detail}) (a running ingest or `hotline "
        + "serve`); wait for it or stop it, then retry")
{
    public string WarehousePath { get; } = path;
    /// <summary>Who holds it, as DuckDB says (e.g. "PID 1234").</summary>
    public string Holder { get; } = detail;
}

/// <summary>
/// Opens (creating if needed) the DuckDB warehouse file, applies the pending migrations of the stages the caller
/// names (ingest's always) and keeps the reference dimensions in step with the shipped reference files. DuckDB admits
/// one writing process per file; within
/// this process, open extra connections with <see cref="Connect"/> (one per thread; appenders are not
/// thread-safe).
/// </summary>
public sealed class WarehouseDb : IDisposable
{
    public string Path { get; }
    public DuckDBConnection Connection { get; }

    private WarehouseDb(string path, DuckDBConnection connection)
    {
        Path = path;
        Connection = connection;
    }

    /// <param name="stages">The other stages whose tables the caller uses (e.g. ServerSchema.AllStages); ingest's are
    /// always applied.</param>
    public static WarehouseDb Open(string path, IEnumerable<SchemaModule>? stages = null,
        ReferenceData? reference = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(full) is { } dir) Directory.CreateDirectory(dir);
        var conn = new DuckDBConnection($"Data Source={full}");
        try
        {
            conn.Open();
        }
        catch (DuckDB.NET.Data.DuckDBException ex) when (ex.Message.Contains("lock",
            StringComparison.OrdinalIgnoreCase))
        {
            conn.Dispose();
            var pid = System.Text.RegularExpressions.Regex.Match(ex.Message, @"PID (\d+)");
            throw new WarehouseBusyException(full, pid.Success ? $"PID {pid.Groups[1].Value}" : "lock held");
        }
        catch (DuckDBException ex) when (File.Exists(full))
        {
            conn.Dispose();
            throw new WarehouseDamagedException(full, ex.Message.Split('\n')[0], WarehouseBackup.Latest(full));
        }
        var db = new WarehouseDb(full, conn);
        try
        {
            // Ingest commits many small transactions; checkpointing the WAL into the file after every 16 MB
            // (the default) cost more than the inserts themselves. Checkpoint rarely; the WAL is durable.
            Sql.Execute(conn, "SET checkpoint_threshold = '1GB'");
            MigrationRunner.Apply(conn, [IngestSchema.Module, .. stages ?? []]);
            db.InitSettings();
            db.City = CityProfileStore.Read(conn);
            if (db.City is not null && reference is null)
                db.Reference = ReferenceTablesReader.Read(conn);
            else
            {
                db.Reference = reference ?? ReferenceData.Default;
                db.SyncReference(db.Reference);
            }
        }
        catch
        {
            db.Dispose();
            throw;
        }
        return db;
    }

    /// <summary>Another connection to the same database instance, for a worker thread.</summary>
    public DuckDBConnection Connect()
    {
        // DuckDB.NET shares one database instance between connections of the same file in a process (Duplicate()
        // is for in-memory databases only), so this does not take a second file lock.
        var conn = new DuckDBConnection($"Data Source={Path}");
        conn.Open();
        return conn;
    }

    /// <summary>
    /// The reference data of the city this warehouse holds: the shipped (Linyi) files, or the profile an import
    /// built from the city's own history (<see cref="CityProfileStore"/>). Every stage reads this, not the files.
    /// </summary>
    public ReferenceData Reference { get; private set; } = ReferenceData.Default;

    /// <summary>The imported city's description; null when the warehouse holds the shipped city.</summary>
    public Import.CityInfo? City { get; private set; }

    private (ReferenceData For, UnitDirectory Directory)? _units;
    /// <summary>The unit and area directory of <see cref="Reference"/> (built once per reference data).</summary>
    public UnitDirectory Units
    {
        get
        {
            var reference = Reference;
            if (_units is { } u && ReferenceEquals(u.For, reference)) return u.Directory;
            var directory = ReferenceEquals(reference, ReferenceData.Default) ? UnitDirectory.Default
                : new UnitDirectory(reference);
            _units = (reference, directory);
            return directory;
        }
    }

    /// <summary>Records an imported city's profile (import calls this before storing its events).</summary>
    public void UseProfile(Import.CityInfo city, ReferenceData reference)
    {
        CityProfileStore.Save(Connection, city, reference);
        City = city;
        Reference = reference;
    }

    private EventIdIndex? _eventIds;
    /// <summary>The event-id deduplication index, loaded on first use.</summary>
    public EventIdIndex EventIds => _eventIds ??= EventIdIndex.Load(Connection);

    private void InitSettings()
    {
        if (Sql.Scalar<string>(Connection, "SELECT value FROM settings WHERE key = 'pii_salt'") is not null) return;
        // Per-warehouse secret for phone hashing: hashes link repeat callers within this warehouse only.
        var salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        Sql.Execute(Connection, "INSERT INTO settings VALUES ('pii_salt', $s)", ("s", salt));
    }

    /// <summary>
    /// The salt for phone hashing: HOTLINE_PII_SALT if set (to share hashes across warehouses), else the warehouse's
    /// own.
    /// </summary>
    public byte[] PiiSalt()
    {
        var env = Environment.GetEnvironmentVariable("HOTLINE_PII_SALT");
        var hex = !string.IsNullOrEmpty(env) ? env
            : Sql.Scalar<string>(Connection, "SELECT value FROM settings WHERE key = 'pii_salt'")!;
        return System.Text.Encoding.UTF8.GetBytes(hex);
    }

    private void SyncReference(ReferenceData reference)
    {
        if (Sql.Scalar<string>(Connection,
            "SELECT value FROM settings WHERE key = 'reference_hash'") == reference.ContentHash) return;
        using var tx = Connection.BeginTransaction();
        ReferenceTables.Load(Connection, reference);
        Sql.Execute(Connection, "INSERT OR REPLACE INTO settings VALUES ('reference_hash', $h)",
            ("h", reference.ContentHash));
        tx.Commit();
    }

    public void Dispose() => Connection.Dispose();
}
