using Hotline.Models.Warning;
using Hotline.Models.Warning.Alerts;
using Hotline.Models.Warning.Detectors;
using Hotline.Models.Warning.Notify;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hotline.Models.Tests.Warning;

/// <summary>Early-warning detectors and the alert lifecycle on hand-made ticket streams.</summary>
public sealed class WarningTests
{
    private const string Township = "371302001"; // 兰山区 兰山街道
    private const string County = "371302";
    private static readonly DateTime T0 = new(2025, 6, 2, 0, 0, 0);

    /// <summary>
    /// Four weeks of ordinary background across the city: a few tickets an hour, spread over places and groups.
    /// </summary>
    private static List<WarningTicket> Background(int days = 28)
    {
        var rng = new Random(3);
        var areas = ReferenceData.Default.Areas.Where(a => a.Level == "township").Take(40).ToList();
        var cats = ReferenceData.Default.Categories.Where(c => c.Disposition == Disposition.Dispatch).ToList();
        var list = new List<WarningTicket>();
        for (var h = 0; h < days * 24; h++)
            for (var k = 0; k < 6; k++)
            {
                var area = areas[rng.Next(areas.Count)];
                var cat = cats[rng.Next(cats.Count)];
                list.Add(new WarningTicket($"B{h:D5}{k}", T0.AddHours(h).AddMinutes(rng.Next(60)), cat.Code,
                    cat.RiskGroup, area.ParentCode, area.Code,
                    $"c{rng.Next(1_000_000)}", $"反映{cat.Name}的问题，编号{rng.Next()}"));
            }
        return list.OrderBy(t => t.ReceivedAt).ToList();
    }

    private static List<WarningTicket> GasSmell(DateTime start, int n, bool sameCaller = false) =>
        Enumerable.Range(0, n)
        .Select(i =>
            new WarningTicket($"G{i:D3}", start.AddMinutes(9 * i), "PU.GAS.SMELL", "gas", County, Township, sameCaller
            ? "c-same" : $"g-caller-{i}",
            $"阳光花园{i % 4 + 1}号楼楼道里煤气味很大，怀疑燃气泄漏，请尽快派人")).ToList();

    private static List<AlertChange> Run(IEnumerable<WarningTicket> tickets, DateTime from, DateTime to,
        WarningEngine? engine = null)
    {
        engine ??= new WarningEngine(ReferenceData.Default);
        return engine.Run(tickets.OrderBy(t => t.ReceivedAt).ToList(), from, to, TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void A_gas_smell_cluster_raises_one_critical_alert_within_the_hour_and_resolves_later()
    {
        var start = T0.AddDays(28).AddHours(10);
        var changes = Run(Background(30).Concat(GasSmell(start, 10)), T0.AddDays(21), T0.AddDays(30));
        var gas = changes.Where(c => c.Alert.RiskGroup == "gas" && c.Alert.Tickets.ContainsKey("G000")).ToList();
        Assert.NotEmpty(gas);
        Assert.Single(gas.Select(c => c.Alert.Id).Distinct()); // deduplicated: one alert per incident
        var opened = gas.First(c => c.Change == AlertChangeKind.Opened);
        Assert.True(opened.At - start <= TimeSpan.FromHours(1), $"opened {opened.At - start} after the first ticket");
        var alert = opened.Alert;
        Assert.Equal(Severity.Critical, alert.Severity);
        Assert.Equal(Township, alert.AreaCode);
        Assert.Contains("C-YJ", alert.Owners);
        // the utility serving the place
        Assert.Contains(alert.Owners, o => o.StartsWith("U-GAS", StringComparison.Ordinal));
        // evidence grows after opening
        Assert.Contains(gas, c => c.Change is AlertChangeKind.Updated or AlertChangeKind.Escalated);
        var resolved = gas.Single(c => c.Change == AlertChangeKind.Resolved);
        Assert.True(resolved.At - alert.LastTicketAt >= TimeSpan.FromHours(12));
        Assert.All(Enumerable.Range(0, 10), i => Assert.Contains($"G{i:D3}", alert.Tickets.Keys));
        Assert.InRange(alert.Tickets.Count, 10, 12); // a background gas ticket in the county may ride along
        Assert.DoesNotContain("g-caller", AlertCard.Markdown(alert)); // evidence is ids and counts, not callers
    }

    [Fact]
    public void Background_alone_raises_no_warning()
    {
        var changes = Run(Background(35), T0.AddDays(7), T0.AddDays(35));
        Assert.DoesNotContain(changes, c => c.Alert.Severity >= Severity.Medium);
    }

    [Fact]
    public void One_caller_phoning_ten_times_is_not_an_incident()
    {
        var changes = Run(Background(30).Concat(GasSmell(T0.AddDays(28).AddHours(10), 10, sameCaller: true)),
            T0.AddDays(21), T0.AddDays(30));
        Assert.DoesNotContain(changes, c => c.Alert.Tickets.ContainsKey("G000"));
    }

    [Fact]
    public void A_city_wide_seasonal_rise_is_low_severity_but_a_local_cluster_in_season_is_not()
    {
        var start = new DateTime(2025, 11, 15, 8, 0, 0);
        var townships = ReferenceData.Default.Areas.Where(a => a.Level == "township").Take(40).ToList();
        // Heating start: cold radiators reported everywhere at once.
        var citywide = Enumerable.Range(0, 400)
            .Select(i => new WarningTicket($"H{i:D3}", start.AddMinutes(3 * i), "PU.HEAT.COLD", "heating",
            townships[i * 7 % townships.Count].ParentCode, townships[i * 7 % townships.Count].Code, $"h{i}",
                $"家里暖气不热，室温只有十几度，{i}号楼")).ToList();
        var shift = start.AddDays(-28).Date - T0;
        var bg = Background(30).Select(t => t with { ReceivedAt = t.ReceivedAt + shift }).ToList();
        var changes = Run(bg.Concat(citywide), start.AddDays(-7), start.AddDays(2));
        var alerts = changes.Where(c => c.Alert.Tickets.Keys.Any(k => k.StartsWith('H'))).Select(c => c.Alert)
            .Distinct().ToList();
        Assert.NotEmpty(alerts);
        Assert.All(alerts, a =>
            Assert.True(a.Severity == Severity.Low,
            $"{a.Title} {string.Join(",", a.Detectors)} {a.Severity} n={a.Tickets.Count} first={a.FirstTicketAt}"));

        // A heating main failing in one compound, in the same season: an incident.
        var local = Enumerable.Range(0, 15)
            .Select(i =>
            new WarningTicket($"L{i:D3}", start.AddMinutes(8 * i), "PU.HEAT.STOP", "heating", County, Township,
            $"l{i}", $"阳光花园小区突然停暖了，暖气片冰凉，{i}号楼")).ToList();
        var localAlerts = Run(bg.Concat(local), start.AddDays(-7), start.AddDays(2))
            .Where(c => c.Alert.Tickets.ContainsKey("L000")).ToList();
        Assert.Contains(localAlerts, c => c.Severity >= Severity.Medium);
    }

    [Fact]
    public void A_silenced_alert_is_recorded_and_fires_when_the_silence_expires()
    {
        var start = T0.AddDays(28).AddHours(10);
        var engine = new WarningEngine(ReferenceData.Default);
        engine.Alerts.Silences.Add(new AlertSilence(1, "gas", County, "drill announced", T0, start.AddHours(2)));
        var changes = Run(Background(30).Concat(GasSmell(start, 10)), T0.AddDays(21), T0.AddDays(30), engine);
        var mine = changes.Where(c => c.Alert.Tickets.ContainsKey("G000")).ToList();
        Assert.Equal(AlertStatus.Silenced, mine.First(c => c.Change == AlertChangeKind.Opened).Status);
        var unsilenced = mine.Single(c => c.Change == AlertChangeKind.Unsilenced);
        Assert.True(unsilenced.At >= start.AddHours(2));
        Assert.Equal(AlertStatus.Firing, unsilenced.Status);
    }

    [Fact]
    public async Task Webhook_sink_retries_until_the_receiver_accepts()
    {
        var received = new List<string>();
        var calls = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapPost("/hook", async (HttpRequest req) =>
        {
            // The receiver is down for the first two attempts.
            if (Interlocked.Increment(ref calls) <= 2) return Results.StatusCode(503);
            using var r = new StreamReader(req.Body);
            var body = await r.ReadToEndAsync();
            lock (received) received.Add(body);
            return Results.Ok();
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var start = T0.AddDays(28).AddHours(10);
        var change = Run(Background(30).Concat(GasSmell(start, 10)), T0.AddDays(21), T0.AddDays(30))
            .First(c => c.Alert.RiskGroup == "gas" && c.Change == AlertChangeKind.Opened);
        var sink = new WebhookAlertSink(new Uri(url + "/hook")) { FirstBackoff = TimeSpan.FromMilliseconds(20) };
        sink.Deliver(change);
        Assert.Equal(1, sink.Delivered);
        Assert.Equal(3, calls);
        Assert.Single(received);
        Assert.Contains(change.Alert.Id, received[0]);
        Assert.Contains("\"severity\":\"critical\"", received[0]);
        Assert.DoesNotContain("g-caller", received[0]);
        await app.StopAsync();
    }

    private static Signal GasSignal(IEnumerable<WarningTicket> tickets) => new()
    {
        Detector = DetectorName.WindowCount, RiskGroup = "gas", District = County, Township = Township,
        Tickets = tickets.ToList(),
        Observed = 10, Expected = 0.1, PValue = 1e-9, Window = TimeSpan.FromHours(72),
    };

    [Fact]
    public void A_resolved_incidents_echo_does_not_open_a_new_alert_but_a_new_cluster_does()
    {
        var manager = new AlertManager(ReferenceData.Default);
        var start = T0.AddHours(10);
        var first = GasSmell(start, 10);
        var firstId = Assert.Single(manager.Apply(start.AddHours(2), [GasSignal(first)]), c =>
            c.Change == AlertChangeKind.Opened).Alert.Id;
        Assert.Contains(manager.Apply(start.AddHours(15), []), c => c.Change == AlertChangeKind.Resolved);
        // Two days later the 72-hour window still holds the old tickets plus one new one: the same incident's echo.
        var echo = first.Append(new WarningTicket("X1", start.AddDays(2), "PU.GAS.SMELL", "gas", County, Township,
            "x-1", "煤气味")).ToList();
        Assert.Empty(manager.Apply(start.AddDays(2), [GasSignal(echo)]));
        // A new cluster at the same place, mostly new tickets, is a new alert.
        var again = GasSmell(start.AddDays(3), 12).Select(t => t with { TicketId = "N" + t.TicketId })
            .Concat(first.Take(3)).ToList();
        var opened = Assert.Single(manager.Apply(start.AddDays(3), [GasSignal(again)]), c =>
            c.Change == AlertChangeKind.Opened);
        Assert.NotEqual(firstId, opened.Alert.Id);
        Assert.Contains("NG000", opened.Alert.Tickets.Keys);
    }

    [Fact]
    public void Named_site_needs_a_rare_name_common_names_come_up_by_chance()
    {
        var detector = new NamedSiteDetector(_ => null, ReferenceData.Default.Areas.Select(a => a.Name));
        // Normalised forms agree however the site is written or recorded.
        Assert.Equal(["凤凰家园项目工地"], detector.Sites("我们一帮农民工在凤凰家园项目工地干活，工资一直没给").ToList());
        Assert.Equal("凤凰家园项目工地", detector.Normalise("兰山区兰山街道凤凰家园项目工地"));
        Assert.Null(detector.Normalise("兰山区兰山街道"));

        // Four weeks of history: one school name every township shares turns up in many tickets; site names are all
        // different.
        var t = T0;
        var n = 0;
        var elsewhere = ReferenceData.Default.Areas.First(a => a.Level == "township" && a.Code != Township).Code;
        WarningTicket Ticket(string group, string place, DateTime at, string township = Township) =>
            new($"S{n++:D5}", at, group == "school" ? "ED.SCH.HEALTH" : "LS.WAGE.SITE", group, County, township,
                $"c{n}", "反映问题", "兰山区兰山街道" + place);
        for (var d = 0; d < 28; d++)
        {
            detector.Add(Ticket("school", "临沂第一实验小学", t.AddDays(d)));
            detector.Add(Ticket("school", "临沂第一实验小学", t.AddDays(d).AddHours(5)));
            detector.Add(Ticket("wage", $"工地{d}号项目工地", t.AddDays(d)));
            for (var k = 0; k < 10; k++) detector.Add(Ticket("wage", $"别处{d}-{k}号项目工地", t.AddDays(d), elsewhere));
            detector.Scan(t.AddDays(d).AddHours(12), _ => County);
        }
        var now = t.AddDays(40);
        foreach (var i in Enumerable.Range(0, 3))
        {
            detector.Add(Ticket("school", "临沂第一实验小学", now.AddHours(i)));
            detector.Add(Ticket("wage", "阳光花园项目工地", now.AddHours(i)));
        }
        var signals = detector.Scan(now.AddHours(3), _ => County);
        var wage = Assert.Single(signals);
        Assert.Equal("wage", wage.RiskGroup);
        Assert.True(wage.PValue < 1e-6, $"p = {wage.PValue}");
    }
}
