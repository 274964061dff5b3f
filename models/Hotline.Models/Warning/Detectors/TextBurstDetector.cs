namespace Hotline.Models.Warning.Detectors;

/// <summary>
/// Near-duplicate tickets from distinct callers about the same place within hours: "ten people smell gas at one
/// compound" shows up as similar wording before any category count moves, and whatever category each ticket got.
/// Within each township/street, tickets of the last <see cref="Window"/> are linked when their character-bigram
/// Jaccard similarity is at least <see cref="MinSimilarity"/>; a connected group with at least
/// <see cref="MinCallers"/> distinct callers that gained a ticket since the last scan is a signal.
/// </summary>
public sealed class TextBurstDetector(Func<string?, string?> seasonOf, WindowCountDetector counts)
{
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(6);
    public double MinSimilarity { get; init; } = 0.3;
    /// <summary>
    /// Four: three similar tickets from one township in six hours happen by chance in a busy street every few weeks.
    /// </summary>
    public int MinCallers { get; init; } = 4;

    private readonly Dictionary<string,
        List<(WarningTicket Ticket, HashSet<int> Grams)>> _recent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);

    public void Add(WarningTicket t)
    {
        if (t.Township is null) return;
        if (!_recent.TryGetValue(t.Township, out var list)) _recent[t.Township] = list = [];
        list.Add((t, TextOverlap.Bigrams(t.Text)));
        _touched.Add(t.Township);
    }

    public List<Signal> Scan(DateTime now, Func<string, string?> countyOf, DateTime lastScan)
    {
        var signals = new List<Signal>();
        foreach (var township in _touched)
        {
            var list = _recent[township];
            list.RemoveAll(x => x.Ticket.ReceivedAt <= now - Window);
            var n = list.Count;
            if (n < MinCallers) continue;
            var parent = Enumerable.Range(0, n).ToArray();
            int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
            for (var i = 0; i < n; i++)
                for (var j = i + 1; j < n; j++)
                {
                    if (list[i].Ticket.Caller is { } c && c == list[j].Ticket.Caller) continue;
                    if (TextOverlap.Jaccard(list[i].Grams, list[j].Grams) >= MinSimilarity) parent[Find(i)] = Find(j);
                }
            foreach (var group in Enumerable.Range(0, n).GroupBy(Find))
            {
                var tickets = group.Select(i => list[i].Ticket).OrderBy(t => t.ReceivedAt).ToList();
                if (tickets.Select(t => t.Caller ?? t.TicketId).Distinct().Count() < MinCallers) continue;
                if (tickets[^1].ReceivedAt <= lastScan) continue; // nothing new: already reported
                var risk = tickets.Where(t => t.RiskGroup is not null).GroupBy(t => t.RiskGroup).MaxBy(g => g.Count());
                var riskGroup = risk is not null && risk.Count() * 2 >= tickets.Count ? risk.Key : null;
                signals.Add(new Signal
                {
                    Detector = DetectorName.TextBurst, RiskGroup = riskGroup,
                    Category = tickets.GroupBy(t => t.Category).MaxBy(g => g.Count())?.Key,
                    District = countyOf(township) ?? township, Township = township, Tickets = tickets,
                    Observed = tickets.Count,
                    Window = Window, PValue = double.NaN, Expected = double.NaN,
                    Expectable = tickets.Count(t =>
                        SeasonCalendar.InSeason(seasonOf(t.Category), t.ReceivedAt)) * 2 > tickets.Count
                        && !(riskGroup is not null
                            && counts.IsLocalized(riskGroup, township, now - Window, now,
                            tickets.Count(t => t.RiskGroup == riskGroup))),
                });
            }
        }
        _touched.Clear();
        return signals;
    }
}
