namespace Hotline.Jobs.Briefs;

/// <summary>
/// Request types and channels with their shares of the period's tickets. Every ticket counts once (a ticket without
/// the field is 未标注), and shares are rounded by largest remainder, so the counts add up to the total and the printed
/// shares to 100.0 %.
/// </summary>
internal static class ShareSection
{
    public static readonly IReadOnlyDictionary<string, string> RequestTypeNames = new Dictionary<string, string>
    {
        ["complaint"] = "投诉", ["help"] = "求助", ["consultation"] = "咨询", ["report"] = "举报",
        ["suggestion"] = "建议",
    };

    public static readonly IReadOnlyDictionary<string, string> ChannelNames = new Dictionary<string, string>
    {
        ["phone"] = "电话", ["web"] = "网站", ["wechat"] = "微信", ["app"] = "移动客户端", ["sms"] = "短信",
        ["email"] = "电子邮件",
    };

    public static List<ShareRow> Build(List<TicketFact> now, List<TicketFact> prev, Func<TicketFact, string?> field,
        IReadOnlyDictionary<string, string> names)
    {
        var counts = now.GroupBy(t => field(t) ?? "").ToDictionary(g => g.Key, g => (long)g.Count());
        var before = prev.GroupBy(t => field(t) ?? "").ToDictionary(g => g.Key, g => (long)g.Count());
        // The known values in their usual order (those with no tickets too: a zero is information), then others.
        var codes = names.Keys.Concat(counts.Keys.Where(k => !names.ContainsKey(k)).Order(StringComparer.Ordinal))
            .ToList();
        var total = now.Count;
        var shares = LargestRemainder(codes.Select(c => counts.GetValueOrDefault(c)).ToList(), total);
        return codes.Select((c, i) => new ShareRow(c, names.TryGetValue(c, out var n) ? n : c.Length == 0 ? "未标注" : c,
                counts.GetValueOrDefault(c), shares[i], before.GetValueOrDefault(c)))
            .Where(r => r.Count > 0 || names.ContainsKey(r.Code)).ToList();
    }

    /// <summary>Percentages with one decimal that sum to exactly 100.0 (when the total is not zero).</summary>
    private static double[] LargestRemainder(List<long> counts, long total)
    {
        var result = new double[counts.Count];
        if (total == 0) return result;
        var tenths = counts.Select(c => c * 1000.0 / total).ToArray();
        var floor = tenths.Select(Math.Floor).ToArray();
        var left = 1000 - (int)floor.Sum();
        foreach (var i in Enumerable.Range(0, counts.Count).OrderByDescending(i => tenths[i] - floor[i]).Take(left))
            floor[i]++;
        for (var i = 0; i < counts.Count; i++) result[i] = floor[i] / 10.0;
        return result;
    }
}
