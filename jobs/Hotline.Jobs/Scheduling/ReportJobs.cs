using System.Text.Encodings.Web;
using Hotline.Jobs.Briefs;
using Hotline.Jobs.Charts;
using Hotline.Jobs.Disclosure;
using Hotline.Jobs.Export;
using Hotline.Jobs.Render;
using Hotline.Jobs.Scorecard;
using Hotline.Jobs.Supervision;

namespace Hotline.Jobs.Scheduling;

/// <summary>
/// A scheduled job: its cron (Asia/Shanghai), the period it reports on, and what it writes. <see cref="CutoffAt"/>
/// turns a schedule occurrence into the data cutoff (briefs run after their period ends and report on it; the digest
/// reports on the moment it runs).
/// </summary>
public sealed record JobDefinition(string Name, string Cron, PeriodKind Kind, string Description, bool CutoffAtMidnight,
    Func<JobContext, string> Run)
{
    public DateTime CutoffAt(DateTime occurrence) => CutoffAtMidnight ? occurrence.Date : occurrence;
}

public sealed record JobContext(DuckDBConnection Connection, ReferenceData Reference, ReportPeriod Period,
    DateTime Cutoff, OutputFolder Out);

/// <summary>The jobs the centre runs, in one list (`hotline jobs list` prints it).</summary>
public static class ReportJobs
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IReadOnlyList<JobDefinition> All { get; } =
    [
        new("brief-weekly", "0 8 * * 1", PeriodKind.Week, "热点周报：上周的指标、类别、话题、区域、久拖问题、展望、治理建议、预警（MD/HTML/JSON + 图）",
            true, Brief),
        new("brief-monthly", "0 8 1 * *", PeriodKind.Month, "热点月报：上月的同上内容，对比上月与去年同期", true, Brief),
        new("digest-daily", "0 7 * * *", PeriodKind.Day, "督办日报：超期、临期、未签收、多次退单、重复来电、多人反映、不满意，附条款；疑似滥用来电人复核名单", false,
            Digest),
        new("scorecard-monthly", "30 8 1 * *", PeriodKind.Month, "承办单位月度考评：六项指标、排名与较上月变化（MD/JSON + 图）", true,
            Scorecard),
        new("disclosure-monthly", "0 9 1 * *", PeriodKind.Month, "月度公开：受理渠道与类型、单位办理情况、典型案例（仅汇总与脱敏）", true, Disclosure),
        new("export-monthly", "0 3 1 * *", PeriodKind.Month, "上月工单事实导出：Parquet 与 Arrow IPC（无个人信息）", true, Export),
        new("routing-watchdog-weekly", "0 6 * * 1", PeriodKind.Week, "派单助手周检：各单位类别与事项上派单员采纳率、退单、改派，较前四周明显下降即预警",
            true, RoutingWatchdogWeek),
        new("unit-drop-daily", "30 0 * * *", PeriodKind.Day, "承办单位每日推送：各单位前一日有变化的本单位工单（不含保密件，文本脱敏），每单位一个 Parquet 文件",
            true, UnitDropDay),
    ];

    public static JobDefinition Find(string name) => All.FirstOrDefault(j => j.Name == name)
        ?? throw new ArgumentException($"unknown job '{name}' (known: {string.Join(", ", All.Select(j => j.Name))})");

    private static string Brief(JobContext c)
    {
        var brief = new BriefBuilder(c.Reference).Build(c.Connection, c.Period, c.Cutoff);
        var name = $"brief-{brief.Kind}-{brief.Period}";
        var charts = BriefCharts.Render(brief);
        foreach (var (file, png) in charts) c.Out.Write(file, png);
        WriteReport(c, name, $"热点{(brief.Kind == "weekly" ? "周报" : "月报")} {brief.Label}", BriefMarkdown.Render(brief),
            charts, brief);
        return $"{brief.Kpis[0].Value:N0} tickets, {brief.Topics.Count} topics, {brief.Alerts.Count} alerts";
    }

    private static string Digest(JobContext c)
    {
        var d = new SupervisionDigest(c.Reference).Build(c.Connection, c.Cutoff);
        WriteReport(c, $"digest-{d.Day}", $"督办日报 {d.Day}", DigestMarkdown.Render(d),
            new Dictionary<string, byte[]>(), d);
        var city = CityProfileStore.Read(c.Connection);
        var issuer = city?.IssuingOffice ?? $"{city?.Name ?? "临沂市"}12345政务服务便民热线中心";
        WriteReport(c, $"duban-{d.Day}", $"督办单 {d.Day}", OrderMarkdown.Render(d, issuer),
            new Dictionary<string, byte[]>(), d.Orders);
        return string.Join(", ", d.Sections.Select(s => $"{s.Key} {s.Total}")) + $", review {d.ReviewCallers.Count}";
    }

    private static string Scorecard(JobContext c)
    {
        var s = new UnitScorecard(c.Reference).Build(c.Connection, c.Period, c.Cutoff);
        var png = ScorecardMarkdown.Chart(s);
        c.Out.Write("scorecard.png", png);
        WriteReport(c, $"scorecard-{s.Period}", $"承办单位考评 {s.Period}", ScorecardMarkdown.Render(s),
            new Dictionary<string, byte[]> { ["scorecard.png"] = png }, s);
        return $"{s.Units.Count(u => u.Rank is not null)} units ranked of {s.Units.Count}";
    }

    private static string Disclosure(JobContext c)
    {
        var d = new MonthlyDisclosure(c.Reference).Build(c.Connection, c.Period, c.Cutoff);
        WriteReport(c, $"disclosure-{d.Month}", $"受理情况公开 {d.Month}", MonthlyDisclosure.Markdown(d),
            new Dictionary<string, byte[]>(), d);
        return $"{d.Total:N0} tickets, {d.Cases.Count} cases";
    }

    /// <summary>
    /// Every report is written the same four ways: Markdown, self-contained HTML (images embedded), Word (for staff to
    /// edit before sending) and JSON of its data.
    /// </summary>
    private static void WriteReport<T>(JobContext c, string name, string title, string markdown,
        IReadOnlyDictionary<string, byte[]> images, T data)
    {
        c.Out.Write(name + ".md", markdown);
        c.Out.Write(name + ".html", HtmlPage.Render(title, markdown, images));
        c.Out.Write(name + ".docx", DocxReport.Render(title, markdown, images));
        c.Out.Write(name + ".json", JsonSerializer.Serialize(data, Json));
    }

    private static string RoutingWatchdogWeek(JobContext c)
    {
        var report = Models.Routing.RoutingWatchdog.Measure(c.Connection, c.Period.Start);
        var raised = Models.Routing.RoutingWatchdog.Raise(c.Connection, report, c.Reference, c.Cutoff);
        WriteReport(c, $"routing-watchdog-{c.Period.Key}", $"派单助手周检 {c.Period.Key}",
            Routing.WatchdogMarkdown.Render(report, c.Reference), new Dictionary<string, byte[]>(), report);
        return $"{report.Cells.Count} cells, {report.Drops.Count} drops, {raised.Count} alerts opened";
    }

    private static string UnitDropDay(JobContext c)
    {
        var to = c.Cutoff < c.Period.End ? c.Cutoff : c.Period.End;
        var m = Sharing.UnitDrop.Write(c.Connection, c.Period.Start, to, c.Out, c.Period.Key);
        return $"{m.Units.Values.Sum():N0} rows for {m.Units.Count} units";
    }

    private static string Export(JobContext c)
    {
        c.Out.File($"tickets-{c.Period.Key}.parquet"); // registers and validates both names before DuckDB writes them
        c.Out.File($"tickets-{c.Period.Key}.arrow");
        var (_, _, rows) = PeriodExport.Write(c.Connection, c.Period, c.Cutoff, c.Out.Path);
        return $"{rows:N0} rows";
    }
}
