using Hotline.Models.Warning;
using Hotline.Models.Warning.Alerts;
using Hotline.Models.Warning.Evaluation;
using Hotline.Models.Warning.Notify;
using Hotline.Models.Warning.Store;

namespace Hotline.Models.Tests.Warning;

/// <summary>
/// The live scan on a simulated warehouse with injected incidents: stored, idempotent, delivered, repeated,
/// acknowledged.
/// </summary>
[Collection("routing")]
public sealed class AlertScanTests(RoutingWarehouse w)
{
    private sealed class Capture : IAlertSink
    {
        public List<AlertChange> Changes { get; } = [];
        public void Deliver(AlertChange change) => Changes.Add(change);
        public void Dispose() { }
    }

    [Fact]
    public void Replay_finds_the_injected_incidents_with_few_false_alerts()
    {
        using var db = WarehouseDb.Open(w.CopyTrained(), [ModelsSchema.Module]);
        var truth = TruthIncident.Read(w.TruthDir);
        var from = RoutingWarehouse.Start.ToDateTime(TimeOnly.MinValue).AddDays(7);
        var to = RoutingWarehouse.Start.ToDateTime(TimeOnly.MinValue).AddDays(RoutingWarehouse.Days);
        var scores = DetectionEvaluation.Score(WarningReplay.Run(db.Connection, from, to), truth, from, to);
        Assert.True(scores.Incidents >= 3, $"only {scores.Incidents} incidents in the window");
        Assert.True(scores.ProbabilityOfDetection >= 0.75, $"detected {scores.Detected}/{scores.Incidents}");
        Assert.True(scores.MedianDelayMinutes <= 180, $"median delay {scores.MedianDelayMinutes} min");
        Assert.True(scores.FalseAlertsPerWeek <= 2, $"{scores.FalseAlertsPerWeek:0.00} false alerts per week");
        Assert.Equal(0, scores.DecoysAlerted);
    }

    [Fact]
    public void Scan_stores_once_delivers_repeats_until_acknowledged()
    {
        using var db = WarehouseDb.Open(w.CopyTrained(), [ModelsSchema.Module]);
        var inc = TruthIncident.Read(w.TruthDir)
            .Where(i => i.Kind == "incident" && i.Start > RoutingWarehouse.Start.ToDateTime(TimeOnly.MinValue)
            .AddDays(7))
            .OrderByDescending(i => i.TicketIds.Count).First();
        var at = inc.End.AddMinutes(30);
        var sink = new Capture();
        var first = WarningScan.Run(db.Connection, at, [sink]);
        var alert = first.Open.FirstOrDefault(a => a.Tickets.Keys.Any(inc.TicketIds.Contains));
        Assert.NotNull(alert);
        Assert.Contains(sink.Changes, c => c.Alert.Id == alert.Id);
        Assert.Equal(1L,
            Sql.Scalar<long>(db.Connection,
            "SELECT count(*) FROM alerts WHERE alert_id = $id AND last_notified_at IS NOT NULL", ("id", alert.Id)));

        // The same scan again: nothing new to store or send.
        var again = WarningScan.Run(db.Connection, at, [sink = new Capture()]);
        Assert.DoesNotContain(again.Fresh, c => c.Change != AlertChangeKind.Repeat);
        Assert.DoesNotContain(sink.Changes, c => c.Alert.Id == alert.Id);

        // Four hours on, unacknowledged and still open: sent again (if it has not resolved meanwhile).
        var later = WarningScan.Run(db.Connection, at.AddHours(4).AddMinutes(10), [sink = new Capture()]);
        if (later.Open.Any(a => a.Id == alert.Id) && alert.Severity >= Severity.Medium)
            Assert.Contains(sink.Changes, c => c.Alert.Id == alert.Id && c.Change == AlertChangeKind.Repeat);

        Assert.True(AlertStore.Acknowledge(db.Connection, alert.Id, at.AddHours(5)));
        WarningScan.Run(db.Connection, at.AddHours(9).AddMinutes(20), [sink = new Capture()]);
        Assert.DoesNotContain(sink.Changes, c => c.Alert.Id == alert.Id && c.Change == AlertChangeKind.Repeat);
        Assert.True(Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM alert_history WHERE alert_id = $id",
            ("id", alert.Id)) >= 1);
        Assert.False(AlertStore.Acknowledge(db.Connection, "AL-nonexistent", at));
    }
}
