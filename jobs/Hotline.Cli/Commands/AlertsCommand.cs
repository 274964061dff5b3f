using Hotline.Models.Warning.Notify;
using Hotline.Models.Warning.Store;

namespace Hotline.Cli.Commands;

/// <summary>`hotline alerts scan|replay|silence`: the early-warning scan, as if live, and its controls.</summary>
public static class AlertsCommand
{
    public static Command Build() =>
        new("alerts", "Early warning: scan for risk clusters, replay history, silence alerts.")
    {
        Scan(), Replay(), Silence(), Ack(),
    };

    private static Command Ack()
    {
        var db = Cli.DbOption();
        var id = new Argument<string>("alert-id") { Description = "the alert's id (AL-…)" };
        var cmd = new Command("ack",
            "Acknowledge an alert: someone has it in hand, so it is not notified again.") { db, id };
        cmd.SetAction(p => Cli.Run(() =>
        {
            using var warehouse = Cli.OpenExisting(p.GetValue(db)!);
            if (!AlertStore.Acknowledge(warehouse.Connection, p.GetValue(id)!, ChinaClock.System.Now))
                throw new ArgumentException($"no alert {p.GetValue(id)}");
            Console.WriteLine($"acknowledged {p.GetValue(id)}");
            return 0;
        }));
        return cmd;
    }

    private static DateTime ParseTime(string s) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
        && s.Contains('T') && (s.EndsWith('Z') || s.Contains('+'))
        ? t.ToOffset(ChinaClock.Offset).DateTime
        : DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) ? local
        : throw new ArgumentException($"'{s}' is not a time (use 2025-06-01T14:00 in "
            + "China time, or an ISO time with offset)");

    private static Command Scan()
    {
        var db = Cli.DbOption();
        var asOf = Cli.Opt<string?>("--as-of", "scan time (China local, e.g. 2025-06-01T14:00); default now");
        var json = Cli.Opt<bool>("--json", "machine-readable output");
        var webhook = Cli.Opt<string?>("--webhook", "POST each new alert change to this URL (retries with backoff)");
        var kafka = Cli.Opt<string?>("--kafka",
            "also publish alert changes to topic hotline.alerts on these bootstrap servers");
        var cmd = new Command("scan",
            "Run the detectors at one moment over recent tickets; store and deliver new alert changes.") { db, asOf,
            json, webhook, kafka };
        cmd.SetAction(p => Cli.Run(() =>
        {
            using var warehouse = Cli.OpenExisting(p.GetValue(db)!);
            var at = p.GetValue(asOf) is { } s ? ParseTime(s) : ChinaClock.System.Now;
            var sinks = new List<IAlertSink>();
            if (p.GetValue(webhook) is { } url) sinks.Add(new WebhookAlertSink(new Uri(url), Console.Error.WriteLine));
            if (p.GetValue(kafka) is { } k) sinks.Add(new KafkaAlertSink(k));
            try
            {
                var r = WarningScan.Run(warehouse.Connection, at, sinks, warehouse.Reference);
                if (p.GetValue(json))
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        as_of = at, new_changes = r.Fresh.Count,
                        open = r.Open.Select(a => AlertCard.Document(a, null, warehouse.Reference)),
                    }, Json.Options));
                else Print(at, r);
            }
            finally
            {
                foreach (var sink in sinks) sink.Dispose();
            }
            return 0;
        }));
        return cmd;
    }

    public static void Print(DateTime at, WarningScan.Result r)
    {
        AnsiConsole.MarkupLine($"scan at {at:yyyy-MM-dd HH:mm}: {r.Open.Count} open alerts, {r.Fresh.Count} "
            + "new changes stored");
        foreach (var a in r.Open.OrderByDescending(a => a.Severity).ThenBy(a => a.OpenedAt))
            Console.WriteLine(AlertCard.Markdown(a));
    }

    private static Command Replay()
    {
        var db = Cli.DbOption();
        var from = Cli.Required<string>("--from", "first day (yyyy-MM-dd)");
        var to = Cli.Required<string>("--to", "day after the last (yyyy-MM-dd)");
        var cmd = new Command("replay",
            "Run the detectors as if live over history (10-minute scans, no look-ahead) and store the alerts.") { db,
            from, to };
        cmd.SetAction(p => Cli.Run(() =>
        {
            using var warehouse = Cli.OpenExisting(p.GetValue(db)!);
            var (f, t) = (ParseTime(p.GetValue(from)!), ParseTime(p.GetValue(to)!));
            if (t <= f) throw new ArgumentException("--to must be after --from");
            var changes = WarningReplay.Run(warehouse.Connection, f, t, reference: warehouse.Reference);
            AlertStore.Save(warehouse.Connection, changes);
            var alerts = changes.Select(c => c.Alert).Distinct().ToList();
            var bySeverity = alerts.GroupBy(a => a.Severity).OrderByDescending(g => g.Key)
                .Select(g => $"{g.Count()} {g.Key.Code()}");
            AnsiConsole.MarkupLine($"replayed {f:yyyy-MM-dd}..{t:yyyy-MM-dd}: {alerts.Count} alerts "
                + $"({string.Join(", ", bySeverity)}), {changes.Count} changes stored in alerts/alert_history");
            return 0;
        }));
        return cmd;
    }

    private static Command Silence()
    {
        var db = Cli.DbOption();
        var group = Cli.Opt<string?>("--risk-group", "risk group to silence (e.g. heating); omit for all");
        var area = Cli.Opt<string?>("--area", "county or township code; omit for the whole city");
        var hours = Cli.Opt<double>("--hours", "how long", 24);
        var reason = Cli.Required<string>("--reason", "why (kept with the silence)");
        var cmd = new Command("silence",
            "Hold notifications for matching alerts until the silence expires (alerts are still recorded).") { db,
            group, area, hours, reason };
        cmd.SetAction(p => Cli.Run(() =>
        {
            using var warehouse = Cli.OpenExisting(p.GetValue(db)!);
            if (p.GetValue(group) is { } g && !ReferenceData.Default.RiskGroups.Any(r => r.Code == g))
                throw new ArgumentException("unknown risk group "
                    + $"'{g}' (one of: {string.Join(", ", ReferenceData.Default.RiskGroups.Select(r => r.Code))})");
            if (p.GetValue(hours) is <= 0 or > 24 * 90) throw new ArgumentException("--hours must be between "
                + "0 and 2160");
            var now = ChinaClock.System.Now;
            var id = AlertStore.AddSilence(warehouse.Connection, p.GetValue(group), p.GetValue(area),
                p.GetValue(reason)!, now, now.AddHours(p.GetValue(hours)));
            Console.WriteLine($"silence {id} until {now.AddHours(p.GetValue(hours)):yyyy-MM-dd HH:mm}");
            return 0;
        }));
        return cmd;
    }
}
