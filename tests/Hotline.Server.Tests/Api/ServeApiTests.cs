using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hotline.Simulator;

namespace Hotline.Server.Tests.Api;

/// <summary>
/// `hotline serve` in-process on a loopback port: the real Kestrel server, real HTTP, real DuckDB, real Kafka protocol.
/// </summary>
[Collection("routing")]
public sealed class ServeApiTests(RoutingWarehouse w)
{
    private static async Task<ServerHost> Start(string db, string? kafka = null) =>
        await ServerHost.StartAsync(new ServerOptions
        {
            DbPath = db, Listen = "http://127.0.0.1:0", Kafka = kafka, SuggestEvery = TimeSpan.FromMilliseconds(300),
            ScanEvery = TimeSpan.FromSeconds(1), DataClock = true,
        }, _ => { });

    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Route_returns_a_suggestion_with_reasons_and_the_model_version()
    {
        var db = w.CopyTrained();
        var key = ServerTestKit.AddKey(db, "centre");
        await using var host = await Start(db);
        using var http = ServerTestKit.Client(host, key);
        var res = await http.PostAsync("/v1/route",
            JsonBody("""{"content":"楼下饭店后厨着火了，烟很大，快派人来","district":"371302","received_at":"2025-04-30T10:00:00+08:00"}"""));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        using var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
        Assert.Equal(host.Serving.Current!.Run.Version, doc.RootElement.GetProperty("model_version").GetString());
        var s = doc.RootElement.GetProperty("suggestion");
        Assert.Equal("transfer_119", s.GetProperty("disposition").GetString());
        Assert.True(s.GetProperty("reasons").GetArrayLength() > 0);
        Assert.InRange(s.GetProperty("confidence").GetDouble(), 0, 1);

        var ordinary = await http.PostAsync("/v1/route",
            JsonBody("""{"content":"小区门口的路灯坏了一个多月了，晚上出门很不安全","district":"371311"}"""));
        using var o = JsonDocument.Parse(await ordinary.Content.ReadAsStringAsync());
        Assert.Equal(3, o.RootElement.GetProperty("suggestion").GetProperty("units").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(o.RootElement.GetProperty("suggestion").GetProperty("due_at").GetString()));
    }

    [Fact]
    public async Task Dispatchers_feedback_is_stored_checked_and_kept_from_units()
    {
        var db = w.CopyTrained();
        var key = ServerTestKit.AddKey(db, "centre");
        var unitKey = ServerTestKit.AddKey(db, "unit:CD-ZJ-371302");
        await using var host = await Start(db);
        using var http = ServerTestKit.Client(host, key);
        string? ticket = null;
        for (var i = 0; i < 100 && ticket is null; i++)
        {
            await Task.Delay(200);
            using var c = host.Warehouse.Connect();
            ticket = Sql.Scalar<string>(c, "SELECT min(ticket_id) FROM route_suggestions WHERE lead_unit IS NOT NULL");
        }
        Assert.NotNull(ticket);

        var res = await http.PostAsync($"/v1/route/{ticket}/feedback",
            JsonBody("""{"verdict":"overridden","unit_id":"D-371302","category":"CM.MUNI.LIGHT"}"""));
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        using (var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync()))
            Assert.Equal("overridden", doc.RootElement.GetProperty("verdict").GetString());
        var accepted = await http.PostAsync($"/v1/route/{ticket}/feedback", JsonBody("""{"verdict":"accepted"}"""));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        using (var c = host.Warehouse.Connect())
            Assert.Equal(2L,
                Sql.Scalar<long>(c, "SELECT count(*) FROM route_feedback WHERE ticket_id = $t", ("t", ticket)));

        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync($"/v1/route/{ticket}/feedback",
            JsonBody("""{"verdict":"maybe"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync($"/v1/route/{ticket}/feedback",
            JsonBody("""{"verdict":"overridden"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync($"/v1/route/{ticket}/feedback",
            JsonBody("""{"verdict":"overridden","unit_id":"NOPE"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/v1/route/T-none/feedback",
            JsonBody("""{"verdict":"accepted"}"""))).StatusCode);
        using var unit = ServerTestKit.Client(host, unitKey);
        var refused = await unit.PostAsync($"/v1/route/{ticket}/feedback", JsonBody("""{"verdict":"accepted"}"""));
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{refused.StatusCode}");
    }

    public static TheoryData<string, string, int> BadRequests => new()
    {
        { "not json", "{ this is not json", 400 },
        { "empty body", "", 400 },
        { "json null", "null", 400 },
        { "array", "[1,2,3]", 400 },
        { "missing content", """{"district":"371302"}""", 400 },
        { "blank content", """{"content":"   "}""", 400 },
        { "content wrong type", """{"content":5}""", 400 },
        { "unknown district", """{"content":"路灯坏了","district":"999999"}""", 400 },
        { "unknown township", """{"content":"路灯坏了","township":"x"}""", 400 },
        { "bad time", """{"content":"路灯坏了","received_at":"yesterday"}""", 400 },
        { "too long", "{\"content\":\"" + new string('吵', 6_000) + "\"}", 400 },
        { "too large", "{\"content\":\"" + new string('a', 70_000) + "\"}", 413 },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Invalid_input_gets_a_problem_document_never_a_500(string why, string body, int status)
    {
        var db = w.CopyTrained();
        var key = ServerTestKit.AddKey(db, "centre");
        await using var host = await Start(db);
        using var http = ServerTestKit.Client(host, key);
        var res = await http.PostAsync("/v1/route", JsonBody(body));
        Assert.True((int)res.StatusCode == status,
            $"{why}: {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
        Assert.Equal(status, doc.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(doc.RootElement.GetProperty("title").GetString()));

        var wrongType = new StringContent("content=路灯坏了", Encoding.UTF8);
        wrongType.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await http.PostAsync("/v1/route", wrongType)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v1/nothing-here")).StatusCode);
    }

    [Fact]
    public async Task A_consultation_comes_with_the_closest_past_answers()
    {
        var db = w.CopyTrained();
        using (var warehouse = WarehouseDb.Open(db, Hotline.Server.ServerSchema.AllStages))
            Hotline.Models.Knowledge.KbData.Import(warehouse.Connection,
            [
                new("a", "新生儿医保怎么办理需要带什么材料", "持出生医学证明和户口簿到社区办理，咨询电话13812345678", null, null),
                new("b", "公积金异地购房提取", "需提供购房合同和发票", null, null),
            ], "test", DateTime.Now);
        var key = ServerTestKit.AddKey(db, "centre");
        await using var host = await Start(db);
        using var http = ServerTestKit.Client(host, key);
        var res = await http.PostAsync("/v1/route",
            JsonBody("""{"content":"刚出生的宝宝医保怎么办，要带啥材料","district":"371302","request_type":"consultation"}"""));
        var text = await res.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        var answers = doc.RootElement.GetProperty("similar_answers");
        Assert.True(answers.GetArrayLength() >= 1, text);
        // The simulated history's own answered consultations compete with the imported ones: the top answer is about
        // 医保.
        Assert.Contains("医保", answers[0].GetProperty("question").GetString());
        Assert.Contains(answers.EnumerateArray(), a => a.GetProperty("id").GetString() == "test:a"
            || a.GetProperty("question").GetString()!.Contains("医保"));
        Assert.DoesNotContain("13812345678", text);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_route_endpoint()
    {
        var db = w.CopyTrained();
        var key = ServerTestKit.AddKey(db, "centre");
        await using var host = await Start(db);
        using var http = ServerTestKit.Client(host, key);
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var post = doc.RootElement.GetProperty("paths").GetProperty("/v1/route").GetProperty("post");
        Assert.True(post.GetProperty("responses").TryGetProperty("200", out _));
        Assert.True(post.GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(post.TryGetProperty("requestBody", out _));
    }

    [Fact]
    public async Task Without_a_model_route_answers_503_with_what_to_do()
    {
        var db = Path.Combine(TestData.TempDir("serve-empty"), "w.duckdb");
        File.Copy(w.Path, db);
        var key = ServerTestKit.AddKey(db, "centre");
        await using var host = await Start(db);
        using var http = ServerTestKit.Client(host, key);
        var res = await http.PostAsync("/v1/route", JsonBody("""{"content":"路灯坏了"}"""));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Streamed_tickets_get_suggestions_as_they_arrive()
    {
        var db = w.CopyTrained();
        long backlog;
        using (var before = WarehouseDb.Open(db, Hotline.Server.ServerSchema.AllStages))
        {
            // Held-out history after the training window gets suggestions too; count it so we wait for the new ones.
            var trainedTo = new Hotline.Models.Routing.ModelRegistry(before)
                .CurrentPromoted(Hotline.Models.Routing.ModelRegistry.Routing)!.TrainedTo!.Value;
            backlog = Sql.Scalar<long>(before.Connection,
                "SELECT count(DISTINCT ticket_id) FROM ticket_events WHERE type = 'created' AND received_at >= $t",
                ("t", trainedTo));
        }
        await using var host = await Start(db, kafka: "embedded");
        // Two new days after the history, produced while the server consumes them.
        var start = RoutingWarehouse.Start.AddDays(RoutingWarehouse.Days);
        var events = TestData.Simulate(days: 2, perDay: 150, seed: 99, start: start);
        var created = events.Where(e => e.Type == EventTypes.Created).Select(e => e.TicketId).ToHashSet();
        using (var sink = new KafkaSink(host.KafkaBootstrap!, Hotline.Ingest.Sources.KafkaIngestOptions.DefaultTopic))
        {
            foreach (var e in events) sink.Write(e);
            sink.Flush();
        }
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (Interlocked.Read(ref host.Suggestions.Written) < backlog + created.Count
            && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.True(Interlocked.Read(ref host.Suggestions.Written) >= backlog + created.Count,
            $"{host.Suggestions.Written} suggestions for {created.Count} new tickets "
                + $"after 90 s; ingested {host.Ingest?.Progress?.Inserted}");
        while (host.Warnings.Scans < 1 && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.True(host.Warnings.Scans >= 1, "the early-warning scan ran inside the server");
        await host.DisposeAsync();

        using var warehouse = WarehouseDb.Open(db, Hotline.Server.ServerSchema.AllStages);
        Assert.Equal((long)created.Count,
            Sql.Scalar<long>(warehouse.Connection, "SELECT count(*) FROM route_suggestions WHERE received_at >= $s",
            ("s", start.ToDateTime(TimeOnly.MinValue))));
        Assert.Equal(0L, Sql.Scalar<long>(warehouse.Connection, "SELECT count(*) FROM dead_letters"));
    }
}
