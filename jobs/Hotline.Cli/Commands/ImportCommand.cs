using Hotline.Ingest.Import;

namespace Hotline.Cli.Commands;

/// <summary>`hotline import`: a city's own export (12345 platform, mayor's mailbox, 311 open data) into a
/// warehouse.</summary>
public static class ImportCommand
{
    public static Command Build()
    {
        var from = Cli.Required<string>("--from", "the export: .csv (UTF-8 or GBK), .xlsx, .parquet or .jsonl");
        var mapping = Cli.Required<string>("--mapping", "the mapping YAML (docs/import.md)");
        var db = Cli.DbOption();
        var dryRun = Cli.Opt<bool>("--dry-run", "read and check everything, write nothing, print what an import would do");
        var batch = Cli.Opt<int>("--batch-size", "events per warehouse transaction", 20_000);
        var cmd = new Command("import",
            "Import a city's ticket history through a declarative mapping; its units, areas and types become the "
            + "warehouse's city profile.") { from, mapping, db, dryRun, batch };
        cmd.SetAction(p => Cli.Run(() =>
        {
            var m = ImportMapping.Load(p.GetValue(mapping)!);
            var file = p.GetValue(from)!;
            var dbPath = p.GetValue(db)!;
            var dry = p.GetValue(dryRun);
            // A dry run against a warehouse that does not exist yet checks against an empty one, then removes it.
            var scratch = dry && !File.Exists(dbPath)
                ? Path.Combine(Path.GetTempPath(), $"hotline-dry-{Environment.ProcessId}.duckdb") : null;
            try
            {
                ImportReport report;
                using (var warehouse = Cli.Open(scratch ?? dbPath))
                {
                    var importer = new Importer(warehouse, m, Math.Clamp(p.GetValue(batch), 1, 1_000_000));
                    report = null!;
                    LiveStatus.Run($"import {Path.GetFileName(file)}", () => "", () =>
                        report = importer.Run(file, dry, Cli.CancelOnSignal()));
                }
                Print(report, m);
                return 0;
            }
            finally
            {
                if (scratch is not null)
                    foreach (var f in new[] { scratch, scratch + ".wal" }.Where(File.Exists)) File.Delete(f);
            }
        }));
        return cmd;
    }

    private static void Print(ImportReport r, ImportMapping m)
    {
        Console.WriteLine(r.DryRun ? "dry run: nothing was written" : $"imported into the warehouse");
        Console.WriteLine($"file: {r.File} ({r.Format}{(r.Encoding is { } e ? ", " + e : "")}), shape {r.Shape}, "
            + $"city {m.City.Name}{(m.City.DivisionCode is { } c ? $" ({c})" : "")}");
        Console.WriteLine($"rows: {r.RowsRead:N0} read, {r.RowsMapped:N0} mapped, {r.RowsSkipped:N0} skipped by rule, "
            + $"{r.RowsRejected:N0} rejected" + (r.RowsAlreadyImported > 0
                ? $", {r.RowsAlreadyImported:N0} already imported by an earlier run" : ""));
        foreach (var (code, x) in r.Rejections)
            Console.WriteLine($"  rejected {code}: {x.Count:N0} (rows {string.Join(", ", x.FirstRows)}"
                + $"{(x.Count > x.FirstRows.Count ? ", …" : "")}), e.g. {x.Example}");
        if (r.From is { } from)
            Console.WriteLine($"dates: {from:yyyy-MM-dd} .. {r.To:yyyy-MM-dd}");
        var kinds = string.Join(", ", r.Units.GroupBy(u => u.Kind).OrderByDescending(g => g.Count())
            .Select(g => $"{g.Key} {g.Count()}"));
        Console.WriteLine($"units: {r.Units.Count:N0} (from {r.UnitSpellings:N0} spellings after aliases); {kinds}");
        foreach (var u in r.Units.Take(8)) Console.WriteLine($"  {u.UnitId}  {u.Name}  [{u.Kind}]");
        Console.WriteLine($"areas: {r.AreasKnown:N0} in the profile; place names in the export {r.PlacesNamed:N0}, "
            + $"{r.PlacesRecognised:N0} of them official divisions; categories from the type column: {r.Categories:N0}");
        Console.WriteLine("fill rate of mapped columns:");
        foreach (var (field, (column, fill)) in r.FillRates)
            Console.WriteLine($"  {field,-14} ← {column,-20} {fill,7:P1}");
        if (!r.DryRun)
            Console.WriteLine($"events: {r.EventsStored:N0} stored, {r.EventsDuplicate:N0} already present, "
                + $"{r.DeadLetters:N0} rows to dead_letters; {r.TicketsUpdated:N0} tickets updated");
    }
}
