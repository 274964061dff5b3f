using System.Text.Json;
using Confluent.Kafka;
using Hotline.Ingest.Contract;

namespace Hotline.Simulator;

/// <summary>Writes events as JSON lines (UTF-8, LF), byte-stable for the determinism check.</summary>
public sealed class JsonlSink : IEventSink, IDisposable
{
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _writer;

    public JsonlSink(Stream stream)
    {
        _stream = stream;
        _writer = new Utf8JsonWriter(stream, EventJson.WriterOptions);
    }

    public static JsonlSink Create(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        return new JsonlSink(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20));
    }

    public void Write(TicketEvent e)
    {
        EventJson.Write(_writer, e);
        _writer.Flush();
        _writer.Reset();
        _stream.WriteByte((byte)'\n');
    }

    public void Dispose()
    {
        _writer.Dispose();
        _stream.Dispose();
    }
}

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
