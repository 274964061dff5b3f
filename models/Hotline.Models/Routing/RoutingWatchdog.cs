using System.Security.Cryptography;
using System.Text;
using Hotline.Models.Warning.Store;

namespace Hotline.Models.Routing;

/// <summary>
/// One cell of the watchdog's table: the kind of unit dispatchers chose and optionally a category, this week against
/// the
/// four weeks before. Agreement: the suggested lead unit is the one the dispatcher first sent the ticket to (or the
/// dispatcher accepted it). Returned / re-dispatched: tickets sent to the suggested unit that came back or went on.
/// </summary>
public sealed record WatchdogCell(string Kind, string? Category, int Dispatched, int Agreed, int Returned,
    int Redispatched, int Overridden, int BaselineDispatched, int BaselineAgreed, double Z)
{
    public double Agreement => Dispatched == 0 ? 0 : Agreed / (double)Dispatched;
    public double BaselineAgreement => BaselineDispatched == 0 ? 0 : BaselineAgreed / (double)BaselineDispatched;
}

public sealed record WatchdogReport(DateTime WeekStart, DateTime WeekEnd, IReadOnlyList<WatchdogCell> Cells,
    IReadOnlyList<WatchdogCell> Drops);

/// <summary>
/// The weekly routing watchdog (issue #18): a silent regression of the dispatch assistant (a new model, a new
/// wording, a reorganised unit) shows as dispatchers disagreeing with it and units returning what it suggested. For
/// each unit kind and each (kind, category) with enough tickets, this week's agreement is compared with the four
/// weeks before by a one-sided two-proportion z-test; a drop of at least 10 points with z ≤ −3.5 (kept strict
/// because some two hundred cells are tested every week) opens an alert for the centre through the alerts tables
/// and their lifecycle (history, acknowledgement, notification by the scan); the week after, a cell that holds
/// again resolves it.
/// </summary>
public static class RoutingWatchdog
{
    public const int MinTickets = 30;
    public const double MinDrop = 0.10;
    public const double MaxZ = -3.5;

    private sealed record Row(DateTime Week, string Kind, string? Category, bool Agreed, bool Returned,
        bool Redispatched, bool Overridden);

    public static WatchdogReport Measure(DuckDBConnection conn, DateTime weekStart)
    {
        var rows = Sql.Rows(conn, $$"""
            WITH first_dispatch AS (
                SELECT ticket_id, arg_min(unit_id, occurred_at) AS unit_id, count(*) AS leads
                FROM ticket_events WHERE type = 'dispatched' AND coalesce(role, 'lead') = 'lead' GROUP BY ticket_id)
            SELECT date_trunc('week', s.received_at), s.lead_unit, s.category, f.unit_id, t.return_count,
                   coalesce(f.leads, 0), fb.verdict, fb.unit_id
            FROM route_suggestions s
            JOIN tickets t USING (ticket_id)
            LEFT JOIN first_dispatch f USING (ticket_id)
            LEFT JOIN ({{RouteFeedback.LatestSql}}) fb USING (ticket_id)
            WHERE s.received_at >= $from AND s.received_at < $to AND s.lead_unit IS NOT NULL
              AND NOT s.abstain AND s.repeat_of IS NULL AND (f.unit_id IS NOT NULL OR fb.verdict IS NOT NULL)
            """, r =>
        {
            var suggested = r.GetString(1);
            var first = r.Str(3);
            var verdict = r.Str(6);
            var followed = first == suggested;
            // Cells are the kind of unit the dispatcher chose: a regression that sends a kind's matters elsewhere
            // shows there, where the baseline is.
            var chosen = r.Str(7) ?? first ?? suggested;
            return new Row(r.GetDateTime(0), RouteTemplates.TemplateOf(chosen), r.Str(2),
                verdict is null ? followed : verdict == "accepted", followed && r.GetInt32(4) > 0,
                followed && r.GetInt64(5) > 1, verdict == "overridden");
        }, ("from", weekStart.AddDays(-28)), ("to", weekStart.AddDays(7)));

        var cells = new List<WatchdogCell>();
        foreach (var g in rows.GroupBy(r => (r.Kind, (string?)null)).Concat(rows.GroupBy(r => (r.Kind, r.Category))))
        {
            var week = g.Where(r => r.Week >= weekStart).ToList();
            var base_ = g.Where(r => r.Week < weekStart).ToList();
            if (week.Count < MinTickets || base_.Count < MinTickets) continue;
            int n1 = week.Count, a1 = week.Count(r => r.Agreed), n0 = base_.Count, a0 = base_.Count(r => r.Agreed);
            var pooled = (a0 + a1) / (double)(n0 + n1);
            var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n0));
            var z = se == 0 ? 0 : (a1 / (double)n1 - a0 / (double)n0) / se;
            cells.Add(new WatchdogCell(g.Key.Kind, g.Key.Item2, n1, a1, week.Count(r => r.Returned),
                week.Count(r => r.Redispatched), week.Count(r => r.Overridden), n0, a0, Math.Round(z, 2)));
        }
        cells = cells.OrderBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Category ?? "", StringComparer.Ordinal)
            .ToList();
        var drops = cells.Where(c => c.Z <= MaxZ && c.BaselineAgreement - c.Agreement >= MinDrop).ToList();
        return new WatchdogReport(weekStart, weekStart.AddDays(7), cells, drops);
    }

    /// <summary>
    /// Opens an alert for each drop not already open, resolves open watchdog alerts whose cell holds again, and
    /// stores the changes (alert_history) like the warning scan's: the same table, states and acknowledgement.
    /// </summary>
    public static List<Alert> Raise(DuckDBConnection conn, WatchdogReport report, ReferenceData reference,
        DateTime now)
    {
        var city = reference.Areas.First(a => a.Level == "city");
        var kinds = new UnitKindNames(new UnitDirectory(reference));
        var names = reference.Categories.ToDictionary(c => c.Code, c => c.Name);
        var open = Sql.Rows(conn, "SELECT alert_id, title FROM alerts WHERE status <> 'resolved' AND list_contains("
            + "detectors, 'routing-watchdog')", r => (Id: r.GetString(0), Title: r.GetString(1)));
        var changes = new List<AlertChange>();
        var raised = new List<Alert>();
        foreach (var d in report.Drops)
        {
            var key = Key(d);
            var id = Fingerprint(key);
            if (open.Any(o => o.Id == id)) continue;
            var what = kinds.Plain(d.Kind) + (d.Category is { } c ? "·" + names.GetValueOrDefault(c, c) : "");
            var alert = new Alert
            {
                Id = id, GroupKey = key, District = city.Code, AreaCode = city.Code, AreaName = city.Name,
                OpenedAt = now, UpdatedAt = now, LastEvidenceAt = now, Severity = Severity.Medium,
                Title = $"派单助手质量下降：{what}，{report.WeekStart:MM-dd}起一周派单员采纳 {d.Agreement:P0}（前四周 "
                    + $"{d.BaselineAgreement:P0}），{d.Dispatched} 件中退单 {d.Returned} 件、改派 {d.Overridden} 件；"
                    + "请核查近期模型或派单目录变更",
                Owners = [SpecialUnits.Centre], Observed = d.Agreed, Expected = d.BaselineAgreement * d.Dispatched,
            };
            alert.Detectors.Add(DetectorName.RoutingWatchdog);
            // Alerts carry tickets as evidence; the watchdog's evidence is the week, stood for by one marker.
            var marker = $"week-{report.WeekStart:yyyy-MM-dd}";
            alert.Tickets[marker] = new WarningTicket(marker, report.WeekStart, d.Category, null, city.Code, null, null,
                "");
            changes.Add(new AlertChange(alert, AlertChangeKind.Opened, now));
            raised.Add(alert);
        }
        // A cell measured this week without a drop resolves its open alert.
        var holding = report.Cells.Where(c => !report.Drops.Contains(c)).Select(c => Fingerprint(Key(c))).ToHashSet();
        foreach (var (id, _) in open.Where(o => holding.Contains(o.Id))) AlertStore.Resolve(conn, id, now);
        AlertStore.Save(conn, changes);
        return raised;
    }

    private static string Key(WatchdogCell c) => $"routing|{c.Kind}|{c.Category}";

    /// <summary>One alert per cell for as long as it lasts: the id does not depend on the week.</summary>
    private static string Fingerprint(string key) =>
        "AL-" + Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(key)))[..12];
}
