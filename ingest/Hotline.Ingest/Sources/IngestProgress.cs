namespace Hotline.Ingest.Sources;

/// <summary>Running totals of one ingest run, for progress display and the final summary.</summary>
public sealed class IngestProgress
{
    public long Read;
    public long Inserted;
    public long Duplicates;
    public long DeadLetters;
    public long Batches;

    public void Add(Warehouse.CommitResult r, int read)
    {
        Interlocked.Add(ref Read, read);
        Interlocked.Add(ref Inserted, r.Inserted);
        Interlocked.Add(ref Duplicates, r.Duplicates);
        Interlocked.Add(ref DeadLetters, r.DeadLetters);
        Interlocked.Increment(ref Batches);
    }

    public override string ToString() =>
        $"read {Read:N0}, stored {Inserted:N0}, duplicates ignored {Duplicates:N0}, dead letters {DeadLetters:N0}";
}
