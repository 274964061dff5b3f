namespace Hotline.Simulator;

/// <summary>
/// One event's place in the merged stream, ordered by time, then ticket (its ordinal), then position in the ticket's
/// lifecycle (-1 = the created event). The order is total, so the stream does not depend on how it was merged.
/// </summary>
internal readonly struct EventSlot(long ticks, long ordinal, int index, SimTicket ticket) : IComparable<EventSlot>
{
    public long Ticks { get; } = ticks;
    public long Ordinal { get; } = ordinal;
    public int Index { get; } = index;
    public SimTicket Ticket { get; } = ticket;

    public int CompareTo(EventSlot other) =>
        Ticks != other.Ticks ? Ticks.CompareTo(other.Ticks)
        : Ordinal != other.Ordinal ? Ordinal.CompareTo(other.Ordinal)
        : Index.CompareTo(other.Index);

    /// <summary>
    /// Every event of the given tickets, sorted; done by the generating thread so the merge stays cheap.
    /// </summary>
    public static EventSlot[] SortedEventsOf(List<SimTicket> tickets)
    {
        var n = 0;
        foreach (var t in tickets) n += 1 + t.Lifecycle.Count;
        var slots = new EventSlot[n];
        var k = 0;
        foreach (var t in tickets)
        {
            slots[k++] = new EventSlot(t.ReceivedAt.Ticks, t.Ordinal, -1, t);
            for (var i = 0; i < t.Lifecycle.Count; i++) slots[k++] = new EventSlot(t.Lifecycle[i].OccurredAt.Ticks,
                t.Ordinal, i, t);
        }
        Array.Sort(slots);
        return slots;
    }
}

/// <summary>
/// K-way merge of the days' presorted events into one stream in time order: the queue holds one entry per day that
/// still has events, so a step costs log(days in flight) rather than log(events in flight), and the sequential part
/// of the simulator (the merge) does little more than walk arrays.
/// </summary>
internal sealed class DayMerge
{
    private sealed class Cursor(EventSlot[] events)
    {
        public readonly EventSlot[] Events = events;
        public int Next;
    }

    private readonly PriorityQueue<Cursor, EventSlot> _heads = new();

    public void Add(EventSlot[] events)
    {
        if (events.Length > 0) _heads.Enqueue(new Cursor(events), events[0]);
    }

    /// <summary>The next event before <paramref name="boundary"/> (ticks), if any.</summary>
    public bool TryNext(long boundary, out EventSlot next)
    {
        if (!_heads.TryPeek(out var cursor, out next) || next.Ticks >= boundary) return false;
        // Drop the reference as it is consumed, so a ticket is collectable once its last event is out.
        cursor.Events[cursor.Next++] = default;
        if (cursor.Next < cursor.Events.Length) _heads.DequeueEnqueue(cursor, cursor.Events[cursor.Next]);
        else _heads.Dequeue();
        return true;
    }
}
