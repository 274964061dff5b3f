using Hotline.Jobs.Charts;
using Hotline.Jobs.Scorecard;

namespace Hotline.Jobs.Render;

/// <summary>The unit scorecard as Markdown plus its chart (the ranked units' scores, best at the top).</summary>
public static class ScorecardMarkdown
{
    public static string Render(UnitScorecardReport s)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# 承办单位考评：{s.Period}").AppendLine();
        sb.AppendLine($"> 数据截至 {s.Cutoff:yyyy-MM-dd HH:mm}。指标定义见 docs/indicators.md；综合得分为六项比率的平均（退单率、重办率按 1 − 比率计）。" +
                      $"本月主办工单少于 {s.MinTickets} 件的单位只列示、不排名。").AppendLine();
        sb.AppendLine("![单位得分](scorecard.png)").AppendLine();
        Md.Table(sb, ["排名", "较上月", "单位", "主办件数", "响应率", "按时办结率", "解决率", "满意率", "退单率", "重办率", "综合得分", "上月得分"],
            s.Units.Select(u =>
                (IReadOnlyList<object?>)[u.Rank, Move(u), u.UnitName, u.Tickets, Md.Pct(u.Response), Md.Pct(u.OnTime),
                Md.Pct(u.Resolution),
                Md.Pct(u.Satisfaction), Md.Pct(u.ReturnRate), Md.Pct(u.ReopenRate), Md.Pct(u.Score),
                    Md.Pct(u.PreviousScore)]));
        return sb.ToString();
    }

    private static string Move(UnitScore u) => (u.Rank, u.PreviousRank) switch
    {
        ({ } r, { } p) when p > r => $"↑{p - r}",
        ({ } r, { } p) when p < r => $"↓{r - p}",
        ({ }, { }) => "—",
        ({ }, null) => "新上榜",
        _ => "",
    };

    public static byte[] Chart(UnitScorecardReport s)
    {
        var ranked = s.Units.Where(u => u.Rank is not null).ToList();
        var shown = ranked.Count <= 30 ? ranked : ranked.Take(15).Concat(ranked.TakeLast(15)).ToList();
        shown.Reverse();
        var plt = ChartStyle.New($"{s.Period} 承办单位综合得分（{(ranked.Count <= 30 ? "全部" : "前 15 与后 15")}）");
        if (shown.Count == 0) return ChartStyle.Empty(plt);
        var bars = plt.Add.Bars(shown.Select(u => u.Score!.Value * 100).ToArray());
        bars.Horizontal = true;
        plt.Axes.Left.SetTicks(shown.Select((_, i) => (double)i).ToArray(),
            shown.Select(u => $"{u.Rank}. {u.UnitName}").ToArray());
        plt.Axes.Left.TickLabelStyle.FontName = ChartStyle.Font;
        plt.XLabel("综合得分（%）");
        plt.Axes.SetLimitsX(Math.Max(0, shown.Count == 0 ? 0 : shown.Min(u => u.Score!.Value * 100) - 5), 100);
        return ChartStyle.Png(plt, ChartStyle.Width, Math.Max(400, 26 * shown.Count + 120));
    }
}
