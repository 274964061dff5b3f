using Hotline.Jobs.Lake;

namespace Hotline.Server.Workers;

/// <summary>
/// Keeps the Parquet lake (`serve --lake`) current: every <see cref="ServerOptions.LakeEvery"/> it exports the days
/// whose tickets changed since the last export (<see cref="LakeWriter"/>), on its own connection. The lake is the
/// writer's copy for readers elsewhere (a province's engines), so a failed export is logged and tried again at the
/// next tick; nothing in the centre waits for it.
/// </summary>
public sealed class LakeWorker(WarehouseDb db, ServerOptions options, Action<string> log) : BackgroundService
{
    public StageHealth Health { get; } = new("lake");
    public int Exports;

    protected override Task ExecuteAsync(CancellationToken stop) => Task.Factory.StartNew(() =>
    {
        using var conn = db.Connect();
        var first = true;
        while (!stop.WaitHandle.WaitOne(first ? TimeSpan.FromSeconds(5) : options.LakeEvery))
        {
            first = false;
            try
            {
                var e = LakeWriter.Export(conn, options.LakeDir!);
                Interlocked.Increment(ref Exports);
                if (e.DaysWritten + e.DaysRemoved > 0)
                    log($"lake {e.Root}: {e.DaysWritten} days written ({e.TicketRows:N0} tickets), "
                        + $"{e.DaysRemoved} removed, in {e.Took.TotalSeconds:0.0} s");
                Health.Succeeded(options.Clock.Now);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log($"lake export failed: {ex.GetType().Name}: {ex.Message} (tried again at the next tick)");
                Health.Failed(ex, options.Clock.Now, int.MaxValue);
            }
        }
    }, stop, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
