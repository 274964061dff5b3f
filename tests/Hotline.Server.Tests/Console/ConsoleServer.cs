using System.Net;

namespace Hotline.Server.Tests.Console;

/// <summary>
/// The console on the real server over a trained copy of the simulated warehouse: a key per role, two busy units (A,
/// B) with a ticket each and a confidential ticket of A, and the streaming suggestions written before the tests sign
/// in. Each test starts its own (xunit 2's fixtures cannot depend on the shared trained warehouse).
/// </summary>
public sealed class ConsoleServer : IAsyncDisposable
{
    private readonly RoutingWarehouse _w;

    private ConsoleServer(RoutingWarehouse w) => _w = w;

    public static async Task<ConsoleServer> StartAsync(RoutingWarehouse w)
    {
        var s = new ConsoleServer(w);
        await s.InitializeAsync();
        return s;
    }

    public ServerHost Host { get; private set; } = null!;
    public string Db { get; private set; } = "";
    public Dictionary<string, string> Keys { get; } = [];
    public string UnitA { get; private set; } = "";
    public string UnitB { get; private set; } = "";
    public string TicketOfA { get; private set; } = "";
    public string TicketOfB { get; private set; } = "";
    public string ConfidentialOfA { get; private set; } = "";
    public string ConfidentialText { get; private set; } = "";

    public static readonly string[] Roles =
        ["centre", "dispatcher", "supervisor", "policy", "emergency-office", "public", "unitA", "unitB"];

    private async Task InitializeAsync()
    {
        Db = _w.CopyTrained();
        using (var warehouse = WarehouseDb.Open(Db, ServerSchema.AllStages))
        {
            var c = warehouse.Connection;
            var units = Sql.Rows(c, "SELECT lead_unit FROM tickets WHERE lead_unit IS NOT NULL GROUP BY lead_unit "
                + "ORDER BY count(*) DESC, lead_unit LIMIT 2", r => r.GetString(0));
            (UnitA, UnitB) = (units[0], units[1]);
            string Pick(string unit) => Sql.Scalar<string>(c, "SELECT min(ticket_id) FROM tickets WHERE lead_unit = $u "
                + "AND NOT coalesce(confidential, false)", ("u", unit))!;
            (TicketOfA, TicketOfB) = (Pick(UnitA), Pick(UnitB));
            // A confidential ticket of A with a text no other page could hold by chance.
            ConfidentialOfA = Sql.Scalar<string>(c, "SELECT max(ticket_id) FROM tickets WHERE lead_unit = $u",
                ("u", UnitA))!;
            ConfidentialText = "保密测试内容甲乙丙丁";
            Sql.Execute(c, "UPDATE tickets SET confidential = true, title = $t WHERE ticket_id = $id",
                ("t", ConfidentialText), ("id", ConfidentialOfA));
        }
        foreach (var role in Roles)
            Keys[role] = ServerTestKit.AddKey(Db, role switch
            {
                "unitA" => $"unit:{UnitA}",
                "unitB" => $"unit:{UnitB}",
                _ => role,
            });
        Host = await ServerHost.StartAsync(new ServerOptions
        {
            DbPath = Db, Listen = "http://127.0.0.1:0", ScanEvery = TimeSpan.FromHours(1), DataClock = true,
            RequestsPerMinute = 100_000, SuggestEvery = TimeSpan.FromMilliseconds(200),
        }, _ => { });
        // The queue is the streaming worker's suggestions: wait for its first pass.
        using var conn = Host.Warehouse.Connect();
        for (var i = 0; i < 600 && Sql.Scalar<long>(conn, "SELECT count(*) FROM route_suggestions") == 0; i++)
            await Task.Delay(100);
    }

    /// <summary>A browser-like client signed in as <paramref name="role"/> (cookies kept, redirects not followed).
    /// </summary>
    public async Task<(HttpClient Client, CookieContainer Cookies)> SignIn(string role)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(Host.Url),
        };
        var res = await http.PostAsync("/console/login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = Keys[role] }));
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        return (http, cookies);
    }

    /// <summary>The CSRF token of a page's forms.</summary>
    public static string Csrf(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "name=\"csrf\" value=\"([^\"]+)\"").Groups[1].Value;

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
