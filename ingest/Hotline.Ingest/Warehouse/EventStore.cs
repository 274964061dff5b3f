using DuckDB.NET.Data;
using Hotline.Ingest.Contract;
using Hotline.Ingest.Privacy;
using Hotline.Ingest.Sources;

namespace Hotline.Ingest.Warehouse;

/// <summary>Counts from one committed batch.</summary>
public readonly record struct CommitResult(int Inserted, int Duplicates, int DeadLetters);

/// <summary>
/// Writes batches to the warehouse in one DuckDB transaction each: events (deduplicated by event_id),
/// dead letters, dirty-ticket marks and the source offsets. Events go through a temporary staging table via
/// the Appender (fast) and then INSERT OR IGNORE into ticket_events (the primary key drops events already
/// stored). Raw phone numbers stop here: only the salted hash and the masked form are written.
/// Not thread-safe: one EventStore per connection.
/// </summary>
public sealed class EventStore
{
    public const int MaxRawBytes = 64 * 1024;
    private readonly DuckDBConnection _conn;
    private readonly PhoneProtector _phones;

    public EventStore(DuckDBConnection conn, byte[] piiSalt)
    {
        _conn = conn;
        _phones = new PhoneProtector(piiSalt);
        WarehouseDb.Execute(conn, $"CREATE TEMP TABLE IF NOT EXISTS stage_events ({Schema.EventColumns})");
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
        using var tx = _conn.BeginTransaction();
        var staged = Stage(batch, now, out var inBatchDuplicates);
        var inserted = staged == 0 ? 0 : WarehouseDb.Execute(_conn, "INSERT OR IGNORE INTO ticket_events SELECT * FROM stage_events");
        if (staged > 0)
        {
            WarehouseDb.Execute(_conn, "INSERT INTO tickets_dirty SELECT DISTINCT ticket_id FROM stage_events");
            WarehouseDb.Execute(_conn, "DELETE FROM stage_events");
        }
        WriteDeadLetters(batch.DeadLetters, now);
        WriteOffsets(batch, now);
        tx.Commit();
        return new CommitResult(inserted, staged - inserted + inBatchDuplicates, batch.DeadLetters.Count);
    }

    private int Stage(IngestBatch batch, DateTime now, out int duplicates)
    {
        duplicates = 0;
        if (batch.Events.Count == 0) return 0;
        var seen = new HashSet<string>(batch.Events.Count, StringComparer.Ordinal);
        var staged = 0;
        using var a = _conn.CreateAppender("stage_events");
        foreach (var (e, p) in batch.Events)
        {
            if (!seen.Add(e.EventId)) { duplicates++; continue; }
            string? hash = null, masked = e.CallerPhoneMasked;
            if (e.CallerPhone is { } phone)
            {
                hash = _phones.Hash(phone);
                masked = PhoneProtector.Mask(phone);
            }
            a.CreateRow()
                .AppendValue(e.EventId).AppendValue(e.TicketId).AppendValue(e.Type).AppendValue(e.OccurredAt).AppendValue(e.Seq)
                .AppendValue(e.SchemaVersion).AppendValue(e.ReceivedAt).AppendValue(e.Channel).AppendValue(e.RequestType)
                .AppendValue(e.Title).AppendValue(e.Content).AppendValue(e.CallerId).AppendValue(e.CallerKind)
                .AppendValue(hash ?? e.CallerPhoneHash).AppendValue(masked).AppendValue(e.District).AppendValue(e.Township)
                .AppendValue(e.Address).AppendValue(e.Lat).AppendValue(e.Lon).AppendValue(e.Confidential).AppendValue(e.Category)
                .AppendValue(e.UnitId).AppendValue(e.Role).AppendValue(e.DeadlineTier).AppendValue(e.DueAt).AppendValue(e.Reason)
                .AppendValue(e.NewDueAt).AppendValue(e.Outcome).AppendValue(e.ReplyText).AppendValue(e.Satisfaction)
                .AppendValue(e.Resolved).AppendValue(e.Level).AppendValue(e.Trigger)
                .AppendValue(p.Kind == "kafka" ? $"kafka:{p.Source}" : p.Label).AppendValue(p.Partition).AppendValue(p.Offset)
                .AppendValue(now)
                .EndRow();
            staged++;
        }
        return staged;
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
