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
    /// <summary>
    /// Static group membership (KIP-345): a restarted process with the same id gets its partitions back at once,
    /// instead of waiting out the dead member's session. One id per ingesting process (e.g. per warehouse).
    /// </summary>
    public string? InstanceId { get; init; }

    /// <summary>
    /// Which partitions this process reads. Null: every partition of the topic, assigned directly (no group
    /// rebalance: one warehouse has one writer, and a restarted ingest resumes at once from the warehouse's offsets).
    /// A list: exactly those (several processes splitting a topic, each into its own store). <see cref="GroupMode"/>
    /// instead lets the consumer group share the partitions out and move them when a member dies (a standby takes
    /// over).
    /// </summary>
    public IReadOnlyList<int>? Partitions { get; init; }

    /// <summary>
    /// Dynamic group membership (subscribe): partitions move between members; see <see cref="Partitions"/>.
    /// </summary>
    public bool GroupMode { get; init; }

    /// <summary>The static member id of the process that ingests into this warehouse file for this group.</summary>
    public static string InstanceFor(string group, string warehousePath)
    {
        var path = Encoding.UTF8.GetBytes(Path.GetFullPath(warehousePath));
        var hash = System.Security.Cryptography.SHA256.HashData(path);
        return $"{group}-{Convert.ToHexStringLower(hash)[..12]}";
    }
}

/// <summary>
/// Consumes ticket events from Kafka into the warehouse, exactly once. Offsets live in the warehouse
/// (ingest_offsets), written in the same DuckDB transaction as each batch; on start and on every partition
/// assignment the consumer seeks to those offsets, so Kafka's own committed offsets (which we also write,
/// after the DuckDB commit, for lag monitoring) never decide what is read. A crash at any instant leaves either
/// the whole batch with its offsets or neither.
/// </summary>
public sealed class KafkaIngestor(WarehouseDb db, KafkaIngestOptions options, EventParser parser,
    Action<string>? log = null, IngestProgress? progress = null)
{
    /// <summary>Totals (pass one in to keep counting across restarts of the ingestor).</summary>
    public IngestProgress Progress { get; } = progress ?? new();
    /// <summary>Called when the ingest is demonstrably working: partitions assigned, a batch committed, idle.</summary>
    public Action? OnHealthy { get; init; }
    /// <summary>Called when the consumer has nothing to do (a good moment to materialize tickets).</summary>
    public Action? OnIdle { get; init; }

    /// <summary>
    /// Consumes, validates and appends on this thread, message by message, into one open warehouse transaction per
    /// batch (<see cref="EventStore.StreamBatch"/>), as file ingest does; librdkafka fetches ahead on its own threads
    /// meanwhile. A batch of parsed events handed to a commit thread, as this once did, survived garbage collections
    /// on the way and held ingest to a third of the Appender's speed (docs/scaling.md).
    /// </summary>
    public void Run(CancellationToken cancel)
    {
        KafkaPreflight.EnsureReachable(options.Bootstrap, TimeSpan.FromSeconds(5));
        var store = new EventStore(db.Connection, db.PiiSalt(), db.EventIds);
        EventStore.StreamBatch? batch = null;
        var assigned = new HashSet<int>();
        DateTime? assignedAt = null;
        IConsumer<string?, byte[]?>? kafka = null;
        // Set when partitions were lost with a batch open: the batch was rolled back, so the partitions still held
        // must be read again from the warehouse's offsets before anything else is consumed.
        var reread = false;

        // Commits the open batch, if any: one DuckDB transaction with its offsets, then Kafka's informational commit.
        void Commit()
        {
            if (batch is null) return;
            var open = batch;
            batch = null;
            using (open)
            {
                var read = open.Count;
                Progress.Add(open.Commit(), read);
                OnHealthy?.Invoke();
                // Informational only (lag monitoring): resume always reads ingest_offsets.
                var commits = open.NextOffsets.Select(kv =>
                    new TopicPartitionOffset(options.Topic, kv.Key.Partition, kv.Value)).ToList();
                try { kafka?.Commit(commits); }
                catch (KafkaException ex) { log?.Invoke($"kafka offset commit skipped: {ex.Error.Reason}"); }
            }
        }

        var config = new ConsumerConfig
        {
            BootstrapServers = options.Bootstrap,
            GroupId = options.Group,
            GroupInstanceId = options.InstanceId,
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
                Commit();
                // Resume from the warehouse's offsets, not Kafka's: they commit atomically with the data.
                var stored = store.StoredOffsets("kafka", options.Topic);
                foreach (var p in parts) assigned.Add(p.Partition.Value);
                assignedAt ??= DateTime.UtcNow;
                OnHealthy?.Invoke();
                return parts.Select(p => new TopicPartitionOffset(p,
                    stored.TryGetValue(p.Partition.Value, out var next) ? new Offset(next) : Offset.Beginning));
            })
            .SetPartitionsRevokedHandler((c, parts) =>
            {
                // Still the owner during this callback: commit what we hold so the next owner starts after it.
                Commit();
                foreach (var p in parts) assigned.Remove(p.Partition.Value);
            })
            .SetPartitionsLostHandler((c, parts) =>
            {
                // Ownership already gone: committing would race the new owner, so the open batch is rolled back
                // (the new owner reads the lost partitions again) and the partitions still held are re-read.
                if (batch is not null)
                {
                    batch.Dispose();
                    batch = null;
                    reread = true;
                }
                foreach (var p in parts) assigned.Remove(p.Partition.Value);
            })
            .Build();

        kafka = consumer;
        if (options.GroupMode) consumer.Subscribe(options.Topic);
        else AssignDirectly(consumer, store, assigned, cancel);
        if (!options.GroupMode) assignedAt = DateTime.UtcNow;
        var started = DateTime.UtcNow;
        var lastMessage = DateTime.UtcNow;
        var batchStarted = DateTime.UtcNow;
        var idleNotified = false;
        var lastMaintenance = DateTime.UtcNow;
        var lastError = ErrorCode.NoError;
        var lastLag = DateTime.MinValue;
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
                if (reread)
                {
                    // The message in hand is past the rolled-back batch: seek back instead of taking it.
                    reread = false;
                    var stored = store.StoredOffsets("kafka", options.Topic);
                    foreach (var p in assigned)
                        consumer.Seek(new TopicPartitionOffset(options.Topic, p,
                            stored.TryGetValue(p, out var next) ? new Offset(next) : Offset.Beginning));
                    continue;
                }
                var now = DateTime.UtcNow;
                if (now - lastLag >= TimeSpan.FromSeconds(2))
                {
                    Progress.Lag = Lag(consumer, assigned);
                    lastLag = now;
                }
                if (OnIdle is not null && now - lastMaintenance >= options.MaintenanceEvery)
                {
                    Commit();
                    OnIdle();
                    lastMaintenance = now;
                }
                if (msg is not null && !msg.IsPartitionEOF)
                {
                    if (batch is null)
                    {
                        batch = store.Begin();
                        batchStarted = now;
                    }
                    var pos = new SourcePosition("kafka", msg.Topic, msg.Partition.Value, msg.Offset.Value, msg.Topic);
                    batch.Add(parser, new RawInput(msg.Message.Value ?? [], pos));
                    lastMessage = now;
                    idleNotified = false;
                    if (batch.Count >= options.BatchSize) Commit();
                    continue;
                }
                if (batch is not null && now - batchStarted >= options.BatchTime) Commit();
                if (batch is null && !idleNotified && now - lastMessage >= TimeSpan.FromSeconds(1))
                {
                    OnIdle?.Invoke();
                    OnHealthy?.Invoke();
                    idleNotified = true;
                    lastMaintenance = now;
                }
                if (assignedAt is null && now - started > options.AssignmentTimeout)
                    throw new KafkaIngestException($"no partitions of '{options.Topic}' were assigned "
                        + $"within {options.AssignmentTimeout.TotalSeconds:0} s (group '{options.Group}')");
                if (options.UntilIdle is { } idle && assignedAt is { } at && batch is null
                    && now - (lastMessage > at ? lastMessage : at) >= idle)
                    break;
            }
            Commit();
        }
        finally
        {
            // A batch still open here (cancelled mid-batch, or a failure) is rolled back: its offsets were not
            // stored, so the next run reads it again.
            batch?.Dispose();
            consumer.Close();
        }
    }

    /// <summary>
    /// Assigns the partitions this process owns, each at the offset the warehouse stored (waiting for the topic to
    /// exist: producers auto-create it on first write).
    /// </summary>
    private void AssignDirectly(IConsumer<string?, byte[]?> consumer, EventStore store, HashSet<int> assigned,
        CancellationToken cancel)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = options.Bootstrap })
            .SetLogHandler((_, _) => { }).Build();
        List<int> partitions;
        var until = DateTime.UtcNow + options.AssignmentTimeout;
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            if (DateTime.UtcNow > until)
                throw new KafkaIngestException($"topic '{options.Topic}' "
                    + $"(partitions {string.Join(",", options.Partitions ?? [])}) "
                    + $"did not appear within {options.AssignmentTimeout.TotalSeconds:0} s");
            var topic = admin.GetMetadata(options.Topic, TimeSpan.FromSeconds(5)).Topics
                .FirstOrDefault(t => t.Topic == options.Topic);
            var all = topic is { Error.IsError: false } ? topic.Partitions.Select(p => p.PartitionId).ToList() : [];
            partitions = options.Partitions is { } chosen ? chosen.Where(all.Contains).ToList() : all;
            if (partitions.Count > 0
                && (options.Partitions is null || partitions.Count == options.Partitions.Count)) break;
            Thread.Sleep(250);
        }
        var stored = store.StoredOffsets("kafka", options.Topic);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(options.Topic, p,
            stored.TryGetValue(p, out var next) ? new Offset(next) : Offset.Beginning)));
        foreach (var p in partitions) assigned.Add(p);
        OnHealthy?.Invoke();
    }

    /// <summary>Messages in the assigned partitions not read yet (from the consumer's cached watermarks).</summary>
    private long Lag(IConsumer<string?, byte[]?> consumer, HashSet<int> partitions)
    {
        long lag = 0;
        foreach (var p in partitions)
        {
            var tp = new TopicPartition(options.Topic, p);
            var high = consumer.GetWatermarkOffsets(tp).High;
            var position = consumer.Position(tp);
            if (high.IsSpecial || position.IsSpecial) continue;
            lag += Math.Max(0, high.Value - position.Value);
        }
        return lag;
    }
}

public sealed class KafkaIngestException(string message) : Exception(message);
