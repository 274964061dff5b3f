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
                })
                { BaseAddress = new Uri(host.Url) };
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
            Paste(host, keys["dispatcher"], repeats);
            LiveAlert(host, keys["emergency-office"]);
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            try { Directory.Delete(copy, recursive: true); } catch (IOException) { }
        }
    }

    private static HttpClient SignedIn(ServerHost host, string key, out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(host.Url), Timeout = TimeSpan.FromSeconds(30),
        };
        http.PostAsync("/console/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key }))
            .GetAwaiter().GetResult();
        return http;
    }

    /// <summary>A pasted ticket routed: the form post to the card page, time to the last byte.</summary>
    private static void Paste(ServerHost host, string key, int repeats)
    {
        using var http = SignedIn(host, key, out _);
        var page = http.GetStringAsync("/console/dispatch").GetAwaiter().GetResult();
        var csrf = System.Text.RegularExpressions.Regex.Match(page, "name=\"csrf\" value=\"([^\"]+)\"").Groups[1]
            .Value;
        string[] texts = ["楼道里一股煤气味，敲邻居门没人应", "小区门口的路灯坏了一个多月了，晚上黑乎乎的",
            "暖气一点都不热，屋里才十五度，家里有老人", "公司拖欠我们三个月工资了，老板电话也不接"];
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            var res = http.PostAsync("/console/dispatch/route", new FormUrlEncodedContent(
                new Dictionary<string, string> { ["csrf"] = csrf, ["content"] = texts[i % texts.Length] }))
                .GetAwaiter().GetResult();
            res.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            if (res.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"paste: {res.StatusCode}");
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        var t = times.Order().ToArray();
        Console.WriteLine($"console pasted ticket → card: first {times[0]:0.0} ms, p50 {t[t.Length / 2]:0.0} ms, "
            + $"p95 {t[(int)(t.Length * 0.95)]:0.0} ms (target ≤ 200 ms)");
    }

    /// <summary>
    /// An alert written to the alerts table (as a scan writes it) until it reaches an open emergency view's event
    /// stream. Target: ≤ 2 s.
    /// </summary>
    private static void LiveAlert(ServerHost host, string key)
    {
        using var http = SignedIn(host, key, out _);
        var latencies = new List<double>();
        using var stream = http.GetStreamAsync("/console/alerts/stream").GetAwaiter().GetResult();
        using var reader = new StreamReader(stream);
        reader.ReadLine(); // ": ready"
        using var conn = host.Warehouse.Connect();
        for (var i = 0; i < 5; i++)
        {
            var id = $"AL-bench-{i}-{Guid.NewGuid():N}";
            var watch = Stopwatch.StartNew();
            Sql.Execute(conn, """
                INSERT INTO alerts VALUES ($id, 'firing', 'high', 'gas', '371302', '兰山区', '基准测试预警', [], [],
                    now()::TIMESTAMP, now()::TIMESTAMP, now()::TIMESTAMP, now()::TIMESTAMP + INTERVAL 1 DAY, NULL,
                    3, 3, 3, 0.5, 1e-9, [], NULL, NULL, 0)
                """, ("id", id));
            string? line;
            while ((line = reader.ReadLine()) is not null && !line.Contains(id, StringComparison.Ordinal)) { }
            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"console live alert → emergency view: {string.Join(", ", latencies.Select(l => $"{l:0}"))} "
            + "ms (target ≤ 2,000 ms)");
    }

    private static string Shorten(string path) => path.Length <= 28 ? path : path[..25] + "…";
}
