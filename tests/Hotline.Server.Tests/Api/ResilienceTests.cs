using System.Net;
using System.Text.Json;
using Hotline.Ingest.Sources;

namespace Hotline.Server.Tests.Api;

/// <summary>
/// What used to stop or break `hotline serve`: a poison event on Kafka, extreme times in bodies and query strings,
/// a warehouse without its model files, unauthenticated floods, and a stage that cannot run at all.
/// </summary>
[Collection("routing")]
public sealed class ResilienceTests(RoutingWarehouse w)
{
    private static Task<ServerHost> Start(string db, string? kafka = null, int failedAuth = 1000, int maxFailures = 10)
        => ServerHost.StartAsync(new ServerOptions
        {
            DbPath = db, Listen = "http://127.0.0.1:0", Kafka = kafka, SuggestEvery = TimeSpan.FromMilliseconds(300),
            ScanEvery = TimeSpan.FromHours(1), DataClock = true, ReportsDir = null, FailedAuthPerMinute = failedAuth,
            MaxStageFailures = maxFailures, FirstRetryDelay = TimeSpan.FromMilliseconds(100),
        }, _ => { });

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Poison_events_on_kafka_are_dead_lettered_and_ingest_goes_on()
    {
        var db = w.CopyTrained();
        await using var host = await Start(db, kafka: "embedded");
        var start = RoutingWarehouse.Start.AddDays(RoutingWarehouse.Days);
        var good = TestData.Simulate(days: 1, perDay: 100, seed: 61, start: start);
        string[] poison =
        [
            """{"schema_version":1,"event_id":"p1","type":"closed","ticket_id":"t","occurred_at":"9999-12-31T23:59:59+00:00"}""",
            """{"schema_version":1,"event_id":"p2","type":"closed","ticket_id":"t","occurred_at":"0001-01-01T00:00:00+14:00"}""",
            "{\"schema_version\":1,\"event_id\":\"n1\\u0000resend\",\"type\":\"closed\",\"ticket_id\":\"t\",\"occurred_at\":\"2025-04-30T08:00:00+08:00\"}",
            """{"schema_version":1,"event_id":"p4","type":"closed","type":"created","ticket_id":"t","occurred_at":"2025-04-30T08:00:00+08:00"}""",
            """{"schema_version":1e400}""",
        ];
        using (var producer = KafkaTestKit.Producer(host.KafkaBootstrap!))
        {
            var i = 0;
            foreach (var e in good)
            {
                KafkaTestKit.Produce(producer, KafkaIngestOptions.DefaultTopic, e.TicketId, EventJson.ToUtf8(e));
                if (i++ % 100 == 50 && i / 100 < poison.Length)
                    KafkaTestKit.Produce(producer, KafkaIngestOptions.DefaultTopic, "p",
                        Encoding.UTF8.GetBytes(poison[i / 100]));
            }
            foreach (var p in poison) KafkaTestKit.Produce(producer, KafkaIngestOptions.DefaultTopic, "p",
                Encoding.UTF8.GetBytes(p));
            producer.Flush(TimeSpan.FromSeconds(10));
        }
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Interlocked.Read(ref host.Ingest!.Progress.Inserted) < good.Count && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        Assert.Equal(good.Count, Interlocked.Read(ref host.Ingest.Progress.Inserted));
        Assert.True(Interlocked.Read(ref host.Ingest.Progress.DeadLetters) >= poison.Length);
        Assert.Equal(Workers.StageState.Running, host.Ingest.Health.State);

        using var http = new HttpClient { BaseAddress = new Uri(host.Url) };
        var health = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var doc = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        var ingest = doc.RootElement.GetProperty("stages").GetProperty("ingest");
        Assert.Equal("running", ingest.GetProperty("state").GetString());
        Assert.True(ingest.GetProperty("events_ingested").GetInt64() >= good.Count);
        Assert.NotEqual(JsonValueKind.Null, ingest.GetProperty("last_commit_at").ValueKind);
    }

    [Fact]
    public async Task A_stage_that_cannot_run_reports_failing_then_stops_the_server_with_a_non_zero_code()
    {
        var db = w.CopyTrained();
        await using var host = await Start(db, kafka: "127.0.0.1:1", maxFailures: 2);
        using var http = new HttpClient { BaseAddress = new Uri(host.Url) };
        var sawFailing = false;
        var deadline = DateTime.UtcNow.AddSeconds(40);
        var stopped = host.WaitForShutdownAsync(CancellationToken.None);
        while (!stopped.IsCompleted && DateTime.UtcNow < deadline)
        {
            try
            {
                var res = await http.GetAsync("/healthz");
                if (res.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    using var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
                    Assert.Equal("failing", doc.RootElement.GetProperty("status").GetString());
                    Assert.Contains("Kafka", doc.RootElement.GetProperty("stages").GetProperty("ingest")
                        .GetProperty("last_error").GetString());
                    sawFailing = true;
                }
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        await stopped.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(sawFailing, "/healthz said 503 while the ingest was failing");
        Assert.Equal(70, host.ExitCode);
    }

    [Fact]
    public async Task Extreme_times_and_broken_bodies_get_plain_400s_never_a_500_or_a_type_name()
    {
        var db = w.CopyTrained();
        var centre = ServerTestKit.AddKey(db, "centre");
        var unit = ServerTestKit.AddKey(db, "unit:C-ZJ");
        await using var host = await Start(db);
        using var c = ServerTestKit.Client(host, centre);
        (string Body, string Says)[] bad =
        [
            ("""{"content":"路灯坏了","received_at":"9999-12-31T23:00:00Z"}""", "'received_at' must be between"),
            ("""{"content":"路灯坏了","received_at":"0001-01-01T00:00:00+14:00"}""", "'received_at' must be between"),
            ("""{"content":"路灯坏了","received_at":12}""", "'received_at' must be a string"),
            ("""{"content":"路灯坏了","received_at":"yesterday"}""", "ISO 8601"),
            ("""{"content":"a","content":"b"}""", "appears more than once"),
            ("""{"content":["a"]}""", "'content' must be a string"),
            ("""{"content":"路灯坏了","district":"3713\u000002"}""", "control character"),
            ("""[1,2]""", "must be a JSON object"),
        ];
        foreach (var (body, says) in bad)
        {
            var res = await c.PostAsync("/v1/route", Json(body));
            var text = await res.Content.ReadAsStringAsync();
            Assert.True(res.StatusCode == HttpStatusCode.BadRequest, $"{body} → {(int)res.StatusCode} {text}");
            Assert.Contains(says, text);
            Assert.DoesNotContain("System.", text);
            Assert.DoesNotContain("Hotline.", text);
        }
        using var u = ServerTestKit.Client(host, unit);
        foreach (var url in new[]
        {
            "/v1/units/C-ZJ/tickets?since=9999-12-31T23:00:00Z",
                "/v1/units/C-ZJ/tickets?since=0001-01-01T00:00:00%2B14:00",
            "/v1/alerts?since=9999-12-31T23:00:00Z",
        })
        {
            var res = await (url.StartsWith("/v1/alerts", StringComparison.Ordinal) ? c : u).GetAsync(url);
            Assert.True(res.StatusCode == HttpStatusCode.BadRequest, $"{url} → {(int)res.StatusCode}");
        }
    }

    [Fact]
    public async Task Requests_without_a_valid_key_are_throttled_per_address()
    {
        var db = w.CopyTrained();
        await using var host = await Start(db, failedAuth: 5);
        using var anon = new HttpClient { BaseAddress = new Uri(host.Url) };
        anon.DefaultRequestHeaders.Add("X-Api-Key", "hk_000000000000_guess");
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++) codes.Add((await anon.GetAsync("/v1/alerts")).StatusCode);
        Assert.Equal(5, codes.Count(x => x == HttpStatusCode.Unauthorized));
        Assert.Equal(3, codes.Count(x => x == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task A_warehouse_whose_model_files_are_gone_still_serves_and_says_so_on_route()
    {
        var db = w.CopyTrained();
        Directory.Delete(Path.Combine(Path.GetDirectoryName(db)!, "models"), recursive: true);
        var centre = ServerTestKit.AddKey(db, "centre");
        await using var host = await Start(db);
        using var c = ServerTestKit.Client(host, centre);
        var res = await c.PostAsync("/v1/route", Json("""{"content":"路灯坏了"}"""));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, res.StatusCode);
        Assert.Contains("hotline train", await res.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/v1/alerts")).StatusCode);
    }
}
