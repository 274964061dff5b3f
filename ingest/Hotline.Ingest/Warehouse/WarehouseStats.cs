namespace Hotline.Ingest.Warehouse;

/// <summary>Headline counts of a warehouse, for `hotline stats`.</summary>
public sealed record WarehouseStats(
    long Events, long Tickets, long DeadLetters, IReadOnlyDictionary<string, long> DeadLettersByReason,
    IReadOnlyDictionary<string, long> EventsByType, long TicketsPendingMaterialization, long OpenTickets, long OverdueTickets,
    DateTime? FirstEventAt, DateTime? LastEventAt, int SchemaVersion)
{
    public static WarehouseStats Read(WarehouseDb db)
    {
        Dictionary<string, long> Group(string sql)
        {
            using var cmd = db.Connection.CreateCommand();
            cmd.CommandText = sql;
            using var r = cmd.ExecuteReader();
            var d = new Dictionary<string, long>(StringComparer.Ordinal);
            while (r.Read()) d[r.GetString(0)] = r.GetInt64(1);
            return d;
        }
        return new WarehouseStats(
            db.Scalar<long>("SELECT count(*) FROM ticket_events"),
            db.Scalar<long>("SELECT count(*) FROM tickets"),
            db.Scalar<long>("SELECT count(*) FROM dead_letters"),
            Group("SELECT reason_code, count(*) FROM dead_letters GROUP BY 1 ORDER BY 1"),
            Group("SELECT type, count(*) FROM ticket_events GROUP BY 1 ORDER BY 1"),
            db.Scalar<long>("SELECT count(DISTINCT ticket_id) FROM tickets_dirty"),
            db.Scalar<long>("SELECT count(*) FROM tickets WHERE closed_at IS NULL"),
            db.Scalar<long>("SELECT count(*) FROM tickets WHERE overdue"),
            db.Scalar<DateTime?>("SELECT min(occurred_at) FROM ticket_events"),
            db.Scalar<DateTime?>("SELECT max(occurred_at) FROM ticket_events"),
            db.SchemaVersion);
    }
}
