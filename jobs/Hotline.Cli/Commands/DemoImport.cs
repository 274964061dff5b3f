using Hotline.Ingest.Import;
using Hotline.Models.CityRouting;

namespace Hotline.Cli.Commands;

/// <summary>
/// The demo's last step: the history a new city brings. Part of the stream is written as a 12345 platform export
/// (GBK CSV, Chinese columns and values), imported through docs/import/12345-platform.yaml into a warehouse of its
/// own, whose profile is learned from the export alone, and routing is scored on it beside its baselines.
/// </summary>
public static class DemoImport
{
    private const string Mapping = "docs/import/12345-platform.yaml";

    public static void Show(WarehouseDb source, string dataDir, int seed)
    {
        if (!File.Exists(Mapping)) return;
        var csv = Path.Combine(dataDir, "demo-platform.csv");
        var db = Path.Combine(dataDir, "demo-import.duckdb");
        foreach (var f in new[] { db, db + ".wal" }) if (File.Exists(f)) File.Delete(f);
        var written = PlatformExport.Write(source.Connection, csv, 6_000);
        AnsiConsole.MarkupLine($"12. A city's own history: {written:N0} tickets written as a 12345 platform export "
            + $"(GBK CSV: 工单编号, 来电时间 … 回访满意度) to [blue]{Markup.Escape(csv)}[/], imported with "
            + $"[blue]{Mapping}[/] into [blue]{Markup.Escape(db)}[/]:");
        using var target = Cli.Open(db);
        var r = new Importer(target, ImportMapping.Load(Mapping)).Run(csv, dryRun: false);
        AnsiConsole.MarkupLine(Markup.Escape($"    {r.RowsMapped:N0} of {r.RowsRead:N0} rows ({r.Encoding}), "
            + $"{r.EventsStored:N0} events; profile from the export alone: {r.Units.Count} units, {r.AreasKnown} areas "
            + $"of {target.City?.Name} from the national division table"));
        var eval = CityRoutingEvaluation.Run(RoutingData.Load(target), target.Reference, target.City!.Name, null, seed);
        AnsiConsole.MarkupLine(Markup.Escape("    routing on its own history (time split), unit top-1: "
            + string.Join(", ", eval.Methods.Select(m => $"{m.Method} {m.Top1:P1}"))
            + $" ({eval.TestCases:N0} test cases); `hotline evaluate routing --db {db}` prints the table"));
    }
}
