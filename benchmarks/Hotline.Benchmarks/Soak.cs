using System.Net.Http.Json;

namespace Hotline.Benchmarks;

public sealed record SoakOptions
{
    public required string DbPath { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>New simulated events per second streamed through Kafka into the server.</summary>
    public int EventsPerSecond { get; init; } = 300;
    /// <summary>Concurrent API clients (unit pages, routing, alerts, health), closed loop.</summary>
    public int Clients { get; init; } = 24;
    public int Seed { get; init; } = 17;
    public Action<string> Progress { get; init; } = _ => { };
}

/// <summary>
/// One memory sample: managed heap after a full collection, the process's resident set, and DuckDB's.
/// </summary>
public sealed record SoakSample(double Minute, double ManagedMb, double ResidentMb, double DuckDbMb, long Events,
    int UnitViewTickets);

public sealed record SoakResult(long Requests, long Failed, IReadOnlyList<string> FailureSamples, long Produced,
    long Ingested, long DeadLetters, long EventsStored, long EventsExpected, int Scans, int JobRuns,
    IReadOnlyList<string> ServerProblems, IReadOnlyList<SoakSample> Samples)
{
    /// <summary>
    /// Managed heap growth from the first sample after warm-up to the mean of the last quarter, in MB: "memory
    /// flat" means this stays small while data keeps arriving (the unit view is capped at its starting size).
    /// </summary>
    public double ManagedGrowthMb => Growth(s => s.ManagedMb);

    public double ResidentGrowthMb => Growth(s => s.ResidentMb);

    private double Growth(Func<SoakSample, double> f)
    {
        if (Samples.Count < 4) return 0;
        var warm = Samples[Samples.Count / 4];
        return Samples.Skip(Samples.Count * 3 / 4).Average(f) - f(warm);
    }
}

/// <summary>
/// Mixed load on one `hotline serve` for a stretch of wall time: new simulated days streamed through Kafka (embedded
/// mock cluster, real protocol) at a steady rate, API clients reading unit pages, asking for routing, listing
/// alerts and polling /healthz, warning scans every 20 s and the report scheduler every 10 s on the data clock
/// (so daily and weekly reports fall due as simulated days pass). It counts every failed request, every problem the
/// server logs and every event not stored exactly once, and samples memory every 10 s.
/// The benchmark runs 30 minutes on the demo warehouse; CI runs 2 minutes (Hotline.Integration.Tests).
/// </summary>
public static class Soak
{
    public static SoakResult Run(SoakOptions o)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"hotline-soak-{Guid.NewGuid():N}");
        RoutingThroughput.CopyDir(Path.GetDirectoryName(Path.GetFullPath(o.DbPath))!, copy,
            Path.GetFileName(o.DbPath));
        try { return RunOn(Path.Combine(copy, Path.GetFileName(o.DbPath)), Path.Combine(copy, "reports"), o); }
        finally { Directory.Delete(copy, recursive: true); }
    }

    private static SoakResult RunOn(string db, string reports, SoakOptions o)
    {
        var keys = new Dictionary<string, string>();
        List<string> units;
        List<object> routeBodies;
        long eventsBefore;
        int unitView;
        DateOnly next;
        using (var w = WarehouseDb.Open(db, ServerSchema.AllStages))
        {
            var c = w.Connection;
            units = Sql.Rows(c, """
                SELECT lead_unit FROM tickets WHERE lead_unit IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 12
                """, r => r.GetString(0));
            foreach (var u in units) keys[u] = ApiKeys.Add(c, AccessRole.Parse("unit:" + u), "soak",
                DateTime.Now).Secret;
            keys["centre"] = ApiKeys.Add(c, AccessRole.Parse("centre"), "soak", DateTime.Now).Secret;
            keys["emergency"] = ApiKeys.Add(c, AccessRole.Parse("emergency-office"), "soak", DateTime.Now).Secret;
            routeBodies = Sql.Rows(c, "SELECT content, district FROM tickets ORDER BY hash(ticket_id) LIMIT 500",
                r => (object)new { content = r.GetString(0), district = r.IsDBNull(1) ? null : r.GetString(1) });
            eventsBefore = Sql.Scalar<long>(c, "SELECT count(*) FROM ticket_events");
            unitView = (int)Sql.Scalar<long>(c, "SELECT count(*) FROM tickets");
            next = DateOnly.FromDateTime(Sql.Scalar<DateTime>(c, "SELECT max(received_at) FROM tickets")).AddDays(1);
        }
        var problems = new List<string>();
        var host = ServerHost.StartAsync(new ServerOptions
        {
            DbPath = db, Listen = "http://127.0.0.1:0", Kafka = "embedded", DataClock = true, ReportsDir = reports,
            ScanEvery = TimeSpan.FromSeconds(20), ScheduleEvery = TimeSpan.FromSeconds(10),
            RequestsPerMinute = 1_000_000, UnitViewCapacity = unitView,
        }, line =>
        {
            // Problems the server reports: failed stages, jobs and 5xx (normal progress lines are not counted).
            if (line.Contains("fail", StringComparison.OrdinalIgnoreCase)
                || line.StartsWith("error", StringComparison.Ordinal)
                || line.Contains("gave up", StringComparison.Ordinal))
                lock (problems) problems.Add(line);
        }).GetAwaiter().GetResult();
        var until = DateTime.UtcNow + o.Duration;
        long requests = 0, failed = 0;
        var failures = new List<string>();
        var samples = new List<SoakSample>();
        var watch = Stopwatch.StartNew();
        try
        {
            using var stop = new CancellationTokenSource();
            long produced = 0;
            var producer = Task.Factory.StartNew(() =>
            {
                var sim = new CitySimulator(new SimulatorOptions
                {
                    Start = next, Days = 365, TicketsPerDay = 1500, Seed = o.Seed,
                });
                using var sink = new KafkaSink(host.KafkaBootstrap!, host.Options.Topic);
                var paced = new PacedSink(sink, o.EventsPerSecond, until, stop.Token);
                // The paced sink ends the run by throwing when the soak is over (the simulator has no stop hook).
                try { sim.Run(paced, cancel: stop.Token); }
                catch (Exception ex) when (ex is OperationCanceledException
                    || ex.InnerException is OperationCanceledException)
                { }
                sink.Flush();
                Interlocked.Exchange(ref produced, sink.Produced);
            }, TaskCreationOptions.LongRunning);

            var handler = new SocketsHttpHandler { MaxConnectionsPerServer = o.Clients };
            using var http = new HttpClient(handler)
            {
                BaseAddress = new Uri(host.Url),
                Timeout = TimeSpan.FromSeconds(30)
            };
            var clients = Enumerable.Range(0, o.Clients).Select(i => Task.Run(async () =>
            {
                string? cursor = null;
                var unit = units[i % units.Count];
                for (var k = 0; DateTime.UtcNow < until; k++)
                {
                    HttpRequestMessage req;
                    switch ((i + k) % 8)
                    {
                        case 0:
                            req = new HttpRequestMessage(HttpMethod.Post, "/v1/route")
                            {
                                Content = JsonContent.Create(routeBodies[(i * 31 + k) % routeBodies.Count]),
                            };
                            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys["centre"]);
                            break;
                        case 1:
                            req = new HttpRequestMessage(HttpMethod.Get, "/v1/alerts?limit=50");
                            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys["emergency"]);
                            break;
                        case 2:
                            req = new HttpRequestMessage(HttpMethod.Get, "/healthz");
                            break;
                        default:
                            req = new HttpRequestMessage(HttpMethod.Get,
                                $"/v1/units/{unit}/tickets?limit=100" + (cursor is null ? "" : $"&cursor={cursor}"));
                            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys[unit]);
                            break;
                    }
                    var isPage = req.RequestUri!.OriginalString.StartsWith("/v1/units", StringComparison.Ordinal);
                    try
                    {
                        using var res = await http.SendAsync(req);
                        var body = await res.Content.ReadAsByteArrayAsync();
                        Interlocked.Increment(ref requests);
                        if (!res.IsSuccessStatusCode)
                        {
                            Fail($"{req.Method} {req.RequestUri}: {(int)res.StatusCode} "
                                + Encoding.UTF8.GetString(body, 0, Math.Min(200, body.Length)));
                            continue;
                        }
                        if (isPage)
                        {
                            using var doc = JsonDocument.Parse(body);
                            cursor = doc.RootElement.GetProperty("next_cursor").GetString();
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
                    {
                        Interlocked.Increment(ref requests);
                        Fail($"{req.Method} {req.RequestUri}: {ex.GetType().Name}: {ex.Message}");
                    }
                }
            })).ToArray();

            void Fail(string what)
            {
                Interlocked.Increment(ref failed);
                lock (failures) if (failures.Count < 20) failures.Add(what);
            }

            while (DateTime.UtcNow < until)
            {
                Thread.Sleep(TimeSpan.FromSeconds(Math.Min(10, Math.Max(0.1, (until - DateTime.UtcNow).TotalSeconds))));
                var sample = Sample(host, watch.Elapsed.TotalMinutes);
                samples.Add(sample);
                o.Progress($"{sample.Minute,5:0.0} min: {Interlocked.Read(ref requests):N0} requests "
                    + $"({Interlocked.Read(ref failed)} failed), {sample.Events:N0} events in, managed "
                    + $"{sample.ManagedMb:0} MB, resident {sample.ResidentMb:0} MB, DuckDB {sample.DuckDbMb:0} MB");
            }
            Task.WaitAll(clients);
            producer.GetAwaiter().GetResult();
            // Everything produced must be stored exactly once before the count is taken.
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (Interlocked.Read(ref host.Ingest!.Progress.Read) < Interlocked.Read(ref produced)
                && DateTime.UtcNow < deadline) Thread.Sleep(100);
            Thread.Sleep(500);
            var p = host.Ingest.Progress;
            using var conn = host.Warehouse.Connect();
            var stored = Sql.Scalar<long>(conn, "SELECT count(*) FROM ticket_events");
            return new SoakResult(requests, failed, failures, produced, Interlocked.Read(ref p.Inserted),
                Interlocked.Read(ref p.DeadLetters), stored, eventsBefore + produced, host.Warnings.Scans,
                host.Scheduler!.Runs, problems, samples);
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static SoakSample Sample(ServerHost host, double minute)
    {
        var managed = GC.GetTotalMemory(forceFullCollection: true) / 1e6;
        using var self = Process.GetCurrentProcess();
        using var conn = host.Warehouse.Connect();
        var duck = Sql.Scalar<long>(conn, "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()") / 1e6;
        return new SoakSample(minute, managed, self.WorkingSet64 / 1e6, duck,
            Interlocked.Read(ref host.Ingest!.Progress.Inserted), host.UnitView.Count);
    }

    /// <summary>Holds the simulator to a steady rate until the end of the soak.</summary>
    private sealed class PacedSink(IEventSink inner, int perSecond, DateTime until, CancellationToken stop)
        : IEventSink
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private long _written;

        public void Write(TicketEvent e)
        {
            if (DateTime.UtcNow >= until) throw new OperationCanceledException();
            while (_written > _watch.Elapsed.TotalSeconds * perSecond)
            {
                if (stop.IsCancellationRequested || DateTime.UtcNow >= until) throw new OperationCanceledException();
                Thread.Sleep(5);
            }
            inner.Write(e);
            _written++;
        }
    }
}
