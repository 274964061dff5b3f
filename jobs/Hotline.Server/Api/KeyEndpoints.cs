namespace Hotline.Server.Api;

/// <summary>
/// Key management over HTTP, for the centre only: while the server holds the warehouse, `hotline keys` cannot open
/// it, and a leaked key must be revocable without a restart.
/// </summary>
public static class KeyEndpoints
{
    public static void Map(WebApplication app)
    {
        var centreOnly = ApiAccess.Require(r => r.IsCentre, "keys are managed by the centre");
        app.MapGet("/v1/keys", (HttpContext ctx) =>
        {
            var access = RequestAccess.Of(ctx);
            var keys = ApiKeys.List(access.Connection)
                .Select(k => new { k.KeyId, role = k.Role.ToString(), k.Name, k.CreatedAt, k.RevokedAt }).ToList();
            access.Rows = keys.Count;
            return Results.Json(keys, ApiJson.Options);
        }).AddEndpointFilter(centreOnly).WithSummary("The API keys (never their secrets)");

        app.MapPost("/v1/keys", async (HttpContext ctx) =>
        {
            var access = RequestAccess.Of(ctx);
            var (json, problem) = await JsonBody.ReadAsync(ctx.Request, 4096, ctx.RequestAborted);
            if (problem is not null) return problem;
            using var body = json!;
            var roleText = body.String("role", 100, code: true);
            var name = body.String("name", 200);
            if (body.Errors.Count > 0) return Results.ValidationProblem(body.Errors, title: "bad key request");
            try
            {
                var role = AccessRole.Parse(roleText ?? "", access.Units);
                var (key, secret) = ApiKeys.Add(access.Connection, role, name ?? "",
                    ctx.RequestServices.GetRequiredService<ServerOptions>().Clock.Now);
                ctx.RequestServices.GetRequiredService<ServeKeys>().Reload();
                access.Rows = 1;
                return Results.Json(new { key.KeyId, role = key.Role.ToString(), key.Name, secret }, ApiJson.Options,
                    statusCode: 201);
            }
            catch (ArgumentException ex) { return Problems.Of(400, "bad key request", ex.Message); }
        }).AddEndpointFilter(centreOnly)
            .WithSummary("Create a key: {\"role\": \"unit:<id>\", \"name\": \"…\"}; the secret is in this answer only");

        app.MapDelete("/v1/keys/{keyId}", (HttpContext ctx, string keyId) =>
        {
            var access = RequestAccess.Of(ctx);
            if (keyId.Length > 64
                || !ApiKeys.Revoke(access.Connection, keyId,
                ctx.RequestServices.GetRequiredService<ServerOptions>().Clock.Now))
                return Problems.Of(404, "no active key", "no active key with this id");
            ctx.RequestServices.GetRequiredService<ServeKeys>().Reload();
            access.Rows = 1;
            return Results.NoContent();
        }).AddEndpointFilter(centreOnly).WithSummary("Revoke a key: refused from its next request on");
    }
}
