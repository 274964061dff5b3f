using System.Globalization;
using Hotline.Jobs.Scheduling;
using static Hotline.Server.Console.ConsolePage;

namespace Hotline.Server.Console;

/// <summary>
/// The views over what the scheduled jobs published (job_runs): 督办 (the latest digests and 督办单 to download, the
/// unit scorecards), 决策分析 (headline figures and hot topics of the latest monthly brief, 每月一题, the outlook, and
/// every published brief as HTML or Word) and 信息公开 (the disclosure). Nothing is computed on request: the pages show
/// the documents staff forward, as they were published. Which role may open which job's files is
/// <see cref="MayOpen"/>; briefs, digests and disclosures never hold a confidential ticket.
/// </summary>
public static class ReportPages
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/console/supervision", Supervision).AddEndpointFilter(DispatchPages.Only(r => r.MaySupervise));
        app.MapGet("/console/policy", Policy)
            .AddEndpointFilter(DispatchPages.Only(r => r.Kind is RoleKind.Centre or RoleKind.Policy));
        app.MapGet("/console/policy/topics/{period}/{index:int}", Topic)
            .AddEndpointFilter(DispatchPages.Only(r => r.Kind is RoleKind.Centre or RoleKind.Policy));
        app.MapGet("/console/public", Public)
            .AddEndpointFilter(DispatchPages.Only(r => r.Kind is RoleKind.Centre or RoleKind.Public));
        app.MapGet("/console/files/{job}/{period}/{name}", File);
    }

    /// <summary>Which published jobs a role may open.</summary>
    public static bool MayOpen(AccessRole role, string job) => job switch
    {
        "brief-monthly" or "brief-weekly" => role.Kind is RoleKind.Centre or RoleKind.Policy or RoleKind.Supervisor,
        "digest-daily" or "scorecard-monthly" => role.MaySupervise,
        "disclosure-monthly" => role.Kind is RoleKind.Centre or RoleKind.Public or RoleKind.Policy
            or RoleKind.Supervisor,
        _ => role.IsCentre,
    };

    private static List<JobRun> Published(HttpContext ctx, string job, int limit) =>
        new JobRunner(RequestAccess.Of(ctx).Connection, RequestAccess.Warehouse(ctx).Reference).History(500)
            .Where(r => r.Job == job && r.Status == JobStatus.Succeeded).OrderByDescending(r => r.Period)
            .Take(limit).ToList();

    private static string Links(JobRun run, Func<string, bool>? which = null) => string.Join(" ", run.Files
        .Where(f => (f.EndsWith(".html", StringComparison.Ordinal) || f.EndsWith(".docx", StringComparison.Ordinal))
            && (which?.Invoke(f) ?? true))
        .Order(StringComparer.Ordinal)
        .Select(f => $"<a href=\"/console/files/{E(run.Job)}/{E(run.Period)}/{Uri.EscapeDataString(f)}\">"
            + $"{E(f.EndsWith(".docx", StringComparison.Ordinal) ? "Word 版" : "网页版")}"
            + $"{E(Owner(f))}</a>"));

    // 督办单 files are named per unit: duban-<date>-<unit>.docx; the rest are the report itself.
    private static string Owner(string file) => file.StartsWith("duban-", StringComparison.Ordinal) ? "（督办单）" : "";

    private static IResult Supervision(HttpContext ctx)
    {
        var sb = new System.Text.StringBuilder();
        var digests = Published(ctx, "digest-daily", 7);
        if (digests.FirstOrDefault() is { } latest && Json(latest, "digest-") is { } digest)
            using (digest) sb.Append(Worklist(digest.RootElement, latest));
        sb.Append("<section aria-labelledby=\"dg\"><h2 id=\"dg\">每日督办摘要</h2><ul>");
        foreach (var r in digests) sb.Append($"<li>{E(r.Period)}：{Links(r)}</li>");
        sb.Append("</ul></section><section aria-labelledby=\"sc\"><h2 id=\"sc\">承办单位考核</h2>");
        if (Latest(ctx, "scorecard-monthly", "scorecard-") is { } card)
            using (card) sb.Append(ScorecardView.Groups(card.RootElement));
        sb.Append("<ul>");
        foreach (var r in Published(ctx, "scorecard-monthly", 6))
            sb.Append($"<li>{E(r.Period)}：{Links(r)}</li>");
        sb.Append("</ul></section>");
        return Html(ctx, "督办", sb.ToString());
    }

    /// <summary>
    /// The latest digest as a worklist: what each section holds, then per unit its tickets overdue, due soon, not
    /// signed or returned, each with the masked one-line summary, times urged and returns, and a misrouting flag.
    /// </summary>
    private static string Worklist(JsonElement d, JobRun run)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append($"<section aria-labelledby=\"wl\"><h2 id=\"wl\">今日督办（{E(d.GetProperty("day").GetString())}）</h2>")
            .Append("<table><thead><tr><th scope=\"col\">事项</th><th scope=\"col\">件数</th><th scope=\"col\">依据</th>"
                + "</tr></thead><tbody>");
        foreach (var sec in d.GetProperty("sections").EnumerateArray())
            sb.Append($"<tr><td>{E(sec.GetProperty("title").GetString())}</td>"
                + $"<td>{sec.GetProperty("lines").GetArrayLength()}</td>"
                + $"<td>{E(sec.TryGetProperty("articles", out var a) ? a.GetString() : null)}</td></tr>");
        sb.Append("</tbody></table><h3>按承办单位</h3>")
            .Append($"<p>督办单下载：{Links(run, f => f.StartsWith("duban-", StringComparison.Ordinal))}</p>");
        foreach (var o in d.GetProperty("orders").EnumerateArray().Take(40))
        {
            int N(string k) => o.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;
            sb.Append($"<details><summary>{E(o.GetProperty("unit_name").GetString())}：超期 {N("overdue")} 件、"
                + $"即将到期 {N("due_soon")} 件、未签收 {N("not_signed")} 件、退回 {N("returned")} 件</summary>")
                .Append("<table><thead><tr><th scope=\"col\">工单号</th><th scope=\"col\">诉求摘要</th>"
                    + "<th scope=\"col\">区域</th><th scope=\"col\">时限</th><th scope=\"col\">已催办</th>"
                    + "<th scope=\"col\">退回</th><th scope=\"col\">提示</th></tr></thead><tbody>");
            foreach (var l in o.GetProperty("lines").EnumerateArray())
            {
                string? S(string k) => l.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.String
                    ? v.GetString() : null;
                int I(string k) => l.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.Number
                    ? v.GetInt32() : 0;
                sb.Append($"<tr><td>{E(S("ticket_id"))}</td><td>{E(S("category_name"))}：{E(S("summary"))}</td>"
                    + $"<td>{E(S("area"))}</td><td>{E(S("detail"))}</td><td>{I("urged")}</td><td>{I("returns")}</td>"
                    + $"<td>{(S("misrouted") is { } m ? "疑似派错：" + E(m) : "")}</td></tr>");
            }
            sb.Append("</tbody></table></details>");
        }
        return sb.Append("</section>").ToString();
    }

    private static IResult Policy(HttpContext ctx)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(PolicyFigures.Html(RequestAccess.Of(ctx).Connection, RequestAccess.Warehouse(ctx).Reference));
        var monthly = Published(ctx, "brief-monthly", 12);
        // The latest brief that has tickets: a server started on the wall clock over an old warehouse also publishes
        // empty months on catch-up, and a leader's first figures should be the latest real month.
        foreach (var run in monthly)
        {
            using var brief = Json(run);
            if (brief is null || Received(brief.RootElement) <= 0) continue;
            sb.Append(Headline(brief.RootElement, run.Period));
            break;
        }
        sb.Append("<section aria-labelledby=\"br\"><h2 id=\"br\">已发布简报</h2><ul>");
        foreach (var r in monthly.Concat(Published(ctx, "brief-weekly", 8)))
            sb.Append($"<li>{E(r.Period)}：{Links(r)}</li>");
        sb.Append("</ul></section>");
        return Html(ctx, "决策分析", sb.ToString());
    }

    /// <summary>The latest monthly brief's headline figures, hot topics, 每月一题 and outlook.</summary>
    private static string Headline(JsonElement b, string period)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append($"<section aria-labelledby=\"kp\"><h2 id=\"kp\">{E(b.GetProperty("label").GetString())}主要指标</h2>")
            .Append("<table><thead><tr><th scope=\"col\">指标</th><th scope=\"col\">本期</th><th scope=\"col\">上期</th>"
                + "</tr></thead><tbody>");
        foreach (var k in b.GetProperty("kpis").EnumerateArray().Take(10))
        {
            // Rates are stored as fractions with the unit "%": printed as percentages with one decimal.
            var unit = k.GetProperty("unit").GetString() ?? "";
            string V(string name) => unit == "%" ? Percent(k, name) : Num(k, name) + (Num(k, name) == "—" ? "" : unit);
            sb.Append($"<tr><td>{E(k.GetProperty("label").GetString())}</td><td>{E(V("value"))}</td>"
                + $"<td>{E(V("previous"))}</td></tr>");
        }
        sb.Append("</tbody></table></section><section aria-labelledby=\"tp\"><h2 id=\"tp\">热点问题</h2><ol>");
        var index = 0;
        foreach (var t in b.GetProperty("topics").EnumerateArray().Take(8))
        {
            var site = t.GetProperty("site").GetString();
            sb.Append($"<li><a href=\"/console/policy/topics/{E(period)}/{index++}\">"
                + $"{E(t.GetProperty("county").GetString())}{E(site is null ? "" : "·" + site)} "
                + $"{E(t.GetProperty("category_name").GetString())}</a>：{Num(t, "tickets")} 件"
                + $"（{E(TopicStatus(t.GetProperty("status").GetString()))}{E(Lineage(t))}）</li>");
        }
        sb.Append("</ol></section><section aria-labelledby=\"gv\"><h2 id=\"gv\">每月一题候选</h2><ol>");
        foreach (var g in b.GetProperty("governance").EnumerateArray())
            sb.Append($"<li>{E(g.GetProperty("name").GetString())}：全市 {Num(g, "volume")} 件，"
                + $"建议牵头：{E(g.TryGetProperty("lead", out var l) ? l.GetString() : null)}</li>");
        sb.Append("</ol></section><section aria-labelledby=\"ol\"><h2 id=\"ol\">下期展望</h2><ul>");
        foreach (var o in b.GetProperty("outlook").EnumerateArray().Take(6))
            sb.Append($"<li>{E(o.GetProperty("name").GetString())}：约 {Num(o, "low")}–{Num(o, "high")} 件</li>");
        sb.Append("</ul></section>");
        return sb.ToString();
    }

    /// <summary>The topic's counts over the brief's three periods (its lineage), e.g. "；9月 0、10月 47、本期 745".</summary>
    private static string Lineage(JsonElement t) => t.TryGetProperty("lineage", out var l)
        && l.ValueKind == JsonValueKind.Array && l.GetArrayLength() > 0
        ? "；" + string.Join("、", l.EnumerateArray().Select(x => $"{x.GetProperty("label").GetString()} "
            + x.GetProperty("tickets").GetInt64().ToString("N0", CultureInfo.InvariantCulture)))
        : "";

    private static double Received(JsonElement b) => b.GetProperty("kpis").EnumerateArray()
        .Where(k => k.GetProperty("key").GetString() == "received")
        .Select(k => k.GetProperty("value").ValueKind == JsonValueKind.Number ? k.GetProperty("value").GetDouble() : 0)
        .FirstOrDefault();

    /// <summary>
    /// A hot topic's tickets as the brief cited them (up to 50), masked, confidential ones left out (briefs never
    /// hold them; checked again here).
    /// </summary>
    private static IResult Topic(HttpContext ctx, string period, int index)
    {
        var access = RequestAccess.Of(ctx);
        if (period.Length > 10) return NotFound(ctx);
        var run = new JobRunner(access.Connection, RequestAccess.Warehouse(ctx).Reference)
            .Last("brief-monthly", period);
        using var brief = run is { Status: JobStatus.Succeeded } ? Json(run, "brief-") : null;
        var topics = brief?.RootElement.GetProperty("topics");
        if (topics is not { } list || index < 0 || index >= list.GetArrayLength()) return NotFound(ctx);
        var t = list[index];
        var ids = t.GetProperty("ticket_ids").EnumerateArray().Select(x => x.GetString()!).ToList();
        var rows = Sql.Rows(access.Connection, """
            SELECT ticket_id, received_at, district, township, title FROM tickets
            WHERE ticket_id IN (SELECT unnest($ids)) AND NOT coalesce(confidential, false)
            ORDER BY received_at, ticket_id
            """, r => (Id: r.GetString(0), At: r.Time(1), D: r.Str(2), T: r.Str(3), Title: r.Str(4)), ("ids", ids));
        access.Rows = rows.Count;
        var units = access.Units;
        var site = t.GetProperty("site").GetString();
        var sb = new System.Text.StringBuilder();
        sb.Append($"<p class=\"meta\">{E(period)} · {E(t.GetProperty("county").GetString())}"
            + $"{E(site is null ? "" : "·" + site)} · {Num(t, "tickets")} 件（列出简报引用的前 {rows.Count} 件，已脱敏）</p>")
            .Append("<table><thead><tr><th scope=\"col\">受理时间</th><th scope=\"col\">区域</th>"
                + "<th scope=\"col\">标题</th></tr></thead><tbody>");
        foreach (var r in rows)
            sb.Append($"<tr><td>{Time(r.At)}</td><td>{E(units.Area(r.D ?? "")?.Name)}{E(units.Area(r.T ?? "")?.Name)}</td>"
                + $"<td>{E(TextMasker.Mask(r.Title ?? ""))}</td></tr>");
        sb.Append("</tbody></table><p><a href=\"/console/policy\">返回决策分析</a></p>");
        return Html(ctx, t.GetProperty("category_name").GetString() ?? "热点问题", sb.ToString());
    }

    private static string TopicStatus(string? s) =>
        s switch { "new" => "新增", "growing" => "上升", "persistent" => "持续", "fading" => "回落", _ => s ?? "" };

    private static string Num(JsonElement e, string name) => e.TryGetProperty(name, out var v)
        && v.ValueKind == JsonValueKind.Number ? v.GetDouble().ToString("#,0.#", CultureInfo.InvariantCulture) : "—";

    private static IResult Public(HttpContext ctx)
    {
        var sb = new System.Text.StringBuilder("<ul>");
        foreach (var r in Published(ctx, "disclosure-monthly", 12)) sb.Append($"<li>{E(r.Period)}：{Links(r)}</li>");
        sb.Append("</ul>");
        return Html(ctx, "信息公开", sb.ToString());
    }

    /// <summary>The JSON of the latest succeeded run of a job (its file starting with
    /// <paramref name="prefix"/>).</summary>
    internal static JsonDocument? Latest(HttpContext ctx, string job, string prefix) =>
        Published(ctx, job, 1).FirstOrDefault() is { } run ? Json(run, prefix) : null;

    private static JsonDocument? Json(JobRun run, string prefix = "")
    {
        var f = run.Files.FirstOrDefault(x => x.EndsWith(".json", StringComparison.Ordinal)
            && x.StartsWith(prefix, StringComparison.Ordinal));
        var path = f is null || run.OutDir is null ? null : Inside(run.OutDir, f);
        try { return path is null ? null : JsonDocument.Parse(System.IO.File.ReadAllText(path)); }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>A published file's path, only if it is inside the run's folder and still there.</summary>
    private static string? Inside(string dir, string file)
    {
        if (file.Contains('/') || file.Contains('\\')) return null;
        var path = Path.GetFullPath(Path.Combine(dir, file));
        return path.StartsWith(Path.GetFullPath(dir) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && System.IO.File.Exists(path) ? path : null;
    }

    private static IResult File(HttpContext ctx, string job, string period, string name)
    {
        var access = RequestAccess.Of(ctx);
        if (job.Length > 40 || period.Length > 20 || name.Length > 120 || !MayOpen(access.Role, job))
            return NotFound(ctx);
        var run = new JobRunner(access.Connection, RequestAccess.Warehouse(ctx).Reference).Last(job, period);
        var path = run is { Status: JobStatus.Succeeded, OutDir: { } dir } && run.Files.Contains(name)
            ? Inside(dir, name) : null;
        if (path is null) return NotFound(ctx);
        access.Rows = 1;
        var type = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".json" => "application/json; charset=utf-8",
            ".md" => "text/markdown; charset=utf-8",
            ".png" => "image/png",
            _ => "application/octet-stream",
        };
        // A published report page is the centre's own document: it may use its inline styles (not the console's).
        ctx.Response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";
        return Results.File(path, type, type.StartsWith("text/html", StringComparison.Ordinal) ? null : name);
    }
}
