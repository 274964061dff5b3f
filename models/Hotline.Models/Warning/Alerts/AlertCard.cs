using System.Text;
using Hotline.Ingest.Privacy;

namespace Hotline.Models.Warning.Alerts;

/// <summary>
/// The alert as a readable Markdown card and as the JSON document the Kafka and webhook sinks carry. Evidence is
/// ticket ids, counts, places and times: never caller numbers, names, addresses or free text.
/// </summary>
public static class AlertCard
{
    public static string Markdown(Alert a)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"### [{a.Severity.Code().ToUpperInvariant()}] {a.Title}");
        sb.AppendLine();
        sb.AppendLine($"- 状态 status: {a.Status.Code()}; 告警编号 {a.Id}");
        sb.AppendLine($"- 地点 place: {a.AreaName ?? a.AreaCode} ({a.AreaCode}); 风"
            + $"险类别 risk group: {a.RiskGroup ?? "文本聚集 text burst"}");
        sb.AppendLine($"- 时间 tickets from {a.FirstTicketAt:yyyy-MM-dd HH:mm} "
            + $"to {a.LastTicketAt:yyyy-MM-dd HH:mm}; opened {a.OpenedAt:yyyy-MM-dd HH:mm}"
                      + (a.ResolvedAt is { } r ? $", resolved {r:yyyy-MM-dd HH:mm}" : ""));
        sb.AppendLine($"- 证据 evidence: {a.Tickets.Count} tickets "
            + $"from {a.CallerCount} distinct "
                + $"callers; detectors: {string.Join(", ", a.Detectors.Select(d => d.Code()))}");
        if (!double.IsNaN(a.PValue))
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- observed {a.Observed:0} vs expected {a.Expected:0.00} in the window (Poisson "
                    + $"p = {a.PValue:0.0e+0})"));
        sb.AppendLine($"- 责任单位 owners: {string.Join(", ", a.Owners)}");
        var ids = string.Join(", ", a.Tickets.Keys.Order(StringComparer.Ordinal).Take(20));
        sb.AppendLine($"- tickets: {ids}{(a.Tickets.Count > 20 ? " …" : "")}");
        return sb.ToString();
    }

    /// <param name="change">What happened; null for an alert listed as open (the scan's listing).</param>
    public static object Document(Alert a, AlertChangeKind? change) => new
    {
        alert_id = a.Id, change = change?.Code() ?? "open", status = a.Status, severity = a.Severity,
        risk_group = a.RiskGroup, area_code = a.AreaCode, area_name = a.AreaName,
        title = a.Title, detectors = a.Detectors, owners = a.Owners, first_ticket_at = a.FirstTicketAt,
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
