using Hotline.Models.Hotspots;

namespace Hotline.Jobs.Briefs;

/// <summary>
/// Proactive-governance candidates in the spirit of Beijing's 每月一题 (one matter a month, taken up city-wide with
/// concrete problems): each category across the whole city is ranked by volume × growth × dissatisfaction, where
/// growth is the shrunk rate ratio vs the previous period and dissatisfaction is the smoothed share of unsatisfied
/// callbacks ((u + 1) / (rated + 10), so a matter with two callbacks cannot top the list). A matter is one candidate
/// however many counties it touches (it names the counties with most tickets). Each names the lead department and
/// co-units of the dispatch catalogue, and its concrete problems: the sites with most tickets, with a masked title.
/// The score only orders the list; the brief prints the figures behind it, not the score.
/// </summary>
internal static class GovernanceRanking
{
    public static List<GovernanceTopic> Build(Names names, KpiSection.Cohort now, KpiSection.Cohort prev, int top = 5,
        int minVolume = 20)
    {
        var finder = new SubjectFinder(names.AreaNames);
        var before = prev.Tickets.GroupBy(t => t.Category).ToDictionary(g => g.Key ?? "", g => (long)g.Count());
        var scored = now.Tickets.Where(t => t.Category is not null)
            .GroupBy(t => t.Category!).Where(g => g.Count() >= minVolume)
            .Select(g =>
            {
                var growth = CountComparison.RateRatio(g.Count(), before.GetValueOrDefault(g.Key), now.Days, prev.Days);
                var rated = g.Count(t => t.Satisfaction is not null && t.ClosedAt < now.Cutoff);
                var unsatisfied = g.Count(t => t.Satisfaction == "unsatisfied" && t.ClosedAt < now.Cutoff);
                var dis = (unsatisfied + 1.0) / (rated + 10.0);
                return (g, growth, dis, score: g.Count() * growth * dis);
            })
            .OrderByDescending(x => x.score).ThenBy(x => x.g.Key, StringComparer.Ordinal).Take(top).ToList();
        return scored.Select((x, i) =>
        {
            // The concrete problems are the subjects the callers' titles name (a gym, a compound, a project), not
            // where the callers live; the sites of the addresses fill the list only where titles name too few.
            string Where(TicketFact t, bool named) => finder.Find(t.Title, null) is { } s
                ? (s.CityWide ? "全市·" : names.Area(t.District)) + s.Name
                : named || t.Site is null ? "" : names.Area(t.District) + names.Area(t.Township) + "·"
                    + names.ShortSite(t.Site, t.District, t.Township);
            IEnumerable<IGrouping<string, TicketFact>> Groups(bool named) => x.g.Where(t => !t.Confidential)
                .GroupBy(t => Where(t, named)).Where(s => s.Key.Length > 0)
                .OrderByDescending(s => s.Count()).ThenBy(s => s.Key, StringComparer.Ordinal);
            var problems = Groups(named: true).Where(s => s.Count() >= 2).Concat(Groups(named: false))
                .DistinctBy(s => s.Key).Take(3)
                .Select(s =>
                {
                    var title = s.Select(t => t.Title).FirstOrDefault(t => !string.IsNullOrEmpty(t)) ?? "";
                    return $"{s.Key}（{s.Count()} 件）：" + TextMasker.Mask(title);
                })
                .ToList();
            var counties = x.g.Where(t => t.District is not null).GroupBy(t => t.District)
                .OrderByDescending(c => c.Count()).ThenBy(c => c.Key, StringComparer.Ordinal).Take(3)
                .Select(c => $"{names.Area(c.Key)} {c.Count()} 件");
            var (lead, co) = names.CityLead(x.g.Key);
            return new GovernanceTopic(i + 1, x.g.Key, names.Category(x.g.Key), string.Join("、", counties),
                x.g.Count(), Math.Round(x.growth, 2), Math.Round(x.dis, 3), Math.Round(x.score, 2), problems)
            {
                Lead = lead, CoUnits = co, Previous = before.GetValueOrDefault(x.g.Key),
            };
        }).ToList();
    }
}
