using static Hotline.Server.Console.ConsolePage;

namespace Hotline.Server.Console;

/// <summary>
/// Sign-in with an API key (issued with `hotline keys add --role … --name …`), sign-out, the landing redirect, and the
/// console's own stylesheet and script (embedded in this assembly, so the console works without internet).
/// </summary>
public static class SignInPages
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/console", (HttpContext ctx) => Results.Redirect(Home(ConsoleAccess.Session(ctx).Key.Role)));
        app.MapGet("/console/login", (HttpContext ctx, string? next) => Form(ctx, next, null));
        app.MapPost("/console/login", SignIn);
        app.MapPost("/console/logout", (HttpContext ctx, ConsoleSessions sessions) =>
        {
            sessions.Remove(ConsoleAccess.Session(ctx).Id);
            ctx.Response.Cookies.Delete(ConsoleSessions.Cookie, CookieOptions(ctx));
            return Results.Redirect("/console/login");
        });
        app.MapGet("/console/assets/{name}", (string name) => name switch
        {
            "console.css" => Asset(name, "text/css; charset=utf-8"),
            "console.js" => Asset(name, "text/javascript; charset=utf-8"),
            _ => Results.NotFound(),
        });
    }

    private static IResult Form(HttpContext ctx, string? next, string? error, int status = 200) => Html(ctx, "登录", $"""
        <form method="post" action="/console/login" class="login">
        {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{E(error)}</p>")}
        <label for="key">访问密钥</label>
        <input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
        <input type="hidden" name="next" value="{E(SafeNext(next))}">
        <button type="submit">登录</button>
        <p class="hint">密钥由热线中心管理员用 <code>hotline keys add</code> 发放；登录后 12 小时内有效，闲置 2 小时自动退出。</p>
        </form>
        """, status);

    private static async Task<IResult> SignIn(HttpContext ctx, ServeKeys keys, ConsoleSessions sessions,
        ServerOptions options)
    {
        if (!ctx.Request.HasFormContentType) return Form(ctx, null, "请填写访问密钥。", 400);
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        var key = keys.Ring.Verify(form["key"].ToString().Trim());
        if (key is null || key.Role.Kind == RoleKind.Intake)
            return Form(ctx, form["next"], "密钥无效或已停用。", 401);
        ctx.Features.Set(new ConsoleAccess.SignedIn(key));
        var session = sessions.Create(key, options.Clock.Now);
        ctx.Response.Cookies.Append(ConsoleSessions.Cookie, session.Id, CookieOptions(ctx));
        var next = SafeNext(form["next"]);
        return Results.Redirect(next.Length > 0 ? next : Home(key.Role));
    }

    private static CookieOptions CookieOptions(HttpContext ctx) => new()
    {
        HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/console", Secure = ctx.Request.IsHttps,
        MaxAge = ConsoleSessions.Absolute, IsEssential = true,
    };

    /// <summary>Only a path of this console: never another site (an open redirect would help phishing).</summary>
    private static string SafeNext(string? next) =>
        next is { Length: > 0 and < 300 } n && n.StartsWith("/console/", StringComparison.Ordinal)
            && !n.StartsWith("/console/login", StringComparison.Ordinal) && !n.Contains("//", StringComparison.Ordinal)
            && !n.Contains('\\') ? n : "";

    private static IResult Asset(string name, string type)
    {
        using var s = typeof(SignInPages).Assembly.GetManifestResourceStream("Hotline.Server.Console.Assets." + name)
            ?? throw new InvalidOperationException($"asset {name} is not embedded");
        using var r = new StreamReader(s);
        return Results.Text(r.ReadToEnd(), type);
    }
}
