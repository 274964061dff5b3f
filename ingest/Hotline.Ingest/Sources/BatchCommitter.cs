using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Hotline.Ingest.Sources;

/// <summary>
/// Commits batches on a thread of its own, so that mapping the next rows of an import (Importer) overlaps writing
/// this batch. At most one batch waits while another commits, which bounds memory. Each batch is one DuckDB
/// transaction with its offsets, committed in submission order.
/// Callers that touch the connection themselves call <see cref="Drain"/> first: after it returns nothing is in
/// flight on the connection.
/// </summary>
public sealed class BatchCommitter : IDisposable
{
    private readonly BlockingCollection<(IngestBatch Batch, int Read)> _queue = new(boundedCapacity: 1);
    private readonly EventStore _store;
    private readonly IngestProgress _progress;
    private readonly Action<IngestBatch>? _afterCommit;
    private readonly Thread _thread;
    private readonly object _lock = new();
    private int _outstanding;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Seconds spent inside warehouse commits (for the benchmark's breakdown).</summary>
    public double CommitSeconds { get; private set; }

    /// <param name="afterCommit">Runs on the commit thread after each durable commit (e.g. Kafka's informational offset
    /// commit).</param>
    public BatchCommitter(EventStore store, IngestProgress progress, Action<IngestBatch>? afterCommit = null)
    {
        _store = store;
        _progress = progress;
        _afterCommit = afterCommit;
        _thread = new Thread(Loop) { IsBackground = true, Name = "hotline-commit" };
        _thread.Start();
    }

    /// <summary>Hands a batch over; blocks while one is already waiting. Throws if an earlier commit failed.</summary>
    public void Submit(IngestBatch batch, int read)
    {
        _failure?.Throw();
        lock (_lock) _outstanding++;
        _queue.Add((batch, read));
    }

    /// <summary>
    /// Waits until every submitted batch is committed (or skipped after a failure); rethrows a commit failure.
    /// </summary>
    public void Drain(bool rethrow = true)
    {
        lock (_lock)
            while (_outstanding > 0) Monitor.Wait(_lock);
        if (rethrow) _failure?.Throw();
    }

    private void Loop()
    {
        foreach (var (batch, read) in _queue.GetConsumingEnumerable())
        {
            try
            {
                if (_failure is null)
                {
                    var sw = System.Diagnostics.Stopwatch.StartNew();
                    var result = _store.Commit(batch);
                    CommitSeconds += sw.Elapsed.TotalSeconds;
                    _progress.Add(result, read);
                    _afterCommit?.Invoke(batch);
                }
            }
            catch (Exception ex)
            {
                // Later batches are skipped, not committed: their offsets must not pass a batch that failed.
                _failure = ExceptionDispatchInfo.Capture(ex);
            }
            lock (_lock)
            {
                _outstanding--;
                Monitor.PulseAll(_lock);
            }
        }
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }
}
