using Hotline.Jobs.Render;

namespace Hotline.Jobs.Disclosure;

public sealed record ChannelCount(string Channel, string RequestType, string Count);
public sealed record UnitCompletion(string Unit, string Tickets, double? OnTime, double? Satisfaction);
public sealed record TypicalCase(string CategoryName, string County, string Problem, string Outcome);

public sealed record MonthlyDisclosureReport(string Month, long Total,
    IReadOnlyList<ChannelCount> Acceptance, IReadOnlyList<UnitCompletion> Units,
    IReadOnlyList<TypicalCase> Cases, double? Satisfaction, double? Resolution);

/// <summary>
/// The monthly public disclosure (L22, B37): acceptance by channel and type, unit completion figures and typical
/// cases. Aggregates only: a cell under 5 tickets is shown as "&lt;5" (small counts can identify a caller), cases are
/// masked, confidential tickets never appear, and no ticket id is published.
/// </summary>
public sealed class MonthlyDisclosure(ReferenceData reference)
{
    public const int MinCell = 5;
    private readonly Names _names = new(reference);
    private readonly Indicators _ind = new(new WorkingCalendar(reference.Holidays));

    public MonthlyDisclosureReport Build(DuckDBConnection conn, ReportPeriod month, DateTime cutoff)
    {
        cutoff = cutoff > month.End ? month.End : cutoff;
        var facts = TicketFact.Load(conn, month.Start, cutoff < month.End ? cutoff : month.End);
        var acceptance = facts.GroupBy(t => (Channel: Channel(t.Channel), Type: RequestType(t.RequestType)))
            .OrderBy(g => g.Key.Channel, StringComparer.Ordinal).ThenBy(g => g.Key.Type, StringComparer.Ordinal)
            .Select(g => new ChannelCount(g.Key.Channel, g.Key.Type, Suppress(g.Count()))).ToList();
        // Emergency services and the centre are not handling units in this sense (same rule as the scorecard).
        var units = facts.Where(t => t.LeadUnit is not null
                && Scorecard.UnitGroups.Of(t.LeadUnit, _names.UnitKind(t.LeadUnit)) is not null)
            .GroupBy(t => t.LeadUnit!)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new UnitCompletion(_names.Unit(g.Key), Suppress(g.Count()),
                g.Count() >= MinCell ? R(Indicators.OnTime(g, cutoff).Value) : null, g.Count() >= MinCell
                    ? R(Indicators.Satisfaction(g, cutoff).Value) : null)).ToList();
        // Typical cases: resolved and satisfied tickets from the month's five largest categories, reply summarised.
        var cases = Sql.Rows(conn, """
            WITH ranked AS (
                SELECT t.category, t.district, t.title, t.ticket_id,
                       row_number() OVER (PARTITION BY t.category ORDER BY hash(t.ticket_id)) AS k
                FROM tickets t
                WHERE t.received_at >= $from AND t.received_at < $to AND t.satisfaction = 'satisfied' AND t.resolved
                    AND NOT coalesce(t.confidential, false)
                  AND t.category IN (SELECT category FROM tickets WHERE received_at >= $from AND received_at < $to
                      AND category IS NOT NULL
                                     GROUP BY category ORDER BY count(*) DESC, category LIMIT 5))
            SELECT r.category, r.district, r.title,
                   (SELECT arg_max(reply_text,
                       occurred_at) FROM ticket_events e WHERE e.ticket_id = r.ticket_id
                           AND e.type = 'replied') AS reply
            FROM ranked r WHERE k = 1 ORDER BY r.category
            """, r =>
                new TypicalCase(_names.Category(r.Str(0)), _names.Area(r.Str(1)), TextMasker.Mask(r.Str(2)),
                Summary(TextMasker.Mask(r.Str(3)))),
            ("from", month.Start), ("to", cutoff < month.End ? cutoff : month.End));
        return new MonthlyDisclosureReport(month.Key, facts.Count, acceptance, units, cases,
            R(Indicators.Satisfaction(facts, cutoff).Value), R(Indicators.Resolution(facts, cutoff).Value));
    }

    private static double? R(double? v) => v is { } x ? Math.Round(x, 4) : null;
    private static string Suppress(int n) => n < MinCell ? $"<{MinCell}"
        : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private static string Summary(string reply) => reply.Length <= 90 ? reply : reply[..90] + "……";

    private static string Channel(string? c) => c switch
    {
        "phone" => "电话",
        "wechat" => "微信",
        "web" => "网站",
        "app" => "移动客户端",
        "sms" => "短信",
        "email" => "电子邮件",
        null =>
            "其他",
        _ => c,
    };

    private static string RequestType(string? t) => t switch
    {
        "complaint" => "投诉",
        "help" => "求助",
        "consultation" => "咨询",
        "report" => "举报",
        "suggestion" => "建议",
        "praise" => "表扬",
        null => "其他",
        _ => t,
    };

    public static string Markdown(MonthlyDisclosureReport d)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# 12345 政务服务便民热线 {d.Month} 受理情况公开").AppendLine();
        sb.AppendLine($"> 本月共受理 {d.Total:N0} 件；满意率 {Md.Pct(d.Satisfaction)}，解决率 {Md.Pct(d.Resolution)}（回访中"
            + "满意（含基本满意）、已解决的比例）。" +
                      $"少于 {MinCell} 件的数字显示为“<{MinCell}”；典型案例已隐去个人信息。").AppendLine();
        sb.AppendLine("## 受理渠道与诉求类型").AppendLine();
        Md.Table(sb, ["渠道", "类型", "件数"],
            d.Acceptance.Select(a => (IReadOnlyList<object?>)[a.Channel, a.RequestType, a.Count]));
        sb.AppendLine("## 承办单位办理情况").AppendLine();
        Md.Table(sb, ["单位", "主办件数", "按时办结率", "满意率"],
            d.Units.Select(u => (IReadOnlyList<object?>)[u.Unit, u.Tickets, Md.Pct(u.OnTime), Md.Pct(u.Satisfaction)]));
        sb.AppendLine().AppendLine("转110、119、120、122 的紧急事项由相应机构即时处置，热线中心直接答复的事项由中心办理，均不在上表。")
            .AppendLine();
        sb.AppendLine("## 典型案例").AppendLine();
        foreach (var c in d.Cases) sb.AppendLine($"- **{c.CategoryName}（{c.County}）**：{c.Problem}。办理结果：{c.Outcome}");
        if (d.Cases.Count == 0) sb.AppendLine("（本月无）");
        return sb.ToString();
    }
}
