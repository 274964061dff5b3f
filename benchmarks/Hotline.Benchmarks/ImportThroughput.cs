using Hotline.Ingest.Import;

namespace Hotline.Benchmarks;

/// <summary>
/// `hotline import` on a 12345 platform export made from a warehouse (GBK CSV, and the same rows as .xlsx), through
/// docs/import/12345-platform.yaml, all in one run: (1) reading the rows alone (decoding and splitting: the floor of
/// any import of that file), (2) a dry run (both passes: map, learn the profile, build and validate every event),
/// (3) the whole import into a fresh warehouse (batches committed with their offsets, tickets materialized).
/// Rates are rows of the export per second of wall time.
/// </summary>
public static class ImportThroughput
{
    private const string Mapping = "docs/import/12345-platform.yaml";

    public static void Run(string dbPath, int rows)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"hotline-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var mapping = ImportMapping.Load(Mapping);
        int written;
        using (var source = WarehouseDb.Open(dbPath, Hotline.Server.ServerSchema.AllStages))
        {
            written = PlatformExport.Write(source.Connection, Path.Combine(dir, "export.csv"), rows);
            PlatformExport.Write(source.Connection, Path.Combine(dir, "export.xlsx"), rows);
        }
        Console.WriteLine($"import: {written:N0} rows of a 12345 platform export from {dbPath}");
        foreach (var ext in new[] { "csv", "xlsx" })
        {
            var file = Path.Combine(dir, "export." + ext);
            var w = Stopwatch.StartNew();
            var read = SourceTable.Open(file, mapping.Source).Rows().LongCount();
            var readRate = read / w.Elapsed.TotalSeconds;
            Console.WriteLine($"  {ext}: read rows only (floor): {readRate:N0} rows/s");
            foreach (var dry in new[] { true, false })
            {
                var db = Path.Combine(dir, $"{ext}-{(dry ? "dry" : "real")}.duckdb");
                using var target = WarehouseDb.Open(db, Hotline.Server.ServerSchema.AllStages);
                w.Restart();
                var r = new Importer(target, mapping).Run(file, dryRun: dry);
                var rate = r.RowsRead / w.Elapsed.TotalSeconds;
                Console.WriteLine($"  {ext}: {(dry ? "dry run" : "import")}: {rate:N0} rows/s "
                    + $"({r.RowsRead:N0} rows, {(dry ? "" : $"{r.EventsStored:N0} events, ")}"
                    + $"{w.Elapsed.TotalSeconds:0.0} s) = {rate / readRate:0.00}x reading");
            }
        }
        Directory.Delete(dir, recursive: true);
    }
}
