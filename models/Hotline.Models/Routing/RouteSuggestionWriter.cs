namespace Hotline.Models.Routing;

/// <summary>
/// Streaming mode of the dispatch assistant: for every `created` event in the warehouse that has no suggestion
/// yet, asks the model and writes a route_suggestions row (with the repeat check, which needs history). Runs
/// after each ingest batch in `hotline serve` and after a one-shot `hotline ingest`. Idempotent: a ticket gets
/// one suggestion, from the model that was serving when it arrived.
/// </summary>
public sealed class RouteSuggestionWriter(DuckDBConnection conn, RoutingModel model, string modelVersion,
    ChinaClock? clock = null)
{
    private readonly ChinaClock _clock = clock ?? ChinaClock.System;

    /// <summary>Repeat calls link to an earlier ticket of the same caller received at most this long before.</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromDays(60);

    /// <summary>
    /// How callers say "again" (重复件 wording in 12345 practice); with the same caller and place, enough to link.
    /// </summary>
    private static readonly string[] RepeatCues = ["再次反映", "又反映", "之前反映", "上次反映", "重复反映", "还没解决", "仍未解决", "还没有解决",
        "催办", "没人管", "次反映"];

    private sealed record Pending(string TicketId, RouteRequest Request, string? PhoneHash);

    /// <summary>
    /// Suggests for up to <paramref name="limit"/> new tickets received at or after <paramref name="notBefore"/>
    /// (the model's training cut-off, so it never "suggests" for tickets it learned from). Returns how many.
    /// </summary>
    public int Run(DateTime notBefore, int limit = 50_000)
    {
        var pending = ReadPending(notBefore, limit);
        if (pending.Count == 0) return 0;
        var probs = model.CategoryClassifier.ProbabilitiesBatch(pending.Select(p => RoutingModel.ToExample(p.Request))
            .ToList());
        var suggestions = new RouteSuggestion[pending.Count];
        Parallel.For(0, pending.Count, i => suggestions[i] = model.Suggest(pending[i].Request, probs[i]));
        var earlier = ReadEarlierTickets(pending);
        var now = _clock.Now;
        using var tx = conn.BeginTransaction();
        using (var app = conn.CreateAppender("route_suggestions"))
        {
            for (var i = 0; i < pending.Count; i++)
            {
                var p = pending[i];
                var s = suggestions[i];
                var repeat = RepeatOf(p, s, earlier);
                app.CreateRow()
                    .AppendValue(p.TicketId).AppendValue(p.Request.ReceivedAt).AppendValue(now)
                        .AppendValue(modelVersion)
                    .AppendValue((repeat is null ? s.Disposition : Disposition.Repeat).Code())
                        .AppendValue(s.Categories.Count > 0 ? s.Categories[0].Code : null)
                    .AppendValue(s.LeadUnit).AppendValue(s.AssistUnits.ToList()).AppendValue(s.Tier)
                        .AppendValue(s.DueAt)
                    .AppendValue(s.Confidence).AppendValue(s.EmergencyProbability).AppendValue(s.Abstain)
                        .AppendValue(repeat)
                    .EndRow();
            }
        }
        tx.Commit();
        return pending.Count;
    }

    private List<Pending> ReadPending(DateTime notBefore, int limit)
    {
        using var cmd = conn.CreateCommand();
        // Anti-join on the primary key: cheap even over a year of events, and correct after a crash mid-way.
        cmd.CommandText = """
            SELECT e.ticket_id, coalesce(e.title, ''), coalesce(e.content, ''), e.district, e.township, e.channel,
                e.request_type,
                   e.category, e.received_at, e.caller_phone_hash
            FROM ticket_events e
            WHERE e.type = 'created' AND e.received_at >= $from
              AND NOT EXISTS (SELECT 1 FROM route_suggestions s WHERE s.ticket_id = e.ticket_id)
            QUALIFY row_number() OVER (PARTITION BY e.ticket_id ORDER BY e.occurred_at) = 1
            ORDER BY e.received_at, e.ticket_id
            LIMIT $limit
            """;
        cmd.Parameters.Add(new DuckDBParameter("from", notBefore));
        cmd.Parameters.Add(new DuckDBParameter("limit", limit));
        using var r = cmd.ExecuteReader();
        var rows = new List<Pending>();
        while (r.Read())
        {
            string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            rows.Add(new Pending(r.GetString(0), new RouteRequest
            {
                Title = r.GetString(1), Content = r.GetString(2), District = S(3), Township = S(4), Channel = S(5),
                RequestType = S(6),
                IntakeCategory = S(7), ReceivedAt = r.IsDBNull(8) ? null : r.GetDateTime(8),
            }, S(9)));
        }
        return rows;
    }

    private sealed record Earlier(string TicketId, DateTime ReceivedAt, string? Township, string? Category,
        string Text);

    /// <summary>Earlier tickets of the same callers (by salted phone hash), within the repeat window.</summary>
    private Dictionary<string, List<Earlier>> ReadEarlierTickets(List<Pending> pending)
    {
        var byPhone = new Dictionary<string, List<Earlier>>(StringComparer.Ordinal);
        var phones = pending.Select(p => p.PhoneHash).OfType<string>().Distinct().ToList();
        if (phones.Count == 0) return byPhone;
        var from = pending.Min(p => p.Request.ReceivedAt ?? DateTime.MaxValue) - RepeatWindow;
        using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT e.caller_phone_hash, e.ticket_id, e.received_at, e.township, coalesce(t.category, s.category,
                e.category),
                   coalesce(e.title, '') || ' ' || coalesce(e.content, '')
            FROM ticket_events e
            LEFT JOIN tickets t USING (ticket_id)
            LEFT JOIN route_suggestions s USING (ticket_id)
            WHERE e.type = 'created' AND e.received_at >= $from AND list_contains($phones, e.caller_phone_hash)
            """;
        cmd.Parameters.Add(new DuckDBParameter("from", from));
        cmd.Parameters.Add(new DuckDBParameter("phones", phones));
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var phone = r.GetString(0);
            if (!byPhone.TryGetValue(phone, out var list)) byPhone[phone] = list = [];
            list.Add(new Earlier(r.GetString(1), r.GetDateTime(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5)));
        }
        return byPhone;
    }

    /// <summary>
    /// Same caller, earlier ticket within the window, and the same matter: the same (suggested or final) category,
    /// or overlapping wording at the same place. The earliest such ticket (the matter's first report, where its
    /// history lives) is the one to link.
    /// </summary>
    private static string? RepeatOf(Pending p, RouteSuggestion s, Dictionary<string, List<Earlier>> earlier)
    {
        if (p.PhoneHash is null || p.Request.ReceivedAt is not { } at
            || !earlier.TryGetValue(p.PhoneHash, out var list)) return null;
        var category = s.Categories.Count > 0 ? s.Categories[0].Code : null;
        var text = p.Request.Title + " " + p.Request.Content;
        var cue = RepeatCues.Any(c => text.Contains(c, StringComparison.Ordinal));
        Earlier? best = null;
        foreach (var e in list)
        {
            if (e.TicketId == p.TicketId || e.ReceivedAt >= at || at - e.ReceivedAt > RepeatWindow) continue;
            var samePlace = e.Township == p.Request.Township;
            var sameMatter = (category is not null && e.Category == category)
                || (samePlace && (cue || TextOverlap.Jaccard(text, e.Text) >= 0.3));
            if (sameMatter && (best is null || e.ReceivedAt < best.ReceivedAt)) best = e;
        }
        return best?.TicketId;
    }
}
