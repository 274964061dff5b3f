using System.Buffers;

namespace Hotline.Jobs.Sharing;

/// <summary>
/// The unit view held in memory, so `GET /v1/units/{id}/tickets` answers in microseconds instead of a DuckDB scan per
/// request (a columnar store has no ordered index to serve a keyset page from: 40 ms a page, 3 s at p50 under 200
/// readers). Per unit, an ordered set of (last_event_at, ticket_id) keys; per ticket, its masked row already written
/// as the API's JSON, so a page is a copy of bytes, not 100 serializations. It follows the tickets table through
/// <see cref="TicketMaterializer.Changed"/>: every rebuilt or re-flagged ticket is re-read by id.
/// <para>
/// It holds at most <see cref="Capacity"/> tickets, the most recently changed. A page that starts before the oldest one
/// held (<see cref="Floor"/>) is not answered here (<see cref="Page"/> returns null) and the caller asks SQL
/// (<see cref="UnitTickets.Page"/>); both give the same rows, which a test pins. Readers take a read lock; a refresh
/// takes the write lock only to swap entries, after the rows are read.
/// </para>
/// </summary>
public sealed class UnitTicketIndex(JsonSerializerOptions json, int capacity = UnitTicketIndex.DefaultCapacity)
{
    /// <summary>About 1.2 KB a ticket with its text: 300k tickets is ~360 MB, a large city's month or two.</summary>
    public const int DefaultCapacity = 300_000;

    /// <summary>The API's JSON conventions (names, escaping), written compact: pages are for programs.</summary>
    private readonly JsonSerializerOptions _json = new(json) { WriteIndented = false };

    private readonly record struct Key(long Ticks, string TicketId);

    private sealed class KeyOrder : IComparer<Key>
    {
        public static readonly KeyOrder Instance = new();
        // DuckDB orders VARCHAR by bytes; ids are ASCII (the parser refuses control characters, not non-ASCII, so
        // ordinal UTF-16 order is what matches UTF-8 byte order for every id outside the surrogate range).
        public int Compare(Key a, Key b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks)
            : string.CompareOrdinal(a.TicketId, b.TicketId);
    }

    /// <summary>
    /// One ticket: its key, who may read it, and its JSON as the lead unit reads it; <see cref="RoleAt"/> is where the
    /// value "lead" starts, replaced by "assist" for assisting units.
    /// </summary>
    private sealed record Entry(string TicketId, long Ticks, bool Confidential, string? Lead, string[] Assists,
        byte[] Json, int RoleAt)
    {
        public Key Key => new(Ticks, TicketId);
        public IEnumerable<string> Units => Lead is null ? Assists : Assists.Prepend(Lead).Distinct();
    }

    private static readonly byte[] LeadRole = "\"unit_role\":\"lead\""u8.ToArray();
    private static readonly byte[] Assist = "assist"u8.ToArray();

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Dictionary<string, Entry> _tickets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<Key>> _byUnit = new(StringComparer.Ordinal);
    private readonly SortedSet<Key> _all = new(KeyOrder.Instance);
    private long _floorTicks = long.MinValue;

    public int Capacity { get; } = capacity;

    /// <summary>Tickets held now.</summary>
    public int Count
    {
        get { _lock.EnterReadLock(); try { return _tickets.Count; } finally { _lock.ExitReadLock(); } }
    }

    /// <summary>Pages whose first key is at or after this are answered here; before it, SQL answers.</summary>
    public DateTime? Floor
    {
        get
        {
            _lock.EnterReadLock();
            try { return _floorTicks == long.MinValue ? null : new DateTime(_floorTicks); }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>Loads the most recently changed tickets (up to the capacity) from the warehouse.</summary>
    public void Load(DuckDBConnection conn)
    {
        var rows = Sql.Rows(conn, $"""
            SELECT {UnitTickets.IndexColumns} FROM tickets
            WHERE lead_unit IS NOT NULL OR len(coalesce(assist_units, [])) > 0
            ORDER BY last_event_at DESC, ticket_id DESC LIMIT {Capacity + 1}
            """, ReadEntry);
        _lock.EnterWriteLock();
        try
        {
            _tickets.Clear(); _byUnit.Clear(); _all.Clear();
            _floorTicks = long.MinValue;
            // One more than the capacity was read: if it exists, the table holds more than fits and everything at
            // or before the newest left-out key is SQL's.
            if (rows.Count > Capacity)
            {
                _floorTicks = rows[Capacity].Ticks + 1;
                rows.RemoveAt(Capacity);
            }
            foreach (var e in rows) Put(e);
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>Re-reads the given tickets (rebuilt or re-flagged) and replaces what is held of them.</summary>
    public void Refresh(DuckDBConnection conn, IReadOnlyList<string> ticketIds)
    {
        for (var start = 0; start < ticketIds.Count; start += 5_000)
        {
            var chunk = ticketIds.Skip(start).Take(5_000).ToList();
            var rows = Sql.Rows(conn, $"""
                SELECT {UnitTickets.IndexColumns} FROM tickets WHERE ticket_id IN (SELECT unnest($ids::VARCHAR[]))
                """, ReadEntry, ("ids", chunk));
            _lock.EnterWriteLock();
            try
            {
                foreach (var id in chunk) Remove(id);
                // A ticket below the floor is SQL's; one with no unit (kept by the centre) is nobody's view.
                foreach (var e in rows.Where(e => e.Ticks >= _floorTicks && e.Units.Any())) Put(e);
                Trim();
            }
            finally { _lock.ExitWriteLock(); }
        }
    }

    /// <summary>
    /// The page <see cref="UnitTickets.Page"/> would give, as the API's JSON document (compact), or null when it
    /// starts before <see cref="Floor"/> and only SQL has it. Returns how many tickets it holds.
    /// </summary>
    public int? PageJson(AccessRole reader, string unitId, DateTime? since, string? cursor, int limit,
        IBufferWriter<byte> output)
    {
        var page = Select(reader, unitId, since, cursor, limit);
        if (page is null) return null;
        var (items, next) = page.Value;
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = _json.Encoder });
        w.WriteStartObject();
        w.WriteString(Name(nameof(UnitTicketPage.UnitId)), unitId);
        w.WriteStartArray(Name(nameof(UnitTicketPage.Items)));
        foreach (var e in items) w.WriteRawValue(JsonFor(e, unitId), skipInputValidation: true);
        w.WriteEndArray();
        if (next is null) w.WriteNull(Name(nameof(UnitTicketPage.NextCursor)));
        else w.WriteString(Name(nameof(UnitTicketPage.NextCursor)), next);
        w.WriteEndObject();
        return items.Count;
    }

    /// <summary>The same page as records (tests, and callers that want objects).</summary>
    public UnitTicketPage? Page(AccessRole reader, string unitId, DateTime? since, string? cursor, int limit) =>
        Select(reader, unitId, since, cursor, limit) is var (items, next)
            ? new UnitTicketPage(unitId, [.. items.Select(e => Decode(e, unitId))], next)
            : null;

    /// <summary>
    /// One ticket in the unit's scope. Covered is false when the index cannot tell (not held, and older tickets
    /// exist that only SQL has); the caller then asks SQL.
    /// </summary>
    public (bool Covered, UnitTicket? Ticket) One(AccessRole reader, string unitId, string ticketId)
    {
        if (!reader.MayReadUnit(unitId)) return (true, null);
        _lock.EnterReadLock();
        try
        {
            if (!_tickets.TryGetValue(ticketId, out var e)) return (_floorTicks == long.MinValue, null);
            var inScope = e.Lead == unitId || e.Assists.Contains(unitId);
            return (true, inScope && (reader.IsCentre || !e.Confidential) ? Decode(e, unitId) : null);
        }
        finally { _lock.ExitReadLock(); }
    }

    private (List<Entry> Items, string? Next)? Select(AccessRole reader, string unitId, DateTime? since,
        string? cursor, int limit)
    {
        if (limit is < 1 or > UnitTickets.MaxPage)
            throw new ArgumentException($"limit must be between 1 and {UnitTickets.MaxPage}");
        if (!reader.MayReadUnit(unitId)) return ([], null);
        var (afterAt, afterId) = cursor is null ? (since ?? DateTime.MinValue, "") : UnitTickets.DecodeCursor(cursor);
        _lock.EnterReadLock();
        try
        {
            if (afterAt.Ticks < _floorTicks) return null;
            if (!_byUnit.TryGetValue(unitId, out var keys) || keys.Count == 0) return ([], null);
            var after = new Key(afterAt.Ticks, afterId);
            if (KeyOrder.Instance.Compare(after, keys.Max) >= 0) return ([], null);
            var items = new List<Entry>(Math.Min(limit, 128));
            var more = false;
            foreach (var k in keys.GetViewBetween(after, keys.Max))
            {
                if (KeyOrder.Instance.Compare(k, after) == 0) continue;
                var e = _tickets[k.TicketId];
                if (e.Confidential && !reader.IsCentre) continue;
                if (items.Count == limit) { more = true; break; }
                items.Add(e);
            }
            return (items, more ? UnitTickets.EncodeCursor(new DateTime(items[^1].Ticks), items[^1].TicketId) : null);
        }
        finally { _lock.ExitReadLock(); }
    }

    private string Name(string property) => _json.PropertyNamingPolicy?.ConvertName(property) ?? property;

    /// <summary>The ticket's JSON for this unit: as held for its lead, with "assist" spliced in otherwise.</summary>
    private static byte[] JsonFor(Entry e, string unitId)
    {
        if (e.Lead == unitId) return e.Json;
        var copy = new byte[e.Json.Length + Assist.Length - 4];
        e.Json.AsSpan(0, e.RoleAt).CopyTo(copy);
        Assist.CopyTo(copy.AsSpan(e.RoleAt));
        e.Json.AsSpan(e.RoleAt + 4).CopyTo(copy.AsSpan(e.RoleAt + Assist.Length));
        return copy;
    }

    private UnitTicket Decode(Entry e, string unitId) =>
        JsonSerializer.Deserialize<UnitTicket>(JsonFor(e, unitId), _json)
        ?? throw new InvalidOperationException("a held ticket is never null");

    private void Put(Entry e)
    {
        _tickets[e.TicketId] = e;
        _all.Add(e.Key);
        foreach (var u in e.Units)
        {
            if (!_byUnit.TryGetValue(u, out var set)) _byUnit[u] = set = new SortedSet<Key>(KeyOrder.Instance);
            set.Add(e.Key);
        }
    }

    private void Remove(string ticketId)
    {
        if (!_tickets.Remove(ticketId, out var e)) return;
        _all.Remove(e.Key);
        foreach (var u in e.Units)
            if (_byUnit.TryGetValue(u, out var set) && set.Remove(e.Key) && set.Count == 0) _byUnit.Remove(u);
    }

    /// <summary>Over capacity: the oldest keys go, and the floor rises past them.</summary>
    private void Trim()
    {
        while (_tickets.Count > Capacity)
        {
            var oldest = _all.Min;
            Remove(oldest.TicketId);
            _floorTicks = Math.Max(_floorTicks, oldest.Ticks + 1);
        }
    }

    private Entry ReadEntry(DuckDBDataReader r)
    {
        var row = UnitTickets.ReadRow(r);
        var lead = r.Str(UnitTickets.IndexColumnCount - 2);
        var assists = r.GetFieldValue<List<string>>(UnitTickets.IndexColumnCount - 1);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(row, _json);
        var at = bytes.AsSpan().IndexOf(LeadRole);
        if (at < 0) throw new InvalidOperationException("the ticket JSON has no unit_role (naming policy changed?)");
        return new Entry(row.TicketId, row.LastEventAt.Ticks, row.Confidential, lead, [.. assists], bytes,
            at + LeadRole.Length - 5);
    }
}
