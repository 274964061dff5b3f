using System.Text.Json.Serialization;

namespace Hotline.Jobs.Scheduling;

/// <summary>
/// Why a job ran: its cron, a period missed while the server was down, or by hand (`hotline jobs run`).
/// </summary>
[JsonConverter(typeof(KebabCaseEnum<JobTrigger>))]
public enum JobTrigger { Schedule, CatchUp, Manual }
