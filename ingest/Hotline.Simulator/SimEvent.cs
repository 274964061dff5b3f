namespace Hotline.Simulator;

/// <summary>
/// A lifecycle event while the simulator builds it: the fields a non-created event can carry, as a struct so
/// that the many `with` edits while a lifecycle is assembled copy on the stack instead of allocating. Turned
/// into a <see cref="TicketEvent"/> once, at emission, when the ticket id is known (allocation was what bounded
/// the simulator's throughput).
/// </summary>
public readonly record struct SimEvent
{
    public required string Type { get; init; }
    public required DateTime OccurredAt { get; init; }
    public int Seq { get; init; }
    public string? UnitId { get; init; }
    public string? Role { get; init; }
    public string? DeadlineTier { get; init; }
    public DateTime? DueAt { get; init; }
    public string? Category { get; init; }
    public string? Reason { get; init; }
    public DateTime? NewDueAt { get; init; }
    public string? Outcome { get; init; }
    public string? ReplyText { get; init; }
    public string? Satisfaction { get; init; }
    public bool? Resolved { get; init; }
    public string? Level { get; init; }
    public string? Trigger { get; init; }

    public TicketEvent ToEvent(string ticketId, string eventId) => new()
    {
        EventId = eventId, TicketId = ticketId, Type = Type, OccurredAt = OccurredAt, Seq = Seq, UnitId = UnitId,
        Role = Role,
        DeadlineTier = DeadlineTier, DueAt = DueAt, Category = Category, Reason = Reason, NewDueAt = NewDueAt,
        Outcome = Outcome,
        ReplyText = ReplyText, Satisfaction = Satisfaction, Resolved = Resolved, Level = Level, Trigger = Trigger,
    };
}
