using Hotline.Jobs.Briefs;
using Hotline.Models.Warning.Alerts;

namespace Hotline.Jobs.Render;

/// <summary>
/// The hotspot brief as Markdown, in the order a policy reader acts on it; each section says what it counts.
/// </summary>
public static class BriefMarkdown
{
    public static string Render(HotspotBrief b)
    {
        var sb = new StringBuilder();
        var kind = b.Kind == "weekly" ? "周报" : "月报";
        sb.AppendLine($"# 12345 热线热点{kind}：{b.Label}").AppendLine();
        sb.AppendLine($"> 统计周期 {b.From:yyyy-MM-dd} 至 {b.To.AddDays(-1):yyyy-MM-dd}，数据截"
            + $"至 {b.Cutoff:yyyy-MM-dd HH:mm}（北京时间）。" +
                      $"对比：上期 {b.PreviousPeriod}，去年同期 {b.LastYearPeriod}。{b.Definitions["privacy"]}").AppendLine();

        sb.AppendLine("## 一、核心指标").AppendLine();
        Md.Table(sb, ["指标", "本期", "上期", "较上期", "去年同期", "较去年同期", "定义"], b.Kpis.Select(f => (IReadOnlyList<object?>)
        [
            f.Label, Value(f), Value(f, f.Previous), f.Unit == "%" ? Md.Points(f.Value, f.Previous)
                : Md.Change(f.ChangeVsPrevious),
            Value(f, f.LastYear), f.Unit == "%" ? Md.Points(f.Value, f.LastYear) : Md.Change(f.ChangeVsLastYear),
                f.Definition,
        ]));
        sb.AppendLine("![每日受理量](trend.png)").AppendLine();

        sb.AppendLine("## 二、诉求类别").AppendLine();
        Md.Table(sb, ["类别", "大类", "本期", "上期", "去年同期"],
            b.TopCategories.Select(c => (IReadOnlyList<object?>)[c.Name, c.Group, c.Count, c.Previous, c.LastYear]));
        sb.AppendLine("![类别](categories.png)").AppendLine();
        sb.AppendLine("**变化显著的类别**（" + b.Definitions["movers"] + "）").AppendLine();
        Md.Table(sb, ["类别", "本期", "上期", "速率比", "p 值"],
            b.Movers.Select(c => (IReadOnlyList<object?>)[c.Name, c.Count, c.Previous, c.RateRatio, P(c.PValue)]));

        sb.AppendLine("## 三、新增与上升话题").AppendLine();
        sb.AppendLine($"> {b.Definitions["topics"]}").AppendLine();
        foreach (var t in b.Topics)
        {
            var where = $"{t.County}{t.Township}{(t.Site is null ? "" : "·" + t.Site)}";
            sb.AppendLine(t.Status == "fading"
                ? $"- **[回落] {where} · {t.CategoryName}**：本期 {t.Tickets} 件，上期 {t.Previous} 件（p = {P(t.PValue)}）。"
                : $"- **[{Status(t.Status)}] {where} · {t.CategoryName}**：{t.Tickets} 件、{t.Callers} "
                    + $"位来电人，上期 {t.Previous} 件" +
                  $"（p = {P(t.PValue)}）；{t.First:MM-dd HH:mm} 至 {t.Last:MM-dd HH:mm}。关键词：{string.Join("、", t.Terms)}。" +
                  (t.Examples.Count > 0 ? $"示例：{string.Join("；", t.Examples.Select(e => "“" + e + "”"))}。" : ""));
        }
        if (b.Topics.Count == 0) sb.AppendLine("（本期无新增、上升或回落话题）");
        sb.AppendLine();

        sb.AppendLine("## 四、区域热点").AppendLine();
        sb.AppendLine($"> {b.Definitions["geo"]}").AppendLine();
        sb.AppendLine("![区县 × 大类](heatmap.png)").AppendLine();
        Md.Table(sb, ["区县", "街道/乡镇", "类别", "本期", "上期", "p 值"],
            b.Townships.Select(t =>
            (IReadOnlyList<object?>)[t.County, t.Township, t.CategoryName, t.Count, t.Previous, P(t.PValue)]));

        sb.AppendLine("## 五、久拖未决与反复出现的问题").AppendLine();
        sb.AppendLine($"> {b.Definitions["persistent"]}").AppendLine();
        var p = b.Persistent;
        sb.AppendLine($"- 本期受理工单中重办 {p.ReopenedTickets} 件；重复来电人 {p.RepeatCallers} 位，共 {p.RepeatCallerTickets} 件。");
        sb.AppendLine($"- 挂账（受理满 30 天仍未办结）{p.LedgerOpen} 件，其中已超期 {p.LedgerOverdue} 件。最久的：").AppendLine();
        Md.Table(sb, ["工单号", "类别", "区县", "街道/乡镇", "承办单位", "已历天数", "状态"],
            p.Ledger.Select(l =>
            (IReadOnlyList<object?>)[l.TicketId, l.CategoryName, l.County, l.Township, l.LeadUnit, l.DaysOpen,
            l.Status]));
        sb.AppendLine("长期问题（同一地点同一类诉求连续三期出现）：").AppendLine();
        Md.Table(sb, ["地点", "类别", "本期件数"],
            p.LongRunning.Select(l =>
            (IReadOnlyList<object?>)[$"{l.County}{l.Township}·{l.Site}", l.CategoryName, l.Tickets]));

        sb.AppendLine($"## 六、下期（{b.OutlookPeriod}）季节性展望").AppendLine();
        sb.AppendLine($"> {b.Definitions["outlook"]}").AppendLine();
        Md.Table(sb, ["类别", "预计件数", "95% 区间", "本期", "去年同期", "依据", "季节提示"],
            b.Outlook.Select(o => (IReadOnlyList<object?>)
            [o.Name, o.Expected, $"{o.Low:0}–{o.High:0}", o.Current, o.SamePeriodLastYear, o.Basis, Season(o.Season)]));

        sb.AppendLine("## 七、主动治理建议（每月一题）").AppendLine();
        sb.AppendLine($"> {b.Definitions["governance"]}").AppendLine();
        foreach (var g in b.Governance)
        {
            sb.AppendLine($"{g.Rank}. **{g.County} · {g.Name}**：{g.Volume} 件，较上期 ×{g.Growth:0.00}，不满意"
                + $"率 {Md.Pct(g.Dissatisfaction)}（得分 {g.Score:0.0}）。具体问题：");
            foreach (var prob in g.Problems) sb.AppendLine($"   - {prob}");
        }
        if (b.Governance.Count == 0) sb.AppendLine("（本期无达到门槛的建议）");
        sb.AppendLine();

        sb.AppendLine("## 八、本期风险预警").AppendLine();
        var low = b.Alerts.Count(x => x.Severity == Severity.Low);
        sb.AppendLine($"> 本期新开预警 {b.Alerts.Count} 条，其中一般级 {low} 条（季节性或已公告事项，仅记录；涉及生命财产安全的"
            + "类别不降为一般级）；下表列出较重及以上。").AppendLine();
        Md.Table(sb, ["级别", "状态", "标题", "区域", "开始", "解除", "工单", "来电人", "检测方法", "责任单位"],
            b.Alerts.Where(x => x.Severity != Severity.Low).Select(a => (IReadOnlyList<object?>)
            [AlertCard.SeverityName(a.Severity), AlertCard.StatusName(a.Status), a.Title, a.Area, a.OpenedAt,
                a.ResolvedAt, a.Tickets, a.Callers, string.Join("、", a.Detectors.Select(AlertCard.DetectorName)),
                string.Join("、", a.Owners.Select(o => UnitDirectory.Default.Find(o)?.Name ?? o))]));
        return sb.ToString();
    }

    private static string Value(Figure f) => Value(f, f.Value);
    private static string Value(Figure f, double? v) => v is null ? "—" : f.Unit == "%" ? Md.Pct(v) : Md.Cell(v) + " "
        + f.Unit;
    private static string P(double p) => p < 0.0001 ? "<0.0001"
        : p.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);
    private static string Status(string s) =>
        s switch { "new" => "新增", "growing" => "上升", "persistent" => "持续", _ => s };
    private static string Season(string? s) => s switch
    {
        null => "",
        "heating" => "供暖季开始",
        "flood" => "汛期开始",
        "summer_power" => "夏季用电高峰",
        "school_admission" => "招生入学季",
        "wage_festival" => "节前欠薪高发",
        _ => "季节性：" + s,
    };
}
