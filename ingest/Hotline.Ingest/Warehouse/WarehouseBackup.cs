using System.Text.Json.Serialization;

namespace Hotline.Ingest.Warehouse;

/// <summary>What a backup holds: when, from where, how many rows per table, the schema and the Kafka offsets.</summary>
public sealed record BackupManifest(
    [property: JsonPropertyName("created_at")] DateTime CreatedAt,
    [property: JsonPropertyName("warehouse")] string Warehouse,
    [property: JsonPropertyName("rows")] Dictionary<string, long> Rows,
    [property: JsonPropertyName("schema_versions")] Dictionary<string, int> SchemaVersions,
    [property: JsonPropertyName("kafka_offsets")] Dictionary<string, long> KafkaOffsets,
    [property: JsonPropertyName("models")] int ModelVersions);

/// <summary>
/// Consistent backups of a live warehouse and their restore. A backup is DuckDB's EXPORT DATABASE (Parquet files and
/// the schema, read in one transaction: a snapshot, while `hotline serve` goes on writing), the model files, and a
/// manifest with row counts and the Kafka offsets the snapshot includes. Restoring IMPORTs it into a new file; a Kafka
/// ingest started on it resumes from those offsets, so what arrived after the backup is read again, once.
/// </summary>
public static class WarehouseBackup
{
    public const string ManifestFile = "manifest.json";
    private const string DataFolder = "data";

    /// <summary>Where backups of a warehouse go by default: a backups folder next to it.</summary>
    public static string DefaultFolder(string warehousePath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(warehousePath))!, "backups");

    public static BackupManifest Create(DuckDBConnection conn, string warehousePath, string dir, DateTime now)
    {
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            throw new IOException($"backup folder {dir} is not empty: choose a new one");
        Directory.CreateDirectory(dir);
        var data = Path.Combine(dir, DataFolder);
        BackupManifest manifest;
        using (var tx = conn.BeginTransaction())
        {
            // One transaction: the counts, the offsets and the exported data describe the same snapshot.
            var tables = Sql.Rows(conn, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                + "AND table_type = 'BASE TABLE' ORDER BY 1", r => r.GetString(0));
            var rows = tables.ToDictionary(t => t, t => Sql.Scalar<long>(conn, $"SELECT count(*) FROM \"{t}\""));
            var versions = Sql.Rows(conn, "SELECT module, max(version) FROM schema_versions GROUP BY 1",
                r => (r.GetString(0), r.GetInt32(1))).ToDictionary(x => x.Item1, x => x.Item2);
            var offsets = Sql.Rows(conn,
                "SELECT source || '/' || source_partition, next_offset FROM ingest_offsets WHERE source_kind = 'kafka'",
                r => (r.GetString(0), r.GetInt64(1))).ToDictionary(x => x.Item1, x => x.Item2);
            Sql.Execute(conn, $"EXPORT DATABASE '{Quote(data)}' (FORMAT parquet)");
            tx.Commit();
            manifest = new BackupManifest(now, Path.GetFullPath(warehousePath), rows, versions, offsets,
                CopyModels(ModelsOf(warehousePath), Path.Combine(dir, "models")));
        }
        File.WriteAllText(Path.Combine(dir, ManifestFile), JsonSerializer.Serialize(manifest,
            new JsonSerializerOptions { WriteIndented = true }));
        return manifest;
    }

    /// <summary>
    /// Restores a backup into a new warehouse file (with its model files beside it) and checks the counts.
    /// </summary>
    public static BackupManifest Restore(string dir, string targetPath)
    {
        var manifest = Read(dir);
        if (File.Exists(targetPath))
            throw new IOException($"{targetPath} exists: restore into a new path (or move the old file aside first)");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(targetPath))!);
        using (var conn = new DuckDBConnection($"Data Source={Path.GetFullPath(targetPath)}"))
        {
            conn.Open();
            Sql.Execute(conn, $"IMPORT DATABASE '{Quote(Path.Combine(dir, DataFolder))}'");
            foreach (var (table, n) in manifest.Rows)
            {
                var got = Sql.Scalar<long>(conn, $"SELECT count(*) FROM \"{table}\"");
                if (got != n) throw new InvalidDataException($"restored {table} has {got} rows, the backup says {n}");
            }
            Sql.Execute(conn, "CHECKPOINT");
        }
        CopyModels(Path.Combine(dir, "models"), ModelsOf(targetPath));
        return manifest;
    }

    public static BackupManifest Read(string dir)
    {
        var file = Path.Combine(dir, ManifestFile);
        if (!File.Exists(file)) throw new FileNotFoundException($"{dir} is not a backup (no {ManifestFile})", file);
        return JsonSerializer.Deserialize<BackupManifest>(File.ReadAllText(file))
            ?? throw new InvalidDataException($"{file} is empty");
    }

    /// <summary>The newest backup of this warehouse in its default folder, or null.</summary>
    public static string? Latest(string warehousePath)
    {
        var folder = DefaultFolder(warehousePath);
        if (!Directory.Exists(folder)) return null;
        return Directory.GetDirectories(folder)
            .Where(d => File.Exists(Path.Combine(d, ManifestFile)))
            .OrderByDescending(d => Path.GetFileName(d), StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>A folder name for a backup taken now (sorts by time).</summary>
    public static string NewFolder(string warehousePath, DateTime now) =>
        Path.Combine(DefaultFolder(warehousePath),
            $"{Path.GetFileNameWithoutExtension(warehousePath)}-{now:yyyyMMdd-HHmmss}");

    private static string ModelsOf(string warehousePath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(warehousePath))!, "models");

    /// <summary>Copies every model version folder (model files never change once written); returns how many.</summary>
    private static int CopyModels(string from, string to)
    {
        if (!Directory.Exists(from)) return 0;
        var versions = 0;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (!File.Exists(target)) File.Copy(file, target);
        }
        foreach (var model in Directory.GetDirectories(from)) versions += Directory.GetDirectories(model).Length;
        return versions;
    }

    private static string Quote(string path) => Path.GetFullPath(path).Replace("'", "''");
}
