using Hotline.Jobs.Briefs;
using Hotline.Jobs.Lake;
using Hotline.Jobs.Periods;

namespace Hotline.Cli.Commands;

/// <summary>
/// The demo's lake step: the warehouse written into a Parquet lake (what a province's engines read), and the month's
/// brief computed from the lake next to the one from the warehouse, which must be the same.
/// </summary>
internal static class DemoLake
{
    public static void Show(WarehouseDb warehouse, string dataDir, DateTime asOf)
    {
        var lakeDir = Path.Combine(dataDir, "lake");
        if (Directory.Exists(lakeDir)) Directory.Delete(lakeDir, recursive: true); // this run's files only
        var export = LakeWriter.Export(warehouse.Connection, lakeDir);
        var size = Directory.EnumerateFiles(lakeDir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var period = ReportPeriod.ForCutoff(PeriodKind.Month, asOf);
        var fromStore = JsonSerializer.Serialize(new BriefBuilder(warehouse.Reference)
            .Build(warehouse.Connection, period, asOf), Jobs.Scheduling.ReportJobs.Json);
        using var lake = LakeReader.Open(lakeDir);
        var fromLake = JsonSerializer.Serialize(new BriefBuilder(lake.Reference).Build(lake.Connection, period, asOf),
            Jobs.Scheduling.ReportJobs.Json);
        AnsiConsole.MarkupLine($"   Parquet lake for province-wide analysis (Hive city=…/date=…, no personal data): "
            + $"{export.DaysWritten} days, {export.TicketRows:N0} tickets, {size / 1e6:0.0} MB in "
            + $"[blue]{Markup.Escape(export.Root)}[/] in {export.Took.TotalSeconds:0.0} s; the {period.Key} brief "
            + (fromStore == fromLake ? "computed from the lake equals the warehouse's, field for field"
                : "[red]computed from the lake differs from the warehouse's[/]")
            + " (`hotline lake brief`).");
    }
}
