using Hotline.Jobs.Scheduling;

namespace Hotline.Server.Workers;

/// <summary>
/// The report scheduler inside `hotline serve`: every minute it asks <see cref="JobScheduler"/> which job periods
/// are due (cron, Asia/Shanghai) or were missed while the server was down (within <see cref="ServerOptions.CatchUp"/>),
/// and runs them one at a time on its own connection, writing to &lt;reports&gt;/&lt;job&gt;/&lt;period&gt;/. A failed
/// run is logged and retried at the next tick. With the data clock, "now" is the latest ticket received.
/// </summary>
public sealed class SchedulerWorker(WarehouseDb db, ServerOptions options, Hotline.Ingest.Time.ChinaClock clock,
    Action<string> log) : BackgroundService
{
    public int Runs;
    /// <summary>
    /// A failed run is retried at the next tick, so this stage never gives up; its health says how it goes.
    /// </summary>
    public StageHealth Health { get; } = new("scheduler");

    protected override Task ExecuteAsync(CancellationToken stop) => Task.Factory.StartNew(() =>
    {
        using var conn = db.Connect();
        var runner = new JobRunner(conn, db.Reference, options.Clock);
        var scheduler = new JobScheduler(ReportJobs.All, options.CatchUp);
        var first = true;
        while (!stop.WaitHandle.WaitOne(first ? TimeSpan.FromSeconds(3) : options.ScheduleEvery))
        {
            first = false;
            try
            {
                if (DataClock.Now(clock) is not { } now) continue;
                foreach (var due in scheduler.DueAt(now, runner.Done))
                {
                    if (stop.IsCancellationRequested) break;
                    var period = Jobs.Periods.ReportPeriod.ForCutoff(due.Job.Kind, due.Cutoff).Key;
                    var run = runner.Run(due.Job, due.Cutoff, Path.Combine(options.ReportsDir!, due.Job.Name, period),
                        due.CatchUp ? JobTrigger.CatchUp : JobTrigger.Schedule);
                    Interlocked.Increment(ref Runs);
                    log($"job {run.Job} {run.Period} ({run.Trigger.Code()}): {run.Status.Code()} "
                        + $"— {run.Detail} → {run.OutDir}");
                }
                Health.Succeeded(options.Clock.Now);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log($"scheduled job failed: {ex.GetType().Name}: {ex.Message} (retried at the next tick)");
                Health.Failed(ex, options.Clock.Now, int.MaxValue);
            }
        }
    }, stop, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
