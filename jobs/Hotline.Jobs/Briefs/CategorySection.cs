namespace Hotline.Jobs.Briefs;

/// <summary>
/// Top categories and the biggest movers. A mover must be significant after a Bonferroni correction over all
/// categories compared (p · m &lt; 0.05) and involve at least 10 tickets, so small numbers never make a headline.
/// </summary>
internal static class CategorySection
{
    public static (List<CategoryRow> Top, List<CategoryRow> Movers) Build(Names names, KpiSection.Cohort now,
        KpiSection.Cohort prev, KpiSection.Cohort? lastYear, int top = 10)
    {
        var cur = Counts(now.Tickets);
        var pre = Counts(prev.Tickets);
        var ly = lastYear is null ? null : Counts(lastYear.Tickets);
        var keys = cur.Keys.Union(pre.Keys).ToList();
        var m = Math.Max(1, keys.Count);
        var rows = keys.Select(k =>
        {
            long c = cur.GetValueOrDefault(k), p = pre.GetValueOrDefault(k);
            var pv = CountComparison.PValue(c, p, now.Days, prev.Days);
            return new CategoryRow(k, names.Category(k), names.Group(k), c, p, ly?.GetValueOrDefault(k),
                Math.Round(CountComparison.RateRatio(c, p, now.Days, prev.Days), 3),
                Math.Round(pv, 6), pv * m < 0.05 && c + p >= 10);
        }).ToList();
        var topRows = rows.OrderByDescending(r => r.Count).ThenBy(r => r.Code, StringComparer.Ordinal).Take(top)
            .ToList();
        var movers = rows.Where(r => r.Significant)
            .OrderByDescending(r => Math.Abs(r.Count - r.Previous * now.Days / prev.Days))
                .ThenBy(r => r.Code, StringComparer.Ordinal).Take(top).ToList();
        return (topRows, movers);
    }

    private static Dictionary<string, long> Counts(List<TicketFact> t) =>
        t.GroupBy(x => x.Category ?? "未分类").ToDictionary(g => g.Key, g => (long)g.Count());
}
