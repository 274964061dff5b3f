using System.Net;

namespace Hotline.Benchmarks;

/// <summary>
/// Server time of every console page on a copy of a warehouse (the demo's, with its published reports and its served
/// model): each role signs in, then each of its views and a ticket's card is fetched, the first time (what a user
/// waits for after sign-in) and 20 times more (p50, p95). Measured as the time to the last byte over loopback, which
/// is the server's time plus a negligible transfer. Target (issue #20): every first render ≤ 300 ms.
/// </summary>
public static class ConsoleThroughput
{
    public static void Run(string dbPath, int repeats = 20)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"hotline-bench-{Guid.NewGuid():N}");
        RoutingThroughput.CopyDir(Path.GetDirectoryName(Path.GetFullPath(dbPath))!, copy, Path.GetFileName(dbPath));
        var db = Path.Combine(copy, Path.GetFileName(dbPath));
        var keys = new Dictionary<string, string>();
        string unit;
        using (var w = WarehouseDb.Open(db, ServerSchema.AllStages))
        {
            unit = Hotline.Jobs.Sharing.UnitTickets.Busiest(w.Connection)!;
            foreach (var role in new[] { "dispatcher", "emergency-office", "supervisor", "policy", "public",
                "unit:" + unit })
                keys[role] = ApiKeys.Add(w.Connection, AccessRole.Parse(role), "bench", DateTime.Now).Secret;
        }
        var host = ServerHost.StartAsync(new ServerOptions
        {
            DbPath = db, Listen = "http://127.0.0.1:0", ReportsDir = null, ScanEvery = TimeSpan.FromHours(1),
            RequestsPerMinute = 1_000_000, DataClock = true,
        }, _ => { }).GetAwaiter().GetResult();
        try
        {
            string? ticket = null, alert = null;
            using (var conn = host.Warehouse.Connect())
            {
                ticket = Sql.Scalar<string>(conn,
                    "SELECT ticket_id FROM route_suggestions ORDER BY received_at DESC LIMIT 1");
                alert = Sql.Scalar<string>(conn, "SELECT alert_id FROM alerts ORDER BY updated_at DESC LIMIT 1");
            }
            var pages = new Dictionary<string, string[]>
            {
                ["dispatcher"] = ["/console/dispatch", ticket is null ? "" : $"/console/dispatch/{ticket}"],
                ["emergency-office"] = ["/console/alerts", alert is null ? "" : $"/console/alerts/{alert}"],
                ["supervisor"] = ["/console/supervision"],
                ["policy"] = ["/console/policy"],
                ["public"] = ["/console/public"],
                ["unit:" + unit] = ["/console/unit"],
            };
            foreach (var (role, paths) in pages)
            {
                var cookies = new CookieContainer();
                using var http = new HttpClient(new HttpClientHandler
                {
                    CookieContainer = cookies, AllowAutoRedirect = false,
                }) { BaseAddress = new Uri(host.Url) };
                var signIn = http.PostAsync("/console/login", new FormUrlEncodedContent(
                    new Dictionary<string, string> { ["key"] = keys[role] })).GetAwaiter().GetResult();
                if (signIn.StatusCode != HttpStatusCode.Redirect)
                    throw new InvalidOperationException($"{role}: sign-in answered {(int)signIn.StatusCode}");
                foreach (var path in paths.Where(p => p.Length > 0))
                {
                    double Fetch()
                    {
                        var watch = Stopwatch.StartNew();
                        var res = http.GetAsync(path).GetAwaiter().GetResult();
                        var body = res.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
                        if (res.StatusCode != HttpStatusCode.OK || body.Length == 0)
                            throw new InvalidOperationException($"{role} {path}: {(int)res.StatusCode}");
                        return watch.Elapsed.TotalMilliseconds;
                    }
                    var first = Fetch();
                    var times = Enumerable.Range(0, repeats).Select(_ => Fetch()).Order().ToArray();
                    Console.WriteLine($"console {role,-18} {Shorten(path),-28} first {first,6:0.0} ms, "
                        + $"p50 {times[times.Length / 2],6:0.0} ms, p95 {times[(int)(times.Length * 0.95)],6:0.0} ms"
                        + (first <= 300 ? "" : "  (over the 300 ms target)"));
                }
            }
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            try { Directory.Delete(copy, recursive: true); } catch (IOException) { }
        }
    }

    private static string Shorten(string path) => path.Length <= 28 ? path : path[..25] + "…";
}
