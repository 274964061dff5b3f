using Hotline.Jobs.Sharing;
using Hotline.Models.Evaluation;
using Hotline.Models.Warning.Evaluation;
using Hotline.Models.Warning.Store;
using Hotline.Server.Access;
using Hotline.Simulator;

namespace Hotline.Cli.Commands;

/// <summary>
/// What a newcomer runs first: simulate a stretch of Linyi's hotline, stream it through an embedded Kafka
/// (librdkafka mock cluster) into a fresh warehouse while it is produced, and show what landed.
/// Grows with each capability (routing, alerts, briefs and the supervision digest).
/// </summary>
public static class DemoCommand
{
    private static readonly (string District, string Text)[] SampleTickets =
    [
        ("371302", "楼下饭店后厨着火了，烟很大，快派人来"),
        ("371302", "我们小区3号楼楼道里煤气味特别大，好像哪里漏气了，大家都不敢开火"),
        ("371311", "楼上装修每天晚上十点多还在电钻，吵得孩子没法睡觉，跟物业说了也没用"),
        ("371321", "在工地干了半年活，包工头一直拖着工资不给，快过年了家里等着用钱"),
        ("371302", "想咨询一下新生儿医保怎么办理，需要带哪些材料"),
    ];

    public static Command Build()
    {
        var db = Cli.Opt<string>("--db", "demo warehouse (recreated on each run)", "data/demo.duckdb");
        var days = Cli.Opt<int>("--days", "days to simulate", 60);
        var perDay = Cli.Opt<int>("--tickets-per-day", "average tickets per day", 1500);
        var seed = Cli.Opt<int>("--seed", "random seed", 7);
        var cmd = new Command("demo",
            "Run the pipeline end to end on embedded defaults: simulate → Kafka (embedded mock) "
                + "→ DuckDB warehouse → stats.")
        {
            db, days, perDay, seed,
        };
        cmd.SetAction(p => Cli.Run(() => Run(p.GetValue(db)!, p.GetValue(days), p.GetValue(perDay), p.GetValue(seed))));
        return cmd;
    }

    private static int Run(string dbPath, int days, int perDay, int seed)
    {
        // The reports at the end need the CJK font: say so now, not after two minutes of work.
        Hotline.Jobs.Charts.ChartStyle.EnsureFont();
        var cancel = Cli.CancelOnSignal();
        var truthDir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dbPath))!, "demo-truth");
        foreach (var f in new[] { dbPath, dbPath + ".wal" }) if (File.Exists(f)) File.Delete(f);
        AnsiConsole.MarkupLine("[bold]Hotline.Analytics demo[/]: a simulated Linyi 12345 hotline, streamed through "
            + "Kafka into DuckDB.");

        using var cluster = new MockKafkaCluster();
        const string topic = KafkaIngestOptions.DefaultTopic;
        AnsiConsole.MarkupLine("1. Embedded Kafka (librdkafka mock "
            + $"cluster) at [blue]{cluster.BootstrapServers}[/], topic {topic}");

        using var warehouse = WarehouseDb.Open(dbPath, ServerSchema.AllStages);
        var options = new SimulatorOptions
        {
            Start = new DateOnly(2025, 10, 1), Days = days, TicketsPerDay = perDay,
            Seed = seed
        };
        AnsiConsole.MarkupLine($"2. Simulating {days} days from {options.Start:yyyy-MM-dd}, ~{perDay:N0} tickets/day "
            + $"(seed {seed}); ground truth in {truthDir}");
        KafkaStreamResult streamed = null!;
        using (var recorder = new TruthRecorder(truthDir))
            LiveStatus.Run("simulate + ingest", days, progress =>
                streamed = KafkaStream.Run(warehouse, cluster.BootstrapServers, topic, "hotline-demo", options,
                    recorder, progress, cancel));
        var sim = streamed.Simulator;
        var secs = streamed.Seconds;
        AnsiConsole.MarkupLine($"3. Streamed {sim.EventsEmitted:N0} events of {sim.TicketsEmitted:N0} tickets "
            + $"in {secs:0.0} s " +
                               $"({sim.EventsEmitted / secs:N0} events/s end to end); {streamed.Ingest}");
        var rebuilt = new TicketMaterializer(warehouse.Connection).Run();
        AnsiConsole.MarkupLine($"4. Materialized {rebuilt:N0} tickets. "
            + $"Warehouse [blue]{Markup.Escape(warehouse.Path)}[/]:");
        StatsCommand.Print(WarehouseStats.Read(warehouse), dbPath);
        AnsiConsole.MarkupLine($"Injected {sim.Incidents.Incidents.Count(i => i.Kind == "incident")} incidents "
            + $"and {sim.Incidents.Incidents.Count(i => i.Kind == "decoy")} decoys (see {truthDir}/incidents.csv).");

        AnsiConsole.MarkupLine("5. Training the dispatch assistant on this history (time-based split: train on the "
            + "past, test on the latest days)");
        var run = RoutingPromotion.TrainAndRegister(warehouse, new RoutingTrainOptions { Seed = seed },
            line => AnsiConsole.MarkupLine($"   {Markup.Escape(line)}")).Result;
        EvaluateRoutingCommand.Print(run.Test, "just trained");
        AnsiConsole.MarkupLine("6. Routing a few new tickets:");
        foreach (var (district, text) in SampleTickets)
        {
            AnsiConsole.MarkupLine($"   [italic]{Markup.Escape(text)}[/]");
            RouteCommand.Print(run.Model.Suggest(new RouteRequest
            {
                Content = text, District = district,
                ReceivedAt = options.EndTime
            }));
        }
        // The simulator's own phrasing flatters the model: show the figure on words it did not write as well.
        var natural = Path.Combine("models", "sets", "natural", "dev.csv");
        if (File.Exists(natural))
        {
            var m = NaturalEvaluation.Score(NaturalSet.Load(natural), t => EvaluateNaturalCommand.Answer(
                run.Model.Suggest(new RouteRequest
                {
                    Content = t.Content, District = t.District,
                    ReceivedAt = options.EndTime
                })));
            AnsiConsole.MarkupLine(Markup.Escape($"   On {m.Tickets} hand-written tickets worded as callers speak "
                + $"({natural}, content only): unit top-1 {m.UnitTop1:P1}, emergencies transferred "
                + $"{m.EmergenciesTransferred} of {m.Emergencies}, two-hour hazards to the right unit kind "
                + $"{m.HazardsRight} of {m.Hazards}, kept by the centre wrongly {m.WronglyKept} "
                + "(`hotline evaluate natural` puts a plain peer beside it)"));
        }
        AnsiConsole.MarkupLine("7. Streaming mode: a suggestion for every "
            + "ticket the model never trained on, compared with what dispatchers did:");
        if (RoutingPromotion.SuggestNewTickets(warehouse) is { } written)
            AnsiConsole.MarkupLine($"   {written.Written:N0} new tickets got routing suggestions from "
                + $"model {written.Version} (see `hotline stats`)");
        StatsCommand.PrintAgreement(SuggestionAgreement.Weekly(warehouse));
        AnsiConsole.MarkupLine("8. Early warning: the detectors replay the stream "
            + "as if live (a scan every 10 minutes, no look-ahead):");
        var from = options.Start.ToDateTime(TimeOnly.MinValue).AddDays(7);
        var changes = WarningReplay.Run(warehouse.Connection, from, options.EndTime);
        AlertStore.Save(warehouse.Connection, changes);
        var truth = TruthIncident.Read(truthDir);
        EvaluateDetectionCommand.Print(new()
        {
            ["all"] = DetectionEvaluation.Score(changes, truth, from,
            options.EndTime)
        }, from, options.EndTime);
        var alerts = changes.Select(c => c.Alert).Distinct().ToList();
        var injected = truth.SelectMany(t => t.TicketIds).ToHashSet(StringComparer.Ordinal);
        var hits = alerts.Where(a => a.Severity >= Severity.Medium && a.Tickets.Keys.Any(injected.Contains)).ToList();
        AnsiConsole.MarkupLine($"   {alerts.Count} alerts stored in "
            + $"table alerts: {hits.Count} about injected incidents, " +
            $"{alerts.Count(a => a.Severity >= Severity.Medium) - hits.Count} other "
                + $"warnings, {alerts.Count(a => a.Severity == Severity.Low)} low-severity notes " +
            "(e.g. the heating-season start). Three of the warnings about injected incidents:");
        foreach (var a in hits.OrderByDescending(a => a.Severity).ThenBy(a => a.OpenedAt).Take(3))
            Console.WriteLine(AlertCard.Markdown(a));
        var reports = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dbPath))!, "demo-reports");
        AnsiConsole.MarkupLine("9. Scheduled reports (what `hotline serve` writes on its cron), as of the end of the "
            + $"stream, into [blue]{Markup.Escape(reports)}[/]:");
        var jobs = new Hotline.Jobs.Scheduling.JobRunner(warehouse.Connection, ReferenceData.Default);
        // the scan below must see this run's files only
        if (Directory.Exists(reports)) Directory.Delete(reports, recursive: true);
        foreach (var job in Hotline.Jobs.Scheduling.ReportJobs.All)
        {
            var r = jobs.Run(job, options.EndTime, Path.Combine(reports, job.Name), JobTrigger.Manual, force: true);
            AnsiConsole.MarkupLine($"   {r.Job} {r.Period}: {Markup.Escape(r.Detail ?? "")}");
            foreach (var f in r.Files.Where(f => f.EndsWith(".html", StringComparison.Ordinal)
                || f.EndsWith(".docx", StringComparison.Ordinal)))
                AnsiConsole.MarkupLine($"     [blue]{Markup.Escape(Path.Combine(r.OutDir!, f))}[/]");
        }
        DemoLake.Show(warehouse, Path.GetDirectoryName(Path.GetFullPath(dbPath))!, options.EndTime);
        var unitKey = ShowSharing(warehouse, reports, options.EndTime);
        DemoImport.Show(warehouse, Path.GetDirectoryName(Path.GetFullPath(dbPath))!, seed);
        ShowConsole(dbPath, unitKey.Keys);
        AnsiConsole.MarkupLine($"Next: [green]./hotline stats --db {dbPath}[/], "
            + $"[green]./hotline evaluate routing --db {dbPath}[/], " +
            $"[green]./hotline route --db {dbPath} --district 371302 \"小区门口的路灯坏了一个多月了\"[/], " +
            $"[green]./hotline evaluate detection --db {dbPath} --truth {truthDir}[/], "
                + $"[green]./hotline alerts scan --db {dbPath} --as-of 2025-11-20T12:00[/], "
                + $"[green]./hotline jobs run brief-weekly --db {dbPath} --as-of 2025-11-23 --out "
                + $"data/brief[/], [green]./hotline serve --db {dbPath}[/] then [green]curl -H "
                + $"'Authorization: Bearer {unitKey.Secret}' "
                    + $"localhost:8080/v1/units/{unitKey.Unit}/tickets?limit=5[/].");
        return unitKey.Clean ? 0 : PiiScanCommand.FoundExitCode;
    }

    /// <summary>
    /// Step 10: keys for a unit and the centre, what the unit's key can see, and the personal-data scan of every report
    /// written above.
    /// </summary>
    /// <summary>Last step: where the web console is and a key for each of its roles.</summary>
    private static void ShowConsole(string dbPath, IReadOnlyList<(string Role, string Secret)> keys)
    {
        AnsiConsole.MarkupLine("13. Web console (派单工作台, 预警值守, 督办, 决策分析, 承办单位, 信息公开): "
            + $"[green]./hotline serve --db {Markup.Escape(dbPath)} --data-clock[/], open "
            + "[blue]http://localhost:8080/console[/] and sign in with the key of a role:");
        foreach (var (role, secret) in keys)
            AnsiConsole.MarkupLine($"   {Markup.Escape(role),-22} {Markup.Escape(secret)}");
    }

    private static (string Unit, string Secret, bool Clean, List<(string Role, string Secret)> Keys) ShowSharing(
        WarehouseDb warehouse, string reports, DateTime end)
    {
        var conn = warehouse.Connection;
        var unit = UnitTickets.Busiest(warehouse.Connection)!;
        var now = ChinaClock.System.Now;
        var (_, unitSecret) = ApiKeys.Add(conn, AccessRole.Parse("unit:" + unit), "demo unit key", now);
        var consoleKeys = new List<(string Role, string Secret)> { ("unit:" + unit, unitSecret) };
        // A key per role for the web console (each role signs in to its own views).
        foreach (var role in new[] { "centre", "dispatcher", "supervisor", "policy", "emergency-office", "public" })
            consoleKeys.Add((role, ApiKeys.Add(conn, AccessRole.Parse(role), $"demo {role} key", now).Secret));
        var unitRole = AccessRole.Parse("unit:" + unit);
        var own = UnitTickets.Count(conn, unitRole, unit);
        var withheld = UnitTickets.Count(conn, new AccessRole(RoleKind.Centre, null), unit) - own;
        AnsiConsole.MarkupLine("10. Data sharing: API keys (stored hashed) in table api_keys. Unit "
            + $"[blue]{Markup.Escape(unit)}[/] may read its {own:N0} tickets " +
                               $"({withheld:N0} confidential ones withheld); three that changed "
                                   + "on the last day, as its key sees them (masked text, no caller data):");
        var page = UnitTickets.Page(conn, unitRole, unit, since: end.AddDays(-1), cursor: null,
            limit: 3);
        foreach (var t in page.Items)
        {
            var text = t.Content.Length > 60 ? t.Content[..60] + "…" : t.Content;
            var what = Markup.Escape(t.Category ?? "");
            AnsiConsole.MarkupLine($"   {t.TicketId} {t.UnitRole} {t.Status} {what}: {Markup.Escape(text)}");
        }
        var scan = Hotline.Jobs.Privacy.PiiScanner.Scan(reports);
        AnsiConsole.MarkupLine($"11. [blue]hotline pii-scan {Markup.Escape(reports)}[/]: {scan.FilesScanned} files "
            + $"scanned ({scan.Skipped.Count} images skipped), " +
                               (scan.Findings.Count == 0 ? "[green]no personal data found[/]"
                                   : $"[red]{scan.Findings.Count} findings[/]"));
        foreach (var f in scan.Findings.Take(10)) AnsiConsole.MarkupLine("  "
            + $" [red]{Markup.Escape($"{f.File}: {f.Where}: {f.Kind}: …{f.Context}…")}[/]");
        return (unit, unitSecret, scan.Findings.Count == 0, consoleKeys);
    }
}
