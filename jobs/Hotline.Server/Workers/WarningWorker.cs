using Hotline.Models.Warning;
using Hotline.Models.Warning.Notify;

namespace Hotline.Server.Workers;

/// <summary>
/// The early-warning scan inside `hotline serve`, every <see cref="ServerOptions.ScanEvery"/> (10 minutes): alerts go
/// to the alerts table, Kafka topic hotline.alerts (when the server ingests from Kafka) and the webhook, if set.
/// With <see cref="ServerOptions.DataClock"/> the scan's "now" is the latest ticket received (for replaying a
/// simulated past through the server); otherwise it is the wall clock in China time.
/// </summary>
public sealed class WarningWorker(WarehouseDb db, ServerOptions options, Hotline.Ingest.Time.ChinaClock clock,
    string? kafka, Action<string> log) : BackgroundService
{
    public int Scans;
    /// <summary>A failed scan is retried at the next one (a scan recomputes from the tickets), so this stage never
    /// gives up; its health says when it last scanned.</summary>
    public StageHealth Health { get; } = new("warnings");
    public int Delivered;

    protected override Task ExecuteAsync(CancellationToken stop) => Task.Factory.StartNew(() =>
    {
        using var conn = db.Connect();
        var sinks = new List<IAlertSink>();
        if (kafka is not null) sinks.Add(new KafkaAlertSink(kafka));
        if (options.AlertWebhook is { } url) sinks.Add(new WebhookAlertSink(url, log));
        try
        {
            while (!stop.WaitHandle.WaitOne(Scans == 0 && options.ScanEvery > TimeSpan.FromSeconds(5)
                ? TimeSpan.FromSeconds(5) : options.ScanEvery))
            {
                try
                {
                    if (DataClock.Now(clock) is not { } now) continue;
                    var r = WarningScan.Run(conn, now, sinks, db.Reference);
                    Interlocked.Increment(ref Scans);
                    Interlocked.Add(ref Delivered, r.Fresh.Count);
                    Health.Succeeded(options.Clock.Now);
                    foreach (var c in r.Fresh.Where(c => c.Severity >= Severity.Medium))
                        log($"alert {c.Change.Code()}: [{c.Severity.Code()}] {c.Alert.Title} ({c.Alert.Id})");
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log($"early-warning scan failed: {ex.GetType().Name}: {ex.Message} (retried at the next scan)");
                    Health.Failed(ex, options.Clock.Now, int.MaxValue);
                }
            }
        }
        finally
        {
            foreach (var s in sinks) s.Dispose();
        }
    }, stop, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
