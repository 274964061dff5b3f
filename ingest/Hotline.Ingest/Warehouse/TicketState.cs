namespace Hotline.Ingest.Warehouse;

/// <summary>
/// The current state of one ticket, folded from its events in lifecycle order. A pure function of the event
/// set: <see cref="Fold"/> sorts by (occurred_at, seq, type rank, event_id) itself, so arrival order never
/// matters.
/// </summary>
public sealed class TicketState
{
    public required string TicketId { get; init; }
    public TicketEvent? Created { get; private set; }
    public string? Category { get; private set; }
    public string Status { get; private set; } = "unknown";
    public string? LeadUnit { get; private set; }
    public List<string> AssistUnits { get; } = [];
    public string? DeadlineTier { get; private set; }
    public DateTime? DueAt { get; private set; }
    public int DispatchCount { get; private set; }
    public int ReturnCount { get; private set; }
    public int ExtensionCount { get; private set; }
    public int ReopenCount { get; private set; }
    public int SupervisionCount { get; private set; }
    public DateTime? FirstDispatchedAt { get; private set; }
    public DateTime? FirstSignedAt { get; private set; }
    public DateTime? FirstRepliedAt { get; private set; }
    public DateTime? LastRepliedAt { get; private set; }
    public string? LastOutcome { get; private set; }
    public string? Satisfaction { get; private set; }
    public bool? Resolved { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public int EventCount { get; private set; }
    public DateTime LastEventAt { get; private set; }

    /// <summary>A reply came after the deadline in force (extensions included).</summary>
    public bool RepliedLate => FirstRepliedAt is { } r && DueAt is { } d && r > d;

    public double? MinutesToSign => FirstSignedAt is { } s && FirstDispatchedAt is { } d ? (s - d).TotalMinutes : null;
    public double? HoursToReply => FirstRepliedAt is { } r && Created?.ReceivedAt is { } c ? (r - c).TotalHours : null;

    public static int Compare(TicketEvent a, TicketEvent b)
    {
        var c = a.OccurredAt.CompareTo(b.OccurredAt);
        if (c != 0) return c;
        c = (a.Seq ?? int.MaxValue).CompareTo(b.Seq ?? int.MaxValue);
        if (c != 0) return c;
        c = EventTypes.Rank(a.Type).CompareTo(EventTypes.Rank(b.Type));
        return c != 0 ? c : string.CompareOrdinal(a.EventId, b.EventId);
    }

    public static TicketState Fold(string ticketId, List<TicketEvent> events)
    {
        events.Sort(Compare);
        var s = new TicketState { TicketId = ticketId };
        foreach (var e in events) s.Apply(e);
        return s;
    }

    private void Apply(TicketEvent e)
    {
        EventCount++;
        LastEventAt = e.OccurredAt;
        switch (e.Type)
        {
            case EventTypes.Created:
                Created = e;
                Category ??= e.Category;
                if (Status == "unknown") Status = "received";
                break;
            case EventTypes.Dispatched:
                DispatchCount++;
                FirstDispatchedAt ??= e.OccurredAt;
                if (e.Category is not null) Category = e.Category;
                if (e.Role == "lead")
                {
                    LeadUnit = e.UnitId;
                    AssistUnits.Remove(e.UnitId!);
                    DeadlineTier = e.DeadlineTier;
                    DueAt = e.DueAt;
                }
                else if (!AssistUnits.Contains(e.UnitId!) && e.UnitId != LeadUnit) AssistUnits.Add(e.UnitId!);
                if (!IsFinal) Status = "dispatched";
                break;
            case EventTypes.Signed:
                FirstSignedAt ??= e.OccurredAt;
                if (Status is "dispatched" or "reopened") Status = "signed";
                break;
            case EventTypes.Returned:
                ReturnCount++;
                if (e.UnitId == LeadUnit)
                {
                    LeadUnit = null;
                    if (!IsFinal) Status = "returned";
                }
                else AssistUnits.Remove(e.UnitId!);
                break;
            case EventTypes.Extended:
                ExtensionCount++;
                DueAt = e.NewDueAt;
                break;
            case EventTypes.Replied:
                FirstRepliedAt ??= e.OccurredAt;
                LastRepliedAt = e.OccurredAt;
                LastOutcome = e.Outcome;
                if (!IsFinal) Status = "replied";
                break;
            case EventTypes.Callback:
                Satisfaction = e.Satisfaction;
                Resolved = e.Resolved;
                if (!IsFinal) Status = "callback_done";
                break;
            case EventTypes.Reopened:
                ReopenCount++;
                Status = "reopened";
                ClosedAt = null;
                break;
            case EventTypes.Supervised:
                SupervisionCount++;
                break;
            case EventTypes.Terminated:
                Status = "terminated";
                ClosedAt = e.OccurredAt;
                break;
            case EventTypes.Closed:
                Status = "closed";
                ClosedAt = e.OccurredAt;
                break;
        }
    }

    private bool IsFinal => Status is "closed" or "terminated";
}
