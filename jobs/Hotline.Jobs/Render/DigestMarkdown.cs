using Hotline.Jobs.Supervision;

namespace Hotline.Jobs.Render;

/// <summary>The supervision digest as Markdown: one section per trigger, each with its article and rule.</summary>
public static class DigestMarkdown
{
    public static string Render(SupervisionDigestReport d)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# 12345 热线督办日报：{d.Day}").AppendLine();
        sb.AppendLine($"> 数据截至 {d.Cutoff:yyyy-MM-dd HH:mm}（北京时间）。每一节注明触发条件和依据条款；不含来电人姓名、电话和门牌号。"
            + d.Legend).AppendLine();
        sb.AppendLine("## 今日概况").AppendLine();
        sb.AppendLine(Summary(d)).AppendLine();
        sb.AppendLine("| 触发条件 | 依据 | 件数 |").AppendLine("|---|---|---|");
        foreach (var s in d.Sections)
            sb.AppendLine($"| {s.Title} | {(s.Articles.Length > 0 ? s.Articles : "—")} | {s.Total} |");
        sb.AppendLine();
        foreach (var s in d.Sections)
        {
            sb.AppendLine(s.Articles.Length > 0 ? $"## {s.Title}（{s.Articles}）" : $"## {s.Title}").AppendLine();
            sb.AppendLine($"> 条件：{s.Rule} 共 {s.Total} 件{(s.Total > s.Lines.Count ? $"，列出前 {s.Lines.Count} 件" : "")}。")
                .AppendLine();
            Md.Table(sb, ["工单号", "类别", "区域", "承办单位", "办理时限", "说明"],
                s.Lines.Select(l =>
                    (IReadOnlyList<object?>)[l.TicketId, l.CategoryName, l.Area, l.Unit, l.DueAt, l.Detail]));
        }
        sb.AppendLine("## 疑似滥用热线的来电人（供人工复核"
            + (d.ReviewBasis.Length > 0 ? $"，{d.ReviewBasis}" : "") + "）").AppendLine();
        sb.AppendLine("> 仅供工作人员复核和劝导，系统不自动拦截任何来电。条件：30 天内 ≥ 15 件，或 ≥ 5 件且多数无实质诉求或被终止办理。来电人以号码加盐哈希的前 8 位标识。")
            .AppendLine();
        Md.Table(sb, ["来电人标识", "30 天件数", "无实质诉求", "终止办理", "首次", "最近"],
            d.ReviewCallers.Select(c =>
                (IReadOnlyList<object?>)[c.CallerRef, c.Tickets, c.WithoutSubstance, c.Terminated, c.First, c.Last]));
        return sb.ToString();
    }

    /// <summary>What stands out today, in words: totals by trigger, the units with most to act on, the
    /// matters.</summary>
    private static string Summary(SupervisionDigestReport d)
    {
        int N(string key) => d.Sections.FirstOrDefault(s => s.Key == key)?.Total ?? 0;
        var s = new StringBuilder($"{Md.AsOf(d.Cutoff)}，已超期未办结{N("overdue")}件，"
            + $"1个工作日内到期{N("due_4h") + N("due_1wd")}件，超过1个工作日未签收{N("not_signed")}件，"
            + $"退单2次及以上{N("returned")}件；同一来电人反复反映未解决{N("same_caller")}人次，"
            + $"多人反映同一事项{N("many_callers")}项，回访不满意{N("low_satisfaction")}件。");
        if (d.Orders.Count > 0)
            s.Append($"需督办的承办单位{d.Orders.Count}{(d.Orders.Count >= 40 ? "个以上" : "个")}，事项最多的是"
                + string.Join("、", d.Orders.Take(3).Select(o => $"{o.UnitName}（{o.Total}件）")) + "。");
        var matters = d.Orders.SelectMany(o => o.Lines).GroupBy(l => l.CategoryName)
            .OrderByDescending(g => g.Count()).Take(3).ToList();
        if (matters.Count > 0)
            s.Append("督办事项主要是" + string.Join("、", matters.Select(g => $"{g.Key}（{g.Count()}件）")) + "。");
        var misrouted = d.Orders.Sum(o => o.Lines.Count(l => l.Misrouted is not null));
        if (misrouted > 0) s.Append($"其中{misrouted}件承办单位与派单目录不符，督办前请先核实是否错派。");
        s.Append("各单位督办单见同目录 duban 文件。");
        return s.ToString();
    }
}
