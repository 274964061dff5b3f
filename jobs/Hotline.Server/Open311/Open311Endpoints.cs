using System.Globalization;
using System.Security.Cryptography;
using Hotline.Ingest.Contract;
using Hotline.Ingest.Sources;

namespace Hotline.Server.Open311;

/// <summary>What the Open311 endpoints share: the catalogue, the stream submissions go to (null without Kafka),
/// the parser every input passes, and the clocks.</summary>
public sealed record Open311Context(Open311Catalogue Catalogue, Open311Intake? Intake, WarehouseDb Db,
    EventParser Parser, ChinaClock Clock, ChinaClock DataClock);

/// <summary>
/// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) on `hotline serve`, JSON only: discovery, services,
/// service definitions, requests (list, one, submit). Discovery and services are open to anyone; requests need an API
/// key (header, or api_key in the query or form as Open311 clients send it). Errors are GeoReport's list of
/// {code, description}.
/// </summary>
public static class Open311Endpoints
{
    public const string Root = "/open311";
    public const string Base = Root + "/v2";
    private const int MaxIds = 100;
    private const string PostLabel = "POST " + Base + "/requests.json";

    public static void Map(WebApplication app)
    {
        app.MapGet(Root + "/discovery.json", Discovery).WithSummary("Open311 discovery: the GeoReport v2 endpoint");
        app.MapGet(Base + "/services.json", Services).WithSummary("Open311: the services (ticket categories)");
        app.MapGet(Base + "/services/{file}", Definition).RequireRateLimiting(ApiAccess.RatePolicy)
            .WithSummary("Open311: the attributes of one service (services/{service_code}.json)");
        app.MapGet(Base + "/requests.json", List).RequireRateLimiting(ApiAccess.RatePolicy)
            .WithSummary("Open311: service requests this key may see (service_request_id, service_code, "
                + "start_date, end_date, status)");
        app.MapGet(Base + "/requests/{file}", One).RequireRateLimiting(ApiAccess.RatePolicy)
            .WithSummary("Open311: one service request (requests/{service_request_id}.json)");
        app.MapPost(Base + "/requests.json", Submit).RequireRateLimiting(ApiAccess.RatePolicy)
            .WithSummary("Open311: submit a service request (form-encoded; a key with role centre or intake)");
    }

    internal static IResult Error(int status, string description) =>
        Results.Json(new[] { new Open311Error(status, description) }, ApiJson.Options, statusCode: status);

    private static IResult Errors(int status, IEnumerable<string> descriptions) =>
        Results.Json(descriptions.Select(d => new Open311Error(status, d)).ToArray(), ApiJson.Options,
            statusCode: status);

    private static IResult Discovery(HttpContext ctx, Open311Context o)
    {
        var url = $"{ctx.Request.Scheme}://{ctx.Request.Host}{Base}/";
        var changed = o.Catalogue.Changeset;
        return Results.Json(new Open311Discovery(changed, $"{o.Catalogue.CityName}12345 政务服务便民热线",
            "向热线中心申请 API 密钥（角色 intake）", [
                new Open311Endpoint("http://wiki.open311.org/GeoReport_v2", url, changed, "production",
                    ["application/json"]),
            ]), ApiJson.Options);
    }

    private static IResult Services(Open311Context o, string? jurisdiction_id) =>
        OtherJurisdiction(o, jurisdiction_id) ?? Results.Json(o.Catalogue.Services, ApiJson.Options);

    private static IResult Definition(Open311Context o, string file, string? jurisdiction_id)
    {
        if (OtherJurisdiction(o, jurisdiction_id) is { } other) return other;
        if (JsonName(file) is not { } code) return NotJson();
        return o.Catalogue.Definition(code) is { } d ? Results.Json(d, ApiJson.Options)
            : Error(404, $"no service '{Clip(code)}' here (GET services.json lists them)");
    }

    private static IResult List(HttpContext ctx, Open311Context o, string? jurisdiction_id,
        string? service_request_id, string? service_code, string? start_date, string? end_date, string? status)
    {
        if (OtherJurisdiction(o, jurisdiction_id) is { } other) return other;
        var access = RequestAccess.Of(ctx);
        List<string>? ids = Codes(service_request_id);
        if (Reader(access, byId: ids is { Count: > 0 }) is { } refused) return refused;
        var problems = new List<string>();
        if (ids is { Count: > MaxIds }) problems.Add($"service_request_id may list at most {MaxIds} ids");
        var codes = Codes(service_code);
        if (status is not (null or "open" or "closed")) problems.Add("status must be open or closed");
        var to = Time(end_date, "end_date", problems) ?? o.DataClock.Now.AddSeconds(1);
        // GeoReport's default window: the 90 days before end_date.
        var from = Time(start_date, "start_date", problems) ?? to.AddDays(-90);
        if (from >= to) problems.Add("start_date must be before end_date");
        if (problems.Count > 0) return Errors(400, problems);
        var found = Open311Requests.List(access.Connection, access.Key, o.Catalogue,
            new Open311Query(ids, codes, status, from, to, Open311Requests.MaxLimit));
        access.Rows = found.Count;
        return Results.Json(found, ApiJson.Options);
    }

    private static IResult One(HttpContext ctx, Open311Context o, string file, string? jurisdiction_id)
    {
        if (OtherJurisdiction(o, jurisdiction_id) is { } other) return other;
        if (JsonName(file) is not { } id) return NotJson();
        var access = RequestAccess.Of(ctx);
        if (Reader(access, byId: true) is { } refused) return refused;
        if (id.Length > EventParser.MaxIdLength || ControlCharacters.Any(id)) return NoSuchRequest();
        var found = Open311Requests.List(access.Connection, access.Key, o.Catalogue,
            new Open311Query([id], null, null, DateTime.MinValue, DateTime.MaxValue, 1));
        access.Rows = found.Count;
        return found.Count == 0 ? NoSuchRequest() : Results.Json(found, ApiJson.Options);
    }

    private static async Task<IResult> Submit(HttpContext ctx, Open311Context o, CancellationToken cancel)
    {
        var access = RequestAccess.Of(ctx);
        if (access.Key is not { } key) return Error(401, "an API key is required to submit (api_key)");
        if (!key.Role.MaySubmit) return Error(403, "this key may not submit requests (role centre or intake may)");
        if (!ctx.Request.HasFormContentType)
            return Error(400, "send the request form-encoded (application/x-www-form-urlencoded), as GeoReport v2 "
                + "specifies");
        IFormCollection form;
        try { form = await ctx.Request.ReadFormAsync(cancel); }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return Error(400, "the form could not be read");
        }
        // GeoReport puts jurisdiction_id in the form; some clients send it in the query of the POST.
        if (OtherJurisdiction(o, form["jurisdiction_id"].FirstOrDefault()
                ?? ctx.Request.Query["jurisdiction_id"].FirstOrDefault()) is { } other) return other;
        if (o.Intake is null)
            return Error(503, "this server takes no submissions: it runs without its ingest stream (serve --kafka)");

        var now = o.Clock.Now;
        var ticketId = $"O311-{now:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
        string? Field(string name) => form[name].FirstOrDefault() is { } v && !string.IsNullOrWhiteSpace(v)
            ? ControlCharacters.Strip(v.Trim()) : null;
        var built = Open311Submission.Build(Field, o.Catalogue, now, o.Db.PiiSalt(), ticketId);
        // The same validation as every other input: the event is parsed as ingest will parse it.
        var rejection = built.Errors.FirstOrDefault()
            ?? o.Parser.Parse(EventJson.ToUtf8(built.Event!)).Rejection;
        if (rejection is not null)
        {
            var letter = new DeadLetter(new SourcePosition("open311", "open311", 0, 0, PostLabel), rejection,
                System.Text.Encoding.UTF8.GetBytes(built.Scrubbed ?? "{}"));
            EventStore.WriteDeadLetters(access.Connection, [letter], now);
            return built.Errors.Count > 0 ? Errors(400, built.Errors.Select(e => e.Message))
                : Error(400, rejection.Message);
        }

        Sql.Execute(access.Connection, "INSERT INTO open311_submissions VALUES ($t, $k, $c, $at)",
            ("t", ticketId), ("k", key.KeyId), ("c", built.Event!.Category), ("at", now));
        if (await o.Intake.SubmitAsync(built.Event, cancel) is { } failure)
        {
            Sql.Execute(access.Connection, "DELETE FROM open311_submissions WHERE ticket_id = $t", ("t", ticketId));
            ctx.Response.Headers.RetryAfter = "30";
            return Error(503, $"the request was not accepted, please retry ({failure})");
        }
        access.Rows = 1;
        return Results.Json(new[]
        {
            new Open311Created(ticketId, "已受理，将按规定时限派单办理；可凭此编号查询办理进展。", null),
        }, ApiJson.Options, statusCode: 201);
    }

    /// <summary>401/403 for a caller that may not read requests; null when it may. Without a key only a lookup by id
    /// is allowed (see <see cref="Open311Requests"/>).</summary>
    private static IResult? Reader(RequestAccess access, bool byId) =>
        byId || Open311Requests.MayList(access.Key?.Role) ? null
        : access.Key is null ? Error(401, "an API key is required to list requests (api_key); a request you "
            + "submitted can be read by its service_request_id")
        : Error(403, "this key may not list service requests; one can be read by its service_request_id");

    private static IResult? OtherJurisdiction(Open311Context o, string? jurisdiction) =>
        jurisdiction is null || jurisdiction == o.Catalogue.Jurisdiction || jurisdiction == o.Catalogue.CityName
            ? null : Error(404, $"this endpoint serves jurisdiction {o.Catalogue.Jurisdiction} only");

    private static string? JsonName(string file) =>
        file.EndsWith(".json", StringComparison.Ordinal) && file.Length > 5 ? file[..^5] : null;

    private static IResult NotJson() => Error(400, "only JSON is served: end the path with .json");

    private static IResult NoSuchRequest() => Error(404, "no such service request that this key may see");

    private static List<string>? Codes(string? list) =>
        list is null ? null : list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.Length <= EventParser.MaxIdLength && !ControlCharacters.Any(s)).Distinct().ToList();

    /// <summary>A W3C date-time: with an offset it is converted to China time; without one it is China time
    /// already.</summary>
    private static DateTime? Time(string? text, string name, List<string> problems)
    {
        if (text is null) return null;
        string[] local = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"];
        DateTime at;
        if (text.Length > 40 || ControlCharacters.Any(text)) at = default;
        else if (DateTime.TryParseExact(text, local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            at = d;
        else if (EventParser.TryParseTime(text, out var converted, out _)) at = converted;
        else at = default;
        if (at.Year is >= 1900 and <= 2999) return at;
        problems.Add($"{name} must be a W3C date-time, e.g. 2025-03-01T00:00:00+08:00");
        return null;
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
