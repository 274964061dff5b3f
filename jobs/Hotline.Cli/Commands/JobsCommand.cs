using System.Diagnostics;
using Hotline.Jobs.Periods;

namespace Hotline.Cli.Commands;

/// <summary>`hotline jobs list|run`: the scheduled jobs, and running one for a period by hand (backfill).</summary>
public static class JobsCommand
{
    public static Command Build()
    {
        var listDb = Cli.Opt<string?>("--db", "also show this warehouse's recent runs");
        var list = new Command("list",
            "The scheduled jobs (cron in Asia/Shanghai time) and, with --db, their recent runs.") { listDb };
        list.SetAction(p => Cli.Run(() =>
        {
            var table = new Table().AddColumns("job", "cron (Asia/Shanghai)", "period", "what it writes");
            foreach (var j in ReportJobs.All) table.AddRow(j.Name, j.Cron, j.Kind.ToString().ToLowerInvariant(),
                Markup.Escape(j.Description));
            AnsiConsole.Write(table);
            if (p.GetValue(listDb) is { } path)
            {
                using var db = Cli.OpenExisting(path);
                var runs = new JobRunner(db.Connection, db.Reference).History(20);
                var t = new Table().AddColumns("job", "period", "as of", "status", "trigger", "finished", "detail");
                foreach (var r in runs) t.AddRow(r.Job, r.Period, $"{r.AsOf:yyyy-MM-dd HH:mm}", r.Status.Code(),
                    r.Trigger.Code(), $"{r.FinishedAt:yyyy-MM-dd HH:mm:ss}", Markup.Escape(r.Detail ?? ""));
                AnsiConsole.Write(t);
            }
            return 0;
        }));

        var name = new Argument<string>("name") { Description = "job name (see `hotline jobs list`)" };
        var asOf = Cli.Required<string>("--as-of",
            "data cutoff: a date (through its end) or date-time, China local time; the job "
                + "reports on the period containing it");
        var db = Cli.DbOption();
        var outDir = Cli.Required<string>("--out", "folder to write into");
        var force = Cli.Opt<bool>("--force", "run even if this period was already produced with this cutoff");
        var run = new Command("run",
            "Run one job for the period containing --as-of and record it in job_runs (idempotent per period).") { name,
            asOf, db, outDir, force };
        run.SetAction(p => Cli.Run(() =>
        {
            var job = ReportJobs.Find(p.GetValue(name)!);
            var cutoff = ReportPeriod.ParseCutoff(p.GetValue(asOf)!);
            using var warehouse = Cli.OpenExisting(p.GetValue(db)!);
            var sw = Stopwatch.StartNew();
            var result = new JobRunner(warehouse.Connection, warehouse.Reference)
                .Run(job, cutoff, p.GetValue(outDir)!, JobTrigger.Manual, p.GetValue(force));
            Console.WriteLine($"{result.Job} {result.Period} (as "
                + $"of {result.AsOf:yyyy-MM-dd HH:mm}): {result.Status.Code()} "
                + $"in {sw.Elapsed.TotalSeconds:0.0} s — {result.Detail}");
            foreach (var f in result.Files) Console.WriteLine($"  {Path.Combine(result.OutDir ?? "", f)}");
            return 0;
        }));
        return new Command("jobs",
            "Scheduled reports: hotspot briefs, supervision digest, unit scorecard, disclosure, export.") { list, run };
    }
}
