using Hotline.Models.Routing;

namespace Hotline.Server.Workers;

/// <summary>
/// Streaming mode of the dispatch assistant inside `hotline serve`: picks up a newly promoted model, and writes a
/// route_suggestions row for every created ticket the ingest has committed (on its own DuckDB connection).
/// </summary>
public sealed class SuggestionWorker(WarehouseDb db, ServingModel serving, TimeSpan every, ChinaClock clock,
    Action<string> log)
    : BackgroundService
{
    public long Written;
    /// <summary>
    /// A failed round is retried at the next one, so this stage never gives up; its health says how it goes.
    /// </summary>
    public StageHealth Health { get; } = new("suggestions");

    protected override Task ExecuteAsync(CancellationToken stop) => Task.Factory.StartNew(() =>
    {
        using var conn = db.Connect();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (serving.Refresh()) log($"routing model {serving.Current!.Run.Version} loaded (unit "
                    + $"top-1 {serving.Current.Run.PrimaryMetric:P1} on its test window)");
                if (serving.Current is { } m)
                {
                    var writer = new RouteSuggestionWriter(conn, m.Model, m.Run.Version);
                    int n;
                    while ((n = writer.Run(m.Run.TrainedTo ?? DateTime.MinValue, 20_000)) > 0
                        && !stop.IsCancellationRequested)
                        Interlocked.Add(ref Written, n);
                }
                Health.Succeeded(clock.Now);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed round (e.g. a write conflict) is retried next round; the anti-join makes that safe.
                log($"routing suggestions: {ex.GetType().Name}: {ex.Message}");
                Health.Failed(ex, clock.Now, int.MaxValue);
            }
            stop.WaitHandle.WaitOne(every);
        }
    }, stop, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
