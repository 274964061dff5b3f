using Hotline.Ingest.Contract;
using Hotline.Ingest.Sources;

namespace Hotline.Server.Workers;

/// <summary>
/// The Kafka → warehouse ingest inside `hotline serve`, exactly once, materializing tickets as it goes. No input can
/// stop it (the parser dead-letters whatever it cannot accept); a failure of Kafka or the warehouse is retried with
/// backoff from the warehouse's own offsets (<see cref="StageLoop"/>), nothing lost or read twice.
/// </summary>
public sealed class IngestWorker(WarehouseDb db, string bootstrap, ServerOptions options, Action<string> log,
    Action<string, int> giveUp, UnitTicketIndex? unitView = null) : BackgroundService
{
    public IngestProgress Progress { get; } = new();
    public StageHealth Health { get; } = new("ingest");

    protected override Task ExecuteAsync(CancellationToken stop) => Task.Factory.StartNew(() =>
        StageLoop.Run(Health, options, log, giveUp, stop, () =>
        {
            var materializer = new TicketMaterializer(db.Connection)
            {
                Changed = unitView is null ? null : ids => unitView.Refresh(db.Connection, ids),
            };
            var ingestor = new KafkaIngestor(db, new KafkaIngestOptions
            {
                Bootstrap = bootstrap, Topic = options.Topic, Group = options.Group,
                Partitions = options.Partitions, GroupMode = options.GroupMode,
                InstanceId = KafkaIngestOptions.InstanceFor(options.Group, db.Path),
                // Keep the tickets table (and so the repeat check and stats) within seconds of the stream.
                MaintenanceEvery = TimeSpan.FromSeconds(10), AssignmentTimeout = TimeSpan.FromDays(3650),
            }, new EventParser(db.Reference.Codes(), options.Clock), log, Progress)
            {
                OnIdle = () => materializer.Run(),
                OnHealthy = () => Health.Succeeded(options.Clock.Now),
            };
            ingestor.Run(stop);
        }), stop, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
