namespace Hotline.Models.Routing;

/// <summary>
/// The dispatcher's card: a suggestion in the words a 12345 dispatcher uses (处置、牵头、配合、时限、派单目录、
/// 理由), the same in `hotline route`, POST /v1/route (field `card`) and the demo. Codes stay in the JSON's
/// machine fields; the card has names.
/// </summary>
public static class DispatchCard
{
    public static string DispositionName(Disposition d) => d switch
    {
        Disposition.Dispatch => "派单",
        Disposition.Transfer110 => "立即转110",
        Disposition.Transfer119 => "立即转119",
        Disposition.Transfer120 => "立即转120",
        Disposition.Transfer122 => "立即转122",
        Disposition.KbAnswer => "知识库直接答复",
        Disposition.LegalChannel => "告知依法通过法定途径解决",
        Disposition.OutsideCity => "告知向属地反映（非本市事项）",
        Disposition.Centre => "热线中心直接办理",
        Disposition.Abstain => "请人工确认",
        Disposition.Repeat => "重复诉求，并入原工单",
        Disposition.Abusive => "无实质诉求，劝导",
        _ => d.Code(),
    };

    public static string TierName(string? tier) => tier switch
    {
        "2h" => "2小时内处置",
        "24h" => "24小时内办结",
        "3wd" => "3个工作日内办结",
        "5wd" => "5个工作日内办结",
        null => "—",
        _ => tier,
    };

    /// <summary>The card's lines, first the decision, then who, when, why.</summary>
    public static List<string> Lines(RouteSuggestion s, Func<string, string?> unitName)
    {
        var lines = new List<string>();
        var lead = s.LeadUnit is null ? null : unitName(s.LeadUnit) ?? s.LeadUnit;
        var head = $"【{DispositionName(s.Disposition)}】";
        if (s.Disposition.IsTransfer()) head += $"{lead}（紧急）";
        else if (s.Abstain)
            head += "候选：" + string.Join("、", s.Units.Select(u => $"{u.Name ?? u.UnitId} {u.Probability:P0}"));
        else if (s.Disposition == Disposition.Dispatch) head += $"牵头：{lead}";
        else head += "热线中心办理";
        lines.Add(head + $"（把握 {s.Confidence:P0}）");
        if (s.AssistUnits.Count > 0)
            lines.Add("配合：" + string.Join("、", s.AssistUnits.Select(a => unitName(a) ?? a)));
        // A transfer is immediate: its two-hour tier is the follow-up, not the dispatcher's business.
        if (s.Tier is not null && s.Disposition is Disposition.Dispatch or Disposition.Abstain)
            lines.Add($"时限：{TierName(s.Tier)}" + (s.DueAt is { } due ? $"，{due:yyyy-MM-dd HH:mm} 前" : ""));
        if (s.Categories.Count > 0) lines.Add($"事项分类：{s.Categories[0].Name ?? s.Categories[0].Code}");
        if (s.Catalogue is { } c)
            lines.Add($"派单目录（{c.Version}）“{c.Name}”：{c.Definition}"
                + (c.Expression is null ? "" : $" 来电表述：“{c.Expression}”"));
        if (s.District is null && s.Disposition == Disposition.Dispatch)
            lines.Add("地点：来电未说明所在区县，派单前请向来电人确认");
        foreach (var r in s.Reasons) lines.Add("理由：" + r);
        return lines;
    }
}
