namespace Hotline.Benchmarks;

/// <summary>
/// `GET /v1/units/{id}/tickets` under many concurrent readers (closed loop: each client sends its next request when the
/// last one answers) on a copy of a warehouse, and what those readers cost Kafka ingest in the same server: the
/// same stream of new simulated events is ingested once alone and once while the readers run, and both rates are
/// reported with their ratio.
/// </summary>
public static class UnitReadThroughput
{
    public static void Run(string dbPath, int clients, int seconds)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"hotline-bench-{Guid.NewGuid():N}");
        RoutingThroughput.CopyDir(Path.GetDirectoryName(Path.GetFullPath(dbPath))!, copy, Path.GetFileName(dbPath));
        var db = Path.Combine(copy, Path.GetFileName(dbPath));
        List<string> units;
        var keys = new Dictionary<string, string>();
        DateOnly next;
        using (var w = WarehouseDb.Open(db, ServerSchema.AllStages))
        {
            units = Sql.Rows(w.Connection, """
                SELECT lead_unit FROM tickets WHERE lead_unit IS NOT NULL AND lead_unit NOT LIKE 'E-%'
                GROUP BY 1 ORDER BY count(*) DESC LIMIT 40
                """, r => r.GetString(0));
            foreach (var u in units)
                keys[u] = ApiKeys.Add(w.Connection, AccessRole.Parse("unit:" + u), "bench", DateTime.Now).Secret;
            next = DateOnly.FromDateTime(Sql.Scalar<DateTime>(w.Connection, "SELECT max(received_at) FROM tickets"))
                .AddDays(1);
        }
        var host = ServerHost.StartAsync(new ServerOptions
        {
            DbPath = db, Listen = "http://127.0.0.1:0", ReportsDir = null, ScanEvery = TimeSpan.FromHours(1),
            RequestsPerMinute = 1_000_000, Kafka = "embedded",
        }, _ => { }).GetAwaiter().GetResult();
        try
        {
            var stream = new EventStream(host, next);
            var alone = stream.Ingest(TimeSpan.FromSeconds(seconds / 2.0));
            Console.WriteLine($"Kafka ingest in serve, no readers: {alone:N0} events/s");

            // Readers alone, then readers with a steady stream far above any city's (a city of 10 million files
            // ~30k tickets a day, ~2 events a second), then readers with ingest as fast as it goes.
            const int Steady = 1_000;
            foreach (var (label, rate) in new (string, int?)[]
                     { ("no ingest", 0), ($"ingest at {Steady:N0} events/s", Steady), ("ingest flat out", null) })
            {
                var ingested = 0.0;
                var ingest = rate == 0 ? Task.CompletedTask : Task.Run(() =>
                {
                    Thread.Sleep(2_000);
                    ingested = stream.Ingest(TimeSpan.FromSeconds(seconds - 4), rate);
                });
                var (latencies, errors) = Read(host, units, keys, clients, seconds);
                ingest.GetAwaiter().GetResult();
                var l = latencies.Order().ToArray();
                Console.WriteLine($"GET /v1/units/{{id}}/tickets, {clients} concurrent clients, {seconds} s, {label}: "
                    + $"{l.Length:N0} answered ({l.Length / (seconds - 2.0):N0}/s), {errors} errors; "
                    + $"p50 {l[l.Length / 2]:0.0} ms, p99 {l[(int)(l.Length * 0.99)]:0.0} ms, max {l[^1]:0.0} ms"
                    + (rate == 0 ? "" : $"; ingested {ingested:N0} events/s ({ingested / alone:0.00}× alone)"));
            }
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Directory.Delete(copy, recursive: true);
        }
    }

    private static (List<double> Latencies, int Errors) Read(ServerHost host, List<string> units,
        Dictionary<string, string> keys, int clients, int seconds)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients };
        using var http = new HttpClient(handler)
        {
            BaseAddress = new Uri(host.Url),
            Timeout = TimeSpan.FromSeconds(60)
        };
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var errors = 0;
        var until = DateTime.UtcNow.AddSeconds(seconds);
        var warm = DateTime.UtcNow.AddSeconds(2);
        var tasks = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var unit = units[c % units.Count];
            string? cursor = null;
            while (DateTime.UtcNow < until)
            {
                var req = new HttpRequestMessage(HttpMethod.Get,
                    $"/v1/units/{unit}/tickets?limit=100" + (cursor is null ? "" : $"&cursor={cursor}"));
                req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys[unit]);
                var t0 = Stopwatch.GetTimestamp();
                using var res = await http.SendAsync(req);
                var body = await res.Content.ReadAsByteArrayAsync();
                var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (!res.IsSuccessStatusCode) { Interlocked.Increment(ref errors); continue; }
                if (DateTime.UtcNow > warm) latencies.Add(ms);
                cursor = NextCursor(body);
            }
        })).ToArray();
        Task.WaitAll(tasks);
        return ([.. latencies], errors);
    }

    /// <summary>
    /// The page's next_cursor, read from the end of the body without parsing the whole page: the load generator shares
    /// the 2 cores with the server, and a full parse per answer would measure the client, not the server.
    /// </summary>
    private static string? NextCursor(byte[] body)
    {
        var tail = Encoding.UTF8.GetString(body, Math.Max(0, body.Length - 400), Math.Min(400, body.Length));
        var at = tail.LastIndexOf("\"next_cursor\":", StringComparison.Ordinal);
        if (at < 0) return null;
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("[" + tail[(at + 14)..].TrimEnd('}') + "]"));
        reader.Read();
        reader.Read();
        return reader.GetString();
    }

    /// <summary>
    /// New simulated days produced into the server's embedded Kafka as fast as it ingests them (never more than
    /// <see cref="KafkaStream.MaxLag"/> ahead: the mock cluster keeps a few MB per partition).
    /// </summary>
    private sealed class EventStream(ServerHost host, DateOnly start)
    {
        private readonly IEnumerator<TicketEvent> _events = Events(start).GetEnumerator();

        /// <summary>
        /// Produces for the given time (at most <paramref name="rate"/> a second); returns the events ingested per
        /// second, counted until the last one produced is stored.
        /// </summary>
        public double Ingest(TimeSpan duration, int? rate = null)
        {
            var progress = host.Ingest!.Progress;
            var from = Interlocked.Read(ref progress.Inserted);
            var watch = Stopwatch.StartNew();
            using (var sink = new KafkaSink(host.KafkaBootstrap!, host.Options.Topic))
            {
                var produced0 = Interlocked.Read(ref progress.Read);
                while (watch.Elapsed < duration && _events.MoveNext())
                {
                    while (sink.Produced - (Interlocked.Read(ref progress.Read) - produced0) > KafkaStream.MaxLag
                        || sink.Produced > watch.Elapsed.TotalSeconds * (rate ?? int.MaxValue))
                        Thread.Sleep(5);
                    sink.Write(_events.Current);
                }
                sink.Flush();
                while (Interlocked.Read(ref progress.Read) - produced0 < sink.Produced) Thread.Sleep(5);
            }
            return (Interlocked.Read(ref progress.Inserted) - from) / watch.Elapsed.TotalSeconds;
        }

        /// <summary>
        /// The simulator writes into a sink; this turns its run into a sequence (on its own thread, bounded; the
        /// thread is a background one and simply stops with the process).
        /// </summary>
        private static IEnumerable<TicketEvent> Events(DateOnly start)
        {
            using var queue = new System.Collections.Concurrent.BlockingCollection<TicketEvent>(50_000);
            var sim = Task.Factory.StartNew(() =>
            {
                try
                {
                    new CitySimulator(new SimulatorOptions
                    {
                        Start = start, Days = 120, TicketsPerDay = 3000,
                        Seed = 23
                    })
                        .Run(new QueueSink(queue));
                }
                finally { queue.CompleteAdding(); }
            }, TaskCreationOptions.LongRunning);
            foreach (var e in queue.GetConsumingEnumerable()) yield return e;
            sim.GetAwaiter().GetResult();
        }
    }

    private sealed class QueueSink(System.Collections.Concurrent.BlockingCollection<TicketEvent> queue) : IEventSink
    {
        public void Write(TicketEvent e) => queue.Add(e);
    }
}
