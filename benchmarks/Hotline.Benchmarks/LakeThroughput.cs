using Hotline.Jobs.Briefs;
using Hotline.Jobs.Lake;
using Hotline.Jobs.Periods;

namespace Hotline.Benchmarks;

/// <summary>
/// The Parquet lake on a copy of a warehouse (an export writes its bookkeeping into the store): the first, whole
/// export; an export with nothing changed; an export after one day's tickets changed; then the monthly brief of the
/// last month computed over the store and over the lake, in turn, twice each (the first pays JIT and jieba's
/// dictionary), with the ratio of the second runs.
/// </summary>
public static class LakeThroughput
{
    public static void Run(string dbPath)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"hotline-bench-lake-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var copy = Path.Combine(dir, "w.duckdb");
        File.Copy(dbPath, copy);
        var lakeDir = Path.Combine(dir, "lake");
        try
        {
            using var db = WarehouseDb.Open(copy, Hotline.Server.ServerSchema.AllStages);
            var tickets = Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM tickets");
            Console.WriteLine($"lake from {dbPath}: {tickets:N0} tickets, store {Size(dbPath) / 1e6:N0} MB");
            var full = LakeWriter.Export(db.Connection, lakeDir);
            Console.WriteLine($"  whole export: {full.Took.TotalSeconds:0.00} s, {full.DaysWritten} days, "
                + $"{full.TicketRows / full.Took.TotalSeconds:N0} tickets/s, lake {Size(lakeDir) / 1e6:N0} MB");
            var none = LakeWriter.Export(db.Connection, lakeDir);
            Console.WriteLine($"  nothing changed: {none.Took.TotalSeconds:0.00} s, {none.DaysWritten} days written");
            Sql.Execute(db.Connection, """
                UPDATE tickets SET event_count = event_count + 1
                WHERE CAST(received_at AS DATE) = (SELECT max(CAST(received_at AS DATE)) FROM tickets)
                """);
            var one = LakeWriter.Export(db.Connection, lakeDir);
            Console.WriteLine($"  one day changed: {one.Took.TotalSeconds:0.00} s, {one.DaysWritten} day "
                + $"({one.TicketRows:N0} tickets)");

            var last = Sql.Scalar<DateTime>(db.Connection, "SELECT max(received_at) FROM tickets");
            var cutoff = last.Date.AddDays(1);
            var period = ReportPeriod.ForCutoff(PeriodKind.Month, cutoff);
            using var lake = LakeReader.Open(lakeDir);
            var times = new Dictionary<string, double>();
            for (var round = 1; round <= 2; round++)
                foreach (var (name, conn, reference) in new[] { ("store", db.Connection, db.Reference),
                    ("lake", lake.Connection, lake.Reference) })
                {
                    var w = Stopwatch.StartNew();
                    var b = new BriefBuilder(reference).Build(conn, period, cutoff);
                    times[name] = w.Elapsed.TotalSeconds;
                    Console.WriteLine($"  brief {period.Key} over the {name}, run {round}: {times[name]:0.00} s "
                        + $"({b.Kpis[0].Value:N0} tickets, {b.Topics.Count} topics)");
                }
            Console.WriteLine($"  lake brief / store brief: {times["lake"] / times["store"]:0.00}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static long Size(string path) => File.Exists(path) ? new FileInfo(path).Length
        : Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
