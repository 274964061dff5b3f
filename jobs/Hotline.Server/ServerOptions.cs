namespace Hotline.Server;

public sealed record ServerOptions
{
    /// <summary>China time for audit rows, keys and defaults; with <see cref="DataClock"/> the scans and the scheduler
    /// read the data clock instead (see <see cref="Workers.DataClock"/>).</summary>
    public ChinaClock Clock { get; init; } = ChinaClock.System;
    public required string DbPath { get; init; }
    /// <summary>A failing stage retries with backoff from this delay; after this many failures in a row it gives up
    /// and the server exits non-zero (see <see cref="Workers.StageHealth"/>).</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);
    public int MaxStageFailures { get; init; } = 10;
    /// <summary>Requests without a valid key allowed per remote address and minute (then 429).</summary>
    public int FailedAuthPerMinute { get; init; } = Access.ApiAccess.FailedAuthPerMinute;
    /// <summary>Tickets the units' view keeps in memory (older pages are read from the warehouse).</summary>
    public int UnitViewCapacity { get; init; } = Jobs.Sharing.UnitTicketIndex.DefaultCapacity;
    /// <summary>Kestrel URL; port 0 picks a free port (tests).</summary>
    public string Listen { get; init; } = "http://127.0.0.1:8080";
    /// <summary>
    /// Kafka bootstrap servers; "embedded" starts a librdkafka mock cluster in-process; null: no ingest.
    /// </summary>
    public string? Kafka { get; init; }
    public string Topic { get; init; } = Ingest.Sources.KafkaIngestOptions.DefaultTopic;
    public string Group { get; init; } = "hotline-serve";
    /// <summary>Only these partitions (null: all of them, assigned directly); see KafkaIngestOptions.</summary>
    public IReadOnlyList<int>? Partitions { get; init; }
    /// <summary>Dynamic consumer-group membership (for a standby server that takes over).</summary>
    public bool GroupMode { get; init; }
    /// <summary>How often new tickets get routing suggestions and the registry is checked for a newer model.</summary>
    public TimeSpan SuggestEvery { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>How often the early-warning scan runs.</summary>
    public TimeSpan ScanEvery { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>Scan "now" = the latest ticket received, for replaying a simulated past through the server.</summary>
    public bool DataClock { get; init; }
    public Uri? AlertWebhook { get; init; }
    /// <summary>
    /// Where scheduled reports go: &lt;ReportsDir&gt;/&lt;job&gt;/&lt;period&gt;/. Null: no scheduler.
    /// </summary>
    public string? ReportsDir { get; init; }
    /// <summary>A Parquet lake to keep current (Hive-partitioned city/date); null: none.</summary>
    public string? LakeDir { get; init; }
    /// <summary>How often the lake is brought up to date (only the days whose tickets changed are rewritten).</summary>
    public TimeSpan LakeEvery { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>How often the scheduler looks for due or missed job periods.</summary>
    public TimeSpan ScheduleEvery { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>How far back missed runs are caught up after downtime.</summary>
    public TimeSpan CatchUp { get; init; } = TimeSpan.FromDays(35);
    /// <summary>
    /// Requests per minute per API key on the data-sharing endpoints (routing is not limited: dispatch must not stall).
    /// </summary>
    public int RequestsPerMinute { get; init; } = 600;
}
