using System.Net.Http.Headers;
using Hotline.Ingest.Privacy;
using Hotline.Ingest.Warehouse;
using Hotline.Server;
using Hotline.Server.Access;

namespace Hotline.TestKit;

/// <summary>Keys and clients for tests that talk to `hotline serve` in-process over real HTTP.</summary>
public static class ServerTestKit
{
    /// <summary>Issues a key the way `hotline keys add` does (before the server holds the file).</summary>
    public static string AddKey(string db, string role)
    {
        using var warehouse = WarehouseDb.Open(db, ServerSchema.AllStages);
        return ApiKeys.Add(warehouse.Connection, AccessRole.Parse(role), "test " + role, DateTime.Now).Secret;
    }

    public static HttpClient Client(ServerHost host, string? key)
    {
        var http = new HttpClient { BaseAddress = new Uri(host.Url) };
        if (key is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }
}
