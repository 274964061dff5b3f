namespace Hotline.Ingest.Sources;

/// <summary>One undecoded input: the bytes as received and where they came from.</summary>
public readonly record struct RawInput(byte[] Bytes, SourcePosition Position);

/// <summary>
/// Validates raw inputs into a batch. Parsing is the CPU-heavy step, so large batches are parsed in parallel;
/// results keep input order so offsets and dead letters stay aligned with the source.
/// </summary>
public sealed class BatchBuilder(EventParser parser)
{
    private ParseOutcome[] _outcomes = [];

    public void Fill(IngestBatch batch, IReadOnlyList<RawInput> inputs)
    {
        if (_outcomes.Length < inputs.Count) _outcomes = new ParseOutcome[Math.Max(inputs.Count, 1024)];
        var outcomes = _outcomes;
        if (inputs.Count >= 4096)
            Parallel.For(0, inputs.Count, i => outcomes[i] = parser.Parse(inputs[i].Bytes));
        else
            for (var i = 0; i < inputs.Count; i++) outcomes[i] = parser.Parse(inputs[i].Bytes);
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var o = outcomes[i];
            if (o.Event is { } e) batch.Events.Add((e, input.Position));
            else batch.DeadLetters.Add(new DeadLetter(input.Position, o.Rejection!, input.Bytes));
            batch.Advance(input.Position);
            outcomes[i] = default;
        }
    }
}
