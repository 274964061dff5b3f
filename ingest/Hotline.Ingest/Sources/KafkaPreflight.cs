using Confluent.Kafka;

namespace Hotline.Ingest.Sources;

/// <summary>
/// librdkafka retries an unreachable broker forever; users need a clear error within seconds instead.
/// </summary>
public static class KafkaPreflight
{
    public static void EnsureReachable(string bootstrap, TimeSpan timeout)
    {
        var config = new AdminClientConfig
        {
            BootstrapServers = bootstrap,
            SocketTimeoutMs = (int)timeout.TotalMilliseconds,
            // Keep librdkafka's connection-refused chatter off the console; the exception says it once.
            LogConnectionClose = false,
        };
        using var admin = new AdminClientBuilder(config).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { })
            .Build();
        try
        {
            var meta = admin.GetMetadata(timeout);
            if (meta.Brokers.Count == 0) throw new KafkaIngestException($"Kafka at {bootstrap} answered "
                + "with no brokers");
        }
        catch (KafkaException ex)
        {
            throw new KafkaIngestException($"cannot reach Kafka at {bootstrap} "
                + $"within {timeout.TotalSeconds:0} s ({ex.Error.Reason})");
        }
    }
}
