using System.Net;
using System.Net.Http.Headers;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Hotline.Server.Tests.Api;

/// <summary>
/// Thousands of malformed requests against the real server: random methods, hostile path segments and query values,
/// missing, forged and mangled credentials, and broken bodies for the endpoints that read one. The server must
/// answer every one of them without a 500, with a problem document for every error, and must still serve a
/// well-formed request afterwards. Requests come from FsCheck generators sampled with a fixed seed.
/// </summary>
[Collection("routing")]
public sealed class HttpFuzzTests(RoutingWarehouse w, ITestOutputHelper output)
{
    private const int Requests = 2_500;

    private static readonly string[] Hostile =
    [
        "", " ", "%00", "%2e%2e", "..", "../../etc/passwd", "%2F", "' OR 1=1 --", "\"; DROP TABLE tickets; --", "null",
            "-1", "0",
        "99999999999999999999", "1e309", "NaN", "2025-13-45", "2025-06-01T00:00:00+08:00", "9999-12-31",
            "%E4%B8%AD%E6%96%87",
        "%F0%9F%98%80", "%FF%FE", "AAAA" + new string('A', 3_000), "*", "$1", "{x}", "%0d%0aSet-Cookie:x=1", "weekly",
            "2025-W14",
        "2025-04", "json", "html", "md", "open", "resolved",
    ];

    private static Gen<string> Segment(params string[] plausible) => Gen.Frequency(
        (3, Gen.Elements(Hostile)),
        (2, Gen.Elements(plausible.Length == 0 ? ["x"] : plausible)),
        (1, Gen.Choose(0, 0x7e).Select(c => (char)c).ArrayOf().Select(cs => Uri.EscapeDataString(new string(cs)))));

    private sealed record Request(string Method, string Path, string Query, int Auth, string? Body, string ContentType)
    {
        public override string ToString()
        {
            var target = Path + Query;
            return $"{Method} {target[..Math.Min(target.Length, 200)]} ({target.Length} chars) "
                + $"auth={Auth} body={Body?[..Math.Min(Body.Length, 80)]}";
        }
    }

    private static Gen<Request> Requests_(string unit, string ticket) =>
        from method in Gen.Frequency((6, Gen.Constant("GET")), (3, Gen.Constant("POST")),
            (1, Gen.Elements("DELETE", "PUT", "PATCH", "HEAD", "OPTIONS")))
        from shape in Gen.Choose(0, 10)
        from a in Segment(unit, "city", "unit:" + unit)
        from b in Segment(ticket, "T1")
        from path in Gen.Constant(shape switch
        {
            0 => $"/v1/units/{a}/tickets",
            1 => $"/v1/units/{a}/tickets/{b}",
            2 => "/v1/alerts",
            3 => $"/v1/alerts/{b}",
            4 => $"/v1/briefs/{a}",
            5 => $"/v1/disclosure/{a}",
            6 => "/v1/keys",
            7 => $"/v1/keys/{b}",
            8 => "/v1/route",
            9 => $"/v1/{a}/{b}",
            _ => $"/{a}",
        })
        from names in Gen.SubListOf("since", "cursor", "limit", "status", "format", "x", "since")
        from values in Gen.Elements(Hostile).ListOf(names.Count)
        from auth in Gen.Frequency((6, Gen.Choose(0, 3)), (4, Gen.Choose(4, 9)))
        from body in Gen.Frequency(
            (2, Gen.Constant<string?>(null)),
            (2, Gen.Elements(Hostile).Select(s => (string?)s)),
            (3, Gen.Elements(
                """{"content":"路灯坏了","district":"371302"}""", """{"role":"unit:371302","name":"x"}""",
                """{"role":"centre"}""", """{"content":null}""", """{"content":["a"]}""", """{"role":5}""",
                """{"content":"a","received_at":"2025-99-01"}""", """{"content":"a","district":{"$gt":""}}""",
                "{\"content\":\"" + new string('吵', 30_000) + "\"}", "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]")
                .Select(s => (string?)s)),
            (1, Gen.Choose(0, 255).Select(c => (char)c).ArrayOf().Select(cs => (string?)new string(cs))))
        from contentType in Gen.Elements("application/json", "text/plain", "application/x-www-form-urlencoded",
            "application/json; charset=latin1")
        select new Request(method, path, names.Count == 0 ? "" : "?"
            + string.Join('&', names.Zip(values, (n, v) => $"{n}={v}")),
            auth, method is "GET" or "HEAD" or "DELETE" ? null : body, contentType);

    /// <summary>
    /// Kestrel answers some requests itself, with an empty 4xx, before any middleware runs: a request line or headers
    /// over its limits (414, 431) and a target holding an encoded NUL (400). They reach neither our code nor the audit
    /// log.
    /// </summary>
    private static bool RefusedByKestrel(Uri uri, int code) =>
        code is 414 or 431 || (code == 400 && uri.AbsolutePath.Contains("%00", StringComparison.Ordinal));

    [Fact]
    public async Task Thousands_of_malformed_requests_get_clear_errors_and_never_a_500()
    {
        var db = w.CopyTrained();
        string unit;
        string ticket;
        using (var warehouse = WarehouseDb.Open(db, Hotline.Server.ServerSchema.AllStages))
        {
            unit = Sql.Scalar<string>(warehouse.Connection,
                "SELECT lead_unit FROM tickets WHERE lead_unit IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")!;
            ticket = Sql.Scalar<string>(warehouse.Connection,
                "SELECT min(ticket_id) FROM tickets WHERE lead_unit = $u", ("u", unit))!;
        }
        string[] keys = [ServerTestKit.AddKey(db, "centre"), ServerTestKit.AddKey(db, "unit:" + unit),
            ServerTestKit.AddKey(db, "emergency-office"), ServerTestKit.AddKey(db, "public")];
        await using var host = await ServerHost.StartAsync(new ServerOptions
        {
            DbPath = db, Listen = "http://127.0.0.1:0", SuggestEvery = TimeSpan.FromSeconds(30),
            ScanEvery = TimeSpan.FromHours(1),
            RequestsPerMinute = 1_000_000,
        }, _ => { });
        using var http = new HttpClient { BaseAddress = new Uri(host.Url) };

        var statuses = new Dictionary<int, int>();
        var failures = new List<string>();
        var tried = 0;
        // Requests that reach the /v1 pipeline once the client has normalised "..", "%2e%2e" and the like.
        var underV1 = 0;
        foreach (var r in Requests_(unit, ticket).Sample(Requests, new Rnd(41), 40))
        {
            using var msg = new HttpRequestMessage(new HttpMethod(r.Method), r.Path + r.Query);
            var secret = r.Auth switch
            {
                < 4 => keys[r.Auth],
                4 => null,
                5 => keys[0][..^2] + "xx",                 // forged secret for a real key id
                6 => "hk_000000000000_" + new string('A', 43),
                7 => "",
                8 => new string('k', 5_000),
                _ => "Bearer " + keys[0],                   // doubled scheme
            };
            if (secret is not null) msg.Headers.TryAddWithoutValidation("Authorization", "Bearer " + secret);
            if (r.Body is not null) msg.Content = new StringContent(r.Body,
                Encoding.UTF8)
            { Headers = { ContentType = MediaTypeHeaderValue.Parse(r.ContentType) } };

            HttpResponseMessage res;
            bool kestrel;
            try { res = await http.SendAsync(msg); }
            catch (HttpRequestException ex)
            {
                throw new Xunit.Sdk.XunitException("connection failed "
                + $"on {r}: {ex.Message}");
            }
            using (res)
            {
                var code = (int)res.StatusCode;
                statuses[code] = statuses.GetValueOrDefault(code) + 1;
                kestrel = RefusedByKestrel(msg.RequestUri!, code);
                if (code >= 500) failures.Add($"{code} on {r}: {await res.Content.ReadAsStringAsync()}");
                else if (code >= 400 && r.Method != "HEAD" && !kestrel
                         && res.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    failures.Add($"{code} without a problem document ({res.Content.Headers.ContentType}) on {r}");
            }
            tried++;
            var path = msg.RequestUri!.AbsolutePath;
            if (path.StartsWith("/v1", StringComparison.Ordinal) && (path.Length == 3 || path[3] == '/')
                && !kestrel) underV1++;
        }

        Assert.True(failures.Count == 0, $"{failures.Count} bad answers:\n" + string.Join("\n", failures.Take(8)));

        // Still healthy, and every request was audited (the fuzz counts too: nothing escapes the log).
        using (var ok = new HttpRequestMessage(HttpMethod.Get, "/v1/alerts"))
        {
            ok.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys[0]);
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(ok)).StatusCode);
        }
        await host.DisposeAsync();
        using (var warehouse = WarehouseDb.Open(db, Hotline.Server.ServerSchema.AllStages))
            Assert.Equal(underV1 + 1, Sql.Scalar<long>(warehouse.Connection, "SELECT count(*) FROM audit_log"));
        Assert.True(statuses.Keys.Count(c => c is >= 200 and < 300) > 0 && statuses.Keys.Count(c => c >= 400) >= 4,
            "the fuzz must reach both answers and refusals");
        output.WriteLine($"{tried} fuzzed requests ({underV1} under /v1, "
            + "all audited), 0 "
                + "server errors; "
                    + $"statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
    }
}
