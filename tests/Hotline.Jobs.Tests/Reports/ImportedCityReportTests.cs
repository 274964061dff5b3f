using Hotline.Ingest.Import;
using Hotline.Jobs.Periods;
using Hotline.Jobs.Scheduling;
using Hotline.Models.Warning;

namespace Hotline.Jobs.Tests.Reports;

/// <summary>
/// The reports and the early-warning scan on a city imported from its own export (the real Boston 311 sample of
/// tests/Hotline.Ingest.Tests/Fixtures/us311, through docs/import/boston-311.yaml): they speak of Boston's queues,
/// services and neighbourhoods, cite no rule of Linyi (or of any province), and an open case stays open.
/// </summary>
public class ImportedCityReportTests
{
    [Fact]
    public void Briefs_digest_scorecard_and_alerts_run_on_an_imported_US_city_in_its_own_terms()
    {
        var dir = TestData.TempDir("imported-city-reports");
        using var w = WarehouseDb.Open(Path.Combine(dir, "w.duckdb"), JobsSchema.Stages);
        new Importer(w, ImportMapping.Load(TestData.InRepo("docs/import/boston-311.yaml")))
            .Run(TestData.InRepo("tests/Hotline.Ingest.Tests/Fixtures/us311/sample.csv"), dryRun: false);

        // "In progress" in the export with no close date: open in the warehouse, not replied by a default text.
        Assert.Equal("dispatched", Sql.Scalar<string>(w.Connection,
            "SELECT status FROM tickets WHERE ticket_id = 'BOS-BCS-00065692'"));
        Assert.Equal(0L, Sql.Scalar<long>(w.Connection,
            "SELECT count(*) FROM tickets WHERE status IN ('replied', 'closed') AND closed_at IS NULL "
            + "AND last_replied_at IS NULL"));

        var runner = new JobRunner(w.Connection, w.Reference);
        var cutoff = ReportPeriod.ParseCutoff("2026-01-31");
        var outDir = Path.Combine(dir, "out");
        foreach (var job in new[] { "brief-monthly", "digest-daily", "scorecard-monthly" })
        {
            var run = runner.Run(ReportJobs.Find(job), cutoff, Path.Combine(outDir, job), JobTrigger.Manual);
            Assert.True(run.Status == JobStatus.Succeeded, $"{job}: {run.Detail}");
        }
        var brief = File.ReadAllText(Path.Combine(outDir, "brief-monthly", "brief-monthly-2026-01.md"));
        Assert.Contains("Street Light Outage", brief);
        Assert.Contains("Dorchester", brief);
        var texts = Directory.GetFiles(outDir, "*.md", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        Assert.NotEmpty(texts);
        foreach (var text in texts)
        {
            foreach (var linyi in new[] { "临沂", "兰山", "《条例》", "条例》" }) Assert.DoesNotContain(linyi, text);
            Assert.DoesNotMatch(@"[（(、，][LGBT]\d{1,2}(-\d+)?[）)、]", text);
        }

        // The live scan runs on the city's own areas and units.
        var scan = WarningScan.Run(w.Connection, new DateTime(2026, 1, 20, 12, 0, 0), [], w.Reference);
        var names = w.Reference.Areas.Select(a => a.Name).ToHashSet();
        Assert.All(scan.Open, a => Assert.True(a.AreaName is null || names.Contains(a.AreaName), a.AreaName));
    }
}
