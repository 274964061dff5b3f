namespace Hotline.Ingest.Reference;

/// <summary>
/// China's official working-day calendar: weekends are rest days except make-up working days (调休), and
/// public holidays are rest days. Deadlines in working days (B19: 3 or 5 working days) count on this calendar;
/// 7x24 sectors (L28, T18, B19: water, power, gas, heating, telecom) count clock hours instead.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly Dictionary<DateOnly, string> _special;

    public WorkingCalendar(IEnumerable<Holiday> days) => _special = days.ToDictionary(h => h.Day, h => h.Kind);

    public static WorkingCalendar Default { get; } = new(ReferenceData.Default.Holidays);

    /// <summary>First and last years the shipped calendar covers; outside them only weekends are known.</summary>
    public (int First, int Last) CoveredYears => _special.Count == 0 ? (0, 0)
        : (_special.Keys.Min().Year, _special.Keys.Max().Year);

    public bool IsWorkingDay(DateOnly day)
    {
        if (_special.TryGetValue(day, out var kind)) return kind == "workday";
        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    public bool IsHoliday(DateOnly day) => _special.TryGetValue(day, out var k) && k == "holiday";

    /// <summary>
    /// The moment N working days after <paramref name="start"/>: same clock time on the Nth following working
    /// day. A start on a rest day counts from the next working day's opening (09:00), so a ticket received on a
    /// Saturday night is not already half-way to its deadline.
    /// </summary>
    public DateTime AddWorkingDays(DateTime start, int days)
    {
        var day = DateOnly.FromDateTime(start);
        var time = start.TimeOfDay;
        if (!IsWorkingDay(day))
        {
            while (!IsWorkingDay(day)) day = day.AddDays(1);
            time = TimeSpan.FromHours(9);
        }
        for (var i = 0; i < days; i++)
        {
            day = day.AddDays(1);
            while (!IsWorkingDay(day)) day = day.AddDays(1);
        }
        return day.ToDateTime(TimeOnly.FromTimeSpan(time));
    }

    /// <summary>Working days between two moments (whole days, rest days not counted).</summary>
    public int WorkingDaysBetween(DateTime from, DateTime to)
    {
        var n = 0;
        for (var d = DateOnly.FromDateTime(from).AddDays(1); d <= DateOnly.FromDateTime(to); d = d.AddDays(1))
            if (IsWorkingDay(d)) n++;
        return n;
    }

    /// <summary>
    /// Due time for a deadline tier (2h, 24h, 3wd, 5wd); always-on units count working-day tiers as clock days.
    /// </summary>
    public DateTime DueAt(DateTime dispatchedAt, string tier, bool alwaysOn) => tier switch
    {
        "2h" => dispatchedAt.AddHours(2),
        "24h" => dispatchedAt.AddHours(24),
        "3wd" => alwaysOn ? dispatchedAt.AddDays(3) : AddWorkingDays(dispatchedAt, 3),
        "5wd" => alwaysOn ? dispatchedAt.AddDays(5) : AddWorkingDays(dispatchedAt, 5),
        _ => throw new ArgumentException($"unknown deadline tier '{tier}'", nameof(tier)),
    };
}
