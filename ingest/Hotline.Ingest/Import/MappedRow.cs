namespace Hotline.Ingest.Import;

/// <summary>One source row read through the mapping: contract-shaped values, names still as the source wrote them
/// (units, places and types become codes through the city profile).</summary>
public sealed record MappedRow
{
    public required long Number { get; init; }
    public required string SourceId { get; init; }
    public required DateTime Opened { get; init; }
    public string Title { get; init; } = "";
    public string Content { get; init; } = "";
    public string? Caller { get; init; }
    public string Channel { get; init; } = "phone";
    public string RequestType { get; init; } = "complaint";
    public string? District { get; init; }
    public string? Township { get; init; }
    public string? Address { get; init; }
    public double? Lat { get; init; }
    public double? Lon { get; init; }
    public string? Type { get; init; }
    public string? Unit { get; init; }
    public IReadOnlyList<string> Assist { get; init; } = [];
    public string? Department { get; init; }
    public DateTime? Dispatched { get; init; }
    public DateTime? Target { get; init; }
    public DateTime? Replied { get; init; }
    public string? ReplyText { get; init; }
    public DateTime? Closed { get; init; }
    public string? Status { get; init; }
    public bool? OnTime { get; init; }
    public bool Reopened { get; init; }
    public string? Satisfaction { get; init; }
    public string? Outcome { get; init; }
    public bool Confidential { get; init; }
    public string? Tier { get; init; }
}

/// <summary>A row the mapping could not turn into a case, with the reason in words.</summary>
public sealed record RowRejection(long Number, string Code, string Reason);
