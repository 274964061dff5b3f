using System.Diagnostics;
using System.IO.Compression;
using Hotline.Ingest.Sources;
using Hotline.Models.Routing;
using Hotline.Server;
using Xunit.Abstractions;

namespace Hotline.Integration.Tests;

/// <summary>
/// kill -9 of the real CLI where it hurts most: at random moments of a Kafka ingest, inside open DuckDB transactions
/// (a test hook pauses a batch commit after its rows are appended, and the test kills there), inside a
/// materialization chunk, a migration step and a model promotion. Afterwards every source message is in the
/// warehouse exactly once (count, content checksum, one row per Kafka offset, dead letters included), tickets equal
/// a clean run's, migrations and the model registry are whole, and a restarted ingest resumes within seconds.
/// </summary>
public class CrashSafetyTests(ITestOutputHelper output)
{
    private const string Topic = "hotline.ticket-events";
    private const int Partitions = 4; // the mock auto-creates topics with 4
    private const int RandomKills = 12, KillsInTransaction = 5;

    [Fact]
    public void Ingest_killed_at_random_and_inside_open_transactions_holds_every_event_exactly_once()
    {
        var dir = TestData.TempDir("crash");
        var dbPath = Path.Combine(dir, "w.duckdb");
        var events = TestData.Simulate(days: 16, perDay: 2000, seed: 5);
        Assert.True(events.Count >= 180_000, $"only {events.Count} events");
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
        var (randomKills, txKills) = (0, 0);
        ChildProcess? child = null;
        var produced = 0;
        var resumes = new List<double>();
        using var producer = KafkaTestKit.Producer(cluster.BootstrapServers);
        var watch = Stopwatch.StartNew();
        TimeSpan? nextKill = null;
        long committedAtStart = -1;
        var resumed = true;
        while (produced < messages.Count || randomKills < RandomKills || txKills < KillsInTransaction)
        {
            var committed = KafkaTestKit.Committed(cluster.BootstrapServers, group, Topic, Partitions);
            var inTransactionPhase = randomKills >= RandomKills && txKills < KillsInTransaction;
            if (child is null || child.Process.HasExited)
            {
                child?.Dispose();
                // The in-transaction phase: every batch commit pauses after its rows are appended, before COMMIT.
                child = new ChildProcess(output, inTransactionPhase ? "commit:2500" : null,
                    "ingest", "--kafka", cluster.BootstrapServers, "--db", dbPath, "--group", group, "--batch-size",
                        "5000");
                committedAtStart = committed;
                nextKill = null;
                resumed = false;
            }
            if (!resumed && committed > committedAtStart)
            {
                resumed = true;
                // Time to the first commit of a restarted ingest (runs with the commit hook pause on purpose).
                if (!inTransactionPhase) resumes.Add((DateTime.UtcNow - child.StartedAt).TotalSeconds);
            }
            // A steady stream (about 4,000 messages a second) with bounded lag (the mock keeps ~5 MB per partition),
            // so every kill lands while the child has work in hand.
            var target = Math.Min(Math.Min(messages.Count, committed + 20_000), produced + 400);
            for (; produced < target; produced++)
                KafkaTestKit.Produce(producer, Topic, messages[produced].Key, messages[produced].Value);
            producer.Flush(TimeSpan.FromSeconds(30));
            if (inTransactionPhase)
            {
                // Kill while a batch is appended but not committed: the transaction must vanish whole.
                if (resumed && child.WaitFor("hook:commit", TimeSpan.FromSeconds(20)))
                {
                    child.Kill();
                    txKills++;
                    output.WriteLine($"kill {randomKills + txKills} inside an "
                        + $"open transaction, produced {produced:N0}");
                    child = null;
                    continue;
                }
            }
            else if (randomKills < RandomKills)
            {
                // A random kill is armed once the child has committed something, so it lands while it really works.
                if (nextKill is null && resumed) nextKill = watch.Elapsed
                    + TimeSpan.FromSeconds(0.1 + rng.NextDouble());
                if (nextKill is { } at && watch.Elapsed >= at)
                {
                    child.Kill();
                    randomKills++;
                    output.WriteLine($"kill {randomKills} at {watch.Elapsed.TotalSeconds:0.0} "
                        + $"s, produced {produced:N0}, "
                        + $"committed {committed:N0}");
                    child = null;
                    continue;
                }
            }
            Thread.Sleep(100);
            Assert.True(watch.Elapsed < TimeSpan.FromMinutes(9), "crash test took too long");
        }
        child?.Dispose();
        using (var last = new ChildProcess(output, null, "ingest", "--kafka", cluster.BootstrapServers, "--db", dbPath,
            "--group", group, "--batch-size", "5000", "--until-idle", "5"))
            Assert.Equal(0, last.Wait(TimeSpan.FromMinutes(3)));

        output.WriteLine($"{randomKills + txKills} kills ({txKills} inside open transactions); resume after restart: "
            + $"median {resumes.Order().ElementAt(resumes.Count / 2):0.0} s, "
                + $"max {resumes.Max():0.0} s over {resumes.Count}");
        Assert.All(resumes, s => Assert.True(s <= 5, $"a restarted ingest took {s:0.0} s to commit again"));
        using var db = WarehouseDb.Open(dbPath, ServerSchema.AllStages);
        Assert.Equal(events.Count, Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM ticket_events"));
        Assert.Equal(badCount, Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM dead_letters"));
        const string positions = "SELECT source_partition, source_offset FROM ticket_events "
            + "UNION ALL SELECT source_partition, source_offset FROM dead_letters";
        Assert.Equal((long)messages.Count, Sql.Scalar<long>(db.Connection, $"SELECT count(*) FROM ({positions})"));
        Assert.Equal((long)messages.Count,
            Sql.Scalar<long>(db.Connection,
                $"SELECT count(DISTINCT (source_partition, source_offset)) FROM ({positions})"));
        Assert.Equal((long)messages.Count,
            Sql.Scalar<long>(db.Connection, "SELECT sum(next_offset) FROM ingest_offsets WHERE source_kind = 'kafka'"));
        Assert.Equal(Checksum(events), DbChecksum(db));
    }

    [Fact]
    public void A_kill_inside_materialization_leaves_tickets_equal_to_a_clean_run()
    {
        var dir = TestData.TempDir("crash-materialize");
        var file = Path.Combine(dir, "events.jsonl");
        TestData.WriteJsonl(file, TestData.Simulate(days: 6, perDay: 400, seed: 8).Select(EventJson.ToUtf8));
        var clean = Path.Combine(dir, "clean.duckdb");
        var killed = Path.Combine(dir, "killed.duckdb");
        using (var c = new ChildProcess(output, null, "ingest", "--from", file, "--db", clean))
            Assert.Equal(0, c.Wait(TimeSpan.FromMinutes(2)));
        using (var k = new ChildProcess(output, "materialize:5000", "ingest", "--from", file, "--db", killed))
        {
            Assert.True(k.WaitFor("hook:materialize", TimeSpan.FromMinutes(2)), "materialization never started");
            k.Kill();
        }
        using (var again = new ChildProcess(output, null, "ingest", "--from", file, "--db", killed))
            Assert.Equal(0, again.Wait(TimeSpan.FromMinutes(2)));
        Assert.Equal(TicketsChecksum(clean), TicketsChecksum(killed));
    }

    [Fact]
    public void A_kill_inside_a_migration_leaves_an_old_warehouse_that_upgrades_on_the_next_open()
    {
        var dir = TestData.TempDir("crash-migrate");
        var path = Path.Combine(dir, "legacy.duckdb");
        using (var gz = new GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Legacy",
            "main-cd41ea1.duckdb.gz")),
            CompressionMode.Decompress))
        using (var f = File.Create(path)) gz.CopyTo(f);
        using (var k = new ChildProcess(output, "migrate:5000", "stats", "--db", path))
        {
            Assert.True(k.WaitFor("hook:migrate", TimeSpan.FromMinutes(1)), "no migration ran");
            k.Kill();
        }
        using (var s = new ChildProcess(output, null, "stats", "--db", path, "--json"))
            Assert.Equal(0, s.Wait(TimeSpan.FromMinutes(1)));
        using var db = WarehouseDb.Open(path, ServerSchema.AllStages);
        Assert.Equal(4,
            Sql.Scalar<int>(db.Connection, "SELECT max(version) FROM schema_versions WHERE module = 'ingest'"));
        Assert.Equal(5098L, Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM ticket_events"));
    }

    [Fact]
    public void A_kill_during_model_promotion_keeps_the_registry_whole()
    {
        var dir = TestData.TempDir("crash-promote");
        var file = Path.Combine(dir, "events.jsonl");
        TestData.WriteJsonl(file, TestData.Simulate(days: 21, perDay: 150, seed: 12).Select(EventJson.ToUtf8));
        var db = Path.Combine(dir, "w.duckdb");
        using (var i = new ChildProcess(output, null, "ingest", "--from", file, "--db", db))
            Assert.Equal(0, i.Wait(TimeSpan.FromMinutes(2)));
        using (var k = new ChildProcess(output, "promote:5000", "train", "--db", db))
        {
            Assert.True(k.WaitFor("hook:promote", TimeSpan.FromMinutes(3)), "training never reached promotion");
            k.Kill();
        }
        using (var w = WarehouseDb.Open(db, ServerSchema.AllStages))
            Assert.Equal(0L, Sql.Scalar<long>(w.Connection, "SELECT count(*) FROM model_runs"));
        using (var t = new ChildProcess(output, null, "train", "--db", db))
            Assert.Equal(0, t.Wait(TimeSpan.FromMinutes(3)));
        using var after = WarehouseDb.Open(db, ServerSchema.AllStages);
        var registry = new ModelRegistry(after);
        var run = registry.CurrentPromoted(ModelRegistry.Routing)!;
        Assert.Equal(1L, Sql.Scalar<long>(after.Connection, "SELECT count(*) FROM model_runs"));
        Assert.NotNull(RoutingModel.Load(registry.VersionDir(run)).Suggest(new RouteRequest { Content = "路灯坏了" }));
    }

    private static string Line(string eventId, string ticketId, string type, DateTime occurred, string? content,
        string? unit, string? reply) =>
        $"{eventId}|{ticketId}|{type}|{occurred:O}|{content}|{unit}|{reply}";

    /// <summary>Order-independent checksum: sum of 64-bit hashes of each event's content.</summary>
    internal static ulong Checksum(IEnumerable<TicketEvent> events) =>
        events.Aggregate(0UL, (acc, e) => acc
            + Hash(Line(e.EventId, e.TicketId, e.Type, e.OccurredAt, e.Content, e.UnitId, e.ReplyText)));

    internal static ulong DbChecksum(WarehouseDb db) => Sql.Rows(db.Connection,
        "SELECT event_id, ticket_id, type, occurred_at, content, unit_id, reply_text FROM ticket_events",
        r => Hash(Line(r.GetString(0), r.GetString(1), r.GetString(2), r.GetDateTime(3), r.Str(4), r.Str(5), r.Str(6))))
        .Aggregate(0UL, (a, h) => a + h);

    /// <summary>
    /// Every column of every ticket, hashed row by row and summed (order-independent); the phone hash is left out,
    /// since each warehouse salts it with its own secret.
    /// </summary>
    private static (long Rows, ulong Sum) TicketsChecksum(string path)
    {
        using var db = WarehouseDb.Open(path, ServerSchema.AllStages);
        var hashes = Sql.Rows(db.Connection,
            "SELECT CAST(t AS VARCHAR) FROM (SELECT * EXCLUDE (caller_phone_hash) FROM tickets) t", r =>
            Hash(r.GetString(0)));
        return (hashes.Count, hashes.Aggregate(0UL, (a, h) => a + h));
    }

    private static ulong Hash(string s) =>
        BitConverter.ToUInt64(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(s)), 0);
}
