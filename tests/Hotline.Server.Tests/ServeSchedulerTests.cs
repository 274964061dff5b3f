using System.Net;
using System.Text.Json;
using Hotline.Jobs.Periods;
using Hotline.Jobs.Scheduling;

namespace Hotline.Server.Tests;

/// <summary>
/// The report scheduler inside the real server, end to end: started after "downtime", it catches up every job period
/// owed in its window, records each in job_runs, publishes the files the data API then serves, and a restart runs
/// nothing again (each run is idempotent for its period).
/// </summary>
[Collection("routing")]
public sealed class ServeSchedulerTests(RoutingWarehouse w)
{
    [Fact]
    public async Task Serve_catches_up_owed_reports_once_and_publishes_them()
    {
        var db = w.CopyTrained();
        var reports = Path.Combine(Path.GetDirectoryName(db)!, "reports");
        var key = ServerTestKit.AddKey(db, "centre");
        var catchUp = TimeSpan.FromDays(5);
        List<JobScheduler.Due> owed;
        using (var warehouse = WarehouseDb.Open(db, Hotline.Server.ServerSchema.AllStages))
        {
            // What the data clock will call "now", and what is owed then: the expectation is computed, not hard-coded.
            var now = WarehouseQueries.LatestReceipt(warehouse.Connection)!.Value;
            owed = new JobScheduler(ReportJobs.All, catchUp).DueAt(now, (_, _) => false);
        }
        Assert.Contains(owed, d => d.Job.Name == "brief-weekly");
        Assert.Contains(owed, d => d.Job.Name == "unit-drop-daily");

        var options = new ServerOptions
        {
            DbPath = db, Listen = "http://127.0.0.1:0", DataClock = true, ReportsDir = reports, CatchUp = catchUp,
            ScheduleEvery = TimeSpan.FromMilliseconds(300), SuggestEvery = TimeSpan.FromSeconds(30),
            ScanEvery = TimeSpan.FromHours(1),
        };
        var weekly = ReportPeriod.ForCutoff(PeriodKind.Week, owed.Last(d => d.Job.Name == "brief-weekly").Cutoff).Key;
        await using (var host = await ServerHost.StartAsync(options, _ => { }))
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (host.Scheduler!.Runs < owed.Count && DateTime.UtcNow < deadline) await Task.Delay(200);
            Assert.Equal(owed.Count, host.Scheduler.Runs);

            // Published means served: the weekly brief the scheduler just wrote comes back from the data API.
            using var http = ServerTestKit.Client(host, key);
            var res = await http.GetAsync($"/v1/briefs/{weekly}?format=json");
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            using var brief = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
            Assert.True(brief.RootElement.EnumerateObject().Any());
        }

        using (var warehouse = WarehouseDb.Open(db, Hotline.Server.ServerSchema.AllStages))
        {
            Assert.Equal(owed.Count,
                Sql.Scalar<long>(warehouse.Connection,
                "SELECT count(*) FROM job_runs WHERE status = 'succeeded' AND trigger = 'catch-up'"));
            Assert.Equal(0,
                Sql.Scalar<long>(warehouse.Connection, "SELECT count(*) FROM job_runs WHERE status <> 'succeeded'"));
            foreach (var d in owed)
            {
                var period = ReportPeriod.ForCutoff(d.Job.Kind, d.Cutoff).Key;
                var dir = Sql.Scalar<string>(warehouse.Connection,
                    "SELECT out_dir FROM job_runs WHERE job = $j AND period = $p", ("j", d.Job.Name), ("p", period));
                Assert.Equal(Path.GetFullPath(Path.Combine(reports, d.Job.Name, period)), dir);
                Assert.NotEmpty(Directory.GetFiles(dir!));
            }
        }

        // A restart owes nothing: every period is done.
        await using (var again = await ServerHost.StartAsync(options, _ => { }))
        {
            await Task.Delay(TimeSpan.FromSeconds(5)); // the first tick is after 3 s, then every 300 ms
            Assert.Equal(0, again.Scheduler!.Runs);
        }
    }
}
