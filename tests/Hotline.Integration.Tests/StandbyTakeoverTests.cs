using System.Diagnostics;
using Hotline.Ingest.Sources;
using Hotline.Server;
using Xunit.Abstractions;

namespace Hotline.Integration.Tests;

/// <summary>
/// High availability on the mock Kafka cluster with the real CLI: an active `hotline serve` ingests while a
/// `serve --standby` waits on the same warehouse; the active is killed with -9 in the middle of the stream, the
/// standby takes over within 10 s and ingests the rest, and every event is in the warehouse exactly once (count, one
/// row per Kafka offset, content checksum).
/// </summary>
public class StandbyTakeoverTests(ITestOutputHelper output)
{
    private const string Topic = "hotline.ticket-events";
    private const string Group = "hotline-serve";
    private const int Partitions = 4; // the mock auto-creates topics with 4

    [Fact]
    public void A_standby_takes_over_a_killed_server_within_ten_seconds_and_nothing_is_lost_or_doubled()
    {
        var dir = TestData.TempDir("standby");
        var db = Path.Combine(dir, "w.duckdb");
        var events = TestData.Simulate(days: 6, perDay: 1500, seed: 9);
        using var cluster = new MockKafkaCluster();
        using var producer = KafkaTestKit.Producer(cluster.BootstrapServers);
        void Produce(int from, int to)
        {
            for (var i = from; i < to; i++)
                KafkaTestKit.Produce(producer, Topic, events[i].TicketId, KafkaTestKit.Bytes(events[i]));
            producer.Flush(TimeSpan.FromSeconds(30));
        }
        long Committed() => KafkaTestKit.Committed(cluster.BootstrapServers, Group, Topic, Partitions);
        bool Until(Func<bool> done, TimeSpan timeout)
        {
            var until = DateTime.UtcNow + timeout;
            while (!done() && DateTime.UtcNow < until) Thread.Sleep(100);
            return done();
        }

        var third = events.Count / 3;
        Produce(0, third);
        string[] serve = ["serve", "--kafka", cluster.BootstrapServers, "--db", db, "--group", Group,
            "--listen", "http://127.0.0.1:0", "--reports", "none"];
        using var active = new ChildProcess(output, null, serve);
        Assert.True(active.WaitFor("ingesting Kafka", TimeSpan.FromSeconds(90)), "the active server did not start");
        using var standby = new ChildProcess(output, null, [.. serve, "--standby"]);
        Assert.True(standby.WaitFor("standby:", TimeSpan.FromSeconds(60)), "the standby did not stand by");
        Assert.True(Until(() => Committed() >= third, TimeSpan.FromSeconds(90)), "the active did not ingest");
        Produce(third, 2 * third);
        Assert.True(Until(() => Committed() > third, TimeSpan.FromSeconds(30)));

        var beforeKill = Committed();
        var clock = Stopwatch.StartNew();
        active.Kill();
        Assert.True(standby.WaitFor("ingesting Kafka", TimeSpan.FromSeconds(60)), "the standby did not take over");
        var ready = clock.Elapsed;
        Produce(2 * third, events.Count);
        Assert.True(Until(() => Committed() > beforeKill, TimeSpan.FromSeconds(60)), "the standby did not commit");
        var committing = clock.Elapsed;
        Assert.True(Until(() => Committed() == events.Count, TimeSpan.FromMinutes(2)),
            $"committed {Committed():N0} of {events.Count:N0}");
        output.WriteLine($"takeover: serving {ready.TotalSeconds:0.0} s after kill -9, first commit at "
            + $"{committing.TotalSeconds:0.0} s; {events.Count:N0} events, {beforeKill:N0} committed by the active");
        standby.Kill(); // everything is committed: a kill now loses nothing either

        Assert.True(ready <= TimeSpan.FromSeconds(10), $"the standby took {ready.TotalSeconds:0.0} s to take over");
        using var w = WarehouseDb.Open(db, ServerSchema.AllStages);
        Assert.Equal(events.Count, Sql.Scalar<long>(w.Connection, "SELECT count(*) FROM ticket_events"));
        Assert.Equal(events.Count, Sql.Scalar<long>(w.Connection,
            "SELECT count(DISTINCT (source_partition, source_offset)) FROM ticket_events"));
        Assert.Equal(CrashSafetyTests.Checksum(events), CrashSafetyTests.DbChecksum(w));
    }
}
