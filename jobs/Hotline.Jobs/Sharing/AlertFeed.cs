namespace Hotline.Jobs.Sharing;

public sealed record AlertRecord(string AlertId, string Status, string Severity, string? RiskGroup, string? AreaCode,
    string? AreaName, string Title, IReadOnlyList<string> Detectors, IReadOnlyList<string> Owners,
    DateTime? FirstTicketAt, DateTime? LastTicketAt, DateTime OpenedAt, DateTime UpdatedAt, DateTime? ResolvedAt,
    long TicketCount, long CallerCount, double? Observed, double? Expected, double? PValue,
    IReadOnlyList<string> TicketIds, DateTime? AcknowledgedAt, long ConfidentialTickets = 0);

public sealed record AlertChangeRecord(DateTime At, string Change, string Severity, long TicketCount);

/// <summary>Evidence ticket as an emergency office sees it: when, where, what category, the masked title.</summary>
public sealed record EvidenceTicket(string TicketId, DateTime? ReceivedAt, string? Category, string? District,
    string? Township, string? Title);

public sealed record AlertDetail(AlertRecord Alert,
    IReadOnlyList<AlertChangeRecord> History, IReadOnlyList<EvidenceTicket> Evidence);

/// <summary>
/// Alerts for the emergency offices' API: the alerts table as stored by the warning scan, newest change first. What a
/// reader sees of the alert's tickets follows <see cref="TicketScope"/>: confidential tickets are listed for the centre
/// only; everyone else gets their number (<see cref="AlertRecord.ConfidentialTickets"/>), never their ids.
/// </summary>
public static class AlertFeed
{
    private const string Columns = """
        alert_id, status, severity, risk_group, area_code, area_name, title, detectors, owners, first_ticket_at,
        last_ticket_at, opened_at, updated_at, resolved_at, ticket_count, caller_count, observed, expected, p_value,
        ticket_ids, acknowledged_at
        """;

    public static List<AlertRecord> List(DuckDBConnection conn, AccessRole reader, string? status, DateTime? since,
        int limit)
    {
        var alerts = Sql.Rows(conn, $"""
            SELECT {Columns} FROM alerts
            WHERE ($status IS NULL OR status = $status) AND ($since IS NULL OR updated_at > $since)
            ORDER BY updated_at DESC, alert_id LIMIT $limit
            """, Read, ("status", status), ("since", since), ("limit", limit));
        var hidden = Confidential(conn, alerts.SelectMany(a => a.TicketIds).ToList());
        return alerts.Select(a => Scoped(a, reader, hidden)).ToList();
    }

    public static AlertDetail? One(DuckDBConnection conn, AccessRole reader, string alertId)
    {
        var stored = Sql.Rows(conn, $"SELECT {Columns} FROM alerts WHERE alert_id = $id", Read, ("id", alertId))
            .FirstOrDefault();
        if (stored is null) return null;
        var alert = Scoped(stored, reader, Confidential(conn, stored.TicketIds.ToList()));
        var history = Sql.Rows(conn, """
            SELECT changed_at, change, severity, ticket_count FROM alert_history WHERE alert_id = $id
            ORDER BY changed_at, change
            """, r => new AlertChangeRecord(r.GetDateTime(0), r.GetString(1), r.GetString(2), r.Long(3)),
                ("id", alertId));
        var evidence = Sql.Rows(conn, """
            SELECT ticket_id, received_at, category, district, township, title
            FROM tickets WHERE ticket_id IN (SELECT unnest($ids)) ORDER BY received_at, ticket_id
            """, r => new EvidenceTicket(r.GetString(0), r.Time(1), r.Str(2), r.Str(3), r.Str(4),
                TextMasker.Mask(r.Str(5))), ("ids", alert.TicketIds.ToList()));
        return new AlertDetail(alert, history, evidence);
    }

    /// <summary>Which of these tickets are confidential.</summary>
    private static HashSet<string> Confidential(DuckDBConnection conn, List<string> ids) => ids.Count == 0 ? []
        : Sql.Rows(conn,
            "SELECT ticket_id FROM tickets WHERE coalesce(confidential, false) AND ticket_id IN (SELECT unnest($ids))",
            r => r.GetString(0), ("ids", ids)).ToHashSet(StringComparer.Ordinal);

    private static AlertRecord Scoped(AlertRecord a, AccessRole reader, HashSet<string> confidential)
    {
        var visible = a.TicketIds.Where(id =>
            TicketScope.MaySee(reader, TicketPurpose.AlertEvidence, confidential.Contains(id))).ToList();
        return a with { TicketIds = visible, ConfidentialTickets = a.TicketIds.Count - visible.Count };
    }

    private static AlertRecord Read(DuckDBDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.Str(3), r.Str(4), r.Str(5), r.GetString(6), r.Strings(7),
        r.Strings(8), r.Time(9), r.Time(10), r.GetDateTime(11), r.GetDateTime(12), r.Time(13), r.Long(14), r.Long(15),
        r.Dbl(16), r.Dbl(17), r.Dbl(18), r.Strings(19), r.Time(20));
}
