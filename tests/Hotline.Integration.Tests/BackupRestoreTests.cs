using System.Net;
using System.Text.Json;
using Hotline.Ingest.Sources;
using Hotline.Server;

namespace Hotline.Integration.Tests;

/// <summary>
/// A backup taken through the running server while Kafka ingest goes on, restored into a new file, and a server
/// started on the restored file resuming from the backup's offsets: every event exactly once in the end. A damaged
/// warehouse file names the backup to restore.
/// </summary>
public sealed class BackupRestoreTests
{
    private const string Topic = KafkaIngestOptions.DefaultTopic;

    private static Task<ServerHost> Serve(string db, string bootstrap) => ServerHost.StartAsync(new ServerOptions
    {
        DbPath = db, Listen = "http://127.0.0.1:0", Kafka = bootstrap, ScanEvery = TimeSpan.FromHours(1),
        ReportsDir = null, SuggestEvery = TimeSpan.FromSeconds(5),
    }, _ => { });

    private static async Task WaitFor(Func<bool> done, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(90);
        while (!done() && DateTime.UtcNow < until) await Task.Delay(100);
        Assert.True(done(), what);
    }

    [Fact]
    public async Task A_backup_taken_while_serving_restores_and_resumes_kafka_with_nothing_lost_or_doubled()
    {
        var dir = TestData.TempDir("backup");
        var db = Path.Combine(dir, "live", "w.duckdb");
        var key = ServerTestKit.AddKey(db, "centre");
        var events = TestData.Simulate(days: 6, perDay: 600, seed: 14);
        var half = events.Count / 2;
        using var cluster = new MockKafkaCluster();
        using var producer = KafkaTestKit.Producer(cluster.BootstrapServers);
        void Produce(IEnumerable<TicketEvent> batch)
        {
            foreach (var e in batch) KafkaTestKit.Produce(producer, Topic, e.TicketId, EventJson.ToUtf8(e));
            producer.Flush(TimeSpan.FromSeconds(30));
        }

        string backupFolder;
        long atBackup;
        await using (var live = await Serve(db, cluster.BootstrapServers))
        {
            Produce(events.Take(half));
            await WaitFor(() => Interlocked.Read(ref live.Ingest!.Progress.Inserted) >= half, "first half ingested");
            using var http = ServerTestKit.Client(live, key);
            // The second half streams in while the backup is taken.
            var more = Task.Run(() => Produce(events.Skip(half)));
            var res = await http.PostAsync("/v1/backup", null);
            Assert.Equal(HttpStatusCode.Created, res.StatusCode);
            using var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
            backupFolder = doc.RootElement.GetProperty("folder").GetString()!;
            atBackup = doc.RootElement.GetProperty("manifest").GetProperty("rows").GetProperty("ticket_events")
                .GetInt64();
            Assert.True(atBackup >= half);
            await more;
            await WaitFor(() => Interlocked.Read(ref live.Ingest!.Progress.Inserted) == events.Count,
                "all ingested live");
        }

        var restored = Path.Combine(dir, "restored", "w.duckdb");
        var manifest = WarehouseBackup.Restore(backupFolder, restored);
        Assert.Equal(atBackup, manifest.Rows["ticket_events"]);
        using (var check = WarehouseDb.Open(restored, ServerSchema.AllStages))
            Assert.Equal(atBackup, Sql.Scalar<long>(check.Connection, "SELECT count(*) FROM ticket_events"));

        await using (var resumed = await Serve(restored, cluster.BootstrapServers))
            await WaitFor(() => Interlocked.Read(ref resumed.Ingest!.Progress.Read) >= events.Count - atBackup,
                "the restored warehouse caught up from the backup's offsets");

        using var after = WarehouseDb.Open(restored, ServerSchema.AllStages);
        Assert.Equal(events.Count, Sql.Scalar<long>(after.Connection, "SELECT count(*) FROM ticket_events"));
        Assert.Equal(events.Count,
            Sql.Scalar<long>(after.Connection, "SELECT count(DISTINCT event_id) FROM ticket_events"));
        Assert.Equal(events.Count, Sql.Scalar<long>(after.Connection,
            "SELECT sum(next_offset) FROM ingest_offsets WHERE source_kind = 'kafka'"));
        Assert.Equal(events.Select(e => e.EventId).Order(StringComparer.Ordinal),
            Sql.Rows(after.Connection, "SELECT event_id FROM ticket_events",
                r => r.GetString(0)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_damaged_warehouse_file_names_the_backup_to_restore()
    {
        var dir = TestData.TempDir("damaged");
        var db = Path.Combine(dir, "w.duckdb");
        var file = Path.Combine(dir, "events.jsonl");
        TestData.WriteJsonl(file, TestData.Simulate(days: 2, perDay: 200, seed: 2).Select(EventJson.ToUtf8));
        string backup;
        using (var w = WarehouseDb.Open(db, ServerSchema.AllStages))
        {
            new FileIngestor(w, new EventParser(ReferenceData.Default.Codes())).Run(file);
            backup = WarehouseBackup.NewFolder(db, new DateTime(2026, 1, 2, 3, 4, 5));
            WarehouseBackup.Create(w.Connection, db, backup, new DateTime(2026, 1, 2, 3, 4, 5));
            Sql.Execute(w.Connection, "CHECKPOINT");
        }
        var bytes = File.ReadAllBytes(db);
        File.WriteAllBytes(db, bytes[..(bytes.Length / 3)]);
        var ex = Assert.Throws<WarehouseDamagedException>(() => WarehouseDb.Open(db, ServerSchema.AllStages));
        Assert.Contains($"hotline restore --from {backup}", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
