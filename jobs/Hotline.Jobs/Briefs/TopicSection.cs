using Hotline.Models.Hotspots;
using Hotline.Models.Text;

namespace Hotline.Jobs.Briefs;

/// <summary>
/// Rising, new, persistent and fading topics. A topic is the tickets of one category about one subject: the
/// enterprise, school or project the ticket's title names (<see cref="SubjectFinder"/>; one topic city-wide, so a
/// chain's or a college's callers come together from every county), else the compound or road it names (within its
/// county: such names repeat), else the site of the address in its township. Keyed on the caller's address alone, the
/// customers of one gym are scattered over their homes. "The same problem about the same subject" is what a policy
/// reader can act on, and grouping on a key read once per ticket scales to a year of tickets, where
/// pairwise text clustering does not (templates make every complaint of a kind look alike; the message-board
/// clustering in <see cref="HotspotClustering"/> serves free text). Each topic is then labelled from its texts: the
/// words far more frequent in it than in its category, and masked representative titles.
/// </summary>
internal static class TopicSection
{
    private sealed record Key(string Category, string District, string Township, string Site);

    public static List<TopicRow> Build(DuckDBConnection conn, Names names, TopicSubjects subjects,
        ReportPeriod period, KpiSection.Cohort now, KpiSection.Cohort prev, KpiSection.Cohort prev2, int top = 12)
    {
        var cur = Group(now.Tickets, subjects);
        var p1 = Group(prev.Tickets, subjects).ToDictionary(g => g.Key, g => g.Value.Count);
        var p2 = Group(prev2.Tickets, subjects).ToDictionary(g => g.Key, g => g.Value.Count);
        // Lineage: the topic's tickets in each of the two periods before, then now (the same key each time).
        List<PeriodCount> Lineage(Key key, long current) =>
        [
            new(period.Previous.Previous.Key, ShortLabel(period.Previous.Previous), p2.GetValueOrDefault(key)),
            new(period.Previous.Key, ShortLabel(period.Previous), p1.GetValueOrDefault(key)),
            new(period.Key, "本期", current),
        ];
        var rows = new List<(TopicRow Row, double Order)>();
        foreach (var (key, tickets) in cur)
        {
            var callers = tickets.Select(t => t.CallerHash ?? t.TicketId).Distinct().Count();
            long c = tickets.Count, before = p1.GetValueOrDefault(key), before2 = p2.GetValueOrDefault(key);
            var p = CountComparison.PValue(c, before, now.Days, prev.Days);
            var hours = (tickets.Max(x => x.ReceivedAt) - tickets.Min(x => x.ReceivedAt)).TotalHours;
            // New: absent the two previous periods, and either many callers or a burst (three callers within two days).
            string? status =
                before == 0 && before2 == 0 && (callers >= 6 || callers >= 3 && hours <= 48) ? "new" :
                p < 0.01 && c >= 5 && c > before * now.Days / prev.Days ? "growing" :
                c >= 3 && before >= 3 && before2 >= 3 ? "persistent" : null;
            if (status is null) continue;
            rows.Add((Row(names, key, status, tickets, callers, before, p) with { Lineage = Lineage(key, c) },
                (status == "persistent" ? callers * 0.5 : callers) * (hours <= 48 ? 2 : 1)));
        }
        // Fading: topics that were big last period and dropped significantly (good news, or a problem fixed).
        foreach (var (key, n) in p1)
        {
            if (n < 5 || cur.ContainsKey(key) && cur[key].Count * prev.Days / now.Days >= n) continue;
            var c = cur.TryGetValue(key, out var tk) ? tk.Count : 0;
            var p = CountComparison.PValue(c, n, now.Days, prev.Days);
            if (p >= 0.01) continue;
            rows.Add((new TopicRow("fading", key.Category, names.Category(key.Category),
                key.District.Length == 0 ? names.Scope : names.Area(key.District), names.Area(key.Township),
                names.ShortSite(key.Site, key.District, key.Township), c, 0, n, Math.Round(p, 6), [], [], default,
                    default, [])
            { Lead = Lead(names, key), Lineage = Lineage(key, c) }, n * 0.25));
        }
        rows.AddRange(CityWide(names, period, now, prev, prev2));
        var chosen = rows.OrderByDescending(r => r.Order).ThenBy(r => r.Row.Category, StringComparer.Ordinal)
            .ThenBy(r => r.Row.Site, StringComparer.Ordinal)
            .Take(top).Select(r => r.Row).ToList();
        return Label(conn, chosen, now);
    }

    /// <summary>
    /// City-wide topics: a matter new to the city, or rising steeply across it, even where no single site has many
    /// tickets. That is the story a site-keyed view misses: a gym chain closing in many districts at once, a new
    /// risk of e-bike charging, each county's share small. Seasonal matters in their season are left to the outlook
    /// and the category table (their rise is expected). Ranked above site topics.
    /// </summary>
    private static IEnumerable<(TopicRow Row, double Order)> CityWide(Names names, ReportPeriod period,
        KpiSection.Cohort now, KpiSection.Cohort prev, KpiSection.Cohort prev2)
    {
        Dictionary<string, int> Count(KpiSection.Cohort c) => c.Tickets.Where(t => t.Category is not null)
            .GroupBy(t => t.Category!).ToDictionary(g => g.Key, g => g.Count());
        var p1 = Count(prev);
        var p2 = Count(prev2);
        var middle = now.From.AddDays(now.Days / 2);
        foreach (var g in now.Tickets.Where(t => t.Category is not null && !t.Confidential).GroupBy(t => t.Category!))
        {
            if (names.Season(g.Key) is { } season && season != "emerging"
                && Hotline.Models.Warning.Detectors.SeasonCalendar.InSeason(season, middle)) continue;
            long c = g.Count(), before = p1.GetValueOrDefault(g.Key), before2 = p2.GetValueOrDefault(g.Key);
            var p = CountComparison.PValue(c, before, now.Days, prev.Days);
            var expected = before * now.Days / prev.Days;
            string? status = before + before2 <= 2 && c >= 20 ? "new"
                : p < 0.001 && c >= 30 && c > 2 * expected ? "growing" : null;
            if (status is null) continue;
            var tickets = g.OrderBy(t => t.ReceivedAt).ThenBy(t => t.TicketId, StringComparer.Ordinal).ToList();
            var callers = tickets.Select(t => t.CallerHash ?? t.TicketId).Distinct().Count();
            var row = new TopicRow(status, g.Key, names.Category(g.Key), names.Scope, "", null, c, callers, before,
                Math.Round(p, 6), [], [], tickets[0].ReceivedAt, tickets[^1].ReceivedAt,
                tickets.Select(t => t.TicketId).Take(50).ToList())
            {
                Lead = names.CityLead(g.Key).Lead,
                Spread = Spread(names, tickets),
                Lineage =
                [
                    new(period.Previous.Previous.Key, ShortLabel(period.Previous.Previous), before2),
                    new(period.Previous.Key, ShortLabel(period.Previous), before),
                    new(period.Key, "本期", c),
                ],
            };
            yield return (row, callers * 3.0);
        }
    }

    /// <summary>How a lineage names an earlier period: 10月, 第45周.</summary>
    public static string ShortLabel(ReportPeriod p) => p.Kind == PeriodKind.Week
        ? $"第{ISOWeek.GetWeekOfYear(p.Start)}周" : $"{p.Start.Month}月";

    private static Dictionary<Key, List<TicketFact>> Group(List<TicketFact> tickets, TopicSubjects subjects) => tickets
        .Where(t => t.Category is not null && !t.Confidential)
        .Select(t => (t, key: KeyOf(t, subjects)))
        .Where(x => x.key is not null)
        .GroupBy(x => x.key!, x => x.t)
        .ToDictionary(g => g.Key, g => g.ToList());

    /// <summary>
    /// The subject a ticket is about: an enterprise, school or project the title names (city-wide), else a compound
    /// or road it names (in its county), else its address's site (in its township).
    /// </summary>
    private static Key? KeyOf(TicketFact t, TopicSubjects subjects)
    {
        var subject = subjects.Of(t);
        if (subject is { CityWide: true }) return new Key(t.Category!, "", "", subject.Name);
        if (subject is not null && t.District is not null) return new Key(t.Category!, t.District, "", subject.Name);
        return t is { District: not null, Township: not null, Site: not null }
            ? new Key(t.Category!, t.District, t.Township, t.Site) : null;
    }

    private static string? Lead(Names names, Key key) => key.District.Length == 0
        ? names.CityLead(key.Category).Lead : names.LocalLead(key.Category, key.District, key.Township);

    private static TopicRow Row(Names names, Key key, string status, List<TicketFact> tickets, int callers,
        long before, double p) =>
        new(status, key.Category, names.Category(key.Category),
            key.District.Length == 0 ? names.Scope : names.Area(key.District), names.Area(key.Township),
            names.ShortSite(key.Site, key.District, key.Township), tickets.Count, callers, before, Math.Round(p, 6),
                [], [],
            tickets.Min(t => t.ReceivedAt), tickets.Max(t => t.ReceivedAt), tickets.Select(t => t.TicketId).Take(50)
                .ToList())
        {
            Lead = Lead(names, key),
            Spread = key.District.Length > 0 ? null : Spread(names, tickets),
        };

    private static string Spread(Names names, List<TicketFact> tickets)
    {
        var spread = tickets.Where(t => t.District is not null).GroupBy(t => t.District)
            .OrderByDescending(x => x.Count()).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        return $"涉及{spread.Count}个区县，" + string.Join("、", spread.Take(3)
            .Select(x => $"{names.Area(x.Key)} {x.Count()} 件"));
    }

    /// <summary>
    /// Distinctive words (share of the topic's tickets using a word minus its share in the category) and masked titles.
    /// </summary>
    private static List<TopicRow> Label(DuckDBConnection conn, List<TopicRow> topics, KpiSection.Cohort now)
    {
        var labelled = new List<TopicRow>();
        foreach (var t in topics)
        {
            if (t.TicketIds.Count == 0) { labelled.Add(t); continue; }
            // IN (SELECT unnest(…)) is a hash join; list_contains scanned the whole list for every ticket, and a
            // Beijing-sized month (thousands of ids a topic, 2.5M tickets) took more than 15 minutes that way.
            var texts = Sql.Rows(conn,
                "SELECT title, content FROM tickets WHERE ticket_id IN (SELECT unnest($ids)) ORDER "
                    + "BY received_at, ticket_id",
                r => (Title: r.Str(0) ?? "", Body: r.Str(1) ?? ""), ("ids", t.TicketIds.ToList()));
            var background = Sql.Rows(conn, """
                SELECT title, content FROM tickets WHERE category = $c AND received_at >= $from AND received_at < $to
                    AND NOT coalesce(confidential, false) -- a confidential text shapes no brief, not even as background
                ORDER BY hash(ticket_id) LIMIT 200
                """, r => (Title: r.Str(0) ?? "", Body: r.Str(1) ?? ""), ("c", t.Category), ("from", now.From),
                    ("to", now.Cutoff));
            var fg = DocFrequency(texts);
            var bg = DocFrequency(background);
            var place = t.County + t.Township + t.Site;
            var terms = fg.Where(kv => !place.Contains(kv.Key, StringComparison.Ordinal) && !Filler.Contains(kv.Key))
                .Select(kv =>
                (Word: kv.Key,
                Score: kv.Value / (double)texts.Count - bg.GetValueOrDefault(kv.Key) / (double)Math.Max(1,
                background.Count)))
                .Where(x => x.Score > 0.2).OrderByDescending(x => x.Score).ThenBy(x => x.Word, StringComparer.Ordinal)
                    .Take(6).Select(x => x.Word).ToList();
            var examples = texts.Select(x => TextMasker.Mask(x.Title)).Where(x => x.Length > 0).Distinct().Take(3)
                .ToList();
            labelled.Add(t with { Terms = terms, Examples = examples });
        }
        return labelled;
    }

    // Spoken filler and masking residue: frequent in some callers' speech, never a topic.
    private static readonly HashSet<string> Filler = ["我姓", "我叫", "反正", "一直", "我要", "是不是", "电话", "附近", "街道", "住户",
        "那个", "就是说", "真的", "麻烦", "拜托", "尊敬"];

    private static Dictionary<string, int> DocFrequency(List<(string Title, string Body)> docs)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (title, body) in docs)
            foreach (var w in TfIdfVectors.Tokens(TextMasker.Mask(title + "。" + body)).Distinct())
                df[w] = df.GetValueOrDefault(w) + 1;
        return df;
    }
}
