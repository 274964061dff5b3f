using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;

namespace Hotline.Simulator;

/// <summary>
/// Writes events as JSON lines (UTF-8, LF), byte-stable for the determinism check. Serialisation runs on its own
/// thread, a batch at a time and in order, so the simulator's sequential merge does not also pay for JSON; the bounded
/// queue holds the merge back if the disk is slower. <see cref="Dispose"/> writes what is queued and reports any
/// write error; a failed write also surfaces when the next batch is handed over.
/// </summary>
public sealed class JsonlSink : IEventSink, IDisposable
{
    private const int Batch = 4096;
    // Bytes go to the stream a megabyte at a time: Utf8JsonWriter.Flush on a Stream also flushes the stream, which for
    // a file was one system call per event.
    private const int Chunk = 1 << 20;
    private readonly Stream _stream;
    private readonly BlockingCollection<TicketEvent[]> _queue = new(boundedCapacity: 4);
    private readonly Task _writer;
    private TicketEvent[] _batch = new TicketEvent[Batch];
    private int _count;
    private volatile Exception? _failure;
    private bool _disposed;

    public JsonlSink(Stream stream)
    {
        _stream = stream;
        _writer = Task.Factory.StartNew(WriteAll, CancellationToken.None, TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    public static JsonlSink Create(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        return new JsonlSink(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16));
    }

    public void Write(TicketEvent e)
    {
        if (_failure is not null) throw new IOException("writing the JSON lines failed", _failure);
        _batch[_count++] = e;
        if (_count == Batch) Hand(_batch);
    }

    private void Hand(TicketEvent[] batch)
    {
        try { _queue.Add(batch); }
        catch (InvalidOperationException) when (_failure is not null)
        {
            throw new IOException("writing the JSON "
            + "lines failed", _failure);
        }
        _batch = new TicketEvent[Batch];
        _count = 0;
    }

    private void WriteAll()
    {
        var buffer = new ArrayBufferWriter<byte>(Chunk + (Chunk >> 2));
        using var json = new Utf8JsonWriter(buffer, EventJson.WriterOptions);
        try
        {
            foreach (var batch in _queue.GetConsumingEnumerable())
            {
                foreach (var e in batch)
                {
                    if (e is null) break; // the last batch is short
                    EventJson.Write(json, e);
                    json.Flush();
                    json.Reset();
                    buffer.GetSpan(1)[0] = (byte)'\n';
                    buffer.Advance(1);
                    if (buffer.WrittenCount >= Chunk) Spill(buffer);
                }
            }
            Spill(buffer);
        }
        catch (Exception ex)
        {
            _failure = ex;
            _queue.CompleteAdding(); // the producer's next Add throws instead of blocking on a full queue
        }
    }

    private void Spill(ArrayBufferWriter<byte> buffer)
    {
        _stream.Write(buffer.WrittenSpan);
        buffer.ResetWrittenCount();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (_count > 0 && _failure is null) Hand(_batch);
            if (!_queue.IsAddingCompleted) _queue.CompleteAdding();
            _writer.GetAwaiter().GetResult();
            if (_failure is not null) throw new IOException("writing the JSON lines failed", _failure);
        }
        finally
        {
            // The writer may still be finishing (e.g. after a failed hand-over above): let it end before closing what
            // it uses.
            try { _writer.Wait(); } catch (AggregateException) { }
            _stream.Dispose();
            _queue.Dispose();
        }
    }
}
