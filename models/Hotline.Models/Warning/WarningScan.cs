using Hotline.Models.Warning.Notify;
using Hotline.Models.Warning.Store;

namespace Hotline.Models.Warning;

/// <summary>
/// One live scan at time <c>asOf</c>: recompute alert state from the tickets of the last
/// <see cref="Replay"/> (plus the detectors' 28-day baseline), store what changed, notify the sinks of new changes.
/// Recomputing instead of carrying state between scans makes a scan idempotent and a restart harmless.
/// </summary>
public static class WarningScan
{
    public static readonly TimeSpan Replay = TimeSpan.FromDays(7);
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan RepeatInterval = TimeSpan.FromHours(4);

    /// <summary>
    /// Changes: all recomputed; Fresh: stored for the first time (or, with sinks, delivered now, repeats included).
    /// </summary>
    public sealed record Result(List<AlertChange> Changes, List<AlertChange> Fresh, IReadOnlyCollection<Alert> Open);

    public static Result Run(DuckDBConnection conn, DateTime asOf, IReadOnlyList<IAlertSink> sinks,
        ReferenceData? reference = null)
    {
        // Replay from a fixed midnight (and from the opening of any alert still open), so successive scans rebuild
        // the same alerts with the same fingerprints instead of re-opening them under new ids.
        var from = (asOf - Replay).Date;
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT min(opened_at) FROM alerts WHERE status <> 'resolved'";
            if (cmd.ExecuteScalar() is DateTime open && open - Step < from) from = Align(open) - Step;
        }
        var tickets = WarningData.Load(conn, from - WindowCountDetector.Baseline - TimeSpan.FromDays(3), asOf);
        var engine = new WarningEngine(reference ?? ReferenceData.Default);
        engine.Alerts.Silences.AddRange(AlertStore.Silences(conn));
        var changes = engine.Run(tickets, from, asOf, Step);
        var fresh = AlertStore.Save(conn, changes);
        if (sinks.Count == 0) return new Result(changes, fresh, engine.Alerts.Open);
        var delivered = new List<AlertChange>();
        foreach (var c in fresh.Where(c => c.Status != AlertStatus.Silenced))
        {
            foreach (var s in sinks) s.Deliver(c);
            AlertStore.MarkNotified(conn, c.Alert, asOf);
            delivered.Add(c);
        }
        // Alertmanager's repeat_interval: an open alert nobody acknowledged is sent again.
        foreach (var a in engine.Alerts.Open.Where(a => a.Status == AlertStatus.Firing && a.AcknowledgedAt is null
            && a.Severity >= Severity.Medium
                     && a.LastNotifiedAt is { } last && asOf - last >= RepeatInterval))
        {
            var repeat = new AlertChange(a, AlertChangeKind.Repeat, asOf);
            foreach (var s in sinks) s.Deliver(repeat);
            AlertStore.MarkNotified(conn, a, asOf);
            delivered.Add(repeat);
        }
        return new Result(changes, delivered, engine.Alerts.Open);
    }

    /// <summary>Scan times fall on a fixed 10-minute grid, so two scans recompute identical states.</summary>
    public static DateTime Align(DateTime t) => new(t.Ticks - t.Ticks % Step.Ticks, t.Kind);
}
