using Hotline.Jobs.Briefs;
using Hotline.Jobs.Periods;

namespace Hotline.Jobs.Tests.Periods;

public class ReportPeriodTests
{
    [Fact]
    public void Periods_have_keys_neighbours_and_same_period_last_year()
    {
        var m = ReportPeriod.ForCutoff(PeriodKind.Month, ReportPeriod.ParseCutoff("2025-12-31"));
        Assert.Equal("2025-12", m.Key);
        Assert.Equal(new DateTime(2026, 1, 1), m.End);
        Assert.Equal("2025-11", m.Previous.Key);
        Assert.Equal("2024-12", m.SameLastYear.Key);
        Assert.Equal("2026-01", m.Next.Key);

        // a Wednesday in ISO week 2026-W01
        var w = ReportPeriod.Containing(PeriodKind.Week, new DateTime(2025, 12, 31, 15, 0, 0));
        Assert.Equal("2026-W01", w.Key);
        Assert.Equal(new DateTime(2025, 12, 29), w.Start);
        Assert.Equal(DayOfWeek.Monday, w.Start.DayOfWeek);
        Assert.Equal("2025-W01", w.SameLastYear.Key);

        Assert.Equal(new DateTime(2025, 12, 31, 8, 0, 0), ReportPeriod.ParseCutoff("2025-12-31T08:00"));
        Assert.Equal("2025-12-31", ReportPeriod.ForCutoff(PeriodKind.Day, new DateTime(2026, 1, 1)).Key);
        Assert.Equal(m, ReportPeriod.Parse("2025-12"));
        Assert.Equal(w, ReportPeriod.Parse("2026-W01"));
        Assert.Throws<FormatException>(() => ReportPeriod.Parse("2025-W54"));
        Assert.Throws<FormatException>(() => ReportPeriod.ParseCutoff("yesterday"));
    }
}

public class CountComparisonTests
{
    [Fact]
    public void Small_counts_are_not_significant_and_large_changes_are()
    {
        // 1 → 4 tickets over equal periods: n = 5, p = 1/2; P(X ≥ 4) = (5 + 1) / 32, two-sided 0.375 (by hand).
        Assert.Equal(0.375, CountComparison.PValue(4, 1), 9);
        // 0 → 0: nothing to test.
        Assert.Equal(1, CountComparison.PValue(0, 0));
        // 150 vs 100 tickets over equal periods is far beyond chance; 100 vs 100 is not.
        Assert.True(CountComparison.PValue(150, 100) < 0.01);
        Assert.True(CountComparison.PValue(100, 100) > 0.9);
        // Exposure matters: 62 in 31 days vs 60 in 30 days is the same daily rate.
        Assert.True(CountComparison.PValue(62, 60, 31, 30) > 0.9);
    }
}
