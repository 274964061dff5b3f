using Hotline.Ingest.Sources;
using Hotline.Ingest.Warehouse;

namespace Hotline.Simulator;

/// <summary>What streaming a simulated stretch through Kafka into the warehouse did.</summary>
public sealed record KafkaStreamResult(CitySimulator Simulator, IngestProgress Ingest, double Seconds);

/// <summary>
/// The demo's first step as a library call: simulate a stretch of the city into a Kafka topic while a
/// <see cref="KafkaIngestor"/> consumes it into the warehouse (real protocol, exactly-once path), with the producer
/// never more than <see cref="MaxLag"/> events ahead (librdkafka's mock cluster keeps only ~5 MB per partition).
/// </summary>
public static class KafkaStream
{
    public const long MaxLag = 20_000;

    public static KafkaStreamResult Run(WarehouseDb warehouse, string bootstrap, string topic, string group,
        SimulatorOptions options, TruthRecorder? truth, Action<int>? dayDone, CancellationToken cancel)
    {
        var ingestor = new KafkaIngestor(warehouse,
            new KafkaIngestOptions { Bootstrap = bootstrap, Topic = topic, Group = group },
            new EventParser(ReferenceData.Default.Codes()));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var consumer = Task.Factory.StartNew(() => ingestor.Run(stop.Token), TaskCreationOptions.LongRunning);
        var sim = new CitySimulator(options);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        KafkaSink? sinkRef = null;
        using (var sink = sinkRef = new KafkaSink(bootstrap, topic, backpressure: () =>
               {
                   while (sinkRef!.Produced - Interlocked.Read(ref ingestor.Progress.Read) > MaxLag
                       && !consumer.IsCompleted)
                       Thread.Sleep(20);
                   if (consumer.IsFaulted) consumer.GetAwaiter().GetResult();
               }))
        {
            sim.Run(sink, truth, dayDone, cancel);
            sink.Flush();
            while (Interlocked.Read(ref ingestor.Progress.Read) < sink.Produced
                && !consumer.IsCompleted) Thread.Sleep(50);
        }
        stop.Cancel();
        consumer.GetAwaiter().GetResult();
        return new KafkaStreamResult(sim, ingestor.Progress, watch.Elapsed.TotalSeconds);
    }
}
