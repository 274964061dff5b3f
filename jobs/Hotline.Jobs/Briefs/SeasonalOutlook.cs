using Hotline.Models.Warning.Detectors;

namespace Hotline.Jobs.Briefs;

/// <summary>
/// Expected volume per category for the next period, so units can prepare (L39, T25, B34: heating before November,
/// flooding before the rainy season).
/// With the same period last year in the warehouse: last year's count × the year-on-year ratio of the last three
/// periods (clamped to [0.5, 2]: one odd quarter must not double a forecast). Without it: the mean of the last three
/// periods. The 95 % interval is quasi-Poisson, mean ± 1.96·√(φ·mean), with the dispersion φ ≥ 1 estimated from the
/// category's recent period-to-period variation. Categories whose season (reference data) starts in the next period
/// are flagged even when history is short.
/// </summary>
internal static class SeasonalOutlook
{
    public static List<OutlookRow> Build(DuckDBConnection conn, Names names, ReportPeriod current, DateTime cutoff,
        DateTime firstDay, int top = 12)
    {
        var next = current.Next;
        // Period counts per category over the history needed: 3 periods back, and the same 4 a year earlier, plus
        // next's.
        var from = next.SameLastYear.Start.AddDays(-current.Days * 4);
        // Counted in SQL per period start (date_trunc 'week' is the ISO Monday, as ReportPeriod's weeks).
        var counts = Sql.Rows(conn, """
                SELECT category, date_trunc($unit, received_at) AS period_start, count(*) FROM tickets
                WHERE received_at >= $from AND received_at < $to AND category IS NOT NULL GROUP BY ALL
                """, r =>
                    (Cat: r.GetString(0), Key: ReportPeriod.Containing(current.Kind, r.GetDateTime(1)).Key,
                    N: r.Long(2)),
                ("unit", current.Kind == PeriodKind.Week ? "week" : "month"), ("from", from), ("to", cutoff))
            .GroupBy(x => x.Cat).ToDictionary(g => g.Key, g => g.ToDictionary(x => x.Key, x => x.N));
        var recent = new[] { current, current.Previous, current.Previous.Previous };
        var haveLastYear = firstDay <= next.SameLastYear.Start;
        var rows = new List<OutlookRow>();
        foreach (var cat in names.Reference.Categories)
        {
            var series = counts.GetValueOrDefault(cat.Code) ?? [];
            long C(ReportPeriod p) => series.GetValueOrDefault(p.Key);
            var recentSum = recent.Sum(C);
            double expected;
            string basis;
            long ly = haveLastYear ? C(next.SameLastYear) : 0;
            if (haveLastYear)
            {
                var lyRecent = recent.Sum(p => C(p.SameLastYear));
                var trend = lyRecent > 0 && firstDay <= recent[^1].SameLastYear.Start
                    ? Math.Clamp(recentSum / (double)lyRecent, 0.5, 2) : 1;
                expected = ly * trend;
                basis = trend == 1 ? "去年同期" : $"去年同期×近三期同比（{trend:0.00}）";
            }
            else
            {
                expected = recentSum / 3.0;
                basis = "近三期均值";
            }
            var season = names.Season(cat.Code);
            var starts = season is not null && SeasonCalendar.InSeason(season, next.Start.AddDays(next.Days / 2))
                && !SeasonCalendar.InSeason(season, current.Start.AddDays(current.Days / 2));
            if (expected < 1 && !starts) continue;
            var mean = recent.Select(C).Average();
            var variance = recent.Select(C).Select(x => (x - mean) * (x - mean)).Sum() / 2;
            var phi = mean > 0 ? Math.Clamp(variance / mean, 1, 50) : 1;
            var half = 1.96 * Math.Sqrt(phi * Math.Max(expected, 1));
            rows.Add(new OutlookRow(cat.Code, cat.Name, Math.Round(expected, 1),
                Math.Round(Math.Max(0, expected - half), 1), Math.Round(expected + half, 1),
                haveLastYear ? ly : null, C(current), starts ? season : null, basis));
        }
        // Seasonal starters first, then the largest expected volumes.
        return rows.OrderByDescending(r => r.Season is not null).ThenByDescending(r => r.Expected)
            .ThenBy(r => r.Category, StringComparer.Ordinal).Take(top).ToList();
    }
}
