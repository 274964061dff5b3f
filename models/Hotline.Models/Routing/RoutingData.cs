namespace Hotline.Models.Routing;

/// <summary>Train / validation / test windows, in receipt time: the model learns from the past only.</summary>
public sealed record RoutingSplit(List<RoutingExample> Train, List<RoutingExample> Validation,
    List<RoutingExample> Test,
    DateTime TrainFrom, DateTime TrainTo, DateTime ValidationTo, DateTime TestTo, int DroppedSharedCallers);

/// <summary>
/// Reads labelled history from the warehouse. A ticket counts once it has left the dispatch stage (it has a
/// lead unit, or the centre replied/closed it without dispatch) or a dispatcher gave feedback on its suggestion:
/// the final lead unit is the label, else the unit the dispatcher chose (POST /v1/route/{id}/feedback); still-open
/// tickets without either carry no label yet.
/// </summary>
public static class RoutingData
{
    public static List<RoutingExample> Load(WarehouseDb db)
    {
        using var cmd = db.Connection.CreateCommand();
        cmd.CommandText = $$"""
            SELECT t.ticket_id, t.received_at, coalesce(t.title, ''), coalesce(t.content, ''), t.channel,
                t.request_type,
                   t.caller_id, t.district, t.township, c.category AS intake_category,
                   coalesce(t.category, f.category), coalesce(t.lead_unit, f.unit_id), t.assist_units,
                   t.deadline_tier, t.return_count, k.disposition
            FROM tickets t
            LEFT JOIN ({{RouteFeedback.LatestSql}}) f USING (ticket_id)
            LEFT JOIN categories k ON k.code = coalesce(t.category, f.category)
            LEFT JOIN (SELECT ticket_id,
                any_value(category) AS category FROM ticket_events WHERE type = 'created' GROUP BY ticket_id) c
              USING (ticket_id)
            WHERE t.received_at IS NOT NULL
              AND (t.lead_unit IS NOT NULL OR f.unit_id IS NOT NULL
                OR t.status IN ('replied', 'closed', 'terminated'))
            ORDER BY t.received_at, t.ticket_id
            """;
        using var r = cmd.ExecuteReader();
        var rows = new List<RoutingExample>();
        while (r.Read())
        {
            var lead = r.IsDBNull(11) ? null : r.GetString(11);
            rows.Add(new RoutingExample
            {
                TicketId = r.GetString(0), ReceivedAt = r.GetDateTime(1), Title = r.GetString(2),
                Content = r.GetString(3),
                Channel = S(r, 4), RequestType = S(r, 5), CallerId = S(r, 6), District = S(r, 7), Township = S(r, 8),
                IntakeCategory = S(r, 9),
                Category = S(r, 10) ?? RoutingLabels.Centre,
                // Centre-kept kinds (knowledge-base answers, legal-channel and outside-city referrals) say who
                // handles the matter; other centre-handled tickets (repeats, abuse) say nothing about it.
                Decided = lead is not null || Codes.TryParse<Disposition>(S(r, 15), out var kept)
                    && kept.IsCentreKept(),
                LeadUnit = lead,
                AssistUnits = r.IsDBNull(12) ? [] : ((System.Collections.IEnumerable)r.GetValue(12)).Cast<object?>()
                    .OfType<string>().ToList(),
                Tier = S(r, 13),
                ReturnCount = r.GetInt32(14),
            });
        }
        return rows;
    }

    private static string? S(DuckDBDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>
    /// Time-based split: the last <paramref name="testDays"/> days are the test window, the days before them
    /// validation, the rest training (capped to the most recent <paramref name="maxTrain"/> tickets). Tickets in
    /// validation or test from a caller who also appears in training are dropped: repeat calls about one matter
    /// would otherwise let the model recognise the caller's own words.
    /// </summary>
    public static RoutingSplit Split(List<RoutingExample> rows, int testDays, int validationDays, int maxTrain)
    {
        if (rows.Count == 0) throw new InvalidDataException("the warehouse has no labelled "
            + "tickets yet: ingest history first");
        var last = rows[^1].ReceivedAt.Date.AddDays(1);
        var first = rows[0].ReceivedAt.Date;
        var span = (last - first).TotalDays;
        if (span < testDays + validationDays + 7)
        {
            // Short histories (demos, tests): keep the proportions 60/20/20.
            testDays = validationDays = Math.Max(1, (int)(span * 0.2));
        }
        var testFrom = last.AddDays(-testDays);
        var valFrom = testFrom.AddDays(-validationDays);
        var train = rows.Where(x => x.ReceivedAt < valFrom).ToList();
        if (train.Count > maxTrain) train = train.Skip(train.Count - maxTrain).ToList();
        if (train.Count == 0) throw new InvalidDataException($"no training tickets before {valFrom:yyyy-MM-dd}: "
            + "history too short");
        var trainCallers = train.Select(x => x.CallerId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var dropped = 0;
        List<RoutingExample> Window(DateTime from, DateTime to)
        {
            var w = rows.Where(x => x.ReceivedAt >= from && x.ReceivedAt < to).ToList();
            var kept = w.Where(x => x.CallerId is null || !trainCallers.Contains(x.CallerId)).ToList();
            dropped += w.Count - kept.Count;
            return kept;
        }
        return new RoutingSplit(train, Window(valFrom, testFrom), Window(testFrom, last), train[0].ReceivedAt, valFrom,
            testFrom, last, dropped);
    }
}
