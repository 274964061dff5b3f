using System.Threading.Channels;

namespace Hotline.Server.Access;

/// <summary>
/// Writes the audit rows of API requests off the request path: each request queues its entry, one writer appends
/// whatever has queued in one transaction on its own connection. A single-row insert per request serialised every
/// request on the warehouse's write lock (≈ 3 ms each, capping routing at ~280 requests/s); batched, the dispatch
/// path does no database write at all. Disposing drains the queue, so a clean shutdown loses no row; a crash can
/// lose the entries of the last few milliseconds.
/// </summary>
public sealed class AuditWriter : IAsyncDisposable
{
    private readonly Channel<AuditEntry> _queue =
        Channel.CreateUnbounded<AuditEntry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private readonly Action<string> _log;
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(100);

    public AuditWriter(WarehouseDb db, Action<string> log)
    {
        _log = log;
        _loop = Task.Run(() => Loop(db));
    }

    public void Add(AuditEntry entry) => _queue.Writer.TryWrite(entry);

    private async Task Loop(WarehouseDb db)
    {
        using var conn = db.Connect();
        var batch = new List<AuditEntry>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            // Gather a little: one append of many rows costs about what one row costs.
            if (!_queue.Reader.Completion.IsCompleted) await Task.WhenAny(Task.Delay(Coalesce),
                _queue.Reader.Completion);
            while (batch.Count < 10_000 && _queue.Reader.TryRead(out var e)) batch.Add(e);
            try { AuditLog.Write(conn, batch); }
            catch (Exception ex)
            {
                _log("audit log write "
                + $"failed ({batch.Count} rows): {ex.GetType().Name}: {ex.Message}");
            }
            batch.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}
