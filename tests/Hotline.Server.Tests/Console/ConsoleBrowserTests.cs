using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Hotline.Server.Tests.Console;

/// <summary>
/// A fact that needs Debian's chromium (installed by `./hotline setup`; Playwright cannot download browsers here).
/// Without it the test is skipped with the command that installs it, so the README's test command still passes on a
/// machine that has only the SDK; CI runs `./hotline setup` first, so there it always runs.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(Chromium)) Skip = "chromium is not installed: run ./hotline setup";
    }
}

/// <summary>
/// The console in a real browser (Debian's chromium through Playwright) on the simulated warehouse: a dispatcher
/// works the queue by keyboard and accepts a suggestion (a feedback row is written), an alert the scan writes appears
/// in the emergency view without reload and is acknowledged (a history row is written), a unit cannot open another
/// unit's ticket, a public key sees only the disclosure. Each view is screenshotted (bin/…/console-screenshots) and
/// checked by axe-core for serious accessibility faults (labels, contrast, names).
/// </summary>
[Collection("routing")]
public sealed class ConsoleBrowserTests(RoutingWarehouse w)
{
    private static readonly string Shots = Path.Combine(AppContext.BaseDirectory, "console-screenshots");

    private static async Task<(IPlaywright, IBrowser)> Launch()
    {
        var pw = await Playwright.CreateAsync();
        var browser = await pw.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.Chromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        return (pw, browser);
    }

    private static async Task<IPage> SignIn(IBrowser browser, ConsoleServer s, string role, int width = 1366,
        int height = 768)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(s.Host.Url + "/console/login");
        await page.GetByLabel("访问密钥").FillAsync(s.Keys[role]);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        return page;
    }

    private static async Task Check(IPage page, string name)
    {
        Directory.CreateDirectory(Shots);
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(Shots, name + ".png"), FullPage = true,
        });
        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, name + ": " + string.Join("; ", serious.Select(v =>
            $"{v.Id} ({string.Join(", ", v.Nodes.Take(2).Select(n => n.Html))})")));
    }

    [BrowserFact]
    public async Task A_dispatcher_works_the_queue_by_keyboard_and_accepts_a_suggestion()
    {
        await using var s = await ConsoleServer.StartAsync(w);
        var (pw, browser) = await Launch();
        using var _ = pw;
        await using var __ = browser;
        var page = await SignIn(browser, s, "dispatcher");
        Assert.EndsWith("/console/dispatch", page.Url);
        await Check(page, "dispatch-queue");
        // j selects the first ticket, Enter opens its card, a accepts.
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(u => u.Contains("/console/dispatch/", StringComparison.Ordinal));
        var ticket = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "派单建议" }).First).ToBeVisibleAsync();
        await Check(page, "dispatch-card");
        var hasAccept = await page.Locator("#accept").CountAsync() > 0;
        if (hasAccept)
        {
            await page.Keyboard.PressAsync("a");
            await page.WaitForURLAsync(u => !u.EndsWith("/" + ticket, StringComparison.Ordinal));
        }
        else
        {
            // An abstention has no suggestion to accept: the dispatcher overrides (o focuses the unit list).
            await page.Keyboard.PressAsync("o");
            await page.GetByRole(AriaRole.Button, new() { Name = "改派" }).ClickAsync();
            await page.WaitForURLAsync(u => !u.EndsWith("/" + ticket, StringComparison.Ordinal));
        }
        using var conn = s.Host.Warehouse.Connect();
        Assert.Equal(hasAccept ? "accepted" : "overridden", Sql.Scalar<string>(conn,
            "SELECT verdict FROM route_feedback WHERE ticket_id = $t", ("t", ticket)));

        // A new ticket pasted in gets its card; a gas smell is never kept by the centre.
        await page.GotoAsync(s.Host.Url + "/console/dispatch");
        await page.GetByLabel("来电内容").FillAsync("楼道里有很大的煤气味，邻居家敲门没人应，我们都不敢开灯");
        await page.GetByRole(AriaRole.Button, new() { Name = "获取建议" }).ClickAsync();
        var card = await page.Locator("section.card").InnerTextAsync();
        Assert.DoesNotContain("热线中心直接办理", card);
        await Check(page, "dispatch-paste");
    }

    [BrowserFact]
    public async Task An_alert_arrives_live_in_the_emergency_view_and_is_acknowledged()
    {
        await using var s = await ConsoleServer.StartAsync(w);
        var (pw, browser) = await Launch();
        using var _ = pw;
        await using var __ = browser;
        var page = await SignIn(browser, s, "emergency-office", 1920, 1080);
        Assert.EndsWith("/console/alerts", page.Url);
        // Wait until the page's event stream is open, then let "the scan" write a new alert.
        await page.WaitForFunctionAsync("() => document.querySelector('#alerts') !== null");
        await Task.Delay(1500);
        var id = "AL-console-test";
        using (var conn = s.Host.Warehouse.Connect())
        {
            var tickets = Sql.Rows(conn, "SELECT ticket_id FROM tickets WHERE NOT coalesce(confidential, false) "
                + "ORDER BY received_at DESC LIMIT 12", r => r.GetString(0));
            var now = Sql.Scalar<DateTime>(conn, "SELECT max(received_at) FROM tickets");
            Sql.Execute(conn, """
                INSERT INTO alerts (alert_id, status, severity, risk_group, area_code, area_name, title, detectors,
                    owners, first_ticket_at, last_ticket_at, opened_at, updated_at, resolved_at, ticket_count,
                    caller_count, observed, expected, p_value, ticket_ids, acknowledged_at, last_notified_at,
                    notify_count)
                VALUES ($id, 'firing', 'high', 'gas', '371302', '兰山区', '兰山区燃气泄漏风险（测试）', ['window-count'],
                    [$owner], $first, $now, $now, $now, NULL, 12, 12, 12, 0.5, 1e-9, $tickets, NULL, NULL, 0)
                """, ("id", id), ("owner", s.UnitA), ("first", now.AddHours(-3)), ("now", now),
                    ("tickets", tickets));
            Sql.Execute(conn, "INSERT INTO alert_history VALUES ($id, $now, 'opened', 'high', 12, '{}')",
                ("id", id), ("now", now));
        }
        // Pushed, not reloaded: the item appears in the list the page already shows.
        var item = page.Locator($"#a-{id}");
        await Assertions.Expect(item).ToBeVisibleAsync(new() { Timeout = 5000 });
        await Check(page, "alerts-live");
        await item.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator("figure.chart svg")).ToBeVisibleAsync();
        await Check(page, "alert-card");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认已接手" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "已确认接手" })).ToBeVisibleAsync();
        using var check = s.Host.Warehouse.Connect();
        Assert.Equal(1, Sql.Scalar<long>(check,
            "SELECT count(*) FROM alert_history WHERE alert_id = $id AND change = 'acknowledged'", ("id", id)));
        Assert.NotNull(Sql.Scalar<DateTime?>(check, "SELECT acknowledged_at FROM alerts WHERE alert_id = $id",
            ("id", id)));
    }

    [BrowserFact]
    public async Task A_unit_sees_its_own_tickets_only_and_the_public_only_the_disclosure()
    {
        await using var s = await ConsoleServer.StartAsync(w);
        var (pw, browser) = await Launch();
        using var _ = pw;
        await using var __ = browser;
        var unit = await SignIn(browser, s, "unitA");
        Assert.EndsWith("/console/unit", unit.Url);
        await Check(unit, "unit-portal");
        var other = await unit.GotoAsync(s.Host.Url + $"/console/unit/tickets/{s.TicketOfB}");
        Assert.Equal(404, other!.Status);
        var secret = await unit.GotoAsync(s.Host.Url + $"/console/unit/tickets/{s.ConfidentialOfA}");
        Assert.Equal(404, secret!.Status);
        var own = await unit.GotoAsync(s.Host.Url + $"/console/unit/tickets/{s.TicketOfA}");
        Assert.Equal(200, own!.Status);
        Assert.Equal(404, (await unit.GotoAsync(s.Host.Url + "/console/dispatch"))!.Status);

        var pub = await SignIn(browser, s, "public");
        Assert.EndsWith("/console/public", pub.Url);
        var nav = await pub.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link).AllInnerTextsAsync();
        Assert.Equal(["信息公开"], nav);
        await Check(pub, "public");
        var policy = await SignIn(browser, s, "policy");
        await Check(policy, "policy");
        var supervisor = await SignIn(browser, s, "supervisor");
        await Check(supervisor, "supervision");
    }
}
