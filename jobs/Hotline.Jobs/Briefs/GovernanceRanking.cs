namespace Hotline.Jobs.Briefs;

/// <summary>
/// Proactive-governance topics in the spirit of Beijing's 每月一题 (one theme a month with concrete problems): each
/// category in each county is scored volume × growth × dissatisfaction, where growth is the shrunk rate ratio vs the
/// previous period and dissatisfaction is the smoothed share of unsatisfied callbacks ((u + 1) / (rated + 10), so a
/// cell with two callbacks cannot top the list). Each topic names its concrete problems: the sites with most tickets
/// and a masked example title from each.
/// </summary>
internal static class GovernanceRanking
{
    public static List<GovernanceTopic> Build(Names names, KpiSection.Cohort now, KpiSection.Cohort prev, int top = 5,
        int minVolume = 20)
    {
        var before = prev.Tickets.GroupBy(t => (t.Category, t.District)).ToDictionary(g => g.Key, g => (long)g.Count());
        var scored = now.Tickets.Where(t => t.Category is not null && t.District is not null)
            .GroupBy(t => (t.Category, t.District)).Where(g => g.Count() >= minVolume)
            .Select(g =>
            {
                var growth = CountComparison.RateRatio(g.Count(), before.GetValueOrDefault(g.Key), now.Days, prev.Days);
                var rated = g.Count(t => t.Satisfaction is not null && t.ClosedAt < now.Cutoff);
                var unsatisfied = g.Count(t => t.Satisfaction == "unsatisfied" && t.ClosedAt < now.Cutoff);
                var dis = (unsatisfied + 1.0) / (rated + 10.0);
                return (g, growth, dis, score: g.Count() * growth * dis);
            })
            .OrderByDescending(x => x.score).ThenBy(x => x.g.Key.Category, StringComparer.Ordinal).Take(top).ToList();
        return scored.Select((x, i) =>
        {
            var problems = x.g.Where(t => t.Site is not null && !t.Confidential).GroupBy(t => t.Site!)
                .OrderByDescending(s => s.Count()).ThenBy(s => s.Key, StringComparer.Ordinal).Take(3)
                .Select(s =>
                {
                    var site = names.ShortSite(s.Key, x.g.Key.District, s.First().Township);
                    var title = s.Select(t => t.Title).FirstOrDefault(t => !string.IsNullOrEmpty(t)) ?? "";
                    return $"{site}（{names.Area(s.First().Township)}，{s.Count()} 件）：" + TextMasker.Mask(title);
                })
                .ToList();
            return new GovernanceTopic(i + 1, x.g.Key.Category!, names.Category(x.g.Key.Category),
                names.Area(x.g.Key.District), x.g.Count(),
                Math.Round(x.growth, 2), Math.Round(x.dis, 3), Math.Round(x.score, 2), problems);
        }).ToList();
    }
}
