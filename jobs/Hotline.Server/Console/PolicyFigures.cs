using System.Globalization;
using DuckDB.NET.Data;
using static Hotline.Server.Console.ConsolePage;

namespace Hotline.Server.Console;

/// <summary>
/// 驾驶舱 figures read live from the warehouse (aggregates only, no ticket): tickets today, this week and this month
/// against the same elapsed part of the period before (a running period compared like with like), the categories
/// that moved most this week, and the county × category-group grid of this month, counties in the official order.
/// "Now" is the latest ticket's time, so a replayed or imported history reads as of its own last day.
/// </summary>
public static class PolicyFigures
{
    public static string Html(DuckDBConnection conn, ReferenceData reference)
    {
        if (Sql.Scalar<DateTime?>(conn, "SELECT max(received_at) FROM tickets") is not { } now) return "";
        var day = now.Date;
        var week = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        var month = new DateTime(day.Year, day.Month, 1);
        long Count(DateTime from, DateTime to) => Sql.Scalar<long>(conn,
            "SELECT count(*) FROM tickets WHERE received_at >= $f AND received_at < $t", ("f", from), ("t", to));
        var rows = new (string Name, DateTime From, DateTime PrevFrom)[]
        {
            ("今日", day, day.AddDays(-1)), ("本周", week, week.AddDays(-7)), ("本月", month, month.AddMonths(-1)),
        };
        var sb = new System.Text.StringBuilder();
        sb.Append($"<section aria-labelledby=\"live\"><h2 id=\"live\">实时概况（截至 {now:M月d日 HH:mm}）</h2>")
            .Append("<table><thead><tr><th scope=\"col\">时段</th><th scope=\"col\">受理量</th>"
                + "<th scope=\"col\">上一时段同期</th><th scope=\"col\">变化</th></tr></thead><tbody>");
        foreach (var (name, from, prevFrom) in rows)
        {
            var cur = Count(from, now);
            var prev = Count(prevFrom, prevFrom + (now - from));
            var change = prev == 0 ? "—" : ((cur - prev) * 100.0 / prev).ToString("+0.0;-0.0;0.0",
                CultureInfo.InvariantCulture) + "%";
            sb.Append($"<tr><td>{name}</td><td>{cur:N0}</td><td>{prev:N0}</td><td>{change}</td></tr>");
        }
        sb.Append("</tbody></table>");

        // This week's largest moves among categories with at least 20 tickets in either week (same elapsed time).
        var moves = Sql.Rows(conn, """
            SELECT category, count(*) FILTER (WHERE received_at >= $w), count(*) FILTER (WHERE received_at < $pe)
            FROM tickets WHERE category IS NOT NULL AND received_at >= $pw AND received_at < $now
              AND (received_at >= $w OR received_at < $pe)
            GROUP BY 1
            """, r => (Cat: r.GetString(0), Now: r.GetInt64(1), Before: r.GetInt64(2)),
            ("w", week), ("pw", week.AddDays(-7)), ("pe", week.AddDays(-7) + (now - week)), ("now", now))
            .Where(m => Math.Max(m.Now, m.Before) >= 20)
            .OrderByDescending(m => Math.Abs(m.Now - m.Before)).ThenBy(m => m.Cat, StringComparer.Ordinal).Take(6)
            .ToList();
        var names = reference.Categories.ToDictionary(c => c.Code, c => c);
        if (moves.Count > 0)
        {
            sb.Append("<h3>本周变化较大的诉求</h3><ul>");
            foreach (var m in moves)
                sb.Append($"<li>{E(names.TryGetValue(m.Cat, out var c) ? c.Name : m.Cat)}：本周 {m.Now:N0} 件，"
                    + $"上周同期 {m.Before:N0} 件</li>");
            sb.Append("</ul>");
        }
        sb.Append("</section>");
        sb.Append(Trends(conn, week, now, names));
        sb.Append(Grid(conn, reference, month, now, names, month.AddMonths(-1)));
        return sb.ToString();
    }

    /// <summary>
    /// The eight largest categories of the last eight weeks, tickets per ISO week as a small line (the current,
    /// running week scaled to a whole week by its elapsed days, and drawn dashed).
    /// </summary>
    private static string Trends(DuckDBConnection conn, DateTime week, DateTime now,
        Dictionary<string, Category> categories)
    {
        var from = week.AddDays(-7 * 7);
        var counts = Sql.Rows(conn, """
            SELECT category, date_trunc('week', received_at) AS w, count(*) FROM tickets
            WHERE received_at >= $f AND received_at < $t AND category IS NOT NULL GROUP BY ALL
            """, r => (C: r.GetString(0), W: r.GetDateTime(1), N: r.GetInt64(2)), ("f", from), ("t", now));
        if (counts.Count == 0) return "";
        var elapsed = Math.Max((now - week).TotalDays, 1 / 24.0);
        double Rate(DateTime w, long n) => w == week ? n * 7 / elapsed : n;
        var top = counts.GroupBy(c => c.C).OrderByDescending(g => g.Sum(x => x.N)).ThenBy(g => g.Key,
            StringComparer.Ordinal).Take(8);
        var sb = new System.Text.StringBuilder();
        sb.Append("<section aria-labelledby=\"tr\"><h2 id=\"tr\">近八周主要诉求走势</h2><table><thead><tr>"
            + "<th scope=\"col\">诉求</th><th scope=\"col\">走势（每周件数）</th><th scope=\"col\">八周前</th>"
            + "<th scope=\"col\">本周（折算）</th></tr></thead><tbody>");
        foreach (var g in top)
        {
            var series = Enumerable.Range(0, 8).Select(i => from.AddDays(7 * i))
                .Select(w => Rate(w, g.Where(x => x.W == w).Sum(x => x.N))).ToArray();
            var max = Math.Max(1, series.Max());
            string Point(int i) => string.Create(CultureInfo.InvariantCulture,
                $"{4 + i * 22},{30 - series[i] / max * 26:0.#}");
            var solid = string.Join(" ", Enumerable.Range(0, 7).Select(Point));
            var name = categories.TryGetValue(g.Key, out var c) ? c.Name : g.Key;
            var spoken = string.Join("、", series.Select(v => v.ToString("0", CultureInfo.InvariantCulture)));
            sb.Append($"<tr><td>{E(name)}</td><td><svg class=\"spark\" viewBox=\"0 0 162 34\" role=\"img\" ")
                .Append($"aria-label=\"{E(name)}近八周：{spoken} 件\"><polyline points=\"{solid}\"/>")
                .Append($"<polyline class=\"running\" points=\"{Point(6)} {Point(7)}\"/></svg></td>")
                .Append($"<td>{series[0]:N0}</td><td>{series[7]:N0}</td></tr>");
        }
        return sb.Append("</tbody></table></section>").ToString();
    }

    /// <summary>County × category group this month, shaded by share of the county's tickets (no map data offline:
    /// a grid in the official order of the counties is what a reader scans).</summary>
    private static string Grid(DuckDBConnection conn, ReferenceData reference, DateTime from, DateTime to,
        Dictionary<string, Category> categories, DateTime previousFrom)
    {
        // Each county's total against the same elapsed part of the month before (its trend, like with like).
        var before = Sql.Rows(conn, """
            SELECT district, count(*) FROM tickets WHERE received_at >= $f AND received_at < $t AND district IS NOT NULL
            GROUP BY 1
            """, r => (D: r.GetString(0), N: r.GetInt64(1)), ("f", previousFrom), ("t", previousFrom + (to - from)))
            .ToDictionary(x => x.D, x => x.N);
        var cells = Sql.Rows(conn, """
            SELECT district, category, count(*) FROM tickets
            WHERE received_at >= $f AND received_at < $t AND district IS NOT NULL AND category IS NOT NULL GROUP BY ALL
            """, r => (D: r.GetString(0), C: r.GetString(1), N: r.GetInt64(2)), ("f", from), ("t", to))
            .GroupBy(x => (x.D, G: categories.TryGetValue(x.C, out var c) ? c.Level1 : "其他"))
            .ToDictionary(g => g.Key, g => g.Sum(x => x.N));
        if (cells.Count == 0) return "";
        var groups = reference.Categories.Select(c => c.Level1).Distinct().ToList();
        var counties = reference.Areas.Where(a => a.Level == "county").ToList();
        var max = cells.Values.Max();
        var sb = new System.Text.StringBuilder();
        sb.Append($"<section aria-labelledby=\"grid\"><h2 id=\"grid\">本月区县 × 诉求大类</h2>")
            .Append("<div class=\"scroll\"><table class=\"grid\"><thead><tr><th scope=\"col\">区县</th>");
        foreach (var g in groups) sb.Append($"<th scope=\"col\">{E(g)}</th>");
        sb.Append("<th scope=\"col\">合计</th><th scope=\"col\">较上月同期</th></tr></thead><tbody>");
        foreach (var a in counties)
        {
            sb.Append($"<tr><th scope=\"row\">{E(a.Name)}</th>");
            var total = groups.Sum(g => cells.GetValueOrDefault((a.Code, g)));
            var prev = before.GetValueOrDefault(a.Code);
            foreach (var g in groups)
            {
                var n = cells.GetValueOrDefault((a.Code, g));
                var level = n == 0 ? 0 : 1 + (int)Math.Min(4, Math.Floor(5.0 * n / (max + 1)));
                sb.Append($"<td class=\"heat-{level}\">{n:N0}</td>");
            }
            var change = prev == 0 ? "—" : ((total - prev) * 100.0 / prev).ToString("+0.0;-0.0;0.0",
                CultureInfo.InvariantCulture) + "%";
            sb.Append($"<td>{total:N0}</td><td>{change}</td></tr>");
        }
        return sb.Append("</tbody></table></div></section>").ToString();
    }
}
