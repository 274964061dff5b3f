using System.Security.Cryptography;
using System.Text;

namespace Hotline.Models.Warning.Alerts;

/// <summary>
/// Alert lifecycle in the manner of Prometheus Alertmanager: signals are grouped by a key (risk group and county,
/// or one place for a text burst of no risk group) into one alert per incident, identified by a fingerprint;
/// a signal for an open alert updates it (more tickets, perhaps higher severity) instead of raising another; an
/// alert with no new evidence for <see cref="ResolveAfter"/> resolves; silences hold notifications until they
/// expire (the alert then fires). Repeat notifications of unacknowledged alerts are the scan's job
/// (<see cref="WarningScan"/>), since they depend on what was delivered, which lives in the alerts table.
/// </summary>
public sealed class AlertManager(ReferenceData reference)
{
    public TimeSpan ResolveAfter { get; init; } = TimeSpan.FromHours(12);
    /// <summary>
    /// How long a resolved alert's tickets keep a signal made mostly of them from opening a new alert.
    /// </summary>
    public TimeSpan Remember { get; init; } = TimeSpan.FromDays(7);
    public List<AlertSilence> Silences { get; } = [];

    private readonly Dictionary<string, Alert> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Alert> _resolved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RiskGroup> _risks = reference.RiskGroups.ToDictionary(r => r.Code,
        StringComparer.Ordinal);
    private readonly Dictionary<string, Area> _areas = reference.Areas.ToDictionary(a => a.Code,
        StringComparer.Ordinal);
    private readonly UnitDirectory _units = new(reference);
    public IReadOnlyCollection<Alert> Open => _open.Values;

    public List<AlertChange> Apply(DateTime now, IEnumerable<Signal> signals)
    {
        var changes = new List<AlertChange>();
        foreach (var s in signals)
        {
            var key = s.RiskGroup is { } g ? $"{g}|{s.District}" : $"text|{s.Township ?? s.District}";
            if (!_open.TryGetValue(key, out var alert))
            {
                if (Echo(key, s, now)) continue;
                alert = new Alert
                {
                    Id = Fingerprint(key, now), GroupKey = key, RiskGroup = s.RiskGroup, District = s.District,
                    OpenedAt = now,
                    UpdatedAt = now, LastEvidenceAt = now,
                };
                _open[key] = alert;
                Merge(alert, s);
                alert.Status = Silences.Any(x => x.Matches(alert, now)) ? AlertStatus.Silenced : AlertStatus.Firing;
                changes.Add(new AlertChange(alert, AlertChangeKind.Opened, now));
                continue;
            }
            var before = (alert.Tickets.Count, alert.Severity);
            Merge(alert, s);
            alert.LastEvidenceAt = now;
            if (alert.Tickets.Count == before.Count && alert.Severity == before.Severity) continue;
            alert.UpdatedAt = now;
            changes.Add(new AlertChange(alert, alert.Severity > before.Severity ? AlertChangeKind.Escalated
                : AlertChangeKind.Updated, now));
        }
        foreach (var alert in _open.Values.ToList())
        {
            if (now - alert.LastEvidenceAt >= ResolveAfter)
            {
                alert.Status = AlertStatus.Resolved;
                alert.ResolvedAt = alert.UpdatedAt = now;
                _open.Remove(alert.GroupKey);
                _resolved[alert.GroupKey] = alert;
                changes.Add(new AlertChange(alert, AlertChangeKind.Resolved, now));
                continue;
            }
            if (alert.Status == AlertStatus.Silenced && !Silences.Any(x => x.Matches(alert, now)))
            {
                alert.Status = AlertStatus.Firing;
                changes.Add(new AlertChange(alert, AlertChangeKind.Unsilenced, now));
            }
        }
        return changes;
    }

    /// <summary>
    /// A 72-hour window still holds a resolved incident's tickets for days after it calmed down; a signal made mostly
    /// of tickets an alert for the same group and place already cited is that incident's echo, not a new one.
    /// A signal whose tickets are mostly new opens a new alert as usual.
    /// </summary>
    private bool Echo(string key, Signal s, DateTime now)
    {
        if (!_resolved.TryGetValue(key, out var last)) return false;
        if (now - last.ResolvedAt > Remember) { _resolved.Remove(key); return false; }
        var fresh = s.Tickets.Count(t => !last.Tickets.ContainsKey(t.TicketId));
        return fresh * 2 < s.Tickets.Count;
    }

    private void Merge(Alert a, Signal s)
    {
        foreach (var t in s.Tickets) a.Tickets.TryAdd(t.TicketId, t);
        // The incident's own tickets only: what came before the burst began, or after it ended, is the window's
        // background.
        var sorted = a.Tickets.Values.OrderBy(t => t.ReceivedAt).ThenBy(t => t.TicketId, StringComparer.Ordinal)
            .ToList();
        var (start, end) = BurstStart.Segment(sorted.Select(t => t.ReceivedAt).ToList());
        foreach (var t in sorted.Take(start).Concat(sorted.Skip(end + 1))) a.Tickets.Remove(t.TicketId);
        a.Detectors.Add(s.Detector);
        a.AllExpectable &= s.Expectable;
        if (s.Detector == DetectorName.WindowCount && (double.IsNaN(a.PValue) || s.PValue < a.PValue))
        {
            a.PValue = s.PValue;
            a.Observed = s.Observed;
            a.Expected = s.Expected;
            a.Window = s.Window;
        }
        // Name the township when most of the evidence is there (a county-wide window also carries unrelated
        // background).
        var top = a.Tickets.Values.GroupBy(t => t.Township).MaxBy(g => g.Count());
        a.AreaCode = top is { Key: { } township } && top.Count() * 10 >= a.Tickets.Count * 6 ? township : a.District;
        a.AreaName = Name(a.AreaCode);
        var risk = a.RiskGroup is null ? null : _risks.GetValueOrDefault(a.RiskGroup);
        a.Severity = SeverityOf(a, risk);
        a.Owners = Owners(risk, a.District);
        var what = risk?.Name ?? "相似诉求集中";
        a.Title = $"{a.AreaName ?? a.District}：{what}，{a.CallerCount} 位来电人 {a.Tickets.Count} "
            + $"件（{a.FirstTicketAt:MM-dd HH:mm} 起）";
    }

    private static Severity SeverityOf(Alert a, RiskGroup? risk)
    {
        // Life and property (gas, fire, water main, collapse, food poisoning, school illness: the playbook says
        // which) are never a record-only note, even in their season: a gas leak in the heating season is still
        // one.
        var lifeSafety = Playbook.Default.Find(risk?.Code)?.LifeSafety ?? false;
        // Seasonal or announced rises are real but expected: report them, never above low; for life and property
        // at medium, so the brief shows them as warnings without paging anyone as for a fresh incident.
        if (risk is null || a.AllExpectable && !lifeSafety) return Severity.Low;
        if (a.AllExpectable) return Severity.Medium;
        var level = (int)risk.Severity;
        // A lone text burst of three callers is a hint, not yet an incident: one level lower until counts confirm it.
        if (!a.Detectors.Contains(DetectorName.WindowCount) && a.CallerCount < 5) level = Math.Max(1, level - 1);
        if (lifeSafety) level = Math.Max(level, (int)Severity.Medium);
        return (Severity)Math.Clamp(level, 0, 3);
    }

    private List<string> Owners(RiskGroup? risk, string district)
    {
        if (risk is null) return ["C-SZX"];
        var owners = new List<string>();
        foreach (var o in risk.Owners.Concat(risk.Notify))
        {
            if (o.StartsWith("utility:", StringComparison.Ordinal))
                owners.AddRange(_units.UtilitiesFor(o["utility:".Length..], district).Select(u => u.UnitId));
            else owners.Add(o);
        }
        return owners.Distinct().ToList();
    }

    private string? Name(string? code)
    {
        if (code is null || !_areas.TryGetValue(code, out var a)) return null;
        return a.ParentCode is { } p && a.Level == "township" && _areas.TryGetValue(p, out var county) ? county.Name
            + a.Name : a.Name;
    }

    private static string Fingerprint(string key, DateTime opened) =>
        "AL-" + Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"{key}|{opened:yyyy-MM-ddTHH:mm}")))
            [..12];
}
