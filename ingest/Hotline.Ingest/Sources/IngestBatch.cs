namespace Hotline.Ingest.Sources;

/// <summary>Where one input came from: a Kafka partition offset, or a line/row of a file.</summary>
/// <param name="Kind">'kafka' or 'file'.</param>
/// <param name="Source">Kafka topic, or 'sha256:…' of the file's content (so a renamed file still resumes).</param>
/// <param name="Label">Human-readable origin for dead letters: the topic or the file path.</param>
public readonly record struct SourcePosition(string Kind, string Source, int Partition, long Offset, string Label);

public sealed record DeadLetter(SourcePosition Position, Rejection Rejection, byte[] Raw);

/// <summary>
/// What one warehouse transaction writes: events, dead letters, and for each source partition the next offset to
/// read. Committing all three atomically is what makes ingest exactly-once across crashes. Events come either
/// already parsed (<see cref="Events"/>: imports, Open311) or as raw inputs (<see cref="Raw"/>: files, Kafka), which
/// the store validates while it appends them, so a parsed event lives only from its parse to its append.
/// </summary>
public sealed class IngestBatch
{
    public List<(TicketEvent Event, SourcePosition Position)> Events { get; } = [];
    public List<DeadLetter> DeadLetters { get; } = [];
    public Dictionary<(string Kind, string Source, int Partition), long> NextOffsets { get; } = [];
    /// <summary>Inputs still to validate, in source order, and the parser that validates them.</summary>
    public IReadOnlyList<RawInput> Raw { get; private set; } = [];
    public EventParser? Parser { get; private set; }
    public int Count => Events.Count + DeadLetters.Count + Raw.Count;

    /// <summary>
    /// A batch of raw inputs, validated on commit. Parsing there, not on the reading thread, is what made ingest
    /// fast: a batch of parsed events handed between threads survived two garbage collections on its way to the
    /// Appender, and on two cores that copying cost more than the parse and the insert together (docs/scaling.md).
    /// </summary>
    public static IngestBatch FromRaw(EventParser parser, IReadOnlyList<RawInput> inputs)
    {
        var batch = new IngestBatch { Raw = inputs, Parser = parser };
        foreach (var input in inputs) batch.Advance(input.Position);
        return batch;
    }

    public void Advance(SourcePosition p)
    {
        var key = (p.Kind, p.Source, p.Partition);
        if (!NextOffsets.TryGetValue(key, out var next) || p.Offset + 1 > next) NextOffsets[key] = p.Offset + 1;
    }

    public void Clear()
    {
        Events.Clear();
        DeadLetters.Clear();
        Raw = [];
        NextOffsets.Clear();
    }
}
