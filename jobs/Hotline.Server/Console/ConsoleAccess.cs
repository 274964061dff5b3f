using System.Diagnostics;

namespace Hotline.Server.Console;

/// <summary>
/// Sign-in, CSRF and audit for everything under /console. A browser signs in once with its API key and then carries an
/// HttpOnly, SameSite=Strict session cookie (the key itself is never stored in the browser). Every form posts the
/// session's CSRF token (a hidden field or the X-CSRF-Token header): SameSite already keeps other sites' forms out,
/// the token also covers an old browser and a same-site page. Every request, page views and refusals included, is one
/// audit_log row with the session's key, as the API's are. The reader's role is set as the request's
/// <see cref="RequestAccess"/>, so the pages read through the same scoped queries as the API.
/// </summary>
public static class ConsoleAccess
{
    public const string Root = "/console";
    public const string CsrfField = "csrf";

    public static ConsoleSession Session(HttpContext ctx) => ctx.Features.Get<ConsoleSession>()
        ?? throw new InvalidOperationException("not signed in");

    public static void Use(WebApplication app, WarehouseDb db, ConsoleSessions sessions, AuditWriter audit,
        ChinaClock clock)
    {
        app.Use(async (ctx, next) =>
        {
            if (!ctx.Request.Path.StartsWithSegments(Root)) { await next(ctx); return; }
            var watch = Stopwatch.StartNew();
            var session = sessions.Find(ctx.Request.Cookies[ConsoleSessions.Cookie], clock.Now);
            using var access = new RequestAccess(db, session?.Key);
            ctx.Features.Set(access);
            if (session is not null) ctx.Features.Set(session);
            // Pages are not cached and not framed; scripts and styles come only from this server.
            var h = ctx.Response.Headers;
            h.CacheControl = "no-store";
            h["X-Frame-Options"] = "DENY";
            h["X-Content-Type-Options"] = "nosniff";
            h["Referrer-Policy"] = "no-referrer";
            h.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                + "script-src 'self'; frame-ancestors 'none'; form-action 'self'";
            var open = IsOpen(ctx.Request.Path);
            try
            {
                if (session is null && !open)
                {
                    // A page asks the browser to sign in; a script's request gets a plain 401.
                    if (HttpMethods.IsGet(ctx.Request.Method) && !ctx.Request.Path.StartsWithSegments(Root + "/api"))
                        ctx.Response.Redirect(Root + "/login?next=" + Uri.EscapeDataString(
                            ctx.Request.Path + ctx.Request.QueryString));
                    else ctx.Response.StatusCode = 401;
                }
                else if (!open && !HttpMethods.IsGet(ctx.Request.Method) && !await CsrfOk(ctx, session!))
                {
                    ctx.Response.StatusCode = 403;
                    await ctx.Response.WriteAsync("表单已过期，请刷新页面后重试。");
                }
                else await next(ctx);
            }
            finally
            {
                var key = session?.Key ?? ctx.Features.Get<SignedIn>()?.Key;
                audit.Add(new AuditEntry(clock.Now, key?.KeyId, key?.Role.ToString(), ctx.Request.Method,
                    ctx.Request.Path.Value ?? "", ctx.Request.QueryString.HasValue ? ctx.Request.QueryString.Value
                        : null, ctx.Response.StatusCode, access.Rows, watch.Elapsed.TotalMilliseconds,
                    ctx.Connection.RemoteIpAddress?.ToString()));
            }
        });
    }

    /// <summary>The key a sign-in just verified (audited with the sign-in request itself).</summary>
    public sealed record SignedIn(ApiKey Key);

    private static bool IsOpen(PathString path) => path.StartsWithSegments(Root + "/login")
        || path.StartsWithSegments(Root + "/assets");

    private static async Task<bool> CsrfOk(HttpContext ctx, ConsoleSession session)
    {
        if (ConsoleSessions.CsrfMatches(session, ctx.Request.Headers["X-CSRF-Token"].ToString())) return true;
        if (!ctx.Request.HasFormContentType) return false;
        try
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            return ConsoleSessions.CsrfMatches(session, form[CsrfField].ToString());
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return false;
        }
    }
}
