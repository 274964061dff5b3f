using Confluent.Kafka;

namespace Hotline.Ingest.Sources;

public sealed record KafkaIngestOptions
{
    public const string DefaultTopic = "hotline.ticket-events";
    public required string Bootstrap { get; init; }
    public string Topic { get; init; } = DefaultTopic;
    public string Group { get; init; } = "hotline-ingest";
    public int BatchSize { get; init; } = 20_000;
    public TimeSpan BatchTime { get; init; } = TimeSpan.FromMilliseconds(500);
    /// <summary>
    /// Stop after this long without messages (counted from partition assignment); null runs until cancelled.
    /// </summary>
    public TimeSpan? UntilIdle { get; init; }
    /// <summary>
    /// Under a continuous stream the consumer is never idle: run the idle hook at least this often anyway.
    /// </summary>
    public TimeSpan MaintenanceEvery { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>How long to wait for a partition assignment before giving up.</summary>
    public TimeSpan AssignmentTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Consumes ticket events from Kafka into the warehouse, exactly once. Offsets live in the warehouse
/// (ingest_offsets), written in the same DuckDB transaction as each batch; on start and on every partition
/// assignment the consumer seeks to those offsets, so Kafka's own committed offsets (which we also write,
/// after the DuckDB commit, for lag monitoring) never decide what is read. A crash at any instant leaves either
/// the whole batch with its offsets or neither.
/// </summary>
public sealed class KafkaIngestor(WarehouseDb db, KafkaIngestOptions options, EventParser parser,
    Action<string>? log = null)
{
    public IngestProgress Progress { get; } = new();
    /// <summary>Called when the consumer has nothing to do (a good moment to materialize tickets).</summary>
    public Action? OnIdle { get; init; }

    public void Run(CancellationToken cancel)
    {
        KafkaPreflight.EnsureReachable(options.Bootstrap, TimeSpan.FromSeconds(5));
        var store = new EventStore(db.Connection, db.PiiSalt(), db.EventIds);
        var builder = new BatchBuilder(parser);
        var pending = new List<RawInput>(options.BatchSize);
        var assigned = new HashSet<int>();
        DateTime? assignedAt = null;
        IConsumer<string?, byte[]?>? kafka = null;
        using var committer = new BatchCommitter(store, Progress, batch =>
        {
            // Informational only (lag monitoring): resume always reads ingest_offsets.
            var commits = batch.NextOffsets.Select(kv =>
                new TopicPartitionOffset(options.Topic, kv.Key.Partition, kv.Value)).ToList();
            try { kafka?.Commit(commits); }
            catch (KafkaException ex)
            {
                log?.Invoke("kafka offset "
                + $"commit skipped: {ex.Error.Reason}");
            }
        });

        // Validates what is pending and hands it to the commit thread; consuming goes on meanwhile.
        void Flush()
        {
            if (pending.Count == 0) return;
            var batch = new IngestBatch();
            builder.Fill(batch, pending);
            committer.Submit(batch, pending.Count);
            pending = new List<RawInput>(options.BatchSize);
        }

        var config = new ConsumerConfig
        {
            BootstrapServers = options.Bootstrap,
            GroupId = options.Group,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            AllowAutoCreateTopics = true,
            // A crashed ingest's partitions are reassigned after this long; 10 s keeps restarts quick.
            SessionTimeoutMs = 10_000,
            HeartbeatIntervalMs = 2_000,
            FetchMaxBytes = 64 * 1024 * 1024,
            MaxPartitionFetchBytes = 8 * 1024 * 1024,
            QueuedMaxMessagesKbytes = 256 * 1024,
        };
        using var consumer = new ConsumerBuilder<string?, byte[]?>(config)
            .SetErrorHandler((_, e) =>
            {
                log?.Invoke($"kafka: {e.Reason}");
                if (e.IsFatal) throw new KafkaException(e);
            })
            .SetPartitionsAssignedHandler((c, parts) =>
            {
                committer.Drain();
                // Resume from the warehouse's offsets, not Kafka's: they commit atomically with the data.
                var stored = store.StoredOffsets("kafka", options.Topic);
                foreach (var p in parts) assigned.Add(p.Partition.Value);
                assignedAt ??= DateTime.UtcNow;
                return parts.Select(p => new TopicPartitionOffset(p,
                    stored.TryGetValue(p.Partition.Value, out var next) ? new Offset(next) : Offset.Beginning));
            })
            .SetPartitionsRevokedHandler((c, parts) =>
            {
                // Still the owner during this callback: commit what we hold so the next owner starts after it.
                Flush();
                committer.Drain();
                foreach (var p in parts) assigned.Remove(p.Partition.Value);
            })
            .SetPartitionsLostHandler((c, parts) =>
            {
                // Ownership already gone: committing would race the new owner, so drop those messages (a batch
                // already handed to the commit thread still lands; event-id dedup absorbs a re-read of it).
                var lost = parts.Select(p => p.Partition.Value).ToHashSet();
                pending.RemoveAll(r => lost.Contains(r.Position.Partition));
                foreach (var p in lost) assigned.Remove(p);
            })
            .Build();

        kafka = consumer;
        consumer.Subscribe(options.Topic);
        var started = DateTime.UtcNow;
        var lastMessage = DateTime.UtcNow;
        var batchStarted = DateTime.UtcNow;
        var idleNotified = false;
        var lastMaintenance = DateTime.UtcNow;
        var lastError = ErrorCode.NoError;
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                ConsumeResult<string?, byte[]?>? msg;
                try
                {
                    msg = consumer.Consume(TimeSpan.FromMilliseconds(100));
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    // E.g. the topic does not exist yet: keep waiting for it (auto-creation or first produce).
                    if (ex.Error.Code != lastError) log?.Invoke($"kafka: {ex.Error.Reason} (waiting)");
                    lastError = ex.Error.Code;
                    Thread.Sleep(200);
                    continue;
                }
                var now = DateTime.UtcNow;
                if (OnIdle is not null && now - lastMaintenance >= options.MaintenanceEvery)
                {
                    Flush();
                    committer.Drain();
                    OnIdle();
                    lastMaintenance = now;
                }
                if (msg is not null && !msg.IsPartitionEOF)
                {
                    if (pending.Count == 0) batchStarted = now;
                    var pos = new SourcePosition("kafka", msg.Topic, msg.Partition.Value, msg.Offset.Value, msg.Topic);
                    pending.Add(new RawInput(msg.Message.Value ?? [], pos));
                    lastMessage = now;
                    idleNotified = false;
                    if (pending.Count >= options.BatchSize) Flush();
                    continue;
                }
                if (pending.Count > 0 && now - batchStarted >= options.BatchTime) Flush();
                if (pending.Count == 0 && !idleNotified && now - lastMessage >= TimeSpan.FromSeconds(1))
                {
                    committer.Drain();
                    OnIdle?.Invoke();
                    idleNotified = true;
                    lastMaintenance = now;
                }
                if (assignedAt is null && now - started > options.AssignmentTimeout)
                    throw new KafkaIngestException($"no partitions of '{options.Topic}' were assigned "
                        + $"within {options.AssignmentTimeout.TotalSeconds:0} s (group '{options.Group}')");
                if (options.UntilIdle is { } idle && assignedAt is { } at && pending.Count == 0
                    && now - (lastMessage > at ? lastMessage : at) >= idle)
                    break;
            }
            Flush();
            committer.Drain();
        }
        finally
        {
            committer.Drain(rethrow: false);
            consumer.Close();
        }
    }
}

public sealed class KafkaIngestException(string message) : Exception(message);
