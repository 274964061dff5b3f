using System.IO.Hashing;

namespace Hotline.Ingest.Warehouse;

/// <summary>
/// Which event ids the warehouse already holds, as 64-bit hashes in memory (~24 bytes per event), loaded once
/// per process from ticket_events. A primary-key index on event_id made every insert several times slower;
/// this keeps deduplication exact without it: a hash hit is only a suspect, confirmed against the table before
/// the event is dropped, so a hash collision can never lose an event. Shared by every writer of one
/// warehouse in this process; updated only after a commit succeeds.
/// </summary>
public sealed class EventIdIndex
{
    private readonly HashSet<ulong> _hashes;
    private readonly Lock _lock = new();

    private EventIdIndex(HashSet<ulong> hashes) => _hashes = hashes;

    public static ulong Hash(string eventId)
    {
        // Ids are short (the contract caps them at 64 chars), so encode on the stack: this runs once per event.
        Span<byte> buf = stackalloc byte[256];
        var n = Encoding.UTF8.GetMaxByteCount(eventId.Length) <= buf.Length
            ? Encoding.UTF8.GetBytes(eventId, buf)
            : -1;
        return n >= 0 ? XxHash64.HashToUInt64(buf[..n]) : XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(eventId));
    }

    public static EventIdIndex Load(DuckDBConnection conn)
    {
        var set = new HashSet<ulong>();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT event_id FROM ticket_events";
        using var r = cmd.ExecuteReader();
        while (r.Read()) set.Add(Hash(r.GetString(0)));
        return new EventIdIndex(set);
    }

    public int Count { get { lock (_lock) return _hashes.Count; } }

    /// <summary>Whether this id's hash is known: a possible duplicate, to be confirmed against the table.</summary>
    public bool MightContain(ulong hash)
    {
        lock (_lock) return _hashes.Contains(hash);
    }

    public void Add(IEnumerable<ulong> hashes)
    {
        lock (_lock) foreach (var h in hashes) _hashes.Add(h);
    }
}
