using System.Net;
using System.Text.Json;
using Hotline.Jobs.Periods;
using Hotline.Jobs.Scheduling;

namespace Hotline.Server.Tests.Sharing;

/// <summary>
/// The data-sharing API on the real server: scoping by key (a unit sees only its own non-confidential tickets, and
/// 404 for anything else), published briefs and disclosures, alerts for the emergency office, and an audit row for
/// every request, refused ones included.
/// </summary>
[Collection("routing")]
public sealed class DataSharingTests(RoutingWarehouse w)
{
    private sealed record Setup(string Db, string UnitA, string UnitB, string TicketOfB, string ConfidentialOfA,
        string TicketOfA);

    /// <summary>
    /// Two busy units, one ticket of each, and a confidential ticket of A (made confidential here if the simulator gave
    /// A none).
    /// </summary>
    private static Setup Prepare(string db)
    {
        using var warehouse = WarehouseDb.Open(db, Hotline.Server.ServerSchema.AllStages);
        var units = new List<string>();
        using (var cmd = warehouse.Connection.CreateCommand())
        {
            cmd.CommandText = "SELECT lead_unit FROM tickets WHERE lead_unit IS NOT NULL GROUP BY lead_unit ORDER "
                + "BY count(*) DESC, lead_unit LIMIT 2";
            using var r = cmd.ExecuteReader();
            while (r.Read()) units.Add(r.GetString(0));
        }
        string Pick(string unit, bool confidential) => Sql.Scalar<string>(warehouse.Connection,
            "SELECT min(ticket_id) FROM tickets WHERE lead_unit = $u AND coalesce(confidential, false) = $c",
                ("u", unit), ("c", confidential))!;
        var confidentialOfA = Sql.Scalar<string>(warehouse.Connection,
            "SELECT max(ticket_id) FROM tickets WHERE lead_unit = $u AND coalesce(confidential, false)",
            ("u", units[0]));
        if (confidentialOfA is null)
        {
            confidentialOfA = Sql.Scalar<string>(warehouse.Connection,
                "SELECT max(ticket_id) FROM tickets WHERE lead_unit = $u", ("u", units[0]))!;
            Sql.Execute(warehouse.Connection, "UPDATE tickets SET confidential = true WHERE ticket_id = $t",
                ("t", confidentialOfA));
        }
        return new Setup(db, units[0], units[1], Pick(units[1], false), confidentialOfA, Pick(units[0], false));
    }

    private static Task<ServerHost> Start(string db) => ServerHost.StartAsync(new ServerOptions
    {
        DbPath = db, Listen = "http://127.0.0.1:0", ScanEvery = TimeSpan.FromHours(1), DataClock = true,
        RequestsPerMinute = 10_000,
    }, _ => { });

    [Fact]
    public async Task A_unit_sees_only_its_own_non_confidential_tickets_and_every_request_is_audited()
    {
        var s = Prepare(w.CopyTrained());
        var keyA = ServerTestKit.AddKey(s.Db, $"unit:{s.UnitA}");
        var centre = ServerTestKit.AddKey(s.Db, "centre");
        var office = ServerTestKit.AddKey(s.Db, "emergency-office");
        var pub = ServerTestKit.AddKey(s.Db, "public");
        var requests = 0;
        await using (var host = await Start(s.Db))
        {
            using var a = ServerTestKit.Client(host, keyA);
            async Task<HttpResponseMessage> Get(HttpClient c,
                string path)
            { requests++; return await c.GetAsync(path); }

            // Own ticket: 200, masked text, callback fields present, no caller phone or address.
            var own = await Get(a, $"/v1/units/{s.UnitA}/tickets/{s.TicketOfA}");
            var ownText = await own.Content.ReadAsStringAsync();
            Assert.True(own.StatusCode == HttpStatusCode.OK, ownText);
            using (var doc = JsonDocument.Parse(ownText))
            {
                Assert.Equal("lead", doc.RootElement.GetProperty("unit_role").GetString());
                Assert.True(doc.RootElement.TryGetProperty("satisfaction", out _));
                Assert.False(doc.RootElement.TryGetProperty("caller_phone_hash", out _));
                Assert.False(doc.RootElement.TryGetProperty("address", out _));
            }
            // Another unit's ticket, a confidential one, a ticket that does not exist, another unit's list: all the
            // same 404.
            var notFound = new[]
            {
                $"/v1/units/{s.UnitA}/tickets/{s.TicketOfB}", $"/v1/units/{s.UnitB}/tickets/{s.TicketOfB}",
                $"/v1/units/{s.UnitA}/tickets/{s.ConfidentialOfA}", $"/v1/units/{s.UnitA}/tickets/no-such-ticket",
                    $"/v1/units/{s.UnitB}/tickets",
            };
            var bodies = new List<string>();
            foreach (var path in notFound)
            {
                var res = await Get(a, path);
                Assert.True(res.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)res.StatusCode}");
                using var problem = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
                bodies.Add($"{problem.RootElement.GetProperty("title")} {problem.RootElement.GetProperty("detail")}"
                    .Replace(s.TicketOfB, "X").Replace(s.ConfidentialOfA, "X").Replace("no-such-ticket", "X"));
            }
            Assert.Equal(bodies[0], bodies[2]); // a confidential ticket looks exactly like a missing one
            Assert.Equal(bodies[0], bodies[3]);

            // The list, paged: every in-scope ticket exactly once, none confidential, none of another unit.
            var seen = new List<string>();
            string? cursor = null;
            do
            {
                var res = await Get(a, $"/v1/units/{s.UnitA}/tickets?limit=37"
                    + (cursor is null ? "" : $"&cursor={cursor}"));
                using var page = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
                foreach (var t in page.RootElement.GetProperty("items").EnumerateArray())
                {
                    Assert.False(t.GetProperty("confidential").GetBoolean());
                    seen.Add(t.GetProperty("ticket_id").GetString()!);
                }
                cursor = page.RootElement.GetProperty("next_cursor").GetString();
            } while (cursor is not null);
            Assert.Equal(seen.Count, seen.Distinct().Count());
            Assert.Contains(s.TicketOfA, seen);
            Assert.DoesNotContain(s.ConfidentialOfA, seen);
            Assert.DoesNotContain(s.TicketOfB, seen);

            // `since` returns only later changes.
            var late = await Get(a, $"/v1/units/{s.UnitA}/tickets?since=2025-04-20T00:00:00%2B08:00&limit=500");
            using (var page = JsonDocument.Parse(await late.Content.ReadAsStringAsync()))
                Assert.All(page.RootElement.GetProperty("items").EnumerateArray(), t =>
                    Assert.True(t.GetProperty("last_event_at").GetDateTime() > new DateTime(2025, 4, 20)));

            // Roles: a unit may not read alerts; public may read only disclosures; the centre sees the confidential
            // ticket.
            Assert.Equal(HttpStatusCode.Forbidden, (await Get(a, "/v1/alerts")).StatusCode);
            using var p = ServerTestKit.Client(host, pub);
            Assert.Equal(HttpStatusCode.Forbidden, (await Get(p, "/v1/alerts")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await Get(p, "/v1/briefs/2025-04")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await Get(p, $"/v1/units/{s.UnitA}/tickets")).StatusCode);
            // not published yet
            Assert.Equal(HttpStatusCode.NotFound, (await Get(p, "/v1/disclosure/2025-04")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await Get(p, "/v1/disclosure/2025-W14")).StatusCode);
            using var c = ServerTestKit.Client(host, centre);
            Assert.Equal(HttpStatusCode.OK,
                (await Get(c, $"/v1/units/{s.UnitA}/tickets/{s.ConfidentialOfA}")).StatusCode);
            using var o = ServerTestKit.Client(host, office);
            Assert.Equal(HttpStatusCode.OK, (await Get(o, "/v1/alerts?status=firing")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await Get(o, $"/v1/units/{s.UnitA}/tickets")).StatusCode);

            // No key, a wrong key: 401.
            using var anonymous = ServerTestKit.Client(host, null);
            Assert.Equal(HttpStatusCode.Unauthorized, (await Get(anonymous, "/v1/alerts")).StatusCode);
            using var forged = ServerTestKit.Client(host, keyA[..^4] + "AAAA");
            Assert.Equal(HttpStatusCode.Unauthorized, (await Get(forged, $"/v1/units/{s.UnitA}/tickets")).StatusCode);
            // Bad parameters: 400 with a problem document.
            foreach (var bad in new[] { "?since=yesterday", "?limit=0", "?limit=99999", "?cursor=%%%",
                "?cursor=bm90LWEtY3Vyc29y" })
            {
                var res = await Get(a, $"/v1/units/{s.UnitA}/tickets{bad}");
                Assert.True(res.StatusCode == HttpStatusCode.BadRequest, $"{bad}: {(int)res.StatusCode}");
                Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
            }
        }

        using var after = WarehouseDb.Open(s.Db, Hotline.Server.ServerSchema.AllStages);
        Assert.Equal((long)requests, Sql.Scalar<long>(after.Connection, "SELECT count(*) FROM audit_log"));
        Assert.Equal(2L,
            Sql.Scalar<long>(after.Connection, "SELECT count(*) FROM audit_log WHERE status = 401 AND key_id IS NULL"));
        Assert.True(Sql.Scalar<long>(after.Connection,
            "SELECT count(*) FROM audit_log WHERE role = $r AND status = 404", ("r", $"unit:{s.UnitA}")) >= 5);
        Assert.True(Sql.Scalar<long>(after.Connection,
            "SELECT sum(row_count) FROM audit_log WHERE role = $r AND status = 200", ("r", $"unit:{s.UnitA}")) >= 1);
    }

    [Fact]
    public async Task Published_briefs_and_disclosures_are_served_and_a_revoked_key_stops_at_once()
    {
        var db = w.CopyTrained();
        var outDir = TestData.TempDir("sharing-out");
        using (var warehouse = WarehouseDb.Open(db, Hotline.Server.ServerSchema.AllStages))
        {
            var runner = new JobRunner(warehouse.Connection, ReferenceData.Default);
            foreach (var job in new[] { "brief-monthly", "disclosure-monthly" })
                runner.Run(ReportJobs.Find(job), ReportPeriod.ParseCutoff("2025-04-24"), Path.Combine(outDir, job),
                    JobTrigger.Manual);
        }
        var unitKey = ServerTestKit.AddKey(db, $"unit:{Prepare(db).UnitA}");
        var pub = ServerTestKit.AddKey(db, "public");
        var centre = ServerTestKit.AddKey(db, "centre");
        await using var host = await Start(db);
        using var u = ServerTestKit.Client(host, unitKey);
        var json = await u.GetAsync("/v1/briefs/2025-04");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        using (var doc = JsonDocument.Parse(await json.Content.ReadAsStringAsync()))
            Assert.True(doc.RootElement.GetProperty("kpis").GetArrayLength() >= 10);
        var html = await u.GetAsync("/v1/briefs/2025-04?format=html");
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await u.GetAsync("/v1/briefs/2025-W16")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await u.GetAsync("/v1/briefs/2025-04-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await u.GetAsync("/v1/briefs/..%2F..%2Fetc")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await u.GetAsync("/v1/briefs/2025-04?format=exe")).StatusCode);
        using var p = ServerTestKit.Client(host, pub);
        var disclosure = await p.GetAsync("/v1/disclosure/2025-04?format=md");
        Assert.Equal(HttpStatusCode.OK, disclosure.StatusCode);
        Assert.Contains("2025", await disclosure.Content.ReadAsStringAsync());

        // Keys are managed over HTTP by the centre while the server holds the file; a revoked key is refused from its
        // next request.
        using var c = ServerTestKit.Client(host, centre);
        Assert.Equal(HttpStatusCode.Forbidden, (await u.DeleteAsync($"/v1/keys/{unitKey.Split('_')[1]}")).StatusCode);
        var made = await c.PostAsync("/v1/keys",
            new StringContent("""{"role":"public","name":"open data portal"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        using (var doc = JsonDocument.Parse(await made.Content.ReadAsStringAsync()))
        {
            using var portal = ServerTestKit.Client(host, doc.RootElement.GetProperty("secret").GetString());
            Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("/v1/disclosure/2025-04")).StatusCode);
        }
        var badRole = new StringContent("""{"role":"unit:nope","name":"x"}""", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await c.PostAsync("/v1/keys", badRole)).StatusCode);
        var list = await c.GetStringAsync("/v1/keys");
        Assert.DoesNotContain(unitKey, list);
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/v1/keys/{unitKey.Split('_')[1]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await u.GetAsync("/v1/briefs/2025-04")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.DeleteAsync($"/v1/keys/{unitKey.Split('_')[1]}")).StatusCode);
    }

    /// <summary>
    /// Every role against every endpoint that can carry a ticket, with a confidential ticket of unit A planted in an
    /// alert: only the centre ever receives its id; the others get it as a count or not at all.
    /// </summary>
    [Fact]
    public async Task No_role_but_the_centre_ever_receives_a_confidential_ticket()
    {
        var s = Prepare(w.CopyTrained());
        using (var warehouse = WarehouseDb.Open(s.Db, ServerSchema.AllStages))
            Sql.Execute(warehouse.Connection, """
                INSERT INTO alerts (alert_id, status, severity, risk_group, title, opened_at, updated_at, ticket_count,
                    caller_count, ticket_ids, notify_count)
                VALUES ('AL-matrix', 'firing', 'high', 'gas', '测试预警', now()::TIMESTAMP, now()::TIMESTAMP, 2, 2,
                    [$c, $a], 0)
                """, ("c", s.ConfidentialOfA), ("a", s.TicketOfA));
        var keys = new Dictionary<string, string>
        {
            ["centre"] = ServerTestKit.AddKey(s.Db, "centre"),
            ["unitA"] = ServerTestKit.AddKey(s.Db, $"unit:{s.UnitA}"),
            ["unitB"] = ServerTestKit.AddKey(s.Db, $"unit:{s.UnitB}"),
            ["office"] = ServerTestKit.AddKey(s.Db, "emergency-office"),
            ["public"] = ServerTestKit.AddKey(s.Db, "public"),
        };
        string[] paths =
        [
            $"/v1/units/{s.UnitA}/tickets?limit=500", $"/v1/units/{s.UnitA}/tickets/{s.ConfidentialOfA}",
            $"/v1/units/{s.UnitA}/tickets/{s.TicketOfA}", $"/v1/units/{s.UnitB}/tickets?limit=500",
            $"/v1/units/{s.UnitB}/tickets/{s.TicketOfB}", "/v1/alerts", "/v1/alerts?status=firing",
                "/v1/alerts/AL-matrix",
            "/v1/briefs/2025-04", "/v1/disclosure/2025-04", "/v1/keys",
        ];
        var checkedResponses = 0;
        await using var host = await Start(s.Db);
        foreach (var (role, key) in keys)
        {
            using var c = ServerTestKit.Client(host, key);
            foreach (var path in paths)
            {
                var res = await c.GetAsync(path);
                var body = await res.Content.ReadAsStringAsync();
                checkedResponses++;
                Assert.True((int)res.StatusCode < 500, $"{role} {path}: {(int)res.StatusCode}");
                if (role != "centre")
                    Assert.False(body.Contains(s.ConfidentialOfA, StringComparison.Ordinal),
                        $"{role} received confidential ticket {s.ConfidentialOfA} from {path}");
            }
        }
        using var office = ServerTestKit.Client(host, keys["office"]);
        using (var alert = JsonDocument.Parse(await office.GetStringAsync("/v1/alerts/AL-matrix")))
        {
            var a = alert.RootElement.GetProperty("alert");
            Assert.Equal(1, a.GetProperty("confidential_tickets").GetInt32());
            Assert.Equal([s.TicketOfA], a.GetProperty("ticket_ids").EnumerateArray().Select(x => x.GetString()));
        }
        using var centre = ServerTestKit.Client(host, keys["centre"]);
        Assert.Contains(s.ConfidentialOfA, await centre.GetStringAsync("/v1/alerts/AL-matrix"));
        Assert.Equal(keys.Count * paths.Length, checkedResponses);
    }
}
