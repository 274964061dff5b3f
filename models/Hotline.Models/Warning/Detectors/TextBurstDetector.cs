namespace Hotline.Models.Warning.Detectors;

/// <summary>
/// Near-duplicate tickets from distinct callers about the same place within hours: "ten people smell gas at one
/// compound" shows up as similar wording before any category count moves, and whatever category each ticket got.
/// Within each township/street, tickets of the last <see cref="Window"/> are linked when their character-bigram
/// Jaccard similarity is at least <see cref="MinSimilarity"/>; a connected group with at least
/// <see cref="MinCallers"/> distinct callers that gained a ticket since the last scan is a signal.
/// Similarities are computed once, when a ticket arrives, against the township's tickets of the window before it
/// (the only ones it can ever share a window with); a scan only joins the stored links of the tickets still in the
/// window. Comparing every pair again at every 10-minute scan, as this did, was quadratic in a township's six hours
/// and kept a Beijing-sized live scan from finishing (docs/scaling.md).
/// </summary>
public sealed class TextBurstDetector(Func<string?, string?> seasonOf, WindowCountDetector counts)
{
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(6);
    public double MinSimilarity { get; init; } = 0.3;
    /// <summary>
    /// Four: three similar tickets from one township in six hours happen by chance in a busy street every few weeks.
    /// </summary>
    public int MinCallers { get; init; } = 4;

    /// <summary>A ticket in its township's window, numbered in arrival order, with links to similar earlier ones.
    /// </summary>
    private sealed record Entry(long Number, WarningTicket Ticket, int[] Grams, List<long> Similar);

    /// <summary>
    /// One township's window: entries in arrival (= receipt) order, Number - First being the index, and their bucket
    /// counts side by side in one ring (row = Number mod capacity), so the comparison loop reads memory in order.
    /// </summary>
    private sealed class Recent
    {
        public readonly List<Entry> Entries = [];
        public long Next;
        public long First => Entries.Count == 0 ? Next : Entries[0].Number;
        private byte[] _rows = new byte[128 * 64];
        /// <summary>Distinct bigrams of each entry, in the same ring; -1 when its buckets overflowed (no bound).
        /// </summary>
        private int[] _counts = new int[64];

        public ReadOnlySpan<byte> Row(long number, out int count)
        {
            var slot = (int)(number % _counts.Length);
            count = _counts[slot];
            return count < 0 ? default : _rows.AsSpan(slot * 128, 128);
        }

        public void Add(Entry e, byte[]? buckets)
        {
            if (Entries.Count >= _counts.Length)
            {
                var rows = new byte[_rows.Length * 2];
                var counts = new int[_counts.Length * 2];
                foreach (var old in Entries)
                {
                    var row = Row(old.Number, out var count);
                    var slot = (int)(old.Number % counts.Length);
                    counts[slot] = count;
                    row.CopyTo(rows.AsSpan(slot * 128, 128));
                }
                (_rows, _counts) = (rows, counts);
            }
            Entries.Add(e);
            var at = (int)(e.Number % _counts.Length);
            _counts[at] = buckets is null ? -1 : e.Grams.Length;
            buckets?.CopyTo(_rows.AsSpan(at * 128, 128));
        }

        public void DropUpTo(DateTime at)
        {
            var k = 0;
            while (k < Entries.Count && Entries[k].Ticket.ReceivedAt <= at) k++;
            if (k > 0) Entries.RemoveRange(0, k);
        }
    }

    private readonly Dictionary<string, Recent> _recent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);

    public void Add(WarningTicket t)
    {
        if (t.Township is null) return;
        if (!_recent.TryGetValue(t.Township, out var recent)) _recent[t.Township] = recent = new Recent();
        // Tickets arrive in receipt order and every later scan is after this ticket: an entry a window older than
        // it can never again be in a scan's window.
        recent.DropUpTo(t.ReceivedAt - Window);
        var grams = TextOverlap.SortedBigrams(t.Text);
        var buckets = TextOverlap.Buckets(grams);
        var similar = new List<long>();
        var first = recent.First;
        for (var i = 0; i < recent.Entries.Count; i++)
        {
            // The bound reads only the ring (in memory order); the entry itself only for the few that pass it.
            var row = recent.Row(first + i, out var count);
            if (count >= 0 && !TextOverlap.MayReach(buckets, grams.Length, row, count, MinSimilarity)) continue;
            var e = recent.Entries[i];
            if (t.Caller is { } c && c == e.Ticket.Caller) continue;
            if (TextOverlap.Jaccard(grams, e.Grams) >= MinSimilarity) similar.Add(e.Number);
        }
        recent.Add(new Entry(recent.Next++, t, grams, similar), buckets);
        _touched.Add(t.Township);
    }

    public List<Signal> Scan(DateTime now, Func<string, string?> countyOf, DateTime lastScan)
    {
        var signals = new List<Signal>();
        foreach (var township in _touched)
        {
            var recent = _recent[township];
            recent.DropUpTo(now - Window);
            var list = recent.Entries;
            var n = list.Count;
            if (n < MinCallers) continue;
            // Only a group holding a ticket received since the last scan can be news, and a new ticket without links
            // is a group of one: a township whose new tickets link to nothing is skipped before any grouping.
            var fresh = n;
            while (fresh > 0 && list[fresh - 1].Ticket.ReceivedAt > lastScan) fresh--;
            var linked = false;
            for (var j = fresh; j < n && !linked; j++) linked = list[j].Similar.Count > 0;
            if (!linked) continue;
            var first = recent.First;
            var parent = Enumerable.Range(0, n).ToArray();
            int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
            for (var j = 0; j < n; j++)
                foreach (var number in list[j].Similar)
                    if (number >= first) parent[Find((int)(number - first))] = Find(j);
            var roots = new HashSet<int>();
            for (var j = fresh; j < n; j++) roots.Add(Find(j));
            foreach (var group in Enumerable.Range(0, n).Where(i => roots.Contains(Find(i))).GroupBy(Find))
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
