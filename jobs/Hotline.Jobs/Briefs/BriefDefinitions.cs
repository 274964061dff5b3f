namespace Hotline.Jobs.Briefs;

/// <summary>
/// What each section of a brief counts, printed with the brief and written into its JSON (docs/indicators.md has the
/// rates).
/// </summary>
public static class BriefDefinitions
{
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        ["period"] = "工单按受理时间归入统计周期；周按 ISO 周（周一至周日），时间均为北京时间。",
        ["cutoff"] = "数据截止时刻：只计入截止前发生的签收、答复、回访；上期与去年同期按相同的滞后计算，保证可比。",
        ["kpis"] = "各比率的分子、分母见括号。",
        ["movers"] = "变化显著的类别：两期计数的条件二项检验（按天数折算），经 Bonferroni 校正后 p·m < 0.05 且两期合计 ≥ 10 件；少量工单的大幅百分比变化不列入。",
        ["topics"] = "话题 = 同一街道/乡镇内同一地点（小区、单位或路段）的同一类诉求。新增：前两期均无，且来电人 ≥ 6 或 48 小时内 ≥ 3 人；上升：较上期显著增加（p < 0.01，"
            + "≥ 5 件）；持续：连续三期均 ≥ 3 件；回落：上期 ≥ 5 件且显著减少。关键词为该话题工单中远比同类工单常见的词。",
        ["geo"] = "区县 × 诉求大类的受理量；街道热点为较上期显著上升（Bonferroni 校正，≥ 10 件）的街道 × 类别。",
        ["persistent"] = "重办：回访不满意后重新办理；重复来电：同一来电人本期 ≥ 3 件（按加盐哈希计，不显示号码）；挂账：受理满 30 天、截止时仍未办结；长期问题：同一地点同一类诉求连续三期出现。",
        ["outlook"] = "下期预测：有去年同期数据时为去年同期 × 近三期同比（限制在 0.5–2 倍），否则为近三期均值；95% 区间按准泊松 μ ± 1.96√(φμ)。季节性类别在下期进入季节时标注。",
        ["governance"] = "每月一题候选：全市各类诉求按 受理量 × 增长倍数（收缩估计）× 回访不满意率（平滑）排序，一类事项不分区县只列一次，列出工单最多的区县和地点；牵头、配合单位取自派单目录。",
        ["alerts"] = "本期新开的风险预警（详见预警卡片与 alerts 表）。",
        ["privacy"] = "本简报不含来电人姓名、电话、证件号和门牌号；示例标题已脱敏，保密工单不进入话题与示例。",
    };
}
