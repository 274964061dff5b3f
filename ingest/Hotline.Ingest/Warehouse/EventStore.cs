using Hotline.Ingest.Privacy;
using Hotline.Ingest.Sources;

namespace Hotline.Ingest.Warehouse;

/// <summary>Counts from one committed batch.</summary>
public readonly record struct CommitResult(int Inserted, int Duplicates, int DeadLetters);

/// <summary>
/// Writes batches to the warehouse in one DuckDB transaction each: events (deduplicated by event_id),
/// dead letters, dirty-ticket marks and the source offsets. Events are appended with the DuckDB Appender
/// after dropping ids already stored (<see cref="EventIdIndex"/>) or repeated within the batch. Raw phone
/// numbers stop here: only the salted hash and the masked form are written.
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
        var now = _clock.Now;
        var prepared = Prepare(batch.Events);
        var known = KnownIds(prepared);
        using var tx = _conn.BeginTransaction();
        var fresh = Stage(batch, prepared, known, now, out var duplicates);
        var staged = fresh.Count;
        if (staged > 0)
        {
            using (var a = _conn.CreateAppender("tickets_dirty"))
                foreach (var t in fresh.Select(i => batch.Events[i].Event.TicketId).Distinct()) a.CreateRow()
                    .AppendValue(t).EndRow();
        }
        WriteDeadLetters(_conn, batch.DeadLetters, now);
        WriteOffsets(batch, now);
        Machine.TestHooks.At("commit");
        tx.Commit();
        _index.AddCommitted(fresh.Select(i => prepared.IdHashes[i]));
        return new CommitResult(staged, duplicates, batch.DeadLetters.Count);
    }

    /// <summary>Per-event values computed off the write path: id hashes and, for raw phones, hash and mask.</summary>
    private sealed record Prepared(string[] Ids, ulong[] IdHashes, string?[] PhoneHashes, string?[] PhoneMasks);

    /// <summary>
    /// Hashing is pure CPU per event, so it runs in parallel before the (single-threaded) appender; the HMAC for
    /// phone numbers alone would otherwise add a noticeable share of the commit time.
    /// </summary>
    private Prepared Prepare(List<(TicketEvent Event, SourcePosition Position)> events)
    {
        var n = events.Count;
        var p = new Prepared(new string[n], new ulong[n], new string?[n], new string?[n]);
        void One(int i)
        {
            var e = events[i].Event;
            p.Ids[i] = e.EventId;
            p.IdHashes[i] = EventIdIndex.Hash(e.EventId);
            if (e.CallerPhone is { } phone)
            {
                p.PhoneHashes[i] = _phones.Hash(phone);
                p.PhoneMasks[i] = PhoneProtector.Mask(phone);
            }
            else
            {
                p.PhoneHashes[i] = e.CallerPhoneHash;
                p.PhoneMasks[i] = e.CallerPhoneMasked;
            }
        }
        if (n >= 4096) Parallel.For(0, n, One);
        else for (var i = 0; i < n; i++) One(i);
        return p;
    }

    /// <summary>Event ids of the batch already in the warehouse: index suspects, confirmed in the table.</summary>
    private HashSet<string> KnownIds(Prepared prepared)
    {
        var suspects = _index.Suspects(prepared.Ids, prepared.IdHashes);
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (suspects.Count == 0) return known;
        using var cmd = _conn.CreateCommand();
        cmd.CommandText = "SELECT event_id FROM ticket_events WHERE list_contains($ids, event_id)";
        cmd.Parameters.Add(new DuckDBParameter("ids", suspects));
        using var r = cmd.ExecuteReader();
        while (r.Read()) known.Add(r.GetString(0));
        return known;
    }

    /// <summary>Appends the batch's new events (phone hashed and masked, raw phone dropped) to ticket_events.</summary>
    /// <returns>Indexes into batch.Events of the events appended.</returns>
    private List<int> Stage(IngestBatch batch, Prepared prepared, HashSet<string> known, DateTime now,
        out int duplicates)
    {
        duplicates = 0;
        var fresh = new List<int>(batch.Events.Count);
        if (batch.Events.Count == 0) return fresh;
        var seen = new HashSet<string>(batch.Events.Count, StringComparer.Ordinal);
        using var a = _conn.CreateAppender("ticket_events");
        for (var i = 0; i < batch.Events.Count; i++)
        {
            var (e, p) = batch.Events[i];
            if (known.Contains(e.EventId) || !seen.Add(e.EventId)) { duplicates++; continue; }
            var hash = prepared.PhoneHashes[i];
            var masked = prepared.PhoneMasks[i];
            a.CreateRow()
                .AppendValue(e.EventId).AppendValue(e.TicketId).AppendValue(e.Type).AppendValue(e.OccurredAt)
                    .AppendValue(e.Seq)
                .AppendValue(e.SchemaVersion).AppendValue(e.ReceivedAt).AppendValue(e.Channel)
                    .AppendValue(e.RequestType)
                .AppendValue(e.Title).AppendValue(e.Content).AppendValue(e.CallerId).AppendValue(e.CallerKind)
                .AppendValue(hash).AppendValue(masked).AppendValue(e.District).AppendValue(e.Township)
                .AppendValue(e.Address).AppendValue(e.Lat).AppendValue(e.Lon).AppendValue(e.Confidential)
                    .AppendValue(e.Category)
                .AppendValue(e.UnitId).AppendValue(e.Role).AppendValue(e.DeadlineTier).AppendValue(e.DueAt)
                    .AppendValue(e.Reason)
                .AppendValue(e.NewDueAt).AppendValue(e.Outcome).AppendValue(e.ReplyText).AppendValue(e.Satisfaction)
                .AppendValue(e.Resolved).AppendValue(e.Level).AppendValue(e.Trigger)
                .AppendValue(SourceLabel(p)).AppendValue(p.Partition).AppendValue(p.Offset)
                .AppendValue(now)
                .EndRow();
            fresh.Add(i);
        }
        return fresh;
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

    private void WriteOffsets(IngestBatch batch, DateTime now)
    {
        foreach (var ((kind, source, partition), next) in batch.NextOffsets)
            Sql.Execute(_conn, "INSERT OR REPLACE INTO ingest_offsets VALUES ($k, $s, $p, $o, $t)",
                ("k", kind), ("s", source), ("p", partition), ("o", next), ("t", now));
    }
}
