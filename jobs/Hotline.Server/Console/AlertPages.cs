using System.Globalization;
using Hotline.Models.Warning.Alerts;
using Hotline.Models.Warning.Store;
using static Hotline.Server.Console.ConsolePage;

namespace Hotline.Server.Console;

/// <summary>
/// 预警值守: the alerts, open ones first and the most severe first; each with its evidence chart (calls per hour),
/// place, owners, the playbook's actions and three masked sample calls; acknowledge, and silence with an expiry and a
/// reason (the same store as `hotline alerts ack` / `alerts silence`, each written to alert_history). New and changed
/// alerts are pushed to the open page by server-sent events (<see cref="Stream"/>), without reload.
/// </summary>
public static class AlertPages
{
    private const int Listed = 100;
    /// <summary>How often the stream looks for changed alerts: well inside the 2 s a duty officer may wait.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public static void Map(WebApplication app)
    {
        var group = app.MapGroup("/console/alerts").AddEndpointFilter(DispatchPages.Only(r => r.MayReadAlerts));
        group.MapGet("", List);
        group.MapGet("/stream", Stream);
        group.MapGet("/{alertId}", One);
        group.MapPost("/{alertId}/ack", Ack);
        group.MapPost("/{alertId}/silence", Silence);
    }

    private static int Rank(string severity) => severity switch
    {
        "critical" => 0,
        "high" => 1,
        "medium" => 2,
        _ => 3,
    };

    private static IResult List(HttpContext ctx)
    {
        var access = RequestAccess.Of(ctx);
        var alerts = AlertFeed.List(access.Connection, access.Role, null, null, Listed)
            .OrderBy(a => a.Status == "firing" ? 0 : 1).ThenBy(a => Rank(a.Severity))
            .ThenByDescending(a => a.UpdatedAt).ThenBy(a => a.AlertId, StringComparer.Ordinal).ToList();
        access.Rows = alerts.Count;
        var sb = new System.Text.StringBuilder();
        sb.Append("<p id=\"live-status\" role=\"status\" aria-live=\"polite\" class=\"hint\">实时接收新预警中。</p>")
            .Append("<ol id=\"alerts\" class=\"alerts\" data-stream=\"/console/alerts/stream\">");
        foreach (var a in alerts) sb.Append(Summary(ctx, a));
        sb.Append("</ol>");
        if (alerts.Count == 0) sb.Append("<p id=\"no-alerts\">暂无预警。</p>");
        return Html(ctx, "预警值守", sb.ToString());
    }

    /// <summary>One alert as a list item (also what the stream pushes).</summary>
    internal static string Summary(HttpContext ctx, AlertRecord a)
    {
        var units = RequestAccess.Of(ctx).Units;
        var severity = Codes.TryParse<Severity>(a.Severity, out var sev) ? AlertCard.SeverityName(sev) : a.Severity;
        var status = Codes.TryParse<AlertStatus>(a.Status, out var st) ? AlertCard.StatusName(st) : a.Status;
        var owners = string.Join("、", a.Owners.Select(o => units.Find(o)?.Name ?? o));
        var evidence = a.Observed is { } o && a.Expected is { } x
            ? $"，观察到 {o:0} 件，平时同期约 {Math.Max(x, 0.1):0.#} 件" : "";
        return $"""
            <li class="alert sev-{E(a.Severity)}" id="a-{E(a.AlertId)}" data-updated="{a.UpdatedAt:O}">
            <a href="/console/alerts/{Uri.EscapeDataString(a.AlertId)}"><strong>【{E(severity)}】{E(a.Title)}</strong></a>
            <span class="meta">{E(status)}{(a.AcknowledgedAt is null ? "" : "，已确认")} · {E(a.AreaName)} ·
            首次来电 {Time(a.FirstTicketAt)} · 最新 {Time(a.LastTicketAt)} · {a.TicketCount} 件、{a.CallerCount} 人{E(evidence)}</span>
            <span class="owners">责任单位：{E(owners)}</span></li>
            """;
    }

    private static IResult One(HttpContext ctx, string alertId)
    {
        var access = RequestAccess.Of(ctx);
        var d = alertId.Length <= 64 ? AlertFeed.One(access.Connection, access.Role, alertId) : null;
        if (d is null) return NotFound(ctx);
        access.Rows = 1;
        var a = d.Alert;
        var units = access.Units;
        var playbook = Playbook.Default;
        var group = playbook.Find(a.RiskGroup);
        var sb = new System.Text.StringBuilder();
        sb.Append("<ol class=\"alerts\">").Append(Summary(ctx, a)).Append("</ol>");
        sb.Append(EvidenceChart.Svg(d.Evidence.Select(e => e.ReceivedAt).OfType<DateTime>().ToList(),
            UsualPerHour(ctx, a)));
        sb.Append("<section aria-labelledby=\"owners\"><h2 id=\"owners\">责任单位</h2><ul>");
        foreach (var o in a.Owners)
            sb.Append($"<li>{E(units.Find(o)?.Name ?? o)}（值班电话见单位名录“{E(playbook.DutyContactField)}”）</li>");
        sb.Append("</ul></section>");
        if (group is not null)
        {
            sb.Append($"<section aria-labelledby=\"acts\"><h2 id=\"acts\">处置建议（{E(group.Name)}）</h2><ol>");
            foreach (var act in playbook.CommonFirstActions.Concat(group.FirstActions)) sb.Append($"<li>{E(act)}</li>");
            sb.Append("</ol>");
            if (group.Checks.Count > 0)
                sb.Append("<h3>核查要点</h3><ul>").Append(string.Concat(group.Checks.Select(c => $"<li>{E(c)}</li>")))
                    .Append("</ul>");
            if (group.EscalateWhen.Count > 0)
                sb.Append("<h3>何时升级</h3><ul>")
                    .Append(string.Concat(group.EscalateWhen.Select(c => $"<li>{E(c)}</li>"))).Append("</ul>");
            sb.Append("</section>");
        }
        // Three sample calls: the first, the middle and the latest (masked titles; confidential ones never listed).
        var samples = d.Evidence.Count <= 3 ? d.Evidence
            : [d.Evidence[0], d.Evidence[d.Evidence.Count / 2], d.Evidence[^1]];
        sb.Append("<section aria-labelledby=\"calls\"><h2 id=\"calls\">来电示例</h2><ul>");
        foreach (var e in samples)
            sb.Append($"<li>{Time(e.ReceivedAt)} {E(units.Area(e.District ?? "")?.Name)}{E(units.Area(e.Township ?? "")?.Name)}："
                + $"{E(e.Title)}</li>");
        sb.Append("</ul>");
        if (a.ConfidentialTickets > 0) sb.Append($"<p class=\"hint\">另有 {a.ConfidentialTickets} 件保密件未列出。</p>");
        sb.Append("</section>");
        sb.Append($"""
            <section class="actions" aria-labelledby="op"><h2 id="op">值守操作</h2>
            <form method="post" action="/console/alerts/{Uri.EscapeDataString(a.AlertId)}/ack">{Csrf(ctx)}
            <button type="submit"{(a.AcknowledgedAt is null ? "" : " disabled")}>确认已接手</button></form>
            <form method="post" action="/console/alerts/{Uri.EscapeDataString(a.AlertId)}/silence">{Csrf(ctx)}
            <label for="hours">静默时长（小时）</label><input id="hours" name="hours" type="number" min="1" max="168"
              value="24" required>
            <label for="reason">原因</label><input id="reason" name="reason" required maxlength="200">
            <button type="submit">静默同类预警</button></form></section>
            <section aria-labelledby="hist"><h2 id="hist">预警记录</h2><table><thead><tr><th scope="col">时间</th>
            <th scope="col">变化</th><th scope="col">级别</th><th scope="col">件数</th></tr></thead><tbody>
            """);
        foreach (var h in d.History)
            sb.Append($"<tr><td>{Time(h.At)}</td><td>{E(ChangeName(h.Change))}</td>"
                + $"<td>{E(Codes.TryParse<Severity>(h.Severity, out var hs) ? AlertCard.SeverityName(hs) : h.Severity)}</td>"
                + $"<td>{h.TicketCount}</td></tr>");
        sb.Append("</tbody></table></section><p><a href=\"/console/alerts\">返回预警列表</a></p>");
        return Html(ctx, "预警详情", sb.ToString());
    }

    /// <summary>
    /// The usual level: the risk group's calls in the alert's area over the 28 days before its first call, per hour.
    /// </summary>
    private static double? UsualPerHour(HttpContext ctx, AlertRecord a)
    {
        if (a.RiskGroup is null || a.AreaCode is null || a.FirstTicketAt is not { } first) return null;
        var categories = RequestAccess.Warehouse(ctx).Reference.Categories.Where(c => c.RiskGroup == a.RiskGroup)
            .Select(c => c.Code).ToList();
        if (categories.Count == 0) return null;
        var n = Sql.Scalar<long>(RequestAccess.Of(ctx).Connection, """
            SELECT count(*) FROM tickets WHERE list_contains($cats, category) AND (district = $area OR township = $area)
              AND received_at >= $from AND received_at < $to
            """, ("cats", categories), ("area", a.AreaCode), ("from", first.AddDays(-28)), ("to", first));
        return n / (28 * 24.0);
    }

    private static string ChangeName(string change) => change switch
    {
        "opened" => "发出预警",
        "updated" => "更新",
        "escalated" => "升级",
        "resolved" => "解除",
        "unsilenced" => "静默结束",
        "repeat" => "再次提醒",
        "acknowledged" => "已确认接手",
        "silenced" => "静默",
        _ => change,
    };

    private static IResult Ack(HttpContext ctx, string alertId, ServerOptions options)
    {
        var access = RequestAccess.Of(ctx);
        if (alertId.Length > 64 || AlertFeed.One(access.Connection, access.Role, alertId) is null) return NotFound(ctx);
        AlertStore.Acknowledge(access.Connection, alertId, options.Clock.Now);
        access.Rows = 1;
        return Results.Redirect($"/console/alerts/{Uri.EscapeDataString(alertId)}");
    }

    private static async Task<IResult> Silence(HttpContext ctx, string alertId, ServerOptions options)
    {
        var access = RequestAccess.Of(ctx);
        if (alertId.Length > 64 || !ctx.Request.HasFormContentType
            || AlertFeed.One(access.Connection, access.Role, alertId) is null) return NotFound(ctx);
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        var reason = form["reason"].ToString().Trim();
        if (!int.TryParse(form["hours"], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || hours is < 1 or > 168 || reason.Length is 0 or > 200)
            return Html(ctx, "无法静默", "<p class=\"error\" role=\"alert\">请填写 1–168 小时的静默时长和原因。</p>", 400);
        var now = options.Clock.Now;
        AlertStore.SilenceAlert(access.Connection, alertId, TextMasker.Mask(reason), now, now.AddHours(hours));
        access.Rows = 1;
        return Results.Redirect($"/console/alerts/{Uri.EscapeDataString(alertId)}");
    }

    /// <summary>
    /// Server-sent events: each new or changed alert (by its updated_at) as an "alert" event whose data is the list
    /// item's HTML. The stream reads the alerts table on its own connection every <see cref="Poll"/>; it ends when the
    /// browser goes or the session ends.
    /// </summary>
    private static async Task Stream(HttpContext ctx, ConsoleSessions sessions, ServerOptions options)
    {
        var access = RequestAccess.Of(ctx);
        var session = ConsoleAccess.Session(ctx);
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-store";
        var seen = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var a in AlertFeed.List(access.Connection, access.Role, null, null, Listed))
            seen[a.AlertId] = a.UpdatedAt;
        await ctx.Response.WriteAsync(": ready\n\n", ctx.RequestAborted);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
        try
        {
            while (!ctx.RequestAborted.IsCancellationRequested
                && sessions.Find(session.Id, options.Clock.Now) is not null)
            {
                await Task.Delay(Poll, ctx.RequestAborted);
                foreach (var a in AlertFeed.List(access.Connection, access.Role, null, null, 20))
                {
                    if (seen.TryGetValue(a.AlertId, out var at) && at >= a.UpdatedAt) continue;
                    seen[a.AlertId] = a.UpdatedAt;
                    var html = Summary(ctx, a).Replace("\n", " ", StringComparison.Ordinal);
                    await ctx.Response.WriteAsync($"event: alert\nid: {a.AlertId}\ndata: {html}\n\n",
                        ctx.RequestAborted);
                }
                await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
            }
        }
        catch (OperationCanceledException) { /* the browser left */ }
    }
}
