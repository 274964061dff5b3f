using Confluent.Kafka;

namespace Hotline.Simulator;

/// <summary>
/// Produces events to Kafka, key = ticket id (so one ticket's events stay in order in one partition).
/// <paramref name="backpressure"/> lets a caller hold the producer back when the consumer lags, which the
/// librdkafka mock cluster needs (it keeps only a few MB per partition).
/// </summary>
public sealed class KafkaSink(string bootstrap, string topic, Action? backpressure = null) : IEventSink, IDisposable
{
    private readonly IProducer<string, byte[]> _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
    {
        BootstrapServers = bootstrap,
        EnableIdempotence = true,
        LingerMs = 20,
        BatchSize = 1_000_000,
        CompressionType = CompressionType.Lz4,
        QueueBufferingMaxMessages = 500_000,
    }).Build();
    private Error? _error;
    public long Produced { get; private set; }

    public void Write(TicketEvent e)
    {
        if (_error is { } err) throw new KafkaException(err);
        if ((Produced & 1023) == 0) backpressure?.Invoke();
        var value = EventJson.ToUtf8(e);
        while (true)
        {
            try
            {
                _producer.Produce(topic, new Message<string, byte[]> { Key = e.TicketId, Value = value }, r =>
                {
                    if (r.Error.IsError) _error ??= r.Error;
                });
                break;
            }
            catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
        Produced++;
    }

    public void Flush()
    {
        _producer.Flush(TimeSpan.FromMinutes(2));
        if (_error is { } err) throw new KafkaException(err);
    }

    public void Dispose() => _producer.Dispose();
}
