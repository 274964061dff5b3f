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
    /// <summary>Where the time went: validation (parallel) vs warehouse commits (these overlap).</summary>
    public double ParseSeconds { get; private set; }
    public double CommitSeconds { get; private set; }

    public void Run(string path, CancellationToken cancel = default)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"input file not found: {path}", path);
        var source = "sha256:" + HashFile(path);
        var store = new EventStore(db.Connection, db.PiiSalt(), db.EventIds);
        var resumeAt = store.StoredOffsets("file", source).GetValueOrDefault(0, 0);
        var builder = new BatchBuilder(parser);
        var pending = new List<RawInput>(batchSize);
        var label = Path.GetFullPath(path);
        using var committer = new BatchCommitter(store, Progress);

        void Flush()
        {
            if (pending.Count == 0) return;
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var batch = new IngestBatch();
            builder.Fill(batch, pending);
            ParseSeconds += sw.Elapsed.TotalSeconds;
            committer.Submit(batch, pending.Count);
            pending = new List<RawInput>(batchSize);
        }

        foreach (var (bytes, index) in FileRecords.Read(path))
        {
            cancel.ThrowIfCancellationRequested();
            if (index < resumeAt) { Skipped++; continue; }
            pending.Add(new RawInput(bytes, new SourcePosition("file", source, 0, index, label)));
            if (pending.Count >= batchSize) Flush();
        }
        Flush();
        committer.Drain();
        CommitSeconds = committer.CommitSeconds;
    }

    private static string HashFile(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s))[..32];
    }
}
