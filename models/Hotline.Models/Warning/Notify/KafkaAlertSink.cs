using Confluent.Kafka;

namespace Hotline.Models.Warning.Notify;

/// <summary>
/// Kafka topic hotline.alerts, keyed by alert id so one alert's changes stay in order on one partition.
/// </summary>
public sealed class KafkaAlertSink(string bootstrap, string topic = KafkaAlertSink.DefaultTopic) : IAlertSink
{
    public const string DefaultTopic = "hotline.alerts";
    private readonly IProducer<string, string> _producer = new ProducerBuilder<string, string>(new ProducerConfig
    {
        BootstrapServers = bootstrap, EnableIdempotence = true, Acks = Acks.All,
    }).Build();

    public void Deliver(AlertChange change) =>
        _producer.Produce(topic,
            new Message<string, string>
            {
                Key = change.Alert.Id,
                Value = JsonSerializer.Serialize(AlertCard.Document(change.Alert, change.Change))
            });

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(30));
        _producer.Dispose();
    }
}
