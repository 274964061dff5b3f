using Hotline.Models.Warning.Evaluation;

namespace Hotline.Cli.Commands;

/// <summary>
/// `hotline evaluate detection`: replay the whole history as if live and score the alerts against the simulator's
/// truth.
/// </summary>
public static class EvaluateDetectionCommand
{
    public static Command Build()
    {
        var db = Cli.DbOption();
        var truth = Cli.Required<string>("--truth", "ground-truth folder written by `hotline simulate --truth`");
        var json = Cli.Opt<bool>("--json", "machine-readable output");
        var liveOnly = Cli.Opt<bool>("--live-only",
            "score only the live configuration (skip each detector alone; faster)");
        var detectors = Cli.Opt<string?>("--detectors",
            "score this set instead of "
                + "the live one "
                    + $"(comma-separated from {string.Join(", ", WarningEngine.AllDetectors.Select(d => d.Code()))})");
        var explain = Cli.Opt<bool>("--explain", "also list the missed incidents and the false alerts");
        var cmd = new Command("detection",
            "Probability of detection, delay and false alerts of the early-warning detectors on "
                + "simulated history.") { db, truth, json, liveOnly, detectors, explain };
        cmd.SetAction(p => Cli.Run(() =>
        {
            using var warehouse = Cli.OpenExisting(p.GetValue(db)!);
            var incidents = TruthIncident.Read(p.GetValue(truth)!);
            var first = WarehouseQueries.FirstReceipt(warehouse.Connection)
                ?? throw new InvalidDataException("the warehouse has no tickets");
            var last = WarehouseQueries.LatestReceipt(warehouse.Connection) ?? default;
            // A week of warm-up: before it the detectors have no history of their own (the city-share floor still
            // applies).
            var from = first.Date.AddDays(7);
            var to = last.Date.AddDays(1);
            // One load, then the live configuration and each detector alone, on the same tickets.
            var tickets = WarningData.Load(warehouse.Connection,
                from - TimeSpan.FromDays(DailyCountDetector.History + 3), to);
            var names = p.GetValue(detectors)?.Split(',',
                StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names?.FirstOrDefault(d => !Codes.TryParse<DetectorName>(d, out _)) is { } unknown)
                throw new ArgumentException($"--detectors: unknown detector '{unknown}' " +
                    $"(known: {string.Join(", ", WarningEngine.AllDetectors.Select(d => d.Code()))})");
            IReadOnlySet<DetectorName>? chosen = names?.Select(Codes.Parse<DetectorName>).ToHashSet();
            var runs = new Dictionary<string, DetectionScores>
            {
                ["all"] = DetectionEvaluation.Score(WarningReplay.Run(tickets, warehouse.Connection, from, to, chosen),
                    incidents, from, to),
            };
            foreach (var d in p.GetValue(liveOnly) ? [] : WarningEngine.AllDetectors)
                runs[d.Code()] = DetectionEvaluation.Score(
                    WarningReplay.Run(tickets, warehouse.Connection, from, to, new HashSet<DetectorName> { d }),
                        incidents, from, to);
            if (p.GetValue(json)) Console.WriteLine(ToJson(runs, from, to));
            else Print(runs, from, to);
            // JSON on stdout stays parseable
            if (p.GetValue(explain)) Explain(runs["all"], p.GetValue(json) ? Console.Error : Console.Out);
            return 0;
        }));
        return cmd;
    }

    private static Dictionary<string, object?> Scores(DetectionScores s) => new()
    {
        ["probability_of_detection"] = Math.Round(s.ProbabilityOfDetection, 4),
        ["median_delay_minutes"] = s.MedianDelayMinutes is { } m ? Math.Round(m, 1) : null,
        ["p90_delay_minutes"] = s.P90DelayMinutes is { } q ? Math.Round(q, 1) : null,
        ["false_alerts_per_week"] = Math.Round(s.FalseAlertsPerWeek, 3),
        ["decoys_alerted"] = s.DecoysAlerted,
        ["incidents"] = s.Incidents, ["detected"] = s.Detected, ["false_alerts"] = s.FalseAlerts, ["decoys"] = s.Decoys,
        ["low_severity_notes"] = s.LowAlerts, ["weeks"] = Math.Round(s.Weeks, 1),
        ["start_within_hour"] = Math.Round(s.StartWithinHour, 4),
        ["purity_at_least_80"] = Math.Round(s.PurityAtLeast80, 4),
        ["median_purity"] = Math.Round(s.MedianPurity, 4),
        ["by_type"] = s.ByType.Select(t =>
            new
            {
                type = t.Type, incidents = t.Incidents, detected = t.Detected,
                median_delay_minutes = t.MedianDelayMinutes is { } d ? Math.Round(d, 1) : (double?)null
            }),
    };

    public static string ToJson(Dictionary<string, DetectionScores> runs, DateTime from, DateTime to)
    {
        var d = Scores(runs["all"]);
        d["evaluated_from"] = from.ToString("yyyy-MM-dd");
        d["evaluated_to"] = to.ToString("yyyy-MM-dd");
        d["detectors"] = runs.Where(kv => kv.Key != "all").ToDictionary(kv => kv.Key, kv => Scores(kv.Value));
        return JsonSerializer.Serialize(d, Json.Options);
    }

    private static void Explain(DetectionScores s, TextWriter o)
    {
        o.WriteLine("missed incidents:");
        foreach (var i in s.Missed) o.WriteLine($"  {i.Id} {i.Type} {i.Start:yyyy-MM-dd HH:mm} {i.TicketIds.Count} "
            + "tickets");
        o.WriteLine("decoys warned about:");
        foreach (var (d, a) in s.DecoyAlerts)
            o.WriteLine($"  {d.Id} {d.Type} {d.Start:yyyy-MM-dd HH:mm}: {Line(a)}");
        o.WriteLine("detected, but the warning starts over an hour off or is under 80 % the incident's own tickets:");
        foreach (var (i, a, purity) in s.Imprecise)
            o.WriteLine($"  {i.Id} {i.Type} {i.Start:yyyy-MM-dd HH:mm} ({i.TicketIds.Count} tickets): warning from "
                + $"{a.FirstTicketAt:MM-dd HH:mm}, {a.Tickets.Count} tickets, {purity:P0} the incident's: {Line(a)}");
        o.WriteLine("false alerts:");
        foreach (var a in s.FalseAlertList)
            o.WriteLine($"  {Line(a)}");
    }

    public static void Print(Dictionary<string, DetectionScores> runs, DateTime from, DateTime to)
    {
        var t = new Table()
            .Title($"early warning on {from:yyyy-MM-dd}..{to:yyyy-MM-dd} (alerts of medium severity or more)")
            .AddColumn("detectors (all = the live set)").AddColumn(new TableColumn("detected").RightAligned())
                .AddColumn(new TableColumn("median delay").RightAligned())
            .AddColumn(new TableColumn("p90 delay").RightAligned())
                .AddColumn(new TableColumn("false/week").RightAligned())
            .AddColumn(new TableColumn("decoys alerted").RightAligned());
        foreach (var (name, s) in runs)
            t.AddRow(name, $"{s.Detected}/{s.Incidents} ({s.ProbabilityOfDetection:P0})",
                s.MedianDelayMinutes is { } m ? $"{m:0} min" : "-",
                s.P90DelayMinutes is { } q ? $"{q:0} min" : "-", $"{s.FalseAlertsPerWeek:0.00}",
                    $"{s.DecoysAlerted}/{s.Decoys}");
        AnsiConsole.Write(t);
        var all = runs["all"];
        AnsiConsole.MarkupLine($"  first call time within an hour of the incident's start: {all.StartWithinHour:P0} of "
            + $"detected incidents; warnings ≥ 80 % the incident's own tickets: {all.PurityAtLeast80:P0} "
            + $"(median {all.MedianPurity:P0})");
        foreach (var x in all.ByType)
            AnsiConsole.MarkupLine($"  {Markup.Escape(x.Type)}: {x.Detected}/{x.Incidents}, "
                + $"median delay {(x.MedianDelayMinutes is { } d ? $"{d:0} min" : "-")}");
    }

    private static string Line(Alert a) =>
        $"{a.OpenedAt:yyyy-MM-dd HH:mm} {a.Severity.Code()} "
            + $"[{string.Join('+', a.Detectors.Select(d => d.Code()))}] {a.Title}";
}
