using Hotline.Models.Warning.Alerts;

namespace Hotline.Jobs.Briefs;

/// <summary>
/// The period's risk alerts (opened in the period), most severe first. Evidence ticket ids stay in the alerts table.
/// </summary>
internal static class AlertSection
{
    public static List<AlertRow> Build(DuckDBConnection conn, DateTime from, DateTime cutoff) => Sql.Rows(conn, """
        SELECT alert_id, severity, status, title, area_name, opened_at, resolved_at, ticket_count, caller_count,
            detectors, owners
        FROM alerts WHERE opened_at >= $from AND opened_at < $to
        ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, opened_at,
            alert_id
        """, r =>
            new AlertRow(r.GetString(0), Codes.Parse<Severity>(r.GetString(1)),
            Codes.Parse<AlertStatus>(r.GetString(2)), r.GetString(3), r.Str(4), r.GetDateTime(5), r.Time(6),
        (int)r.Long(7), (int)r.Long(8), r.Strings(9), r.Strings(10)), ("from", from), ("to", cutoff));
}
