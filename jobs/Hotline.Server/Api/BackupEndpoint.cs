namespace Hotline.Server.Api;

/// <summary>
/// POST /v1/backup (centre keys): a consistent backup of the warehouse the server holds, into the backups folder next
/// to it (the server chooses the place: no path from a request is ever written to).
/// </summary>
public static class BackupEndpoint
{
    public static void Map(WebApplication app) => app.MapPost("/v1/backup", (HttpContext ctx) =>
        {
            var access = RequestAccess.Of(ctx);
            var options = ctx.RequestServices.GetRequiredService<ServerOptions>();
            var now = options.Clock.Now;
            var dir = WarehouseBackup.NewFolder(options.DbPath, now);
            var manifest = WarehouseBackup.Create(access.Connection, options.DbPath, dir, now);
            access.Rows = 1;
            return Results.Json(new { folder = dir, manifest }, ApiJson.Options, statusCode: 201);
        })
        .AddEndpointFilter(ApiAccess.Require(r => r.IsCentre, "backups are taken by the centre"))
        .WithSummary("Take a consistent backup (data, model files, Kafka offsets) into the backups folder");
}
