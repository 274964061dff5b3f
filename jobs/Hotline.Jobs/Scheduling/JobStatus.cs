using System.Text.Json.Serialization;

namespace Hotline.Jobs.Scheduling;

/// <summary>A job run's state in job_runs: a run that dies half way stays Running and is redone by the next catch-up.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobStatus>))]
public enum JobStatus
{
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("succeeded")] Succeeded,
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>Why a job ran: its cron, a period missed while the server was down, or by hand (`hotline jobs run`).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobTrigger>))]
public enum JobTrigger
{
    [JsonStringEnumMemberName("schedule")] Schedule,
    [JsonStringEnumMemberName("catch-up")] CatchUp,
    [JsonStringEnumMemberName("manual")] Manual,
}
