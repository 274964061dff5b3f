namespace Hotline.Models.Routing;

/// <summary>
/// How the dispatch assistant's suggestions compare with what happened, per ISO week of receipt:
/// with the dispatcher's first lead dispatch (would they have agreed?) and with the unit that finally led
/// (was the suggestion right?). Tickets not yet dispatched count in <see cref="Suggestions"/> only.
/// </summary>
public sealed record SuggestionAgreement(DateTime WeekStart, long Suggestions, long Dispatched,
    long AgreeFirstDispatch, long AgreeFinal,
    long Abstained, long Repeats, long Transfers)
{
    public double FirstDispatchRate => Dispatched == 0 ? 0 : AgreeFirstDispatch / (double)Dispatched;
    public double FinalRate => Dispatched == 0 ? 0 : AgreeFinal / (double)Dispatched;

    public static List<SuggestionAgreement> Weekly(WarehouseDb db)
    {
        using var cmd = db.Connection.CreateCommand();
        cmd.CommandText = """
            WITH first_dispatch AS (
                SELECT ticket_id, arg_min(unit_id, occurred_at) AS unit_id
                FROM ticket_events WHERE type = 'dispatched' AND coalesce(role, 'lead') = 'lead' GROUP BY ticket_id)
            SELECT date_trunc('week', s.received_at) AS week, count(*),
                   count(f.unit_id) FILTER (WHERE t.lead_unit IS NOT NULL),
                   count(*) FILTER (WHERE t.lead_unit IS NOT NULL AND s.lead_unit = f.unit_id),
                   count(*) FILTER (WHERE t.lead_unit IS NOT NULL AND f.unit_id IS NOT NULL
                       AND s.lead_unit = t.lead_unit),
                   count(*) FILTER (WHERE s.abstain), count(s.repeat_of),
                       count(*) FILTER (WHERE s.disposition LIKE 'transfer_%')
            FROM route_suggestions s
            LEFT JOIN tickets t USING (ticket_id)
            LEFT JOIN first_dispatch f USING (ticket_id)
            WHERE s.received_at IS NOT NULL
            GROUP BY 1 ORDER BY 1
            """;
        using var r = cmd.ExecuteReader();
        var rows = new List<SuggestionAgreement>();
        while (r.Read())
            rows.Add(new SuggestionAgreement(r.GetDateTime(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3),
                r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7)));
        return rows;
    }
}
