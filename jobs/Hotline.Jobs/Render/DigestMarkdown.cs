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
}
