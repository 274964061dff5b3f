using Hotline.Ingest.Contract;
using Hotline.Ingest.Sources;

namespace Hotline.Server.Workers;

/// <summary>
/// The Kafka → warehouse ingest inside `hotline serve`, exactly once, materializing tickets as it goes.
/// </summary>
public sealed class IngestWorker(WarehouseDb db, string bootstrap, ServerOptions options, Action<string> log)
    : BackgroundService
{
    public IngestProgress? Progress { get; private set; }

    protected override Task ExecuteAsync(CancellationToken stop) => Task.Factory.StartNew(() =>
    {
        var materializer = new TicketMaterializer(db.Connection);
        var ingestor = new KafkaIngestor(db, new KafkaIngestOptions
        {
            Bootstrap = bootstrap, Topic = options.Topic, Group = options.Group,
            // Keep the tickets table (and so the repeat check and stats) within seconds of the stream.
            MaintenanceEvery = TimeSpan.FromSeconds(10), AssignmentTimeout = TimeSpan.FromDays(3650),
        }, new EventParser(ReferenceData.Default.Codes()), log)
        { OnIdle = () => materializer.Run() };
        Progress = ingestor.Progress;
        try
        {
            ingestor.Run(stop);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log($"ingest stopped: {ex.GetType().Name}: {ex.Message}");
            throw;
        }
    }, stop, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
