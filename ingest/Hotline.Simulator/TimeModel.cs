namespace Hotline.Simulator;

/// <summary>
/// When tickets arrive: weekly and holiday effects on daily volume, a slow upward trend, the hour-of-day
/// shape, and each season profile's monthly multiplier on category shares. Figures are plausible shapes for a
/// city hotline (busy weekday mornings, quiet nights and holidays), not fitted to a real city.
/// </summary>
public sealed class TimeModel(WorkingCalendar calendar, SimulatorOptions options)
{
    // Mon..Sun, mean 1.0
    private static readonly double[] DayOfWeek = [1.14, 1.07, 1.04, 1.02, 1.00, 0.89, 0.84];

    private static readonly double[] HourWeights =
        [0.35, 0.22, 0.15, 0.12, 0.12, 0.22, 0.6, 1.6, 3.8, 5.6, 6.0, 5.2, 3.2, 3.4, 5.0, 5.5, 5.0, 4.0, 3.0, 3.0, 2.8,
            2.2, 1.5, 0.8];

    public static readonly double[] HourCumulative = SimRandom.Cumulative(HourWeights);
    public static readonly double[] FlatHours = SimRandom.Cumulative(Enumerable.Repeat(1.0, 24));

    private static readonly Dictionary<string, double[]> SeasonByMonth = new()
    {
        // index 0 = January
        ["heating"] = [6.0, 5.0, 2.5, 0.4, 0.15, 0.15, 0.15, 0.15, 0.15, 0.7, 4.0, 6.0],
        ["flood"] = [0.3, 0.3, 0.3, 0.4, 0.6, 2.0, 4.0, 4.0, 1.5, 0.5, 0.3, 0.3],
        ["school_admission"] = [0.3, 0.4, 0.6, 0.6, 0.8, 2.5, 4.0, 4.0, 1.5, 0.4, 0.3, 0.3],
        ["wage_festival"] = [3.5, 1.8, 0.7, 0.7, 0.7, 0.8, 0.8, 0.8, 0.8, 0.9, 1.3, 2.4],
        ["summer_power"] = [0.9, 0.7, 0.6, 0.6, 0.9, 1.6, 3.0, 3.0, 1.3, 0.7, 0.7, 0.9],
    };

    public double DailyVolume(DateOnly day, SimRandom rng)
    {
        var working = calendar.IsWorkingDay(day);
        var dow = DayOfWeek[((int)day.DayOfWeek + 6) % 7];
        // Make-up working weekends behave like weekdays; holidays are quieter still than weekends.
        var factor = calendar.IsHoliday(day) ? 0.66 : working && dow < 1 ? 1.0 : dow;
        var years = (day.DayNumber - options.Start.DayNumber) / 365.0;
        var trend = 1.0 + 0.08 * years;
        return options.TicketsPerDay * factor * trend * Math.Exp(rng.Normal(0, 0.05));
    }

    public static double Season(string season, DateOnly day) =>
        SeasonByMonth.TryGetValue(season, out var m) ? m[day.Month - 1] : 1.0;

    /// <summary>Emerging topics are absent until their start, then grow over three weeks to a plateau.</summary>
    public static double Emerging(DateOnly day, DateOnly start)
    {
        if (day < start) return 0;
        var days = day.DayNumber - start.DayNumber;
        return Math.Min(3.0, 0.15 * Math.Exp(days / 7.0));
    }

    public static DateTime AtHour(DateOnly day, SimRandom rng, double[] hourCumulative)
    {
        var hour = rng.Weighted(hourCumulative);
        return day.ToDateTime(new TimeOnly(hour, 0)).AddSeconds(rng.Int(3600));
    }
}
