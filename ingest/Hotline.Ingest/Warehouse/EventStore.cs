using Hotline.Ingest.Privacy;
using Hotline.Ingest.Sources;

namespace Hotline.Ingest.Warehouse;

/// <summary>Counts from one committed batch.</summary>
public readonly record struct CommitResult(int Inserted, int Duplicates, int DeadLetters);

/// <summary>
/// Writes batches to the warehouse in one DuckDB transaction each: events (deduplicated by event_id),
/// dead letters, dirty-ticket marks and the source offsets. Raw inputs are validated here, one at a time, and each
/// event is appended with the DuckDB Appender as soon as it is known to be new: not repeated within the batch, and
/// not already stored (<see cref="EventIdIndex"/>; a suspect is confirmed against the table at the end of the
/// batch). Raw phone numbers stop here: only the salted hash and the masked form are written.
/// Not thread-safe: one EventStore per connection.
/// </summary>
public sealed class EventStore
{
    public const int MaxRawBytes = 64 * 1024;
    private readonly DuckDBConnection _conn;
    private readonly PhoneProtector _phones;

    private readonly EventIdIndex _index;

    private readonly ChinaClock _clock;

    public EventStore(DuckDBConnection conn, byte[] piiSalt, EventIdIndex index, ChinaClock? clock = null)
    {
        _conn = conn;
        _clock = clock ?? ChinaClock.System;
        _index = index;
        _phones = new PhoneProtector(piiSalt);
    }

    /// <summary>
    /// Stored offsets, read on start and on partition assignment (the warehouse, not Kafka, is the truth).
    /// </summary>
    public Dictionary<int, long> StoredOffsets(string kind, string source)
    {
        using var cmd = _conn.CreateCommand();
        cmd.CommandText = "SELECT source_partition, next_offset FROM ingest_offsets WHERE source_kind = $k AND "
            + "source = $s";
        cmd.Parameters.Add(new DuckDBParameter("k", kind));
        cmd.Parameters.Add(new DuckDBParameter("s", source));
        using var r = cmd.ExecuteReader();
        var result = new Dictionary<int, long>();
        while (r.Read()) result[r.GetInt32(0)] = r.GetInt64(1);
        return result;
    }

    public CommitResult Commit(IngestBatch batch)
    {
        if (batch.Count == 0 && batch.NextOffsets.Count == 0) return default;
        using var stream = Begin();
        stream.DeadLetters.AddRange(batch.DeadLetters);
        foreach (var (e, p) in batch.Events) stream.Add(e, p);
        foreach (var (key, next) in batch.NextOffsets) stream.NextOffsets[key] = next;
        return stream.Commit();
    }

    /// <summary>
    /// Opens one transaction to which inputs are added one at a time and committed together, so a source can stream
    /// into the warehouse without holding a batch of parsed events (file and Kafka ingest do).
    /// </summary>
    public StreamBatch Begin() => new(this);

    /// <summary>
    /// One open warehouse transaction: events appended as they come, dead letters, offsets; nothing is visible until
    /// <see cref="Commit"/>, and disposing without it rolls everything back.
    /// </summary>
    public sealed class StreamBatch : IDisposable
    {
        private readonly EventStore _store;
        private readonly DuckDBTransaction _tx;
        private readonly Stage _stage;
        private DuckDBAppender? _appender;
        public List<DeadLetter> DeadLetters { get; } = [];
        public Dictionary<(string Kind, string Source, int Partition), long> NextOffsets { get; } = [];
        /// <summary>Inputs added so far (events, duplicates and dead letters).</summary>
        public int Count { get; private set; }

        internal StreamBatch(EventStore store)
        {
            _store = store;
            _tx = store._conn.BeginTransaction();
            _stage = new Stage(store, store._clock.Now);
            _appender = store._conn.CreateAppender("ticket_events");
        }

        public void Add(TicketEvent e, SourcePosition p)
        {
            Count++;
            _stage.Add(_appender!, e, p);
        }

        /// <summary>Validates one raw input: an event is appended, a rejection kept as a dead letter.</summary>
        public void Add(EventParser parser, RawInput input)
        {
            Count++;
            var o = parser.Parse(input.Bytes);
            if (o.Event is { } e) _stage.Add(_appender!, e, input.Position);
            else DeadLetters.Add(new DeadLetter(input.Position, o.Rejection!, input.Bytes));
            IngestBatch.Advance(NextOffsets, input.Position);
        }

        public CommitResult Commit()
        {
            _appender?.Dispose();
            _appender = null;
            var conn = _store._conn;
            // Ids the index has seen were held back; those the table does not hold after all (a hash collision) go in.
            var known = _store.KnownIds(_stage.Suspects.Select(s => s.Event.EventId).ToList());
            using (var a = conn.CreateAppender("ticket_events"))
                foreach (var (e, p) in _stage.Suspects)
                    if (known.Contains(e.EventId)) _stage.Duplicates++;
                    else _stage.Append(a, e, p);
            if (_stage.Tickets.Count > 0)
            {
                using var a = conn.CreateAppender("tickets_dirty");
                foreach (var t in _stage.Tickets) a.CreateRow().AppendValue(t).EndRow();
            }
            WriteDeadLetters(conn, DeadLetters, _stage.Now);
            _store.WriteOffsets(NextOffsets, _stage.Now);
            Machine.TestHooks.At("commit");
            _tx.Commit();
            _store._index.Add(_stage.Hashes);
            return new CommitResult(_stage.Hashes.Count, _stage.Duplicates, DeadLetters.Count);
        }

        public void Dispose()
        {
            _appender?.Dispose();
            _tx.Dispose();
        }
    }

    /// <summary>
    /// One batch on its way into ticket_events: each event is appended as soon as it is known to be new, so none is
    /// kept longer than its own append. What is kept is small: the batch's ids (repeats within the batch), the
    /// hashes appended, the tickets touched, and the rare event whose id the index has seen before.
    /// </summary>
    private sealed class Stage(EventStore store, DateTime now)
    {
        public DateTime Now => now;
        public readonly HashSet<string> Seen = new(StringComparer.Ordinal);
        public readonly List<ulong> Hashes = [];
        public readonly HashSet<string> Tickets = new(StringComparer.Ordinal);
        public readonly List<(TicketEvent Event, SourcePosition Position)> Suspects = [];
        public int Duplicates;

        public void Add(DuckDBAppender a, TicketEvent e, SourcePosition p)
        {
            if (!Seen.Add(e.EventId)) { Duplicates++; return; }
            var hash = EventIdIndex.Hash(e.EventId);
            if (store._index.MightContain(hash)) { Suspects.Add((e, p)); return; }
            Append(a, e, p, hash);
        }

        public void Append(DuckDBAppender a, TicketEvent e, SourcePosition p) =>
            Append(a, e, p, EventIdIndex.Hash(e.EventId));

        private void Append(DuckDBAppender a, TicketEvent e, SourcePosition p, ulong hash)
        {
            string? phoneHash = e.CallerPhoneHash, masked = e.CallerPhoneMasked;
            if (e.CallerPhone is { } phone)
            {
                phoneHash = store._phones.Hash(phone);
                masked = PhoneProtector.Mask(phone);
            }
            a.CreateRow()
                .AppendValue(e.EventId).AppendValue(e.TicketId).AppendValue(e.Type).AppendValue(e.OccurredAt)
                    .AppendValue(e.Seq)
                .AppendValue(e.SchemaVersion).AppendValue(e.ReceivedAt).AppendValue(e.Channel)
                    .AppendValue(e.RequestType)
                .AppendValue(e.Title).AppendValue(e.Content).AppendValue(e.CallerId).AppendValue(e.CallerKind)
                .AppendValue(phoneHash).AppendValue(masked).AppendValue(e.District).AppendValue(e.Township)
                .AppendValue(e.Address).AppendValue(e.Lat).AppendValue(e.Lon).AppendValue(e.Confidential)
                    .AppendValue(e.Category)
                .AppendValue(e.UnitId).AppendValue(e.Role).AppendValue(e.DeadlineTier).AppendValue(e.DueAt)
                    .AppendValue(e.Reason)
                .AppendValue(e.NewDueAt).AppendValue(e.Outcome).AppendValue(e.ReplyText).AppendValue(e.Satisfaction)
                .AppendValue(e.Resolved).AppendValue(e.Level).AppendValue(e.Trigger)
                .AppendValue(store.SourceLabel(p)).AppendValue(p.Partition).AppendValue(p.Offset)
                .AppendValue(now)
                .EndRow();
            Hashes.Add(hash);
            Tickets.Add(e.TicketId);
        }
    }

    /// <summary>Of these ids (the index's suspects), those the warehouse already holds.</summary>
    private HashSet<string> KnownIds(List<string> suspects)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (suspects.Count == 0) return known;
        using var cmd = _conn.CreateCommand();
        cmd.CommandText = "SELECT event_id FROM ticket_events WHERE list_contains($ids, event_id)";
        cmd.Parameters.Add(new DuckDBParameter("ids", suspects));
        using var r = cmd.ExecuteReader();
        while (r.Read()) known.Add(r.GetString(0));
        return known;
    }

    private (string Source, string Label) _lastSource = ("", "");

    /// <summary>The source column: 'kafka:topic' or the file path; cached because it repeats for every row.</summary>
    private string SourceLabel(SourcePosition p)
    {
        if (p.Kind != "kafka") return p.Label;
        if (!ReferenceEquals(_lastSource.Source, p.Source) && _lastSource.Source != p.Source) _lastSource = (p.Source,
            "kafka:" + p.Source);
        return _lastSource.Label;
    }

    /// <summary>
    /// Appends dead letters on <paramref name="conn"/> (inside the caller's transaction, if any). Also used alone by
    /// inputs that are not batches, such as a refused Open311 submission.
    /// </summary>
    public static void WriteDeadLetters(DuckDBConnection conn, IReadOnlyCollection<DeadLetter> letters, DateTime now)
    {
        if (letters.Count == 0) return;
        using var a = conn.CreateAppender("dead_letters");
        foreach (var d in letters)
        {
            var raw = d.Raw.Length <= MaxRawBytes ? d.Raw : d.Raw[..MaxRawBytes];
            a.CreateRow().AppendValue(now).AppendValue(d.Position.Kind).AppendValue(d.Position.Label)
                .AppendValue(d.Position.Partition).AppendValue(d.Position.Offset)
                .AppendValue(d.Rejection.Code).AppendValue(d.Rejection.Message).AppendValue(raw)
                    .AppendValue(d.Raw.Length)
                .EndRow();
        }
    }

    private void WriteOffsets(Dictionary<(string Kind, string Source, int Partition), long> offsets, DateTime now)
    {
        foreach (var ((kind, source, partition), next) in offsets)
            Sql.Execute(_conn, "INSERT OR REPLACE INTO ingest_offsets VALUES ($k, $s, $p, $o, $t)",
                ("k", kind), ("s", source), ("p", partition), ("o", next), ("t", now));
    }
}
