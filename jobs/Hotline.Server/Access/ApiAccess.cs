using System.Diagnostics;
using System.Threading.RateLimiting;
using DuckDB.NET.Data;

namespace Hotline.Server.Access;

/// <summary>The caller of one /v1 request: its key (null until verified), a warehouse connection opened only if the
/// endpoint reads the warehouse (routing does not), and the rows it was given.</summary>
public sealed class RequestAccess(WarehouseDb db, ApiKey? key) : IDisposable
{
    private DuckDBConnection? _connection;
    public DuckDBConnection Connection => _connection ??= db.Connect();
    /// <summary>The warehouse's city: its units and areas (an imported city's, not the built-in one's).</summary>
    public UnitDirectory Units => db.Units;
    public ApiKey? Key { get; } = key;
    public AccessRole Role => Key?.Role ?? throw new InvalidOperationException("request was not authenticated");
    /// <summary>How many records the answer carried (the audit log's row_count).</summary>
    public int Rows { get; set; }

    public static RequestAccess Of(HttpContext ctx) => ctx.Features.Get<RequestAccess>()
        ?? throw new InvalidOperationException("no access context");

    /// <summary>The warehouse a request reads (its city's reference data), without opening a connection.</summary>
    public static WarehouseDb Warehouse(HttpContext ctx) => Of(ctx).Db;
    private WarehouseDb Db => db;

    public void Dispose() => _connection?.Dispose();
}

/// <summary>
/// The active API keys the server verifies against, reloaded after every add or revoke (see <see cref="KeyRing"/>).
/// </summary>
public sealed class ServeKeys(WarehouseDb db)
{
    private volatile KeyRing _ring = Load(db);
    public KeyRing Ring => _ring;
    public void Reload() => _ring = Load(db);

    private static KeyRing Load(WarehouseDb db)
    {
        using var conn = db.Connect();
        return ApiKeys.Active(conn);
    }
}

/// <summary>
/// Authentication, authorisation and audit for everything under /v1: a key in <c>Authorization: Bearer …</c> or
/// <c>X-Api-Key</c>, verified in memory against the hashed active keys (a revoked key stops working at once), a
/// per-key request rate limit on the data endpoints, and one audit_log row per request — refused ones included —
/// written in batches by <see cref="AuditWriter"/>.
/// </summary>
public static class ApiAccess
{
    public const string RatePolicy = "per-key";

    public static void AddRateLimits(IServiceCollection services, int perMinute) => services.AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.AddPolicy(RatePolicy, ctx => RateLimitPartition.GetFixedWindowLimiter(
            ctx.Features.Get<RequestAccess>()?.Key?.KeyId ?? ctx.Connection.RemoteIpAddress?.ToString() ?? "?",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0
            }));
        o.OnRejected = (c, cancel) => new ValueTask(Problems.Of(429, "too many requests",
            $"at most {perMinute} requests per minute per key; retry after a minute").ExecuteAsync(c.HttpContext));
    });

    /// <summary>
    /// Failed authentications allowed per remote address and minute before 429 (guessing keys stops).
    /// </summary>
    public const int FailedAuthPerMinute = 30;

    public static void Use(WebApplication app, WarehouseDb db, ServeKeys keys, AuditWriter audit, ChinaClock clock,
        int failedAuthPerMinute = FailedAuthPerMinute)
    {
        var failures = PartitionedRateLimiter.Create<string, string>(remote => RateLimitPartition.GetFixedWindowLimiter(
            remote, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = failedAuthPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
            }));
        app.Use(async (ctx, next) =>
        {
            var open311 = ctx.Request.Path.StartsWithSegments(Open311.Open311Endpoints.Root);
            if (!open311 && !ctx.Request.Path.StartsWithSegments("/v1")) { await next(ctx); return; }
            var watch = Stopwatch.StartNew();
            // Open311 clients send the key as api_key in the query or the form; its catalogue is open to anyone, so
            // there a request without a key goes on and each endpoint decides.
            var presented = Presented(ctx.Request) ?? (open311 ? await Open311Key(ctx.Request) : null);
            var key = keys.Ring.Verify(presented);
            using var access = new RequestAccess(db, key);
            ctx.Features.Set(access);
            var status = 0;
            try
            {
                if (key is not null || (open311 && presented is null)) await next(ctx);
                else if (failures.AttemptAcquire(ctx.Connection.RemoteIpAddress?.ToString()
                    ?? "?") is { IsAcquired: false })
                {
                    ctx.Response.Headers.RetryAfter = "60";
                    const string title = "too many failed sign-ins";
                    var detail = $"more than {failedAuthPerMinute} requests without a valid key from this address "
                        + "in a minute; wait a minute and send a valid key";
                    await (open311 ? Open311.Open311Endpoints.Error(429, detail) : Problems.Of(429, title, detail))
                        .ExecuteAsync(ctx);
                }
                else
                {
                    ctx.Response.Headers.WWWAuthenticate = "Bearer";
                    await (open311 ? Open311.Open311Endpoints.Error(401, "the api_key is not valid")
                        : Problems.Of(401, "API key required",
                            "send a valid key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>' "
                                + "(keys are issued with `hotline keys add`)")).ExecuteAsync(ctx);
                }
                status = ctx.Response.StatusCode;
            }
            catch
            {
                status = 500;
                throw;
            }
            finally
            {
                audit.Add(new AuditEntry(clock.Now, key?.KeyId, key?.Role.ToString(), ctx.Request.Method,
                    ctx.Request.Path.Value ?? "", AuditedQuery(ctx.Request),
                    status, access.Rows, watch.Elapsed.TotalMilliseconds, ctx.Connection.RemoteIpAddress?.ToString()));
            }
        });
    }

    /// <summary>The query string as the audit log keeps it: never with a key in it.</summary>
    private static string? AuditedQuery(HttpRequest r)
    {
        if (!r.QueryString.HasValue) return null;
        if (!r.Query.ContainsKey("api_key")) return r.QueryString.Value;
        var kept = r.Query.Where(kv => kv.Key != "api_key").ToList();
        return kept.Count == 0 ? null
            : "?" + string.Join("&", kept.Select(kv =>
                $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value.ToString())}"));
    }

    private static async Task<string?> Open311Key(HttpRequest r)
    {
        if (r.Query["api_key"].FirstOrDefault() is { Length: > 0 } q) return q.Trim();
        if (!HttpMethods.IsPost(r.Method) || !r.HasFormContentType) return null;
        try
        {
            var form = await r.ReadFormAsync();
            return form["api_key"].FirstOrDefault() is { Length: > 0 } f ? f.Trim() : null;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return null; // the endpoint reads the form again and answers 400
        }
    }

    /// <summary>
    /// An endpoint filter: a role that may not use the endpoint at all gets 403 (it reveals nothing about any record).
    /// </summary>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Require(
        Func<AccessRole, bool> allowed, string what) =>
        async (context, next) => allowed(RequestAccess.Of(context.HttpContext).Role)
            ? await next(context)
            : Problems.Of(403, "not allowed for this key",
                $"{what}; this key's role is {RequestAccess.Of(context.HttpContext).Role}");

    private static string? Presented(HttpRequest r)
    {
        var auth = r.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return auth[7..].Trim();
        return r.Headers["X-Api-Key"].ToString() is { Length: > 0 } k ? k.Trim() : null;
    }

}
