using Hotline.Jobs.Supervision;

namespace Hotline.Jobs.Render;

/// <summary>
/// The day's 督办单, one per unit (separated by a page break in the Word file): what the unit must act on, with a
/// one-line masked summary of each request, the times already urged, returned tickets, and a note where the
/// dispatch catalogue names another unit (to check before urging). A unit can be sent its own page.
/// </summary>
public static class OrderMarkdown
{
    public static string Render(SupervisionDigestReport d, string issuer)
    {
        var sb = new StringBuilder();
        var first = true;
        foreach (var o in d.Orders)
        {
            if (!first) sb.AppendLine("---").AppendLine();
            first = false;
            sb.AppendLine($"# 12345热线督办单").AppendLine();
            sb.AppendLine($"**{o.UnitName}**：").AppendLine();
            var parts = new List<string>();
            if (o.Overdue > 0) parts.Add($"已超期未办结{o.Overdue}件");
            if (o.DueSoon > 0) parts.Add($"1个工作日内到期{o.DueSoon}件");
            if (o.NotSigned > 0) parts.Add($"超过1个工作日未签收{o.NotSigned}件");
            if (o.Returned > 0) parts.Add($"退单2次及以上{o.Returned}件");
            var urged = o.Lines.Count(l => l.Urged > 0);
            sb.AppendLine($"{Md.AsOf(d.Cutoff)}，你单位承办的12345热线工单中，{string.Join("，", parts)}"
                + (urged > 0 ? $"，其中{urged}件此前已督办" : "")
                + "。请对照下表抓紧签收办理，按时限答复诉求人并向热线工作机构反馈；对承办有异议的，请按规定提出退回并说明理由。")
                .AppendLine();
            Md.Table(sb, ["工单号", "诉求摘要", "类别", "区域", "办理时限", "情况", "已督办", "备注"],
                o.Lines.Select(l => (IReadOnlyList<object?>)
                [
                    l.TicketId, l.Summary, l.CategoryName, l.Area, l.DueAt, l.Detail,
                    l.Urged > 0 ? $"{l.Urged} 次" : "—",
                    string.Join("；", new[] { l.Returns > 0 ? $"退单 {l.Returns} 次" : null,
                        l.Misrouted is { } m ? "疑似错派：" + m : null }.OfType<string>()),
                ]));
            if (o.Total > o.Lines.Count) sb.AppendLine($"（共{o.Total}件，列出前{o.Lines.Count}件，其余见督办日报。）").AppendLine();
            sb.AppendLine($"{issuer}　　　　{d.Cutoff.AddMinutes(-1):yyyy年M月d日}").AppendLine();
        }
        if (first) sb.AppendLine("# 12345热线督办单").AppendLine().AppendLine("今日无需督办的承办单位。");
        return sb.ToString();
    }
}
