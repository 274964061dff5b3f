namespace Hotline.Models.Warning.Store;

/// <summary>
/// The alerts and alert_history tables. A scan recomputes alert state from the tickets (deterministic), so saving
/// is idempotent: a history row is written once per (alert, change, time), and only changes not stored before
/// are returned for notification. A crash between saving and notifying re-notifies at most once.
/// </summary>
public static class AlertStore
{
    public static List<AlertChange> Save(DuckDBConnection conn, IReadOnlyList<AlertChange> changes)
    {
        var fresh = new List<AlertChange>();
        using var tx = conn.BeginTransaction();
        foreach (var c in changes)
        {
            var exists = Sql.Scalar<long>(conn,
                "SELECT count(*) FROM alert_history WHERE alert_id = $id AND changed_at = $at AND change = $c",
                ("id", c.Alert.Id), ("at", c.At), ("c", c.Change.Code()));
            if (exists > 0) continue;
            Sql.Execute(conn, "INSERT INTO alert_history VALUES ($id, $at, $c, $sev, $n, $detail)",
                ("id", c.Alert.Id), ("at", c.At), ("c", c.Change.Code()), ("sev", c.Alert.Severity.Code()),
                    ("n", c.Alert.Tickets.Count),
                ("detail",
                    JsonSerializer.Serialize(new
                    {
                        title = c.Alert.Title,
                        detectors = c.Alert.Detectors.Select(d => d.Code()), status = c.Alert.Status.Code()
                    })));
            fresh.Add(c);
        }
        // Rewrite only alerts that are still open or changed now: a resolved alert's row is final once stored.
        var touched = fresh.Select(c => c.Alert).ToHashSet();
        foreach (var a in changes.Select(c => c.Alert).Distinct()
            .Where(a => a.Status != AlertStatus.Resolved || touched.Contains(a)))
        {
            // Acknowledgements and delivery bookkeeping live only here (the scan recomputes everything else): keep
            // them.
            using (var prev = conn.CreateCommand())
            {
                prev.CommandText = "SELECT acknowledged_at, last_notified_at, notify_count FROM alerts WHERE "
                    + "alert_id = $id";
                prev.Parameters.Add(new DuckDBParameter("id", a.Id));
                using var r = prev.ExecuteReader();
                if (r.Read())
                {
                    if (!r.IsDBNull(0)) a.AcknowledgedAt ??= r.GetDateTime(0);
                    if (!r.IsDBNull(1)
                        && (a.LastNotifiedAt is null
                        || a.LastNotifiedAt < r.GetDateTime(1))) a.LastNotifiedAt = r.GetDateTime(1);
                    a.NotifyCount = Math.Max(a.NotifyCount, r.GetInt32(2));
                }
            }
            Sql.Execute(conn, "DELETE FROM alerts WHERE alert_id = $id", ("id", a.Id));
            Sql.Execute(conn, """
                INSERT INTO alerts VALUES ($id, $status, $sev, $risk, $area, $name, $title, $det, $owners, $first,
                    $last, $opened, $updated,
                    $resolved, $n, $callers, $obs, $exp, $p, $ids, $ack, $notified, $count)
                """,
                ("id", a.Id), ("status", a.Status.Code()), ("sev", a.Severity.Code()), ("risk", a.RiskGroup),
                    ("area", a.AreaCode), ("name", a.AreaName),
                ("title", a.Title), ("det", a.Detectors.Select(d => d.Code()).ToList()), ("owners", a.Owners),
                    ("first", a.FirstTicketAt), ("last", a.LastTicketAt),
                ("opened", a.OpenedAt), ("updated", a.UpdatedAt), ("resolved", a.ResolvedAt), ("n", a.Tickets.Count),
                    ("callers", a.CallerCount),
                ("obs", double.IsNaN(a.PValue) ? null : a.Observed),
                    ("exp", double.IsNaN(a.PValue) ? null : a.Expected),
                ("p", double.IsNaN(a.PValue) ? null : a.PValue),
                    ("ids", a.Tickets.Keys.Order(StringComparer.Ordinal).ToList()),
                ("ack", a.AcknowledgedAt), ("notified", a.LastNotifiedAt), ("count", a.NotifyCount));
        }
        tx.Commit();
        return fresh;
    }

    /// <summary>
    /// Resolves a stored alert that no scan recomputes (the routing watchdog's): status, times and a history row, as
    /// <see cref="Save"/> writes them for a scan's resolution.
    /// </summary>
    public static void Resolve(DuckDBConnection conn, string alertId, DateTime at)
    {
        using var tx = conn.BeginTransaction();
        Sql.Execute(conn, "UPDATE alerts SET status = $s, resolved_at = $at, updated_at = $at WHERE alert_id = $id",
            ("s", AlertStatus.Resolved.Code()), ("at", at), ("id", alertId));
        Sql.Execute(conn, """
            INSERT INTO alert_history SELECT alert_id, $at, $c, severity, ticket_count,
                json_object('title', title, 'detectors', detectors, 'status', status)
            FROM alerts WHERE alert_id = $id
            """, ("at", at), ("c", AlertChangeKind.Resolved.Code()), ("id", alertId));
        tx.Commit();
    }

    /// <summary>Records a delivery (the repeat interval counts from it).</summary>
    public static void MarkNotified(DuckDBConnection conn, Alert a, DateTime at)
    {
        a.LastNotifiedAt = at;
        a.NotifyCount++;
        Sql.Execute(conn, "UPDATE alerts SET last_notified_at = $at, notify_count = $n WHERE alert_id = $id",
            ("at", at), ("n", a.NotifyCount), ("id", a.Id));
    }

    /// <summary>
    /// An operator took the alert in hand: no more repeat notifications. False if there is no such alert.
    /// </summary>
    public static bool Acknowledge(DuckDBConnection conn, string alertId, DateTime at)
    {
        if (Sql.Execute(conn, "UPDATE alerts SET acknowledged_at = $at WHERE alert_id = $id AND acknowledged_at IS NULL",
            ("at", at), ("id", alertId)) > 0)
        {
            // The first acknowledgement is part of the alert's history (from when someone had it in hand).
            Operator(conn, alertId, AlertChangeKind.Acknowledged, at);
            return true;
        }
        return Sql.Scalar<long>(conn, "SELECT count(*) FROM alerts WHERE alert_id = $id", ("id", alertId)) > 0;
    }

    /// <summary>
    /// Silences the alert's risk group in its area until <paramref name="expires"/>, with the reason, and records it
    /// in the alert's history. False if there is no such alert.
    /// </summary>
    public static bool SilenceAlert(DuckDBConnection conn, string alertId, string reason, DateTime now,
        DateTime expires)
    {
        var target = Sql.Rows(conn, "SELECT risk_group, area_code FROM alerts WHERE alert_id = $id",
            r => (Group: r.IsDBNull(0) ? null : r.GetString(0), Area: r.IsDBNull(1) ? null : r.GetString(1)),
            ("id", alertId));
        if (target.Count == 0) return false;
        AddSilence(conn, target[0].Group, target[0].Area, reason, now, expires);
        Operator(conn, alertId, AlertChangeKind.Silenced, now);
        return true;
    }

    private static void Operator(DuckDBConnection conn, string alertId, AlertChangeKind change, DateTime at) =>
        Sql.Execute(conn, """
            INSERT INTO alert_history SELECT alert_id, $at, $c, severity, ticket_count,
                json_object('title', title, 'detectors', detectors, 'status', status)
            FROM alerts WHERE alert_id = $id
            """, ("at", at), ("c", change.Code()), ("id", alertId));

    public static List<AlertSilence> Silences(DuckDBConnection conn)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT silence_id, risk_group, area_code, reason, "
            + "created_at, expires_at FROM alert_silences";
        using var r = cmd.ExecuteReader();
        var list = new List<AlertSilence>();
        while (r.Read())
            list.Add(new AlertSilence(r.GetInt32(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null
                : r.GetString(2), r.GetString(3),
                r.GetDateTime(4), r.GetDateTime(5)));
        return list;
    }

    public static int AddSilence(DuckDBConnection conn, string? riskGroup, string? area, string reason, DateTime now,
        DateTime expires)
    {
        var id = (int)Sql.Scalar<long>(conn, "SELECT coalesce(max(silence_id), 0) + 1 FROM alert_silences");
        Sql.Execute(conn, "INSERT INTO alert_silences VALUES ($id, $g, $a, $r, $now, $exp)",
            ("id", id), ("g", riskGroup), ("a", area), ("r", reason), ("now", now), ("exp", expires));
        return id;
    }
}
