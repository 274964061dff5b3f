using System.Text.Json;
using Hotline.Jobs.Lake;

namespace Hotline.Server.Tests;

/// <summary>
/// `serve --lake` keeps the Parquet lake current while it serves: the first export writes every day of the
/// warehouse, the ones after write nothing until tickets change, and /healthz reports the lake stage.
/// </summary>
[Collection("routing")]
public sealed class ServeLakeTests(RoutingWarehouse w)
{
    [Fact]
    public async Task Serve_writes_the_lake_and_reports_it_in_health()
    {
        var db = w.CopyTrained();
        var lake = Path.Combine(Path.GetDirectoryName(db)!, "lake");
        var key = ServerTestKit.AddKey(db, "centre");
        long tickets;
        using (var warehouse = WarehouseDb.Open(db, Hotline.Server.ServerSchema.AllStages))
            tickets = Sql.Scalar<long>(warehouse.Connection, "SELECT count(*) FROM tickets");
        var options = new ServerOptions
        {
            DbPath = db, Listen = "http://127.0.0.1:0", LakeDir = lake, LakeEvery = TimeSpan.FromMilliseconds(300),
            SuggestEvery = TimeSpan.FromSeconds(30), ScanEvery = TimeSpan.FromHours(1),
        };
        var lines = new List<string>();
        await using (var host = await ServerHost.StartAsync(options, l => { lock (lines) lines.Add(l); }))
        {
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (host.Lake!.Exports < 3 && DateTime.UtcNow < deadline) await Task.Delay(100);
            Assert.True(host.Lake.Exports >= 3, $"{host.Lake.Exports} exports");
            using var http = ServerTestKit.Client(host, key);
            var res = await http.GetAsync("/healthz");
            using var health = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
            var stage = health.RootElement.GetProperty("stages").GetProperty("lake");
            Assert.True(stage.GetProperty("exports").GetInt32() >= 3);
        }
        // One export wrote the days; the later ones had nothing to write (and said nothing).
        Assert.Single(lines, l => l.StartsWith("lake ", StringComparison.Ordinal) && l.Contains("days written"));
        Assert.DoesNotContain(lines, l => l.Contains("lake export failed", StringComparison.Ordinal));
        using var reader = LakeReader.Open(lake, LakeLayout.ShippedCity);
        Assert.Equal(tickets, Sql.Scalar<long>(reader.Connection, "SELECT count(*) FROM tickets"));
        Assert.Equal(RoutingWarehouse.Days, Directory.GetDirectories(Path.Combine(lake, "tickets",
            $"city={LakeLayout.ShippedCity}")).Length);
    }
}
