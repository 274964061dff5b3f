using System.Globalization;
using Hotline.Ingest.Contract;
using Hotline.Jobs.Periods;
using Hotline.Jobs.Scheduling;

namespace Hotline.Server.Api;

/// <summary>
/// The data-sharing API. Scoping is done in SQL by <see cref="UnitTickets"/> and <see cref="AlertFeed"/> (every value a
/// parameter); a unit asking for anything outside its scope gets the same 404 as for something that does not exist.
/// Briefs and disclosures are served from what the scheduled jobs published (job_runs), never computed on request.
/// </summary>
public static class DataEndpoints
{
    private const int MaxIdLength = 64;
    private const int MaxAlerts = 1000;

    public static void Map(WebApplication app)
    {
        app.MapGet("/v1/units/{unitId}/tickets", UnitTicketsPage).RequireRateLimiting(ApiAccess.RatePolicy)
            .Produces<UnitTicketPage>().ProducesProblem(400).ProducesProblem(404)
            .WithSummary("A unit's own tickets changed after `since` (ISO time), oldest change first, paged "
                + "by `cursor`, with callback results (unit key or centre)");
        app.MapGet("/v1/units/{unitId}/tickets/{ticketId}", UnitTicketOne).RequireRateLimiting(ApiAccess.RatePolicy)
            .Produces<UnitTicket>().ProducesProblem(404)
            .WithSummary("One of the unit's tickets; 404 for another unit's ticket or a confidential one");
        app.MapGet("/v1/alerts", Alerts).RequireRateLimiting(ApiAccess.RatePolicy)
            .AddEndpointFilter(ApiAccess.Require(r => r.MayReadAlerts,
                "alerts are for the centre and the emergency offices"))
            .Produces<List<AlertRecord>>().ProducesProblem(400).ProducesProblem(403)
            .WithSummary("Risk alerts with their evidence, most recently changed first "
                + "(`status`=firing|resolved|silenced, `since`, `limit`)");
        app.MapGet("/v1/alerts/{alertId}", AlertOne).RequireRateLimiting(ApiAccess.RatePolicy)
            .AddEndpointFilter(ApiAccess.Require(r => r.MayReadAlerts,
                "alerts are for the centre and the emergency offices"))
            .Produces<AlertDetail>().ProducesProblem(403).ProducesProblem(404)
            .WithSummary("One alert: its history and evidence tickets (masked titles)");
        app.MapGet("/v1/briefs/{period}", Brief).RequireRateLimiting(ApiAccess.RatePolicy)
            .AddEndpointFilter(ApiAccess.Require(r => r.MayReadBriefs,
                "briefs are for the centre and the handling units"))
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .WithSummary("A published hotspot brief: 2025-12 (monthly) or 2025-W52 (weekly); `format`=json|md|html|docx");
        app.MapGet("/v1/disclosure/{month}", Disclosure).RequireRateLimiting(ApiAccess.RatePolicy)
            .ProducesProblem(400).ProducesProblem(404)
            .WithSummary("A published monthly disclosure (aggregates only): any key, including public");
    }

    private static IResult UnitTicketsPage(HttpContext ctx, string unitId, string? since, string? cursor, string? limit)
    {
        var access = RequestAccess.Of(ctx);
        if (!InScope(access, unitId)) return NotFound("no such unit", unitId);
        if (!TryParseTime(since, out var sinceAt)) return Problems.Of(400, "bad since",
            "since must be an ISO 8601 time, e.g. 2025-12-01T08:00:00+08:00");
        if (Limit(limit, UnitTickets.MaxPage) is not { } size) return BadLimit(UnitTickets.MaxPage);
        if (cursor is { Length: >= 200 }) return Problems.Of(400, "bad cursor", "cursor is not one this server issued");
        try
        {
            var after = cursor is { Length: > 0 } ? cursor : null;
            // Recent pages come from memory as ready JSON; a page older than what memory holds, from the warehouse.
            var body = new System.Buffers.ArrayBufferWriter<byte>(64 * 1024);
            if (ctx.RequestServices.GetRequiredService<UnitTicketIndex>()
                .PageJson(access.Role, unitId, sinceAt, after, size, body) is { } held)
            {
                access.Rows = held;
                return Results.Bytes(body.WrittenMemory, "application/json; charset=utf-8");
            }
            var page = UnitTickets.Page(access.Connection, access.Role, unitId, sinceAt, after, size);
            access.Rows = page.Items.Count;
            return Results.Json(page, ApiJson.Options);
        }
        catch (FormatException ex)
        {
            return Problems.Of(400, "bad cursor", ex.Message);
        }
    }

    private static IResult UnitTicketOne(HttpContext ctx, string unitId, string ticketId)
    {
        var access = RequestAccess.Of(ctx);
        if (!InScope(access, unitId) || ticketId.Length > MaxIdLength) return NotFound("no such ticket", ticketId);
        var (covered, held) = ctx.RequestServices.GetRequiredService<UnitTicketIndex>()
            .One(access.Role, unitId, ticketId);
        var t = covered ? held : UnitTickets.One(access.Connection, access.Role, unitId, ticketId);
        if (t is null) return NotFound("no such ticket", ticketId);
        access.Rows = 1;
        return Results.Json(t, ApiJson.Options);
    }

    private static IResult Alerts(HttpContext ctx, string? status, string? since, string? limit)
    {
        var access = RequestAccess.Of(ctx);
        if (status is not (null or "firing" or "resolved" or "silenced")) return Problems.Of(400, "bad status",
            "status must be firing, resolved or silenced");
        if (!TryParseTime(since, out var sinceAt)) return Problems.Of(400, "bad since",
            "since must be an ISO 8601 time");
        if (Limit(limit, MaxAlerts) is not { } size) return BadLimit(MaxAlerts);
        var alerts = AlertFeed.List(access.Connection, access.Role, status, sinceAt, size);
        access.Rows = alerts.Count;
        return Results.Json(alerts, ApiJson.Options);
    }

    private static IResult AlertOne(HttpContext ctx, string alertId)
    {
        var access = RequestAccess.Of(ctx);
        var a = alertId.Length <= MaxIdLength ? AlertFeed.One(access.Connection, access.Role, alertId) : null;
        if (a is null) return NotFound("no such alert", alertId);
        access.Rows = 1;
        return Results.Json(a, ApiJson.Options);
    }

    private static IResult Brief(HttpContext ctx, string period, string? format)
    {
        ReportPeriod p;
        try { p = ReportPeriod.Parse(period); }
        catch (FormatException ex) { return Problems.Of(400, "bad period", ex.Message); }
        if (p.Kind == PeriodKind.Day) return Problems.Of(400, "bad period",
            "briefs are weekly (2025-W52) or monthly (2025-12)");
        var job = p.Kind == PeriodKind.Week ? "brief-weekly" : "brief-monthly";
        return Published(ctx, job, p, format, "brief");
    }

    private static IResult Disclosure(HttpContext ctx, string month, string? format)
    {
        ReportPeriod p;
        try { p = ReportPeriod.Parse(month); }
        catch (FormatException ex) { return Problems.Of(400, "bad month", ex.Message); }
        if (p.Kind != PeriodKind.Month) return Problems.Of(400, "bad month",
            "a disclosure is monthly: use e.g. 2025-12");
        return Published(ctx, "disclosure-monthly", p, format, "disclosure");
    }

    /// <summary>
    /// A file a succeeded job run wrote for the period, if it is still where the run said (and inside that folder).
    /// </summary>
    private static IResult Published(HttpContext ctx, string job, ReportPeriod p, string? format, string what)
    {
        var access = RequestAccess.Of(ctx);
        var (ext, type) = (format ?? "json") switch
        {
            "json" => (".json", "application/json; charset=utf-8"),
            "md" => (".md", "text/markdown; charset=utf-8"),
            "html" => (".html", "text/html; charset=utf-8"),
            "docx" => (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            _ => ("", ""),
        };
        if (ext == "") return Problems.Of(400, "bad format", "format must be json, md, html or docx");
        var run = new JobRunner(access.Connection, Ingest.Reference.ReferenceData.Default).Last(job, p.Key);
        var file = run is { Status: JobStatus.Succeeded, OutDir: { } dir }
            ? run.Files.FirstOrDefault(f => f.EndsWith(ext, StringComparison.Ordinal) && !f.Contains('/')
            && !f.Contains('\\')) : null;
        var path = file is null ? null : Path.GetFullPath(Path.Combine(run!.OutDir!, file));
        if (path is null
            || !path.StartsWith(Path.GetFullPath(run!.OutDir!) + Path.DirectorySeparatorChar,
            StringComparison.Ordinal) || !File.Exists(path))
            return NotFound($"no published {what}", p.Key);
        access.Rows = 1;
        return Results.File(path, type);
    }

    /// <summary>A page size: 100 when absent, null when not a whole number from 1 to <paramref name="max"/>.</summary>
    private static int? Limit(string? text, int max) =>
        text is null ? 100 : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
            && n <= max ? n : null;

    private static IResult BadLimit(int max) =>
        Problems.Of(400, "bad limit", $"limit must be a whole number from 1 to {max}");

    private static bool InScope(RequestAccess access, string unitId) =>
        unitId.Length <= MaxIdLength && access.Role.MayReadUnit(unitId)
            && access.Units.Find(unitId) is not null;

    /// <summary>The same answer for what does not exist and what this key may not see (the id is not echoed, so the
    /// body is identical either way).</summary>
    private static IResult NotFound(string title, string id) =>
        Problems.Of(404, title, "nothing here that this key may see");

    /// <summary>
    /// ISO 8601: with an offset it is converted to China time; without one it is China local time already.
    /// </summary>
    private static bool TryParseTime(string? text, out DateTime? at)
    {
        at = null;
        if (text is null) return true;
        if (text.Length > 40 || ControlCharacters.Any(text)) return false;
        string[] local = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"];
        if (DateTime.TryParseExact(text, local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            at = d;
        else if (EventParser.TryParseTime(text, out var converted, out _)) at = converted;
        else return false;
        // A time outside these years (9999-12-31T23:00:00Z) is refused before anything converts or compares it.
        return at.Value.Year is >= 1900 and <= 2999;
    }
}
