using System.Net.Http.Json;
using Hotline.Models.Routing;

namespace Hotline.Benchmarks;

/// <summary>
/// Dispatch-assistant latency and throughput on a warehouse that has a promoted routing model (e.g. the demo's):
/// single-ticket suggestion latency in-process, batch throughput on one core, and HTTP latency at a fixed
/// request rate (open loop: requests are sent on schedule whether or not earlier ones finished).
/// </summary>
public static class RoutingThroughput
{
    public static void Run(string dbPath, int httpRate, int httpSeconds)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"hotline-bench-{Guid.NewGuid():N}");
        List<RouteRequest> tickets;
        string version;
        RoutingModel model;
        using (var db = WarehouseDb.Open(dbPath, Hotline.Server.ServerSchema.AllStages))
        {
            var registry = new ModelRegistry(db);
            var run = registry.CurrentPromoted(ModelRegistry.Routing)
                ?? throw new InvalidOperationException($"{dbPath} has no promoted routing "
                    + "model: run `./hotline demo` first");
            version = run.Version;
            model = RoutingModel.Load(registry.VersionDir(run));
            tickets = RoutingData.Load(db).Where(x => x.ReceivedAt >= (run.TrainedTo ?? DateTime.MinValue))
                .Select(RouteRequest.From).Take(50_000).ToList();
        }
        Console.WriteLine($"routing model {version}; {tickets.Count:N0} held-out tickets");

        // Single ticket, in-process (what the API does per request), after warm-up.
        for (var i = 0; i < 2_000; i++) model.Suggest(tickets[i % tickets.Count]);
        var n = Math.Min(20_000, tickets.Count);
        var lat = new double[n];
        var w = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            model.Suggest(tickets[i]);
            lat[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
        Array.Sort(lat);
        Console.WriteLine($"route, single ticket in-process: p50 {lat[n / 2]:N0} µs, p99 {lat[(int)(n * 0.99)]:N0} "
            + $"µs, max {lat[^1]:N0} µs ({n / w.Elapsed.TotalSeconds:N0} tickets/s on one thread)");

        // Batch on one core: the category model scores all texts in one pass, then the routing tables apply.
        var examples = tickets.Select(RoutingModel.ToExample).ToList();
        w.Restart();
        var probs = model.CategoryClassifier.ProbabilitiesBatch(examples);
        for (var i = 0; i < tickets.Count; i++) model.Suggest(tickets[i], probs[i]);
        Console.WriteLine($"route, batch of {tickets.Count:N0}: {tickets.Count / w.Elapsed.TotalSeconds:N0} "
            + $"tickets/s ({w.Elapsed.TotalSeconds:0.00} s)");

        // HTTP on loopback: a copy of the warehouse (the server takes the write lock), fixed request rate.
        CopyDir(Path.GetDirectoryName(Path.GetFullPath(dbPath))!, copy, Path.GetFileName(dbPath));
        string key;
        using (var keyDb = WarehouseDb.Open(Path.Combine(copy, Path.GetFileName(dbPath)),
            Hotline.Server.ServerSchema.AllStages))
            key = ApiKeys.Add(keyDb.Connection,
                new Hotline.Ingest.Privacy.AccessRole(Hotline.Ingest.Privacy.RoleKind.Centre, null), "benchmark",
                DateTime.Now).Secret;
        var host = ServerHost.StartAsync(new ServerOptions
        {
            DbPath = Path.Combine(copy, Path.GetFileName(dbPath)),
            Listen = "http://127.0.0.1:0"
        }, _ => { })
            .GetAwaiter().GetResult();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(host.Url) };
            http.DefaultRequestHeaders.Authorization =
                new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            var bodies = tickets.Take(5_000)
                .Select(t =>
                new { content = t.Content, title = t.Title, district = t.District, township = t.Township }).ToList();
            for (var i = 0; i < 500; i++) http.PostAsJsonAsync("/v1/route", bodies[i % bodies.Count]).GetAwaiter()
                .GetResult().EnsureSuccessStatusCode();
            var total = httpRate * httpSeconds;
            var results = new double[total];
            var failures = 0;
            var tasks = new List<Task>(total);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < total; i++)
            {
                var due = TimeSpan.FromSeconds(i / (double)httpRate);
                while (clock.Elapsed < due) Thread.SpinWait(50);
                var k = i;
                tasks.Add(Task.Run(async () =>
                {
                    var t0 = Stopwatch.GetTimestamp();
                    using var res = await http.PostAsJsonAsync("/v1/route", bodies[k % bodies.Count]);
                    await res.Content.ReadAsByteArrayAsync();
                    results[k] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                    if (!res.IsSuccessStatusCode) Interlocked.Increment(ref failures);
                }));
            }
            Task.WaitAll(tasks);
            var elapsed = clock.Elapsed.TotalSeconds;
            Array.Sort(results);
            Console.WriteLine($"HTTP POST /v1/route at {httpRate}/s for {httpSeconds} s: {total:N0} requests "
                + $"in {elapsed:0.0} s, {failures} failed; " +
                              $"p50 {results[total / 2]:0.00} ms, p99 {results[(int)(total * 0.99)]:0.00} ms, "
                                  + $"max {results[^1]:0.00} ms");
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Directory.Delete(copy, recursive: true);
        }
    }

    internal static void CopyDir(string from, string to, string dbFile)
    {
        Directory.CreateDirectory(to);
        foreach (var f in new[] { dbFile, dbFile + ".wal" }.Select(x => Path.Combine(from, x)).Where(File.Exists))
            File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        var models = Path.Combine(from, "models");
        if (Directory.Exists(models))
            foreach (var f in Directory.GetFiles(models, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(to, "models", Path.GetRelativePath(models, f));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(f, target);
            }
    }
}
