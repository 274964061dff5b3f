using System.Text.Json;
using System.Text.RegularExpressions;
using Apache.Arrow.Ipc;
using Hotline.Jobs.Periods;
using Hotline.Jobs.Scheduling;

namespace Hotline.Jobs.Tests.Reports;

/// <summary>
/// Every report job on the simulated March–April 2025 warehouse, with personal data planted in every ticket's title
/// (the only free text reports show): the outputs exist, carry definitions and comparisons, and contain none of it.
/// </summary>
[Collection("routing")]
public class ReportJobTests(RoutingWarehouse fixture)
{
    private const string PlantedPhone = "13912345678";
    private const string PlantedId = "370102199001011234";

    private (string Db, string Out, List<string> InputPhones) Prepare()
    {
        var dir = TestData.TempDir("jobs");
        var db = Path.Combine(dir, "w.duckdb");
        File.Copy(fixture.Path, db);
        using var w = WarehouseDb.Open(db, Hotline.Jobs.JobsSchema.Stages);
        Sql.Execute(w.Connection,
            $"UPDATE tickets SET title = title || '，我姓张，电话{PlantedPhone}，身份证{PlantedId}，3号楼2单元501室'");
        // Phone numbers the simulator itself wrote into ticket texts (as real callers do).
        using var cmd = w.Connection.CreateCommand();
        cmd.CommandText = "SELECT content FROM tickets WHERE regexp_matches(content, '1[3-9][0-9]{9}')";
        var phones = new List<string> { PlantedPhone };
        using (var r = cmd.ExecuteReader()) while (r.Read()) phones.AddRange(Regex.Matches(r.GetString(0),
            @"1[3-9]\d{9}").Select(m => m.Value));
        return (db, Path.Combine(dir, "out"), phones.Distinct().ToList());
    }

    [Fact]
    public void Every_job_writes_its_outputs_without_personal_data_and_is_idempotent_per_period()
    {
        var (db, outDir, phones) = Prepare();
        Assert.True(phones.Count > 5, "the simulator should have put phone numbers in some texts");
        using var w = WarehouseDb.Open(db, Hotline.Jobs.JobsSchema.Stages);
        var runner = new JobRunner(w.Connection, ReferenceData.Default);
        var cutoff = ReportPeriod.ParseCutoff("2025-04-24");
        foreach (var job in ReportJobs.All)
        {
            var run = runner.Run(job, cutoff, Path.Combine(outDir, job.Name), JobTrigger.Manual);
            Assert.Equal(JobStatus.Succeeded, run.Status);
            Assert.NotEmpty(run.Files);
        }

        // Brief: the Checked-by files, and every KPI has a definition and a comparison.
        var brief = Path.Combine(outDir, "brief-monthly");
        foreach (var f in new[] { "brief-monthly-2025-04.md", "brief-monthly-2025-04.html",
            "brief-monthly-2025-04.json", "trend.png", "categories.png", "heatmap.png" })
            Assert.True(File.Exists(Path.Combine(brief, f)), f);
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(brief, "brief-monthly-2025-04.json"))))
        {
            var kpis = json.RootElement.GetProperty("kpis").EnumerateArray().ToList();
            Assert.True(kpis.Count >= 10);
            foreach (var k in kpis)
            {
                Assert.False(string.IsNullOrWhiteSpace(k.GetProperty("definition").GetString()));
                Assert.Equal(JsonValueKind.Number, k.GetProperty("previous").ValueKind); // March is in the warehouse
            }
            // 2024 is not: no invented comparison
            Assert.Equal(JsonValueKind.Null, kpis[0].GetProperty("last_year").ValueKind);
            Assert.True(json.RootElement.GetProperty("top_categories").GetArrayLength() > 0);
        }
        var html = File.ReadAllText(Path.Combine(brief, "brief-monthly-2025-04.html"));
        Assert.Contains("data:image/png;base64,", html);
        Assert.DoesNotContain("src=\"trend.png\"", html); // self-contained

        // The brief reads as a government report: masthead, 综述 in 一是…二是…, methods in an appendix, no test
        // statistics or scores in the body; request types add up to the total and their shares to 100 %.
        var md = File.ReadAllText(Path.Combine(brief, "brief-monthly-2025-04.md"));
        foreach (var part in new[] { "2025年第4期", "12345政务服务便民热线中心", "## 综述", "一是", "二是",
            "## 附：统计口径与方法", "建议" })
            Assert.Contains(part, md);
        var body = md[..md.IndexOf("## 附：统计口径与方法", StringComparison.Ordinal)];
        foreach (var method in new[] { "p =", "p 值", "得分", "Bonferroni", "准泊松", "×1", "件/日 |" })
            Assert.DoesNotContain(method, body[body.IndexOf("## 综述", StringComparison.Ordinal)..]
                .Replace("件/日 | ", ""));
        Assert.DoesNotMatch(@"\d\.\d 件", body); // counts are whole numbers
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(brief, "brief-monthly-2025-04.json"))))
        {
            var received = json.RootElement.GetProperty("kpis").EnumerateArray()
                .First(k => k.GetProperty("key").GetString() == "received").GetProperty("value").GetDouble();
            foreach (var list in new[] { "request_types", "channels" })
            {
                var rows = json.RootElement.GetProperty(list).EnumerateArray().ToList();
                Assert.Equal(received, rows.Sum(r => r.GetProperty("count").GetDouble()));
                Assert.Equal(100.0, rows.Sum(r => r.GetProperty("share").GetDouble()), 1);
            }
            Assert.Contains(json.RootElement.GetProperty("request_types").EnumerateArray(),
                r => r.GetProperty("code").GetString() == "suggestion");
            // The outlook states a direction for every row and carries its backtest (months too few here to run).
            Assert.All(json.RootElement.GetProperty("outlook").EnumerateArray(), o =>
                Assert.Contains(o.GetProperty("direction").GetString(), new[] { "up", "down", "flat" }));
            Assert.Equal(JsonValueKind.Object, json.RootElement.GetProperty("outlook_backtest").ValueKind);
            // Topics carry their lineage (the two periods before, then now), the last entry being the topic's own
            // count; 每月一题 follows up the one month before April that the warehouse holds whole (March).
            var topics = json.RootElement.GetProperty("topics").EnumerateArray().ToList();
            Assert.NotEmpty(topics);
            Assert.All(topics, t =>
            {
                var lineage = t.GetProperty("lineage").EnumerateArray().ToList();
                Assert.Equal(3, lineage.Count);
                Assert.Equal(t.GetProperty("tickets").GetInt64(), lineage[^1].GetProperty("tickets").GetInt64());
            });
            var past = Assert.Single(json.RootElement.GetProperty("past_topics").EnumerateArray());
            Assert.Equal("2025-03", past.GetProperty("month").GetString());
            Assert.Equal(["2025-03", "2025-04"], past.GetProperty("since").EnumerateArray()
                .Select(x => x.GetProperty("period").GetString()));
        }

        // Every report also comes as a Word document that opens and is valid Office Open XML.
        var docs = Directory.GetFiles(outDir, "*.docx", SearchOption.AllDirectories);
        Assert.True(docs.Length >= 4, $"{docs.Length} documents");
        foreach (var file in docs)
        {
            using var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(file, false);
            var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(word).Take(5)
                .Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
            Assert.True(errors.Count == 0, $"{Path.GetFileName(file)}: {string.Join("; ", errors)}");
            Assert.False(string.IsNullOrWhiteSpace(word.MainDocumentPart!.Document!.Body!.InnerText));
        }
        Assert.NotEmpty(DocumentFormat.OpenXml.Packaging.WordprocessingDocument
            .Open(Path.Combine(brief, "brief-monthly-2025-04.docx"), false).MainDocumentPart!.ImageParts);

        // Digest: sections cite Linyi's regulation in words, never an index code or another province's rule.
        var digest = File.ReadAllText(Path.Combine(outDir, "digest-daily", "digest-2025-04-24.md"));
        foreach (var article in new[] { "《条例》第三十条第一款第二项", "《条例》第二十条", "《临沂市12345政务服务便民热线条例》" })
            Assert.Contains(article, digest);
        var briefText = File.ReadAllText(Path.Combine(brief, "brief-monthly-2025-04.md"));
        foreach (var text in new[] { digest, briefText })
            Assert.DoesNotMatch(@"[（(、，][LGBT]\d{1,2}(-\d+)?[）)、]", text);

        // The digest says in words what stands out, and each unit gets its 督办单 with masked one-line summaries.
        Assert.Contains("## 今日概况", digest);
        var orders = File.ReadAllText(Path.Combine(outDir, "digest-daily", "duban-2025-04-24.md"));
        Assert.Contains("12345热线督办单", orders);
        Assert.Contains("| 工单号 | 诉求摘要 |", orders);

        // No personal data anywhere: not the planted or simulated phone numbers, the planted ID or name, nor any
        // pattern.
        var texts = Directory.GetFiles(outDir, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".png") && !f.EndsWith(".parquet") && !f.EndsWith(".arrow"));
        foreach (var file in texts)
        {
            // A Word file is a zip: its text is read out of the document (its package ids are not text).
            var text = file.EndsWith(".docx", StringComparison.Ordinal)
                ? string.Join("\n", DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(file, false)
                    .MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>()
                    .Select(p => p.InnerText))
                : File.ReadAllText(file);
            foreach (var phone in phones) Assert.DoesNotContain(phone, text);
            Assert.DoesNotContain(PlantedId, text);
            Assert.DoesNotContain("我姓张", text);
            var found = TextMasker.Find(text).ToList();
            Assert.True(found.Count == 0, $"{Path.GetFileName(file)}: "
                + string.Join("; ", found.Take(5)
                .Select(f =>
                {
                    var from = Math.Max(0, f.Offset - 10);
                    return $"{f.Kind} at «{text.Substring(from, Math.Min(40, text.Length - from))}»";
                })));
        }

        // Export: Parquet and Arrow hold the same rows, masked titles, and no phone or address column.
        var export = Path.Combine(outDir, "export-monthly");
        using (var cmd = w.Connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT count(*), count(*) FILTER (WHERE title LIKE '%{PlantedPhone}%' OR title LIKE "
                + $"'%我姓张%') FROM read_parquet('{Path.Combine(export, "tickets-2025-04.parquet")}')";
            using var r = cmd.ExecuteReader();
            r.Read();
            var parquetRows = r.GetInt64(0);
            Assert.True(parquetRows > 1000);
            Assert.Equal(0, r.GetInt64(1));
            using var stream = File.OpenRead(Path.Combine(export, "tickets-2025-04.arrow"));
            using var reader = new ArrowFileReader(stream);
            long arrowRows = 0;
            while (reader.ReadNextRecordBatch() is { } batch) arrowRows += batch.Length;
            Assert.Equal(parquetRows, arrowRows);
            var names = reader.Schema.FieldsList.Select(f => f.Name).ToList();
            Assert.DoesNotContain("caller_phone_hash", names);
            Assert.DoesNotContain("address", names);
            Assert.DoesNotContain("content", names);
        }

        // Idempotent: the same period and cutoff is not redone; --force redoes it; a later cutoff replaces it.
        var first = runner.Last("brief-monthly", "2025-04")!;
        var again = runner.Run(ReportJobs.Find("brief-monthly"), cutoff, Path.Combine(outDir, "brief-monthly"),
            JobTrigger.Manual);
        Assert.Equal(first.StartedAt, again.StartedAt);
        var later = runner.Run(ReportJobs.Find("brief-monthly"), cutoff.AddDays(1),
            Path.Combine(outDir, "brief-monthly"), JobTrigger.Manual);
        Assert.NotEqual(first.StartedAt, later.StartedAt);
        Assert.Single(runner.History(), r => r.Job == "brief-monthly");
    }

    [Fact]
    public void Scorecard_ranks_within_groups_and_never_ranks_emergency_services_or_the_centre()
    {
        var (db, _, _) = Prepare();
        using var w = WarehouseDb.Open(db, Hotline.Jobs.JobsSchema.Stages);
        var month = ReportPeriod.Containing(PeriodKind.Month, RoutingWarehouse.Start.ToDateTime(TimeOnly.MinValue)
            .AddMonths(1));
        var card = new Hotline.Jobs.Scorecard.UnitScorecard(ReferenceData.Default)
            .Build(w.Connection, month, month.End);
        Assert.Contains(card.Units, u => u.UnitId.StartsWith("E-", StringComparison.Ordinal));
        Assert.All(card.Units.Where(u => u.UnitId.StartsWith("E-", StringComparison.Ordinal) || u.UnitId == "C-SZX"),
            u => Assert.Null(u.Rank));
        var groups = card.Units.Where(u => u.Rank is not null).GroupBy(u => u.Group).ToList();
        Assert.True(groups.Count >= 3, string.Join(", ", groups.Select(g => g.Key)));
        Assert.All(groups, g => Assert.Equal(Enumerable.Range(1, g.Count()), g.Select(u => u.Rank!.Value)));
        var md = Hotline.Jobs.Render.ScorecardMarkdown.Render(card);
        Assert.Contains("## 县区政府", md);
        Assert.Contains("可能名次", md);
        Assert.Contains("红榜：", md);
        Assert.Contains("黑榜：", md);
        Assert.DoesNotContain("docs/", md);
    }

    [Fact]
    public void Scheduler_catches_up_missed_periods_once()
    {
        var (db, outDir, _) = Prepare();
        using var w = WarehouseDb.Open(db, Hotline.Jobs.JobsSchema.Stages);
        var runner = new JobRunner(w.Connection, ReferenceData.Default);
        var jobs = new[] { ReportJobs.Find("brief-monthly"), ReportJobs.Find("brief-weekly") };
        var scheduler = new JobScheduler(jobs, TimeSpan.FromDays(20));
        // The server was down from mid-March: on 2025-04-09 10:00 the March brief (due 04-01 08:00) and the weekly
        // briefs of the weeks ending 03-23, 03-30 and 04-06 are owed.
        var now = new DateTime(2025, 4, 9, 10, 0, 0);
        var due = scheduler.DueAt(now, runner.Done);
        Assert.Equal(["brief-weekly 2025-W12", "brief-weekly 2025-W13", "brief-monthly 2025-03",
            "brief-weekly 2025-W14"],
            due.Select(d => $"{d.Job.Name} {ReportPeriod.ForCutoff(d.Job.Kind, d.Cutoff).Key}"));
        Assert.All(due, d => Assert.True(d.CatchUp));
        foreach (var d in due) runner.Run(d.Job, d.Cutoff, Path.Combine(outDir, d.Job.Name), JobTrigger.CatchUp);
        Assert.Empty(scheduler.DueAt(now, runner.Done));
        // The next Monday 08:00 brings the next weekly brief, on schedule.
        var next = scheduler.DueAt(new DateTime(2025, 4, 14, 8, 1, 0), runner.Done);
        Assert.Equal("2025-W15", ReportPeriod.ForCutoff(PeriodKind.Week, Assert.Single(next).Cutoff).Key);
        Assert.False(next[0].CatchUp);
    }
}
