namespace Hotline.Jobs.Briefs;

/// <summary>
/// 每月一题 is judged by what follows: a matter taken up city-wide should bring fewer calls. For each of the three
/// months before a monthly brief, the month's first candidate is chosen again as that month's brief chose it (the same
/// score on the month as it stood at its end, <see cref="GovernanceRanking.Score"/>), and its tickets are counted for
/// that month and each month since. Which candidate leaders actually took up is not in the warehouse; the first one
/// is what the brief put first. A month is used only when the warehouse holds all of it.
/// </summary>
internal static class GovernanceFollowUp
{
    private sealed record MonthCounts(long Tickets, long Rated, long Unsatisfied);

    public static List<PastTopic> Build(DuckDBConnection conn, Names names, ReportPeriod period, DateTime cutoff,
        DateTime first, int months = 3, int minVolume = 20)
    {
        if (period.Kind != PeriodKind.Month) return [];
        var earliest = period;
        for (var k = 0; k <= months; k++) earliest = earliest.Previous;
        // Per month and category: tickets, and the callbacks as they stood at the month's end.
        var rows = Sql.Rows(conn, """
            SELECT date_trunc('month', received_at) AS m, category, count(*),
                   count(*) FILTER (WHERE satisfaction IS NOT NULL
                       AND closed_at < date_trunc('month', received_at) + INTERVAL 1 MONTH),
                   count(*) FILTER (WHERE satisfaction = 'unsatisfied'
                       AND closed_at < date_trunc('month', received_at) + INTERVAL 1 MONTH)
            FROM tickets WHERE received_at >= $from AND received_at < $to AND category IS NOT NULL
            GROUP BY ALL
            """, r => (Month: r.GetDateTime(0), Category: r.GetString(1),
                Counts: new MonthCounts(r.Long(2), r.Long(3), r.Long(4))),
            ("from", earliest.Start), ("to", cutoff));
        var byMonth = rows.GroupBy(r => r.Month).ToDictionary(g => g.Key,
            g => g.ToDictionary(r => r.Category, r => r.Counts, StringComparer.Ordinal));
        Dictionary<string, MonthCounts> Of(ReportPeriod p) => byMonth.GetValueOrDefault(p.Start) ?? [];

        var result = new List<PastTopic>();
        var month = period;
        for (var k = 1; k <= months; k++)
        {
            month = month.Previous;
            if (first.Date > month.Start) break;
            var prev = month.Previous;
            // The month before may be partly before the warehouse's history: its exposure is the days it holds.
            var prevDays = (prev.End - (first > prev.Start ? first : prev.Start)).TotalDays;
            var now = Of(month);
            var before = Of(prev);
            var pick = now.Where(kv => kv.Value.Tickets >= minVolume)
                .Select(kv => (kv.Key, GovernanceRanking.Score(kv.Value.Tickets,
                    before.GetValueOrDefault(kv.Key)?.Tickets ?? 0, month.Days, Math.Max(prevDays, 1),
                    kv.Value.Rated, kv.Value.Unsatisfied).Score))
                .OrderByDescending(x => x.Score).ThenBy(x => x.Key, StringComparer.Ordinal)
                .Select(x => x.Key).FirstOrDefault();
            if (pick is null) continue;
            var since = new List<PeriodCount>();
            for (var m = month; m.Start < period.End; m = m.Next)
                since.Add(new PeriodCount(m.Key, m == period ? "本期" : TopicSection.ShortLabel(m),
                    Of(m).GetValueOrDefault(pick)?.Tickets ?? 0));
            // Daily rates, so a month still running compares like with like.
            var runningDays = Math.Max((Min(cutoff, period.End) - period.Start).TotalDays, 1);
            var latest = since[^1].Tickets / runningDays;
            var chosen = since[0].Tickets / month.Days;
            var trend = latest < chosen * 0.9 ? "down" : latest > chosen * 1.1 ? "up" : "flat";
            result.Add(new PastTopic(month.Key, pick, names.Category(pick), since, trend));
        }
        return result;
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
