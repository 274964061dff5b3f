using System.Text.Json;
using DuckDB.NET.Data;
using Hotline.Jobs.Briefs;
using Hotline.Jobs.Lake;
using Hotline.Jobs.Periods;
using Hotline.Jobs.Scheduling;

namespace Hotline.Jobs.Tests.Lake;

/// <summary>
/// The Parquet lake against the store it came from (the simulated March–April 2025 warehouse, with personal data
/// planted in titles and texts, some tickets confidential, and alerts): the monthly and weekly briefs computed over
/// the lake equal, field for field, the briefs computed over the store; the lake holds no personal data and no
/// confidential text; a second export rewrites only the days whose tickets changed.
/// </summary>
[Collection("routing")]
public class LakeBriefTests(RoutingWarehouse fixture)
{
    private const string PlantedPhone = "13912345678";

    [Fact]
    public void Brief_over_the_lake_equals_the_brief_over_the_store_and_exports_are_incremental()
    {
        var dir = TestData.TempDir("lake");
        var db = Path.Combine(dir, "w.duckdb");
        File.Copy(fixture.Path, db);
        var lakeDir = Path.Combine(dir, "lake");
        using var w = WarehouseDb.Open(db, JobsSchema.Stages);
        Sql.Execute(w.Connection, $"""
            UPDATE tickets SET title = title || '，我姓张，电话{PlantedPhone}',
                content = content || '我叫李小明，电话{PlantedPhone}，住5号楼2单元301室'
            """);
        Sql.Execute(w.Connection, "UPDATE tickets SET confidential = true WHERE hash(ticket_id) % 50 = 0");
        Sql.Execute(w.Connection, """
            INSERT INTO alerts (alert_id, status, severity, risk_group, area_code, area_name, title, detectors, owners,
                opened_at, updated_at, ticket_count, caller_count, ticket_ids, notify_count)
            SELECT 'A' || i, 'resolved', CASE i % 2 WHEN 0 THEN 'high' ELSE 'medium' END, 'gas', '371302', '兰山区',
                '燃气异味集中反映', ['spatial'], ['U-GAS'], TIMESTAMP '2025-04-02 10:00' + INTERVAL (i) DAY,
                TIMESTAMP '2025-04-02 12:00' + INTERVAL (i) DAY, 5 + i, 4 + i, ['T1'], 1
            FROM range(6) r(i)
            """);

        var first = LakeWriter.Export(w.Connection, lakeDir);
        Assert.Equal(LakeLayout.ShippedCity, first.City);
        Assert.Equal(RoutingWarehouse.Days, first.DaysWritten);
        Assert.Equal(6, first.AlertRows);
        AssertBriefsEqual(w.Connection, lakeDir);

        // Personal data stays home: no planted phone, no self-named caller, no house number, no confidential text,
        // and none of the columns that identify a caller or a dwelling.
        using (var lake = LakeReader.Open(lakeDir, LakeLayout.ShippedCity))
        {
            var texts = Sql.Rows(lake.Connection, "SELECT title, content, address, confidential FROM tickets",
                r => (Title: r.Str(0), Content: r.Str(1), Site: r.Str(2), Confidential: r.GetBoolean(3)));
            Assert.Equal(Sql.Scalar<long>(w.Connection, "SELECT count(*) FROM tickets"), texts.Count);
            Assert.All(texts.Where(t => t.Confidential), t => Assert.True(t.Title is null && t.Content is null));
            Assert.All(texts, t => Assert.True(!TextMasker.Find($"{t.Title}。{t.Content}。{t.Site}").Any(),
                $"{t.Title}。{t.Content}。{t.Site}"));
            Assert.DoesNotContain(texts, t => $"{t.Title}{t.Content}".Contains(PlantedPhone, StringComparison.Ordinal));
            Assert.Contains(texts, t => t.Content?.Contains("139****5678", StringComparison.Ordinal) == true);
            var columns = Sql.Rows(lake.Connection, "SELECT column_name FROM (DESCRIBE tickets)", r => r.GetString(0));
            foreach (var personal in new[] { "caller_id", "caller_phone_masked", "lat", "lon" })
                Assert.DoesNotContain(personal, columns);
        }

        // Nothing changed: nothing rewritten. One ticket changes: its day alone is rewritten, and the briefs agree.
        var again = LakeWriter.Export(w.Connection, lakeDir);
        Assert.Equal((0, RoutingWarehouse.Days), (again.DaysWritten, again.DaysUnchanged));
        var day = Sql.Single(w.Connection, """
            UPDATE tickets SET status = 'closed', satisfaction = 'dissatisfied'
            WHERE ticket_id = (SELECT min(ticket_id) FROM tickets WHERE received_at >= '2025-04-10'
                AND received_at < '2025-04-11')
            RETURNING CAST(received_at AS DATE)
            """, r => DateOnly.FromDateTime(r.GetDateTime(0)));
        var lake0 = new LakeLayout(lakeDir);
        var untouched = File.GetLastWriteTimeUtc(lake0.TicketFile(LakeLayout.ShippedCity, day.AddDays(1)));
        var third = LakeWriter.Export(w.Connection, lakeDir);
        var thatDay = Sql.Scalar<long>(w.Connection,
            "SELECT count(*) FROM tickets WHERE CAST(received_at AS DATE) = $d",
            ("d", day.ToDateTime(TimeOnly.MinValue)));
        Assert.Equal((1, thatDay), (third.DaysWritten, third.TicketRows));
        Assert.Equal(untouched, File.GetLastWriteTimeUtc(lake0.TicketFile(LakeLayout.ShippedCity, day.AddDays(1))));
        // A day's file lost from the lake is written again, whatever the store recorded.
        File.Delete(lake0.TicketFile(LakeLayout.ShippedCity, day.AddDays(3)));
        Assert.Equal(1, LakeWriter.Export(w.Connection, lakeDir).DaysWritten);
        AssertBriefsEqual(w.Connection, lakeDir);
        Assert.False(Directory.Exists(lake0.Staging(LakeLayout.ShippedCity)));
    }

    private static void AssertBriefsEqual(DuckDBConnection store, string lakeDir)
    {
        using var lake = LakeReader.Open(lakeDir, LakeLayout.ShippedCity);
        foreach (var (kind, asOf) in new[] { (PeriodKind.Month, "2025-04-24"), (PeriodKind.Week, "2025-04-20") })
        {
            var cutoff = ReportPeriod.ParseCutoff(asOf);
            var period = ReportPeriod.ForCutoff(kind, cutoff);
            var fromStore = JsonSerializer.Serialize(new BriefBuilder(ReferenceData.Default).Build(store, period,
                cutoff), ReportJobs.Json);
            var fromLake = JsonSerializer.Serialize(new BriefBuilder(lake.Reference).Build(lake.Connection, period,
                cutoff), ReportJobs.Json);
            Assert.Equal(fromStore, fromLake);
            if (kind == PeriodKind.Month) Assert.Contains("燃气异味集中反映", fromLake);
        }
    }
}
