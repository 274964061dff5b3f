namespace Hotline.Jobs.Charts;

/// <summary>
/// Everything a chart can print: the fixed labels of the chart code and every name from the reference data (categories,
/// areas, units). `hotline charts-check` and the fresh-machine check verify the chart font has a glyph for each of
/// them.
/// </summary>
public static class ChartText
{
    /// <summary>
    /// The fixed Chinese labels of BriefCharts and the scorecard chart (keep in step when adding a chart).
    /// </summary>
    public const string Labels = "每日受理量（与上期同日对比）受理量前十类别（浅色为上期）区县 × 诉求大类 受理量 本期 上期 日期（实线为本期，虚线为上期同日） 月日 " +
        "工单数（件）受理量（件）承办单位综合得分（%）前 15 与后 15 本期无数据 单位 周报 月报 0123456789-.%";

    public static string All(ReferenceData reference) => string.Concat(
        [Labels, .. reference.Categories.SelectMany(c => new[] { c.Name, c.Level1, c.Level2 }),
            .. reference.Areas.Select(a => a.Name),
         .. reference.Units.Select(u => u.Name)]);
}
