namespace Hotline.Jobs.Briefs;

/// <summary>
/// How much of a working day's calls a rest day and a public holiday bring, measured on the city's own recent
/// history (the 120 days before the cutoff, all tickets): a period's "effective days" weigh its days by these, so a
/// month with a holiday week is compared with others on equal terms. Without enough history, every day weighs 1.
/// </summary>
internal sealed class DayWeights(WorkingCalendar calendar, double restDay, double holiday)
{
    public static DayWeights Measure(DuckDBConnection conn, WorkingCalendar calendar, DateTime cutoff)
    {
        var daily = Sql.Rows(conn, """
            SELECT CAST(received_at AS DATE), count(*) FROM tickets
            WHERE received_at >= $from AND received_at < $to GROUP BY 1
            """, r => (Day: DateOnly.FromDateTime(r.GetDateTime(0)), N: r.Long(1)),
            ("from", cutoff.Date.AddDays(-120)), ("to", cutoff.Date));
        double? Mean(Func<DateOnly, bool> which) => daily.Where(d => which(d.Day)).Select(d => (double)d.N)
            .DefaultIfEmpty(double.NaN).Average() is var m && double.IsFinite(m) ? m : null;
        var working = Mean(calendar.IsWorkingDay);
        var rest = Mean(d => !calendar.IsWorkingDay(d) && !calendar.IsHoliday(d));
        var holidays = Mean(calendar.IsHoliday);
        if (working is not > 0 || daily.Count < 28) return new DayWeights(calendar, 1, 1);
        var restWeight = rest is { } r ? Math.Clamp(r / working.Value, 0.2, 1.5) : 1;
        return new DayWeights(calendar, restWeight,
            holidays is { } h ? Math.Clamp(h / working.Value, 0.2, 1.5) : restWeight);
    }

    /// <summary>The effective days in [from, to).</summary>
    public double Effective(DateTime from, DateTime to)
    {
        var total = 0.0;
        for (var d = from.Date; d < to; d = d.AddDays(1))
        {
            var share = Math.Min(1, (to - d).TotalDays);
            var day = DateOnly.FromDateTime(d);
            total += share * (calendar.IsHoliday(day) ? holiday : calendar.IsWorkingDay(day) ? 1 : restDay);
        }
        return total;
    }
}
