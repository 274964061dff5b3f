namespace Hotline.Jobs.Briefs;

/// <summary>
/// Problems that do not go away: reopened tickets, repeat callers (one caller, three or more tickets in the period),
/// the long-term ledger (挂账, B19: tickets still open 30 days after receipt at the cutoff), and long-running matters
/// (the same category at the same site in each of the last three periods).
/// </summary>
internal static class PersistentProblems
{
    public const int LedgerDays = 30;

    public static PersistentSection Build(DuckDBConnection conn, Names names, KpiSection.Cohort now,
        KpiSection.Cohort prev, KpiSection.Cohort prev2)
    {
        var reopened = now.Tickets.Count(t => t.ReopenCount > 0);
        var repeat = now.Tickets.Where(t => t.CallerHash is not null).GroupBy(t => t.CallerHash)
            .Where(g => g.Count() >= 3).ToList();
        // The ledger is read from the whole warehouse: a ticket from March still open in December belongs in it.
        var ledger = Sql.Rows(conn, """
            SELECT ticket_id, category, district, township, lead_unit, received_at, status, due_at
            FROM tickets
            WHERE received_at < $old AND (closed_at IS NULL OR closed_at >= $cutoff) AND NOT coalesce(confidential,
                false)
            ORDER BY received_at, ticket_id
            """, r =>
                (Id: r.GetString(0), Cat: r.Str(1), D: r.Str(2), T: r.Str(3), Unit: r.Str(4), At: r.GetDateTime(5),
                Status: r.GetString(6), Due: r.Time(7)),
            ("old", now.Cutoff.AddDays(-LedgerDays)), ("cutoff", now.Cutoff));
        var items = ledger.Take(15)
            .Select(l =>
            new LedgerItem(l.Id, names.Category(l.Cat), names.Area(l.D), names.Area(l.T), names.Unit(l.Unit),
            (int)(now.Cutoff - l.At).TotalDays, l.Status)).ToList();
        var overdue = ledger.Count(l => l.Due is { } d && d < now.Cutoff);

        static HashSet<(string?, string?, string?)> Sites(KpiSection.Cohort c) =>
            c.Tickets.Where(t => t.Site is not null).Select(t => (t.Category, t.Township, t.Site)).ToHashSet();
        var p1 = Sites(prev);
        var p2 = Sites(prev2);
        var running = now.Tickets.Where(t => t.Site is not null && !t.Confidential
            && p1.Contains((t.Category, t.Township, t.Site)) && p2.Contains((t.Category, t.Township, t.Site)))
            .GroupBy(t => (t.Category, t.District, t.Township, t.Site))
            .Where(g => g.Count() >= 2)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Site, StringComparer.Ordinal).Take(10)
            .Select(g =>
                new LongRunningMatter(names.Category(g.Key.Category), names.Area(g.Key.District),
                names.Area(g.Key.Township),
                names.ShortSite(g.Key.Site, g.Key.District, g.Key.Township) ?? "", 3, g.Count())).ToList();
        return new PersistentSection(reopened, repeat.Count, repeat.Sum(g => g.Count()), ledger.Count, overdue, items,
            running);
    }
}
