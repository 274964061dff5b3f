using System.Text;
using Hotline.Ingest.Privacy;

namespace Hotline.Models.Warning.Alerts;

/// <summary>
/// The alert as a readable Chinese card and as the JSON document the Kafka and webhook sinks carry (codes in machine
/// fields, the card's words beside them). Evidence is ticket ids, counts, places, times and three sample calls with
/// personal data masked; never caller numbers, names or exact addresses, and no text of a confidential ticket.
/// </summary>
public static partial class AlertCard
{
    public static string SeverityName(Severity s) => s switch
    {
        Severity.Critical => "特别严重",
        Severity.High => "严重",
        Severity.Medium => "较重",
        _ => "一般（仅记录）",
    };

    /// <summary>Detector codes as the brief's readers say it.</summary>
    public static string DetectorName(string code) => code switch
    {
        "window-count" => "时段来电激增",
        "text-burst" => "相似诉求集中",
        "named-site" => "同一地点多人反映",
        "space-time-scan" => "时空聚集扫描",
        "ears-c2" => "日计数异常",
        "cusum" => "持续上升",
        "routing-watchdog" => "派单助手周检",
        _ => code,
    };

    public static string StatusName(AlertStatus s) => s switch
    {
        AlertStatus.Firing => "预警中",
        AlertStatus.Resolved => "已解除",
        _ => "已静默（记录不通知）",
    };

    /// <summary>
    /// The card a duty officer reads: what, where, since when and how many (the incident's own calls), the
    /// evidence in words, who is responsible by name, what to do from the playbook, and three masked sample calls.
    /// </summary>
    public static string Markdown(Alert a, ReferenceData? reference = null, Playbook? playbook = null)
    {
        var units = Directory(reference);
        var group = (playbook ?? Playbook.Default).Find(a.RiskGroup);
        var sb = new StringBuilder();
        sb.AppendLine($"### 【{SeverityName(a.Severity)}】{a.Title}");
        sb.AppendLine();
        sb.AppendLine($"- 状态：{StatusName(a.Status)}（预警编号 {a.Id}）");
        sb.AppendLine($"- 风险类别：{group?.Name ?? (a.RiskGroup is null ? "相似诉求集中" : a.RiskGroup)}；地点："
            + $"{a.AreaName ?? a.AreaCode}");
        sb.AppendLine($"- 时间：首次来电 {a.FirstTicketAt:yyyy-MM-dd HH:mm}，最近来电 {a.LastTicketAt:yyyy-MM-dd HH:mm}；"
            + $"发出预警 {a.OpenedAt:MM-dd HH:mm}" + (a.ResolvedAt is { } r ? $"，解除 {r:MM-dd HH:mm}" : ""));
        if (Site(a) is { } site) sb.AppendLine($"- 集中地点：{site}");
        sb.AppendLine($"- 证据：{Evidence(a)}");
        sb.AppendLine($"- {TrendLabel(a)}：{Trend(a)}");
        sb.AppendLine("- 责任单位：" + string.Join("、", a.Owners.Select(o => units.Find(o)?.Name ?? o))
            + $"（联系方式见单位名录“{(playbook ?? Playbook.Default).DutyContactField}”）");
        if (group is not null)
        {
            sb.AppendLine("- 建议处置：");
            foreach (var x in group.FirstActions.Take(4)) sb.AppendLine($"  - {x}");
            if (group.Checks.Count > 0) sb.AppendLine("- 核查要点：" + string.Join("；", group.Checks.Take(3)));
            if (group.EscalateWhen.Count > 0) sb.AppendLine("- 立即升级报告的情形：" + string.Join("；",
                group.EscalateWhen.Take(3)));
        }
        var samples = Samples(a);
        if (samples.Count > 0)
        {
            sb.AppendLine("- 来电摘录（已脱敏）：");
            foreach (var x in samples) sb.AppendLine($"  - {x}");
        }
        var ids = string.Join("、", a.Tickets.Keys.Order(StringComparer.Ordinal).Take(10));
        sb.AppendLine($"- 工单：{ids}{(a.Tickets.Count > 10 ? $" 等 {a.Tickets.Count} 件" : "")}");
        return sb.ToString();
    }

    /// <summary>"3 小时内 47 件，平时同期约 0.5 件", or the counts alone when no window count backs the alert.</summary>
    public static string Evidence(Alert a)
    {
        var counts = $"{a.CallerCount} 位来电人反映 {a.Tickets.Count} 件";
        if (double.IsNaN(a.PValue) || a.Window <= TimeSpan.Zero) return counts;
        var expected = a.Expected < 0.05 ? "不足 0.1" : a.Expected < 1 ? $"{a.Expected:0.0}" : $"{a.Expected:0}";
        return $"{a.Window.TotalHours:0} 小时内 {a.Observed:0} 件，平时同期约 {expected} 件；{counts}";
    }

    /// <summary>
    /// The site most of the calls name (a compound, road, school, site or restaurant: the address without house
    /// numbers), when at least 40 % of them share it; null otherwise.
    /// </summary>
    public static string? Site(Alert a)
    {
        var top = a.Tickets.Values.Where(t => !t.Confidential && t.Place is not null).GroupBy(t => t.Place!)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault();
        return top is not null && top.Count() * 10 >= a.Tickets.Count * 4 ? $"{top.Key}（{top.Count()} 件）" : null;
    }

    private static int TrendStep(Alert a) => (a.LastTicketAt - a.FirstTicketAt).TotalHours > 12 ? 3 : 1;

    public static string TrendLabel(Alert a) => TrendStep(a) == 1 ? "逐小时来电" : "每3小时来电";

    /// <summary>Calls per hour from the first to the last (by three hours when that is more than 12 hours).</summary>
    public static string Trend(Alert a)
    {
        var first = a.FirstTicketAt;
        var step = TrendStep(a);
        var start = first.Date.AddHours(first.Hour - first.Hour % step);
        var buckets = a.Tickets.Values.GroupBy(t => (int)((t.ReceivedAt - start).TotalHours / step))
            .OrderBy(g => g.Key).Select(g => $"{start.AddHours(g.Key * step):dd日HH}时 {g.Count()}").ToList();
        return string.Join("，", buckets.Take(12)) + (buckets.Count > 12 ? " …" : "");
    }

    /// <summary>
    /// The first, a middle and the latest non-confidential call, masked (phones go entirely: an emergency office
    /// needs the words, not the caller) and cut to 60 characters.
    /// </summary>
    public static List<string> Samples(Alert a)
    {
        var open = a.Tickets.Values.Where(t => !t.Confidential && t.Text.Trim().Length > 0)
            .OrderBy(t => t.ReceivedAt).ThenBy(t => t.TicketId, StringComparer.Ordinal).ToList();
        if (open.Count == 0) return [];
        var picks = new[] { 0, open.Count / 2, open.Count - 1 }.Distinct().Select(i => open[i]);
        return picks.Select(t =>
        {
            var text = PhoneMask().Replace(TextMasker.Mask(t.Text.Trim()), "[电话]");
            return $"{t.ReceivedAt:HH:mm} {(text.Length > 60 ? text[..60] + "…" : text)}";
        }).ToList();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\d{3}\*{4}\d{4}")]
    private static partial System.Text.RegularExpressions.Regex PhoneMask();

    /// <param name="change">What happened; null for an alert listed as open (the scan's listing).</param>
    private static UnitDirectory Directory(ReferenceData? reference) =>
        reference is null || ReferenceEquals(reference, ReferenceData.Default) ? UnitDirectory.Default
            : new UnitDirectory(reference);

    /// <param name="reference">The warehouse's city, for the owners' names; the built-in city when null.</param>
    public static object Document(Alert a, AlertChangeKind? change, ReferenceData? reference = null) => new
    {
        alert_id = a.Id, change = change?.Code() ?? "open", status = a.Status, severity = a.Severity,
        risk_group = a.RiskGroup, area_code = a.AreaCode, area_name = a.AreaName,
        title = a.Title, detectors = a.Detectors, owners = a.Owners,
        owner_names = a.Owners.Select(o => Directory(reference).Find(o)?.Name ?? o),
        severity_name = SeverityName(a.Severity), site = Site(a), evidence = Evidence(a), trend = Trend(a),
        recommended_actions = Playbook.Default.Find(a.RiskGroup)?.FirstActions ?? [],
        escalate_when = Playbook.Default.Find(a.RiskGroup)?.EscalateWhen ?? [],
        sample_calls = Samples(a), first_ticket_at = a.FirstTicketAt,
        last_ticket_at = a.LastTicketAt,
        opened_at = a.OpenedAt, updated_at = a.UpdatedAt, resolved_at = a.ResolvedAt, ticket_count = a.Tickets.Count,
        caller_count = a.CallerCount,
        observed = double.IsNaN(a.PValue) ? (double?)null : a.Observed, expected = double.IsNaN(a.PValue)
            ? (double?)null : Math.Round(a.Expected, 3),
        p_value = double.IsNaN(a.PValue) ? (double?)null : a.PValue,
        // The Kafka topic and the webhook reach emergency offices: confidential tickets go as a number only.
        ticket_ids = a.Tickets.Values
            .Where(t => TicketScope.MaySee(EmergencyOffice, TicketPurpose.AlertEvidence, t.Confidential))
            .Select(t => t.TicketId).Order(StringComparer.Ordinal),
        confidential_tickets = a.Tickets.Values.Count(t => t.Confidential),
    };

    private static readonly AccessRole EmergencyOffice = new(RoleKind.EmergencyOffice, null);
}
