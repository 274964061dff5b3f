using static Hotline.Server.Console.ConsolePage;

namespace Hotline.Server.Console;

/// <summary>
/// The published monthly scorecard (scorecard-monthly's JSON) as the console shows it: for supervisors every group
/// (县区政府、市直部门、县区部门、乡镇街道、公共服务企业) with its ranked units, their rank range where differences are
/// within noise, score against last month, 红黑榜 and the points lost; for a unit its own row only. The ranking rules are
/// the job's (small denominators shown, not ranked); the console only reads them.
/// </summary>
public static class ScorecardView
{
    private static string P(JsonElement u, string name) => Percent(u, name);

    private static string? S(JsonElement u, string name) =>
        u.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Rank(JsonElement u) =>
        u.TryGetProperty("rank", out var r) && r.ValueKind == JsonValueKind.Number
            ? u.TryGetProperty("best_rank", out var b) && b.ValueKind == JsonValueKind.Number
                && u.TryGetProperty("worst_rank", out var w) && w.ValueKind == JsonValueKind.Number
                && b.GetInt32() != w.GetInt32()
                ? $"{r.GetInt32()}（{b.GetInt32()}–{w.GetInt32()}）" : $"{r.GetInt32()}"
            : "不排名（件数少）";

    /// <summary>Every group's table.</summary>
    public static string Groups(JsonElement card)
    {
        var sb = new System.Text.StringBuilder();
        var units = card.GetProperty("units").EnumerateArray().Where(u => S(u, "group") is not null).ToList();
        sb.Append($"<p class=\"meta\">{E(card.GetProperty("period").GetString())}；名次括号内为考虑随机波动后的可能名次范围。</p>");
        foreach (var g in units.GroupBy(u => S(u, "group")!))
        {
            sb.Append($"<details><summary>{E(g.Key)}（{g.Count()} 个单位）</summary><table><thead><tr>"
                + "<th scope=\"col\">名次</th><th scope=\"col\">单位</th><th scope=\"col\">件数</th>"
                + "<th scope=\"col\">综合得分</th><th scope=\"col\">上月</th><th scope=\"col\">红黑榜</th>"
                + "<th scope=\"col\">失分原因</th></tr></thead><tbody>");
            foreach (var u in g) sb.Append(Row(u));
            sb.Append("</tbody></table></details>");
        }
        return sb.ToString();
    }

    /// <summary>One unit's own row, or null when the scorecard does not list it.</summary>
    public static string? Unit(JsonElement card, string unitId)
    {
        var u = card.GetProperty("units").EnumerateArray().FirstOrDefault(x => S(x, "unit_id") == unitId);
        if (u.ValueKind != JsonValueKind.Object) return null;
        return $"<p class=\"meta\">{E(card.GetProperty("period").GetString())}，{E(S(u, "group"))}</p>"
            + "<table><thead><tr><th scope=\"col\">名次</th><th scope=\"col\">单位</th><th scope=\"col\">件数</th>"
            + "<th scope=\"col\">综合得分</th><th scope=\"col\">上月</th><th scope=\"col\">红黑榜</th>"
            + "<th scope=\"col\">失分原因</th></tr></thead><tbody>" + Row(u) + "</tbody></table>"
            + $"<p>响应率 {P(u, "response")} · 按时办结率 {P(u, "on_time")} · 解决率 {P(u, "resolution")} · "
            + $"满意率 {P(u, "satisfaction")} · 退单率 {P(u, "return_rate")} · 重办率 {P(u, "reopen_rate")}</p>";
    }

    private static string Row(JsonElement u)
    {
        var lost = u.TryGetProperty("lost_points", out var l) && l.ValueKind == JsonValueKind.Array
            ? string.Join("；", l.EnumerateArray().Select(x => x.GetString())) : "";
        var tickets = u.TryGetProperty("tickets", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt64() : 0;
        return $"<tr><td>{E(Rank(u))}</td><td>{E(S(u, "unit_name"))}</td><td>{tickets}</td><td>{P(u, "score")}</td>"
            + $"<td>{P(u, "previous_score")}</td><td>{E(S(u, "board"))}</td><td>{E(lost)}</td></tr>";
    }
}
