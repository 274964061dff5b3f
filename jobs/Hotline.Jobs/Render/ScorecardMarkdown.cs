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
        sb.AppendLine($"> 数据截至 {s.Cutoff:yyyy-MM-dd HH:mm}。单位按县区政府、市直部门、县区部门、乡镇街道、公共服务企业分组，"
            + $"组内排名；本月主办工单少于 {s.MinTickets} 件的单位只列示、不排名；110、119、120、122 紧急服务和热线中心不参与排名。"
            + "综合得分为六项比率的平均（退单率、重办率按 1 − 比率计），口径见文末说明。"
            + "件数有限时得分有随机波动：“可能名次”给出考虑波动后该单位可能所处的名次范围，范围重叠的单位之间不分先后；"
            + "红榜、黑榜只列得分在考虑波动后仍明显高于、低于本组平均的单位。").AppendLine();
        sb.AppendLine("![单位得分](scorecard.png)").AppendLine();
        // No exact rank column: within noise nobody ranks above anybody; the possible ranks say how far apart
        // units are.
        string[] head = ["可能名次", "单位", "主办件数", "响应率", "按时办结率", "解决率", "满意率", "退单率", "重办率",
            "综合得分", "上月得分"];
        IReadOnlyList<object?> Row(UnitScore u) =>
        [
            Range(u), u.UnitName, u.Tickets, Md.Pct(u.Response), Md.Pct(u.OnTime), Md.Pct(u.Resolution),
            Md.Pct(u.Satisfaction), Md.Pct(u.ReturnRate), Md.Pct(u.ReopenRate), Md.Pct(u.Score),
                Md.Pct(u.PreviousScore),
        ];
        foreach (var group in UnitGroups.Order)
        {
            var members = s.Units.Where(u => u.Group == group).ToList();
            if (members.Count == 0) continue;
            sb.AppendLine($"## {group}").AppendLine();
            var red = members.Where(u => u.Board == "红榜").Select(u => u.UnitName).ToList();
            var black = members.Where(u => u.Board == "黑榜").ToList();
            sb.AppendLine("红榜：" + (red.Count > 0 ? string.Join("、", red) : "无（没有单位明显高于本组平均）") + "。")
                .AppendLine();
            sb.AppendLine("黑榜：" + (black.Count > 0 ? string.Join("；", black.Select(u => u.UnitName
                + (u.LostPoints.Count > 0 ? "，失分主要在" + string.Join("、", u.LostPoints) : ""))) : "无（没有单位明显低于本组平均）")
                + "。").AppendLine();
            Md.Table(sb, head, members.Select(Row));
            sb.AppendLine();
        }
        var others = s.Units.Where(u => u.Group is null).ToList();
        if (others.Count > 0)
        {
            sb.AppendLine("## 不参与排名的单位（紧急服务、热线中心）").AppendLine();
            Md.Table(sb, ["单位", "主办件数"], others.Select(u => (IReadOnlyList<object?>)[u.UnitName, u.Tickets]));
            sb.AppendLine();
        }
        sb.AppendLine("## 说明").AppendLine();
        sb.AppendLine("响应率：按时签收的比例；按时办结率：在办理时限内答复的比例；解决率、满意率：回访中已解决、满意（含基本满意）的比例；"
            + "退单率：派给本单位后被退回的比例；重办率：办结后重新办理的比例。均按本月受理、本单位主办的工单计。");
        return sb.ToString();
    }

    private static string Range(UnitScore u) => (u.BestRank, u.WorstRank) switch
    {
        ({ } b, { } w) when b == w => $"{b}",
        ({ } b, { } w) => $"{b}–{w}",
        _ => "不排名",
    };

    public static byte[] Chart(UnitScorecardReport s)
    {
        // Each group's best and worst five (all of a group of ten or fewer): ranks compare within a group only.
        var shown = new List<UnitScore>();
        var all = true;
        foreach (var group in UnitGroups.Order)
        {
            var ranked = s.Units.Where(u => u.Group == group && u.Rank is not null).ToList();
            all &= ranked.Count <= 10;
            shown.AddRange(ranked.Count <= 10 ? ranked : ranked.Take(5).Concat(ranked.TakeLast(5)));
        }
        shown.Reverse();
        var plt = ChartStyle.New($"{s.Period} 承办单位综合得分（{(all ? "全部" : "各组前 5 与后 5")}，组内排名）");
        if (shown.Count == 0) return ChartStyle.Empty(plt);
        var bars = plt.Add.Bars(shown.Select(u => u.Score!.Value * 100).ToArray());
        bars.Horizontal = true;
        plt.Axes.Left.SetTicks(shown.Select((_, i) => (double)i).ToArray(),
            shown.Select(u => $"{u.Group} {u.Rank}. {u.UnitName}").ToArray());
        plt.Axes.Left.TickLabelStyle.FontName = ChartStyle.Font;
        plt.XLabel("综合得分（%）");
        plt.Axes.SetLimitsX(Math.Max(0, shown.Count == 0 ? 0 : shown.Min(u => u.Score!.Value * 100) - 5), 100);
        return ChartStyle.Png(plt, ChartStyle.Width, Math.Max(400, 26 * shown.Count + 120));
    }
}
