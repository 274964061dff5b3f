namespace Hotline.Ingest.Warehouse;

/// <summary>Queries over the ingest tables that several stages ask, named once.</summary>
public static class WarehouseQueries
{
    /// <summary>
    /// When the latest ticket was received (the data clock of replays and evaluations); null when none.
    /// </summary>
    public static DateTime? LatestReceipt(DuckDBConnection conn) =>
        Sql.Scalar<DateTime?>(conn, "SELECT max(received_at) FROM ticket_events WHERE type = 'created'");

    /// <summary>Events held because their ticket's created event has not arrived (see TicketMaterializer).</summary>
    public const string EventsAwaitingTicketSql = """
        SELECT count(*) FROM ticket_events e
        WHERE NOT EXISTS (SELECT 1 FROM ticket_events c WHERE c.ticket_id = e.ticket_id AND c.type = 'created')
        """;

    /// <summary>When the first ticket was received; null when none.</summary>
    public static DateTime? FirstReceipt(DuckDBConnection conn) =>
        Sql.Scalar<DateTime?>(conn, "SELECT min(received_at) FROM ticket_events WHERE type = 'created'");
}
