namespace Hotline.Jobs.Scheduling;

public sealed record JobRun(string Job, string Period, DateTime AsOf, JobStatus Status, DateTime StartedAt,
    DateTime? FinishedAt, JobTrigger Trigger,
    string? OutDir, IReadOnlyList<string> Files, string? Detail);

/// <summary>
/// Runs a job for one period and records it in job_runs. Idempotent per period: a period already produced with a
/// cutoff at least as late is skipped (unless forced); a re-run replaces its files and its row. A run that dies half
/// way stays 'running' and is redone by the next catch-up.
/// </summary>
public sealed class JobRunner(DuckDBConnection conn, ReferenceData reference, ChinaClock? clock = null)
{
    private readonly ChinaClock _clock = clock ?? ChinaClock.System;

    public JobRun? Last(string job, string period) => Sql.Rows(conn, """
        SELECT job, period, as_of, status, started_at, finished_at, trigger, out_dir, files,
            detail FROM job_runs WHERE job = $j AND period = $p
        """, Map, ("j", job), ("p", period)).FirstOrDefault();

    public List<JobRun> History(int limit = 50) => Sql.Rows(conn,
        "SELECT job, period, as_of, status, started_at, finished_at, trigger, out_dir, files, "
            + "detail FROM job_runs ORDER BY started_at DESC, job LIMIT $n",
        Map, ("n", limit));

    public bool Done(JobDefinition job, DateTime cutoff) =>
        Last(job.Name, ReportPeriod.ForCutoff(job.Kind, cutoff).Key) is { Status: JobStatus.Succeeded } r
            && r.AsOf >= Effective(job, cutoff);

    public JobRun Run(JobDefinition job, DateTime cutoff, string outDir, JobTrigger trigger, bool force = false)
    {
        var period = ReportPeriod.ForCutoff(job.Kind, cutoff);
        cutoff = Effective(job, cutoff);
        if (!force && Last(job.Name, period.Key) is { Status: JobStatus.Succeeded } done
            && done.AsOf >= cutoff) return done;
        var folder = new OutputFolder(outDir);
        var started = _clock.Now;
        Upsert(new JobRun(job.Name, period.Key, cutoff, JobStatus.Running, started, null, trigger, folder.Path, [],
            null));
        try
        {
            var detail = job.Run(new JobContext(conn, reference, period, cutoff, folder));
            var run = new JobRun(job.Name, period.Key, cutoff, JobStatus.Succeeded, started, _clock.Now, trigger,
                folder.Path, folder.Written.Select(Path.GetFileName).OfType<string>().ToList(), detail);
            Upsert(run);
            return run;
        }
        catch (Exception ex)
        {
            Upsert(new JobRun(job.Name, period.Key, cutoff, JobStatus.Failed, started, _clock.Now, trigger,
                folder.Path, [], $"{ex.GetType().Name}: {ex.Message}"));
            throw;
        }
    }

    /// <summary>A brief's cutoff never passes its period's end (later data belongs to the next period).</summary>
    private static DateTime Effective(JobDefinition job, DateTime cutoff)
    {
        var p = ReportPeriod.ForCutoff(job.Kind, cutoff);
        return job.Kind == PeriodKind.Day || cutoff <= p.End ? cutoff : p.End;
    }

    private void Upsert(JobRun r) => Sql.Execute(conn, """
        INSERT OR REPLACE INTO job_runs (job, period, as_of, status, started_at, finished_at, trigger, out_dir, files,
            detail)
        VALUES ($job, $period, $as_of, $status, $started, $finished, $trigger, $out, $files, $detail)
        """, ("job", r.Job), ("period", r.Period), ("as_of", r.AsOf), ("status", r.Status.Code()),
            ("started", r.StartedAt), ("finished", r.FinishedAt),
        ("trigger", r.Trigger.Code()), ("out", r.OutDir), ("files", r.Files.ToList()), ("detail", r.Detail));

    private static JobRun Map(DuckDB.NET.Data.DuckDBDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetDateTime(2),
        Codes.Parse<JobStatus>(r.GetString(3)), r.GetDateTime(4), r.Time(5), Codes.Parse<JobTrigger>(r.GetString(6)),
            r.Str(7),
        r.Strings(8), r.Str(9));
}
