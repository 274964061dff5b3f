namespace Hotline.Server.Api;

public sealed record NewKeyBody(string? Role, string? Name);

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
            NewKeyBody? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<NewKeyBody>(ctx.Request.Body, ApiJson.Body,
                ctx.RequestAborted);
            }
            catch (JsonException ex)
            {
                return Problems.Of(400, "body is not a key request",
                ex.Message.Split('\n')[0]);
            }
            try
            {
                var role = AccessRole.Parse(body?.Role ?? "");
                var (key, secret) = ApiKeys.Add(access.Connection, role, body?.Name ?? "",
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
