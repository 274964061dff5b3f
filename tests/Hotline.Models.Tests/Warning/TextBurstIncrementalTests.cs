using Hotline.Models.Text;
using Hotline.Models.Warning;
using Hotline.Models.Warning.Detectors;

namespace Hotline.Models.Tests.Warning;

/// <summary>
/// The text-burst detector links tickets once, on arrival, instead of comparing every pair of a township's six hours
/// at every scan. Checked against the plain definition, written out here: at each 10-minute scan, all pairs of the
/// window's tickets of one township, linked at Jaccard ≥ 0.3 unless from one caller, groups of four or more callers
/// that gained a ticket since the last scan. Tickets: two simulated days plus planted bursts of similar wording.
/// </summary>
public sealed class TextBurstIncrementalTests
{
    [Fact]
    public void Incremental_links_give_exactly_the_groups_of_comparing_every_pair_at_every_scan()
    {
        var tickets = TestData.Simulate(days: 2, perDay: 1500, seed: 5)
            .Where(e => e.Type == "created")
            .Select(e => new WarningTicket(e.TicketId, e.ReceivedAt!.Value, e.Category, null, e.District, e.Township,
                e.CallerId, e.Content!))
            .ToList();
        var rng = new Random(3);
        var townships = tickets.Where(t => t.Township is not null).Select(t => t.Township!).Distinct().Take(5)
            .ToList();
        var start = tickets[0].ReceivedAt.Date;
        for (var b = 0; b < 12; b++)
        {
            var at = start.AddHours(rng.Next(0, 44));
            var place = townships[b % townships.Count];
            for (var k = 0; k < 3 + b % 5; k++)
                tickets.Add(new WarningTicket($"B{b}-{k}", at.AddMinutes(rng.Next(0, 200)), null, null, null, place,
                    k % 4 == 3 ? $"caller-{b}-0" : $"caller-{b}-{k}",
                    $"阳光花园{b}号楼楼道里有很重的煤气味{(k % 2 == 0 ? "，请尽快处理" : "")}"));
        }
        tickets = [.. tickets.OrderBy(t => t.ReceivedAt).ThenBy(t => t.TicketId, StringComparer.Ordinal)];

        var detector = new TextBurstDetector(_ => null, new WindowCountDetector(_ => null));
        var step = TimeSpan.FromMinutes(10);
        var i = 0;
        var last = start;
        var groups = 0;
        for (var now = start + step; now <= start.AddDays(2); now += step)
        {
            var touched = new HashSet<string>(StringComparer.Ordinal);
            while (i < tickets.Count && tickets[i].ReceivedAt < now)
            {
                detector.Add(tickets[i]);
                if (tickets[i].Township is { } t) touched.Add(t);
                i++;
            }
            var got = detector.Scan(now, a => a, last).Select(s => Key(s.Tickets)).Order().ToList();
            var expected = AllPairs(tickets.Take(i).ToList(), touched, now, last, detector).Order().ToList();
            Assert.Equal(expected, got);
            groups += got.Count;
            last = now;
        }
        Assert.True(groups >= 5, $"the planted bursts must be found ({groups} groups)");
    }

    private static string Key(IEnumerable<WarningTicket> ts) =>
        string.Join(",", ts.Select(t => t.TicketId).Order(StringComparer.Ordinal));

    private static IEnumerable<string> AllPairs(List<WarningTicket> seen, HashSet<string> touched, DateTime now,
        DateTime lastScan, TextBurstDetector d)
    {
        foreach (var township in touched)
        {
            var w = seen.Where(t => t.Township == township && t.ReceivedAt > now - d.Window).ToList();
            var grams = w.Select(t => TextOverlap.Bigrams(t.Text)).ToList();
            var parent = Enumerable.Range(0, w.Count).ToArray();
            int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
            for (var a = 0; a < w.Count; a++)
                for (var b = a + 1; b < w.Count; b++)
                    if ((w[a].Caller is null || w[a].Caller != w[b].Caller)
                        && TextOverlap.Jaccard(grams[a], grams[b]) >= d.MinSimilarity)
                        parent[Find(a)] = Find(b);
            foreach (var g in Enumerable.Range(0, w.Count).GroupBy(Find))
            {
                var ts = g.Select(x => w[x]).ToList();
                if (ts.Select(t => t.Caller ?? t.TicketId).Distinct().Count() < d.MinCallers) continue;
                if (ts.Max(t => t.ReceivedAt) <= lastScan) continue;
                yield return Key(ts);
            }
        }
    }
}
