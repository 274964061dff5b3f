using Hotline.Models.Warning.Detectors;

namespace Hotline.Jobs.Briefs;

/// <summary>
/// Expected volume per category for the next period, so units can prepare (heating before November, flooding before
/// the rainy season), stated as a direction and a range. All rates are per day, so periods of different lengths and a
/// period still running compare fairly.
/// <list type="bullet">
/// <item>With the same period last year in the warehouse: last year's next period × the year-on-year ratio of the
/// last three periods (clamped to [0.5, 2]: one odd quarter must not double a forecast).</item>
/// <item>Without it, the current level moved by where the category stands in its season (the season calendar of the
/// reference data, not any city's history): entering its season, × 2.5; leaving it, × 0.4; still ramping up (its
/// first month), × 1.5; in its last month, × 0.6; otherwise the current level. These are priors from hotline
/// practice; a city's own year of history replaces them.</item>
/// </list>
/// The 95 % interval is quasi-Poisson, mean ± 1.96·√(φ·mean), with the dispersion φ ≥ 1 estimated from the
/// category's recent period-to-period variation. <see cref="Backtest"/> replays the method month by month.
/// </summary>
internal static class SeasonalOutlook
{
    /// <summary>A forecast moves "up" or "down" only beyond ±10 % of the current level; within it, flat.</summary>
    public const double DeadBand = 0.10;

    public static List<OutlookRow> Build(DuckDBConnection conn, Names names, ReportPeriod current, DateTime cutoff,
        DateTime firstDay, int top = 12)
    {
        var counts = Counts(conn, current, cutoff);
        var days = DayWeights.Measure(conn, new WorkingCalendar(names.Reference.Holidays), cutoff);
        var rows = new List<OutlookRow>();
        foreach (var cat in names.Reference.Categories)
        {
            var f = Forecast(counts.GetValueOrDefault(cat.Code) ?? [], names.Season(cat.Code), cat.Season, current,
                cutoff, firstDay, days);
            if (f.Expected < 1 && !f.SeasonStarts) continue;
            rows.Add(new OutlookRow(cat.Code, cat.Name, Math.Round(f.Expected), Math.Round(f.Low), Math.Round(f.High),
                f.LastYear, f.Current, f.SeasonStarts ? names.Season(cat.Code) : null, f.Basis)
            {
                Direction = f.Direction, CurrentLevel = Math.Round(f.CurrentLevel), InSeason = f.InSeason,
            });
        }
        // Seasonal starters first, then the largest expected volumes.
        return rows.OrderByDescending(r => r.Season is not null).ThenByDescending(r => r.Expected)
            .ThenBy(r => r.Category, StringComparer.Ordinal).Take(top).ToList();
    }

    private sealed record Prediction(double Expected, double Low, double High, long Current, double CurrentLevel,
        long? LastYear, bool SeasonStarts, string Direction, string Basis, bool InSeason = false);

    /// <param name="series">Tickets per period key, counted up to the cutoff.</param>
    private static Prediction Forecast(Dictionary<string, long> series, string? season, string rawSeason,
        ReportPeriod current, DateTime cutoff, DateTime firstDay, DayWeights days)
    {
        var next = current.Next;
        long C(ReportPeriod p) => series.GetValueOrDefault(p.Key);
        // A period's days as the city's calls fill them (a holiday counts as the share of a working day it gets), up
        // to the cutoff for the current one: October's National Day week must not read as a fall in every category.
        double Seen(ReportPeriod p) => Math.Max(days.Effective(p.Start, cutoff < p.End ? cutoff : p.End), 1 / 24.0);
        double Rate(ReportPeriod p) => C(p) / Seen(p);
        var nextDays = days.Effective(next.Start, next.End);
        var recent = new[] { current, current.Previous, current.Previous.Previous };
        var currentLevel = Rate(current) * nextDays;
        bool In(ReportPeriod p) => season is not null && SeasonCalendar.InSeason(season, p.Start.AddDays(p.Days / 2));
        var starts = In(next) && !In(current);
        double expected;
        string basis;
        long? ly = null;
        if (firstDay <= next.SameLastYear.Start)
        {
            ly = C(next.SameLastYear);
            var lyRecent = recent.Sum(p => C(p.SameLastYear));
            var trend = lyRecent > 0 && firstDay <= recent[^1].SameLastYear.Start
                ? Math.Clamp(recent.Sum(C) / (double)lyRecent, 0.5, 2) : 1;
            expected = ly.Value * trend;
            basis = trend == 1 ? "去年同期" : $"去年同期×近三期同比（{trend:0.00}）";
        }
        else
        {
            var monthly = current.Kind == PeriodKind.Month;
            (expected, basis) = season switch
            {
                _ when starts => (currentLevel * 2.5, "进入季节"),
                _ when In(current) && !In(next) => (currentLevel * 0.4, "季节结束"),
                _ when monthly && In(current) && !In(current.Previous) => (currentLevel * 1.5, "季节初期"),
                _ when monthly && In(next) && !In(next.Next) => (currentLevel * 0.6, "季节末期"),
                _ when In(current) => (currentLevel, "季节中期"),
                _ when rawSeason == "emerging" => (currentLevel, "新出现事项，按当前水平"),
                // Not in any season: the current level. Measured on the simulated year, the recent periods' weighted
                // mean did worse (direction right 39 % against 47 %, error 19 % against 17 %): it carries the holiday
                // months and the season changes of the other categories along.
                _ => (currentLevel, "本期水平"),
            };
        }
        var rates = recent.Select(p => Rate(p) * nextDays).ToList();
        var mean = rates.Average();
        var variance = rates.Select(x => (x - mean) * (x - mean)).Sum() / 2;
        var phi = mean > 0 ? Math.Clamp(variance / mean, 1, 50) : 1;
        var half = 1.96 * Math.Sqrt(phi * Math.Max(expected, 1));
        return new Prediction(expected, Math.Max(0, expected - half), expected + half, C(current), currentLevel, ly,
            starts, Direction(expected, currentLevel), basis, In(current) && In(next));
    }

    public static string Direction(double value, double from) =>
        from <= 0 ? value > 0 ? "up" : "flat"
        : value > from * (1 + DeadBand) ? "up" : value < from * (1 - DeadBand) ? "down" : "flat";

    /// <summary>Tickets per category and period, received before the cutoff, over the history a forecast
    /// needs.</summary>
    private static Dictionary<string, Dictionary<string, long>> Counts(DuckDBConnection conn, ReportPeriod current,
        DateTime cutoff)
    {
        var from = current.Next.SameLastYear.Start.AddDays(-current.Days * 4);
        // Counted in SQL per period start (date_trunc 'week' is the ISO Monday, as ReportPeriod's weeks).
        return Sql.Rows(conn, """
                SELECT category, date_trunc($unit, received_at) AS period_start, count(*) FROM tickets
                WHERE received_at >= $from AND received_at < $to AND category IS NOT NULL GROUP BY ALL
                """, r =>
                    (Cat: r.GetString(0), Key: ReportPeriod.Containing(current.Kind, r.GetDateTime(1)).Key,
                    N: r.Long(2)),
                ("unit", current.Kind == PeriodKind.Week ? "week" : "month"), ("from", from), ("to", cutoff))
            .GroupBy(x => x.Cat).ToDictionary(g => g.Key, g => g.ToDictionary(x => x.Key, x => x.N));
    }

    /// <summary>
    /// The method replayed on the warehouse's own history: for every month with three months before it and a whole
    /// month after it (before <paramref name="cutoff"/>), the next month is forecast from what was known at its end
    /// and compared with what came, for every category with at least <paramref name="minMonthly"/> tickets a month.
    /// </summary>
    public static OutlookBacktest Backtest(DuckDBConnection conn, Names names, DateTime cutoff, DateTime firstDay,
        int minMonthly = 100)
    {
        var cases = new List<BacktestCase>();
        var calendar = new WorkingCalendar(names.Reference.Holidays);
        var first = ReportPeriod.Containing(PeriodKind.Month, firstDay);
        // The first month must be whole, and three whole months must precede a forecast.
        var month = firstDay == first.Start ? first : first.Next;
        for (var m = month.Next.Next; m.Next.End <= cutoff; m = m.Next)
        {
            if (m.Previous.Previous.Start < month.Start) continue;
            var counts = Counts(conn, m, m.End);
            var actual = Counts(conn, m.Next, m.Next.End);
            var days = DayWeights.Measure(conn, calendar, m.End);
            foreach (var cat in names.Reference.Categories)
            {
                var real = actual.GetValueOrDefault(cat.Code)?.GetValueOrDefault(m.Next.Key) ?? 0;
                var now = counts.GetValueOrDefault(cat.Code)?.GetValueOrDefault(m.Key) ?? 0;
                if ((real + now) / 2.0 < minMonthly) continue;
                var f = Forecast(counts.GetValueOrDefault(cat.Code) ?? [], names.Season(cat.Code), cat.Season, m, m.End,
                    firstDay, days);
                var actualDirection = Direction(real, f.CurrentLevel);
                cases.Add(new BacktestCase(m.Next.Key, cat.Code, cat.Name, now, Math.Round(f.Expected), real,
                    f.Direction, actualDirection, f.LastYear is not null));
            }
        }
        var right = cases.Count(c => c.ForecastDirection == c.ActualDirection);
        var mape = cases.Where(c => c.Actual > 0).Select(c => Math.Abs(c.Expected - c.Actual) / c.Actual)
            .DefaultIfEmpty().Average();
        return new OutlookBacktest(cases.Select(c => c.Month).Distinct().Count(), cases.Count,
            cases.Count == 0 ? null : Math.Round(right / (double)cases.Count, 3),
            cases.Count == 0 ? null : Math.Round(mape, 3), cases);
    }
}
