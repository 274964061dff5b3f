namespace Hotline.Jobs.Briefs;

/// <summary>
/// Builds a weekly or monthly hotspot brief (L40, G20, B30) from the warehouse. Every comparison period is measured
/// with the same lag after its end as the current one (a month measured on its last day is compared with the previous
/// month as it stood on its last day), so rates are not flattered by older tickets having had more time.
/// </summary>
public sealed class BriefBuilder(ReferenceData reference)
{
    private readonly Names _names = new(reference);
    private readonly Indicators _indicators = new(new WorkingCalendar(reference.Holidays));
    private readonly Citations _citations = Citations.For(reference);

    public HotspotBrief Build(DuckDBConnection conn, ReportPeriod period, DateTime cutoff)
    {
        if (period.Kind == PeriodKind.Day) throw new ArgumentException("briefs are weekly or monthly");
        cutoff = cutoff > period.End ? period.End : cutoff;
        var lag = cutoff - period.End; // ≤ 0 for a period still running
        var city = CityProfileStore.Read(conn);
        _names.Scope = city?.Scope ?? "全市";
        var now = Load(conn, period, cutoff);
        var prev = Load(conn, period.Previous, period.Previous.End + lag);
        var prev2 = Load(conn, period.Previous.Previous, period.Previous.Previous.End + lag);
        var lyPeriod = period.SameLastYear;
        var first = Sql.Single(conn, "SELECT min(received_at) FROM tickets", r => r.Time(0));
        var lastYear = first is { } f && f <= lyPeriod.Start ? Load(conn, lyPeriod, lyPeriod.End + lag) : null;

        var kpis = KpiSection.Build(_indicators, _citations, now, prev, lastYear);
        var (top, movers) = CategorySection.Build(_names, now, prev, lastYear);
        var subjects = TopicSubjects.Load(conn, _names, prev2.From, now.Cutoff);
        var topics = TopicSection.Build(conn, _names, subjects, period, now, prev, prev2);
        var (geo, towns) = GeoSection.Build(_names, now, prev);
        var persistent = PersistentProblems.Build(conn, _names, now, prev, prev2);
        var outlook = SeasonalOutlook.Build(conn, _names, period, cutoff, first ?? cutoff);
        var governance = GovernanceRanking.Build(conn, _names, subjects, now, prev);
        var alerts = AlertSection.Build(conn, period.Start, cutoff)
            .Select(a => a with { OwnerNames = a.Owners.Select(_names.Unit).ToList() }).ToList();
        var daily = Daily(now, prev);
        var cityName = city?.Name ?? "临沂市";
        var masthead = new BriefMasthead(cityName,
            city?.IssuingOffice ?? $"{cityName}12345政务服务便民热线中心",
            $"{period.Start.Year}年第{(period.Kind == PeriodKind.Week ? ISOWeek.GetWeekOfYear(period.Start) : period.Start.Month)}期",
            cutoff.Date, cutoff < period.End)
        { Scope = _names.Scope };
        return new HotspotBrief(period.Kind == PeriodKind.Week ? "weekly" : "monthly", period.Key, period.Label,
            period.Start, period.End, cutoff,
            period.Previous.Key, lyPeriod.Key, kpis, top, movers, topics, geo, towns, persistent, period.Next.Key,
                outlook, governance, alerts, daily,
            BriefDefinitions.For(_names.Scope))
        {
            Masthead = masthead,
            RequestTypes = ShareSection.Build(now.Tickets, prev.Tickets, t => t.RequestType,
                ShareSection.RequestTypeNames),
            Channels = ShareSection.Build(now.Tickets, prev.Tickets, t => t.Channel, ShareSection.ChannelNames),
            PastTopics = first is { } f1 ? GovernanceFollowUp.Build(conn, _names, period, cutoff, f1) : [],
            OutlookBacktest = period.Kind == PeriodKind.Month && first is { } f0
                ? SeasonalOutlook.Backtest(conn, _names, cutoff, f0) : null,
        };
    }

    private static KpiSection.Cohort Load(DuckDBConnection conn, ReportPeriod p, DateTime cutoff)
    {
        var end = cutoff < p.End ? cutoff : p.End;
        return new KpiSection.Cohort(TicketFact.Load(conn, p.Start, end), p.Start, cutoff,
            Math.Max((end - p.Start).TotalDays, 1 / 24.0));
    }

    /// <summary>
    /// Daily receipts this period, aligned with the same day-of-period last period (the trend chart).
    /// </summary>
    private static List<DailyCount> Daily(KpiSection.Cohort now, KpiSection.Cohort prev)
    {
        var cur = now.Tickets.GroupBy(t => t.ReceivedAt.Date).ToDictionary(g => g.Key, g => (long)g.Count());
        var pre = prev.Tickets.GroupBy(t => (t.ReceivedAt.Date - prev.From).Days)
            .ToDictionary(g => g.Key, g => (long)g.Count());
        var days = (int)Math.Ceiling(now.Days);
        return Enumerable.Range(0, days)
            .Select(i => new DailyCount(now.From.AddDays(i), cur.GetValueOrDefault(now.From.AddDays(i)),
            i < prev.Days ? pre.GetValueOrDefault(i) : null)).ToList();
    }
}
