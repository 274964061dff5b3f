using Hotline.Models.Routing;

namespace Hotline.Jobs.Routing;

/// <summary>The weekly routing watchdog as the centre's dispatch team reads it (Chinese).</summary>
public static class WatchdogMarkdown
{
    public static string Render(WatchdogReport r, ReferenceData reference)
    {
        var kinds = new UnitKindNames(new UnitDirectory(reference));
        var names = reference.Categories.ToDictionary(c => c.Code, c => c.Name);
        string What(WatchdogCell c) => kinds.Plain(c.Kind)
            + (c.Category is { } code ? "·" + names.GetValueOrDefault(code, code) : "（全部事项）");
        var b = new StringBuilder();
        b.AppendLine($"# 派单助手周检 {r.WeekStart:yyyy-MM-dd} 至 {r.WeekEnd.AddDays(-1):yyyy-MM-dd}").AppendLine();
        b.AppendLine("比较本周与前四周：派单员首次派单与助手建议一致（或明确采纳）的比例，以及按建议派出后被退单、改派的件数。"
            + $"本周与前四周各不少于 {RoutingWatchdog.MinTickets} 件的单位类别和事项才比较；一致率下降 "
            + $"{RoutingWatchdog.MinDrop * 100:0} 个百分点以上且统计上显著（z ≤ {RoutingWatchdog.MaxZ}）的，向热线中心发出预警。"
            + "再派：按建议派出后又派给其他牵头单位；改派：派单员反馈“未采纳”并改派。").AppendLine();
        if (r.Drops.Count == 0) b.AppendLine("**本周未发现明显下降。**").AppendLine();
        else
        {
            b.AppendLine($"**发现 {r.Drops.Count} 处明显下降，已发预警：**").AppendLine();
            foreach (var d in r.Drops)
                b.AppendLine($"- {What(d)}：一致率 {d.Agreement:P0}（前四周 {d.BaselineAgreement:P0}），{d.Dispatched} 件中"
                    + $"退单 {d.Returned} 件、再派 {d.Redispatched} 件、派单员改派 {d.Overridden} 件。");
            b.AppendLine().AppendLine("建议：核查近期模型更新、派单目录修订或承办单位职责调整；必要时回退到上一版模型"
                + "（`hotline train` 只在新模型不差于现行模型时才启用）。").AppendLine();
        }
        b.AppendLine("| 单位类别·事项 | 本周件数 | 一致率 | 前四周一致率 | 退单 | 再派 | 改派 |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var c in r.Cells.Where(c => c.Category is null))
            b.AppendLine($"| {What(c)} | {c.Dispatched} | {c.Agreement:P1} | {c.BaselineAgreement:P1} | {c.Returned} | "
                + $"{c.Redispatched} | {c.Overridden} |");
        return b.ToString();
    }
}
