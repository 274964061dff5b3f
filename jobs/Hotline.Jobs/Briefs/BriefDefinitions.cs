namespace Hotline.Jobs.Briefs;

/// <summary>
/// What each section of a brief counts, printed with the brief and written into its JSON (docs/indicators.md has the
/// rates).
/// </summary>
public static class BriefDefinitions
{
    /// <summary>The definitions for an area other than a city (全省…): the same rules, named for it.</summary>
    public static IReadOnlyDictionary<string, string> For(string scope) => scope == "全市" ? All
        : All.ToDictionary(kv => kv.Key, kv => kv.Value.Replace("全市", scope, StringComparison.Ordinal));

    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        ["period"] = "工单按受理时间归入统计周期；周按 ISO 周（周一至周日），时间均为北京时间。",
        ["cutoff"] = "数据截止时刻：只计入截止前发生的签收、答复、回访；上期与去年同期按相同的滞后计算，保证可比。",
        ["kpis"] = "各比率的分子、分母见括号。",
        ["movers"] = "变化显著的类别：两期计数的条件二项检验（按天数折算），经 Bonferroni 校正后 p·m < 0.05 且两期合计 ≥ 10 件；少量工单的大幅百分比变化不列入。",
        ["topics"] = "热点问题分两类。全市性问题：同一类诉求在全市新出现（前两期合计不超过 2 件、本期 ≥ 20 件）或明显上升（p < 0.001、≥ 30 件且超过上期两倍），不论分布在多少区县；季节性事项在季节内不列入。"
            + "具体问题：关于同一对象的同一类诉求，对象取自标题所说的企业、学校、项目（全市合并）或小区、村、道路（同一区县内），标题未说明的按事发地址所在地点（无标题的工单读其正文开头所说的企业、学校、项目）；新增为前两期均无且来电人 ≥ 6 或 48 小时内 ≥ 3 人，上升为较上期显著增加（p < 0.01，≥ 5 件），持续为连续三期均 ≥ 3 件，回落为上期 ≥ 5 件且显著减少。关键词为该话题工单中远比同类工单常见的词。每个问题列出近三期（前两期、上期、本期）的件数。",
        ["geo"] = "区县 × 诉求大类的受理量；街道热点为较上期显著上升（Bonferroni 校正，≥ 10 件）的街道 × 类别。",
        ["persistent"] = "重办：回访不满意后重新办理；重复来电：同一来电人本期 ≥ 3 件（按加盐哈希计，不显示号码）；挂账：受理满 30 天、截止时仍未办结；长期问题：同一地点同一类诉求连续三期出现。",
        ["outlook"] = "下期预测按日均水平折算到下期天数：有去年同期数据时为去年同期 × 近三期同比（限制在 0.5–2 倍）；没有时以本期水平为基础，按类别所处季节调整（进入季节 ×2.5、季节初期 ×1.5、季节末期 ×0.6、季节结束 ×0.4，非季节性类别按本期水平）。区间为 95% 区间（准泊松）。“上升”“回落”指较本期水平变化超过 10%。",
        ["governance"] = "每月一题候选：全市各类诉求按 受理量 × 增长倍数（收缩估计）× 回访不满意率（平滑）排序，一类事项不分区县只列一次，列出工单最多的区县和地点；牵头、配合单位取自派单目录；“来电反映的原因”取自来电人所述（“因为”“由于”“说是”之后、“导致”“造成”之前的分句，至少 2 件相同），是来电人的说法，供牵头单位核实，不是调查结论。“前期选题跟踪”取此前三个月各自排在第一的候选，列出其此后各月受理量，按日均比较。",
        ["alerts"] = "本期新开的风险预警（详见预警卡片与 alerts 表）。",
        ["privacy"] = "本简报不含来电人姓名、电话、证件号和门牌号；示例标题已脱敏，保密工单不进入话题与示例。",
    };
}
