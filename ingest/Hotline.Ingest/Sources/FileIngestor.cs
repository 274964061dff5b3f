using System.Security.Cryptography;

namespace Hotline.Ingest.Sources;

/// <summary>
/// Ingests a JSONL, CSV or Parquet file through the same validation and the same transactional batches as
/// Kafka. The file's progress (next line or row) is stored in ingest_offsets under the hash of its content,
/// so an interrupted load resumes where it stopped and a file loaded twice is not loaded twice.
/// </summary>
public sealed class FileIngestor(WarehouseDb db, EventParser parser, int batchSize = 50_000)
{
    public IngestProgress Progress { get; } = new();
    /// <summary>Rows skipped because an earlier run already stored them.</summary>
    public long Skipped { get; private set; }
    /// <summary>Seconds spent committing batches (the rest is reading, validating and appending).</summary>
    public double CommitSeconds { get; private set; }

    /// <summary>
    /// Reads, validates and appends on one thread, record by record, into a transaction per batch. A parsed event
    /// lives only from its parse to its append; a batch of them held for a commit thread, as this once did, survived
    /// two garbage collections on the way and made ingest half as fast on two cores (docs/scaling.md).
    /// </summary>
    public void Run(string path, CancellationToken cancel = default)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"input file not found: {path}", path);
        var source = "sha256:" + HashFile(path);
        var store = new EventStore(db.Connection, db.PiiSalt(), db.EventIds);
        var resumeAt = store.StoredOffsets("file", source).GetValueOrDefault(0, 0);
        var label = Path.GetFullPath(path);
        EventStore.StreamBatch? batch = null;
        try
        {
            foreach (var (bytes, index) in FileRecords.Read(path))
            {
                cancel.ThrowIfCancellationRequested();
                if (index < resumeAt) { Skipped++; continue; }
                batch ??= store.Begin();
                batch.Add(parser, new RawInput(bytes, new SourcePosition("file", source, 0, index, label)));
                if (batch.Count >= batchSize) Commit(ref batch);
            }
            if (batch is not null) Commit(ref batch);
        }
        finally
        {
            batch?.Dispose();
        }
    }

    private void Commit(ref EventStore.StreamBatch? batch)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var read = batch!.Count;
        var result = batch.Commit();
        batch.Dispose();
        batch = null;
        CommitSeconds += sw.Elapsed.TotalSeconds;
        Progress.Add(result, read);
    }

    private static string HashFile(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s))[..32];
    }
}
