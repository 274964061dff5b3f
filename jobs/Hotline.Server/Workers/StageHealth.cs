using System.Text.Json.Serialization;

namespace Hotline.Server.Workers;

/// <summary>What a stage of the server is doing: serving, retrying after a failure, or given up.</summary>
[JsonConverter(typeof(SnakeCaseEnum<StageState>))]
public enum StageState { Starting, Running, Failing, Stopped }

/// <summary>
/// One background stage's health, as `/healthz` reports it: its state, when it last did its work, and the last error.
/// A stage that fails retries with backoff (state Failing); after <see cref="ServerOptions.MaxStageFailures"/>
/// failures in a row it gives up (Stopped), and the server shuts down with a non-zero exit code, so a supervisor
/// restarts it instead of leaving a process that answers HTTP while its ingest is dead.
/// </summary>
public sealed class StageHealth(string name)
{
    private readonly Lock _lock = new();
    public string Name { get; } = name;
    public StageState State { get; private set; } = StageState.Starting;
    public DateTime? LastSuccessAt { get; private set; }
    public DateTime? LastErrorAt { get; private set; }
    public string? LastError { get; private set; }
    public int ConsecutiveFailures { get; private set; }

    public void Succeeded(DateTime now)
    {
        lock (_lock)
        {
            State = StageState.Running;
            LastSuccessAt = now;
            ConsecutiveFailures = 0;
        }
    }

    /// <summary>Records a failure; true when the stage has now failed too often in a row to go on.</summary>
    public bool Failed(Exception error, DateTime now, int maxFailures)
    {
        lock (_lock)
        {
            LastErrorAt = now;
            LastError = $"{error.GetType().Name}: {error.Message.Split('\n')[0]}";
            ConsecutiveFailures++;
            State = ConsecutiveFailures >= maxFailures ? StageState.Stopped : StageState.Failing;
            return State == StageState.Stopped;
        }
    }

    public bool Healthy => State is StageState.Starting or StageState.Running;

    public object Report(IReadOnlyDictionary<string, object?>? extra = null)
    {
        lock (_lock)
        {
            var d = new Dictionary<string, object?>
            {
                ["state"] = State, ["last_success_at"] = LastSuccessAt, ["last_error_at"] = LastErrorAt,
                ["last_error"] = LastError, ["consecutive_failures"] = ConsecutiveFailures,
            };
            foreach (var (k, v) in extra ?? new Dictionary<string, object?>()) d[k] = v;
            return d;
        }
    }
}

/// <summary>
/// The retry policy every stage shares: run a round; on failure wait 1, 2, 4 … 30 s and try again; give up after
/// <see cref="ServerOptions.MaxStageFailures"/> failures in a row (the host then stops with exit code 70).
/// </summary>
public static class StageLoop
{
    public static void Run(StageHealth health, ServerOptions options, Action<string> log, Action<string, int> giveUp,
        CancellationToken stop, Action round)
    {
        var backoff = options.FirstRetryDelay;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                round();
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                var stopped = health.Failed(ex, options.Clock.Now, options.MaxStageFailures);
                log($"{health.Name} failed ({health.ConsecutiveFailures} in a row): {ex.GetType().Name}: {ex.Message}"
                    + (stopped ? " — giving up" : $" — retrying in {backoff.TotalSeconds:0.#} s"));
                if (stopped) { giveUp(health.Name, 70); return; }
                if (stop.WaitHandle.WaitOne(backoff)) return;
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }
}
