using Hotline.Jobs.Briefs;
using Hotline.Models.Warning.Alerts;

namespace Hotline.Jobs.Render;

/// <summary>
/// The hotspot brief as a government report in Markdown (and from it HTML and DOCX): masthead with 期号, issuing
/// office and date; 综述; then the sections a policy reader acts on, each in words first and with a table where one
/// helps; how each figure is counted is in the appendix (附：统计口径与方法), not in the body. Counts are whole
/// numbers, percentages have one decimal; a period still running says 截至 which day.
/// </summary>
public static class BriefMarkdown
{
    public static string Render(HotspotBrief b)
    {
        var sb = new StringBuilder();
        var kind = b.Kind == "weekly" ? "周报" : "月报";
        var m = b.Masthead ?? new BriefMasthead("", "12345政务服务便民热线中心", b.Period, b.Cutoff.Date, false);
        var last = b.Cutoff.AddMinutes(-1);
        sb.AppendLine($"# {m.City}12345政务服务便民热线热点{kind}").AppendLine();
        sb.AppendLine($"**{m.Issue}**").AppendLine();
        sb.AppendLine($"{m.Issuer}　　　　{m.IssuedOn:yyyy年M月d日}").AppendLine();
        sb.AppendLine(m.Running
            ? $"> 本期为{b.Label}截至{last:M月d日}的数据（本期尚未结束）；上期、去年同期均取相同天数比较。"
            : $"> 统计时间：{b.From:yyyy年M月d日}至{b.To.AddDays(-1):yyyy年M月d日}。{b.Definitions["privacy"]}")
            .AppendLine();

        sb.AppendLine("## 综述").AppendLine();
        foreach (var para in BriefSummary.Paragraphs(b)) sb.AppendLine(para).AppendLine();

        sb.AppendLine("## 一、受理概况").AppendLine();
        Md.Table(sb, ["指标", "本期", "上期", "较上期", "去年同期", "较去年同期"], b.Kpis.Select(f => (IReadOnlyList<object?>)
        [
            f.Label, Value(f), Value(f, f.Previous),
            f.Unit == "%" ? Md.Points(f.Value, f.Previous) : Md.Change(f.ChangeVsPrevious),
            Value(f, f.LastYear), f.Unit == "%" ? Md.Points(f.Value, f.LastYear) : Md.Change(f.ChangeVsLastYear),
        ]));
        var total = b.RequestTypes.Sum(r => r.Count);
        sb.AppendLine($"按诉求类型和受理渠道（合计 {BriefSummary.N(total)} 件）：").AppendLine();
        Md.Table(sb, ["诉求类型", "件数", "占比", "上期"], b.RequestTypes.Select(r => (IReadOnlyList<object?>)
            [r.Name, BriefSummary.N(r.Count), BriefSummary.P1(r.Share) + "%", BriefSummary.N(r.Previous)]));
        Md.Table(sb, ["受理渠道", "件数", "占比", "上期"], b.Channels.Select(r => (IReadOnlyList<object?>)
            [r.Name, BriefSummary.N(r.Count), BriefSummary.P1(r.Share) + "%", BriefSummary.N(r.Previous)]));
        sb.AppendLine("![每日受理量](trend.png)").AppendLine();

        sb.AppendLine("## 二、诉求类别").AppendLine();
        var up = b.Movers.Where(x => x.Count > x.Previous).ToList();
        var down = b.Movers.Where(x => x.Count < x.Previous).ToList();
        if (up.Count > 0) sb.AppendLine("较上期明显增加的有：" + string.Join("；", up.Select(Moved)) + "。").AppendLine();
        if (down.Count > 0) sb.AppendLine("明显减少的有：" + string.Join("；", down.Select(Moved)) + "。").AppendLine();
        if (up.Count == 0 && down.Count == 0) sb.AppendLine("各类诉求较上期无明显变化。").AppendLine();
        Md.Table(sb, ["类别", "大类", "本期", "上期", "去年同期"],
            b.TopCategories.Select(c => (IReadOnlyList<object?>)[c.Name, c.Group, BriefSummary.N(c.Count),
                BriefSummary.N(c.Previous), c.LastYear is { } ly ? BriefSummary.N(ly) : null]));
        sb.AppendLine("![类别](categories.png)").AppendLine();

        sb.AppendLine("## 三、热点问题").AppendLine();
        var n = 0;
        foreach (var t in b.Topics)
        {
            var site = t.Site is null ? "" : "·" + t.Site;
            var where = t.Spread is not null ? (b.Masthead?.Scope ?? "全市") + site : $"{t.County}{t.Township}{site}";
            var head = $"（{++n}）**{where}{BriefSummary.Matter(t.CategoryName)}**（{Status(t.Status)}）";
            if (t.Status == "fading")
            {
                sb.AppendLine($"{head}：{Lineage(t)}，明显回落。").AppendLine();
                continue;
            }
            var share = total > 0 && t.Tickets * 1000 >= total
                ? $"，占全部受理量的{BriefSummary.P1(t.Tickets * 100.0 / total)}%" : "";
            sb.AppendLine($"{head}：本期{t.Tickets}件、{t.Callers}位群众反映（{Lineage(t)}）{share}，"
                + (t.Spread is { } spread ? $"{spread}，" : "")
                + (t.First.Date == t.Last.Date ? $"集中在{t.First:M月d日}。" : $"集中在{t.First:M月d日}至{t.Last:M月d日}。")
                + (t.Examples.Count > 0 ? $"群众主要反映：{string.Join("；", t.Examples.Select(e => "“" + e + "”"))}。" : "")
                + (t.Lead is { } lead ? $"建议由{lead}牵头核查处置，及时回应群众诉求。" : "")).AppendLine();
        }
        if (b.Topics.Count == 0) sb.AppendLine("本期未发现新增、上升或回落的热点问题。").AppendLine();

        sb.AppendLine("## 四、区域分布").AppendLine();
        sb.AppendLine("![区县 × 大类](heatmap.png)").AppendLine();
        if (b.Townships.Count > 0)
        {
            sb.AppendLine("较上期明显上升的街道（乡镇）：").AppendLine();
            Md.Table(sb, ["区县", "街道/乡镇", "类别", "本期", "上期"], b.Townships.Select(t =>
                (IReadOnlyList<object?>)[t.County, t.Township, t.CategoryName, t.Count, t.Previous]));
        }
        else sb.AppendLine("各街道（乡镇）无明显上升的类别。").AppendLine();

        sb.AppendLine("## 五、久拖未决与反复出现的问题").AppendLine();
        var p = b.Persistent;
        sb.AppendLine($"本期受理的工单中，回访不满意后重办{p.ReopenedTickets}件；同一来电人反复来电{p.RepeatCallers}人、"
            + $"共{p.RepeatCallerTickets}件。受理满30天仍未办结{p.LedgerOpen}件，其中已超期{p.LedgerOverdue}件，"
            + (p.Ledger.Count > 0 ? "历时最长的如下：" : "")).AppendLine();
        if (p.Ledger.Count > 0)
            Md.Table(sb, ["工单号", "类别", "区县", "街道/乡镇", "承办单位", "已历天数", "状态"],
                p.Ledger.Select(l => (IReadOnlyList<object?>)
                [
                    l.TicketId, l.CategoryName, l.County, l.Township, l.LeadUnit, l.DaysOpen,
                    TicketStatus(l.Status),
                ]));
        if (p.LongRunning.Count > 0)
        {
            sb.AppendLine("同一地点同一问题连续三期出现的：").AppendLine();
            Md.Table(sb, ["地点", "类别", "本期件数"], p.LongRunning.Select(l => (IReadOnlyList<object?>)
                [$"{l.County}{l.Township}·{l.Site}", l.CategoryName, l.Tickets]));
        }

        sb.AppendLine($"## 六、下期展望").AppendLine();
        if (b.Outlook.Count == 0) sb.AppendLine("历史数据不足，暂不作预测。").AppendLine();
        foreach (var o in b.Outlook.Take(8))
            sb.AppendLine($"- {o.Name}：{Outlook(o)}，约{BriefSummary.N(o.Low)}–{BriefSummary.N(o.High)}件"
                + $"（本期{BriefSummary.N(o.Current)}件"
                + (o.SamePeriodLastYear is { } ly ? $"，去年同期{BriefSummary.N(ly)}件" : "") + "）"
                + (o.Season is not null || o.Direction == "up" ? "，请相关单位提前部署" : "") + "。");
        sb.AppendLine();

        sb.AppendLine("## 七、每月一题建议").AppendLine();
        foreach (var g in b.Governance)
        {
            var change = g.Previous < 10 ? $"上期{g.Previous}件"
                : g.Volume / (double)g.Previous - 1 is var r && Math.Abs(r) < 0.05 ? "与上期基本持平"
                : r > 0 ? $"较上期增长{BriefSummary.P1(r * 100)}%" : $"较上期下降{BriefSummary.P1(-r * 100)}%";
            sb.AppendLine($"{g.Rank}. **{g.Name}**：{b.Masthead?.Scope ?? "全市"}受理{g.Volume}件，{change}，回访不满意率约"
                + $"{BriefSummary.P1(g.Dissatisfaction * 100)}%；主要在{g.County}。"
                + Causes(g)
                + (g.Lead is { } lead ? $"建议由{lead}牵头"
                    + (g.CoUnits.Count > 0 ? $"，{string.Join("、", g.CoUnits)}配合" : "")
                    + "，研究解决。" : "")
                + (g.Problems.Count > 0 ? "具体问题：" : ""));
            foreach (var prob in g.Problems) sb.AppendLine($"   - {prob}");
        }
        if (b.Governance.Count == 0) sb.AppendLine("本期无达到门槛的建议。");
        sb.AppendLine();
        if (b.PastTopics.Count > 0)
        {
            sb.AppendLine("前期选题跟踪（各月建议的第一项，此后各月受理量）：").AppendLine();
            foreach (var pt in b.PastTopics)
                sb.AppendLine($"- {pt.Month[5..].TrimStart('0')}月选题“{pt.Name}”："
                    + string.Join("，", pt.Since.Select(x => $"{x.Label}{BriefSummary.N(x.Tickets)}件"))
                    + (m.Running ? $"（本期截至{last:M月d日}）" : "")
                    + pt.Trend switch
                    {
                        "down" => "，来电已明显减少。",
                        "up" => "，来电仍在增加，需加大推进力度。",
                        _ => "，来电未见明显减少，需持续跟踪。",
                    });
            sb.AppendLine();
        }

        sb.AppendLine("## 八、风险预警").AppendLine();
        var low = b.Alerts.Count(x => x.Severity == Severity.Low);
        sb.AppendLine($"本期新开预警{b.Alerts.Count}条，其中一般级{low}条（季节性或已公告事项，仅记录；涉及生命财产安全的类别不降为一般级），"
            + "较重及以上的如下：").AppendLine();
        Md.Table(sb, ["级别", "状态", "事项", "区域", "开始", "解除", "工单", "来电人", "责任单位"],
            b.Alerts.Where(x => x.Severity != Severity.Low).Select(a => (IReadOnlyList<object?>)
            [AlertCard.SeverityName(a.Severity), AlertCard.StatusName(a.Status), a.Title, a.Area, a.OpenedAt,
                a.ResolvedAt, a.Tickets, a.Callers,
                string.Join("、", a.OwnerNames.Count > 0 ? a.OwnerNames : a.Owners)]));

        sb.AppendLine("## 附：统计口径与方法").AppendLine();
        foreach (var f in b.Kpis) sb.AppendLine($"- **{f.Label}**：{f.Definition}。");
        foreach (var (key, label) in Methods)
            if (b.Definitions.TryGetValue(key, out var text)) sb.AppendLine($"- **{label}**：{text}");
        if (b.OutlookBacktest is { DirectionRight: { } right } bt)
            sb.AppendLine($"- **展望回测**：按同一方法对本市此前{bt.Months}个月逐月作下月预测（每月受理不少于 100 件的"
                + $"类别，共{bt.Forecasts}次），变化方向（升、降、持平，以 ±10% 为界）判断正确{BriefSummary.P1(right * 100)}%，"
                + $"件数平均绝对百分比误差{BriefSummary.P1((bt.Mape ?? 0) * 100)}%"
                + (bt.CategoriesMostlyRight is { } mostly ? $"；多数月份方向正确的类别占{BriefSummary.P1(mostly * 100)}%" : "")
                + (bt.ForecastsWithLastYear == 0 ? "（尚无一年历史，均按季节先验预测；有一年历史后改用同比方法）" : "")
                + "。");
        return sb.ToString();
    }

    private static readonly (string Key, string Label)[] Methods =
    [
        ("period", "统计周期"), ("cutoff", "数据截止"), ("movers", "明显增减"), ("topics", "热点问题"), ("geo", "区域分布"),
        ("persistent", "久拖未决"), ("outlook", "下期展望"), ("governance", "每月一题"), ("privacy", "个人信息"),
    ];

    /// <summary>The forecast in words: the direction, and why where the season explains it.</summary>
    private static string Outlook(OutlookRow o) => (o.Direction, o.Basis) switch
    {
        (_, "进入季节") => $"{Season(o.Season)}，预计明显上升",
        ("down", "季节结束" or "季节末期") => "随季节结束预计明显回落",
        ("up", _) => "预计继续上升",
        ("down", _) => "预计有所回落",
        ("flat", _) when o.InSeason => "预计仍处高位",
        _ => "预计与本期基本持平",
    };

    private static string Moved(CategoryRow c) => c.Previous == 0 ? $"{c.Name}（{BriefSummary.N(c.Count)}件，上期无）"
        : $"{c.Name}（{BriefSummary.N(c.Count)}件，较上期{(c.Count > c.Previous ? "增长" : "下降")}"
            + $"{BriefSummary.P1(Math.Abs(c.Count - c.Previous) * 100.0 / c.Previous)}%）";

    private static string Value(Figure f) => Value(f, f.Value);
    private static string Value(Figure f, double? v) => v is null ? "—" : f.Unit == "%" ? Md.Pct(v)
        : BriefSummary.N(v.Value) + " " + f.Unit;
    /// <summary>A topic's lineage in words: 近三期依次为9月3件、10月5件、本期12件 (or just 上期 when it is new).</summary>
    private static string Lineage(TopicRow t) => t.Lineage.Count == 0 || t.Lineage.SkipLast(1).All(x => x.Tickets == 0)
        ? $"上期{t.Previous}件"
        : "近三期依次为" + string.Join("、", t.Lineage.Select(x => $"{x.Label}{BriefSummary.N(x.Tickets)}件"));

    /// <summary>The causes callers state, as what they say (not as a finding).</summary>
    private static string Causes(GovernanceTopic g) => g.Causes.Count == 0 ? ""
        : g.Causes[0].Phrase
            ? "来电反映的原因主要有：" + string.Join("；", g.Causes.Select(c => $"“{c.Text}”（{Stated(g, c)}）")) + "。"
            : "来电所述原因多涉及" + string.Join("、", g.Causes.Select(c => $"“{c.Text}”")) + "。";

    // Read from a sample when the matter is large: the share of the texts read, not a count of the sample.
    private static string Stated(GovernanceTopic g, Hotline.Models.Hotspots.Cause c) => g.CauseTexts >= g.Volume
        ? $"{c.Tickets}件" : $"约占来电的{BriefSummary.P1(c.Tickets * 100.0 / Math.Max(1, g.CauseTexts))}%";

    private static string Status(string s) =>
        s switch { "new" => "新增", "growing" => "上升", "persistent" => "持续", "fading" => "回落", _ => s };
    private static string TicketStatus(string s) => s switch
    {
        "received" => "待派单",
        "dispatched" => "已派单未签收",
        "signed" => "办理中",
        "returned" => "退回待重派",
        "replied" => "已答复待回访",
        "callback_done" => "已回访",
        "reopened" => "重办中",
        _ => s,
    };
    private static string Season(string? s) => s switch
    {
        null => "",
        "heating" => "进入供暖季",
        "flood" => "进入汛期",
        "summer_power" => "进入夏季用电高峰",
        "school_admission" => "进入招生入学季",
        "wage_festival" => "节前欠薪易发",
        _ => "季节性事项",
    };
}
