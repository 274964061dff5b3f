namespace Hotline.Jobs.Periods;

public enum PeriodKind { Day, Week, Month }

/// <summary>
/// A reporting period in China local time, [Start, End). Weeks are ISO weeks (Monday first), the way the centre's
/// weekly meetings count them. <see cref="Key"/> names the period in file names, job runs and API paths.
/// </summary>
public sealed record ReportPeriod(PeriodKind Kind, DateTime Start, DateTime End)
{
    public string Key => Kind switch
    {
        PeriodKind.Day => Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        PeriodKind.Week => $"{ISOWeek.GetYear(Start)}-W{ISOWeek.GetWeekOfYear(Start):00}",
        _ => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
    };

    /// <summary>Chinese label for titles: 2025年12月, 2025年第52周, 2025年12月31日.</summary>
    public string Label => Kind switch
    {
        PeriodKind.Day => Start.ToString("yyyy年M月d日", CultureInfo.InvariantCulture),
        PeriodKind.Week =>
            $"{ISOWeek.GetYear(Start)}年第{ISOWeek.GetWeekOfYear(Start)}周（{Start:M月d日}–{End.AddDays(-1):M月d日}）",
        _ => Start.ToString("yyyy年M月", CultureInfo.InvariantCulture),
    };

    public double Days => (End - Start).TotalDays;

    /// <summary>The period that contains <paramref name="instant"/>.</summary>
    public static ReportPeriod Containing(PeriodKind kind, DateTime instant)
    {
        var day = instant.Date;
        return kind switch
        {
            PeriodKind.Day => new(kind, day, day.AddDays(1)),
            PeriodKind.Week =>
                new(kind, day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
                day.AddDays(7 - (((int)day.DayOfWeek + 6) % 7))),
            _ => new(kind, new DateTime(day.Year, day.Month, 1), new DateTime(day.Year, day.Month, 1).AddMonths(1)),
        };
    }

    /// <summary>
    /// The period a job run reports on for a data cutoff: the one containing the last instant before it.
    /// </summary>
    public static ReportPeriod ForCutoff(PeriodKind kind, DateTime cutoff) => Containing(kind, cutoff.AddTicks(-1));

    public ReportPeriod Previous => Containing(Kind, Start.AddTicks(-1));
    public ReportPeriod Next => Containing(Kind, End);

    /// <summary>The same period a year earlier: the same month, or the ISO week with the same number.</summary>
    public ReportPeriod SameLastYear => Kind switch
    {
        PeriodKind.Week => Containing(Kind, ISOWeek.ToDateTime(ISOWeek.GetYear(Start) - 1,
            Math.Min(ISOWeek.GetWeekOfYear(Start), ISOWeek.GetWeeksInYear(ISOWeek.GetYear(Start) - 1)),
                DayOfWeek.Monday)),
        _ => Containing(Kind, Start.AddYears(-1)),
    };

    /// <summary>Parses a key as printed by <see cref="Key"/> (for API paths and the CLI).</summary>
    /// <remarks>Years outside 1901–2999 are refused: the end of a period in 9999 is not a representable date.</remarks>
    public static ReportPeriod Parse(string key)
    {
        if (DateTime.TryParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            && Plausible(d.Year)) return Containing(PeriodKind.Day, d);
        if (DateTime.TryParseExact(key, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m)
            && Plausible(m.Year)) return Containing(PeriodKind.Month, m);
        var parts = key.Split("-W");
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var w) && Plausible(y)
                && w >= 1 && w <= ISOWeek.GetWeeksInYear(y))
            return Containing(PeriodKind.Week, ISOWeek.ToDateTime(y, w, DayOfWeek.Monday));
        throw new FormatException($"not a period: '{(key.Length <= 40 ? key : key[..40] + "…")}' (expected 2025-12, "
            + "2025-W52 or 2025-12-31)");
    }

    private static bool Plausible(int year) => year is > 1900 and < 3000;

    /// <summary>
    /// A CLI --as-of value as a data cutoff: a bare date means "through the end of that day"; a date and time is the
    /// cutoff itself. China local time either way.
    /// </summary>
    public static DateTime ParseCutoff(string text)
    {
        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
            out var day)) return day.AddDays(1);
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return t;
        throw new FormatException($"--as-of: not a date or date-time: '{text}' (e.g. 2025-12-31 or 2025-12-31T08:00)");
    }
}
