namespace Hotline.Ingest.Sources;

/// <summary>Running totals of one ingest run, for progress display and the final summary.</summary>
public sealed class IngestProgress
{
    public long Read;
    public long Inserted;
    public long Duplicates;
    public long DeadLetters;
    public long Batches;
    /// <summary>Messages waiting in Kafka (assigned partitions), refreshed every few seconds; 0 for files.</summary>
    public long Lag;
    /// <summary>When the last batch was committed (UTC ticks; 0 before the first).</summary>
    public long LastCommitTicks;

    public void Add(Warehouse.CommitResult r, int read)
    {
        Interlocked.Add(ref Read, read);
        Interlocked.Add(ref Inserted, r.Inserted);
        Interlocked.Add(ref Duplicates, r.Duplicates);
        Interlocked.Add(ref DeadLetters, r.DeadLetters);
        Interlocked.Increment(ref Batches);
        Interlocked.Exchange(ref LastCommitTicks, DateTime.UtcNow.Ticks);
    }

    public override string ToString() =>
        $"read {Read:N0}, stored {Inserted:N0}, duplicates ignored {Duplicates:N0}, dead letters {DeadLetters:N0}";
}
