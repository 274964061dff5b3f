using System.Text.Json.Serialization;

namespace Hotline.Jobs.Scheduling;

/// <summary>
/// A job run's state in job_runs: a run that dies half way stays Running and is redone by the next catch-up.
/// </summary>
[JsonConverter(typeof(SnakeCaseEnum<JobStatus>))]
public enum JobStatus { Running, Succeeded, Failed }
