namespace Hotline.Jobs.Briefs;

/// <summary>
/// The 综述 of a brief in the prose of a government report: one paragraph of the period's totals (how many, how
/// that compares, by request type), then 一是…二是…三是…四是… on what stands out (the largest matters and the
/// biggest rises, the hot issues, the risk alerts, how well tickets were handled). Written from the brief's own
/// figures only; counts are whole numbers, percentages have one decimal.
/// </summary>
public static class BriefSummary
{
    public static IReadOnlyList<string> Paragraphs(HotspotBrief b)
    {
        var m = b.Masthead;
        var previous = b.Kind == "weekly" ? "上周" : "上月";
        var when = m is { Running: true } ? $"{b.Label}（截至{b.Cutoff.AddMinutes(-1):M月d日}）" : b.Label;
        var received = Kpi(b, "received");
        var perDay = Kpi(b, "received_per_day");
        var total = (long)(received?.Value ?? 0);
        var first = new StringBuilder($"{when}，{m?.City ?? "全市"}12345热线共受理群众诉求{N(total)}件");
        if (perDay?.Value is { } pd) first.Append($"，日均{N(pd)}件");
        if (received?.ChangeVsPrevious is { } c) first.Append($"，较{previous}{Trend(c)}");
        if (received?.ChangeVsLastYear is { } y) first.Append($"，较去年同期{Trend(y)}");
        first.Append('。');
        var types = b.RequestTypes.Where(r => r.Count > 0).ToList();
        if (types.Count > 0)
            first.Append("从诉求类型看，" + string.Join("，", types.Select(r => $"{r.Name}{N(r.Count)}件、占{P1(r.Share)}%"))
                + "。");
        var top = b.Channels.Where(r => r.Count > 0).OrderByDescending(r => r.Count).FirstOrDefault();
        if (top is not null) first.Append($"从受理渠道看，{top.Name}占{P1(top.Share)}%。");

        var points = new List<string>();
        if (b.TopCategories.Count > 0)
        {
            var s = "诉求相对集中：受理量居前的是" + string.Join("、", b.TopCategories.Where(t => t.Name != "未分类").Take(3)
                .Select(t => $"{t.Name}（{N(t.Count)}件）"));
            var up = b.Movers.Where(x => x.Count > x.Previous && x.Name != "未分类").Take(2).ToList();
            if (up.Count > 0)
                s += "；较" + previous + "明显增加的有" + string.Join("、", up.Select(x =>
                    $"{x.Name}（{N(x.Count)}件，"
                    // none last period is new, not "持平" (as the body's table of movers says: 上期无)
                    + $"{(x.Previous == 0 ? "上期无" : Trend((x.Count - x.Previous) / (double)x.Previous))}）"));
            points.Add(s + "。");
        }
        var hot = b.Topics.Where(t => t.Status != "fading").ToList();
        points.Add(hot.Count == 0 ? "本期未发现新增或明显上升的热点问题。"
            : $"发现热点问题{hot.Count}个，" + string.Join("；", hot.Take(2).Select(t =>
                $"{t.County}{t.Township}{(t.Site is null ? "" : t.Site)}{Matter(t.CategoryName)}{N(t.Tickets)}件、"
                + $"{N(t.Callers)}位群众反映")) + "，需属地和行业部门关注。");
        var serious = b.Alerts.Where(a => a.Severity >= Severity.Medium).ToList();
        points.Add(serious.Count == 0 ? "本期未发出较重及以上风险预警。"
            : $"发出风险预警{serious.Count}条，其中严重及以上{serious.Count(a => a.Severity >= Severity.High)}条，"
                + "主要是" + string.Join("、", serious.OrderByDescending(a => a.Severity).ThenByDescending(a => a.Tickets)
                    .Take(2).Select(a => Short(a.Title))) + "，均已推送责任单位。");
        var onTime = Kpi(b, "on_time");
        var satisfaction = Kpi(b, "satisfaction");
        var quality = new List<string>();
        if (onTime?.Value is { } ot) quality.Add($"按时办结率{P1(ot * 100)}%{Points(onTime)}");
        if (satisfaction?.Value is { } sv) quality.Add($"满意率{P1(sv * 100)}%{Points(satisfaction)}");
        if (b.Persistent.LedgerOpen > 0) quality.Add($"受理满30天仍未办结{N(b.Persistent.LedgerOpen)}件");
        if (quality.Count > 0) points.Add("办理质效方面，" + string.Join("，", quality) + "。");
        string[] ordinals = ["一是", "二是", "三是", "四是", "五是"];
        return [first.ToString(), string.Concat(points.Select((p, i) => ordinals[i] + p))];
    }

    /// <summary>An alert's title without its counts: "河东区：突发停水…，102 位来电人…" → "河东区突发停水…".</summary>
    private static string Short(string title) =>
        (title.IndexOf('，') is var i and > 0 ? title[..i] : title).Replace("：", "");

    private static Figure? Kpi(HotspotBrief b, string key) => b.Kpis.FirstOrDefault(k => k.Key == key);

    private static string Trend(double? change) => change switch
    {
        null => "持平",
        >= 0.0005 => $"增长{P1(change.Value * 100)}%",
        <= -0.0005 => $"下降{P1(-change.Value * 100)}%",
        _ => "基本持平",
    };

    private static string Points(Figure f) => f.Value is { } v && f.Previous is { } p
        ? (v - p) * 100 is var d && Math.Abs(d) < 0.05 ? "，与上期持平"
            : $"，较上期{(d > 0 ? "上升" : "下降")}{P1(Math.Abs(d))}个百分点"
        : "";

    public static string N(double v) => Math.Round(v).ToString("#,0", CultureInfo.InvariantCulture);
    public static string P1(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>A category as a matter in prose: 暖气不热问题, but 医保报销问题 stays as it is.</summary>
    public static string Matter(string category) => category.EndsWith("问题", StringComparison.Ordinal)
        ? category : category + "问题";
}
