using System.Text.Json;
using Hotline.Ingest.Sources;
using Hotline.Jobs.Briefs;
using Hotline.Jobs.Lake;
using Hotline.Jobs.Periods;
using Hotline.Jobs.Scheduling;

namespace Hotline.Jobs.Tests.Lake;

/// <summary>
/// A province on one lake: five simulated cities (each its own store and seed, written under its own city code) export
/// at the same time into one lake; the province brief read from the lake counts every city's tickets once, carries
/// the province's name, and each city's brief from the lake equals the brief from its own store.
/// </summary>
public class ProvinceLakeTests
{
    [Fact]
    public void Five_stores_write_one_lake_and_the_province_brief_adds_them_up()
    {
        var dir = TestData.TempDir("province");
        var lake = Path.Combine(dir, "lake");
        var cities = Enumerable.Range(1, 5).Select(i => (Code: $"sim-{i}", Db: Path.Combine(dir, $"city{i}.duckdb"),
            Seed: 100 + i, PerDay: 60 + 20 * i)).ToList();
        foreach (var c in cities)
        {
            var jsonl = Path.Combine(dir, $"{c.Code}.jsonl");
            TestData.WriteJsonl(jsonl, TestData.Simulate(days: 45, perDay: c.PerDay, seed: c.Seed,
                start: new DateOnly(2025, 3, 1)).Select(EventJson.ToUtf8));
            using var w = WarehouseDb.Open(c.Db, JobsSchema.Stages);
            new FileIngestor(w, new EventParser(ReferenceData.Default.Codes())).Run(jsonl);
            new TicketMaterializer(w.Connection).Run();
        }

        // The five writers run at once: each touches only its own city=… folders (and its own staging).
        Parallel.ForEach(cities, c =>
        {
            using var w = WarehouseDb.Open(c.Db, JobsSchema.Stages);
            Assert.True(LakeWriter.Export(w.Connection, lake, c.Code).DaysWritten >= 44);
        });

        var cutoff = ReportPeriod.ParseCutoff("2025-04-14");
        var period = ReportPeriod.ForCutoff(PeriodKind.Month, cutoff);
        long sum = 0;
        foreach (var c in cities)
        {
            using var w = WarehouseDb.Open(c.Db, JobsSchema.Stages);
            var fromStore = new BriefBuilder(ReferenceData.Default).Build(w.Connection, period, cutoff);
            using var one = LakeReader.Open(lake, c.Code);
            var fromLake = new BriefBuilder(one.Reference).Build(one.Connection, period, cutoff);
            Assert.Equal(JsonSerializer.Serialize(fromStore, ReportJobs.Json),
                JsonSerializer.Serialize(fromLake, ReportJobs.Json));
            sum += (long)fromStore.Kpis[0].Value!.Value;
        }

        using var province = LakeReader.Open(lake, regionName: "山东省");
        Assert.Equal(cities.Select(c => c.Code), province.Cities);
        var brief = new BriefBuilder(province.Reference).Build(province.Connection, period, cutoff);
        Assert.Equal("received", brief.Kpis[0].Key);
        Assert.Equal(sum, (long)brief.Kpis[0].Value!.Value);
        Assert.Equal("山东省", brief.Masthead!.City);
        Assert.Equal(sum, brief.RequestTypes.Sum(r => r.Count));
        // A province's brief speaks of the province (全省), never of "the whole city".
        Assert.Equal("全省", brief.Masthead.Scope);
        var text = Hotline.Jobs.Render.BriefMarkdown.Render(brief);
        Assert.DoesNotContain("全市", text);
        Assert.Contains("全省", text);
    }
}
