using System.Text.RegularExpressions;

namespace Hotline.Models.Hotspots;

/// <summary>
/// Finds hot issues: groups of messages about the same problem at the same place. Messages are linked when the
/// cosine of their TF-IDF word vectors reaches <see cref="Threshold"/> and the two share a place mention when both
/// name one; linked groups (average-linkage merges, so one loose pair cannot chain two topics) are ranked by a heat
/// index that grows with the number of messages, the public support (likes) and how concentrated in time they are.
/// KMeans needs the number of topics in advance and forces every message into some cluster; hot issues are a few
/// dense groups in a sea of one-off messages, which threshold clustering finds directly (docs/detection.md compares
/// them).
/// </summary>
public sealed partial class HotspotClustering
{
    public double Threshold { get; init; } = 0.35;

    [GeneratedRegex(@"[A-Z]\d*[市区县]|[\u4e00-\u9fa5]{2,8}(?:小区|花园|家园|公寓|苑|园|新城|湾|府|陵|广场|大道|中路|东路|西路|南路|北路|路|街道|街|村|镇|乡|学校|中学|小学|幼儿园|医院|公司|工业园|市场|大厦|景区|车站|高速)")]
    private static partial Regex PlacePattern();

    public static IReadOnlyList<string> Places(string text) => PlacePattern().Matches(text).Select(m => m.Value)
        .Distinct().ToList();

    public List<HotIssue> Find(IReadOnlyList<HotspotInput> docs, int top)
    {
        var tf = new TfIdfVectors(docs.Select(d => (d.Title, d.Body)).ToList());
        var v = tf.Vectors;
        var places = docs.Select(d => Places(d.Title + " " + d.Body).Where(p => !Regex.IsMatch(p, @"^[A-Z]\d*[市区县]$"))
            .ToHashSet()).ToList();
        // Candidate pairs through an inverted index of each message's strongest terms (all pairs would be n²).
        var postings = new Dictionary<int, List<int>>();
        for (var i = 0; i < v.Count; i++)
            foreach (var (term, _) in v[i].OrderByDescending(kv => kv.Value).Take(8))
                (postings.TryGetValue(term, out var l) ? l : postings[term] = []).Add(i);
        var pairs = new List<(int A, int B, double Sim)>();
        var seen = new HashSet<long>();
        foreach (var list in postings.Values)
        {
            if (list.Count > 400) continue; // a term in hundreds of messages is not a topic
            for (var x = 0; x < list.Count; x++)
                for (var y = x + 1; y < list.Count; y++)
                {
                    int a = list[x], b = list[y];
                    if (!seen.Add((long)Math.Min(a, b) << 32 | (uint)Math.Max(a, b))) continue;
                    var sim = TfIdfVectors.Cosine(v[a], v[b]);
                    if (sim < Threshold) continue;
                    if (places[a].Count > 0 && places[b].Count > 0 && !places[a].Overlaps(places[b])) continue;
                    pairs.Add((a, b, sim));
                }
        }
        // Average-linkage agglomeration over the candidate graph, strongest pairs first.
        var members = Enumerable.Range(0, v.Count).ToDictionary(i => i, i => new List<int> { i });
        var owner = Enumerable.Range(0, v.Count).ToArray();
        foreach (var (a, b, _) in pairs.OrderByDescending(p => p.Sim))
        {
            int ca = owner[a], cb = owner[b];
            if (ca == cb) continue;
            var ma = members[ca];
            var mb = members[cb];
            double sum = 0;
            foreach (var i in ma) foreach (var j in mb) sum += TfIdfVectors.Cosine(v[i], v[j]);
            if (sum / (ma.Count * mb.Count) < Threshold * 0.8) continue;
            if (ma.Count < mb.Count) (ca, cb, ma, mb) = (cb, ca, mb, ma);
            ma.AddRange(mb);
            foreach (var j in mb) owner[j] = ca;
            members.Remove(cb);
        }
        return Rank(members.Values.Where(m => m.Count >= 2).ToList(), docs, tf, top);
    }

    /// <summary>Describes clusters (place, time range, support, terms) and ranks them by heat.</summary>
    public static List<HotIssue> Rank(List<List<int>> clusters, IReadOnlyList<HotspotInput> docs, TfIdfVectors tf,
        int top)
    {
        var places = docs.Select(d => Places(d.Title + " " + d.Body).Where(p => !Regex.IsMatch(p, @"^[A-Z]\d*[市区县]$"))
            .ToHashSet()).ToList();
        return clusters.Select(m => Describe(m, docs, tf, places)).OrderByDescending(h => h.Heat).Take(top)
            .Select((h, i) => h with { Rank = i + 1 }).ToList();
    }

    private static HotIssue Describe(List<int> m, IReadOnlyList<HotspotInput> docs, TfIdfVectors tf,
        List<HashSet<string>> places)
    {
        var centroid = new Dictionary<int, double>();
        foreach (var i in m) foreach (var (k, w) in tf.Vectors[i]) centroid[k] = centroid.GetValueOrDefault(k)
            + w / m.Count;
        var terms = centroid.OrderByDescending(kv => kv.Value).Take(6).Select(kv => tf.Vocabulary[kv.Key]).ToList();
        var times = m.Select(i => docs[i].Time).OfType<DateTime>().Order().ToList();
        var likes = m.Sum(i => docs[i].Likes);
        var against = m.Sum(i => docs[i].Against);
        var place = CommonPhrase(m.Select(i => docs[i].Title).ToList())
            ?? m.SelectMany(i => places[i]).GroupBy(p => p).Where(g => g.Count() >= 2)
                .OrderByDescending(g => g.Count()).FirstOrDefault()?.Key;
        double coherence = 0;
        foreach (var i in m) coherence += TfIdfVectors.Cosine(tf.Vectors[i], centroid);
        coherence /= m.Count * Math.Sqrt(centroid.Values.Sum(x => x * x));
        // Heat: people (messages) first, then support, discounted when spread over many months.
        var days = times.Count > 1 ? (times[^1] - times[0]).TotalDays : 0;
        var heat = m.Count + Math.Log(1 + likes) * 2 - Math.Log(1 + days / 30);
        var reps = m.OrderByDescending(i => TfIdfVectors.Cosine(tf.Vectors[i], centroid)).ToList();
        return new HotIssue(0, Math.Round(heat, 2), place, times.Count > 0 ? times[0] : null, times.Count > 0
            ? times[^1] : null, m.Count, likes, against,
            terms, reps.Take(3).Select(i => docs[i].Title).ToList(), reps.Select(i => docs[i].Id).ToList(),
                Math.Round(coherence, 3));
    }

    /// <summary>
    /// The place a hot issue is about is usually the longest phrase its titles share (伊景园滨河苑, 丽发新城): the
    /// longest run of 3–12 Chinese characters found in at least 40% of the titles (and two of them), preferring
    /// phrases that end like a place name.
    /// </summary>
    private static string? CommonPhrase(List<string> titles)
    {
        var runs = titles.Select(t => Regex.Split(t, @"[^\u4e00-\u9fa5A-Za-z0-9]+").Where(r => r.Length >= 3).ToList())
            .ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var title in runs)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var run in title)
                for (var len = 3; len <= Math.Min(12, run.Length); len++)
                    for (var i = 0; i + len <= run.Length; i++)
                        if (seen.Add(run.Substring(i, len))) counts[run.Substring(i,
                            len)] = counts.GetValueOrDefault(run.Substring(i, len)) + 1;
        }
        var need = Math.Max(2, (int)Math.Ceiling(titles.Count * 0.4));
        return counts.Where(kv => kv.Value >= need && !Regex.IsMatch(kv.Key, @"^[A-Z]\d*[市区县]$"))
            .OrderByDescending(kv => PlacePattern().IsMatch(kv.Key) ? 1 : 0).ThenByDescending(kv => kv.Key.Length)
                .ThenByDescending(kv => kv.Value)
            .Select(kv => kv.Key).FirstOrDefault();
    }
}
