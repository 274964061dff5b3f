namespace Hotline.Ingest.Sources;

/// <summary>Where one input came from: a Kafka partition offset, or a line/row of a file.</summary>
/// <param name="Kind">'kafka' or 'file'.</param>
/// <param name="Source">Kafka topic, or 'sha256:…' of the file's content (so a renamed file still resumes).</param>
/// <param name="Label">Human-readable origin for dead letters: the topic or the file path.</param>
public readonly record struct SourcePosition(string Kind, string Source, int Partition, long Offset, string Label);

public sealed record DeadLetter(SourcePosition Position, Rejection Rejection, byte[] Raw);

/// <summary>
/// What one warehouse transaction writes when the events come already parsed (imports, Open311): events, dead
/// letters, and for each source partition the next offset to read. Committing all three atomically is what makes
/// ingest exactly-once across crashes. Files and Kafka stream raw inputs into an open transaction instead
/// (<see cref="EventStore.StreamBatch"/>), under the same rule.
/// </summary>
public sealed class IngestBatch
{
    public List<(TicketEvent Event, SourcePosition Position)> Events { get; } = [];
    public List<DeadLetter> DeadLetters { get; } = [];
    public Dictionary<(string Kind, string Source, int Partition), long> NextOffsets { get; } = [];
    public int Count => Events.Count + DeadLetters.Count;

    public void Advance(SourcePosition p) => Advance(NextOffsets, p);

    /// <summary>The next offset of <paramref name="p"/>'s partition moves past it (never back).</summary>
    public static void Advance(Dictionary<(string Kind, string Source, int Partition), long> offsets,
        SourcePosition p)
    {
        var key = (p.Kind, p.Source, p.Partition);
        if (!offsets.TryGetValue(key, out var next) || p.Offset + 1 > next) offsets[key] = p.Offset + 1;
    }

    public void Clear()
    {
        Events.Clear();
        DeadLetters.Clear();
        NextOffsets.Clear();
    }
}
