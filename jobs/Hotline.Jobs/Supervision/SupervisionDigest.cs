namespace Hotline.Jobs.Supervision;

/// <summary>
/// One ticket or matter the supervisors should look at today, and the regulation article that makes it so.
/// </summary>
public sealed record DigestLine(string TicketId, string CategoryName, string Area, string Unit, DateTime? DueAt,
    string Detail);

public sealed record DigestSection(string Key, string Title, string Articles, string Rule,
    IReadOnlyList<DigestLine> Lines, int Total);

/// <summary>A caller the staff may want to review for abuse of the hotline: never blocked automatically.</summary>
public sealed record ReviewCaller(string CallerRef, int Tickets, int WithoutSubstance, int Terminated, DateTime First,
    DateTime Last);

/// <summary>One line of a unit's 督办单.</summary>
/// <param name="Misrouted">Set when the dispatch catalogue names another unit for this matter here.</param>
public sealed record OrderLine(string TicketId, string CategoryName, string Area, string Summary, DateTime? DueAt,
    string Detail, int Urged, int Returns, string? Misrouted);

/// <summary>A unit's 督办单: what it must act on today, by trigger.</summary>
public sealed record UnitOrder(string UnitId, string UnitName, int Overdue, int DueSoon, int NotSigned, int Returned,
    IReadOnlyList<OrderLine> Lines)
{
    public int Total => Overdue + DueSoon + NotSigned + Returned;
}

public sealed record SupervisionDigestReport(string Day, DateTime Cutoff,
    IReadOnlyList<DigestSection> Sections, IReadOnlyList<ReviewCaller> ReviewCallers)
{
    /// <summary>The 督办单 of the units with most to act on (see SupervisionDigest.MaxOrders).</summary>
    public IReadOnlyList<UnitOrder> Orders { get; init; } = [];
    public int OrderUnits { get; init; }
    /// <summary>What the regulation's short name in the sections stands for; "" when nothing is cited.</summary>
    public string Legend { get; init; } = "";
    /// <summary>The article the review list of possible abuse rests on; "" where the regulation has none.</summary>
    public string ReviewBasis { get; init; } = "";
}

/// <summary>
/// The daily supervision digest (督办, L30, G17, T19, B24): every ticket or matter that meets a supervision or
/// reminder trigger at the cutoff, each section naming its trigger and article. All states are as of the cutoff
/// (a milestone after it does not count), so a digest re-run for a past day says what it would have said then.
/// The digest is internal to the centre and its lines carry no personal data (ticket id, category, area, unit), so
/// confidential tickets are supervised like any other; they are left out only where tickets are grouped by caller
/// or place, which could point at who called.
/// </summary>
public sealed class SupervisionDigest(ReferenceData reference)
{
    private readonly Names _names = new(reference);
    private readonly WorkingCalendar _calendar = new(reference.Holidays);
    private readonly Citations _citations = Citations.For(reference);
    public int MaxLinesPerSection { get; init; } = 50;

    private sealed record Open(string Id, string? Cat, string? District, string? Township, string? Site, string? Unit,
        DateTime Received, DateTime? Dispatched,
        DateTime? Signed, DateTime? Replied, DateTime? Due, int Returns, string? Caller, bool Confidential)
    {
        public string? Title { get; init; }
        public int Urged { get; init; }
    }

    public SupervisionDigestReport Build(DuckDBConnection conn, DateTime cutoff)
    {
        // Tickets open at the cutoff (received before it, not closed by it), with returns counted from the events
        // before it.
        var open = Sql.Rows(conn, $"""
            WITH r AS (SELECT ticket_id,
                count(*) FILTER (WHERE type = 'returned') AS n, count(*) FILTER (WHERE type = 'supervised') AS s
                FROM ticket_events WHERE type IN ('returned', 'supervised') AND occurred_at < $c GROUP BY ticket_id)
            SELECT t.ticket_id, t.category, t.district, t.township, {TicketFact.SiteSql("t.")},
                   t.lead_unit, t.received_at, t.first_dispatched_at, t.first_signed_at, t.first_replied_at, t.due_at,
                   coalesce(r.n, 0), t.caller_phone_hash, coalesce(t.confidential, false), t.title, coalesce(r.s, 0)
            FROM tickets t LEFT JOIN r USING (ticket_id)
            WHERE t.received_at < $c AND (t.closed_at IS NULL OR t.closed_at >= $c)
                AND t.received_at >= $c - INTERVAL 400 DAY
            ORDER BY t.received_at, t.ticket_id
            """, r =>
                new Open(r.GetString(0), r.Str(1), r.Str(2), r.Str(3), r.Str(4), r.Str(5), r.GetDateTime(6), r.Time(7),
                Before(r.Time(8), cutoff),
            Before(r.Time(9), cutoff), r.Time(10), (int)r.Long(11), r.Str(12), r.GetBoolean(13))
                {
                    Title = r.Str(14), Urged = (int)r.Long(15),
                }, ("c", cutoff));
        var dispatched = open.Where(t => t.Dispatched < cutoff).ToList();
        var notReplied = dispatched.Where(t => t.Replied is null && t.Due is not null).ToList();
        var nextWorkingDay = _calendar.AddWorkingDays(cutoff, 1);

        var sections = new List<DigestSection>
        {
            Section("overdue", "已超期未办结", "派单工单办理时限已过且截止时仍未答复。",
                notReplied.Where(t => t.Due < cutoff).OrderBy(t => t.Due), t => $"超期 {Hours(cutoff - t.Due!.Value)}"),
            Section("due_4h", "4 小时内到期", "未答复，办理时限在截止后 4 小时内。",
                notReplied.Where(t => t.Due >= cutoff && t.Due < cutoff.AddHours(4)).OrderBy(t => t.Due), t =>
                    $"剩余 {Hours(t.Due!.Value - cutoff)}"),
            Section("due_1wd", "1 个工作日内到期", "未答复，办理时限在 4 小时后、下一个工作日同一时刻之前。",
                notReplied.Where(t => t.Due >= cutoff.AddHours(4) && t.Due < nextWorkingDay).OrderBy(t => t.Due), t =>
                    $"剩余 {Hours(t.Due!.Value - cutoff)}"),
            Section("not_signed", "超过 1 个工作日未签收", "首次派单后 1 个工作日内未签收。",
                dispatched.Where(t => t.Signed is null && _calendar.AddWorkingDays(t.Dispatched!.Value, 1) < cutoff)
                    .OrderBy(t => t.Dispatched),
                t => $"派单于 {t.Dispatched:MM-dd HH:mm}"),
            Section("returned", "退单 2 次及以上（提请联席会议）", "截止前被退回 ≥ 2 次、仍未办结：职责不清，提请联席会议或法制审核确定承办单位。",
                open.Where(t => t.Returns >= 2).OrderByDescending(t => t.Returns).ThenBy(t => t.Received), t =>
                    $"退单 {t.Returns} 次"),
        };
        sections.Add(SameCaller(conn, cutoff));
        sections.Add(ManyCallers(open, cutoff));
        sections.Add(LowSatisfaction(conn, cutoff));
        var orders = Orders(notReplied, dispatched, open, cutoff, nextWorkingDay);
        return new SupervisionDigestReport(ReportDay(cutoff), cutoff, sections, ReviewList(conn, cutoff))
        {
            Legend = _citations.Legend, ReviewBasis = Basis("review_callers"), Orders = orders,
            OrderUnits = orders.Count,
        };
    }

    /// <summary>Units given a 督办单 at most (the largest first); the rest are counted in the summary.</summary>
    public int MaxOrders { get; init; } = 40;
    public int MaxLinesPerOrder { get; init; } = 30;

    /// <summary>
    /// One 督办单 per lead unit: its tickets overdue, due within a working day, not signed for, or returned twice or
    /// more, each with a one-line masked summary, the times already urged, and a flag where the unit is not the one
    /// the dispatch catalogue names for the matter at that place (疑似错派, to check before urging).
    /// </summary>
    private List<UnitOrder> Orders(List<Open> notReplied, List<Open> dispatched, List<Open> open, DateTime cutoff,
        DateTime nextWorkingDay)
    {
        var items = new List<(Open T, string Kind, string Detail)>();
        foreach (var t in notReplied.Where(t => t.Due < nextWorkingDay))
            items.Add(t.Due < cutoff ? (t, "overdue", $"超期 {Hours(cutoff - t.Due!.Value)}")
                : (t, "due", $"剩余 {Hours(t.Due!.Value - cutoff)}"));
        var seen = items.Select(i => i.T.Id).ToHashSet();
        foreach (var t in dispatched.Where(t => t.Signed is null && !seen.Contains(t.Id)
            && _calendar.AddWorkingDays(t.Dispatched!.Value, 1) < cutoff))
            items.Add((t, "not_signed", $"派单于 {t.Dispatched:MM-dd HH:mm}，未签收"));
        seen = items.Select(i => i.T.Id).ToHashSet();
        foreach (var t in open.Where(t => t.Returns >= 2 && !seen.Contains(t.Id)))
            items.Add((t, "returned", $"已退单 {t.Returns} 次"));
        return items.Where(i => i.T.Unit is not null).GroupBy(i => i.T.Unit!)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(MaxOrders)
            .Select(g =>
            {
                var lines = g.OrderBy(i => i.Kind switch { "overdue" => 0, "not_signed" => 1, "returned" => 2, _ => 3 })
                    .ThenBy(i => i.T.Due ?? DateTime.MaxValue).ThenBy(i => i.T.Id, StringComparer.Ordinal)
                    .Take(MaxLinesPerOrder)
                    .Select(i =>
                    {
                        var expected = _names.LocalLead(i.T.Cat, i.T.District, i.T.Township);
                        var unitName = _names.Unit(g.Key);
                        return new OrderLine(i.T.Id, _names.Category(i.T.Cat),
                            $"{_names.Area(i.T.District)}{_names.Area(i.T.Township)}", Summary(i.T), i.T.Due, i.Detail,
                            i.T.Urged, i.T.Returns,
                            expected is not null && expected != unitName ? $"目录承办单位为{expected}" : null);
                    }).ToList();
                return new UnitOrder(g.Key, _names.Unit(g.Key), g.Count(i => i.Kind == "overdue"),
                    g.Count(i => i.Kind == "due"), g.Count(i => i.Kind == "not_signed"),
                    g.Count(i => i.Kind == "returned"), lines);
            }).ToList();
    }

    /// <summary>What the caller asked, in one masked line (the title, or the category where there is none).</summary>
    private string Summary(Open t)
    {
        if (t.Confidential) return "（保密件，详见工单）";
        var title = TextMasker.Mask(t.Title ?? "").Trim();
        if (title.Length == 0) return _names.Category(t.Cat);
        return title.Length <= 30 ? title : title[..30] + "…";
    }

    private static string ReportDay(DateTime cutoff) => cutoff.AddTicks(-1)
        .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    private static DateTime? Before(DateTime? t, DateTime cutoff) => t < cutoff ? t : null;
    private static string Hours(TimeSpan span) => span.TotalHours >= 48 ? $"{span.TotalDays:0.#} 天"
        : $"{span.TotalHours:0.#} 小时";

    /// <summary>The article of the city's regulation a section rests on, in words; "" where it has none.</summary>
    private string Basis(string key) => _citations.Basis(key) ?? "";

    private DigestSection Section(string key, string title, string rule,
        IEnumerable<Open> rows, Func<Open, string> detail)
    {
        var list = rows.ToList();
        return new DigestSection(key, title, Basis(key), rule, list.Take(MaxLinesPerSection)
            .Select(t => Line(t, detail(t))).ToList(), list.Count);
    }

    private DigestLine Line(Open t, string detail) =>
        new(t.Id, _names.Category(t.Cat), $"{_names.Area(t.District)}{_names.Area(t.Township)}", _names.Unit(t.Unit),
            t.Due, detail);

    /// <summary>
    /// The same caller (salted phone hash) with ≥ 3 tickets in 90 days, at least one still unresolved.
    /// </summary>
    private DigestSection SameCaller(DuckDBConnection conn, DateTime cutoff)
    {
        var rows = Sql.Rows(conn, """
            SELECT caller_phone_hash, count(*) AS n,
                   count(*) FILTER (WHERE (closed_at IS NULL OR closed_at >= $c) OR resolved = false) AS unresolved,
                   arg_max(ticket_id, received_at), arg_max(category, received_at), arg_max(district, received_at),
                       arg_max(township, received_at),
                   arg_max(lead_unit, received_at), max(received_at)
            FROM tickets
            WHERE received_at >= $c - INTERVAL 90 DAY AND received_at < $c AND caller_phone_hash IS NOT NULL
                AND category IS NOT NULL
              AND NOT coalesce(confidential, false)
            GROUP BY caller_phone_hash, category
            HAVING count(*) >= 3 AND unresolved >= 1
            ORDER BY n DESC, max(received_at) DESC
            """, r =>
                new DigestLine(r.GetString(3), _names.Category(r.Str(4)),
                $"{_names.Area(r.Str(5))}{_names.Area(r.Str(6))}", _names.Unit(r.Str(7)), null,
            $"同一来电人同类诉求 90 天内 {r.Long(1)} 件，{r.Long(2)} 件未解决（列最近一件）"), ("c", cutoff));
        return new DigestSection("same_caller", "同一来电人反复反映未解决", Basis("same_caller"),
            "同一来电人（按号码加盐哈希）90 天内同类诉求 ≥ 3 件且至少 1 件未解决。",
            rows.Take(MaxLinesPerSection).ToList(), rows.Count);
    }

    /// <summary>Many callers (≥ 5) about the same matter (category at one site) in 30 days, still open.</summary>
    private DigestSection ManyCallers(List<Open> open, DateTime cutoff)
    {
        var groups = open.Where(t => t.Received >= cutoff.AddDays(-30) && t.Cat is not null && t.Site is not null
            && !t.Confidential)
            .GroupBy(t => (t.Cat, t.Township, t.Site))
                .Select(g => (g, callers: g.Select(t => t.Caller ?? t.Id).Distinct().Count()))
            .Where(x => x.callers >= 5).OrderByDescending(x => x.callers).ToList();
        var lines = groups.Take(MaxLinesPerSection).Select(x =>
        {
            var t = x.g.First();
            return new DigestLine(t.Id, _names.Category(t.Cat),
                _names.Area(t.District) + _names.Area(t.Township) + "·"
                    + _names.ShortSite(t.Site, t.District, t.Township),
                _names.Unit(t.Unit), t.Due, $"{x.callers} 位来电人、{x.g.Count()} 件未办结（列最早一件）");
        }).ToList();
        return new DigestSection("many_callers", "多人反映同一事项未解决", Basis("many_callers"),
            "30 天内 ≥ 5 位来电人反映同一地点同一类诉求且仍未办结。",
            lines, groups.Count);
    }

    /// <summary>Unsatisfied callbacks on the digest day (re-handling, L20, B25-26).</summary>
    private DigestSection LowSatisfaction(DuckDBConnection conn, DateTime cutoff)
    {
        var rows = Sql.Rows(conn, """
            SELECT ticket_id, category, district, township, lead_unit, reopen_count FROM tickets
            WHERE satisfaction = 'unsatisfied' AND closed_at >= $c - INTERVAL 1 DAY AND closed_at < $c
                AND NOT coalesce(confidential, false)
            ORDER BY reopen_count DESC, closed_at, ticket_id
            """, r =>
                new DigestLine(r.GetString(0), _names.Category(r.Str(1)),
                $"{_names.Area(r.Str(2))}{_names.Area(r.Str(3))}", _names.Unit(r.Str(4)), null,
            r.Long(5) > 0 ? $"回访不满意，已重办 {r.Long(5)} 次" : "回访不满意"), ("c", cutoff));
        return new DigestSection("low_satisfaction", "回访不满意", Basis("low_satisfaction"),
            "截止前 24 小时内回访不满意的工单：核实合理诉求后重新办理。",
            rows.Take(MaxLinesPerSection).ToList(), rows.Count);
    }

    /// <summary>
    /// Possibly abusive callers for staff review (L46, T32, B40): ≥ 15 tickets in 30 days, or ≥ 5 of which most had no
    /// substantive request (no category) or were terminated. Shown by an 8-character reference to the salted hash.
    /// </summary>
    private static List<ReviewCaller> ReviewList(DuckDBConnection conn, DateTime cutoff) => Sql.Rows(conn, """
        SELECT caller_phone_hash, count(*) n, count(*) FILTER (WHERE category IS NULL) AS empty,
            count(*) FILTER (WHERE status = 'terminated') AS term,
               min(received_at), max(received_at)
        FROM tickets WHERE received_at >= $c - INTERVAL 30 DAY AND received_at < $c AND caller_phone_hash IS NOT NULL
        GROUP BY caller_phone_hash
        HAVING count(*) >= 15 OR (count(*) >= 5
            AND (count(*) FILTER (WHERE category IS NULL) + count(*) FILTER (WHERE status = 'terminated')) * 2 >
                count(*))
        ORDER BY n DESC, caller_phone_hash LIMIT 50
        """, r =>
            new ReviewCaller("C-" + r.GetString(0)[..8], (int)r.Long(1), (int)r.Long(2), (int)r.Long(3),
            r.GetDateTime(4), r.GetDateTime(5)), ("c", cutoff));
}
