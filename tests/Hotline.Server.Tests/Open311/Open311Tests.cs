using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Hotline.Server.Tests.Open311;

/// <summary>
/// Open311 GeoReport v2 on a running `hotline serve` (real Kestrel, real DuckDB, the mock Kafka cluster on loopback):
/// every answer is checked against the GeoReport schemas, a submission reaches the warehouse through the ingest
/// stream, and what the form says about the person reaches no output.
/// </summary>
[Collection("routing")]
public sealed class Open311Tests(RoutingWarehouse w)
{
    private const string Base = "/open311/v2";

    private static Task<ServerHost> Start(string db, string? kafka = "embedded") => ServerHost.StartAsync(
        new ServerOptions
        {
            DbPath = db, Listen = "http://127.0.0.1:0", Kafka = kafka, SuggestEvery = TimeSpan.FromMilliseconds(300),
            ScanEvery = TimeSpan.FromMinutes(10),
        }, _ => { });

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static async Task<string> Body(HttpResponseMessage res) => await res.Content.ReadAsStringAsync();

    [Theory]
    [InlineData("errors", """[{"code":"400","description":"x"}]""")]
    [InlineData("requests", """[{"service_request_id":"1","status":"pending","service_code":"a","requested_datetime":"2025-01-01T00:00:00+08:00"}]""")]
    [InlineData("requests", """[{"service_request_id":"1","status":"open","service_code":"a","requested_datetime":"yesterday"}]""")]
    [InlineData("requests", """[{"service_request_id":"1","status":"open","service_code":"a","requested_datetime":"2025-01-01T00:00:00+08:00","caller_phone_hash":"ab"}]""")]
    [InlineData("post-response", """[{"service_notice":"ok"}]""")]
    public void The_schemas_refuse_what_GeoReport_does_not_allow(string schema, string json) =>
        Assert.ThrowsAny<Exception>(() => GeoReportSchemas.AssertValid(schema, json));

    [Fact]
    public async Task The_catalogue_is_open_and_every_document_is_valid_GeoReport()
    {
        var db = w.CopyTrained();
        var key = ServerTestKit.AddKey(db, "intake");
        await using var host = await Start(db, kafka: null);
        using var http = ServerTestKit.Client(host, null);

        var discovery = await http.GetAsync("/open311/discovery.json");
        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        GeoReportSchemas.AssertValid("discovery", await Body(discovery));

        var services = await http.GetAsync($"{Base}/services.json");
        var servicesJson = await Body(services);
        GeoReportSchemas.AssertValid("services", servicesJson);
        using var list = JsonDocument.Parse(servicesJson);
        var codes = list.RootElement.EnumerateArray().Select(s => s.GetProperty("service_code").GetString()!).ToList();
        // Emergencies are phoned in, not filed: no category that transfers to 110/119/120/122 is a service.
        var transfers = ReferenceData.Default.Categories.Where(c => c.Disposition is Disposition.Transfer110
            or Disposition.Transfer119 or Disposition.Transfer120 or Disposition.Transfer122).ToList();
        Assert.NotEmpty(transfers);
        Assert.DoesNotContain(codes, c => transfers.Any(t => t.Code == c));
        Assert.True(codes.Count > 20, $"{codes.Count} services");

        var definition = await http.GetAsync($"{Base}/services/{codes[0]}.json");
        var definitionJson = await Body(definition);
        Assert.Equal(HttpStatusCode.OK, definition.StatusCode);
        GeoReportSchemas.AssertValid("service-definition", definitionJson);
        Assert.Contains("\"district\"", definitionJson);
        Assert.Contains("兰山区", definitionJson);

        foreach (var (path, status) in new[]
                 {
                     ($"{Base}/services/NO.SUCH.json", 404), ($"{Base}/services/{codes[0]}.xml", 400),
                     ($"{Base}/services.json?jurisdiction_id=1101", 404), ($"{Base}/requests.json", 401),
                 })
        {
            var res = await http.GetAsync(path);
            Assert.True((int)res.StatusCode == status, $"{path}: {(int)res.StatusCode}");
            GeoReportSchemas.AssertValid("errors", await Body(res));
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{Base}/services.json?jurisdiction_id=3713")).StatusCode);

        // Without its ingest stream the server takes no submissions, and says so in GeoReport's form.
        var refused = await http.PostAsync($"{Base}/requests.json", Form(("api_key", key), ("service_code", codes[0]),
            ("description", "路灯不亮"), ("lat", "35.06"), ("long", "118.34")));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        GeoReportSchemas.AssertValid("errors", await Body(refused));
    }

    [Fact]
    public async Task A_submission_reaches_the_warehouse_through_the_stream_and_reads_back_masked()
    {
        var db = w.CopyTrained();
        var intake = ServerTestKit.AddKey(db, "intake");
        var otherApp = ServerTestKit.AddKey(db, "intake");
        var centre = ServerTestKit.AddKey(db, "centre");
        var publicKey = ServerTestKit.AddKey(db, "public");
        await using var host = await Start(db);
        using var anonymous = ServerTestKit.Client(host, null);
        var light = ReferenceData.Default.Categories.First(c => c.Name.Contains("路灯")).Code;
        var township = ReferenceData.Default.Areas.First(a => a.Code == "371302002"); // 银雀山街道

        // GeoReport clients send the key as a form field.
        var res = await anonymous.PostAsync($"{Base}/requests.json", Form(("api_key", intake),
            ("service_code", light), ("lat", (township.Lat + 0.004).ToString(CultureInfo.InvariantCulture)),
            ("long", (township.Lon - 0.003).ToString(CultureInfo.InvariantCulture)),
            ("address_string", "银雀山路88号5号楼2单元"),
            ("description", "我叫王建国，小区门口路灯坏了半个月，晚上很黑，电话13812345678"),
            ("first_name", "建国"), ("last_name", "王"), ("email", "wangjg@example.com"), ("phone", "13812345678"),
            ("attribute[request_type]", "complaint")));
        var created = await Body(res);
        Assert.True(res.StatusCode == HttpStatusCode.Created, created);
        GeoReportSchemas.AssertValid("post-response", created);
        var id = JsonDocument.Parse(created).RootElement[0].GetProperty("service_request_id").GetString()!;

        // Readable at once (pending until the stream's event is materialized), then from the warehouse.
        using var app = ServerTestKit.Client(host, intake);
        var first = await app.GetAsync($"{Base}/requests/{id}.json");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        GeoReportSchemas.AssertValid("requests", await Body(first));
        string? stored = null;
        for (var i = 0; i < 100 && stored is null; i++)
        {
            await Task.Delay(200);
            using var c = host.Warehouse.Connect();
            stored = Sql.Scalar<string>(c, "SELECT ticket_id FROM tickets WHERE ticket_id = $t", ("t", id));
        }
        Assert.Equal(id, stored);
        var oneJson = await Body(await app.GetAsync($"{Base}/requests/{id}.json"));
        GeoReportSchemas.AssertValid("requests", oneJson);
        var one = JsonDocument.Parse(oneJson).RootElement[0];
        Assert.Equal("open", one.GetProperty("status").GetString());
        Assert.Equal(light, one.GetProperty("service_code").GetString());
        Assert.StartsWith("银雀山街道，兰山区", one.GetProperty("address").GetString());
        Assert.Equal(Math.Round(township.Lat + 0.004, 2), one.GetProperty("lat").GetDouble());
        foreach (var secret in new[] { "13812345678", "王建国", "wangjg", "88号", "5号楼" })
            Assert.DoesNotContain(secret, oneJson);
        Assert.Contains("路灯坏了", oneJson);

        using (var c = host.Warehouse.Connect())
        {
            var row = Sql.Rows(c, "SELECT district, township, request_type, channel, caller_id, caller_phone_hash, "
                + "caller_phone_masked FROM ticket_events WHERE ticket_id = $t",
                r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                    r.GetString(5), r.GetString(6)), ("t", id)).Single();
            Assert.Equal(("371302", "371302002", "complaint", "app"), (row.Item1, row.Item2, row.Item3, row.Item4));
            Assert.StartsWith("O", row.Item5);
            Assert.Equal("138****5678", row.Item7);
            // The person's name and e-mail address are stored nowhere; the audit log keeps no key.
            Assert.Equal(0L, Sql.Scalar<long>(c, "SELECT count(*) FROM ticket_events e WHERE "
                + "contains(CAST(COLUMNS(*) AS VARCHAR), 'wangjg') OR contains(CAST(COLUMNS(*) AS VARCHAR), "
                + "'example.com')"));
        }

        // Another app, the public and an anonymous caller see nothing of it; the centre does.
        using var other = ServerTestKit.Client(host, otherApp);
        var hidden = await other.GetAsync($"{Base}/requests/{id}.json");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        GeoReportSchemas.AssertValid("errors", await Body(hidden));
        // Without a key (as GeoReport clients read status) a submission is found by its id only, never listed.
        var tracked = await Body(await anonymous.GetAsync($"{Base}/requests/{id}.json"));
        GeoReportSchemas.AssertValid("requests", tracked);
        Assert.Equal(oneJson, tracked);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{Base}/requests.json")).StatusCode);
        string? someTicket;
        using (var c = host.Warehouse.Connect())
            someTicket = Sql.Scalar<string>(c, "SELECT min(ticket_id) FROM tickets");
        Assert.Equal(HttpStatusCode.NotFound,
            (await anonymous.GetAsync($"{Base}/requests/{someTicket}.json")).StatusCode);
        using var pub = ServerTestKit.Client(host, publicKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await pub.GetAsync($"{Base}/requests.json")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pub.PostAsync($"{Base}/requests.json",
            Form(("service_code", light), ("description", "路灯坏了"), ("lat", "35.06"), ("long", "118.34"))))
            .StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(
            $"{Base}/requests/{id}.json?api_key=hk_nope_nope")).StatusCode);
        var byQuery = await anonymous.GetAsync($"{Base}/requests/{id}.json?api_key={Uri.EscapeDataString(centre)}");
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        Assert.Contains(id, await Body(byQuery));
        await host.DisposeAsync();
        using var after = WarehouseDb.Open(db, ServerSchema.AllStages);
        Assert.Equal(0L, Sql.Scalar<long>(after.Connection,
            "SELECT count(*) FROM audit_log WHERE contains(coalesce(query, ''), 'api_key')"));
        Assert.True(Sql.Scalar<long>(after.Connection,
            "SELECT count(*) FROM audit_log WHERE path LIKE '/open311/%'") >= 8);
    }

    public static TheoryData<string, (string, string)[], string> BadSubmissions => new()
    {
        { "no service", [("description", "路灯坏了"), ("lat", "35.06"), ("long", "118.34")], "service_code" },
        { "unknown service", [("service_code", "NO.SUCH"), ("description", "路灯坏了"), ("lat", "35.06"),
            ("long", "118.34")], "service_code" },
        { "no words", [("service_code", "$light"), ("lat", "35.06"), ("long", "118.34")], "description" },
        { "no place", [("service_code", "$light"), ("description", "路灯坏了")], "location" },
        { "outside the city", [("service_code", "$light"), ("description", "路灯坏了"), ("lat", "39.9"),
            ("long", "116.4")], "outside" },
        { "half a point", [("service_code", "$light"), ("description", "路灯坏了"), ("lat", "35.06")], "lat and long" },
        { "bad phone", [("service_code", "$light"), ("description", "路灯坏了"), ("lat", "35.06"), ("long", "118.34"),
            ("phone", "12")], "caller_phone" },
        { "bad type", [("service_code", "$light"), ("description", "路灯坏了"), ("address_string", "兰山区"),
            ("attribute[request_type]", "praise")], "request_type" },
        { "bad county", [("service_code", "$light"), ("description", "路灯坏了"), ("address_string", "x"),
            ("attribute[district]", "110101")], "district" },
    };

    [Fact]
    public async Task Every_refused_submission_is_a_GeoReport_error_and_a_dead_letter_without_personal_data()
    {
        var db = w.CopyTrained();
        var intake = ServerTestKit.AddKey(db, "intake");
        await using var host = await Start(db);
        using var app = ServerTestKit.Client(host, intake);
        var light = ReferenceData.Default.Categories.First(c => c.Name.Contains("路灯")).Code;
        foreach (var row in BadSubmissions)
        {
            var (why, fields, word) = ((string)row[0], ((string, string)[])row[1], (string)row[2]);
            var form = fields.Select(f => (f.Item1, f.Item2 == "$light" ? light : f.Item2))
                .Append(("email", "someone@example.com")).ToArray();
            var res = await app.PostAsync($"{Base}/requests.json", Form(form));
            var body = await Body(res);
            Assert.True(res.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)res.StatusCode} {body}");
            GeoReportSchemas.AssertValid("errors", body);
            Assert.Contains(word, body);
        }
        var notForm = await app.PostAsync($"{Base}/requests.json",
            new StringContent("""{"service_code":"x"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notForm.StatusCode);
        GeoReportSchemas.AssertValid("errors", await Body(notForm));

        using var c = host.Warehouse.Connect();
        var letters = Sql.Rows(c, "SELECT reason_code, reason, CAST(raw AS VARCHAR) FROM dead_letters "
            + "WHERE source = 'open311'", r => (r.GetString(0), r.GetString(1), r.GetString(2)));
        Assert.Equal(BadSubmissions.Count, letters.Count);
        Assert.All(letters, l => Assert.DoesNotContain("example.com", l.Item3));
        Assert.Contains(letters, l => l.Item1 == "unknown_reference");
        Assert.Contains(letters, l => l.Item1 == "invalid_field" && l.Item2.Contains("caller_phone"));
        Assert.Equal(0L, Sql.Scalar<long>(c, "SELECT count(*) FROM open311_submissions"));
    }
}
