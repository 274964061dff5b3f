namespace Hotline.Ingest.Tests.Reference;

public class WorkingCalendarTests
{
    private static readonly WorkingCalendar Cal = WorkingCalendar.Default;

    [Theory]
    [InlineData("2025-01-28", false)] // Spring Festival holiday (a Tuesday)
    [InlineData("2025-01-26", true)]  // make-up working Sunday
    [InlineData("2025-02-08", true)]  // make-up working Saturday
    [InlineData("2025-10-08", false)] // National Day + Mid-Autumn
    [InlineData("2025-10-11", true)]  // make-up working Saturday
    [InlineData("2026-02-14", true)]  // make-up working Saturday before the 2026 Spring Festival
    [InlineData("2026-02-23", false)]
    [InlineData("2025-03-08", false)] // an ordinary Saturday
    public void Holidays_and_make_up_days_follow_the_official_calendar(string day, bool working) =>
        Assert.Equal(working, Cal.IsWorkingDay(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Working_day_deadlines_skip_the_spring_festival()
    {
        // Dispatched Monday 27 Jan 2025, 10:00: holiday 28 Jan–4 Feb; 5, 6, 7 Feb are working days.
        var due = Cal.DueAt(new DateTime(2025, 1, 27, 10, 0, 0), "3wd", alwaysOn: false);
        Assert.Equal(new DateTime(2025, 2, 7, 10, 0, 0), due);
        // A 7x24 utility counts clock days.
        Assert.Equal(new DateTime(2025, 1, 30, 10, 0, 0),
            Cal.DueAt(new DateTime(2025, 1, 27, 10, 0, 0), "3wd", alwaysOn: true));
        Assert.Equal(new DateTime(2025, 1, 27, 12, 0, 0),
            Cal.DueAt(new DateTime(2025, 1, 27, 10, 0, 0), "2h", alwaysOn: false));
    }

    [Fact]
    public void A_ticket_dispatched_on_a_rest_day_counts_from_the_next_working_morning()
    {
        // Saturday 8 March 2025, 22:00 → counting starts Monday 10 March 09:00; 3 working days → Thursday 13 March
        // 09:00.
        Assert.Equal(new DateTime(2025, 3, 13, 9, 0, 0),
            Cal.DueAt(new DateTime(2025, 3, 8, 22, 0, 0), "3wd", alwaysOn: false));
    }
}
