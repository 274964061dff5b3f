namespace Hotline.Ingest.Contract;

/// <summary>
/// One ticket lifecycle event, flat: the common header plus the fields of every type (null where a type
/// does not use them). Flat because the warehouse stores events in one wide append-only table and the
/// JSON contract is flat too (docs/events.md).
/// </summary>
public sealed record TicketEvent
{
    // Header, on every event.
    public int SchemaVersion { get; init; } = EventTypes.SchemaVersion;
    public required string EventId { get; init; }
    public required string Type { get; init; }
    public required string TicketId { get; init; }
    /// <summary>Local Asia/Shanghai wall time (UTC+08:00, no DST); the offset is normalised on parse.</summary>
    public required DateTime OccurredAt { get; init; }
    /// <summary>Per-ticket sequence from the source system; breaks ties between equal occurred_at.</summary>
    public int? Seq { get; init; }

    // created
    public DateTime? ReceivedAt { get; init; }
    public string? Channel { get; init; }
    public string? RequestType { get; init; }
    public string? Title { get; init; }
    public string? Content { get; init; }
    public string? CallerId { get; init; }
    public string? CallerKind { get; init; }
    /// <summary>Accepted on input only; never stored (see <see cref="Privacy.PhoneProtector"/>).</summary>
    public string? CallerPhone { get; init; }
    public string? CallerPhoneHash { get; init; }
    public string? CallerPhoneMasked { get; init; }
    public string? District { get; init; }
    public string? Township { get; init; }
    public string? Address { get; init; }
    public double? Lat { get; init; }
    public double? Lon { get; init; }
    public bool? Confidential { get; init; }
    public string? Category { get; init; }

    // dispatched, signed, returned, replied (unit); dispatched (role, tier, due)
    public string? UnitId { get; init; }
    public string? Role { get; init; }
    public string? DeadlineTier { get; init; }
    public DateTime? DueAt { get; init; }

    // returned, extended, reopened, terminated
    public string? Reason { get; init; }
    // extended
    public DateTime? NewDueAt { get; init; }

    // replied
    public string? Outcome { get; init; }
    public string? ReplyText { get; init; }

    // callback
    public string? Satisfaction { get; init; }
    public bool? Resolved { get; init; }

    // supervised
    public string? Level { get; init; }
    public string? Trigger { get; init; }
}
