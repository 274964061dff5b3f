using System.Net;

namespace Hotline.Server.Tests.Console;

/// <summary>
/// The console's sign-in, roles, CSRF and audit over real HTTP, and a sweep of every view and ticket page by every
/// role: a unit sees its own tickets only, no role but the centre's own staff ever gets a confidential ticket, every
/// view is refused (404) to the roles without it, every request is an audit row.
/// </summary>
[Collection("routing")]
public sealed class ConsoleAccessTests(RoutingWarehouse w)
{
    [Fact]
    public async Task Sign_in_gives_an_http_only_strict_cookie_and_a_wrong_key_nothing()
    {
        await using var s = await ConsoleServer.StartAsync(w);
        var (client, cookies) = await s.SignIn("dispatcher");
        var cookie = cookies.GetAllCookies().Single(c => c.Name == "hotline_session");
        Assert.True(cookie.HttpOnly);
        using (var raw = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
        { BaseAddress = new Uri(s.Host.Url) })
        {
            var res = await raw.PostAsync("/console/login",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = "hk_nothing_wrong" }));
            Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
            // SameSite=Strict is what keeps another site's form from riding on the session.
            var ok = await raw.PostAsync("/console/login",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = s.Keys["policy"] }));
            Assert.Contains(ok.Headers.GetValues("Set-Cookie"),
                v => v.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase)
                    && v.Contains("httponly", StringComparison.OrdinalIgnoreCase));
            // Not signed in: a page sends the browser to sign in.
            var page = await raw.GetAsync("/console/dispatch");
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/console/login", page.Headers.Location!.OriginalString);
        }
        // An open redirect is refused: after sign-in only a console path is followed.
        using (var raw = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        { BaseAddress = new Uri(s.Host.Url) })
        {
            var res = await raw.PostAsync("/console/login", new FormUrlEncodedContent(
                new Dictionary<string, string> { ["key"] = s.Keys["dispatcher"], ["next"] = "https://evil.example/" }));
            Assert.Equal("/console/dispatch", res.Headers.Location!.OriginalString);
        }
        // Sign-out ends the session on the server, not only in the browser.
        var home = await client.GetStringAsync("/console/dispatch");
        var before = cookies.GetAllCookies().Single(c => c.Name == "hotline_session").Value;
        var outRes = await client.PostAsync("/console/logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = ConsoleServer.Csrf(home) }));
        Assert.Equal(HttpStatusCode.Redirect, outRes.StatusCode);
        using var replay = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        { BaseAddress = new Uri(s.Host.Url) };
        replay.DefaultRequestHeaders.Add("Cookie", $"hotline_session={before}");
        Assert.Equal(HttpStatusCode.Redirect, (await replay.GetAsync("/console/dispatch")).StatusCode);
    }

    [Fact]
    public async Task Every_role_sees_its_own_views_and_nothing_of_other_units_or_confidential_tickets()
    {
        await using var s = await ConsoleServer.StartAsync(w);
        var views = new[]
        {
            "/console/dispatch", "/console/alerts", "/console/supervision", "/console/policy", "/console/unit",
            "/console/public",
        };
        // Who may open which view (the rest get the same 404 as a page that does not exist).
        var may = new Dictionary<string, string[]>
        {
            ["centre"] = ["/console/dispatch", "/console/alerts", "/console/supervision", "/console/policy",
                "/console/public"],
            ["dispatcher"] = ["/console/dispatch"],
            ["supervisor"] = ["/console/supervision"],
            ["policy"] = ["/console/policy"],
            ["emergency-office"] = ["/console/alerts"],
            ["public"] = ["/console/public"],
            ["unitA"] = ["/console/unit"],
            ["unitB"] = ["/console/unit"],
        };
        var tickets = new[] { s.TicketOfA, s.TicketOfB, s.ConfidentialOfA };
        var requests = 0;
        foreach (var role in ConsoleServer.Roles)
        {
            var (client, _) = await s.SignIn(role);
            var paths = views.Concat(tickets.SelectMany(t => new[]
            {
                $"/console/unit/tickets/{t}", $"/console/dispatch/{t}",
            })).Concat(["/console/dispatch?status=received", "/console/no-such-view"]).ToList();
            // Each path several times over the session, as a shift would (and to pass 200 requests in all).
            for (var round = 0; round < 3; round++)
                foreach (var path in paths)
                {
                    requests++;
                    var res = await client.GetAsync(path);
                    var body = await res.Content.ReadAsStringAsync();
                    var view = path.Split('?')[0];
                    var expected = ExpectedStatus(s, role, view, may[role]);
                    Assert.True(expected == res.StatusCode, $"{role} {path}: {(int)res.StatusCode}");
                    if (role is "centre" or "dispatcher") continue; // the centre's own staff route every ticket
                    Assert.DoesNotContain(s.ConfidentialText, body);
                    Assert.DoesNotContain(s.ConfidentialOfA, body);
                    if (role != "unitA") Assert.DoesNotContain($">{s.TicketOfA}<", body);
                    if (role != "unitB") Assert.DoesNotContain($">{s.TicketOfB}<", body);
                }
        }
        // The same keys on the API: the console adds no way around its scope (and the API none around the console's).
        foreach (var role in ConsoleServer.Roles)
        {
            using var api = ServerTestKit.Client(s.Host, s.Keys[role]);
            foreach (var path in new[]
            {
                $"/v1/units/{s.UnitA}/tickets/{s.TicketOfB}", $"/v1/units/{s.UnitA}/tickets/{s.ConfidentialOfA}",
                $"/v1/units/{s.UnitB}/tickets?limit=50", $"/v1/units/{s.UnitA}/tickets?limit=50", "/v1/alerts",
            })
            {
                requests++;
                var res = await api.GetAsync(path);
                var body = await res.Content.ReadAsStringAsync();
                if (role == "centre") continue;
                Assert.DoesNotContain(s.ConfidentialText, body);
                Assert.DoesNotContain(s.ConfidentialOfA, body);
                // An alert's evidence may cite B's ticket to the emergency office; a unit never sees another's.
                if (role == "unitA") Assert.DoesNotContain($"\"{s.TicketOfB}\"", body);
            }
        }
        Assert.True(requests >= 200, $"{requests} requests");

        // Every request is an audit row with its key (page views and refusals included).
        await Task.Delay(1500); // the audit writer batches
        using var conn = s.Host.Warehouse.Connect();
        var audited = Sql.Scalar<long>(conn,
            "SELECT count(*) FROM audit_log WHERE (path LIKE '/console/%' OR path LIKE '/v1/%') AND key_id IS NOT NULL");
        Assert.True(audited >= requests, $"{audited} audit rows for {requests} requests");
    }

    private static HttpStatusCode ExpectedStatus(ConsoleServer s, string role, string path, string[] views)
    {
        if (path.StartsWith("/console/unit/tickets/", StringComparison.Ordinal))
        {
            var id = path["/console/unit/tickets/".Length..];
            return role == "unitA" && id == s.TicketOfA || role == "unitB" && id == s.TicketOfB
                ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        }
        if (path.StartsWith("/console/dispatch/", StringComparison.Ordinal))
        {
            // A ticket's card needs a suggestion: the worker suggests the tickets the model did not train on.
            if (role is not ("centre" or "dispatcher")) return HttpStatusCode.NotFound;
            using var conn = s.Host.Warehouse.Connect();
            var suggested = Sql.Scalar<long>(conn, "SELECT count(*) FROM route_suggestions WHERE ticket_id = $t",
                ("t", path["/console/dispatch/".Length..])) > 0;
            return suggested ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        }
        return views.Contains(path) ? HttpStatusCode.OK : HttpStatusCode.NotFound;
    }

    [Fact]
    public async Task A_form_without_the_session_token_is_refused_and_with_it_the_feedback_is_stored()
    {
        await using var s = await ConsoleServer.StartAsync(w);
        var (client, _) = await s.SignIn("dispatcher");
        var queue = await client.GetStringAsync("/console/dispatch");
        var ticket = System.Text.RegularExpressions.Regex.Match(queue, "data-href=\"/console/dispatch/([^\"]+)\"")
            .Groups[1].Value;
        Assert.NotEmpty(ticket);
        var card = await client.GetStringAsync($"/console/dispatch/{ticket}");
        Assert.Contains("派单建议", card);
        var forged = await client.PostAsync($"/console/dispatch/{ticket}/feedback",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["verdict"] = "accepted" }));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        using var conn = s.Host.Warehouse.Connect();
        long Rows() => Sql.Scalar<long>(conn, "SELECT count(*) FROM route_feedback WHERE ticket_id = $t",
            ("t", ticket));
        Assert.Equal(0, Rows());
        var unit = System.Text.RegularExpressions.Regex.Match(card, "<option value=\"([^\"]+)\"").Groups[1].Value;
        var res = await client.PostAsync($"/console/dispatch/{ticket}/feedback", new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["csrf"] = ConsoleServer.Csrf(card), ["verdict"] = "overridden", ["unit_id"] = unit,
            }));
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.Equal(1, Rows());
        Assert.Equal(unit, Sql.Scalar<string>(conn, "SELECT unit_id FROM route_feedback WHERE ticket_id = $t",
            ("t", ticket)));
    }
}
