using Cronos;

namespace Hotline.Jobs.Scheduling;

/// <summary>
/// Decides which job periods are due: every cron occurrence (Asia/Shanghai) in the catch-up window up to "now" whose
/// period has not been produced. Run on every tick, this is both the schedule and the catch-up after downtime:
/// a server down over the 1st still writes last month's brief when it comes back (trigger 'catch-up').
/// China has no daylight saving, so China wall time is evaluated as a fixed UTC+8 clock: the warehouse's naive
/// local timestamps are passed to Cronos as if UTC, and occurrences come back as wall times.
/// </summary>
public sealed class JobScheduler(IReadOnlyList<JobDefinition> jobs, TimeSpan catchUpWindow)
{
    public sealed record Due(JobDefinition Job, DateTime Occurrence, DateTime Cutoff, bool CatchUp);

    private readonly Dictionary<string, CronExpression> _crons = jobs.ToDictionary(j => j.Name, j =>
        CronExpression.Parse(j.Cron));

    /// <summary>
    /// Occurrences in (now − window, now] not yet done, oldest first; at most one per job period (the latest
    /// occurrence).
    /// </summary>
    public List<Due> DueAt(DateTime now, Func<JobDefinition, DateTime, bool> done, TimeSpan? lateAfter = null)
    {
        var due = new List<Due>();
        foreach (var job in jobs)
        {
            var occurrences = _crons[job.Name].GetOccurrences(
                DateTime.SpecifyKind(now - catchUpWindow, DateTimeKind.Utc),
                    DateTime.SpecifyKind(now, DateTimeKind.Utc), fromInclusive: false, toInclusive: true)
                .Select(o => DateTime.SpecifyKind(o, DateTimeKind.Unspecified));
            foreach (var group in occurrences.GroupBy(o =>
                Periods.ReportPeriod.ForCutoff(job.Kind, job.CutoffAt(o)).Key))
            {
                var o = group.Max();
                var cutoff = job.CutoffAt(o);
                if (!done(job, cutoff)) due.Add(new Due(job, o, cutoff,
                    now - o > (lateAfter ?? TimeSpan.FromMinutes(5))));
            }
        }
        return due.OrderBy(d => d.Occurrence).ThenBy(d => d.Job.Name, StringComparer.Ordinal).ToList();
    }
}
