namespace Hotline.Models.Warning.Alerts;

/// <summary>
/// An incident the detectors believe in, as the emergency office sees it: one per (risk group, county) while
/// it lasts, whatever number of detectors and scans contributed. Evidence is ticket ids, counts and places;
/// no caller data.
/// </summary>
public sealed class Alert
{
    public required string Id { get; init; }
    public required string GroupKey { get; init; }
    public AlertStatus Status { get; set; } = AlertStatus.Firing;
    public Severity Severity { get; set; } = Severity.Low;
    public string? RiskGroup { get; init; }
    public required string District { get; init; }
    public string? AreaCode { get; set; }
    public string? AreaName { get; set; }
    public string Title { get; set; } = "";
    /// <summary>In the order of their codes (as stored and printed).</summary>
    public SortedSet<DetectorName> Detectors { get; } = new(Comparer<DetectorName>.Create((x, y) =>
        string.CompareOrdinal(x.Code(), y.Code())));
    public List<string> Owners { get; set; } = [];
    public Dictionary<string, WarningTicket> Tickets { get; } = new(StringComparer.Ordinal);
    public DateTime OpenedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    /// <summary>Scan time of the latest signal: the alert resolves when none has come for a while.</summary>
    public DateTime LastEvidenceAt { get; set; }
    public double Observed { get; set; }
    public double Expected { get; set; }
    public double PValue { get; set; } = double.NaN;
    /// <summary>The window <see cref="Observed"/> and <see cref="Expected"/> count over.</summary>
    public TimeSpan Window { get; set; }
    public bool AllExpectable { get; set; } = true;
    public DateTime? AcknowledgedAt { get; set; }
    public DateTime? LastNotifiedAt { get; set; }
    public int NotifyCount { get; set; }

    public DateTime FirstTicketAt => Tickets.Values.Min(t => t.ReceivedAt);
    public DateTime LastTicketAt => Tickets.Values.Max(t => t.ReceivedAt);
    public int CallerCount => Tickets.Values.Select(t => t.Caller ?? t.TicketId).Distinct().Count();
}

/// <summary>What happened to an alert at a scan; every change is kept in alert_history and sent to the sinks.</summary>
public sealed record AlertChange(Alert Alert, AlertChangeKind Change, DateTime At)
{
    /// <summary>The alert's severity and status when the change happened (the alert itself keeps evolving).</summary>
    public Severity Severity { get; } = Alert.Severity;
    public AlertStatus Status { get; } = Alert.Status;
}

/// <summary>A silence: alerts matching it are recorded but not notified until it expires.</summary>
public sealed record AlertSilence(int Id, string? RiskGroup, string? AreaCode, string Reason, DateTime CreatedAt,
    DateTime ExpiresAt)
{
    public bool Matches(Alert a, DateTime now) => now < ExpiresAt && (RiskGroup is null || RiskGroup == a.RiskGroup)
        && (AreaCode is null || AreaCode == a.District || AreaCode == a.AreaCode);
}
