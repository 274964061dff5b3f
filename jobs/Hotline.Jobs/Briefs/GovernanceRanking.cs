using Hotline.Models.Hotspots;

namespace Hotline.Jobs.Briefs;

/// <summary>
/// Proactive-governance candidates in the spirit of Beijing's 每月一题 (one matter a month, taken up city-wide with
/// concrete problems): each category across the whole city is ranked by volume × growth × dissatisfaction, where
/// growth is the shrunk rate ratio vs the previous period and dissatisfaction is the smoothed share of unsatisfied
/// callbacks ((u + 1) / (rated + 10), so a matter with two callbacks cannot top the list). A matter is one candidate
/// however many counties it touches (it names the counties with most tickets). Each names the lead department and
/// co-units of the dispatch catalogue, its concrete problems (the subjects its tickets name most, with a masked
/// title) and the causes its callers state (<see cref="CauseFinder"/>).
/// The score only orders the list; the brief prints the figures behind it, not the score.
/// </summary>
internal static class GovernanceRanking
{
    public static List<GovernanceTopic> Build(DuckDBConnection conn, Names names, TopicSubjects subjects,
        KpiSection.Cohort now, KpiSection.Cohort prev, int top = 5, int minVolume = 20)
    {
        var before = prev.Tickets.GroupBy(t => t.Category).ToDictionary(g => g.Key ?? "", g => (long)g.Count());
        var scored = now.Tickets.Where(t => t.Category is not null)
            .GroupBy(t => t.Category!).Where(g => g.Count() >= minVolume)
            .Select(g =>
            {
                var rated = g.Count(t => t.Satisfaction is not null && t.ClosedAt < now.Cutoff);
                var unsatisfied = g.Count(t => t.Satisfaction == "unsatisfied" && t.ClosedAt < now.Cutoff);
                var (growth, dis, score) = Score(g.Count(), before.GetValueOrDefault(g.Key), now.Days, prev.Days,
                    rated, unsatisfied);
                return (g, growth, dis, score);
            })
            .OrderByDescending(x => x.score).ThenBy(x => x.g.Key, StringComparer.Ordinal).Take(top).ToList();
        return scored.Select((x, i) =>
        {
            // The concrete problems are the subjects the callers' texts name (a gym, a compound, a project), not
            // where the callers live; the sites of the addresses fill the list only where texts name too few.
            string Where(TicketFact t, bool named) => named && subjects.Of(t) is null ? "" : subjects.Place(t);
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
            var (causes, read) = Causes(conn, x.g.Where(t => !t.Confidential).Select(t => t.TicketId).ToList());
            return new GovernanceTopic(i + 1, x.g.Key, names.Category(x.g.Key), string.Join("、", counties),
                x.g.Count(), Math.Round(x.growth, 2), Math.Round(x.dis, 3), Math.Round(x.score, 2), problems)
            {
                Lead = lead, CoUnits = co, Previous = before.GetValueOrDefault(x.g.Key),
                Causes = causes, CauseTexts = read,
            };
        }).ToList();
    }

    /// <summary>
    /// The score that orders the candidates: volume × shrunk growth × smoothed dissatisfaction. Shared with the
    /// follow-up of earlier months (<see cref="GovernanceFollowUp"/>), which must choose as the brief then chose.
    /// </summary>
    public static (double Growth, double Dissatisfaction, double Score) Score(long count, long previous, double days,
        double previousDays, long rated, long unsatisfied)
    {
        var growth = CountComparison.RateRatio(count, previous, days, previousDays);
        var dis = (unsatisfied + 1.0) / (rated + 10.0);
        return (growth, dis, count * growth * dis);
    }

    /// <summary>What the matter's callers give as its cause, read from a sample of its (masked) texts.</summary>
    private static (IReadOnlyList<Cause> Causes, int Read) Causes(DuckDBConnection conn, List<string> ids)
    {
        // A sample spread over the period (by hash, not the first days): causes are named by some callers only,
        // and 600 texts hold those that recur.
        var texts = Sql.Rows(conn, """
            SELECT coalesce(title, '') || '。' || coalesce(content, '') FROM tickets
            WHERE ticket_id IN (SELECT unnest($ids)) ORDER BY hash(ticket_id) LIMIT 600
            """, r => TextMasker.Mask(r.GetString(0)), ("ids", ids));
        return (CauseFinder.Find(texts), texts.Count);
    }
}
