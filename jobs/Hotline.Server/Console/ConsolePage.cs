using System.Globalization;
using System.Net;

namespace Hotline.Server.Console;

/// <summary>
/// The console's page shell: Chinese throughout, one stylesheet and one script served by this process (no CDN, no
/// build step), the views the signed-in role may open in the navigation, a skip link and visible focus for keyboard
/// work. Every value put into a page goes through <see cref="E"/> (HTML-encoded).
/// </summary>
public static class ConsolePage
{
    /// <summary>The views, in the order of the navigation, and which roles see each.</summary>
    private static readonly (string Path, string Name, Func<AccessRole, bool> May)[] Views =
    [
        ("/console/dispatch", "派单工作台", r => r.MayRoute),
        ("/console/alerts", "预警值守", r => r.MayReadAlerts),
        ("/console/supervision", "督办", r => r.MaySupervise),
        ("/console/policy", "决策分析", r => r.Kind is RoleKind.Centre or RoleKind.Policy),
        ("/console/unit", "承办单位", r => r.Kind == RoleKind.Unit),
        ("/console/public", "信息公开", r => r.Kind is RoleKind.Centre or RoleKind.Public),
    ];

    /// <summary>The first view a role may open (where sign-in lands).</summary>
    public static string Home(AccessRole role) => Views.FirstOrDefault(v => v.May(role)).Path ?? "/console/public";

    public static bool May(AccessRole role, string path) =>
        Views.FirstOrDefault(v => v.Path == path) is { Path: not null } v && v.May(role);

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string RoleName(AccessRole role) => role.Kind switch
    {
        RoleKind.Centre => "热线中心",
        RoleKind.Dispatcher => "派单员",
        RoleKind.Supervisor => "督办",
        RoleKind.Policy => "决策分析",
        RoleKind.EmergencyOffice => "应急值守",
        RoleKind.Unit => "承办单位",
        RoleKind.Public => "公众",
        _ => "接入渠道",
    };

    /// <summary>A whole page: header with the role and sign-out, navigation, main content.</summary>
    public static IResult Html(HttpContext ctx, string title, string body, int status = 200)
    {
        var session = ctx.Features.Get<ConsoleSession>();
        var sb = new System.Text.StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append($"<title>{E(title)} · 12345热线数据分析平台</title>")
            .Append("<link rel=\"stylesheet\" href=\"/console/assets/console.css\">")
            .Append("<script src=\"/console/assets/console.js\" defer></script></head><body>")
            .Append("<a class=\"skip\" href=\"#main\">跳到正文</a><header><span class=\"brand\">12345热线数据分析平台</span>");
        if (session is not null)
        {
            var role = session.Key.Role;
            sb.Append("<nav aria-label=\"视图\"><ul>");
            foreach (var v in Views.Where(v => v.May(role)))
            {
                var current = ctx.Request.Path.StartsWithSegments(v.Path) ? " aria-current=\"page\"" : "";
                sb.Append($"<li><a href=\"{v.Path}\"{current}>{v.Name}</a></li>");
            }
            sb.Append("</ul></nav>")
                .Append($"<span class=\"who\">{E(RoleName(role))}：{E(session.Key.Name)}</span>")
                .Append($"<form method=\"post\" action=\"/console/logout\">{Csrf(ctx)}")
                .Append("<button type=\"submit\">退出</button></form>");
        }
        sb.Append($"</header><main id=\"main\" tabindex=\"-1\"><h1>{E(title)}</h1>").Append(body)
            .Append("</main></body></html>");
        return Results.Content(sb.ToString(), "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }

    /// <summary>The hidden CSRF field every form carries.</summary>
    public static string Csrf(HttpContext ctx) => ctx.Features.Get<ConsoleSession>() is { } s
        ? $"<input type=\"hidden\" name=\"{ConsoleAccess.CsrfField}\" value=\"{E(s.Csrf)}\">" : "";

    /// <summary>The same page for what does not exist and what this role may not see.</summary>
    public static IResult NotFound(HttpContext ctx) =>
        Html(ctx, "未找到", "<p>没有这个页面，或当前账号无权查看。</p>", 404);

    /// <summary>A ticket status as the centre names it (the filter of the queue lists them in this order).</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> Statuses =
    [
        ("received", "待派单"), ("dispatched", "已派单未签收"), ("signed", "办理中"), ("returned", "退回待重派"),
        ("replied", "已答复待回访"), ("callback_done", "已回访"), ("reopened", "重办中"), ("closed", "已办结"),
        ("terminated", "已终结"),
    ];

    public static string StatusName(string status) =>
        Statuses.FirstOrDefault(s => s.Code == status).Name ?? status;

    /// <summary>A fraction stored in a report's JSON (0.9219) as the percentage a reader expects (92.2%).</summary>
    public static string Percent(JsonElement e, string name) => e.TryGetProperty(name, out var v)
        && v.ValueKind == JsonValueKind.Number
            ? (v.GetDouble() * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    public static string Time(DateTime? t) => t is { } v ? v.ToString("M月d日 HH:mm", CultureInfo.InvariantCulture) : "—";
}
