using Hotline.Models.Routing;
using static Hotline.Server.Console.ConsolePage;

namespace Hotline.Server.Console;

/// <summary>
/// 派单工作台: the latest day's incoming tickets with the suggestions the streaming worker wrote (route_suggestions),
/// newest first, filtered by status and county; a ticket's card (the suggestion made again from its text, so the
/// reasons, catalogue entry and similar answered questions are there); accept or override, stored as route feedback
/// for the next training exactly as POST /v1/route/{id}/feedback stores it; and a new ticket pasted in. Keys: j/k move,
/// Enter opens, a accepts, o overrides (console.js). Ticket texts are masked.
/// </summary>
public static class DispatchPages
{
    private const int QueueSize = 100;

    public static void Map(WebApplication app)
    {
        var group = app.MapGroup("/console/dispatch").AddEndpointFilter(Only(r => r.MayRoute));
        group.MapGet("", Queue);
        group.MapGet("/{ticketId}", Card);
        group.MapPost("/{ticketId}/feedback", Feedback);
        group.MapPost("/route", RouteNew);
    }

    /// <summary>An endpoint filter: a role without this view gets the console's 404 page (reveals nothing).</summary>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Only(
        Func<AccessRole, bool> may) => async (context, next) =>
            may(ConsoleAccess.Session(context.HttpContext).Key.Role) ? await next(context)
                : NotFound(context.HttpContext);

    private sealed record Row(string TicketId, DateTime? ReceivedAt, string Disposition, string? Category,
        string? Lead, double Confidence, bool Abstain, string? Tier, string? Title, string? District, string Status,
        string? Verdict);

    private static IResult Queue(HttpContext ctx, string? status, string? county)
    {
        var access = RequestAccess.Of(ctx);
        var conn = access.Connection;
        var day = Sql.Single(conn, "SELECT max(received_at)::DATE::TIMESTAMP FROM route_suggestions", r => r.Time(0));
        var statusFilter = status is { Length: > 0 and < 20 } ? status : null;
        var countyFilter = county is { Length: > 0 and < 20 } ? county : null;
        var rows = day is null ? [] : Sql.Rows(conn, """
            SELECT s.ticket_id, s.received_at, s.disposition, s.category, s.lead_unit, s.confidence, s.abstain, s.tier,
                   t.title, t.district, t.status,
                   (SELECT max(f.verdict) FROM route_feedback f WHERE f.ticket_id = s.ticket_id)
            FROM route_suggestions s JOIN tickets t USING (ticket_id)
            WHERE s.received_at >= $day AND s.received_at < $day + INTERVAL 1 DAY
              AND ($status IS NULL OR t.status = $status) AND ($county IS NULL OR t.district = $county)
            ORDER BY s.received_at DESC, s.ticket_id LIMIT $n
            """, r => new Row(r.GetString(0), r.Time(1), r.GetString(2), r.Str(3), r.Str(4), r.GetDouble(5),
                r.GetBoolean(6), r.Str(7), r.Str(8), r.Str(9), r.GetString(10), r.Str(11)),
            ("day", day), ("status", statusFilter), ("county", countyFilter), ("n", QueueSize));
        access.Rows = rows.Count;
        var units = access.Units;
        // Counties in the reference data's order (the official order of the city's divisions).
        var counties = RequestAccess.Warehouse(ctx).Reference.Areas.Where(a => a.Level == "county")
            .Select(a => (a.Code, a.Name));
        var sb = new System.Text.StringBuilder();
        sb.Append($"""
            <section aria-labelledby="paste"><h2 id="paste">新工单派单建议</h2>
            <form method="post" action="/console/dispatch/route" class="paste">{Csrf(ctx)}
            <label for="content">来电内容</label>
            <textarea id="content" name="content" rows="3" required maxlength="5000"
              placeholder="粘贴或录入来电人反映的内容"></textarea>
            <button type="submit">获取建议</button></form></section>
            <section aria-labelledby="queue"><h2 id="queue">{(day is { } d ? $"{d:M月d日}" : "")}受理工单（{rows.Count} 件，最新在前）</h2>
            <form method="get" class="filters"><label for="status">状态</label><select id="status" name="status">
            <option value="">全部</option>
            """);
        foreach (var (code, name) in Statuses)
            sb.Append($"<option value=\"{code}\"{(code == statusFilter ? " selected" : "")}>{name}</option>");
        sb.Append("</select><label for=\"county\">区县</label><select id=\"county\" name=\"county\">"
            + "<option value=\"\">全部</option>");
        foreach (var c in counties)
            sb.Append($"<option value=\"{E(c.Code)}\"{(c.Code == countyFilter ? " selected" : "")}>")
                .Append($"{E(c.Name)}</option>");
        sb.Append("</select><button type=\"submit\">筛选</button></form>");
        sb.Append("<p class=\"hint\">快捷键：j / k 上下移动，Enter 打开，a 采纳，o 改派。</p>");
        sb.Append("<table class=\"queue\"><thead><tr><th scope=\"col\">受理时间</th><th scope=\"col\">区县</th>"
            + "<th scope=\"col\">标题</th><th scope=\"col\">建议</th><th scope=\"col\">把握</th>"
            + "<th scope=\"col\">状态</th><th scope=\"col\">派单员</th></tr></thead><tbody>");
        foreach (var r in rows)
        {
            var advice = r.Abstain ? "请人工确认"
                : Codes.TryParse<Disposition>(r.Disposition, out var disp) && disp == Disposition.Dispatch
                    ? units.Find(r.Lead ?? "")?.Name ?? r.Lead ?? "—"
                    : Codes.TryParse<Disposition>(r.Disposition, out var other) ? DispatchCard.DispositionName(other)
                        : r.Disposition;
            var urgent = r.Disposition.StartsWith("transfer", StringComparison.Ordinal) ? " class=\"urgent\"" : "";
            sb.Append($"<tr data-href=\"/console/dispatch/{Uri.EscapeDataString(r.TicketId)}\"{urgent}>")
                .Append($"<td>{Time(r.ReceivedAt)}</td><td>{E(units.Area(r.District ?? "")?.Name)}</td>")
                .Append($"<td><a href=\"/console/dispatch/{Uri.EscapeDataString(r.TicketId)}\">")
                .Append($"{E(TextMasker.Mask(r.Title ?? "（无标题）"))}</a></td>")
                .Append($"<td>{E(advice)}</td><td>{r.Confidence:P0}</td>")
                .Append($"<td>{E(StatusName(r.Status))}</td>")
                .Append($"<td>{E(r.Verdict switch { "accepted" => "已采纳", "overridden" => "已改派", _ => "" })}</td></tr>");
        }
        sb.Append("</tbody></table></section>");
        return Html(ctx, "派单工作台", sb.ToString());
    }

    private sealed record TicketRow(string? Title, string Content, string? District, string? Township,
        string? Channel, string? Type, DateTime? At, string Status, string? RepeatOf, string? Verdict);

    private static IResult Card(HttpContext ctx, string ticketId, ServingModel serving, KnowledgeHolder knowledge)
    {
        var access = RequestAccess.Of(ctx);
        if (ticketId.Length > 64) return NotFound(ctx);
        var t = Sql.Rows(access.Connection, """
            SELECT t.title, t.content, t.district, t.township, t.channel, t.request_type, t.received_at, t.status,
                   s.repeat_of, (SELECT max(f.verdict) FROM route_feedback f WHERE f.ticket_id = t.ticket_id)
            FROM tickets t JOIN route_suggestions s USING (ticket_id) WHERE t.ticket_id = $id
            """, r => new TicketRow(r.Str(0), r.Str(1) ?? "", r.Str(2), r.Str(3), r.Str(4), r.Str(5), r.Time(6),
                r.GetString(7), r.Str(8), r.Str(9)), ("id", ticketId)).FirstOrDefault();
        if (t is null) return NotFound(ctx);
        access.Rows = 1;
        var request = new RouteRequest
        {
            Title = t.Title ?? "", Content = t.Content, District = t.District,
            Township = t.Township, Channel = t.Channel, RequestType = t.Type,
            ReceivedAt = t.At,
        };
        var body = new System.Text.StringBuilder();
        body.Append($"<p class=\"meta\">工单号 {E(ticketId)} · 受理 {Time(t.At)} · "
            + $"{E(StatusName(t.Status))}</p>")
            .Append($"<blockquote>{E(TextMasker.Mask((t.Title is { Length: > 0 } ti ? ti + "。" : "")
                + t.Content))}</blockquote>");
        if (t.RepeatOf is { } repeat)
            body.Append($"<p class=\"repeat\">疑似重复诉求，原工单：<a href=\"/console/dispatch/"
                + $"{Uri.EscapeDataString(repeat)}\">{E(repeat)}</a></p>");
        var suggestion = Suggest(ctx, serving, knowledge, request, body, ticketId);
        if (suggestion is not null)
            body.Append(FeedbackForms(ctx, ticketId, suggestion, access.Units, t.Verdict));
        body.Append("<p><a href=\"/console/dispatch\">返回队列</a></p>");
        return Html(ctx, "派单建议", body.ToString());
    }

    /// <summary>The card of a suggestion, appended to <paramref name="body"/>; null when no model is served.</summary>
    private static RouteSuggestion? Suggest(HttpContext ctx, ServingModel serving, KnowledgeHolder knowledge,
        RouteRequest request, System.Text.StringBuilder body, string? ticketId = null)
    {
        if (serving.Current is not { } loaded)
        {
            body.Append("<p class=\"error\">尚无可用的派单模型（请先运行 hotline train）。</p>");
            return null;
        }
        var s = loaded.Model.Suggest(request);
        var units = RequestAccess.Of(ctx).Units;
        var urgent = s.Disposition.IsTransfer() ? " urgent" : s.Abstain ? " abstain" : "";
        body.Append($"<section class=\"card{urgent}\" aria-labelledby=\"card\"><h2 id=\"card\">派单建议</h2><ul>");
        foreach (var line in s.Card.Count > 0 ? s.Card : DispatchCard.Lines(s, id => units.Find(id)?.Name))
            body.Append($"<li>{E(line)}</li>");
        body.Append("</ul>");
        // A consultation is answered from the knowledge base: the closest answered questions. Anything else: how the
        // latest closed tickets of the same matter in the same county were handled (unit, reply, callback).
        var consultation = s.Disposition == Disposition.KbAnswer || request.RequestType == "consultation";
        var similar = consultation ? knowledge.Current?.Nearest(request.Title + " " + request.Content) ?? [] : [];
        if (similar.Count > 0)
        {
            body.Append("<h3>知识库中相近的已答复咨询</h3><ol class=\"similar\">");
            foreach (var m in similar)
                body.Append($"<li><p>{E(TextMasker.Mask(m.Question))}</p><p class=\"reply\">答复："
                    + $"{E(TextMasker.Mask(m.Reply))}</p></li>");
            body.Append("</ol>");
        }
        else if (s.Categories.FirstOrDefault()?.Code is { } category)
            body.Append(PastTickets(RequestAccess.Of(ctx), category, request.District, ticketId));
        body.Append($"<p class=\"meta\">模型 {E(loaded.Run.Version)}</p></section>");
        return s;
    }

    private sealed record PastTicket(string Id, string? Title, DateTime? At, string? Lead, string? Satisfaction,
        string? Reply);

    /// <summary>The three latest closed, non-confidential tickets of the category in the county, and replies.</summary>
    private static string PastTickets(RequestAccess access, string category, string? district, string? except)
    {
        var rows = Sql.Rows(access.Connection, """
            SELECT t.ticket_id, t.title, t.received_at, t.lead_unit, t.satisfaction,
                   (SELECT arg_max(e.reply_text, e.occurred_at) FROM ticket_events e
                    WHERE e.ticket_id = t.ticket_id AND e.type = 'replied' AND e.reply_text IS NOT NULL)
            FROM tickets t
            WHERE t.category = $c AND ($d IS NULL OR t.district = $d) AND t.closed_at IS NOT NULL
              AND t.ticket_id <> $id AND NOT coalesce(t.confidential, false)
            ORDER BY t.received_at DESC, t.ticket_id LIMIT 3
            """, r => new PastTicket(r.GetString(0), r.Str(1), r.Time(2), r.Str(3), r.Str(4), r.Str(5)),
            ("c", category), ("d", district), ("id", except ?? ""));
        if (rows.Count == 0) return "";
        var sb = new System.Text.StringBuilder("<h3>同类诉求近期办理情况</h3><ol class=\"similar\">");
        foreach (var r in rows)
            sb.Append($"<li><p>{Time(r.At)} {E(TextMasker.Mask(r.Title ?? ""))}（{E(access.Units.Find(r.Lead ?? "")?.Name)}"
                + $"{E(r.Satisfaction switch
                {
                    "satisfied" => "，回访满意",
                    "basically_satisfied" => "，回访基本满意",
                    "unsatisfied" => "，回访不满意",
                    _ => ""
                })}）</p>"
                + (r.Reply is { } reply ? $"<p class=\"reply\">答复：{E(TextMasker.Mask(reply))}</p>" : "") + "</li>");
        return sb.Append("</ol>").ToString();
    }

    private static string FeedbackForms(HttpContext ctx, string ticketId, RouteSuggestion s, UnitDirectory units,
        string? verdict)
    {
        var id = Uri.EscapeDataString(ticketId);
        var done = verdict switch { "accepted" => "（已采纳）", "overridden" => "（已改派）", _ => "" };
        var options = new System.Text.StringBuilder();
        foreach (var u in s.Units.Where(u => u.UnitId != s.LeadUnit)
            .Concat(units.Units.OrderBy(u => u.UnitId, StringComparer.Ordinal)
                .Select(u => new UnitChoice(u.UnitId, u.Name, 0)))
            .DistinctBy(u => u.UnitId))
            options.Append($"<option value=\"{E(u.UnitId)}\">{E(u.Name ?? u.UnitId)}</option>");
        var accept = s.LeadUnit is null ? "" : $"""
            <form method="post" action="/console/dispatch/{id}/feedback" id="accept">{Csrf(ctx)}
            <input type="hidden" name="verdict" value="accepted">
            <button type="submit" accesskey="a">采纳建议（a）</button></form>
            """;
        return $"""
            <section class="actions" aria-labelledby="act"><h2 id="act">派单员处理{done}</h2>{accept}
            <form method="post" action="/console/dispatch/{id}/feedback" id="override">{Csrf(ctx)}
            <input type="hidden" name="verdict" value="overridden">
            <label for="unit_id">改派给（o）</label><select id="unit_id" name="unit_id" required>{options}</select>
            <button type="submit">改派</button></form></section>
            """;
    }

    private static async Task<IResult> Feedback(HttpContext ctx, string ticketId, ServerOptions options)
    {
        var access = RequestAccess.Of(ctx);
        if (ticketId.Length > 64 || !ctx.Request.HasFormContentType) return NotFound(ctx);
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        if (!Codes.TryParse<FeedbackVerdict>(form["verdict"].ToString(), out var verdict)) return NotFound(ctx);
        var unit = form["unit_id"].ToString() is { Length: > 0 and <= 64 } u ? u : null;
        var why = RouteFeedback.Check(access.Connection, ticketId, verdict, unit, null, access.Units,
            RequestAccess.Warehouse(ctx).Reference);
        if (why == RouteFeedback.NoSuggestion) return NotFound(ctx);
        if (why is not null) return Html(ctx, "无法保存", $"<p class=\"error\" role=\"alert\">{E(why)}</p>", 400);
        RouteFeedback.Save(access.Connection, ticketId, verdict, unit, null, access.Key?.KeyId, options.Clock.Now);
        access.Rows = 1;
        // On to the next ticket of the queue still without a verdict (a dispatcher works down the list).
        var next = Sql.Rows(access.Connection, """
            SELECT s.ticket_id FROM route_suggestions s
            WHERE s.received_at < (SELECT received_at FROM route_suggestions WHERE ticket_id = $id)
              AND s.received_at >= (SELECT max(received_at)::DATE::TIMESTAMP FROM route_suggestions)
              AND NOT EXISTS (SELECT 1 FROM route_feedback f WHERE f.ticket_id = s.ticket_id)
            ORDER BY s.received_at DESC, s.ticket_id LIMIT 1
            """, r => r.GetString(0), ("id", ticketId)).FirstOrDefault();
        return Results.Redirect(next is null ? "/console/dispatch" : $"/console/dispatch/{Uri.EscapeDataString(next)}");
    }

    private static async Task<IResult> RouteNew(HttpContext ctx, ServingModel serving, KnowledgeHolder knowledge,
        ServerOptions options)
    {
        if (!ctx.Request.HasFormContentType) return NotFound(ctx);
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        var content = form["content"].ToString().Trim();
        if (content.Length is 0 or > RouteEndpoint.MaxContentChars)
            return Html(ctx, "派单建议", "<p class=\"error\" role=\"alert\">请录入来电内容（不超过 5000 字）。</p>", 400);
        var body = new System.Text.StringBuilder();
        body.Append($"<blockquote>{E(TextMasker.Mask(content))}</blockquote>");
        Suggest(ctx, serving, knowledge, new RouteRequest { Content = content, ReceivedAt = options.Clock.Now }, body);
        body.Append("<p><a href=\"/console/dispatch\">返回队列</a></p>");
        return Html(ctx, "派单建议", body.ToString());
    }
}
