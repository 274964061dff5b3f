using Confluent.Kafka;

namespace Hotline.Ingest.Sources;

/// <summary>
/// librdkafka's built-in mock cluster (test.mock.num.brokers): real Kafka protocol on loopback, no broker to
/// install. It lives as long as the holder client created here; real producers and consumers connect to its
/// <see cref="BootstrapServers"/>. For demos and tests only: it keeps a few MB per partition, so producers
/// must not run far ahead of consumers. Topics are auto-created with 4 partitions (the mock
/// does not serve CreateTopics from clients).
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private readonly IAdminClient _holder;
    public string BootstrapServers { get; }

    public MockKafkaCluster(int brokers = 1)
    {
        var config = new AdminClientConfig { BootstrapServers = "localhost:1" };
        config.Set("test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _holder = new AdminClientBuilder(config).SetLogHandler((_, _) => { }).Build();
        var meta = _holder.GetMetadata(TimeSpan.FromSeconds(10));
        if (meta.Brokers.Count == 0) throw new InvalidOperationException("the librdkafka mock cluster did not start");
        BootstrapServers = string.Join(',', meta.Brokers.Select(b => $"{b.Host}:{b.Port}"));
    }

    public void Dispose() => _holder.Dispose();
}
