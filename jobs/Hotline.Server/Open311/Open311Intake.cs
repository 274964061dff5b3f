using Confluent.Kafka;
using Hotline.Ingest.Contract;

namespace Hotline.Server.Open311;

/// <summary>
/// Hands an accepted submission to the same Kafka topic every other source writes, so it reaches the warehouse
/// through the one ingest path (validation again, exactly-once, dead letters, phone hashing) and in order with the
/// ticket's later events. A request is answered "created" only after the broker acknowledged it (acks=all,
/// idempotent producer): what a client was told is accepted survives a crash of this server.
/// </summary>
public sealed class Open311Intake(string bootstrap, string topic) : IDisposable
{
    private readonly IProducer<string, byte[]> _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
    {
        BootstrapServers = bootstrap,
        EnableIdempotence = true,
        Acks = Acks.All,
        // A client waits for the answer; a broker that cannot take the event in this time gets a 503, not a hang.
        MessageTimeoutMs = 10_000,
        LingerMs = 0,
    }).Build();

    /// <summary>Null when the broker has the event; otherwise why not (nothing was accepted).</summary>
    public async Task<string?> SubmitAsync(TicketEvent e, CancellationToken cancel)
    {
        try
        {
            var r = await _producer.ProduceAsync(topic,
                new Message<string, byte[]> { Key = e.TicketId, Value = EventJson.ToUtf8(e) }, cancel);
            return r.Status == PersistenceStatus.Persisted ? null : $"the stream did not confirm ({r.Status})";
        }
        catch (ProduceException<string, byte[]> ex)
        {
            return ex.Error.Reason;
        }
        catch (KafkaException ex)
        {
            return ex.Error.Reason;
        }
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
