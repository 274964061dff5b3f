using Hotline.Ingest.Import;

namespace Hotline.Cli.Commands;

/// <summary>`hotline export-platform`: a warehouse's tickets as a 12345 platform's Excel/CSV export
/// (docs/import.md).</summary>
public static class ExportPlatformCommand
{
    public static Command Build()
    {
        var db = Cli.DbOption();
        var output = Cli.Required<string>("--out", "file to write: .csv (GBK, as platforms export it) or .xlsx");
        var limit = Cli.Opt<int>("--limit", "at most this many tickets, oldest first", 1_000_000);
        var cmd = new Command("export-platform",
            "Write tickets as a Chinese 12345 platform exports them (工单编号, 来电时间 … 回访满意度), to try `hotline import`.")
        { db, output, limit };
        cmd.SetAction(p => Cli.Run(() =>
        {
            using var warehouse = Cli.OpenExisting(p.GetValue(db)!);
            var n = PlatformExport.Write(warehouse.Connection, p.GetValue(output)!, p.GetValue(limit));
            Console.WriteLine($"{n:N0} tickets written to {p.GetValue(output)} (confidential tickets left out)");
            return 0;
        }));
        return cmd;
    }
}
