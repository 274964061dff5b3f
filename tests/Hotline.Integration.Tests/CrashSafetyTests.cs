using System.Diagnostics;
using Hotline.Ingest.Sources;
using Xunit.Abstractions;

namespace Hotline.Integration.Tests;

/// <summary>
/// The real ingest, as a child process, consuming from the mock cluster while this test produces; the child
/// is SIGKILLed at random moments and restarted. Afterwards every source message must be in the warehouse
/// exactly once: events (count, content checksum, one row per Kafka offset) and dead letters alike (dead
/// letters have no key to deduplicate on, so a replayed offset would show up as a duplicate).
/// </summary>
public class CrashSafetyTests(ITestOutputHelper output)
{
    private const string Topic = "hotline.ticket-events";
    private const int Partitions = 4; // the mock auto-creates topics with 4

    [Fact]
    public void Ingest_killed_at_random_moments_holds_every_event_exactly_once()
    {
        var dir = TestData.TempDir("crash");
        var dbPath = Path.Combine(dir, "w.duckdb");
        // ≥ 200k events: ~36k tickets over 18 days.
        var events = TestData.Simulate(days: 18, perDay: 2000, seed: 5);
        Assert.True(events.Count >= 200_000, $"only {events.Count} events");
        var messages = new List<(string Key, byte[] Value)>(events.Count + events.Count / 500);
        for (var i = 0; i < events.Count; i++)
        {
            messages.Add((events[i].TicketId, EventJson.ToUtf8(events[i])));
            if (i % 500 == 250) messages.Add(("bad", Encoding.UTF8.GetBytes($"{{\"broken\": {i}")));
        }
        var badCount = messages.Count - events.Count;

        using var cluster = new MockKafkaCluster();
        const string group = "crash-test";
        var rng = new Random(42);
        var kills = 0;
        Process? child = null;
        var produced = 0;
        using var producer = KafkaTestKit.Producer(cluster.BootstrapServers);
        var watch = Stopwatch.StartNew();
        // A kill is armed only once the current child has committed something, so every kill lands while it
        // is really consuming and writing (not while it waits for its partition assignment).
        TimeSpan? nextKill = null;
        long committedAtStart = -1;
        while (produced < messages.Count || kills < 5)
        {
            var committed = KafkaTestKit.Committed(cluster.BootstrapServers, group, Topic, Partitions);
            if (child is null || child.HasExited)
            {
                child = StartIngest(cluster.BootstrapServers, dbPath, group, untilIdle: null);
                committedAtStart = committed;
                nextKill = null;
            }
            // Bounded lag: the mock keeps ~5 MB per partition.
            var target = Math.Min(messages.Count, committed + 20_000);
            for (; produced < target; produced++) KafkaTestKit.Produce(producer, Topic, messages[produced].Key,
                messages[produced].Value);
            producer.Flush(TimeSpan.FromSeconds(30));
            if (nextKill is null && committed > committedAtStart && kills < 5)
                nextKill = watch.Elapsed + TimeSpan.FromSeconds(0.2 + rng.NextDouble() * 2.5);
            if (nextKill is { } at && watch.Elapsed >= at)
            {
                child.Kill(); // SIGKILL: no flush, no cleanup
                child.WaitForExit();
                kills++;
                output.WriteLine($"kill {kills} at {watch.Elapsed.TotalSeconds:0.0} s, "
                    + $"produced {produced:N0}, committed {committed:N0}");
                child = null;
            }
            Thread.Sleep(100);
            Assert.True(watch.Elapsed < TimeSpan.FromMinutes(8), "crash test took too long");
        }
        if (child is { HasExited: false }) { child.Kill(); child.WaitForExit(); }
        // Final run to completion.
        var last = StartIngest(cluster.BootstrapServers, dbPath, group, untilIdle: 5);
        Assert.True(last.WaitForExit(TimeSpan.FromMinutes(3)), "final ingest did not finish");
        Assert.Equal(0, last.ExitCode);
        Assert.True(kills >= 5);

        using var db = WarehouseDb.Open(dbPath, Hotline.Server.ServerSchema.AllStages);
        Assert.Equal(events.Count, Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM ticket_events"));
        Assert.Equal(badCount, Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM dead_letters"));
        Assert.Equal((long)messages.Count,
            Sql.Scalar<long>(db.Connection,
            "SELECT count(*) FROM (SELECT source_partition, source_offset FROM ticket_events "
                + "UNION ALL SELECT source_partition, source_offset FROM dead_letters)"));
        Assert.Equal((long)messages.Count,
            Sql.Scalar<long>(db.Connection,
            "SELECT count(DISTINCT (source_partition, source_offset)) FROM (SELECT "
                + "source_partition, source_offset FROM ticket_events UNION ALL SELECT "
                + "source_partition, source_offset FROM dead_letters)"));
        Assert.Equal((long)messages.Count,
            Sql.Scalar<long>(db.Connection, "SELECT sum(next_offset) FROM ingest_offsets WHERE source_kind = 'kafka'"));
        Assert.Equal(Checksum(events), DbChecksum(db));
    }

    private Process StartIngest(string bootstrap, string dbPath, string group, double? untilIdle)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "hotline.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "ingest", "--kafka", bootstrap, "--db", dbPath, "--group", group,
            "--batch-size", "5000" }) psi.ArgumentList.Add(a);
        if (untilIdle is { } s)
        {
            psi.ArgumentList.Add("--until-idle");
            psi.ArgumentList.Add(s.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) output.WriteLine($"[ingest] {e.Data}"); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.WriteLine($"[ingest!] {e.Data}"); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static string Line(string eventId, string ticketId, string type, DateTime occurred, string? content,
        string? unit, string? reply) =>
        $"{eventId}|{ticketId}|{type}|{occurred:O}|{content}|{unit}|{reply}";

    /// <summary>Order-independent checksum: sum of 64-bit hashes of each event's content.</summary>
    private static ulong Checksum(IEnumerable<TicketEvent> events) =>
        events.Aggregate(0UL, (acc, e) => acc
            + Hash(Line(e.EventId, e.TicketId, e.Type, e.OccurredAt, e.Content, e.UnitId, e.ReplyText)));

    private static ulong DbChecksum(WarehouseDb db)
    {
        using var cmd = db.Connection.CreateCommand();
        cmd.CommandText = "SELECT event_id, ticket_id, type, occurred_at, "
            + "content, unit_id, reply_text FROM ticket_events";
        using var r = cmd.ExecuteReader();
        var acc = 0UL;
        while (r.Read())
            acc += Hash(Line(r.GetString(0), r.GetString(1), r.GetString(2), r.GetDateTime(3), r.IsDBNull(4) ? null
                : r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)));
        return acc;
    }

    private static ulong Hash(string s) =>
        BitConverter.ToUInt64(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(s)), 0);
}
