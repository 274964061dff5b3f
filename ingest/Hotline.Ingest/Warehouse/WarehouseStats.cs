namespace Hotline.Ingest.Warehouse;

/// <summary>Headline counts of a warehouse, for `hotline stats`.</summary>
public sealed record WarehouseStats(
    long Events, long Tickets, long DeadLetters, IReadOnlyDictionary<string, long> DeadLettersByReason,
    IReadOnlyDictionary<string, long> EventsByType, long TicketsPendingMaterialization, long OpenTickets,
        long OverdueTickets,
    DateTime? FirstEventAt, DateTime? LastEventAt, IReadOnlyDictionary<string, long> SchemaVersions,
    long EventsAwaitingTicket)
{
    public static WarehouseStats Read(WarehouseDb db)
    {
        Dictionary<string, long> Group(string sql) =>
            Sql.Rows(db.Connection, sql, r => (Key: r.GetString(0), N: r.Long(1)))
                .ToDictionary(x => x.Key, x => x.N, StringComparer.Ordinal);
        return new WarehouseStats(
            Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM ticket_events"),
            Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM tickets"),
            Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM dead_letters"),
            Group("SELECT reason_code, count(*) FROM dead_letters GROUP BY 1 ORDER BY 1"),
            Group("SELECT type, count(*) FROM ticket_events GROUP BY 1 ORDER BY 1"),
            Sql.Scalar<long>(db.Connection, "SELECT count(DISTINCT ticket_id) FROM tickets_dirty"),
            Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM tickets WHERE closed_at IS NULL"),
            Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM tickets WHERE overdue"),
            Sql.Scalar<DateTime?>(db.Connection, "SELECT min(occurred_at) FROM ticket_events"),
            Sql.Scalar<DateTime?>(db.Connection, "SELECT max(occurred_at) FROM ticket_events"),
            Group("SELECT module, max(version) FROM schema_versions GROUP BY 1 ORDER BY 1"),
            Sql.Scalar<long>(db.Connection, WarehouseQueries.EventsAwaitingTicketSql));
    }
}
