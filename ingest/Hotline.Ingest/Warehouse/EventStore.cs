using DuckDB.NET.Data;
using Hotline.Ingest.Contract;
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

    public EventStore(DuckDBConnection conn, byte[] piiSalt, EventIdIndex index)
    {
        _conn = conn;
        _index = index;
        _phones = new PhoneProtector(piiSalt);
    }

    /// <summary>Stored offsets, read on start and on partition assignment (the warehouse, not Kafka, is the truth).</summary>
    public Dictionary<int, long> StoredOffsets(string kind, string source)
    {
        using var cmd = _conn.CreateCommand();
        cmd.CommandText = "SELECT source_partition, next_offset FROM ingest_offsets WHERE source_kind = $k AND source = $s";
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
        var now = DateTime.UtcNow + EventJson.ChinaOffset;
        var known = KnownIds(batch);
        using var tx = _conn.BeginTransaction();
        var fresh = Stage(batch, known, now, out var duplicates);
        var staged = fresh.Count;
        if (staged > 0)
        {
            using (var a = _conn.CreateAppender("tickets_dirty"))
                foreach (var t in fresh.Select(f => f.TicketId).Distinct()) a.CreateRow().AppendValue(t).EndRow();
        }
        WriteDeadLetters(batch.DeadLetters, now);
        WriteOffsets(batch, now);
        tx.Commit();
        _index.AddCommitted(fresh.Select(f => f.EventId));
        return new CommitResult(staged, duplicates, batch.DeadLetters.Count);
    }

    /// <summary>Event ids of the batch already in the warehouse: index suspects, confirmed in the table.</summary>
    private HashSet<string> KnownIds(IngestBatch batch)
    {
        var suspects = _index.Suspects(batch.Events.Select(e => e.Event.EventId));
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
    private List<TicketEvent> Stage(IngestBatch batch, HashSet<string> known, DateTime now, out int duplicates)
    {
        duplicates = 0;
        var fresh = new List<TicketEvent>(batch.Events.Count);
        if (batch.Events.Count == 0) return fresh;
        var seen = new HashSet<string>(batch.Events.Count, StringComparer.Ordinal);
        using var a = _conn.CreateAppender("ticket_events");
        foreach (var (e, p) in batch.Events)
        {
            if (known.Contains(e.EventId) || !seen.Add(e.EventId)) { duplicates++; continue; }
            string? hash = e.CallerPhoneHash, masked = e.CallerPhoneMasked;
            if (e.CallerPhone is { } phone)
            {
                hash = _phones.Hash(phone);
                masked = PhoneProtector.Mask(phone);
            }
            a.CreateRow()
                .AppendValue(e.EventId).AppendValue(e.TicketId).AppendValue(e.Type).AppendValue(e.OccurredAt).AppendValue(e.Seq)
                .AppendValue(e.SchemaVersion).AppendValue(e.ReceivedAt).AppendValue(e.Channel).AppendValue(e.RequestType)
                .AppendValue(e.Title).AppendValue(e.Content).AppendValue(e.CallerId).AppendValue(e.CallerKind)
                .AppendValue(hash).AppendValue(masked).AppendValue(e.District).AppendValue(e.Township)
                .AppendValue(e.Address).AppendValue(e.Lat).AppendValue(e.Lon).AppendValue(e.Confidential).AppendValue(e.Category)
                .AppendValue(e.UnitId).AppendValue(e.Role).AppendValue(e.DeadlineTier).AppendValue(e.DueAt).AppendValue(e.Reason)
                .AppendValue(e.NewDueAt).AppendValue(e.Outcome).AppendValue(e.ReplyText).AppendValue(e.Satisfaction)
                .AppendValue(e.Resolved).AppendValue(e.Level).AppendValue(e.Trigger)
                .AppendValue(p.Kind == "kafka" ? $"kafka:{p.Source}" : p.Label).AppendValue(p.Partition).AppendValue(p.Offset)
                .AppendValue(now)
                .EndRow();
            fresh.Add(e);
        }
        return fresh;
    }

    private void WriteDeadLetters(List<DeadLetter> letters, DateTime now)
    {
        if (letters.Count == 0) return;
        using var a = _conn.CreateAppender("dead_letters");
        foreach (var d in letters)
        {
            var raw = d.Raw.Length <= MaxRawBytes ? d.Raw : d.Raw[..MaxRawBytes];
            a.CreateRow().AppendValue(now).AppendValue(d.Position.Kind).AppendValue(d.Position.Label)
                .AppendValue(d.Position.Partition).AppendValue(d.Position.Offset)
                .AppendValue(d.Rejection.Code).AppendValue(d.Rejection.Message).AppendValue(raw).AppendValue(d.Raw.Length)
                .EndRow();
        }
    }

    private void WriteOffsets(IngestBatch batch, DateTime now)
    {
        foreach (var ((kind, source, partition), next) in batch.NextOffsets)
            WarehouseDb.Execute(_conn, "INSERT OR REPLACE INTO ingest_offsets VALUES ($k, $s, $p, $o, $t)",
                ("k", kind), ("s", source), ("p", partition), ("o", next), ("t", now));
    }
}
