using Hotline.Benchmarks;

namespace Hotline.Integration.Tests;

/// <summary>
/// Two minutes of mixed load on one server (Kafka ingest of new simulated days, unit pages, routing, alerts, health,
/// scans every 20 s, the report scheduler every 10 s): no failed request, no problem in the server's log, every
/// event stored exactly once, and the managed heap flat. The 30-minute version is `benchmarks … soak`.
/// </summary>
[Collection("routing")]
public sealed class SoakTests(RoutingWarehouse w)
{
    [Fact]
    public void Two_minutes_of_mixed_load_fail_nothing_lose_nothing_and_keep_memory_flat()
    {
        var seconds = Environment.GetEnvironmentVariable("HOTLINE_SOAK_SECONDS") is { } s
            ? double.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : 120;
        var r = Soak.Run(new SoakOptions
        {
            DbPath = w.TrainedPath, Duration = TimeSpan.FromSeconds(seconds), EventsPerSecond = 250, Clients = 16,
        });
        Assert.True(r.Failed == 0, string.Join("\n", r.FailureSamples));
        Assert.True(r.ServerProblems.Count == 0, string.Join("\n", r.ServerProblems));
        Assert.True(r.Requests > 5_000, $"{r.Requests} requests");
        Assert.True(r.Produced > seconds * 100, $"{r.Produced} events produced");
        Assert.Equal(r.Produced, r.Ingested);
        Assert.Equal(0, r.DeadLetters);
        Assert.Equal(r.EventsExpected, r.EventsStored);
        Assert.True(r.Scans >= 3, $"{r.Scans} scans");
        Assert.True(r.JobRuns >= 1, $"{r.JobRuns} job runs");
        Assert.True(r.ManagedGrowthMb < 60, $"managed heap grew {r.ManagedGrowthMb:0} MB: "
            + string.Join(", ", r.Samples.Select(x => $"{x.Minute:0.0}:{x.ManagedMb:0}")));
    }
}
