namespace Hotline.Jobs.Scorecard;

/// <param name="Group">The group the unit is ranked within (<see cref="UnitGroups"/>); null: listed, never
/// ranked.</param>
/// <param name="Rank">Within the group.</param>
public sealed record UnitScore(int? Rank, string UnitId, string UnitName, string Kind, long Tickets, double? Response,
    double? OnTime, double? Resolution,
    double? Satisfaction, double? ReturnRate, double? ReopenRate, double? Score, int? PreviousRank,
        double? PreviousScore, string? Group = null)
{
    /// <summary>The score's 95 % interval from the binomial noise of its rates (each over its own
    /// denominator).</summary>
    public double? Low { get; init; }
    public double? High { get; init; }
    /// <summary>The ranks the unit could hold given the noise: others surely better or surely worse (intervals
    /// apart) fix it; the rest overlap.</summary>
    public int? BestRank { get; init; }
    public int? WorstRank { get; init; }
    /// <summary>红榜 (above the group's mean beyond noise), 黑榜 (below it beyond noise), or null.</summary>
    public string? Board { get; init; }
    /// <summary>For the 黑榜: the rates furthest below the group's mean, in words.</summary>
    public IReadOnlyList<string> LostPoints { get; init; } = [];
}

public sealed record UnitScorecardReport(string Period, DateTime Cutoff, int MinTickets,
    IReadOnlyList<UnitScore> Units);

/// <summary>
/// The monthly unit scorecard (B36; ranked and reported, G18, T22). Rates follow docs/indicators.md over the tickets
/// each unit led that were received in the month; the return rate counts the unit's own returns of the month's
/// dispatches to it. Score = the mean of the six rates, with return and reopen counted as (1 − rate); units with fewer
/// than <see cref="MinTickets"/> tickets are listed but not ranked (a rate over five tickets is noise).
/// </summary>
public sealed class UnitScorecard(ReferenceData reference)
{
    public int MinTickets { get; init; } = 20;
    private readonly Names _names = new(reference);
    private readonly Indicators _ind = new(new WorkingCalendar(reference.Holidays));

    public UnitScorecardReport Build(DuckDBConnection conn, ReportPeriod month, DateTime cutoff)
    {
        cutoff = cutoff > month.End ? month.End : cutoff;
        var now = Scores(conn, month, cutoff);
        var prev = Scores(conn, month.Previous, month.Previous.End + (cutoff - month.End)).ToDictionary(s => s.UnitId);
        var merged = now.Select(s =>
            s with
            {
                PreviousRank = prev.GetValueOrDefault(s.UnitId)?.Rank,
                PreviousScore = prev.GetValueOrDefault(s.UnitId)?.Score
            }).ToList();
        return new UnitScorecardReport(month.Key, cutoff, MinTickets, merged);
    }

    private List<UnitScore> Scores(DuckDBConnection conn, ReportPeriod month, DateTime cutoff)
    {
        var end = cutoff < month.End ? cutoff : month.End;
        var facts = TicketFact.Load(conn, month.Start, end).Where(t => t.LeadUnit is not null).ToList();
        var returns = Sql.Rows(conn, """
            SELECT unit_id, count(*) FILTER (WHERE type = 'dispatched'), count(*) FILTER (WHERE type = 'returned')
            FROM ticket_events WHERE type IN ('dispatched',
                'returned') AND unit_id IS NOT NULL AND occurred_at >= $from AND occurred_at < $to
            GROUP BY unit_id
            """, r => (Unit: r.GetString(0), Dispatched: r.Long(1), Returned: r.Long(2)), ("from", month.Start),
                ("to", end)).ToDictionary(x => x.Unit);
        var rows = facts.GroupBy(t => t.LeadUnit!).Select(g =>
        {
            var list = g.ToList();
            double? ret = returns.TryGetValue(g.Key, out var r) && r.Dispatched > 0
                ? Math.Min(1, r.Returned / (double)r.Dispatched) : null;
            var reopen = Indicators.Reopens(list, cutoff).Value;
            double?[] parts = [_ind.Response(list, cutoff).Value, Indicators.OnTime(list, cutoff).Value,
                Indicators.Resolution(list, cutoff).Value,
                Indicators.Satisfaction(list, cutoff).Value, 1 - ret, 1 - reopen];
            var known = parts.OfType<double>().ToList();
            var group = UnitGroups.Of(g.Key, _names.UnitKind(g.Key));
            var score = group is not null && list.Count >= MinTickets && known.Count >= 4
                ? Math.Round(known.Average(), 4) : (double?)null;
            // The score's noise: each rate's binomial variance over its own denominator, averaged as the score is.
            long[] denominators = [_ind.Response(list, cutoff).Denominator, Indicators.OnTime(list, cutoff).Denominator,
                Indicators.Resolution(list, cutoff).Denominator, Indicators.Satisfaction(list, cutoff).Denominator,
                r.Dispatched, Indicators.Reopens(list, cutoff).Denominator];
            var variance = parts.Select((p, i) => p is { } v && denominators[i] > 0
                ? v * (1 - v) / denominators[i] : (double?)null).OfType<double>().ToList();
            var se = variance.Count > 0 ? Math.Sqrt(variance.Sum()) / variance.Count : 0;
            return new UnitScore(null, g.Key, _names.Unit(g.Key), _names.UnitKind(g.Key), list.Count, R(parts[0]),
                R(parts[1]), R(parts[2]), R(parts[3]), R(ret),
                R(reopen), score, null, null, group)
            {
                Low = score is { } sc ? R(Math.Max(0, sc - 1.96 * se)) : null,
                High = score is { } sh ? R(Math.Min(1, sh + 1.96 * se)) : null,
            };
        }).ToList();
        // Ranked within each group, in the groups' order; then the small ones (listed, not ranked); then the
        // units never ranked.
        var result = new List<UnitScore>();
        foreach (var name in UnitGroups.Order)
        {
            var members = rows.Where(s => s.Group == name).ToList();
            result.AddRange(Boards(members.Where(s => s.Score is not null).OrderByDescending(s => s.Score)
                .ThenBy(s => s.UnitId, StringComparer.Ordinal).Select((s, i) => s with { Rank = i + 1 }).ToList()));
            result.AddRange(members.Where(s => s.Score is null).OrderByDescending(s => s.Tickets)
                .ThenBy(s => s.UnitId, StringComparer.Ordinal));
        }
        result.AddRange(rows.Where(s => s.Group is null).OrderByDescending(s => s.Tickets)
            .ThenBy(s => s.UnitId, StringComparer.Ordinal));
        return result;
    }

    private static double? R(double? v) => v is { } x ? Math.Round(x, 4) : null;

    /// <summary>
    /// Within one group: the ranks each unit could hold (its interval against the others'), and the 红黑榜 — a unit
    /// on the red board is above the group's mean beyond its noise, one on the black board below it, with the rates
    /// that cost it most. Differences within noise rank nobody above anybody.
    /// </summary>
    private static List<UnitScore> Boards(List<UnitScore> ranked)
    {
        if (ranked.Count == 0) return ranked;
        var mean = ranked.Average(u => u.Score!.Value);
        (string Name, Func<UnitScore, double?> Get, bool Lower)[] rates =
        [
            ("响应率", u => u.Response, false), ("按时办结率", u => u.OnTime, false), ("解决率", u => u.Resolution, false),
            ("满意率", u => u.Satisfaction, false), ("退单率", u => u.ReturnRate, true), ("重办率", u => u.ReopenRate, true),
        ];
        var averages = rates.Select(r => ranked.Select(r.Get).OfType<double>().DefaultIfEmpty(0).Average()).ToArray();
        return ranked.Select(u =>
        {
            var better = ranked.Count(o => o != u && o.Low > u.High);
            var worse = ranked.Count(o => o != u && o.High < u.Low);
            var board = u.Low > mean ? "红榜" : u.High < mean ? "黑榜" : null;
            var lost = board != "黑榜" ? [] : rates.Select((r, i) => (r, i, v: r.Get(u)))
                .Where(x => x.v is not null)
                .Select(x => (x.r.Name, x.v!.Value, Avg: averages[x.i],
                    Gap: x.r.Lower ? x.v!.Value - averages[x.i] : averages[x.i] - x.v!.Value))
                .Where(x => x.Gap > 0.01).OrderByDescending(x => x.Gap).Take(2)
                .Select(x => $"{x.Name} {x.Item2 * 100:0.0}%（组内平均 {x.Avg * 100:0.0}%）").ToList();
            return u with { BestRank = better + 1, WorstRank = ranked.Count - worse, Board = board, LostPoints = lost };
        }).ToList();
    }
}
