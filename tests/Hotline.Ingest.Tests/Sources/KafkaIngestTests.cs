using Hotline.Ingest.Sources;

namespace Hotline.Ingest.Tests.Sources;

public class KafkaIngestTests
{
    [Fact]
    public async Task Events_flow_from_the_mock_cluster_into_the_warehouse_with_bad_ones_dead_lettered()
    {
        var dir = TestData.TempDir("kafka");
        using var cluster = new MockKafkaCluster();
        const string topic = "hotline.ticket-events";
        var events = TestData.Simulate(days: 2, perDay: 500);
        using var db = WarehouseDb.Open(Path.Combine(dir, "w.duckdb"));
        var ingestor = new KafkaIngestor(db, new KafkaIngestOptions
        {
            Bootstrap = cluster.BootstrapServers, Topic = topic, BatchSize = 2000, UntilIdle = TimeSpan.FromSeconds(3),
        }, new EventParser(ReferenceData.Default.Codes()));
        // Produce while the consumer runs, as the mock cluster keeps only a few MB per partition.
        var consumer = Task.Run(() => ingestor.Run(CancellationToken.None));
        using (var p = KafkaTestKit.Producer(cluster.BootstrapServers))
        {
            foreach (var e in events) KafkaTestKit.Produce(p, topic, e.TicketId, KafkaTestKit.Bytes(e));
            KafkaTestKit.Produce(p, topic, "x", Encoding.UTF8.GetBytes("garbage"));
            KafkaTestKit.Produce(p, topic, "y", []);
            p.Flush(TimeSpan.FromSeconds(30));
        }
        await consumer.WaitAsync(TimeSpan.FromMinutes(2));
        new TicketMaterializer(db.Connection).Run();

        var stats = WarehouseStats.Read(db);
        Assert.Equal(events.Count, stats.Events);
        Assert.Equal(2, stats.DeadLetters);
        Assert.Equal(events.Select(e => e.TicketId).Distinct().Count(), stats.Tickets);
        Assert.Equal(events.Count + 2,
            Sql.Scalar<long>(db.Connection, "SELECT sum(next_offset) FROM ingest_offsets WHERE source_kind = 'kafka'"));
        Assert.Equal(1L,
            Sql.Scalar<long>(db.Connection,
            "SELECT count(*) FROM dead_letters WHERE topic = $t AND reason_code = 'not_json' AND "
                + "decode(raw) = 'garbage'", ("t", topic)));
    }

    [Fact]
    public void An_unreachable_broker_fails_fast_with_a_clear_message()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var ex = Assert.Throws<KafkaIngestException>(() =>
            KafkaPreflight.EnsureReachable("127.0.0.1:1", TimeSpan.FromSeconds(3)));
        Assert.Contains("cannot reach Kafka", ex.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15));
    }
}
