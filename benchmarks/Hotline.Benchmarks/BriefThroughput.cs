using Hotline.Jobs.Scheduling;

namespace Hotline.Benchmarks;

/// <summary>
/// Report jobs on a warehouse (the target is stated on a simulated year, ≥ 1M tickets): the monthly brief for the
/// warehouse's last month, charts, Markdown, HTML and JSON included, three runs (the first pays JIT and jieba's
/// dictionary load); then the digest, scorecard, disclosure and export once each. Output goes to a temp folder.
/// </summary>
public static class BriefThroughput
{
    public static void Run(string dbPath)
    {
        using var db = WarehouseDb.Open(dbPath, Hotline.Server.ServerSchema.AllStages);
        var tickets = Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM tickets");
        var last = Sql.Scalar<DateTime>(db.Connection, "SELECT max(received_at) FROM tickets");
        var cutoff = new DateTime(last.Year, last.Month, 1).AddMonths(1);
        var outDir = Path.Combine(Path.GetTempPath(), $"hotline-bench-{Guid.NewGuid():N}");
        var runner = new JobRunner(db.Connection, ReferenceData.Default);
        Console.WriteLine($"report jobs on {dbPath}: {tickets:N0} tickets, as of {cutoff:yyyy-MM-dd}");
        for (var i = 1; i <= 3; i++)
        {
            var w = Stopwatch.StartNew();
            var r = runner.Run(ReportJobs.Find("brief-monthly"), cutoff, Path.Combine(outDir, "brief"),
                JobTrigger.Manual, force: true);
            Console.WriteLine($"  brief-monthly {r.Period} run {i}: {w.Elapsed.TotalSeconds:0.00} s ({r.Detail})");
        }
        foreach (var job in new[] { "digest-daily", "scorecard-monthly", "disclosure-monthly", "export-monthly" })
        {
            var w = Stopwatch.StartNew();
            var r = runner.Run(ReportJobs.Find(job), cutoff, Path.Combine(outDir, job), JobTrigger.Manual, force: true);
            Console.WriteLine($"  {job} {r.Period}: {w.Elapsed.TotalSeconds:0.00} s ({r.Detail})");
        }
        Directory.Delete(outDir, recursive: true);
    }
}
