using Hotline.Cli.Commands;
using Hotline.Jobs.Periods;
using Hotline.Jobs.Privacy;
using Hotline.Jobs.Scheduling;
using Hotline.Models.Warning;
using Hotline.Models.Warning.Alerts;
using Hotline.Server;

namespace Hotline.Integration.Tests;

/// <summary>
/// Personal data planted in every ticket's title and text, then pushed through every way data leaves the centre:
/// all scheduled jobs (briefs, digest, scorecard, disclosure, export, the units' daily drop), alert cards and alert
/// documents (what the webhook and Kafka sinks send), every API answer, and the server's log. `hotline pii-scan` over
/// the lot must be clean, and must fail on a file with one planted phone number.
/// </summary>
[Collection("routing")]
public sealed class PlantedPiiTests(RoutingWarehouse w)
{
    private const string Phone = "13912345678", IdCard = "370102199001011234", Email = "zhang.san@example.com",
        Card = "6222021234567890123";
    private const string Planted = $"，我姓张，电话{Phone}，身份证{IdCard}，邮箱{Email}，银行卡{Card}，住3号楼2单元501室，王女士也知道";

    [Fact]
    public async Task Planted_personal_data_leaves_through_no_output_and_the_scan_says_so()
    {
        var db = w.CopyTrained();
        var root = TestData.TempDir("pii-all");
        string unit;
        using (var warehouse = WarehouseDb.Open(db, Hotline.Server.ServerSchema.AllStages))
        {
            Sql.Execute(warehouse.Connection,
                $"UPDATE tickets SET title = title || '{Planted}', content = content || '{Planted}'");
            unit = Sql.Scalar<string>(warehouse.Connection,
                "SELECT lead_unit FROM tickets WHERE lead_unit IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")!;
            var runner = new JobRunner(warehouse.Connection, ReferenceData.Default);
            foreach (var job in ReportJobs.All)
                Assert.Equal(JobStatus.Succeeded,
                    runner.Run(job, ReportPeriod.ParseCutoff("2025-04-24"), Path.Combine(root, "jobs", job.Name),
                    JobTrigger.Manual).Status);

            var alerts = Directory.CreateDirectory(Path.Combine(root, "alerts")).FullName;
            var scan = WarningScan.Run(warehouse.Connection, new DateTime(2025, 4, 26), []);
            foreach (var a in scan.Changes.Select(c => c.Alert).Distinct())
            {
                File.WriteAllText(Path.Combine(alerts, a.Id + ".md"), AlertCard.Markdown(a));
                File.WriteAllText(Path.Combine(alerts, a.Id + ".json"),
                    System.Text.Json.JsonSerializer.Serialize(AlertCard.Document(a, AlertChangeKind.Opened)));
            }
        }
        var centre = ServerTestKit.AddKey(db, "centre");
        var unitKey = ServerTestKit.AddKey(db, $"unit:{unit}");
        var log = new List<string>();
        var api = Directory.CreateDirectory(Path.Combine(root, "api")).FullName;
        await using (var host = await ServerHost.StartAsync(new ServerOptions
        {
            DbPath = db, Listen = "http://127.0.0.1:0", ScanEvery = TimeSpan.FromSeconds(1), DataClock = true,
        }, line => { lock (log) log.Add(line); }))
        {
            using var c = ServerTestKit.Client(host, centre);
            using var u = ServerTestKit.Client(host, unitKey);
            var alertList = await c.GetStringAsync("/v1/alerts?limit=1000");
            await File.WriteAllTextAsync(Path.Combine(api, "alerts.json"), alertList);
            using (var doc = System.Text.Json.JsonDocument.Parse(alertList))
                foreach (var a in doc.RootElement.EnumerateArray().Take(5))
                    await File.WriteAllTextAsync(Path.Combine(api,
                        $"alert-{a.GetProperty("alert_id").GetString()}.json"),
                        await c.GetStringAsync($"/v1/alerts/{a.GetProperty("alert_id").GetString()}"));
            await File.WriteAllTextAsync(Path.Combine(api, "unit-page.json"),
                await u.GetStringAsync($"/v1/units/{unit}/tickets?limit=500"));
            await File.WriteAllTextAsync(Path.Combine(api, "centre-page.json"),
                await c.GetStringAsync($"/v1/units/{unit}/tickets?limit=500"));
            foreach (var f in new[] { "json", "md", "html" })
            {
                await File.WriteAllTextAsync(Path.Combine(api, $"brief.{f}"),
                    await c.GetStringAsync($"/v1/briefs/2025-04?format={f}"));
                await File.WriteAllTextAsync(Path.Combine(api, $"disclosure.{f}"),
                    await c.GetStringAsync($"/v1/disclosure/2025-04?format={f}"));
            }
            var route = await c.PostAsync("/v1/route",
                new StringContent($$"""{"content":"路灯坏了{{Planted}}","district":"371302","request_type":"consultation"}""",
                System.Text.Encoding.UTF8, "application/json"));
            await File.WriteAllTextAsync(Path.Combine(api, "route.json"), await route.Content.ReadAsStringAsync());
            while (host.Warnings.Scans < 1) await Task.Delay(100);
        }
        var logs = Directory.CreateDirectory(Path.Combine(root, "logs")).FullName;
        await File.WriteAllLinesAsync(Path.Combine(logs, "serve.log"), log);

        var result = PiiScanner.Scan(root);
        Assert.True(result.FilesScanned >= 30, $"{result.FilesScanned} files scanned");
        Assert.Contains(Directory.GetFiles(root, "*.parquet", SearchOption.AllDirectories), f =>
            f.Contains("unit-drop-daily"));
        Assert.True(result.Findings.Count == 0,
            string.Join("\n", result.Findings.Take(10).Select(f => $"{f.File} {f.Where} {f.Kind}: {f.Context}")));
        foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".png") && !f.EndsWith(".parquet") && !f.EndsWith(".arrow")))
        {
            var text = await File.ReadAllTextAsync(file);
            foreach (var secret in new[] { Phone, IdCard, Email, Card, "我姓张", "王女士" }) Assert.DoesNotContain(secret,
                text);
        }

        // The command: 0 on the clean folder; 2 on a folder with one planted phone number (and it does not print the
        // number).
        Assert.Equal(0, PiiScanCommand.Build().Parse([root]).Invoke());
        var leaked = TestData.TempDir("pii-leak");
        await File.WriteAllTextAsync(Path.Combine(leaked, "note.csv"), $"ticket,text\nT1,请回电{Phone}\n");
        var stdout = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        try { Assert.Equal(PiiScanCommand.FoundExitCode, PiiScanCommand.Build().Parse([leaked]).Invoke()); }
        finally { Console.SetOut(stdout); }
        Assert.Contains("mobile", captured.ToString());
        Assert.DoesNotContain(Phone, captured.ToString());
        Assert.Single(PiiScanner.Scan(leaked).Findings);
    }
}
