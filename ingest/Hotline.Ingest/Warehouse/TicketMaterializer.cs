namespace Hotline.Ingest.Warehouse;

/// <summary>
/// Rebuilds `tickets` rows for tickets marked in `tickets_dirty`, from all their events. Runs off the ingest
/// hot path (when ingest is idle, at the end of a run, periodically in serve); each chunk is one transaction,
/// and the dirty marks it clears are only those it read, so marks added concurrently survive.
/// `overdue` for still-open tickets is judged against the data clock (the newest event time), which keeps
/// replays of history meaningful and makes the result independent of when materialization runs.
/// </summary>
public sealed class TicketMaterializer(DuckDBConnection conn)
{
    public const int ChunkSize = 50_000;

    /// <summary>
    /// Told, after each commit, which tickets' rows changed (rebuilt, or overdue flipped), so a read model kept in
    /// memory (the server's unit view) follows the table without rescanning it.
    /// </summary>
    public Action<IReadOnlyList<string>>? Changed { get; init; }

    public int Pending() => Convert.ToInt32(Scalar("SELECT count(DISTINCT ticket_id) FROM tickets_dirty"));

    /// <summary>Materializes every dirty ticket; returns how many tickets were rebuilt.</summary>
    public int Run()
    {
        var total = 0;
        while (true)
        {
            using var tx = conn.BeginTransaction();
            Sql.Execute(conn,
                "CREATE OR REPLACE TEMP TABLE mat_chunk AS SELECT DISTINCT ticket_id FROM "
                    + $"tickets_dirty ORDER BY ticket_id LIMIT {ChunkSize}");
            var ids = Changed is null ? null
                : Sql.Rows(conn, "SELECT ticket_id FROM mat_chunk", r => r.GetString(0));
            var count = ids?.Count ?? Convert.ToInt32(Scalar("SELECT count(*) FROM mat_chunk"));
            if (count == 0) { tx.Commit(); break; }
            var states = Load();
            Sql.Execute(conn, "DELETE FROM tickets WHERE ticket_id IN (SELECT ticket_id FROM mat_chunk)");
            Append(states);
            Machine.TestHooks.At("materialize");
            Sql.Execute(conn, "DELETE FROM tickets_dirty WHERE ticket_id IN (SELECT ticket_id FROM mat_chunk)");
            tx.Commit();
            if (ids is not null) Changed!(ids);
            total += count;
        }
        RefreshOverdue();
        return total;
    }

    /// <summary>
    /// Open tickets past their due time by the data clock are overdue. Only rows whose flag flips are written (most
    /// calls flip none), and those are the ones reported to <see cref="Changed"/>.
    /// </summary>
    public void RefreshOverdue()
    {
        var flipped = Sql.Rows(conn, """
            UPDATE tickets SET overdue = coalesce(due_at < c.clock, false)
            FROM (SELECT max(occurred_at) AS clock FROM ticket_events) c
            WHERE first_replied_at IS NULL AND closed_at IS NULL AND due_at IS NOT NULL
              AND overdue <> coalesce(due_at < c.clock, false)
            RETURNING ticket_id
            """, r => r.GetString(0));
        if (flipped.Count > 0) Changed?.Invoke(flipped);
    }

    private object? Scalar(string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private List<TicketState> Load()
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT e.event_id, e.ticket_id, e.type, e.occurred_at, e.seq, e.received_at, e.channel, e.request_type,
                e.title,
                   e.content, e.caller_id, e.caller_kind, e.caller_phone_hash, e.caller_phone_masked, e.district,
                       e.township,
                   e.address, e.lat, e.lon, e.confidential, e.category, e.unit_id, e.role, e.deadline_tier, e.due_at,
                   e.new_due_at, e.outcome, e.satisfaction, e.resolved
            FROM ticket_events e JOIN mat_chunk c USING (ticket_id)
            ORDER BY e.ticket_id
            """;
        using var r = cmd.ExecuteReader();
        var states = new List<TicketState>();
        var current = new List<TicketEvent>();
        string? ticket = null;
        while (r.Read())
        {
            var id = r.GetString(1);
            if (ticket is not null && id != ticket)
            {
                Keep(states, TicketState.Fold(ticket, current));
                current = [];
            }
            ticket = id;
            current.Add(new TicketEvent
            {
                EventId = r.GetString(0), TicketId = id, Type = r.GetString(2), OccurredAt = r.GetDateTime(3),
                Seq = Opt<int>(r, 4), ReceivedAt = Opt<DateTime>(r, 5), Channel = Str(r, 6), RequestType = Str(r, 7),
                Title = Str(r, 8), Content = Str(r, 9), CallerId = Str(r, 10), CallerKind = Str(r, 11),
                CallerPhoneHash = Str(r, 12), CallerPhoneMasked = Str(r, 13), District = Str(r, 14),
                Township = Str(r, 15),
                Address = Str(r, 16), Lat = Opt<double>(r, 17), Lon = Opt<double>(r, 18),
                Confidential = Opt<bool>(r, 19),
                Category = Str(r, 20), UnitId = Str(r, 21), Role = Str(r, 22), DeadlineTier = Str(r, 23),
                DueAt = Opt<DateTime>(r, 24),
                NewDueAt = Opt<DateTime>(r, 25), Outcome = Str(r, 26), Satisfaction = Str(r, 27),
                Resolved = Opt<bool>(r, 28),
            });
        }
        if (ticket is not null) Keep(states, TicketState.Fold(ticket, current));
        return states;
    }

    /// <summary>
    /// A ticket exists once its created event is stored. Events of a ticket not created yet are held in ticket_events
    /// (they may simply have arrived first) and fold into the ticket when its created event lands, which marks it
    /// dirty again; until then no row is invented for it (a ghost with no time, place or confidentiality flag).
    /// `hotline stats` counts them as waiting.
    /// </summary>
    private static void Keep(List<TicketState> states, TicketState s)
    {
        if (s.Created is not null) states.Add(s);
    }

    private static string? Str(System.Data.Common.DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    private static T? Opt<T>(System.Data.Common.DbDataReader r, int i) where T : struct => r.IsDBNull(i) ? null
        : r.GetFieldValue<T>(i);

    private void Append(List<TicketState> states)
    {
        using var a = conn.CreateAppender("tickets");
        foreach (var s in states)
        {
            var c = s.Created;
            a.CreateRow()
                .AppendValue(s.TicketId).AppendValue(c?.ReceivedAt).AppendValue(c?.Channel).AppendValue(c?.RequestType)
                .AppendValue(c?.Title).AppendValue(c?.Content).AppendValue(c?.CallerId).AppendValue(c?.CallerKind)
                .AppendValue(c?.CallerPhoneHash).AppendValue(c?.CallerPhoneMasked).AppendValue(c?.District)
                    .AppendValue(c?.Township)
                .AppendValue(c?.Address).AppendValue(c?.Lat).AppendValue(c?.Lon).AppendValue(c?.Confidential)
                    .AppendValue(s.Category)
                .AppendValue(s.Status).AppendValue(s.LeadUnit).AppendValue(s.AssistUnits).AppendValue(s.DeadlineTier)
                    .AppendValue(s.DueAt)
                .AppendValue(s.RepliedLate).AppendValue(s.DispatchCount).AppendValue(s.ReturnCount)
                    .AppendValue(s.ExtensionCount)
                .AppendValue(s.ReopenCount).AppendValue(s.SupervisionCount).AppendValue(s.FirstDispatchedAt)
                    .AppendValue(s.FirstSignedAt)
                .AppendValue(s.FirstRepliedAt).AppendValue(s.LastRepliedAt).AppendValue(s.LastOutcome)
                    .AppendValue(s.Satisfaction)
                .AppendValue(s.Resolved).AppendValue(s.ClosedAt).AppendValue(s.MinutesToSign)
                    .AppendValue(s.HoursToReply)
                .AppendValue(s.EventCount).AppendValue(s.LastEventAt)
                .EndRow();
        }
    }
}
