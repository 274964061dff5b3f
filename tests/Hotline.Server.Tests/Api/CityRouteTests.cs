using System.Net;
using System.Text.Json;
using Hotline.Ingest.Import;
using Hotline.Models.CityRouting;
using Hotline.Models.Routing;

namespace Hotline.Server.Tests.Api;

/// <summary>
/// POST /v1/route on a warehouse that holds an imported city (the real Boston 311 sample): the city's own router
/// answers, with its units by name, and the district is checked against the city's divisions, not Linyi's.
/// </summary>
public sealed class CityRouteTests
{
    [Fact]
    public async Task An_imported_city_is_routed_by_its_own_router()
    {
        var dir = TestData.TempDir("city-route");
        var path = Path.Combine(dir, "w.duckdb");
        using (var w = WarehouseDb.Open(path, ServerSchema.AllStages))
        {
            new Importer(w, ImportMapping.Load(TestData.InRepo("docs/import/boston-311.yaml")))
                .Run(TestData.InRepo("tests/Hotline.Ingest.Tests/Fixtures/us311/sample.csv"), dryRun: false);
            CityModelStore.Save(w, CityRouter.Train(RoutingData.Load(w), w.Reference, 1, _ => { }), DateTime.UtcNow);
        }
        var key = ServerTestKit.AddKey(path, "centre");
        await using var host = await ServerHost.StartAsync(new ServerOptions
        {
            DbPath = path, Listen = "http://127.0.0.1:0",
        }, _ => { });
        using var http = ServerTestKit.Client(host, key);
        string dorchester;
        using (var c = host.Warehouse.Connect())
            dorchester = Sql.Scalar<string>(c, "SELECT code FROM areas WHERE name = 'Dorchester'")!;

        var res = await http.PostAsync("/v1/route", new StringContent(
            $$"""{"content":"Street light out on the corner, very dark at night","title":"Street Light Outage","district":"{{dorchester}}"}""",
            Encoding.UTF8, "application/json"));
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.OK, text);
        using var doc = JsonDocument.Parse(text);
        Assert.Equal("Boston", doc.RootElement.GetProperty("city").GetString());
        var units = doc.RootElement.GetProperty("units").EnumerateArray().ToList();
        Assert.NotEmpty(units);
        Assert.All(units, u => Assert.False(string.IsNullOrEmpty(u.GetProperty("name").GetString())));
        Assert.Contains(units, u => u.GetProperty("name").GetString()!.Contains("Street Light",
            StringComparison.OrdinalIgnoreCase));
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("card").GetString()));

        // A Linyi county is not one of Boston's divisions.
        var linyi = await http.PostAsync("/v1/route", new StringContent(
            """{"content":"Street light out","district":"371302"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, linyi.StatusCode);
    }
}
