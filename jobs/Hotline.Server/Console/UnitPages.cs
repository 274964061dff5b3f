using static Hotline.Server.Console.ConsolePage;

namespace Hotline.Server.Console;

/// <summary>
/// 承办单位: a unit's own tickets (lead or assisting) with status and deadlines, one ticket's masked text, and the
/// alerts the unit owns. The scope is <see cref="UnitTickets"/>'s, the same rule as /v1/units/{id}: nothing of other
/// units, nothing confidential; anything outside it is the same 404 as what does not exist.
/// </summary>
public static class UnitPages
{
    private const int Listed = 100;

    public static void Map(WebApplication app)
    {
        var group = app.MapGroup("/console/unit").AddEndpointFilter(DispatchPages.Only(r => r.Kind == RoleKind.Unit));
        group.MapGet("", Portal);
        group.MapGet("/tickets/{ticketId}", One);
    }

    private static IResult Portal(HttpContext ctx)
    {
        var access = RequestAccess.Of(ctx);
        var unitId = access.Role.UnitId!;
        // The latest received first (the API pages by change, oldest first, for syncing).
        var tickets = UnitTickets.Latest(access.Connection, access.Role, unitId, Listed);
        var owned = AlertFeed.List(access.Connection, access.Role, null, null, 200)
            .Where(a => a.Owners.Contains(unitId)).Take(20).ToList();
        access.Rows = tickets.Count + owned.Count;
        var name = access.Units.Find(unitId)?.Name ?? unitId;
        var sb = new System.Text.StringBuilder();
        sb.Append($"<p class=\"meta\">{E(name)} · 最近 {tickets.Count} 件（保密件不在此列出）</p>");
        sb.Append("<table><thead><tr><th scope=\"col\">工单号</th><th scope=\"col\">受理时间</th><th scope=\"col\">标题</th>"
            + "<th scope=\"col\">本单位</th><th scope=\"col\">状态</th><th scope=\"col\">办理时限</th></tr></thead><tbody>");
        foreach (var t in tickets)
        {
            var id = Uri.EscapeDataString(t.TicketId);
            sb.Append($"<tr{(t.Overdue ? " class=\"urgent\"" : "")}><td><a href=\"/console/unit/tickets/{id}\">"
                + $"{E(t.TicketId)}</a></td><td>{Time(t.ReceivedAt)}</td><td>{E(t.Title)}</td>"
                + $"<td>{(t.UnitRole == "lead" ? "牵头" : "配合")}</td>"
                + $"<td>{E(StatusName(t.Status))}</td>"
                + $"<td>{Time(t.DueAt)}{(t.Overdue ? "（已超期）" : "")}</td></tr>");
        }
        sb.Append("</tbody></table><section aria-labelledby=\"sc\"><h2 id=\"sc\">本单位考核</h2>");
        using (var card = ReportPages.Latest(ctx, "scorecard-monthly", "scorecard-"))
            sb.Append(card is null ? "<p>暂无已发布的考核。</p>"
                : ScorecardView.Unit(card.RootElement, unitId) ?? "<p>本月考核未列入本单位。</p>");
        sb.Append("</section><section aria-labelledby=\"al\"><h2 id=\"al\">本单位负责的预警</h2><ol class=\"alerts\">");
        foreach (var a in owned) sb.Append($"<li>{E(a.Title)}（{E(a.AreaName)}，{a.TicketCount} 件，{Time(a.OpenedAt)}）</li>");
        sb.Append("</ol>").Append(owned.Count == 0 ? "<p>暂无。</p>" : "").Append("</section>");
        return Html(ctx, "承办单位", sb.ToString());
    }

    private static IResult One(HttpContext ctx, string ticketId)
    {
        var access = RequestAccess.Of(ctx);
        var t = ticketId.Length <= 64 ? UnitTickets.One(access.Connection, access.Role, access.Role.UnitId!, ticketId)
            : null;
        if (t is null) return NotFound(ctx);
        access.Rows = 1;
        return Html(ctx, "工单详情", $"""
            <p class="meta">工单号 {E(t.TicketId)} · 受理 {Time(t.ReceivedAt)} · {E(StatusName(t.Status))}
            · 办理时限 {Time(t.DueAt)}{(t.Overdue ? "（已超期）" : "")}</p>
            <h2>{E(t.Title)}</h2><blockquote>{E(t.Content)}</blockquote>
            <p>签收 {Time(t.FirstSignedAt)} · 答复 {Time(t.FirstRepliedAt)} · 办结 {Time(t.ClosedAt)} ·
            退回 {t.ReturnCount} 次 · 重办 {t.ReopenCount} 次</p>
            <p><a href="/console/unit">返回本单位工单</a></p>
            """);
    }
}
