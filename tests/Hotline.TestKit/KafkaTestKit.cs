using Confluent.Kafka;
using Hotline.Ingest.Contract;

namespace Hotline.TestKit;

/// <summary>Producing to, and reading progress from, the librdkafka mock cluster in tests.</summary>
public static class KafkaTestKit
{
    public static IProducer<string, byte[]> Producer(string bootstrap) =>
        new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap, LingerMs = 5, EnableIdempotence = true, CompressionType = CompressionType.Lz4,
        }).Build();

    public static void Produce(IProducer<string, byte[]> p, string topic, string key, byte[] value) =>
        p.Produce(topic, new Message<string, byte[]> { Key = key, Value = value });

    public static byte[] Bytes(TicketEvent e) => EventJson.ToUtf8(e);

    /// <summary>Sum of the group's committed offsets (written by the ingest after each warehouse commit).</summary>
    public static long Committed(string bootstrap, string group, string topic, int partitions)
    {
        using var c = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = group
        }).Build();
        var tps = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToList();
        try
        {
            return c.Committed(tps, TimeSpan.FromSeconds(5)).Sum(o => o.Offset.Value < 0 ? 0 : o.Offset.Value);
        }
        catch (KafkaException)
        {
            return 0;
        }
    }
}
